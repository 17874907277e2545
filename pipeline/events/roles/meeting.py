"""MEETING: the meeting a CONVENE convenes (its object or its subject), or the
meeting at which another event happens (在…会议上, the meeting convened
earlier in the sentence)."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..clauses import clause_end
from ..spans import Ent

LIST_GAP = re.compile(r"[”“]?[、和及与]?[0-9一二三四五六七八九十百余多个次期场]*[”“]?")
CONVENE_VERB = re.compile(r"召开|举行|举办|开幕|闭幕")
# a meeting that modifies a noun or is listed as an object (会议的发言, 二十大精神,
# 常委会议建议案, 办好X论坛等) is not where the event happens
MODIFIES = re.compile(r"的|等|精神|建议|报告|成果|发言|决议|决定|提案|议程")


def find(ctx, t, sent_ents) -> List[Tuple[Ent, str]]:
    text = ctx.text
    ca, cb = t.clause
    ms = [e for e in sent_ents if e.label == "MEETING"]
    after = [e for e in ms if t.b <= e.a < cb]
    if t.type == "CONVENE" and after:
        out = [after[0]]
        for e in after[1:]:
            if LIST_GAP.fullmatch(text, out[-1].b, e.a):
                out.append(e)
        return [(e, "meeting:object") for e in out]
    before = [e for e in ms if ca <= e.a and e.b <= t.a and not MODIFIES.match(text, e.b)]
    if before:
        return [(before[-1], "meeting:context" if t.type != "CONVENE" else "meeting:object")]
    sent_before = [e for e in ms if t.sent[0] <= e.a and e.b <= t.a]
    if t.type == "CONVENE":
        # the sentence's meeting as the subject of a later clause (…会议完成议程，在X闭幕)
        subj = [e for e in sent_before if text[e.a - 1 : e.a] not in ("在", "于") and not text.startswith("上", e.b)]
        if subj and t.rule == "trigger:convene_subject":
            return [(subj[0], "meeting:subject")]
        return []
    if sent_before:
        last = sent_before[-1]
        if text.startswith("上", last.b):
            return [(last, "meeting:context")]  # 在…会议上
        if CONVENE_VERB.match(text, last.b, last.b + 4) and clause_end(text, last.b) + 1 >= t.clause[0] - 30:
            return [(last, "meeting:convened")]  # …会议召开，围绕…开展专题议政
    return []
