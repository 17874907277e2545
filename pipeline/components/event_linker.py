"""The event linker: CPPCC events (who consulted, proposed, convened, inspected,
supervised what, when, how often) from trigger words, entities and punctuation.

Rules read the *view* (Simplified, gloss-free, one form of punctuation) and the
entities in ``doc.ents``; everything they write is in original offsets, so an
exporter only copies ``doc._.events``. Each event and argument names the rule
that produced it (``source``) and a confidence, so a user can audit and filter.

Steps, all linear in the text:

1. Triggers: longest lexicon match on the view (``data/event_lexicon.txt``),
   dropped inside 《》 titles, entities, page chrome, concept phrases
   (协商民主, 提案工作), before a concept head (协商|计划), after a manner or
   negation prefix (不|调研, 高质量|协商). CONVENE needs a MEETING; the nouns
   提案/建议 need a proposal verb, modifier or count.
2. Compounds (ANNOTATION.md 6): same-type neighbours merge (考察调研); a head
   event word wins over its modifier (视察|监督, 监督性|调研视察).
3. Arguments from the trigger's sentence and the clause chain it continues:
   AGENT (subject ORG, or carried from the previous sentence of the
   paragraph), MEETING, TIME, COUNT (shared over coordinated triggers, never
   人次), TOPIC (after 围绕/就/聚焦/关于/为, quoted or up to 等议题),
   PLACE (在/赴/到 + place before the trigger).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import get_view, kept_offsets, original_text
from ..lexicons import LEXICON_DIR, alternation, read_sections
from .rule_tagger import chrome_view_ranges

DEFAULT_LEXICON = LEXICON_DIR / "event_lexicon.txt"
EVENT_TYPES = ("CONSULTATION", "PROPOSAL", "CONVENE", "RESEARCH", "SUPERVISION")
ROLES = ("AGENT", "MEETING", "TIME", "COUNT", "TOPIC", "PLACE")

CLAUSE_END = set("，；。！？：\n")
SENT_END = set("。！？；\n")
OPEN_QUOTES = "“《「『"
CLOSE_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』"}
UNQUOTED_TOPIC_END = re.compile(r"等(?:议题|问题|方面|重点问题|领域|内容|工作)?|(?:议题|问题|主题|为主题|方面)")
_LIST_TAIL = re.compile(r"(?:、[^、，。；：！？\n“”《》]{1,8})+")
PERSON_TIMES = re.compile(r"人次|人$|名$|位$|%|％|率")

# Confidence of each rule, from how often it was right on the seed gold.
CONFIDENCE = {
    "trigger:lexicon": 0.85,
    "trigger:compound": 0.85,
    "trigger:convene_meeting": 0.9,
    "trigger:proposal_submit": 0.85,
    "trigger:proposal_noun": 0.7,
    "trigger:intent_specific": 0.6,
    "agent:subject": 0.75,
    "agent:organiser": 0.8,
    "agent:by": 0.8,
    "agent:coordinated": 0.7,
    "agent:carried": 0.55,
    "meeting:object": 0.9,
    "meeting:context": 0.7,
    "time:sentence": 0.75,
    "time:carried": 0.5,
    "count:adjacent": 0.85,
    "count:meeting": 0.8,
    "count:shared": 0.7,
    "topic:marker": 0.7,
    "topic:object": 0.65,
    "topic:quote": 0.75,
    "topic:shared": 0.55,
    "place:marker": 0.7,
}


def read_lexicon(path) -> Dict[str, Any]:
    """Parse the sectioned lexicon file into {section: [entries]} and {word: TYPE}."""
    triggers: Dict[str, str] = {}
    rest: Dict[str, List[str]] = {}
    for section, entries in read_sections(path).items():
        if section.startswith("trigger "):
            etype = section.split()[1]
            if etype not in EVENT_TYPES:
                raise ValueError(f"{path}: unknown event type {etype}")
            triggers.update((word, etype) for word in entries)
        else:
            rest[section] = entries
    return {"triggers": triggers, **rest}


@Language.factory(
    "event_linker",
    assigns=["doc._.events"],
    requires=["doc.ents"],
    default_config={
        "lexicon_path": None,
        "carry_agent": True,
        "max_topic_chars": 120,
        "max_place_chars": 12,
        "min_confidence": 0.0,
    },
)
def make_event_linker(
    nlp: Language,
    name: str,
    lexicon_path: Optional[str],
    carry_agent: bool,
    max_topic_chars: int,
    max_place_chars: int,
    min_confidence: float,
):
    return EventLinker(
        nlp,
        name,
        lexicon_path=lexicon_path,
        carry_agent=carry_agent,
        max_topic_chars=max_topic_chars,
        max_place_chars=max_place_chars,
        min_confidence=min_confidence,
    )


class _Ent:
    """A doc entity in view offsets, with its original kept offsets and norm."""

    __slots__ = ("a", "b", "label", "start", "end", "text", "norm")

    def __init__(self, a, b, label, start, end, text, norm):
        self.a, self.b, self.label = a, b, label
        self.start, self.end, self.text, self.norm = start, end, text, norm


class _Trigger:
    __slots__ = ("a", "b", "type", "rule", "args", "sent", "clause")

    def __init__(self, a, b, etype, rule):
        self.a, self.b, self.type, self.rule = a, b, etype, rule
        self.args: List[Tuple[str, Any, str]] = []  # (role, _Ent or (a, b), rule)
        self.sent = (0, 0)
        self.clause = (0, 0)


class EventLinker:
    """Rule-based event extraction over the view; writes ``doc._.events``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "event_linker",
        *,
        lexicon_path: Optional[str] = None,
        carry_agent: bool = True,
        max_topic_chars: int = 120,
        max_place_chars: int = 12,
        min_confidence: float = 0.0,
    ):
        self.name = name
        self.cfg: Dict[str, Any] = {
            "carry_agent": carry_agent,
            "max_topic_chars": max_topic_chars,
            "max_place_chars": max_place_chars,
            "min_confidence": min_confidence,
        }
        self.nlp = nlp
        self._org_lexicon = None
        self.set_lexicon(read_lexicon(lexicon_path or DEFAULT_LEXICON))

    # ---------------------------------------------------------------- lexicon
    def set_lexicon(self, lexicon: Dict[str, Any]) -> None:
        self.lexicon = lexicon
        lx = lambda key: lexicon.get(key, [])  # noqa: E731
        self._trigger_re = re.compile(alternation(lexicon["triggers"]))
        self._not_event_re = re.compile(alternation(lx("not_event"))) if lx("not_event") else None
        self._concept = sorted(set(lx("concept_head")), key=len, reverse=True)
        self._product = sorted(set(lx("product_head")), key=len, reverse=True)
        self._blocked = sorted(set(lx("blocked_prefix")), key=len, reverse=True)
        self._intent = sorted(set(lx("intent_prefix")), key=len, reverse=True)
        self._activity = sorted(set(lx("activity_verb")), key=len, reverse=True)
        self._topic_re = re.compile(alternation(lx("topic_marker")))
        self._place = sorted(set(lx("place_marker")), key=len, reverse=True)
        self._proposal_verbs = sorted(set(lx("proposal_verb")), key=len, reverse=True)
        self._proposal_mods = sorted(set(lx("proposal_modifier")), key=len, reverse=True)
        self._coord = sorted(set(lx("coord")), key=len, reverse=True)
        self._subject_lead = set(lx("subject_lead"))
        adverbial = lx("adverbial_lead")
        self._adverbial_re = (
            re.compile(r"(?:" + alternation(adverbial) + r")[^。；！？\n]*[，,]\s*$") if adverbial else None
        )
        members = lx("member_tail")
        self._member_re = re.compile(alternation(members)) if members else None
        self._outside = sorted(set(lx("outside_party")), key=len, reverse=True)
        titles = lx("person_title")
        self._person_re = re.compile(r"(?:" + alternation(titles) + r")(?:\d{4}年)?$") if titles else None
        tails = lx("designation_tail")
        self._designation_re = (
            re.compile(r"[^，。；、：！？\n]{0,8}?(?:" + alternation(tails) + ")") if tails else None
        )

    # ------------------------------------------------------------------- call
    def __call__(self, doc: Doc) -> Doc:
        view = get_view(doc)
        text = view.text
        ents = self._entities(doc, view)
        sents = self._sentences(doc, view)
        triggers = self._find_triggers(text, ents, chrome_view_ranges(doc))
        triggers = self._compounds(text, triggers)
        triggers = self._license(text, triggers, ents)
        triggers = self._drop_headings(text, triggers, ents, sents)
        self._link(text, triggers, ents, sents)
        triggers = [t for t in triggers if self._specific_enough(text, t)]
        doc._.events = self._to_dicts(doc, view, triggers)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    @staticmethod
    def _entities(doc: Doc, view) -> List[_Ent]:
        out = []
        original = original_text(doc)
        for ent in doc.ents:
            start, end = kept_offsets(ent, view)  # ent._.offsets, without rebuilding the view
            a, b = view.from_original(start, end)
            if b > a:
                out.append(_Ent(a, b, ent.label_, start, end, original[start:end], ent._.norm))
        out.sort(key=lambda e: e.a)
        return out

    @staticmethod
    def _sentences(doc: Doc, view) -> List[Tuple[int, int]]:
        out = []
        for sent in doc.sents:
            a, b = view.from_original(sent.start_char, sent.end_char)
            if b > a:
                out.append((a, b))
        return out or [(0, len(view.text))]

    # --------------------------------------------------------------- triggers
    def _find_triggers(self, text: str, ents: List[_Ent], chrome) -> List[_Trigger]:
        blocked = []
        if self._not_event_re is not None:
            blocked = [m.span() for m in self._not_event_re.finditer(text)]
        titles = _bracketed(text, "《", "》") + _bracketed(text, "“", "”")
        ent_spans = [(e.a, e.b) for e in ents if e.label in ("MEETING", "ORG")]
        out = []
        for m in self._trigger_re.finditer(text):
            a, b = m.span()
            if _overlaps_any(a, b, blocked) or _overlaps_any(a, b, titles) or _overlaps_any(a, b, chrome):
                continue
            if _overlaps_any(a, b, ent_spans):
                continue
            etype = self.lexicon["triggers"][m.group()]
            if (
                etype != "CONVENE"
                and self._after_word(text, b, self._concept)
                and not self._after_word(text, b, self._product)
            ):
                continue  # CONVENE words are verbs; its licence is the meeting
            if self._before_word(text, a, self._blocked):
                continue
            if self._designation_re is not None and self._designation_re.match(text, b):
                continue
            if self._list_of_concepts(text, b):
                continue
            if etype == "RESEARCH" and self._by_outside_party(text, a):
                continue
            out.append(_Trigger(a, b, etype, "trigger:lexicon"))
        return out

    def _by_outside_party(self, text: str, a: int) -> bool:
        """组织工商界人士到贺州考察: private visitors, not an event."""
        clause = text[_clause_start(text, a) : a]
        return any(w in clause for w in self._outside)

    def _list_of_concepts(self, text: str, b: int) -> bool:
        """An event word listed before a concept head (政治协商、民主监督、参政议政职能)."""
        m = _LIST_TAIL.match(text, b)
        if m is None:
            return False
        last = m.group().rsplit("、", 1)[-1]
        return any(len(h) > 1 and last.endswith(h) for h in self._concept)

    def _compounds(self, text: str, triggers: List[_Trigger]) -> List[_Trigger]:
        """ANNOTATION.md 6: merge same-type neighbours; the head wins over a modifier."""
        out: List[_Trigger] = []
        for t in triggers:
            if out:
                prev = out[-1]
                link = text[prev.b : t.a]
                if link == "" and prev.type == t.type:
                    prev.b, prev.rule = t.b, "trigger:compound"
                    continue
                if link in ("性", "式") or (link == "" and t.type == "SUPERVISION"):
                    out[-1] = t  # the modifier is not an event of its own
                    t.rule = "trigger:compound"
                    continue
            out.append(t)
        return out

    def _license(self, text: str, triggers: List[_Trigger], ents: List[_Ent]) -> List[_Trigger]:
        """Type-specific conditions: a meeting for CONVENE, a submission for the nouns."""
        meetings = [e for e in ents if e.label == "MEETING"]
        quantities = [e for e in ents if e.label == "QUANTITY"]
        out = []
        skip_until = -1
        for i, t in enumerate(triggers):
            word = text[t.a : t.b]
            if t.type == "CONVENE":
                if not self._meeting_for(text, t, meetings):
                    continue
                t.rule = "trigger:convene_meeting"
            elif t.type == "PROPOSAL":
                if t.a < skip_until:
                    continue
                if word == "提交":
                    end = _clause_end(text, t.b)
                    nxt = [u for u in triggers[i + 1 :] if u.a < end and u.type == "PROPOSAL"]
                    if not nxt:
                        continue
                    skip_until = nxt[0].b
                    t.rule = "trigger:proposal_submit"
                elif word in ("提案", "建议"):
                    if not self._proposal_noun(text, t, quantities):
                        continue
                    t.rule = "trigger:proposal_noun"
                elif word in ("立案",) and text[t.b : t.b + 2] == "提案":
                    skip_until = t.b + 2
            out.append(t)
        return out

    def _proposal_noun(self, text: str, t: _Trigger, quantities: List[_Ent]) -> bool:
        word = text[t.a : t.b]
        left = text[max(0, t.a - 6) : t.a]
        if any(left.endswith(v) for v in self._proposal_verbs):
            return True
        if _quantity_near(quantities, t.a, t.b, text, before=4, after=1):
            return True
        if word == "建议":
            if any(left.endswith(m) for m in self._proposal_mods):
                # a verb 建议 (建议聚焦…) follows a comma; a noun is followed by
                # punctuation, a verb of its fate (被, 落地) or a count
                return True
        return False

    @staticmethod
    def _meeting_for(text: str, t: _Trigger, meetings: List[_Ent]) -> bool:
        end = _clause_end(text, t.b)
        start = _clause_start(text, t.a)
        # a meeting inside a quote counts only as the quoted name itself
        # (“…履职分享会”), not inside a quoted activity (“港澳委员进东博”等)
        quotes = [
            (qa, qb)
            for qa, qb in _bracketed(text[start:end], "“", "”", offset=start)
            if not any(e.b == qb - 1 for e in meetings) or text.startswith("等", qb)
        ]
        return any(
            ((t.b <= e.a < end) or (start <= e.a and e.b <= t.a)) and not _overlaps_any(e.a, e.b, quotes)
            for e in meetings
        )

    def _drop_headings(self, text: str, triggers: List[_Trigger], ents: List[_Ent], sents) -> List[_Trigger]:
        """Section headings (紧扣中心任务协商议政。) name a field of work, not an event.

        A heading is a short first sentence of a line that holds no entity and
        no verb reporting an activity (开展, 组织)."""
        activity = self._activity
        out = []
        ent_starts = [e.a for e in ents]
        starts = [a for a, _ in sents]
        for t in triggers:
            k = max(0, bisect_right(starts, t.a) - 1)
            a, b = sents[k]
            body = re.sub(r"[\s—\-－·•（）()0-9一二三四五六七八九十、.．。；，：！？]", "", text[a:b])
            line_start = text.rfind("\n", 0, a) + 1
            first_of_line = not text[line_start:a].strip()
            has_ent = bisect_right(ent_starts, b - 1) > bisect_right(ents and ent_starts, a - 1)
            reported = any(v in text[a:b] for v in activity)
            if first_of_line and len(body) <= 14 and not has_ent and not reported:
                continue
            out.append(t)
        return out

    def _specific_enough(self, text: str, t: _Trigger) -> bool:
        """ANNOTATION.md 6: an exhortation (加强…协商) is an event only with a specific filler."""
        left = text[max(t.clause[0], t.a - 8) : t.a]
        for v in self._activity:
            if left.endswith(v):
                left = left[: -len(v)]
                break
        if not any(left.endswith(w) for w in self._intent):
            return True
        if self._after_word(text, t.b, self._product):
            return True
        return any(
            role in ("TOPIC", "MEETING", "COUNT") or (role == "TIME" and rule == "time:sentence")
            for role, _, rule in t.args
        )

    def _after_word(self, text: str, pos: int, words: Sequence[str]) -> bool:
        return any(text.startswith(w, pos) for w in words)

    def _before_word(self, text: str, pos: int, words: Sequence[str]) -> bool:
        left = text[max(0, pos - 6) : pos]
        return any(left.endswith(w) for w in words)

    # -------------------------------------------------------------- arguments
    def _link(self, text: str, triggers: List[_Trigger], ents: List[_Ent], sents: List[Tuple[int, int]]) -> None:
        sent_starts = [s for s, _ in sents]
        ent_starts = [e.a for e in ents]
        by_sent: Dict[int, List[_Trigger]] = {}
        for t in triggers:
            k = max(0, bisect_right(sent_starts, t.a) - 1)
            t.sent = sents[k]
            t.clause = (_clause_start(text, t.a), _clause_end(text, t.b))
            by_sent.setdefault(k, []).append(t)
        carried_agents: List[_Ent] = []
        carried_time: Optional[_Ent] = None
        newlines = [i for i, c in enumerate(text) if c == "\n"]
        para = -1
        for k, (sa, sb) in enumerate(sents):
            p = bisect_right(newlines, sa)
            if p != para:
                carried_agents, carried_time = [], None  # a new paragraph
                para = p
            lo, hi = bisect_right(ent_starts, sa - 1), bisect_right(ent_starts, sb - 1)
            sent_ents = ents[lo:hi]
            subjects = self._subjects(text, sa, sent_ents)
            lead_time = self._lead_time(text, sa, sent_ents)
            for t in by_sent.get(k, []):
                self._arguments(text, t, sent_ents, subjects, carried_agents, lead_time, carried_time)
            if subjects:
                carried_agents = subjects
            chain = text[sb - 1 : sb] == "；"
            if lead_time is not None:
                carried_time = lead_time
            elif not chain:
                carried_time = None
        self._share(text, triggers)

    def _subjects(self, text: str, sa: int, sent_ents: List[_Ent]) -> List[_Ent]:
        """ORG subjects at the head of a sentence (after a leading time or adverbial)."""
        orgs = [e for e in sent_ents if e.label == "ORG"]
        if not orgs:
            return []
        first = orgs[0]
        lead = text[sa : first.a]
        # allowed before the subject: a time phrase and its comma, list numbering
        lead_clean = lead
        for e in sent_ents:
            if e.label == "DATE" and e.b <= first.a:
                lead_clean = lead_clean.replace(text[e.a : e.b], "")
        lead_clean = re.sub(r"[\s，、：:（）()0-9一二三四五六七八九十.．-]|^--|—", "", lead_clean)
        if lead_clean and lead_clean not in self._subject_lead:
            lead_text = re.sub(r"^[\s\d.．、）)]*", "", text[sa : first.a])
            if self._adverbial_re is None or not self._adverbial_re.match(lead_text):
                return []
        if self._names_people(text, first):
            return []
        out = [first]
        for e in orgs[1:]:
            gap = text[out[-1].b : e.a]
            if gap in ("、", "和", "及", "与", "联合", "会同", "，联合") or re.fullmatch(
                r"、?(?:和|及|与|联合|会同)?", gap
            ):
                out.append(e)
            else:
                break
        return out

    def _names_people(self, text: str, e: _Ent) -> bool:
        """全国政协委员: the ORG describes people, who act as themselves."""
        return self._member_re is not None and self._member_re.match(text, e.b) is not None

    @staticmethod
    def _lead_time(text: str, sa: int, sent_ents: List[_Ent]) -> Optional[_Ent]:
        for e in sent_ents:
            if e.label == "DATE" and len(re.sub(r"[\s—\-]", "", text[sa : e.a])) <= 8:
                return e
            break
        return None

    def _arguments(self, text, t, sent_ents, subjects, carried_agents, lead_time, carried_time) -> None:
        sa, sb = t.sent
        ca, cb = t.clause
        quotes = _bracketed(text[sa:sb], "“", "”", offset=sa) + _bracketed(text[sa:sb], "《", "》", offset=sa)
        # MEETING
        meetings = self._meetings(text, t, sent_ents)
        for e, rule in meetings:
            t.args.append(("MEETING", e, rule))
        # AGENT
        # the subject, also for an event inside the adverbial clause before it
        agents = [e for e in subjects if e.b <= t.a] or [e for e in subjects if subjects and t.b <= subjects[0].a]
        if self._person_re is not None and self._person_re.search(text, max(sa, t.a - 12), t.a):
            agents = []  # 总书记视察: a person acts
            person = True
        else:
            person = False
        organisers = []
        for m, _ in meetings:
            for e in sent_ents:
                if e.label == "ORG" and m.a - 3 <= e.b <= m.a and e.a >= t.b and not _overlaps_any(e.a, e.b, quotes):
                    organisers.append(e)
        by = self._by_agents(text, t, sent_ents, quotes)
        if organisers:
            for e in organisers:
                t.args.append(("AGENT", e, "agent:organiser"))
        elif by:
            for e in by:
                t.args.append(("AGENT", e, "agent:by"))
        elif person:
            pass
        elif agents:
            for e in agents:
                t.args.append(("AGENT", e, "agent:subject"))
        elif not organisers:
            local = self._clause_agent(text, t, sent_ents, quotes)
            if local:
                for e in local:
                    t.args.append(("AGENT", e, "agent:coordinated"))
            elif self.cfg["carry_agent"] and carried_agents:
                for e in carried_agents:
                    t.args.append(("AGENT", e, "agent:carried"))
        # TIME
        times = [e for e in sent_ents if e.label == "DATE" and e.b <= t.a and not _overlaps_any(e.a, e.b, quotes)]
        if times:
            t.args.append(("TIME", times[-1], "time:sentence"))
        elif lead_time is not None:
            t.args.append(("TIME", lead_time, "time:sentence"))
        elif carried_time is not None:
            t.args.append(("TIME", carried_time, "time:carried"))
        # COUNT
        count = self._count(text, t, sent_ents, meetings)
        for e, rule in count:
            t.args.append(("COUNT", e, rule))
        # TOPIC
        topic = self._topic(text, t, quotes, meetings)
        if topic:
            t.args.append(("TOPIC", topic[0], topic[1]))
        # PLACE
        place = self._place_of(text, t)
        if place:
            t.args.append(("PLACE", place, "place:marker"))

    def _meetings(self, text, t, sent_ents) -> List[Tuple[_Ent, str]]:
        ca, cb = t.clause
        ms = [e for e in sent_ents if e.label == "MEETING"]
        after = [e for e in ms if t.b <= e.a < cb]
        if t.type == "CONVENE" and after:
            first = after[0]
            out = [first]
            for e in after[1:]:
                gap = text[out[-1].b : e.a]
                if re.fullmatch(r"[”“]?[、和及与]?[0-9一二三四五六七八九十百余多个次期场]*[”“]?", gap):
                    out.append(e)
            # an opening gap that is only the organiser, a count or a quoted theme
            return [(e, "meeting:object") for e in out]
        before = [e for e in ms if ca <= e.a and e.b <= t.a]
        if before:
            return [(before[-1], "meeting:context" if t.type != "CONVENE" else "meeting:object")]
        if t.type == "CONVENE":
            return []
        # 在…会议上 / a meeting convened earlier in the sentence
        sent_before = [e for e in ms if t.sent[0] <= e.a and e.b <= t.a]
        if sent_before and "上" in text[sent_before[-1].b : sent_before[-1].b + 1]:
            return [(sent_before[-1], "meeting:context")]
        return []

    def _by_agents(self, text, t, sent_ents, quotes) -> List[_Ent]:
        """由X与Y共同举办的…(在南宁举行): the ORGs after 由 hold the event.

        For the verb right after them, for a CONVENE later in the sentence
        (the meeting they held takes place), and for every event after
        由X领导带队 (they lead the delegation)."""
        sa = t.sent[0]
        orgs = [e for e in sent_ents if e.label == "ORG" and sa <= e.a and e.b <= t.a and not _overlaps_any(e.a, e.b, quotes)]
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
                return chain  # 由市政协领导带队，深入企业调研: the body leads what follows
            verb = BY_VERB.match(text, chain[-1].b)
            if verb is None:
                continue
            if verb.end() >= t.a or (t.type == "CONVENE" and verb.end() <= t.a):
                return chain
        return []

    def _clause_agent(self, text, t, sent_ents, quotes) -> List[_Ent]:
        """An ORG right before the trigger's verb phrase in its own clause (X联合开展调研)."""
        ca = t.clause[0]
        orgs = [
            e
            for e in sent_ents
            if e.label == "ORG" and ca <= e.a and e.b <= t.a and not _overlaps_any(e.a, e.b, quotes)
        ]
        if not orgs:
            return []
        e = orgs[-1]
        if self._names_people(text, e) or any(m.label == "MEETING" and m.a == e.b for m in sent_ents):
            return []  # 全国政协委员; 中共(二十大)
        left = text[max(ca, e.a - 1) : e.a]
        if left and left in "在到赴向对与同给为由经把将":
            return []
        return [e]

    def _count(self, text, t, sent_ents, meetings) -> List[Tuple[_Ent, str]]:
        qs = [e for e in sent_ents if e.label == "QUANTITY" and not PERSON_TIMES.search(e.text)]
        if not qs:
            return []
        ca, cb = t.clause
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
            gap = text[t.b : e.a]
            if t.b <= e.a and re.fullmatch(r"(?:活动|工作|会议|报告|性内容)?", gap):
                return [(e, "count:adjacent")]
        # straight before the trigger (47件重点提案, 20多个专题协商)
        for e in qs:
            gap = text[e.b : t.a]
            if e.b <= t.a and len(gap) <= 4 and not re.search(r"[，。；、的]", gap):
                return [(e, "count:adjacent")]
        # around the meetings of a CONVENE (召开X11次)
        if out:
            return out
        # the object's count after the trigger in the clause (提出意见建议150多条)
        for e in qs:
            if t.b <= e.a < cb and e.a - t.b <= 6 and not any(m.a < e.a for m, _ in meetings):
                return [(e, "count:adjacent")]
        return []

    def _topic(self, text, t, quotes, meetings) -> Optional[Tuple[Tuple[int, int], str]]:
        sa, sb = t.sent
        ca, cb = t.clause
        maxc = self.cfg["max_topic_chars"]
        # a quoted theme between the trigger and its meeting (举办“…”主题书画展)
        if meetings:
            m = meetings[0][0]
            names = {(e.a, e.b) for e, _ in meetings}
            for qa, qb in quotes:
                if t.b <= qa and qb <= m.a and (qa + 1, qb - 1) not in names:
                    return (qa + 1, qb - 1), "topic:quote"
        # a quoted theme right before the trigger (开展“…”专题调研)
        for qa, qb in quotes:
            if ca <= qa and qb <= t.a and qb - qa <= maxc and QUOTE_BEFORE_TRIGGER.fullmatch(text, qb, t.a):
                return (qa + 1, qb - 1), "topic:quote"
        # the last topic marker before the trigger in its sentence
        best = None
        for mm in self._topic_re.finditer(text, sa, t.a):
            if _word_internal(text, mm.start(), mm.end()):
                continue
            best = mm
        # in the trigger's own clause, 对X开展/进行 beats a marker of an earlier clause
        if best is None or best.start() < ca:
            obj = OBJECT_TOPIC.search(text, ca, t.a)
            if obj is not None:
                return obj.span(1), "topic:object"
        if best is not None:
            ta = best.end()
            if ta < t.a and text[ta] in OPEN_QUOTES:
                close = CLOSE_QUOTES[text[ta]]
                qb = text.find(close, ta + 1, sb)
                if qb > ta + 1:
                    return (ta + 1, qb), "topic:quote"
            end = UNQUOTED_TOPIC_END.search(text, ta, t.a)
            te = end.start() if end else None
            if te is None:
                # up to the clause end after the marker, or up to the trigger
                te = min(_clause_end(text, ta), t.a)
                # strip a trailing activity verb (就X开展…)
                seg = text[ta:te]
                for v in self._activity:
                    k = seg.rfind(v)
                    if k > 0:
                        te = ta + k
                        seg = text[ta:te]
            if te - ta >= 2 and te - ta <= maxc and not text[te - 1] == "地":
                return (ta, te), "topic:marker"
        # a quote right after the trigger (召开“…”研讨会 handled above; 开展“…”调研)
        for qa, qb in quotes:
            if t.b <= qa <= t.b + 2 and qb - qa <= maxc:
                return (qa + 1, qb - 1), "topic:quote"
        return None

    def _place_of(self, text, t) -> Optional[Tuple[int, int]]:
        ca = t.clause[0]
        maxp = self.cfg["max_place_chars"]
        seg_start = max(ca, t.a - maxp - 2)
        best = None
        for w in self._place:
            k = text.rfind(w, seg_start, t.a)
            if k >= 0 and (best is None or k > best[0]):
                best = (k, k + len(w))
        if best is None:
            return self._place_after(text, t)
        pa = best[1]
        pe = t.a
        if text[best[0] : pa] == "在" and CIRCUMSTANCE_END.search(text, pa, _clause_end(text, pa)):
            return None  # 在年度协商…活动中: a circumstance, not a place
        # strip an activity verb between the place and the trigger (在南宁召开, 到X开展调研)
        seg = text[pa:pe]
        for v in self._activity + ["调研", "视察", "考察", "举行", "举办", "召开", "开幕", "闭幕"]:
            k = seg.find(v)
            if k > 0:
                pe = pa + k
                seg = text[pa:pe]
        seg = seg.rstrip("的")
        pe = pa + len(seg)
        if pe - pa < 1 or any(c in "，。；、“”《》" for c in seg) or self._trigger_re.search(seg):
            return None  # 在年度协商…中: an adverbial of activities, not a place
        return pa, pe

    def _place_after(self, text, t) -> Optional[Tuple[int, int]]:
        """视察广西, 考察贺州: a gazetteer place straight after a RESEARCH word."""
        if t.type != "RESEARCH":
            return None
        lex = self.org_lexicon
        for k in range(min(lex.max_place, len(text) - t.b), 1, -1):
            if text[t.b : t.b + k] in lex.places:
                return t.b, t.b + k
        return None

    @property
    def org_lexicon(self):
        """Place names come from the org_tagger's lexicon, as its ORGs do."""
        if self._org_lexicon is None:
            from .org_tagger import pipeline_lexicon

            self._org_lexicon = pipeline_lexicon(self.nlp)
        return self._org_lexicon

    def _share(self, text, triggers: List[_Trigger]) -> None:
        """A COUNT, TOPIC or MEETING stated once for coordinated triggers goes to each."""
        for i in range(len(triggers) - 1, 0, -1):
            t, prev = triggers[i], triggers[i - 1]
            gap = text[prev.b : t.a]
            coordinated = prev.sent == t.sent and (
                gap == "" or re.fullmatch(r"[、和及与]|、?“[^”]{0,12}”|和建议", gap) is not None
            )
            if coordinated:
                roles_prev = {r for r, _, _ in prev.args}
                for role, filler, _rule in t.args:
                    if role in ("COUNT", "TOPIC") and role not in roles_prev:
                        prev.args.append((role, filler, "count:shared" if role == "COUNT" else "topic:shared"))
            elif prev.clause == t.clause and prev.type == t.type == "PROPOSAL":
                # 912件立案提案全部办复: the count of the first step counts the second
                if not any(r == "COUNT" for r, _, _ in t.args):
                    t.args.extend((r, f, "count:shared") for r, f, _ in prev.args if r == "COUNT")

    # ----------------------------------------------------------------- output
    def _to_dicts(self, doc: Doc, view, triggers: List[_Trigger]) -> List[Dict[str, Any]]:
        out = []
        original = original_text(doc)
        minc = self.cfg["min_confidence"]
        for t in triggers:
            start, end = view.to_original(t.a, t.b)
            s_start, s_end = view.to_original(t.sent[0], t.sent[1]) if t.sent[1] > t.sent[0] else (start, end)
            conf = CONFIDENCE.get(t.rule, 0.5)
            if conf < minc:
                continue
            args = []
            seen = set()
            for role, filler, rule in t.args:
                if isinstance(filler, _Ent):
                    a_start, a_end, label, norm = filler.start, filler.end, filler.label, filler.norm
                else:
                    a, b = filler
                    if b <= a:
                        continue
                    a_start, a_end = view.to_original(a, b)
                    label, norm = None, None
                key = (role, a_start, a_end)
                if key in seen:
                    continue
                seen.add(key)
                aconf = round(min(conf, CONFIDENCE.get(rule, 0.5)), 2)
                if aconf < minc:
                    continue
                args.append(
                    {
                        "role": role,
                        "start": a_start,
                        "end": a_end,
                        "text": original[a_start:a_end],
                        "label": label,
                        "norm": norm,
                        "source": f"rule:{rule}",
                        "confidence": aconf,
                    }
                )
            out.append(
                {
                    "id": f"E{len(out) + 1}",
                    "type": t.type,
                    "trigger": {"start": start, "end": end, "text": original[start:end]},
                    "sentence": {"start": s_start, "end": s_end},
                    "source": f"rule:{t.rule}",
                    "confidence": conf,
                    "arguments": args,
                }
            )
        return out

    # ---------------------------------------------------------- serialisation
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg, "lexicon": self.lexicon})

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "EventLinker":
        msg = srsly.msgpack_loads(data)
        self.cfg.update(msg["cfg"])
        self.set_lexicon(msg["lexicon"])
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)
        srsly.write_json(path / "lexicon.json", self.lexicon)

    def from_disk(self, path, *, exclude=tuple()) -> "EventLinker":
        path = Path(path)
        if (path / "cfg.json").exists():
            self.cfg.update(srsly.read_json(path / "cfg.json"))
        if (path / "lexicon.json").exists():
            self.set_lexicon(srsly.read_json(path / "lexicon.json"))
        return self


