"""The shared shape of a rule tagger: match on the view, write spans on the original.

A tagger subclass only implements ``find(view_text, doc)``, returning matches
in *view* offsets. The base class drops matches in page chrome, maps them to
the original text, splits tokens where a match does not fit them, and writes
the spans to its own span group with their normalised values. The
``entity_merger`` component decides later which candidates become ``doc.ents``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import CHROME, get_view, set_span_norm
from ..rules.intervals import Mask, Match
from ..spans import spans_from_offsets

__all__ = ["Match", "ViewRuleTagger", "chrome_view_ranges", "outside", "UNALIGNED"]

UNALIGNED = "pipeline.unaligned"  # user_data: spans no token split could express


def chrome_view_ranges(doc: Doc) -> List[Tuple[int, int]]:
    view = get_view(doc)
    return [view.from_original(s.start_char, s.end_char) for s in doc.spans.get(CHROME, [])]


def outside(ranges: List[Tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in ranges)


class ViewRuleTagger:
    """Base class of the rule taggers (DATE, QUANTITY, ORG/MEETING)."""

    def __init__(self, nlp: Language, name: str, *, span_key: str, cfg: Optional[Dict[str, Any]] = None):
        self.name = name
        self.span_key = span_key
        self.cfg: Dict[str, Any] = dict(cfg or {})

    def find(self, text: str, doc: Doc) -> Iterable[Match]:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        view = get_view(doc)
        chrome = Mask(len(view.text), chrome_view_ranges(doc))
        matches = [m for m in self.find(view.text, doc) if m.end > m.start and chrome.free(m.start, m.end)]
        items = [view.to_original(m.start, m.end) + (m.label,) for m in matches]
        spans, failed = spans_from_offsets(doc, items)
        if failed:
            doc.user_data.setdefault(UNALIGNED, []).extend([list(f) for f in failed])
        by_offsets = {(s, e, lab): m for (s, e, lab), m in zip(items, matches)}
        for span in spans:
            m = by_offsets.get((span.start_char, span.end_char, span.label_))
            if m is None:  # the span ends in dropped characters: find by kept offsets
                m = next((mm for (s, e, lab), mm in by_offsets.items() if s == span.start_char and lab == span.label_), None)
            if m is not None and m.norm is not None:
                start, end = span._.offsets
                set_span_norm(doc, start, end, m.norm)
        doc.spans[self.span_key] = spans
        return doc

    # Rule taggers keep their settings (and any learned lists) on disk.
    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)

    def from_disk(self, path, *, exclude=tuple()):
        p = Path(path) / "cfg.json"
        if p.exists():
            self.cfg.update(srsly.read_json(p))
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps(self.cfg)

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        self.cfg.update(srsly.msgpack_loads(data))
        return self
