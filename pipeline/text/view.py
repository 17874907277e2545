"""The normalised *view* of a raw text, with an exact map back to the original.

Every later stage reads the view (Simplified script, no pinyin glosses, one
form of punctuation) but writes offsets on the original. A view character
covers the original range ``[starts[i], ends[i])``; characters dropped from the
view (glosses, doubled punctuation) are covered by no view character, so a span
of view characters maps to the original from its first to its last *kept*
character, as ANNOTATION.md requires.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Tuple

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_BODY = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouvü" + TONED + r"]{1,3}(?:ng|n|r)?"
)
# A gloss: a parenthesised pinyin syllable, normally straight after a Han
# character; a broken scrape may leave one after other characters, or lose
# its opening bracket (``?yún)``).
_GLOSS = re.compile(r"[(（]([a-zü" + TONED + r"]{1,6})[)）]|(?<![a-zA-Z(（" + TONED + r"])([a-zü" + TONED + r"]{1,6})[)）]")
_HAN_CHAR = re.compile(r"[" + HAN + r"]")
# Separators that a scraper doubles ("，，", ",、", ",。").
_SEPARATORS = "，、。；：！？"
_ASCII_PUNCT = {",": "，", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}


@dataclass
class TextView:
    """A normalised text plus, per character, the original range it covers."""

    text: str
    starts: array
    ends: array
    original_length: int

    def __len__(self) -> int:
        return len(self.text)

    def to_original(self, start: int, end: int) -> Tuple[int, int]:
        """Map a view span ``[start, end)`` to original offsets (first to last kept char)."""
        if end <= start:
            raise ValueError(f"empty view span {start}:{end}")
        return self.starts[start], self.ends[end - 1]

    def from_original(self, start: int, end: int) -> Tuple[int, int]:
        """View characters whose original position lies in ``[start, end)``."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def to_dict(self) -> Dict:
        """A msgpack-able form, so Docs carrying a view serialise (DocBin, n_process)."""
        return {
            "text": self.text,
            "starts": self.starts.tobytes(),
            "ends": self.ends.tobytes(),
            "n": self.original_length,
        }

    @classmethod
    def from_dict(cls, data: Dict) -> "TextView":
        starts, ends = array("i"), array("i")
        starts.frombytes(data["starts"])
        ends.frombytes(data["ends"])
        return cls(data["text"], starts, ends, data["n"])


