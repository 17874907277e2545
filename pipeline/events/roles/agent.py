"""AGENT: the ORG that holds, submits or carries out the event.

In order of precedence: the organiser named right before the convened
meeting (市政协[十三届…会议]召开, 召开[市政协]主席会议); the ORGs after 由
(由X主办, 由X领导带队); the subject ORGs at the head of the sentence; an ORG
right before the verb phrase in the trigger's own clause (X联合开展调研);
the subject carried from the previous sentence of the paragraph. Never a
person (总书记视察, 委员们建议) or an ORG that describes people (全国政协委员,
市政协主席)."""

from __future__ import annotations

import re
from typing import List, Tuple

from ..spans import Ent

BY_LEAD = re.compile(r"(?:主要)?(?:领导|负责同志)?(?:带队|率队)")
BY_VERB = re.compile(r"(?:共同|联合)?(?:主办|举办|承办|召开|组织|举行|开展)")
NOT_SUBJECT_LEFT = set("在到赴向对与同给为由经把将")
# between an organiser and its meeting: nothing, 的, or a term (市政协[十三届]常委会会议)
ORGANISER_GAP = re.compile(r"的?|[第0-9一二三四五六七八九十百届次、]{1,8}|(?:及|和|与)[^，。；、\s]{1,3}")
PEOPLE_IN_SUBJECT = re.compile(r"成员|委员|同志|领导|人士")
COORDINATED = re.compile(r"[、和与及]|以及")
PERSON_LED_EXCEPT = re.compile(r"组织|邀请|带领|率|动员|引导|推动|支持|鼓励")


class Carried:
    """The subject and time a sentence hands to the next one in its paragraph."""

    def __init__(self):
        self.agents: List[Ent] = []
        self.time = None

    def after_sentence(self, text, sa, sb, subjects, lead_time):
        if subjects:
            self.agents = subjects
        # a time carries only along a ；-chain of clauses (one report, several acts)
        self.time = lead_time if text[sb - 1 : sb] == "；" else None


def _outside(e: Ent, quotes) -> bool:
    return not any(qa < e.b and e.a < qb for qa, qb in quotes)


def find(ctx, t, sent_ents, quotes, meetings, subjects, state) -> List[Tuple[Ent, str]]:
    text = ctx.text
    sa = t.sent[0]
    organisers = []
    for m, _ in meetings:
        for e in sent_ents:
            if e.label != "ORG" or not _outside(e, quotes) or ctx.clauses.names_people(e):
                continue
            if ORGANISER_GAP.fullmatch(text, e.b, m.a) and (e.a >= t.b or (t.type == "CONVENE" and m.b <= t.a)):
                organisers.append(e)
    if organisers:
        return [(e, "agent:organiser") for e in organisers]
    by = by_agents(ctx, t, sent_ents, quotes)
    if by:
        return [(e, "agent:by") for e in by]
    if ctx.lx.person_re is not None and ctx.lx.person_re.search(text, max(sa, t.a - 12), t.a):
        return []  # 总书记视察: a person acts
    if person_led(ctx, t):
        return []  # 委员们建议, 专家们围绕…建言献策
    agents = [e for e in subjects if e.b <= t.a] or [e for e in subjects if subjects and t.b <= subjects[0].a]
    if agents:
        return [(e, "agent:subject") for e in agents]
    local = clause_agent(ctx, t, sent_ents, quotes)
    if local:
        return [(e, "agent:coordinated") for e in local]
    opener = clause_opener(ctx, t, sent_ents, quotes)
    if opener:
        return [(e, "agent:clause_subject") for e in opener]
    if ctx.cfg.get("carry_agent", True) and state.agents and continues_chain(ctx, t):
        return [(e, "agent:carried") for e in state.agents]
    return []


def person_led(ctx, t) -> bool:
    """A person word heads the trigger's clause (委员们建议, 他们围绕…建言献策)."""
    text = ctx.text
    ca = t.clause[0]
    head = text[ca : t.a]
    for w in ctx.lx.person_subject:
        k = head.find(w)
        if k >= 0 and not PERSON_LED_EXCEPT.search(head, 0, k) and k <= 12:
            return True
    return False


