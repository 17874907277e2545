"""PLACE: where the event happens.

A place marker (在/赴/到/深入/亲临) before the trigger in its clause, up to the
activity verb (在南宁召开, 深入到A、B调研: one PLACE per listed place); for
RESEARCH also gazetteer places straight after the trigger (视察A和B). Not a
place: a circumstance (在…中/时/期间), a time or a count (追溯到1949年), a
phrase with a verb or a quote in it, a marker inside a word (收到, 正在)."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..rules import BEFORE, CLAUSE, MarkerRule

CIRCUMSTANCE_END = re.compile(r"(?:中|时|期间|之际|过程|以来|之后|之前)[，,]?$")
MANNER = re.compile(r"(?:胜利|隆重|顺利|圆满|正式|分别|共同|联合|集中|专程|再次|先后|一同)+$")
NOT_PLACE = re.compile(r"[，。；“”《》：]|对|就|提出|发言|围绕|关于|针对|讨论|审议|方面|等|议题|问题")
LIST_SPLIT = re.compile(r"、|和|及|与|以及")
PLACE_VERBS = ["调研", "视察", "考察", "举行", "举办", "召开", "开幕", "闭幕", "看望", "慰问", "走访", "参观"]


def marker_rule(lx, max_chars: int) -> MarkerRule:
    return lx.cached(("place", max_chars), lambda: _marker_rule(lx, max_chars))


def _marker_rule(lx, max_chars: int) -> MarkerRule:
    return MarkerRule(
        name="place:marker",
        role="PLACE",
        markers=tuple(lx.place_markers),
        direction=BEFORE,
        scope=CLAUSE,
        max_chars=max_chars,
        word_internal=(
            ("到", "收达得受遇看听提做感想谈认意找", ""),
            ("在", "正存现所实内外潜", "于乎"),
            ("深入", "", "学贯推开细研实人"),
        ),
    )


def find(ctx, t, sent_ents) -> List[Tuple[Tuple[int, int], str]]:
    text = ctx.text
    ca = t.clause[0]
    maxp = ctx.cfg["max_place_chars"]
    rule = marker_rule(ctx.lx, maxp + 16)
    best = rule.last_marker(text, max(ca, t.a - maxp - 16), t.a)
    if best is None:
        return place_after(ctx, t)
    pa, pe = best[1], t.a
    if text[best[0] : pa] == "在" and CIRCUMSTANCE_END.search(text, pa, t.clause[1]):
        return []
    if text.startswith("到", pa):
        pa += 1  # 深入到
    seg = text[pa:pe]
    for v in list(ctx.lx.activity) + PLACE_VERBS:
        k = seg.find(v)
        if k > 0:
            pe = pa + k
            seg = text[pa:pe]
    m = MANNER.search(seg)
    if m is not None:
        seg = seg[: m.start()]
    seg = seg.rstrip("的 ")
    pe = pa + len(seg)
    if pe - pa < 1 or pe - pa > maxp + 8 or NOT_PLACE.search(seg) or ctx.lx.trigger_re.search(seg):
        return []
    if any(e.label in ("DATE", "QUANTITY", "MEETING") and pa <= e.a < pe for e in sent_ents):
        return []
    parts = split_list(text, pa, pe)
    return [(p, rule.name) for p in parts]


def split_list(text: str, a: int, b: int) -> List[Tuple[int, int]]:
    out = []
    pos = a
    for m in LIST_SPLIT.finditer(text, a, b):
        if m.start() - pos >= 2:
            out.append((pos, m.start()))
        pos = m.end()
    if b - pos >= 1:
        out.append((pos, b))
    if len(out) > 1 and any(q - p < 2 for p, q in out):
        return [(a, b)]
    return out or [(a, b)]


def place_after(ctx, t) -> List[Tuple[Tuple[int, int], str]]:
    """视察广西, 考察A和B: gazetteer places straight after a RESEARCH word."""
    if t.type != "RESEARCH" or ctx.places is None:
        return []
    text = ctx.text
    lex = ctx.places()
    out = []
    pos = t.b
    m = re.compile(r"(?:访问|走访|调研|考察)").match(text, pos)
    if m is not None:
        pos = m.end()  # 考察访问A及B
    for _ in range(8):
        hit = None
        for k in range(min(lex.max_place, len(text) - pos), 1, -1):
            if text[pos : pos + k] in lex.places:
                hit = (pos, pos + k)
                break
        if hit is None:
            break
        out.append((hit, "place:object"))
        # the next list item: a short suffix (高新区), then a coordinator
        m = re.compile(r"[^，。；、和及与\s]{0,5}?(?:、|和|及|与)").match(text, hit[1])
        if m is None:
            break
        pos = m.end()
    return out
