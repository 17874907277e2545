"""QUANTITY component: wraps the pure finder ``pipeline.rules.quantities``.

The finder holds the grammar (numbers with counters and approximators, what is
not a quantity); this component only loads the formula list
(``lexicons/data/formulas.txt`` or ``formulas_path``), keeps it with the
pipeline on disk, and writes the finder's matches to ``doc.spans[span_key]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons import LEXICON_DIR, read_list
from ..rules.quantities import compile_formulas, find_quantities, quoted_formulas  # noqa: F401  (re-exported)
from .rule_tagger import Match, ViewRuleTagger


def load_formulas(path: Path = LEXICON_DIR / "formulas.txt") -> List[str]:
    return read_list(path)


@Language.factory(
    "quantity_tagger",
    assigns=["doc.spans"],
    default_config={"span_key": "quantities", "formulas_path": None, "max_quote_chars": 12},
)
def make_quantity_tagger(nlp: Language, name: str, span_key: str, formulas_path: Optional[str], max_quote_chars: int):
    return QuantityTagger(nlp, name, span_key=span_key, formulas_path=formulas_path, max_quote_chars=max_quote_chars)


class QuantityTagger(ViewRuleTagger):
    def __init__(self, nlp, name, *, span_key="quantities", formulas_path=None, max_quote_chars=12):
        super().__init__(nlp, name, span_key=span_key, cfg={"max_quote_chars": max_quote_chars})
        self.formulas = load_formulas(Path(formulas_path)) if formulas_path else load_formulas()
        self.cfg["formulas"] = self.formulas
        self._formula_re = compile_formulas(self.formulas)

    def from_disk(self, path, *, exclude=tuple()):
        super().from_disk(path, exclude=exclude)
        self._reload()
        return self

    def from_bytes(self, data, *, exclude=tuple()):
        super().from_bytes(data, exclude=exclude)
        self._reload()
        return self

    def _reload(self):
        self.formulas = list(self.cfg.get("formulas", self.formulas))
        self._formula_re = compile_formulas(self.formulas)

    def find(self, text: str, doc: Doc) -> Iterable[Match]:
        return find_quantities(text, self._formula_re, self.cfg["max_quote_chars"])
