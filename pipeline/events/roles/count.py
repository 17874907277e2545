"""COUNT: a QUANTITY counting the event or its products; never person-times."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..spans import Ent
from ..triggers import PERSON_TIMES

AFTER_GAP = re.compile(r"(?:了|活动|工作|会议|报告|性内容)?")
BEFORE_BREAK = re.compile(r"[，。；、的]")


SHARE_OF_PRODUCTS = re.compile(r"的(?:提案|建议|议案)")


def find(ctx, t, sent_ents, meetings) -> List[Tuple[Ent, str]]:
    text = ctx.text
    if t.type == "PROPOSAL":
        # 99.9%的提案已经办复: a share that counts the event's products (ANNOTATION.md 7)
        for e in sent_ents:
            if e.label == "QUANTITY" and t.clause[0] <= e.a and e.b < t.a and re.search(r"[%％]|成$", e.text):
                if SHARE_OF_PRODUCTS.match(text, e.b) and not re.search(r"[，。；]", text[e.b : t.a]):
                    return [(e, "count:share")]
    qs = [e for e in sent_ents if e.label == "QUANTITY" and not PERSON_TIMES.search(e.text)]
    if not qs:
        return []
    cb = t.clause[1]
    # one count per convened meeting (召开17次主席会议、4次常委会会议)
    out = []
    for m, _ in meetings:
        for e in qs:
            if (e.b <= m.a and text[e.b : m.a] in ("", "“", "的")) or (e.a >= m.b and text[m.b : e.a] in ("", "”")):
                out.append((e, "count:meeting"))
    if len(out) > 1:
        return out
    # straight after the trigger (a suffix like 活动 allowed)
    for e in qs:
        if t.b <= e.a and AFTER_GAP.fullmatch(text, t.b, e.a):
            return [(e, "count:adjacent")]
    # straight before the trigger (47件重点提案, 20多个专题协商), not a place's count (到3个企业调研)
    for e in qs:
        gap = text[e.b : t.a]
        if e.b <= t.a and len(gap) <= 4 and not BEFORE_BREAK.search(gap) and gap[-2:] not in ("企业", "单位", "地方"):
            if not re.search(r"[到赴在]$", text[max(0, e.a - 1) : e.a]):
                return [(e, "count:adjacent")]
    if out:
        return out
    # the object's count after the trigger in the clause (提出意见建议150多条)
    for e in qs:
        if t.b <= e.a < cb and e.a - t.b <= 6 and not any(m.a < e.a for m, _ in meetings):
            return [(e, "count:adjacent")]
    return []
