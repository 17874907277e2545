"""The event lexicon: parsed from its sectioned file, compiled once per linker."""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List

from ..lexicons import LEXICON_DIR, alternation, read_sections

DEFAULT_LEXICON = LEXICON_DIR / "event_lexicon.txt"
EVENT_TYPES = ("CONSULTATION", "PROPOSAL", "CONVENE", "RESEARCH", "SUPERVISION")
ROLES = ("AGENT", "MEETING", "TIME", "COUNT", "TOPIC", "PLACE")


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


def _longest_first(words) -> List[str]:
    return sorted(set(words), key=len, reverse=True)


def _optional_re(words, template="{}"):
    return re.compile(template.format(alternation(words))) if words else None


class Lexicon:
    """Compiled views of the lexicon sections the steps use."""

    def __init__(self, data: Dict[str, Any]):
        self.data = data
        self.cache: Dict[Any, Any] = {}  # rule objects built from these words, per setting
        lx = lambda key: data.get(key, [])  # noqa: E731
        self.triggers: Dict[str, str] = data["triggers"]
        self.trigger_re = re.compile(alternation(self.triggers))
        self.not_event_re = _optional_re(lx("not_event"))
        self.concept = _longest_first(lx("concept_head"))
        self.product = _longest_first(lx("product_head"))
        self.blocked = _longest_first(lx("blocked_prefix"))
        self.back_reference = _longest_first(lx("back_reference"))
        self.intent = _longest_first(lx("intent_prefix"))
        self.activity = _longest_first(lx("activity_verb"))
        self.topic_markers = _longest_first(lx("topic_marker"))
        self.place_markers = _longest_first(lx("place_marker"))
        self.proposal_verbs = _longest_first(lx("proposal_verb"))
        self.proposal_mods = _longest_first(lx("proposal_modifier"))
        self.proposers = _longest_first(lx("proposer"))
        self.title_heads = _longest_first(lx("title_head"))
        self.chain_start = tuple(_longest_first(lx("chain_start") + lx("activity_verb") + lx("topic_marker")))
        self.coord = _longest_first(lx("coord"))
        self.subject_lead = set(lx("subject_lead"))
        self.adverbial_re = _optional_re(lx("adverbial_lead"), r"(?:{})[^。；！？\n]*[，,]\s*$")
        self.member_re = _optional_re(lx("member_tail"))
        self.person_re = _optional_re(lx("person_title"), r"(?:{})(?:\d{{4}}年)?$")
        self.person_subject = _longest_first(lx("person_subject"))
        self.outside = _longest_first(lx("outside_party"))
        self.designation_re = _optional_re(lx("designation_tail"), r"[^，。；、：！？\n]{{0,8}}?(?:{})")
        self.byline_re = _optional_re(lx("byline_tail"), r"[^，。；：！？\n]{{0,16}}?(?:{})")
        self.bare_meetings = _longest_first(lx("bare_meeting"))

    def cached(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()`` once per key (a rule object built from these words, per setting)."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]
