"""What every step reads about one document: the view text, the lexicon,
the entities, the sentences and the settings."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

from .clauses import Clauses
from .lexicon import Lexicon
from .spans import SpanIndex


@dataclass
class Sentences:
    spans: List[Tuple[int, int]]
    starts: List[int] = field(init=False)

    def __post_init__(self):
        self.starts = [a for a, _ in self.spans]

    def index(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def of(self, pos: int) -> Tuple[int, int]:
        return self.spans[self.index(pos)]


@dataclass
class Context:
    text: str
    lx: Lexicon
    ents: SpanIndex
    sents: Sentences
    cfg: Dict[str, Any]
    places: Any = None  # the org_tagger's lexicon (gazetteer places), loaded on demand
    clauses: Clauses = field(init=False)

    def __post_init__(self):
        self.clauses = Clauses(self.text, self.lx, self.ents)

    def ents_in(self, a: int, b: int, label: str = None):
        found = self.ents.inside(a, b)
        return [e for e in found if e.label == label] if label else found
