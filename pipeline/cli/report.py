"""``report``: a static HTML report of an annotate output folder (index + one page per document)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from ._util import app


@app.command("report")
def report_cli(
    out: Path = typer.Argument(..., help="An annotate output folder (with annotations.jsonl) or the JSONL file itself"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Report folder (default: OUT/report)"),
):
    """Write OUT/report/index.html and a page per document: entities highlighted, events linked, filters."""
    from ..report import write_report

    try:
        index = write_report(out, output)
    except FileNotFoundError as err:
        msg.fail(str(err), exits=2)
    msg.good(f"Wrote {index}")
