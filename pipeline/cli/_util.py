"""The one typer app every command registers on (as in spacy/cli/_util.py)."""

import typer

app = typer.Typer(
    name="cppcc-ie",
    help="Information extraction from Chinese official texts: annotate, evaluate, train, bench.",
    no_args_is_help=True,
    add_completion=False,
)