# -------------------------------------------------------------------- helpers
BY_LEAD = re.compile(r"(?:主要)?(?:领导|负责同志)?(?:带队|率队)")
BY_VERB = re.compile(r"(?:共同|联合)?(?:主办|举办|承办|召开|组织|举行|开展)")
CIRCUMSTANCE_END = re.compile(r"(?:中|时|期间|之际|过程|以来|之后|之前)[，,]?$")
QUOTE_BEFORE_TRIGGER = re.compile(r"(?:专题|专项|主题|重点)?")
OBJECT_TOPIC = re.compile(r"对([^，。；、“”《》]{2,40}?)(?:开展|进行)(?:专项|专题|集中|重点)?$")


def _overlaps_any(a: int, b: int, ranges: Sequence[Tuple[int, int]]) -> bool:
    return any(a < rb and ra < b for ra, rb in ranges)


def _bracketed(text: str, open_: str, close: str, offset: int = 0) -> List[Tuple[int, int]]:
    """Ranges (including the marks) of bracketed stretches on one line."""
    out = []
    for m in re.finditer(re.escape(open_) + r"[^" + re.escape(close) + r"\n]{0,200}" + re.escape(close), text):
        out.append((m.start() + offset, m.end() + offset))
    return out


def _clause_end(text: str, pos: int) -> int:
    n = len(text)
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


