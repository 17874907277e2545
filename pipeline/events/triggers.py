"""Trigger finding and licensing.

1. Find: longest lexicon match on the view, dropped inside 《》 titles, quotes,
   entities, page chrome, concept phrases (协商民主, 提案工作), before a concept
   or group head (协商|计划, 视察|团), after a manner, negation or
   back-reference prefix (不|调研, 未|立案, 这些|提案), inside the title of a
   document (关于召开…的决定, 关于…的建议).
2. Compounds (ANNOTATION.md 6): same-type neighbours merge (考察调研); a head
   event word wins over its modifier (视察|监督, 监督性|调研视察).
3. License: CONVENE needs a meeting (a MEETING entity in its clause, the
   sentence's meeting subject, or a bare 大会/这次会议); the nouns 提案/建议/议案
   need a proposal verb, modifier, count or proposer; 提交 needs a proposal.
4. Headings (short first sentences of a line with no entity or activity verb)
   and exhortations without a specific filler (加强…协商) carry no event.
"""

from __future__ import annotations

import re
from typing import List, Sequence

from .clauses import MAX_SCOPE, bracketed, clause_end, clause_start
from .lexicon import Lexicon
from .spans import Ent, SpanIndex, Trigger

LIST_TAIL = re.compile(r"(?:[、和及][^、和及，。；：！？\n“”《》]{1,14})+")
PERSON_TIMES = re.compile(r"人次|人$|名$|位$|%|％|率")
BACK_SET = re.compile(r"(?:提案)?中[，,：:]")  # (立案)提案中，…: among a set already counted
TITLE_OPEN = "关于"
MANNER_BEFORE = re.compile(r"(?:协同|联动|主动|深入|广泛|认真|持续)$")
DECISION = re.compile(r"的(?:决定|决议|通知)")
SUBJECT_VERBS = ("开幕", "闭幕", "召开", "举行", "拉开帷幕", "揭开序幕", "登场")


def after_word(text: str, pos: int, words: Sequence[str]) -> bool:
    return any(text.startswith(w, pos) for w in words)


def before_word(text: str, pos: int, words: Sequence[str], reach: int = 6) -> bool:
    left = text[max(0, pos - reach) : pos]
    return any(left.endswith(w) for w in words)


