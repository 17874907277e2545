"""``annotate``: raw texts in, annotations.jsonl (+ CoNLL, relation tables) out.

Exit codes: 0 all inputs annotated, 1 some inputs failed (see errors.jsonl),
2 bad options, 3 a bad output folder (not writable, or holding an input).
"""

from __future__ import annotations

import csv
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Set, TextIO

import typer
from wasabi import msg

from ..annotate import Summary, annotate_stream
from ..export.relations import NUMERIC_COLUMNS
from ..io import ENCODINGS, Document, ReadError, count_inputs, display, iter_inputs, safe_id
from ._util import app

FORMATS = ("jsonl", "conll", "relations")
RECORDS, ERRORS, CONLL = "annotations.jsonl", "errors.jsonl", "annotations.conll"
# Every file a run may write, by format: a rerun removes those of formats it no longer writes.
OUTPUT_FILES: Dict[str, tuple] = {
    "jsonl": (RECORDS, ERRORS),
    "conll": (CONLL,),
    "relations": ("relations.csv", "events.csv"),
    "xlsx": ("relations.xlsx",),
}
EXIT_OUTPUT = 3


class OutputError(Exception):
    """The output folder cannot be used (exit code 3)."""


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
    html: bool = typer.Option(False, "--html", help="Also write an HTML report to OUTDIR/report/ (as the report command)"),
    timeout: float = typer.Option(600.0, "--timeout", help="Seconds one document may take (0: no limit)"),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run in the same output folder"),
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
    try:
        summary = annotate(inputs, output, formats=wanted, conll_level=conll_level, n_process=n_process,
                           encoding=encoding, model=model, excel=excel, progress=True,
                           timeout=timeout or None, resume=resume, engine=engine,
                           **({"scheduler": scheduler} if engine == "dask" else {}))
    except OutputError as e:
        msg.fail(str(e), exits=EXIT_OUTPUT)
    seconds = time.perf_counter() - start
    msg.info(f"{summary.docs} documents, {summary.chars} characters in {seconds:.1f}s "
             f"({summary.chars / max(seconds, 1e-9):,.0f} chars/s)")
    if summary.resumed:
        msg.info(f"{summary.resumed} input(s) were done by the interrupted run and kept")
    if summary.entities:
        msg.table(sorted(summary.entities.items()), header=("entity", "count"))
    if summary.events:
        msg.table(sorted(summary.events.items()), header=("event", "count"))
    if html:
        from ..report import write_report

        msg.good(f"Wrote {write_report(output)}")
    if summary.errors:
        msg.fail(f"{summary.errors} input(s) failed: see {output / ERRORS}", exits=1)
    msg.good(f"Wrote {output}")