def by_agents(ctx, t, sent_ents, quotes) -> List[Ent]:
    """由X与Y共同举办的…(在南宁举行): the ORGs after 由 hold the event.

    For the verb right after them, for a CONVENE later in the sentence (the
    meeting they held takes place), and for every event after 由X领导带队."""
    text = ctx.text
    sa = t.sent[0]
    orgs = [e for e in sent_ents if e.label == "ORG" and sa <= e.a and e.b <= t.a and _outside(e, quotes)]
    for i, first in enumerate(orgs):
        if text[first.a - 1 : first.a] != "由":
            continue
        chain = [first]
        for e in orgs[i + 1 :]:
            if re.fullmatch(r"[、和与及]", text[chain[-1].b : e.a]):
                chain.append(e)
            else:
                break
        lead = BY_LEAD.match(text, chain[-1].b)
        if lead is not None and lead.end() <= t.a and not any(lead.end() <= e.a for e in orgs):
            return chain
        verb = BY_VERB.match(text, chain[-1].b)
        if verb is None:
            continue
        if verb.end() >= t.a or (t.type == "CONVENE" and verb.end() <= t.a):
            return chain
    return []


def clause_agent(ctx, t, sent_ents, quotes) -> List[Ent]:
    """The ORG acting in the trigger's own clause (X联合开展调研, X累计向Y、Z报送的调研报告).

    From the trigger leftwards: a coordinated chain of ORGs after a
    preposition (向Y、Z, 在X) is an object or a place and is skipped; the first
    chain that is not is the agent (its last member, as before)."""
    text = ctx.text
    ca = t.clause[0]
    orgs = [e for e in sent_ents if e.label == "ORG" and ca <= e.a and e.b <= t.a and _outside(e, quotes)]
    i = len(orgs) - 1
    while i >= 0:
        j = i
        while j > 0 and COORDINATED.fullmatch(text, orgs[j - 1].b, orgs[j].a):
            j -= 1
        e = orgs[i]
        left = text[max(ca, orgs[j].a - 1) : orgs[j].a]
        if (left and left in NOT_SUBJECT_LEFT) or inside_topic(ctx, ca, orgs[j].a):
            i = j - 1
            continue
        if ctx.clauses.names_people(e) or ctx.clauses.byline(e) or any(m.label == "MEETING" and m.a == e.b for m in sent_ents):
            return []
        return [e]
    return []


def continues_chain(ctx, t) -> bool:
    """A sentence continues the previous subject's chain when it opens with a
    predicate (开展…, 围绕…召开…, 先后…) rather than a subject of its own
    (相关成果…, 党派团体提出的提案…): only then is the subject carried."""
    text = ctx.text
    sa = ctx.sents.of(t.a)[0]
    pos = sa
    for e in ctx.ents_in(sa, min(t.a, sa + 40)):
        if e.label != "DATE" or len(re.sub(r"[\s，、,：:（）()0-9一二三四五六七八九十.．]", "", text[pos : e.a])) > 0:
            break
        pos = e.b
    head = re.sub(r"^[\s，、,：:（）()0-9一二三四五六七八九十是.．]+", "", text[pos : t.a + 2])
    starts = ctx.lx.chain_start
    return head.startswith(tuple(starts)) or ctx.lx.trigger_re.match(head) is not None


def inside_topic(ctx, ca: int, a: int) -> bool:
    """就X公司整改等议题开展协商: an ORG after a topic marker is part of the topic."""
    text = ctx.text
    return any(0 <= text.find(w, ca, a) for w in ctx.lx.topic_markers if len(w) > 1 or w == "就")


def clause_opener(ctx, t, sent_ents, quotes) -> List[Ent]:
    """结合…，民革中央共选定31个课题，开展调研考察36次: an ORG opening an earlier
    clause of the sentence is the subject of the clauses that follow it."""
    text = ctx.text
    for e in reversed([e for e in sent_ents if e.label == "ORG" and e.b <= t.clause[0] and _outside(e, quotes)]):
        if text[e.a - 1 : e.a] not in ("，", "；") or text.startswith("的", e.b):
            continue
        if ctx.clauses.names_people(e) or ctx.clauses.byline(e):
            return []
        if any(m.label == "MEETING" and m.a == e.b for m in sent_ents):
            return []
        if PEOPLE_IN_SUBJECT.search(text, e.b, min(t.clause[0], e.b + 12)):
            return []  # 党组和主席会议成员走访…: the subject is people
        return [e]
    return []