class TriggerFinder:
    def __init__(self, lexicon: Lexicon):
        self.lx = lexicon

    # ------------------------------------------------------------------ find
    def find(self, text: str, ents: SpanIndex, chrome: SpanIndex) -> List[Trigger]:
        lx = self.lx
        blocked = SpanIndex.of([m.span() for m in lx.not_event_re.finditer(text)] if lx.not_event_re else [])
        titles = SpanIndex.of(bracketed(text, "《", "》") + bracketed(text, "“", "”"))
        names = SpanIndex([(e.a, e.b, e) for _, _, e in ents.items if e.label in ("MEETING", "ORG")])
        out = []
        for m in lx.trigger_re.finditer(text):
            a, b = m.span()
            if blocked.any_overlap(a, b) or titles.any_overlap(a, b) or chrome.any_overlap(a, b):
                continue
            if names.any_overlap(a, b):
                continue
            etype = lx.triggers[m.group()]
            if etype != "CONVENE" and after_word(text, b, lx.concept) and not after_word(text, b, lx.product):
                continue  # CONVENE words are verbs; their licence is the meeting
            if before_word(text, a, lx.blocked) or before_word(text, a, lx.back_reference):
                continue
            if lx.designation_re is not None and lx.designation_re.match(text, b):
                continue
            if self.list_of_concepts(text, b):
                continue
            if etype == "RESEARCH" and self.by_outside_party(text, a):
                continue
            if etype == "PROPOSAL" and BACK_SET.match(text, b):
                continue
            if self.in_document_title(text, a, b):
                continue
            if etype == "CONVENE" and self.names_decision(text, a, b):
                continue
            out.append(Trigger(a, b, etype, "trigger:lexicon"))
        return out

    def by_outside_party(self, text: str, a: int) -> bool:
        """组织工商界人士到贺州考察: private visitors, not an event."""
        clause = text[clause_start(text, a) : a]
        return any(w in clause for w in self.lx.outside)

    def list_of_concepts(self, text: str, b: int) -> bool:
        """An event word listed before a concept head (政治协商、民主监督、参政议政职能)."""
        m = LIST_TAIL.match(text, b, b + 120)
        if m is None:
            return False
        last = re.split(r"[、和及]", m.group())[-1]
        return any(len(h) > 1 and last.endswith(h) for h in self.lx.concept)

    def in_document_title(self, text: str, a: int, b: int) -> bool:
        """关于召开…的决定, “关于…的建议”: a title names a document, it reports no event.

        The title opens with 关于 in the trigger's clause and closes with 的 +
        a document head (决定, 通知, 建议, 提案…) that is the trigger or follows
        it; a proposal verb (提出关于…的建议) or an ORG author
        (市政协关于…的提案) before 关于 makes the document itself the event."""
        ca = clause_start(text, a, 80)
        k = text.rfind(TITLE_OPEN, ca, a)
        if k < 0:
            return False
        head = text[a:b]
        ce = clause_end(text, b, 80)
        if head in self.lx.title_heads and text[a - 1 : a] == "的":
            before = text[ca:k]
            if any(v in before for v in self.lx.proposal_verbs) or re.search(r"(?:政协|委员会|党|会)$", before):
                return False
            return True
        return re.search(r"的(?:%s)" % "|".join(map(re.escape, self.lx.title_heads)), text[b:ce]) is not None

    def names_decision(self, text: str, a: int, b: int) -> bool:
        """(审议通过了…)召开X的决定: a decision's title, with or without 关于."""
        return DECISION.search(text, b, clause_end(text, b, 80)) is not None

    # ------------------------------------------------------------- compounds
    @staticmethod
    def compounds(text: str, triggers: List[Trigger]) -> List[Trigger]:
        """ANNOTATION.md 6: merge same-type neighbours; the head wins over a modifier."""
        out: List[Trigger] = []
        for t in triggers:
            if out:
                prev = out[-1]
                link = text[prev.b : t.a]
                if link == "" and prev.type == t.type:
                    prev.b, prev.rule = t.b, "trigger:compound"
                    continue
                if link in ("性", "式") or (link == "" and t.type == "SUPERVISION"):
                    out[-1] = t
                    t.rule = "trigger:compound"
                    continue
            out.append(t)
        return out

    # --------------------------------------------------------------- license
    def license(self, text: str, triggers: List[Trigger], ents: SpanIndex, sents) -> List[Trigger]:
        """Type-specific conditions: a meeting for CONVENE, a submission for the nouns."""
        out = []
        skip_until = -1
        for i, t in enumerate(triggers):
            word = text[t.a : t.b]
            if t.type == "CONVENE":
                rule = self.convene_licence(text, t, ents, sents)
                if rule is None:
                    continue
                t.rule = rule
            elif t.type == "PROPOSAL":
                if t.a < skip_until:
                    continue
                if word == "提交":
                    end = clause_end(text, t.b)
                    nxt = None
                    for u in triggers[i + 1 :]:
                        if u.a >= end:
                            break
                        if u.type == "PROPOSAL":
                            nxt = u
                            break
                    if nxt is None:
                        continue
                    skip_until = nxt.b
                    t.rule = "trigger:proposal_submit"
                elif word in ("提案", "建议", "议案"):
                    rule = self.proposal_noun(text, t, ents)
                    if rule is None:
                        continue
                    t.rule = rule
                elif word == "立案" and text[t.b : t.b + 2] == "提案":
                    skip_until = t.b + 2
            out.append(t)
        return out

    def proposal_noun(self, text: str, t: Trigger, ents: SpanIndex):
        word = text[t.a : t.b]
        left = text[max(0, t.a - 6) : t.a]
        if any(left.endswith(v) for v in self.lx.proposal_verbs):
            return "trigger:proposal_noun"
        quantities = [e for e in ents.inside(max(0, t.a - 16), t.b + 8) if e.label == "QUANTITY"]
        if quantity_near(quantities, t.a, t.b, text, before=4, after=1):
            return "trigger:proposal_noun"
        if word == "建议":
            if any(left.endswith(m) for m in self.lx.proposal_mods):
                return "trigger:proposal_noun"
            if any(left.endswith(p) for p in self.lx.proposers):
                return "trigger:proposal_verb"  # 委员们建议，…: a suggestion made
        return None

    def convene_licence(self, text: str, t: Trigger, ents: SpanIndex, sents):
        end = clause_end(text, t.b)
        start = clause_start(text, t.a)
        meetings = [e for e in ents.inside(start, end) if e.label == "MEETING"]
        quotes = [
            (qa, qb)
            for qa, qb in bracketed(text, "“", "”", start, end)
            if not any(e.b == qb - 1 for e in meetings) or text.startswith("等", qb)
        ]
        for e in meetings:
            if ((t.b <= e.a < end) or e.b <= t.a) and not any(qa < e.b and e.a < qb for qa, qb in quotes):
                return "trigger:convene_meeting"
        word = text[t.a : t.b]
        bare = self.lx.bare_meetings
        if before_word(text, t.a, bare, reach=8) or after_word(text, t.b, bare):
            return "trigger:convene_bare"  # 祝贺大会召开, 开好这次会议
        if word in SUBJECT_VERBS:
            # the sentence's meeting is the subject of a later clause (…会议圆满完成议程，在X闭幕)
            sa = max(sents.of(t.a)[0], t.a - MAX_SCOPE)
            for e in ents.inside(sa, t.a):
                if e.label == "MEETING" and text[e.a - 1 : e.a] not in ("在", "于") and not text.startswith("上", e.b):
                    return "trigger:convene_subject"
        return None

    # -------------------------------------------------------------- headings
    def drop_headings(self, text: str, triggers: List[Trigger], ents: SpanIndex, sents) -> List[Trigger]:
        """Section headings (紧扣中心任务协商议政。) name a field of work, not an event.

        A heading is a short first sentence of a line that holds no entity and
        no verb reporting an activity (开展, 组织)."""
        out = []
        for t in triggers:
            a, b = sents.of(t.a)
            if b - a > 60:
                out.append(t)
                continue
            body = re.sub(r"[\s—\-－·•（）()0-9一二三四五六七八九十、.．。；，：！？]", "", text[a:b])
            line_start = text.rfind("\n", max(0, a - 40), a) + 1
            first_of_line = (line_start > 0 or a < 40) and not text[line_start:a].strip()
            has_ent = bool(ents.inside(a, b))
            reported = any(v in text[a:b] for v in self.lx.activity)
            if first_of_line and len(body) <= 14 and not has_ent and not reported:
                continue
            out.append(t)
        return out

    def specific_enough(self, text: str, t: Trigger) -> bool:
        """ANNOTATION.md 6: an exhortation (加强…协商) is an event only with a specific filler."""
        left = text[max(t.clause[0], t.a - 10) : t.a]
        for v in self.lx.activity:
            if left.endswith(v):
                left = left[: -len(v)]
                break
        left = MANNER_BEFORE.sub("", left)  # 推动协同|调研, 积极主动|协商
        if not any(left.endswith(w) for w in self.lx.intent):
            return True
        if after_word(text, t.b, self.lx.product):
            return True
        return any(
            role in ("TOPIC", "MEETING", "COUNT") or (role == "TIME" and rule == "time:sentence")
            for role, _, rule in t.args
        )


def quantity_near(quantities: List[Ent], a: int, b: int, text: str, *, before: int, after: int) -> bool:
    for e in quantities:
        if PERSON_TIMES.search(e.text):
            continue
        if 0 <= a - e.b <= before and not re.search(r"[，。；、]", text[e.b : a]):
            return True
        if 0 <= e.a - b <= after:
            return True
    return False
