"""TIME: the DATE that places the event.

The last DATE before the trigger in its sentence, else the sentence's leading
DATE, else one carried from the previous sentence. A DATE inside a name (right
before a MEETING or ORG: [2023年]重点考察调研专题研讨会) or inside a quote
places nothing."""

from __future__ import annotations

from typing import List, Tuple

from ..spans import Ent


def find(ctx, t, sent_ents, quotes, meetings, lead_time, state) -> List[Tuple[Ent, str]]:
    names = {e.a for e in sent_ents if e.label in ("MEETING",)}
    times = [
        e
        for e in sent_ents
        if e.label == "DATE"
        and e.b <= t.a
        and not any(qa < e.b and e.a < qb for qa, qb in quotes)
        and e.b not in names
    ]
    if times:
        return [(times[-1], "time:sentence")]
    if lead_time is not None:
        return [(lead_time, "time:sentence")]
    if state.time is not None:
        return [(state.time, "time:carried")]
    return []
