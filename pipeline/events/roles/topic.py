"""TOPIC: what the event is about (ANNOTATION.md 3, 7).

Rules, in order: a quoted theme between a CONVENE and its meeting
(举办“…”书画展); a quote right before the trigger (开展“…”专题调研); a topic
marker (围绕/就/聚焦/关于/针对/涉及/为) in the trigger's clause or in the
adverbial clause opening the chain (围绕X，开展…), quoted or up to 等议题/方面 or
the trigger; 对X开展/进行/提出; a quote right after the trigger."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..clauses import CLOSE_QUOTES, OPEN_QUOTES, clause_end, clause_start
from ..rules import AFTER, BEFORE, SENTENCE, MarkerRule, PatternRule

UNQUOTED_TOPIC_END = re.compile(r"等(?:议题|问题|方面|重点问题|领域|内容|工作)?|(?:议题|问题|主题|为主题|方面)")
QUOTE_BEFORE_TRIGGER = re.compile(r"(?:专题|专项|主题|重点)?")
# “A”、“B”等(深入)协商议政: a list of quoted topics closed by 等 before the trigger
QUOTE_LIST_TAIL = re.compile(r"等(?:议题|问题|方面)?(?:深入|开展|进行|组织)?(?:专题|专项|重点)?")
QUOTE_LIST_GAP = re.compile(r"[、和及与，]?")


def marker_rule(lx, max_chars: int) -> MarkerRule:
    return lx.cached(("topic", max_chars), lambda: _marker_rule(lx, max_chars))


def _marker_rule(lx, max_chars: int) -> MarkerRule:
    return MarkerRule(
        name="topic:marker",
        role="TOPIC",
        markers=tuple(lx.topic_markers),
        direction=BEFORE,
        scope=SENTENCE,
        terminators=UNQUOTED_TOPIC_END,
        strip=re.compile("|".join(map(re.escape, lx.activity))) if lx.activity else None,
        max_chars=max_chars,
        min_chars=2,
        word_internal=(("为", "作成更因认行较最以", "主止了期"), ("就", "成造也迁早", "近是要在业"), ("针对", "", "性")),
    )


ASPECT_RULE = PatternRule(
    "topic:aspect",
    "TOPIC",
    re.compile(r"(?:在|就|从|对)?([^，。；、“”《》\s0-9个]{2,40}?)等?方面[^，。；]{0,16}$"),
)
SUGGESTED_RULE = PatternRule(
    "topic:suggested",
    "TOPIC",
    re.compile(r"[，,：:]?(?:要|应|应当|应该)?([^，。；！？\n]{2,60})"),
    direction=AFTER,
    types=frozenset({"PROPOSAL"}),
)
PURPOSE_RULE = PatternRule(
    "topic:purpose",
    "TOPIC",
    re.compile(r"[，,]?为([^，。；！？\n]{2,40}?)(?:贡献|提供|作出|献计|出力|凝聚|服务|助力|[，。；！？\n]|$)"),
    direction=AFTER,
    types=frozenset({"CONSULTATION", "PROPOSAL"}),
)
TITLES_AFTER = re.compile(r"(?:讨论|审议|通过|听取|协商)?了?(?=《)")
OBJECT_RULE = PatternRule(
    "topic:object",
    "TOPIC",
    re.compile(r"对([^，。；、“”《》]{2,40}?)(?:开展|进行|提出|作出)(?:了)?(?:专项|专题|集中|重点|意见)?$"),
)


def find(ctx, t, quotes, meetings) -> List[Tuple[Tuple[int, int], str]]:
    text = ctx.text
    sa, sb = t.sent
    ca = t.clause[0]
    maxc = ctx.cfg["max_topic_chars"]
    if meetings:
        m = meetings[0][0]
        names = {(e.a, e.b) for e, _ in meetings}
        for qa, qb in quotes:
            if t.b <= qa and qb <= m.a and (qa + 1, qb - 1) not in names:
                return [((qa + 1, qb - 1), "topic:quote")]
    for qa, qb in quotes:
        if ca <= qa and qb <= t.a and qb - qa <= maxc and QUOTE_BEFORE_TRIGGER.fullmatch(text, qb, t.a):
            return [((qa + 1, qb - 1), "topic:quote")]
    listed = quote_list(text, t, quotes, ca)
    if listed:
        return listed
    rule = marker_rule(ctx.lx, maxc)
    # the marker's clause: the trigger's own, or an adverbial clause opening the sentence
    lo = ca
    prev = clause_start(ctx.text, ca - 1) if ca - 1 > sa else sa
    if ca > sa and any(text.startswith(w, prev) for w in rule.markers):
        lo = prev
    elif ca > sa and any(text.startswith(w, sa) for w in rule.markers):
        lo = sa  # 围绕X，切实履行职能，积极建言献策: the sentence's opening adverbial
    best = rule.last_marker(text, lo, t.a)
    if best is None or best[0] < ca:
        span = OBJECT_RULE.match(text, ca, t.a, t.b, t.clause[1])
        if span is not None:
            return [(span, OBJECT_RULE.name)]
    if best is not None:
        ta = best[1]
        if ta < t.a and text[ta] in OPEN_QUOTES:
            qb = text.find(CLOSE_QUOTES[text[ta]], ta + 1, sb)
            if qb > ta + 1:
                return [((ta + 1, qb), "topic:quote")]
        span = rule.filler(text, ta, t.a)
        if span is not None and text[span[1] - 1] != "地":
            return [(span, rule.name)]
    span = ASPECT_RULE.match(text, ca, t.a, t.b, t.clause[1])
    if span is not None:
        return [(span, ASPECT_RULE.name)]
    if t.rule == "trigger:proposal_verb" or text[t.a : t.b] == "提议":
        # 委员们建议，要…; 提议加强…: what is suggested follows the verb
        span = SUGGESTED_RULE.match(text, ca, t.a, t.b, clause_end(text, clause_end(text, t.b) + 1))
        if span is not None:
            return [(span, SUGGESTED_RULE.name)]
    titles = titles_after(text, t, quotes)
    if titles:
        return titles
    if PURPOSE_RULE.applies(t.type):
        span = PURPOSE_RULE.match(text, ca, t.a, t.b, min(len(text), t.b + 60))
        if span is not None:
            return [(span, PURPOSE_RULE.name)]
    for qa, qb in quotes:
        if t.b <= qa <= t.b + 2 and qb - qa <= maxc:
            return [((qa + 1, qb - 1), "topic:quote")]
    return []


def quote_list(text, t, quotes, ca):
    """“A”、“B”和“C”等深入协商议政: each quoted item is a TOPIC."""
    inside = sorted(q for q in quotes if ca <= q[0] and q[1] <= t.a and text[q[0]] == "“")
    if not inside or not QUOTE_LIST_TAIL.fullmatch(text, inside[-1][1], t.a):
        return []
    chain = [inside[-1]]
    for qa, qb in reversed(inside[:-1]):
        if QUOTE_LIST_GAP.fullmatch(text, qb, chain[-1][0]):
            chain.append((qa, qb))
        else:
            break
    return [((qa + 1, qb - 1), "topic:quote_list") for qa, qb in reversed(chain)]


def titles_after(text, t, quotes):
    """协商讨论了《A》《B》: each document title the verb takes is a TOPIC."""
    m = TITLES_AFTER.match(text, t.b)
    if m is None or not text.startswith("《", m.end()):
        return []
    out, pos = [], m.end()
    for qa, qb in sorted(quotes):
        if qa == pos and text[qa] == "《":
            out.append(((qa + 1, qb - 1), "topic:quote"))
            pos = qb + (1 if text[qb : qb + 1] in ("、", "和", "及") else 0)
    return out


