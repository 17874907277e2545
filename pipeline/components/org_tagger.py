"""The org_tagger component: ORG and MEETING candidates from the rules of ``pipeline/rules/orgs.py``.

A thin spaCy wrapper: settings from config, the lexicon loaded once per pair of
files, token boundaries passed to the pure finder. ``pipeline_lexicon`` gives
the NER gate, the merger and the event linker the same word lists.
"""

from __future__ import annotations

from typing import List, Optional, Set

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import get_view
from ..rules.orgs import (  # noqa: F401  (re-exported: the merger, tests and tools import them from here)
    DEFAULT_LEXICON,
    DEFAULT_PLACES,
    MEETING,
    ORG,
    TERM_PREFIX,
    OrgLexicon,
    find_meetings,
    find_orgs,
    find_orgs_and_meetings,
    load_lexicon,
)
from .rule_tagger import Match, ViewRuleTagger


def pipeline_lexicon(nlp: Optional[Language]) -> "OrgLexicon":
    """The lexicon of the pipeline's org_tagger (its configured files), else the default.

    The NER gate and the merger's shape filter judge names with the same words
    the rules use, so a custom lexicon changes all three together."""
    if nlp is not None:
        for _, proc in nlp.components:
            if isinstance(proc, OrgTagger):
                return proc.lexicon
    return load_lexicon(str(DEFAULT_LEXICON), str(DEFAULT_PLACES))


@Language.factory(
    "org_tagger",
    assigns=["doc.spans"],
    default_config={
        "span_key": "orgs",
        "lexicon_path": None,
        "places_path": None,
        "max_meeting_chars": 24,
    },
)
def make_org_tagger(
    nlp: Language,
    name: str,
    span_key: str,
    lexicon_path: Optional[str],
    places_path: Optional[str],
    max_meeting_chars: int,
):
    return OrgTagger(
        nlp,
        name,
        span_key=span_key,
        lexicon_path=lexicon_path,
        places_path=places_path,
        max_meeting_chars=max_meeting_chars,
    )


class OrgTagger(ViewRuleTagger):
    """ORG and MEETING candidates in ``doc.spans[span_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        span_key: str = "orgs",
        lexicon_path: Optional[str] = None,
        places_path: Optional[str] = None,
        max_meeting_chars: int = 24,
    ):
        cfg = {"lexicon_path": lexicon_path, "places_path": places_path, "max_meeting_chars": max_meeting_chars}
        super().__init__(nlp, name, span_key=span_key, cfg=cfg)
        self._lexicon: Optional[OrgLexicon] = None

    @property
    def lexicon(self) -> OrgLexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(
                str(self.cfg.get("lexicon_path") or DEFAULT_LEXICON), str(self.cfg.get("places_path") or DEFAULT_PLACES)
            )
        return self._lexicon

    def from_disk(self, path, *, exclude=tuple()):
        super().from_disk(path, exclude=exclude)
        self._lexicon = None
        return self

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        super().from_bytes(data, exclude=exclude)
        self._lexicon = None
        return self

    def find(self, text: str, doc: Optional[Doc] = None) -> List[Match]:
        token_starts = _token_starts(doc) if doc is not None else None
        return find_orgs_and_meetings(text, self.lexicon, token_starts, self.cfg.get("max_meeting_chars", 24))


def _token_starts(doc: Doc) -> Set[int]:
    """Token boundaries in view offsets."""
    view = get_view(doc)
    idx = doc.to_array(IDX)  # no Token objects: this runs on every document
    starts = set(numpy.searchsorted(numpy.frombuffer(view.starts, dtype=numpy.intc), idx, side="left").tolist())
    starts.add(len(view.text))
    return starts


