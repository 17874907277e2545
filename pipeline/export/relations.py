"""Writers for the relation table: ``OUTDIR/relations.csv`` and ``OUTDIR/events.csv``.

    with RelationsWriter(outdir, excel=False, xlsx=False) as writer:
        for doc_id, doc in docs:
            writer.write(doc_id, doc)

``RelationsWriter(outdir: str | Path, *, excel: bool = False, xlsx: bool = False, append: bool = False)``
opens both files once and takes one (doc_id, Doc) at a time, so a corpus of
any size streams through; rows are flushed per document. Rows come from
``pipeline.table`` (which reads ``doc._.events`` only). ``excel=False`` writes
plain UTF-8 (for pandas); ``excel=True`` writes UTF-8 with a BOM so Excel
opens the Chinese text correctly; ``xlsx=True`` also writes ``relations.xlsx``
with two sheets (relations, events), built from the CSV files on ``close``
(in xlsxwriter's constant memory mode), so an appended (resumed) run gets a
complete workbook.

Cells are data, never formulas (OWASP "CSV injection"): a CSV text cell that
starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` and
text cells are quoted; the workbook stores every text cell as a string (no
formulas, no hyperlinks) with its original value.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from spacy.tokens import Doc

from ..table import EVENT_COLUMNS, RELATION_COLUMNS, event_rows, rows

RELATIONS_FILE = "relations.csv"
EVENTS_FILE = "events.csv"
XLSX_FILE = "relations.xlsx"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = {"trigger_start", "trigger_end", "argument_start", "argument_end", "confidence"}


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """The original text of a cell ``safe_cell`` wrote."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class RelationsWriter:
    """Streams relation and event rows of Docs to CSV (and optionally XLSX) files."""

    def __init__(self, outdir: Union[str, Path], *, excel: bool = False, xlsx: bool = False, append: bool = False):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.encoding = "utf-8-sig" if excel else "utf-8"
        self._files = []
        writers = []
        for name, columns in ((RELATIONS_FILE, RELATION_COLUMNS), (EVENTS_FILE, EVENT_COLUMNS)):
            path = self.outdir / name
            cont = append and path.exists() and path.stat().st_size > 0
            f = open(path, "a" if cont else "w", encoding="utf-8" if cont else self.encoding, newline="")
            w = csv.DictWriter(f, fieldnames=list(columns), quoting=csv.QUOTE_NONNUMERIC)
            if not cont:
                w.writeheader()
            self._files.append(f)
            writers.append(w)
        self._relations, self._events = writers
        self.xlsx = xlsx
        self.n_docs = self.n_events = self.n_relations = 0

    def render(self, doc_id: Optional[str], doc: Doc, **extra) -> Tuple[List[Dict], List[Dict]]:
        relation_rows = [{k: safe_cell(v) for k, v in r.items()} for r in rows(doc, doc_id)]
        ev_rows = [{k: safe_cell(v) for k, v in r.items()} for r in event_rows(doc, doc_id)]
        for r in relation_rows + ev_rows:  # fail here, before writing, on what cannot be written
            for v in r.values():
                if isinstance(v, str):
                    v.encode("utf-8")
        return relation_rows, ev_rows

    def commit(self, rendered: Tuple[List[Dict], List[Dict]]) -> None:
        relation_rows, ev_rows = rendered
        self._relations.writerows(relation_rows)
        self._events.writerows(ev_rows)
        for f in self._files:
            f.flush()
        self.n_docs += 1
        self.n_events += len(ev_rows)
        self.n_relations += len(relation_rows)

    def write(self, doc_id: Optional[str], doc: Doc, **extra) -> None:
        self.commit(self.render(doc_id, doc))

    def write_all(self, docs: Iterable[Tuple[Optional[str], Doc]]) -> None:
        for doc_id, doc in docs:
            self.write(doc_id, doc)

    def _write_xlsx(self) -> None:
        import xlsxwriter

        options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False}
        book = xlsxwriter.Workbook(str(self.outdir / XLSX_FILE), options)
        try:
            for name, file in (("relations", RELATIONS_FILE), ("events", EVENTS_FILE)):
                sheet = book.add_worksheet(name)
                with open(self.outdir / file, encoding="utf-8-sig", newline="") as f:
                    reader = csv.reader(f)
                    header = next(reader, [])
                    numeric = [c in NUMERIC_COLUMNS for c in header]
                    sheet.write_row(0, 0, header)
                    for i, row in enumerate(reader, 1):
                        for j, value in enumerate(row):
                            if j < len(numeric) and numeric[j] and value:
                                try:
                                    sheet.write_number(i, j, float(value) if "." in value else int(value))
                                    continue
                                except ValueError:
                                    pass
                            sheet.write_string(i, j, unsafe_cell(value))
        finally:
            book.close()

    def close(self) -> None:
        opened = any(not f.closed for f in self._files)
        for f in self._files:
            if not f.closed:
                f.close()
        if self.xlsx and opened:
            self._write_xlsx()

    def __enter__(self) -> "RelationsWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
