"""Writers for the relation table: ``OUTDIR/relations.csv`` and ``OUTDIR/events.csv``.

    with RelationsWriter(outdir, excel=False, xlsx=False) as writer:
        for doc_id, doc in docs:
            writer.write(doc_id, doc)

``RelationsWriter(outdir: str | Path, *, excel: bool = False, xlsx: bool = False)``
opens both files once and takes one (doc_id, Doc) at a time, so a corpus of
any size streams through. Rows come from ``pipeline.table`` (which reads
``doc._.events`` only). ``excel=False`` writes plain UTF-8 (for pandas);
``excel=True`` writes UTF-8 with a BOM so Excel opens the Chinese text
correctly; ``xlsx=True`` also writes ``relations.xlsx`` with two sheets
(relations, events) through xlsxwriter (in constant memory mode).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Tuple, Union

from spacy.tokens import Doc

from ..table import EVENT_COLUMNS, RELATION_COLUMNS, event_rows, rows

RELATIONS_FILE = "relations.csv"
EVENTS_FILE = "events.csv"
XLSX_FILE = "relations.xlsx"


class RelationsWriter:
    """Streams relation and event rows of Docs to CSV (and optionally XLSX) files."""

    def __init__(self, outdir: Union[str, Path], *, excel: bool = False, xlsx: bool = False):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        encoding = "utf-8-sig" if excel else "utf-8"
        self._files = [
            open(self.outdir / RELATIONS_FILE, "w", encoding=encoding, newline=""),
            open(self.outdir / EVENTS_FILE, "w", encoding=encoding, newline=""),
        ]
        self._relations = csv.DictWriter(self._files[0], fieldnames=list(RELATION_COLUMNS))
        self._events = csv.DictWriter(self._files[1], fieldnames=list(EVENT_COLUMNS))
        self._relations.writeheader()
        self._events.writeheader()
        self._book = None
        self._sheets: Dict[str, Any] = {}
        self._next_row = {"relations": 1, "events": 1}
        if xlsx:
            import xlsxwriter

            self._book = xlsxwriter.Workbook(str(self.outdir / XLSX_FILE), {"constant_memory": True})
            for name, columns in (("relations", RELATION_COLUMNS), ("events", EVENT_COLUMNS)):
                sheet = self._book.add_worksheet(name)
                sheet.write_row(0, 0, list(columns))
                self._sheets[name] = sheet
        self.n_docs = self.n_events = self.n_relations = 0

    def write(self, doc_id: Optional[str], doc: Doc) -> None:
        relation_rows = rows(doc, doc_id)
        ev_rows = event_rows(doc, doc_id)
        self._relations.writerows(relation_rows)
        self._events.writerows(ev_rows)
        if self._book is not None:
            self._write_sheet("relations", RELATION_COLUMNS, relation_rows)
            self._write_sheet("events", EVENT_COLUMNS, ev_rows)
        self.n_docs += 1
        self.n_events += len(ev_rows)
        self.n_relations += len(relation_rows)

    def write_all(self, docs: Iterable[Tuple[Optional[str], Doc]]) -> None:
        for doc_id, doc in docs:
            self.write(doc_id, doc)

    def _write_sheet(self, name, columns, data) -> None:
        sheet = self._sheets[name]
        for row in data:
            values = ["" if row[c] is None else row[c] for c in columns]
            sheet.write_row(self._next_row[name], 0, values)
            self._next_row[name] += 1

    def close(self) -> None:
        for f in self._files:
            if not f.closed:
                f.close()
        if self._book is not None:
            self._book.close()
            self._book = None

    def __enter__(self) -> "RelationsWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
