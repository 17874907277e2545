"""Sentences, clauses and subjects.

A clause runs between clause punctuation (，；。！？：, a line break) outside
quotes; a sentence between sentence punctuation. Every scan is bounded by
``MAX_SCOPE`` characters either side of its start, so dense text without
punctuation (an 80k-character line) costs linear time: a scope that long is
no clause a reader could follow anyway.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import List, Optional, Tuple

from .lexicon import Lexicon
from .spans import Ent, SpanIndex

MAX_SCOPE = 400  # characters a sentence or clause may reach either side of a trigger
MAX_QUOTE = 200  # characters inside one quoted stretch
CLAUSE_END = set("，；。！？：\n")
SENT_END = set("。！？；\n")
OPEN_QUOTES = "“《「『"
CLOSE_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』"}


_END_RE = re.compile(r"[，；。！？：\n]")
_OPENERS = re.compile(r"[“《（]")
_CLOSERS = re.compile(r"[”》）]")


def clause_end(text: str, pos: int, limit: int = MAX_SCOPE) -> int:
    n = min(len(text), pos + limit)
    m = _END_RE.search(text, pos, n)
    k = m.start() if m else n
    if not _OPENERS.search(text, pos, k):
        return k  # no quote opens before the first clause mark: it ends the clause
    depth = 0
    while pos < n:
        c = text[pos]
        if c in "“《（":
            depth += 1
        elif c in "”》）":
            depth = max(0, depth - 1)
        elif c in CLAUSE_END and (depth == 0 or c == "\n"):
            return pos
        pos += 1
    return n


def clause_start(text: str, pos: int, limit: int = MAX_SCOPE) -> int:
    stop = max(0, pos - limit)
    k = max(text.rfind(c, stop, pos) for c in CLAUSE_END)
    if not _CLOSERS.search(text, k + 1 if k >= 0 else stop, pos):
        return k + 1 if k >= 0 else stop
    depth = 0
    i = pos - 1
    while i >= stop:
        c = text[i]
        if c in "”》）":
            depth += 1
        elif c in "“《（":
            depth = max(0, depth - 1)
        elif c in CLAUSE_END and (depth == 0 or c == "\n"):
            return i + 1
        i -= 1
    return stop


def bracketed(text: str, open_: str, close: str, start: int = 0, end: Optional[int] = None) -> List[Tuple[int, int]]:
    """Ranges (including the marks) of bracketed stretches on one line within [start, end)."""
    pattern = re.compile(re.escape(open_) + r"[^" + re.escape(close) + r"\n]{0,%d}" % MAX_QUOTE + re.escape(close))
    return [m.span() for m in pattern.finditer(text, start, len(text) if end is None else end)]


def quotes_in(text: str, a: int, b: int) -> List[Tuple[int, int]]:
    return bracketed(text, "“", "”", a, b) + bracketed(text, "《", "》", a, b)


def sentences(doc, view) -> List[Tuple[int, int]]:
    out = []
    for sent in doc.sents:
        a, b = view.from_original(sent.start_char, sent.end_char)
        if b > a:
            out.append((a, b))
    return out or [(0, len(view.text))]


def bounded(span: Tuple[int, int], a: int, b: int) -> Tuple[int, int]:
    """``span`` clipped to ``MAX_SCOPE`` around [a, b)."""
    return max(span[0], a - MAX_SCOPE), min(span[1], b + MAX_SCOPE)


class Clauses:
    """Subject and time analysis of one sentence."""

    def __init__(self, text: str, lexicon: Lexicon, ents: SpanIndex):
        self.text = text
        self.lx = lexicon
        self.ents = ents

    def names_people(self, e: Ent) -> bool:
        """全国政协委员, 市政协主席: the ORG describes people, who act as themselves."""
        return self.lx.member_re is not None and self.lx.member_re.match(self.text, e.b) is not None

    def byline(self, e: Ent) -> bool:
        """人民网北京3月20日电, 某某日报讯: a medium in a dateline or byline is no subject."""
        return self.lx.byline_re is not None and self.lx.byline_re.match(self.text, e.b) is not None

    def subjects(self, sa: int, sb: int) -> List[Ent]:
        """ORG subjects at the head of a sentence (after a leading time, byline or adverbial)."""
        text = self.text
        sent_ents = self.ents.inside(sa, min(sb, sa + MAX_SCOPE))
        orgs = [e for e in sent_ents if e.label == "ORG"]
        while orgs and self.byline(orgs[0]):
            close = re.compile(r"[)）]|电|讯").search(text, orgs[0].b, min(sb, orgs[0].b + 40))
            if close is None:
                return []
            sa = close.end()
            orgs = [e for e in orgs if e.a >= sa]
            sent_ents = [e for e in sent_ents if e.a >= sa]
        if not orgs:
            return []
        first = orgs[0]
        lead = text[sa : first.a]
        lead_clean = lead
        for e in sent_ents:
            if e.label == "DATE" and e.b <= first.a:
                lead_clean = lead_clean.replace(text[e.a : e.b], "")
        lead_clean = re.sub(r"[\s，、：:（）()0-9一二三四五六七八九十.．”\"-]|^--|—", "", lead_clean)
        if lead_clean and lead_clean not in self.lx.subject_lead:
            lead_text = re.sub(r"^[\s\d.．、）)]*", "", lead)
            if self.lx.adverbial_re is None or not self.lx.adverbial_re.match(lead_text):
                return []
        if self.names_people(first):
            return []
        out = [first]
        for e in orgs[1:]:
            gap = text[out[-1].b : e.a]
            if gap in ("，联合",) or re.fullmatch(r"、?(?:和|及|与|联合|会同)?", gap):
                out.append(e)
            else:
                break
        return out

    def lead_time(self, sa: int, sb: int) -> Optional[Ent]:
        """A DATE opening the sentence (after a byline) governs the sentence's events."""
        for e in self.ents.inside(sa, min(sb, sa + 60)):
            if e.label == "DATE" and len(re.sub(r"[\s—\-]", "", self.text[sa : e.a])) <= 8:
                return e
            break
        return None


def paragraph_of(newlines: List[int], pos: int) -> int:
    return bisect_right(newlines, pos)
