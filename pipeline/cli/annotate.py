"""``annotate``: raw texts in, annotations.jsonl (+ CoNLL, relation tables) out."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List, Optional

import typer
from tqdm import tqdm
from wasabi import msg

from ..annotate import Summary, annotate_stream
from ..io import ENCODINGS, ReadError, iter_inputs
from ._util import app

FORMATS = ("jsonl", "conll", "relations")


@app.command("annotate")
def annotate_cli(
    inputs: List[Path] = typer.Argument(..., help=".txt files, folders (recursive) or .jsonl files with id and text"),
    output: Path = typer.Option(..., "--output", "-o", help="Output folder"),
    formats: str = typer.Option("jsonl", "--format", "-f", help="Comma-separated: jsonl, conll, relations"),
    conll_level: str = typer.Option("token", "--conll-level", help="CoNLL rows: token or char"),
    n_process: int = typer.Option(1, "--n-process", "-n", help="Worker processes"),
    encoding: str = typer.Option("auto", "--encoding", "-e", help=f"One of {', '.join(ENCODINGS)}"),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Pipeline folder or .cfg (default: the committed model)"),
    excel: bool = typer.Option(False, "--excel", help="Relation tables as spreadsheet-safe UTF-8 with BOM, plus .xlsx"),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask (pip install cppcc-ie[dask])"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a LocalCluster of --n-process workers)"),
):
    """Annotate documents: one record per input in annotations.jsonl, or one line in errors.jsonl."""
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        msg.fail(f"Unknown format(s): {', '.join(unknown)} (choose from {', '.join(FORMATS)})", exits=2)
    if conll_level not in ("token", "char"):
        msg.fail(f"--conll-level must be token or char, not {conll_level}", exits=2)
    if encoding not in ENCODINGS:
        msg.fail(f"Unknown encoding {encoding} (choose from {', '.join(ENCODINGS)})", exits=2)
    if engine not in ("local", "dask"):
        msg.fail(f"--engine must be local or dask, not {engine}", exits=2)
    start = time.perf_counter()
    summary = annotate(inputs, output, formats=wanted, conll_level=conll_level, n_process=n_process,
                       encoding=encoding, model=model, excel=excel, progress=True, engine=engine,
                       scheduler=scheduler)
    seconds = time.perf_counter() - start
    msg.info(f"{summary.docs} documents, {summary.chars} characters in {seconds:.1f}s "
             f"({summary.chars / max(seconds, 1e-9):,.0f} chars/s)")
    if summary.entities:
        msg.table(sorted(summary.entities.items()), header=("entity", "count"))
    if summary.events:
        msg.table(sorted(summary.events.items()), header=("event", "count"))
    if summary.errors:
        msg.fail(f"{summary.errors} input(s) failed: see {output / 'errors.jsonl'}", exits=1)
    msg.good(f"Wrote {output}")


def annotate(
    inputs: List[Path],
    output: Path,
    *,
    formats=("jsonl",),
    conll_level: str = "token",
    n_process: int = 1,
    encoding: str = "auto",
    model=None,
    excel: bool = False,
    progress: bool = False,
    nlp=None,
    engine: str = "local",
    scheduler: Optional[str] = None,
) -> Summary:
    """Annotate inputs into ``output``; returns counts. Errors go to errors.jsonl."""
    from ..export.jsonl import JsonlWriter
    from ..loading import load_pipeline

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    nlp = nlp or load_pipeline(model)
    writers = [JsonlWriter(output / "annotations.jsonl")]
    if "conll" in formats:
        from ..export.conll import ConllWriter

        writers.append(ConllWriter(output / "annotations.conll", level=conll_level))
    if "relations" in formats:
        from ..export.relations import RelationsWriter

        writers.append(RelationsWriter(output, excel=excel, xlsx=excel))
    errors_path = output / "errors.jsonl"
    errors_file = errors_path.open("w", encoding="utf-8")
    bar = tqdm(desc="annotate", unit="doc", disable=None if progress else True)

    def on_doc(item, doc):
        for w in writers:
            w.write(item.id, doc)
        bar.update(1)

    def on_error(err: ReadError):
        errors_file.write(json.dumps(err.to_dict(), ensure_ascii=False) + "\n")
        errors_file.flush()
        msg.warn(f"{err.source}: {err.error}")
        bar.update(1)

    try:
        items = iter_inputs(inputs, encoding, exclude=[output])
        if engine == "dask":
            from ..engines.dask import process as dask_process

            summary = Summary()
            for item, doc in dask_process(items, nlp=nlp, model=model, n_process=n_process, scheduler=scheduler):
                if doc is None:
                    summary.errors += 1
                    on_error(item)
                else:
                    summary.add(doc)
                    on_doc(item, doc)
        else:
            summary = annotate_stream(nlp, items, on_doc, on_error, n_process=n_process)
    finally:
        bar.close()
        errors_file.close()
        for w in writers:
            w.close()
    return summary