class _Builder:
    """Applies one character-level rewrite after another, composing the maps."""

    def __init__(self, text: str):
        self.text = text
        self.starts = array("i", range(len(text)))
        self.ends = array("i", range(1, len(text) + 1))

    def apply(self, pieces: List[Tuple[str, int, int]]) -> None:
        """Replace the text by ``pieces``: (new text, old start, old end) in order.

        Each new character of a piece covers the old range the piece replaces;
        a piece of several new characters over several old ones is spread
        evenly, a piece of no characters drops the old range from the view."""
        new_text: List[str] = []
        starts, ends = array("i"), array("i")
        for new, a, b in pieces:
            n = len(new)
            if not n:
                continue
            new_text.append(new)
            if n == b - a:
                starts.extend(self.starts[a:b])
                ends.extend(self.ends[a:b])
                continue
            for k in range(n):
                lo = a + (k * (b - a)) // n
                hi = max(lo + 1, a + ((k + 1) * (b - a)) // n) if b > a else lo
                if b == a:  # an insertion: it covers nothing of its own
                    src = max(a - 1, 0)
                    starts.append(self.starts[src] if self.starts else 0)
                    ends.append(self.ends[src] if self.ends else 0)
                else:
                    starts.append(self.starts[lo])
                    ends.append(self.ends[min(hi, b) - 1])
        self.text = "".join(new_text)
        self.starts, self.ends = starts, ends


def _spans_to_pieces(text: str, edits: List[Tuple[int, int, str]]) -> List[Tuple[str, int, int]]:
    """Turn sorted, disjoint edits (start, end, replacement) into full-cover pieces."""
    pieces, pos = [], 0
    for a, b, new in edits:
        if a > pos:
            pieces.append((text[pos:a], pos, a))
        pieces.append((new, a, b))
        pos = b
    if pos < len(text):
        pieces.append((text[pos:], pos, len(text)))
    return pieces


def gloss_edits(text: str) -> List[Tuple[int, int, str]]:
    """Pinyin glosses a scraper inserted after Han characters (``當(dāng)``).

    In a text with toned glosses, any bracketed toned syllable is a gloss,
    and so is a toned syllable that lost its opening bracket. A toneless one
    (``的(de)``) counts only straight after a Han character in such a text, so
    an abbreviation in brackets elsewhere is left alone."""
    candidates = list(_GLOSS.finditer(text))
    if not candidates:
        return []
    glossed = sum(1 for m in candidates if m.group(1) and any(c in TONED for c in m.group(1))) >= 3
    edits = []
    for m in candidates:
        syllable = m.group(1) or m.group(2)
        toned = any(c in TONED for c in syllable)
        after_han = m.start() > 0 and bool(_HAN_CHAR.match(text[m.start() - 1]))
        if not _PINYIN_BODY.fullmatch(syllable):
            continue
        if m.group(1) and after_han and (toned or glossed):
            edits.append((m.start(), m.end(), ""))
        elif glossed and toned:
            edits.append((m.start(), m.end(), ""))
    return edits


def width_edits(text: str) -> List[Tuple[int, int, str]]:
    """Full-width ASCII (``２０２３``, ``ＡＢ``) to half-width; ASCII punctuation to Chinese."""
    edits = []
    for i, ch in enumerate(text):
        o = ord(ch)
        if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or ch in "％．／－＋":
            edits.append((i, i + 1, chr(o - 0xFEE0)))
        elif ch in _ASCII_PUNCT:
            edits.append((i, i + 1, _ASCII_PUNCT[ch]))
        elif ch == ":" and not (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            edits.append((i, i + 1, "："))
    return edits


def quote_edits(text: str) -> List[Tuple[int, int, str]]:
    """Straight double quotes to paired Chinese quotes, alternating within a line."""
    edits, opened = [], False
    for i, ch in enumerate(text):
        if ch == "\n":
            opened = False
        elif ch == '"':
            edits.append((i, i + 1, "”" if opened else "“"))
            opened = not opened
    return edits


def punctuation_edits(text: str) -> List[Tuple[int, int, str]]:
    """Collapse runs of separators a scraper doubled: ``，，`` → ``，``, ``,、`` → ``、``.

    In a run, commas give way to any other separator and repeats collapse to one."""
    edits = []
    i, n = 0, len(text)
    while i < n:
        if text[i] not in _SEPARATORS:
            i += 1
            continue
        j = i
        while j < n and text[j] in _SEPARATORS:
            j += 1
        if j - i > 1:
            run = text[i:j]
            strong = [c for c in run if c != "，"]
            keep = strong[-1] if strong else "，"
            k = i + run.rindex(keep)
            edits.extend((p, p + 1, "") for p in range(i, j) if p != k)
        i = j
    return edits


def _conversion_pieces(text: str, converted: str) -> List[Tuple[str, int, int]]:
    """Align a conversion that changed the length, block by block."""
    matcher = difflib.SequenceMatcher(None, text, converted, autojunk=False)
    return [(converted[j1:j2], i1, i2) for _, i1, i2, j1, j2 in matcher.get_opcodes()]


@lru_cache(maxsize=8)
def _opencc(config: str) -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC(config).convert


# A conversion that changes a line's length is aligned with difflib, which is
# quadratic or worse in the length it aligns: long lines are converted and
# aligned in windows of at most this many characters, cut after a non-Han
# character where there is one (so a phrase is rarely cut in two).
ALIGN_WINDOW = 256


def _windows(line: str, size: int = ALIGN_WINDOW):
    pos, n = 0, len(line)
    while pos < n:
        end = min(pos + size, n)
        if end < n:
            for k in range(end - 1, pos + size // 2, -1):
                if not _HAN_CHAR.match(line[k]):
                    end = k + 1
                    break
        yield pos, end
        pos = end


def script_pieces(text: str, convert: Callable[[str], str]) -> List[Tuple[str, int, int]]:
    """Traditional to Simplified, line by line; exact where OpenCC keeps the length.

    Linear in the text: a long line whose length changes is converted in windows."""
    pieces: List[Tuple[str, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out = convert(line) if line else line
        if len(out) == len(line):
            pieces.append((out, pos, end))
        elif len(line) <= ALIGN_WINDOW:
            pieces.extend((new, pos + a, pos + b) for new, a, b in _conversion_pieces(line, out))
        else:
            windows = list(_windows(line))
            i, done = 0, 0  # next window; characters of ``out`` accounted for
            while i < len(windows):
                (wa, wb), j = windows[i], i
                seg = line[wa:wb]
                conv = convert(seg)
                # a window that cuts a phrase converts differently from the whole line: widen it
                while not out.startswith(conv, done) and j + 1 < len(windows) and wb - wa < 4 * ALIGN_WINDOW:
                    j += 1
                    wb = windows[j][1]
                    seg = line[wa:wb]
                    conv = convert(seg)
                if len(conv) == len(seg):
                    pieces.append((conv, pos + wa, pos + wb))
                else:
                    pieces.extend((new, pos + wa + a, pos + wa + b) for new, a, b in _conversion_pieces(seg, conv))
                done += len(conv)
                i = j + 1
        if end < len(text):
            pieces.append(("\n", end, end + 1))
        pos = end + 1
    return pieces


def build_view(
    text: str,
    *,
    opencc_config: Optional[str] = "t2s",
    strip_glosses: bool = True,
    normalize_punctuation: bool = True,
    converter: Optional[Callable[[str], str]] = None,
) -> TextView:
    """Build the view of ``text``; ``converter`` replaces OpenCC (for tests)."""
    b = _Builder(text)
    if strip_glosses:
        edits = gloss_edits(b.text)
        if edits:
            b.apply(_spans_to_pieces(b.text, edits))
    if normalize_punctuation:
        for find in (width_edits, quote_edits, punctuation_edits):
            edits = find(b.text)
            if edits:
                b.apply(_spans_to_pieces(b.text, edits))
    convert = converter or (_opencc(opencc_config) if opencc_config else None)
    if convert is not None and b.text:
        pieces = script_pieces(b.text, convert)
        if any(new != b.text[a:bb] for new, a, bb in pieces):
            b.apply(pieces)
    return TextView(b.text, b.starts, b.ends, len(text))


def original_boundaries(view: TextView, view_bounds: List[int]) -> List[int]:
    """Original offsets for token boundaries given in view offsets.

    A boundary before view char ``i`` sits at that char's original start, so any
    dropped characters (a gloss) stay with the token before them."""
    out = []
    for i in view_bounds:
        out.append(view.starts[i] if i < len(view.text) else view.original_length)
    return out


def nfkc_han_safe(ch: str) -> str:
    """NFKC for one character, kept only if it does not change the length."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


__all__ = ["TextView", "build_view", "gloss_edits", "punctuation_edits", "original_boundaries", "bisect_right"]
