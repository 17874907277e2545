"""Runs the steps over one Doc and writes the ``doc._.events`` schema.

Rules read the *view* (Simplified, gloss-free, one form of punctuation) and
the entities in ``doc.ents``; everything written is in original offsets, so an
exporter only copies ``doc._.events``. Each event and argument names the rule
that produced it (``source``) and that rule's calibrated confidence."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from spacy.tokens import Doc

from .._extensions import get_view, original_text
from ..components.rule_tagger import chrome_view_ranges
from .calibration import DEFAULT_CONFIDENCE
from .clauses import sentences
from .context import Context, Sentences
from .lexicon import Lexicon
from .roles import link
from .spans import Ent, SpanIndex, Trigger, doc_entities
from .triggers import TriggerFinder


class EventExtractor:
    def __init__(self, lexicon: Dict[str, Any], cfg: Dict[str, Any], confidence: Dict[str, float],
                 places: Optional[Callable[[], Any]] = None):
        self.lexicon = Lexicon(lexicon)
        self.cfg = cfg
        self.confidence = confidence
        self.places = places
        self.finder = TriggerFinder(self.lexicon)

    def __call__(self, doc: Doc) -> List[Dict[str, Any]]:
        view = get_view(doc)
        text = view.text
        ents = SpanIndex.of_ents(doc_entities(doc, view))
        sents = Sentences(sentences(doc, view))
        ctx = Context(text, self.lexicon, ents, sents, self.cfg, self.places)
        chrome = SpanIndex.of(chrome_view_ranges(doc))
        finder = self.finder
        triggers = finder.find(text, ents, chrome)
        triggers = finder.compounds(text, triggers)
        triggers = finder.license(text, triggers, ents, sents)
        triggers = finder.drop_headings(text, triggers, ents, sents)
        link(ctx, triggers)
        triggers = [t for t in triggers if finder.specific_enough(text, t)]
        return self.to_dicts(doc, view, triggers)

    def conf(self, rule: str) -> float:
        return self.confidence.get(rule, DEFAULT_CONFIDENCE)

    def to_dicts(self, doc: Doc, view, triggers: List[Trigger]) -> List[Dict[str, Any]]:
        out = []
        original = original_text(doc)
        minc = self.cfg.get("min_confidence", 0.0)
        for t in triggers:
            start, end = view.to_original(t.a, t.b)
            s_start, s_end = view.to_original(t.sent[0], t.sent[1]) if t.sent[1] > t.sent[0] else (start, end)
            conf = self.conf(t.rule)
            if conf < minc:
                continue
            args = []
            seen = set()
            for role, filler, rule in t.args:
                if isinstance(filler, Ent):
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
                aconf = self.conf(rule)
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
