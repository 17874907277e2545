"""Annotation tools round trip: the contract's JSONL to Label Studio / doccano tasks and back.

    write_tasks(records, outdir, formats=("labelstudio", "doccano"))   export
    read_tasks(path, fmt="auto") -> (records, errors)                    import

The mapping (entities, triggers labelled with their event type, arguments as
relations labelled with their role, ``ARG`` regions) is in ``common.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from . import doccano, labelstudio
from .common import TaskError, contract_view

FORMATS = ("labelstudio", "doccano")
LABELSTUDIO_TASKS = "labelstudio_tasks.json"
LABELSTUDIO_CONFIG = "labelstudio_config.xml"
DOCCANO_FILE = "doccano.jsonl"

__all__ = ["FORMATS", "TaskError", "contract_view", "read_tasks", "write_tasks"]


def write_tasks(records: Iterable[Dict[str, Any]], outdir, *, formats: Sequence[str] = FORMATS,
                as_annotation: bool = False) -> List[Path]:
    """Write the tasks of ``records`` to ``outdir``; returns the files written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    records = list(records)
    written = []
    if "labelstudio" in formats:
        tasks = labelstudio.records_to_tasks(records, as_annotation=as_annotation)
        path = outdir / LABELSTUDIO_TASKS
        path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (outdir / LABELSTUDIO_CONFIG).write_text(labelstudio.label_config(), encoding="utf-8")
        written += [path, outdir / LABELSTUDIO_CONFIG]
    if "doccano" in formats:
        path = outdir / DOCCANO_FILE
        with path.open("w", encoding="utf-8") as f:
            for line in doccano.records_to_lines(records):
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def _parse(path: Path) -> Tuple[str, Any]:
    """('json', value) for a JSON document, ('jsonl', [values]) for JSON lines."""
    raw = path.read_text(encoding="utf-8-sig")
    try:
        return "json", json.loads(raw)
    except json.JSONDecodeError:
        pass
    lines = []
    for n, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise TaskError(f"{path} line {n}", [f"not JSON: {err.msg} at column {err.colno}"]) from None
    return "jsonl", lines


def detect_format(value: Any) -> str:
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, dict) and "data" in first:
        return "labelstudio"
    if isinstance(first, dict) and "text" in first:
        return "doccano"
    raise TaskError("export", ["neither a Label Studio export (tasks with 'data') nor doccano JSONL (lines with 'text')"])


def read_tasks(path, *, fmt: str = "auto", accept_predictions: bool = False) -> Tuple[List[dict], List[TaskError]]:
    """Records and errors (one TaskError per broken task) of a corrected export."""
    path = Path(path)
    kind, value = _parse(path)
    if fmt == "auto":
        fmt = detect_format(value)
    if fmt == "labelstudio":
        if kind == "jsonl":
            value = list(value)
        return labelstudio.read_export(value, accept_predictions=accept_predictions)
    if fmt == "doccano":
        return doccano.read_export(value if kind == "jsonl" else (value if isinstance(value, list) else [value]))
    raise ValueError(f"unknown task format {fmt!r} (choose from auto, {', '.join(FORMATS)})")
