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


def doc_to_record(doc_id: str, doc: Doc) -> Dict[str, Any]:
    text = original_text(doc)
    entities = []
    for ent in doc.ents:
        start, end = ent._.offsets
        item: Dict[str, Any] = {"start": start, "end": end, "label": ent.label_, "text": text[start:end]}
        norm = ent._.norm
        if norm is not None:
            item["norm"] = norm
        entities.append(item)
    return {"id": doc_id, "text": text, "entities": entities, "events": list(doc._.events or [])}


class JsonlWriter:
    """Streams records to a file: each is written and flushed as it comes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._file: Optional[IO[str]] = self.path.open("w", encoding="utf-8")

    def write_record(self, record: Dict[str, Any]) -> None:
        assert self._file is not None, "writer is closed"
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()

    def write(self, doc_id: str, doc: Doc) -> None:
        self.write_record(doc_to_record(doc_id, doc))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