def check_output(output: Path, inputs: List[Path]) -> None:
    """Refuse an output folder that holds an input or cannot be written, before any model is loaded."""
    out = Path(output).resolve()
    for p in inputs:
        r = Path(p).resolve()
        if r == out or r.is_relative_to(out):
            raise OutputError(f"input {display(p)} is inside the output folder {display(output)}: "
                              "the run would overwrite its own input; choose another output folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
        probe = output / f".write-test-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise OutputError(f"output folder {display(output)} is not writable: {e.strerror or e}") from None


def _complete_lines(path: Path) -> List[dict]:
    """The complete JSON lines of a file a killed run left; a torn last line is cut off."""
    if not path.exists():
        return []
    data = path.read_bytes()
    keep = data[: data.rfind(b"\n") + 1]
    records = []
    for line in keep.split(b"\n"):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    if len(keep) != len(data):
        with path.open("r+b") as f:
            f.truncate(len(keep))
    return records


def _trim_csv(path: Path, done: Set[str]) -> None:
    """Keep the rows of finished documents only (a killed run may leave a part)."""
    if not path.exists():
        return
    with path.open("rb") as f:
        bom = f.read(3) == b"\xef\xbb\xbf"
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return
        kept = [r for r in reader if len(r) == len(header) and r[0] in done]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(header)
        for r in kept:
            w.writerow([_number(v) if header[i] in NUMERIC_COLUMNS else v for i, v in enumerate(r)])


def _number(value: str):
    if not value:
        return None
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value


def _trim_conll(path: Path, n_docs: int) -> None:
    """Keep the first ``n_docs`` documents (those with a record; records are written last)."""
    from ..export.conll import DOC_DELIMITER

    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    head, *blocks = text.split(DOC_DELIMITER + "\n")
    keep = head + "".join(DOC_DELIMITER + "\n" + b for b in blocks[:n_docs])
    if keep != text:
        path.write_text(keep, encoding="utf-8")


def _recover(output: Path, files: List[str]) -> Set[str]:
    """Ids an interrupted run finished (a record or an error); its files cut back to exactly those."""
    records = _complete_lines(output / RECORDS)
    errors = _complete_lines(output / ERRORS)
    done_records = [str(r.get("id")) for r in records]
    missing = [f for f in files if f not in (RECORDS, ERRORS) and not (output / f).exists()]
    if records and missing:
        raise OutputError(f"cannot resume: {', '.join(missing)} missing in {display(output)} "
                          "(run without --resume, or with the formats of the interrupted run)")
    for name in ("relations.csv", "events.csv"):
        if name in files:
            _trim_csv(output / name, set(done_records))
    if CONLL in files:
        _trim_conll(output / CONLL, len(done_records))
    return set(done_records) | {str(e.get("id")) for e in errors}


class Progress:
    """A progress display with a total, a rate and the time left: a tqdm bar on a
    terminal, a plain line every ``every`` seconds when output goes to a log."""

    def __init__(self, total: Optional[int], enabled: bool = True, stream: Optional[TextIO] = None, every: float = 30.0):
        self.total, self.enabled, self.every = total, enabled, every
        self.stream = stream or sys.stderr
        self.n = 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="annotate", unit="doc", file=self.stream)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.n / elapsed
        out = f"annotate: {self.n}" + (f"/{self.total} documents ({self.n / max(self.total, 1):.0%})" if self.total else " documents")
        out += f", {rate:.2f} docs/s, {elapsed:.0f}s elapsed"
        if self.total and rate > 0:
            left = max(self.total - self.n, 0) / rate
            out += f", about {left // 3600:.0f}:{left % 3600 // 60:02.0f}:{left % 60:02.0f} left"
        return out

    def update(self, n: int = 1) -> None:
        self.n += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.n:
            print(self.line(), file=self.stream, flush=True)


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
    timeout: Optional[float] = None,
    resume: bool = False,
    engine: str = "local",
    **engine_options,
) -> Summary:
    """Annotate inputs into ``output``; returns counts. Errors go to errors.jsonl.

    Raises ``OutputError`` before loading anything if ``output`` cannot be used."""
    from ..export.jsonl import JsonlWriter, dumps
    from ..loading import load_pipeline

    output = Path(output)
    check_output(output, inputs)
    kinds = ["jsonl"] + [f for f in formats if f != "jsonl"] + (["xlsx"] if excel and "relations" in formats else [])
    files = [f for k in kinds for f in OUTPUT_FILES[k]]
    done: Set[str] = _recover(output, files) if resume else set()
    for names in OUTPUT_FILES.values():  # outputs of formats this run does not write are stale
        for name in names:
            if name not in files and (output / name).exists():
                (output / name).unlink()
    nlp = nlp or load_pipeline(model)
    writers = []
    if "conll" in formats:
        from ..export.conll import ConllWriter

        writers.append(ConllWriter(output / CONLL, level=conll_level, append=resume))
    if "relations" in formats:
        from ..export.relations import RelationsWriter

        writers.append(RelationsWriter(output, excel=excel, xlsx=excel, append=resume))
    records = JsonlWriter(output / RECORDS, append=resume)  # last: a record marks a document done
    errors_file = (output / ERRORS).open("a" if resume else "w", encoding="utf-8")
    resumed = 0
    total = count_inputs(inputs, exclude=[output]) if progress else None
    bar = Progress(total - len(done) if total is not None else None, enabled=progress)

    def pending():
        nonlocal resumed
        for item in iter_inputs(inputs, encoding, exclude=[output]):
            if item.id in done:
                resumed += 1
                continue
            yield item

    def on_doc(item: Document, doc):
        extra = {"source": item.source, "encoding": item.encoding}
        rendered = [w.render(item.id, doc, **extra) for w in writers]
        line = records.render(item.id, doc, **extra)
        for w, r in zip(writers, rendered):
            w.commit(r)
        records.commit(line)
        bar.update(1)

    def on_error(err: ReadError):
        errors_file.write(dumps({k: safe_id(str(v)) for k, v in err.to_dict().items()}))
        errors_file.flush()
        msg.warn(f"{err.source}: {err.error}")
        bar.update(1)

    try:
        if engine == "dask":  # the workers load the model themselves
            engine_options.setdefault("model", model)
        summary = annotate_stream(nlp, pending(), on_doc, on_error, n_process=n_process, timeout=timeout,
                                  engine=engine, **engine_options)
    finally:
        bar.close()
        errors_file.close()
        records.close()
        for w in writers:
            w.close()
    summary.resumed = resumed
    return summary


__all__ = ["annotate", "annotate_cli", "check_output", "OutputError", "Progress"]
