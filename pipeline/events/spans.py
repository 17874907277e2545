"""Entities and triggers in view offsets, and interval lookups by bisection.

Every lookup here costs O(log n + hits), so the per-trigger work of the
linker depends on the size of its scope, never on the document's length."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Any, List, Optional, Sequence, Tuple

from spacy.tokens import Doc

from .._extensions import kept_offsets, original_text


class Ent:
    """A doc entity in view offsets (a, b), with its original kept offsets and norm."""

    __slots__ = ("a", "b", "label", "start", "end", "text", "norm")

    def __init__(self, a, b, label, start, end, text, norm):
        self.a, self.b, self.label = a, b, label
        self.start, self.end, self.text, self.norm = start, end, text, norm

    def __repr__(self):
        return f"Ent({self.label} {self.text!r} @{self.a})"


class Trigger:
    """A trigger (a, b) of ``type``; ``args`` are (role, Ent or (a, b), rule)."""

    __slots__ = ("a", "b", "type", "rule", "args", "sent", "clause", "k")

    def __init__(self, a, b, etype, rule):
        self.a, self.b, self.type, self.rule = a, b, etype, rule
        self.args: List[Tuple[str, Any, str]] = []
        self.sent = (0, 0)
        self.clause = (0, 0)
        self.k = 0  # index of the sentence

    def has(self, role: str) -> bool:
        return any(r == role for r, _, _ in self.args)

    def __repr__(self):
        return f"Trigger({self.type} @{self.a}-{self.b} {self.rule})"


def doc_entities(doc: Doc, view) -> List[Ent]:
    out = []
    original = original_text(doc)
    for ent in doc.ents:
        start, end = kept_offsets(ent, view)
        a, b = view.from_original(start, end)
        if b > a:
            out.append(Ent(a, b, ent.label_, start, end, original[start:end], ent._.norm))
    out.sort(key=lambda e: (e.a, e.b))
    return out


class SpanIndex:
    """Sorted (a, b, item) intervals; ``overlapping``/``inside`` by bisection.

    Intervals may nest or overlap: a running maximum of ends bounds the scan."""

    def __init__(self, items: Sequence[Tuple[int, int, Any]] = ()):
        self.items = sorted(items, key=lambda x: (x[0], x[1]))
        self.starts = [x[0] for x in self.items]
        self.max_end = list(accumulate((x[1] for x in self.items), max))

    @classmethod
    def of(cls, spans: Sequence[Tuple[int, int]]) -> "SpanIndex":
        return cls([(a, b, None) for a, b in spans])

    @classmethod
    def of_ents(cls, ents: Sequence[Ent]) -> "SpanIndex":
        return cls([(e.a, e.b, e) for e in ents])

    def overlapping(self, a: int, b: int) -> List[Any]:
        """Items overlapping [a, b)."""
        hi = bisect_left(self.starts, b)
        lo = bisect_right(self.max_end, a)  # first index whose running max end passes a
        return [x for x in self.items[lo:hi] if x[1] > a]

    def any_overlap(self, a: int, b: int) -> bool:
        hi = bisect_left(self.starts, b)
        lo = bisect_right(self.max_end, a)
        return any(x[1] > a for x in self.items[lo:hi])

    def inside(self, a: int, b: int) -> List[Any]:
        """Payloads of items within [a, b), in order of start."""
        lo = bisect_left(self.starts, a)
        hi = bisect_left(self.starts, b)
        return [x[2] for x in self.items[lo:hi] if x[1] <= b]

    def last_before(self, pos: int) -> Optional[Any]:
        k = bisect_right(self.starts, pos) - 1
        return self.items[k] if k >= 0 else None
