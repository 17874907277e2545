"""Fillers stated once for coordinated triggers go to each (ANNOTATION.md 6)."""

from __future__ import annotations

import re
from typing import List

from ..spans import Trigger

CHAINED = re.compile(r"并?(?:提出|形成|提交)")
COORD_GAP = re.compile(r"[、和及与]|、?“[^”]{0,12}”|和建议")


def share(text: str, triggers: List[Trigger]) -> None:
    for i in range(len(triggers) - 1, 0, -1):
        t, prev = triggers[i], triggers[i - 1]
        gap = text[prev.b : t.a]
        coordinated = prev.k == t.k and (gap == "" or COORD_GAP.fullmatch(gap) is not None)
        if coordinated:
            roles_prev = {r for r, _, _ in prev.args}
            for role, filler, _rule in t.args:
                if role in ("COUNT", "TOPIC") and role not in roles_prev:
                    prev.args.append((role, filler, "count:shared" if role == "COUNT" else "topic:shared"))
        elif prev.k == t.k and not t.has("TOPIC") and t.type in ("PROPOSAL", "CONSULTATION") and CHAINED.match(text, t.clause[0]):
            # 围绕X建言献策，提出了…意见建议: the chain's topic is the proposal's
            t.args.extend(("TOPIC", f, "topic:chain") for r, f, _ in prev.args if r == "TOPIC")
        if prev.clause == t.clause and prev.type == t.type == "PROPOSAL" and not coordinated:
            # 912件立案提案全部办复: the count of the first step counts the second
            if not t.has("COUNT"):
                t.args.extend((r, f, "count:shared") for r, f, _ in prev.args if r == "COUNT")
