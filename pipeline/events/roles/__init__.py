"""One module per role; ``link`` runs them over the triggers of a document.

Arguments come from the trigger's sentence and the clause chain it continues;
the AGENT (and a leading TIME across ``；``) may be carried from the previous
sentence of the paragraph when a sentence has no subject of its own."""

from __future__ import annotations

from bisect import bisect_right
from typing import Dict, List

from ..clauses import bounded, clause_end, clause_start, quotes_in
from ..context import Context
from ..spans import Trigger
from . import agent, count, meeting, place, time, topic
from .share import share

__all__ = ["link"]


def link(ctx: Context, triggers: List[Trigger]) -> None:
    text = ctx.text
    by_sent: Dict[int, List[Trigger]] = {}
    for t in triggers:
        k = ctx.sents.index(t.a)
        t.k = k
        t.sent = bounded(ctx.sents.spans[k], t.a, t.b)
        t.clause = (clause_start(text, t.a), clause_end(text, t.b))
        by_sent.setdefault(k, []).append(t)
    state = agent.Carried()
    para = -1
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    for k in range(len(ctx.sents.spans)):
        sa, sb = ctx.sents.spans[k]
        p = bisect_right(newlines, sa)
        if p != para:
            state = agent.Carried()  # a new paragraph
            para = p
        subjects = ctx.clauses.subjects(sa, sb)
        lead_time = ctx.clauses.lead_time(sa, sb)
        for t in by_sent.get(k, []):
            arguments(ctx, t, subjects, state, lead_time)
        state.after_sentence(text, sa, sb, subjects, lead_time)
    share(text, triggers)


def arguments(ctx: Context, t: Trigger, subjects, state, lead_time) -> None:
    quotes = quotes_in(ctx.text, t.sent[0], t.sent[1])
    sent_ents = ctx.ents_in(t.sent[0], t.sent[1])
    meetings = meeting.find(ctx, t, sent_ents)
    t.args.extend(("MEETING", e, rule) for e, rule in meetings)
    t.args.extend(("AGENT", e, rule) for e, rule in agent.find(ctx, t, sent_ents, quotes, meetings, subjects, state))
    t.args.extend(("TIME", e, rule) for e, rule in time.find(ctx, t, sent_ents, quotes, meetings, lead_time, state))
    t.args.extend(("COUNT", e, rule) for e, rule in count.find(ctx, t, sent_ents, meetings))
    t.args.extend(("TOPIC", span, rule) for span, rule in topic.find(ctx, t, quotes, meetings))
    t.args.extend(("PLACE", span, rule) for span, rule in place.find(ctx, t, sent_ents))
