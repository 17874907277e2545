"""The one typer app every command registers on (as in spacy/cli/_util.py)."""

import os
import sys

import typer
from wasabi import msg

app = typer.Typer(
    name="cppcc-ie",
    help="Information extraction from Chinese official texts: annotate, evaluate, train, bench.",
    no_args_is_help=True,
    add_completion=False,
)


def plain_output_if_not_tty(stream=None) -> bool:
    """No ANSI colour codes when the output is a file or a pipe (logs, CI); returns True if switched off.

    wasabi decides on colours from the platform only, so a redirected log
    would be full of escape codes. ``ANSI_COLORS_DISABLED`` (wasabi's own
    switch) also reaches tables and spaCy's training log."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return False
    os.environ["ANSI_COLORS_DISABLED"] = "1"
    msg.show_color = False
    return True


@app.callback()
def main() -> None:
    plain_output_if_not_tty()
