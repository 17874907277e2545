"""Docs to records in the contract's schema (ANNOTATION.md §4), one JSON line each.

The record reads what the components put on the Doc: entities from
``doc.ents`` (offsets from the first to the last kept character, ``norm``
from the taggers), events from ``doc._.events``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Dict, Optional

from spacy.tokens import Doc

from .._extensions import original_text


def doc_to_record(doc_id: str, doc: Doc, **extra: Any) -> Dict[str, Any]:
    """The contract's record; ``extra`` fields (``source``, ``encoding``) are added after it."""
    text = original_text(doc)
    entities = []
    for ent in doc.ents:
        start, end = ent._.offsets
        item: Dict[str, Any] = {"start": start, "end": end, "label": ent.label_, "text": text[start:end]}
        norm = ent._.norm
        if norm is not None:
            item["norm"] = norm
        entities.append(item)
    return {"id": doc_id, "text": text, "entities": entities, "events": list(doc._.events or []), **extra}


def dumps(record: Dict[str, Any]) -> str:
    """One JSON line; raises (before anything is written) if the record cannot be UTF-8 JSON."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    line.encode("utf-8")  # an unpaired surrogate fails here, not half-way through a write
    return line


class JsonlWriter:
    """Streams records to a file: each is written and flushed as it comes.

    ``render`` builds a document's line (and fails, if it must, before anything
    is written); ``commit`` writes it. ``append=True`` continues a file."""

    def __init__(self, path: Path, append: bool = False):
        self.path = Path(path)
        self._file: Optional[IO[str]] = self.path.open("a" if append else "w", encoding="utf-8")

    def render(self, doc_id: str, doc: Doc, **extra: Any) -> str:
        return dumps(doc_to_record(doc_id, doc, **extra))

    def commit(self, line: str) -> None:
        assert self._file is not None, "writer is closed"
        self._file.write(line)
        self._file.flush()

    def write_record(self, record: Dict[str, Any]) -> None:
        self.commit(dumps(record))

    def write(self, doc_id: str, doc: Doc, **extra: Any) -> None:
        self.commit(self.render(doc_id, doc, **extra))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
