"""What a rule finder returns, and a character mask for "is this range still free?".

The finders claim characters as they accept matches (the longest, most specific
form first) and skip candidates that overlap blocked ranges (formulas, quoted
slogans, page chrome). A per-character mask answers each question in time
proportional to the candidate's own length, so a finder stays linear in the
length of the document however many matches or blocked ranges it holds (a list
of intervals scanned per candidate made dense 80k-character texts quadratic).
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Optional, Tuple


class Match(NamedTuple):
    """A candidate entity in view offsets."""

    start: int
    end: int
    label: str
    norm: Optional[Any] = None
    rule: str = ""


class Mask:
    """Characters ``[0, n)`` marked blocked or free; checks cost the range's length."""

    __slots__ = ("_m",)

    def __init__(self, n: int, ranges: Iterable[Tuple[int, int]] = ()):
        self._m = bytearray(n)
        for a, b in ranges:
            self.block(a, b)

    def block(self, start: int, end: int) -> None:
        start, end = max(0, start), min(len(self._m), end)
        if end > start:
            self._m[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        """True if no character of ``[start, end)`` is blocked."""
        return self._m.find(1, max(0, start), max(0, end)) < 0

    def claim(self, start: int, end: int) -> bool:
        """Block ``[start, end)`` if it is free; say whether it was."""
        if end <= start or not self.free(start, end):
            return False
        self.block(start, end)
        return True
