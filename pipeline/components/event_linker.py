"""The event linker component: CPPCC events (who consulted, proposed, convened,
inspected, supervised what, when, how often) from trigger words, entities and
punctuation. The rules live in ``pipeline/events`` (triggers, clauses, one
module per role, declarative rule objects, calibration); this module is the
spaCy factory, its settings and its serialisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..events import DEFAULT_LEXICON, EVENT_TYPES, ROLES, EventExtractor, read_lexicon
from ..events.calibration import clean_confidences, load_confidences

__all__ = ["EventLinker", "DEFAULT_LEXICON", "EVENT_TYPES", "ROLES", "read_lexicon"]


@Language.factory(
    "event_linker",
    assigns=["doc._.events"],
    requires=["doc.ents"],
    default_config={
        "lexicon_path": None,
        "confidence_path": None,
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
    confidence_path: Optional[str],
    carry_agent: bool,
    max_topic_chars: int,
    max_place_chars: int,
    min_confidence: float,
):
    return EventLinker(
        nlp,
        name,
        lexicon_path=lexicon_path,
        confidence_path=confidence_path,
        carry_agent=carry_agent,
        max_topic_chars=max_topic_chars,
        max_place_chars=max_place_chars,
        min_confidence=min_confidence,
    )


class EventLinker:
    """Rule-based event extraction over the view; writes ``doc._.events``.

    ``min_confidence`` drops events and arguments whose rule's calibrated
    confidence (``pipeline/events/data/confidence.json``) is lower."""

    def __init__(
        self,
        nlp: Language,
        name: str = "event_linker",
        *,
        lexicon_path: Optional[str] = None,
        confidence_path: Optional[str] = None,
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
        self.confidence: Dict[str, float] = load_confidences(confidence_path)
        self.set_lexicon(read_lexicon(lexicon_path or DEFAULT_LEXICON))

    def set_lexicon(self, lexicon: Dict[str, Any]) -> None:
        self.lexicon = lexicon
        self.extractor = EventExtractor(lexicon, self.cfg, self.confidence, places=self.org_lexicon)

    def org_lexicon(self):
        """Place names come from the org_tagger's lexicon, as its ORGs do."""
        if self._org_lexicon is None:
            from .org_tagger import pipeline_lexicon

            self._org_lexicon = pipeline_lexicon(self.nlp)
        return self._org_lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.extractor(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # ---------------------------------------------------------- serialisation
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg, "lexicon": self.lexicon, "confidence": self.confidence})

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "EventLinker":
        msg = srsly.msgpack_loads(data)
        self.cfg.update(msg["cfg"])
        self.confidence = clean_confidences(msg.get("confidence", self.confidence))
        self.set_lexicon(msg["lexicon"])
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)
        srsly.write_json(path / "lexicon.json", self.lexicon)
        srsly.write_json(path / "confidence.json", self.confidence)

    def from_disk(self, path, *, exclude=tuple()) -> "EventLinker":
        path = Path(path)
        if (path / "cfg.json").exists():
            self.cfg.update(srsly.read_json(path / "cfg.json"))
        if (path / "confidence.json").exists():
            self.confidence = clean_confidences(srsly.read_json(path / "confidence.json"))
        lexicon = srsly.read_json(path / "lexicon.json") if (path / "lexicon.json").exists() else self.lexicon
        self.set_lexicon(lexicon)
        return self