def _clause_start(text: str, pos: int) -> int:
    depth = 0
    i = pos - 1
    while i >= 0:
        c = text[i]
        if c in "”》）":
            depth += 1
        elif c in "“《（":
            depth = max(0, depth - 1)
        elif c in CLAUSE_END and (depth == 0 or c == "\n"):
            return i + 1
        i -= 1
    return 0


# Characters that make a one-character topic marker part of a word (作为, 成就).
_MARKER_WORD_LEFT = {"为": set("作成更因认行较最以"), "就": set("成造也迁早")}
_MARKER_WORD_RIGHT = {"为": set("主止了"), "就": set("近是要在业")}


def _word_internal(text: str, a: int, b: int) -> bool:
    word = text[a:b]
    left = text[a - 1] if a else ""
    right = text[b] if b < len(text) else ""
    return left in _MARKER_WORD_LEFT.get(word, ()) or right in _MARKER_WORD_RIGHT.get(word, ())


def _quantity_near(quantities: List[_Ent], a: int, b: int, text: str, *, before: int, after: int) -> bool:
    for e in quantities:
        if PERSON_TIMES.search(e.text):
            continue
        if 0 <= a - e.b <= before and not re.search(r"[，。；、]", text[e.b : a]):
            return True
        if 0 <= e.a - b <= after:
            return True
    return False
