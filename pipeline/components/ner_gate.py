"""Run the trained NER on the sentences the merger can use its spans from.

``gate = "all"`` runs the (disabled) ``ner`` component on
every sentence and puts its entities on ``doc.ents`` for the merger, as an
ungated ``ner`` would have (the merger drops spans in page chrome).

``gate = "cue"`` (the product setting) runs it only on sentences with a body, organ, medium, meeting
head or known name of the org lexicon (``merge.has_name_word``): with the
merger's ``ner_filter = "shape"`` no span outside such sentences can be kept,
and skipping them saves most of the NER's time (about five sixths of the
tokens of a government report). With the lexicon-free ``"plain"`` filter the
gate could hide names the lexicon does not know, but under the ``"widen"``
policy an NER span needs a rule span inside it anyway: ``make crossval-dev``
measured both gates (variants ``…/cue``, ``…/all``) and they score the same.

``gate = "off"`` runs no NER at all: the setting for a pipeline whose merger
ignores the NER (``ner_policy = "off"``), so switching the NER back on is a
config change, not a rebuild.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Iterator, List

import numpy
from spacy.attrs import IDX, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .._extensions import CHROME, get_view
from .entity_merger import has_name_word


@Language.factory(
    "ner_gate",
    assigns=["doc.ents"],
    default_config={"ner_component": "ner", "gate": "cue"},
)
def make_ner_gate(nlp: Language, name: str, ner_component: str, gate: str):
    return NerGate(nlp, name, ner_component=ner_component, gate=gate)


class NerGate:
    GATES = ("cue", "all", "off")

    def __init__(self, nlp: Language, name: str, *, ner_component: str = "ner", gate: str = "cue"):
        if gate not in self.GATES:
            raise ValueError(f"ner_gate: gate must be one of {self.GATES}, not {gate!r}")
        self.nlp = nlp
        self.name = name
        self.ner_component = ner_component
        self.gate = gate
        self._lexicon = None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        ner = None if self.gate == "off" else self._ner()
        for doc in docs:
            if ner is None:
                yield doc
                continue
            sents = self._wanted_sentences(doc)
            doc.ents = self._predict(ner, doc, sents, batch_size) if sents else []
            yield doc

    @staticmethod
    def _predict(ner, doc: Doc, sents: List[Span], batch_size: int) -> List[Span]:
        """One Doc of the wanted sentences, NER over it, entities mapped back.

        One Doc, not one per sentence: building Docs costs more than the NER on
        short sentences. Entities that would cross a sentence seam are dropped."""
        rows = numpy.concatenate([numpy.arange(s.start, s.end) for s in sents])
        orths = doc.to_array(ORTH)[rows].tolist()
        norms = doc.to_array(NORM)[rows]
        strings = doc.vocab.strings
        sub = Doc(doc.vocab, words=[strings[o] for o in orths], spaces=[False] * len(orths))
        sub.from_array([NORM], norms)
        seams = numpy.cumsum([len(s) for s in sents]).tolist()
        sub = next(ner.pipe([sub], batch_size=batch_size)) if hasattr(ner, "pipe") else ner(sub)
        ents = []
        for e in sub.ents:
            k = bisect_right(seams, e.start)
            if k < len(seams) and e.end <= seams[k]:
                offset = sents[k].start - (seams[k - 1] if k else 0)
                ents.append(Span(doc, e.start + offset, e.end + offset, label=e.label_))
        return ents

    def _ner(self):
        if self.ner_component not in self.nlp.component_names:
            return None  # a rules-only pipeline: nothing to gate
        return self.nlp.get_pipe(self.ner_component)

    def _wanted_sentences(self, doc: Doc) -> List[Span]:
        """Sentences from the SENT_START array and their view text: no Token objects."""
        if len(doc) == 0:
            return []
        if self.gate == "all":
            return list(doc.sents)
        view = get_view(doc)
        starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        idx = doc.to_array(IDX).tolist()
        chrome = [(c.start, c.end) for c in doc.spans.get(CHROME, [])]
        out = []
        for k, a in enumerate(starts):
            b = starts[k + 1] if k + 1 < len(starts) else len(doc)
            if any(ca <= a and b <= cb for ca, cb in chrome):
                continue
            end_char = idx[b] if b < len(doc) else view.original_length
            va, vb = view.from_original(idx[a], end_char)
            if has_name_word(view.text[va:vb], self.lexicon):
                out.append(Span(doc, a, b))
        return out

    @property
    def lexicon(self):
        if self._lexicon is None:
            from .org_tagger import pipeline_lexicon

            self._lexicon = pipeline_lexicon(self.nlp)
        return self._lexicon

    def to_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        import srsly

        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "cfg.json", {"ner_component": self.ner_component, "gate": self.gate})

    def from_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        import srsly

        p = Path(path) / "cfg.json"
        if p.exists():
            cfg = srsly.read_json(p)
            self.ner_component, self.gate = cfg["ner_component"], cfg["gate"]
        return self
