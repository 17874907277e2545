"""``export-tasks`` and ``import-tasks``: correct annotations in Label Studio or doccano, then train on them."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from wasabi import msg

from ..tasks import FORMATS, TaskError, read_tasks, write_tasks
from ._util import app


def _read_records(path: Path):
    records = []
    with path.open(encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                msg.fail(f"{path} line {n}: not JSON ({err.msg})", exits=2)
            if not isinstance(record, dict) or not {"id", "text"} <= set(record):
                msg.fail(f"{path} line {n}: a record needs 'id' and 'text'", exits=2)
            records.append(record)
    return records


@app.command("export-tasks")
def export_tasks_cli(
    records_path: Path = typer.Argument(..., help="Records in the contract's JSONL (annotations.jsonl or gold)", exists=True, dir_okay=False),
    output: Path = typer.Option(..., "--output", "-o", help="Output folder"),
    formats: str = typer.Option(",".join(FORMATS), "--format", "-f", help="Comma-separated: labelstudio, doccano"),
    as_annotations: bool = typer.Option(False, "--as-annotations", help="Label Studio: write annotations, not predictions (for gold)"),
):
    """Write Label Studio tasks (with pre-annotations and a labelling config) and doccano JSONL."""
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        msg.fail(f"Unknown format(s): {', '.join(unknown) or '(none)'} (choose from {', '.join(FORMATS)})", exits=2)
    records = _read_records(records_path)
    for path in write_tasks(records, output, formats=wanted, as_annotation=as_annotations):
        msg.good(f"Wrote {path}")
    msg.info(f"{len(records)} documents")


@app.command("import-tasks")
def import_tasks_cli(
    export_path: Path = typer.Argument(..., help="Label Studio JSON export or doccano JSONL export", exists=True, dir_okay=False),
    output: Path = typer.Option(..., "--output", "-o", help="Records in the contract's JSONL (for train --gold, evaluate)"),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, labelstudio or doccano"),
    accept_predictions: bool = typer.Option(False, "--accept-predictions", help="Label Studio: a task without annotation keeps its pre-annotations"),
):
    """Read a corrected export back into the contract's JSONL; broken tasks are reported, not guessed."""
    if fmt not in ("auto", *FORMATS):
        msg.fail(f"--format must be auto, {', '.join(FORMATS)}; not {fmt}", exits=2)
    try:
        records, errors = read_tasks(export_path, fmt=fmt, accept_predictions=accept_predictions)
    except TaskError as err:
        msg.fail(f"{export_path}: {err}", exits=2)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    ids = [r["id"] for r in records]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        msg.warn(f"Repeated doc_id(s): {', '.join(dup)}; evaluate keeps the last of each")
    msg.good(f"Wrote {len(records)} records to {output}")
    if errors:
        for err in errors:
            msg.fail(str(err))
        msg.fail(f"{len(errors)} task(s) could not be read; fix them in the tool and export again", exits=1)
