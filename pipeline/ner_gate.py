"""Run the trained NER only on sentences that can hold a name it may add.

The merger keeps an NER span only if it is name-shaped (``merge.name_shaped``):
it ends in a body, organ, department, medium or known name of the org lexicon
or a kind of organisation (``merge.NAME_SUFFIXES``),
or in a meeting head. A sentence without any of those words cannot yield a
kept span, so running the NER there is wasted time (about five sixths of the
tokens of a government report). This component runs the (disabled) ``ner``
component on the other sentences and puts its entities on ``doc.ents`` for the
merger, as an ungated ``ner`` would have.

``gate = "all"`` runs the NER on every sentence (use it with
``ner_filter = "none"`` in the merger).
"""

from __future__ import annotations

from typing import Iterable, Iterator, List

from spacy.language import Language
from spacy.tokens import Doc, Span

from ._extensions import CHROME
from .merge import NAME_SUFFIXES


@Language.factory(
    "ner_gate",
    assigns=["doc.ents"],
    default_config={"ner_component": "ner", "gate": "cue"},
)
def make_ner_gate(nlp: Language, name: str, ner_component: str, gate: str):
    return NerGate(nlp, name, ner_component=ner_component, gate=gate)


class NerGate:
    GATES = ("cue", "all")

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
        ner = self._ner()
        for doc in docs:
            if ner is None:
                yield doc
                continue
            sents = [s for s in doc.sents if self._wanted(s)]
            # One attribute array for the whole doc; Span.as_doc would rebuild it per sentence.
            head = Doc._get_array_attrs()
            array = doc.to_array(head) if sents else None
            subdocs = (s.as_doc(array_head=head, array=array) for s in sents)
            ents: List[Span] = []
            predicted = ner.pipe(subdocs, batch_size=batch_size) if hasattr(ner, "pipe") else map(ner, subdocs)
            for sent, sub in zip(sents, predicted):
                ents.extend(Span(doc, sent.start + e.start, sent.start + e.end, label=e.label_) for e in sub.ents)
            doc.ents = ents
            yield doc

    def _ner(self):
        if self.ner_component not in self.nlp.component_names:
            return None  # a rules-only pipeline: nothing to gate
        return self.nlp.get_pipe(self.ner_component)

    def _wanted(self, sent: Span) -> bool:
        if self.gate == "all":
            return True
        chrome = sent.doc.spans.get(CHROME, [])
        if any(c.start <= sent.start and sent.end <= c.end for c in chrome):
            return False
        text = "".join(t.norm_ for t in sent)
        if any(x in text for x in NAME_SUFFIXES):
            return True
        lex = self.lexicon
        return any(
            r.search(text) is not None
            for r in (lex.body_re, lex.organ_re, lex.head_re, lex.name_re, lex.media_suffix_re)
        )

    @property
    def lexicon(self):
        if self._lexicon is None:
            from .orgs import DEFAULT_LEXICON, DEFAULT_PLACES, load_lexicon

            self._lexicon = load_lexicon(str(DEFAULT_LEXICON), str(DEFAULT_PLACES))
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
