"""Declarative rule objects: what a rule looks for, in which direction, within
which scope, and where its filler stops. Role modules apply them instead of
one hand-written method per case (the medspaCy ConTextRule idea).

A rule's ``name`` is the ``source`` it writes on arguments (``rule:NAME``) and
the key of its calibrated confidence (``data/confidence.json``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import FrozenSet, Optional, Pattern, Sequence, Tuple

from .clauses import clause_end

BEFORE, AFTER = "before", "after"
CLAUSE, SENTENCE = "clause", "sentence"


@dataclass(frozen=True)
class MarkerRule:
    """``marker`` + filler, before the trigger (在南宁|召开) or after it (视察|兰州).

    The filler starts after the marker and stops at the first ``terminator``
    match, the trigger, or the scope's end; ``strip`` patterns are cut from its
    right end; a filler matching ``reject`` is no filler of the role."""

    name: str
    role: str
    markers: Sequence[str]
    direction: str = BEFORE
    scope: str = CLAUSE
    terminators: Optional[Pattern] = None
    strip: Optional[Pattern] = None
    reject: Optional[Pattern] = None
    max_chars: int = 40
    min_chars: int = 1
    types: Optional[FrozenSet[str]] = None
    word_internal: Tuple[Tuple[str, str, str], ...] = field(default_factory=tuple)

    def applies(self, etype: str) -> bool:
        return self.types is None or etype in self.types

    def internal(self, text: str, a: int, b: int) -> bool:
        """A one-character marker inside a word (作为, 成就) is no marker."""
        word = text[a:b]
        left = text[a - 1] if a else ""
        right = text[b] if b < len(text) else ""
        return any(
            w == word and ((left and left in lft) or (right and right in rgt)) for w, lft, rgt in self.word_internal
        )

    def last_marker(self, text: str, lo: int, hi: int) -> Optional[Tuple[int, int]]:
        """The last marker occurrence in [lo, hi) (longest at a position)."""
        best = None
        for w in self.markers:
            k = text.rfind(w, lo, hi)
            while k >= 0 and self.internal(text, k, k + len(w)):
                k = text.rfind(w, lo, k)
            if k >= 0 and k + len(w) <= hi and (best is None or k > best[0] or (k == best[0] and k + len(w) > best[1])):
                best = (k, k + len(w))
        return best

    def filler(self, text: str, start: int, stop: int) -> Optional[Tuple[int, int]]:
        """The filler from ``start`` up to a terminator or ``stop``."""
        stop = min(stop, start + self.max_chars, clause_end(text, start))
        end = stop
        if self.terminators is not None:
            m = self.terminators.search(text, start, stop)
            if m is not None:
                end = m.start()
        if self.strip is not None:
            m = self.strip.search(text, start, end)
            if m is not None and m.start() > start:
                end = m.start()
        while end > start and text[end - 1] in " 　的":
            end -= 1
        if end - start < self.min_chars:
            return None
        if self.reject is not None and self.reject.search(text, start, end):
            return None
        return start, end


@dataclass(frozen=True)
class PatternRule:
    """A regular expression whose group 1 is the filler, anchored at the
    trigger: ``BEFORE`` patterns must end at the trigger's start, ``AFTER``
    patterns start at its end."""

    name: str
    role: str
    pattern: Pattern
    direction: str = BEFORE
    scope: str = CLAUSE
    types: Optional[FrozenSet[str]] = None

    def applies(self, etype: str) -> bool:
        return self.types is None or etype in self.types

    def match(self, text: str, lo: int, a: int, b: int, hi: int) -> Optional[Tuple[int, int]]:
        if self.direction == BEFORE:
            m = self.pattern.search(text, lo, a)
        else:
            m = self.pattern.match(text, b, hi)
        return m.span(1) if m is not None else None


def compile_words(words: Sequence[str]) -> Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
