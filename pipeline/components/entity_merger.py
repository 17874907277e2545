"""The entity merger: one explicit precedence policy over rule and NER candidates.

The rule taggers write candidates to span groups ("dates", "quantities",
"orgs"); a trained ``ner`` (if the pipeline has one) writes ``doc.ents``. This
component decides what becomes ``doc.ents``:

1. Candidates in page chrome are dropped.
2. Span groups are taken in ``rule_keys`` order; within the rules, a longer
   span beats a shorter one it overlaps, and an earlier key wins a tie.
3. NER entities whose label is in ``ner_labels`` and that pass ``ner_filter``
   are then merged by ``ner_policy``:
   - ``"fill"``: added where no rule span overlaps them;
   - ``"extend"``: as fill, and an NER span that strictly contains every rule
     span it overlaps, all of its own label, replaces them (the model widens a
     name the rules cut short: 国务院新闻办公室 over the rules' 国务院);
   - ``"widen"``: only the replacement of ``"extend"``, no filling;
   - ``"prefer"``: replaces every rule span it overlaps;
   - ``"off"``: ignored.
   DATE and QUANTITY stay with the rules by default, since the rules also
   normalise them.
4. ``ner_filter``: ``"none"`` keeps every NER span; ``"plain"`` keeps a span
   that has at least two Han characters, no clause punctuation inside, does
   not start with a verb or function word of the lexicon's ``meeting_stop``
   list or a generic scope (全区, 各级), and ends in a meeting head if it is a
   MEETING and does not if it is an ORG: a check of form, not of known names, so the NER can add names the
   lexicon has never seen; ``"shape"`` (the former policy) also asks that an
   ORG end in a body, organ, medium or kind of organisation of the lexicon
   with a place-like qualifier, or be a known name (``name_shaped``), which
   admits little the rules do not already find. Each variant is measured by
   ``make crossval`` (pipeline/training/crossval.py, metrics/crossval.json).
   ``ner_keys`` names further span groups whose spans are candidates exactly
   like the NER's (same labels, filter and policy), e.g. ``["hanlp"]`` for the
   optional ``hanlp_ner`` component; the NER's own entities rank first on a tie.
5. The NER's own proposals are kept in ``doc.spans["ner"]`` for auditing, and
   the origin of every entity in ``doc.spans["ents_source"]`` (label = source).
"""

from __future__ import annotations

from typing import Iterable, List, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .._extensions import CHROME

NER_KEY = "ner"
# Kinds of organisation the gazetteer does not compose (named associations,
# committees, companies, universities): an NER span ending in one is name-shaped.
NAME_SUFFIXES = (
    "委员会", "协会", "研究会", "促进会", "联合会", "基金会", "商会", "学会", "联盟",
    "大学", "学院", "学校", "医院", "研究所", "出版社", "银行", "集团", "公司", "药业",
)  # fmt: skip
SOURCE_KEY = "ents_source"


@Language.factory(
    "entity_merger",
    assigns=["doc.ents", "doc.spans"],
    default_config={
        "rule_keys": ["dates", "quantities", "orgs"],
        "ner_labels": ["ORG", "MEETING"],
        "ner_policy": "fill",
        "ner_filter": "shape",
        "ner_keys": [],
    },
)
def make_entity_merger(
    nlp: Language,
    name: str,
    rule_keys: List[str],
    ner_labels: List[str],
    ner_policy: str,
    ner_filter: str,
    ner_keys: List[str],
):
    return EntityMerger(
        nlp,
        name,
        rule_keys=rule_keys,
        ner_labels=ner_labels,
        ner_policy=ner_policy,
        ner_filter=ner_filter,
        ner_keys=ner_keys,
    )


class EntityMerger:
    POLICIES = ("fill", "extend", "widen", "prefer", "off")
    FILTERS = ("shape", "plain", "none")

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        rule_keys: Sequence[str],
        ner_labels: Sequence[str],
        ner_policy: str,
        ner_filter: str = "shape",
        ner_keys: Sequence[str] = (),
    ):
        if ner_policy not in self.POLICIES:
            raise ValueError(f"entity_merger: ner_policy must be one of {self.POLICIES}, not {ner_policy!r}")
        if ner_filter not in self.FILTERS:
            raise ValueError(f"entity_merger: ner_filter must be one of {self.FILTERS}, not {ner_filter!r}")
        self.name = name
        self.rule_keys = list(rule_keys)
        self.ner_labels = set(ner_labels)
        self.ner_policy = ner_policy
        self.ner_filter = ner_filter
        self.ner_keys = list(ner_keys)
        self.nlp = nlp
        self._lexicon = None

    @property
    def lexicon(self):
        """The org_tagger's lexicon (looked up on first use: it may be added later)."""
        if self._lexicon is None:
            from .org_tagger import pipeline_lexicon

            self._lexicon = pipeline_lexicon(self.nlp)
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        chrome = [(s.start, s.end) for s in doc.spans.get(CHROME, [])]
        ner = [e for e in doc.ents]
        doc.spans[NER_KEY] = ner
        rules: List[Tuple[Span, str]] = []
        for key in self.rule_keys:
            rules.extend((s, key) for s in doc.spans.get(key, []))
        chosen = _longest_first(rules, chrome, order=self.rule_keys)
        if self.ner_policy != "off":
            proposed = [(e, "ner") for e in ner]
            for key in self.ner_keys:
                proposed.extend((s, key) for s in doc.spans.get(key, []))
            candidates = [
                (e, src) for e, src in proposed if e.label_ in self.ner_labels and _clear(e, chrome) and self._keep(e)
            ]
            chosen = merge_ner(chosen, candidates, self.ner_policy, chrome, order=["ner", *self.ner_keys])
        chosen.sort(key=lambda x: x[0].start)
        final = [(t, src) for s, src in chosen if (t := _trim(s)) is not None]
        doc.ents = [s for s, _ in final]
        doc.spans[SOURCE_KEY] = [Span(doc, s.start, s.end, label=src) for s, src in final]
        return doc

    def _keep(self, span: Span) -> bool:
        if self.ner_filter == "none":
            return True
        if self.ner_filter == "plain":
            return plain_name(span, self.lexicon)
        return name_shaped(span, self.lexicon)

    def to_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        import srsly

        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "cfg.json", self._cfg())

    def from_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        import srsly

        p = Path(path) / "cfg.json"
        if p.exists():
            self._set(srsly.read_json(p))
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        import srsly

        return srsly.msgpack_dumps(self._cfg())

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        import srsly

        self._set(srsly.msgpack_loads(data))
        return self

    def _cfg(self):
        return {
            "rule_keys": self.rule_keys,
            "ner_labels": sorted(self.ner_labels),
            "ner_policy": self.ner_policy,
            "ner_filter": self.ner_filter,
            "ner_keys": self.ner_keys,
        }

    def _set(self, cfg):
        self.rule_keys = list(cfg["rule_keys"])
        self.ner_labels = set(cfg["ner_labels"])
        self.ner_policy = cfg["ner_policy"]
        self.ner_filter = cfg.get("ner_filter", "shape")
        self.ner_keys = list(cfg.get("ner_keys", []))


def merge_ner(
    chosen: List[Tuple[Span, str]],
    candidates: List[Tuple[Span, str]],
    policy: str,
    chrome,
    order: Sequence[str] = ("ner",),
) -> List[Tuple[Span, str]]:
    """Rule choices + NER candidates under ``policy`` (see module doc, point 3)."""
    if policy == "prefer":
        preferred = _longest_first(candidates, chrome, order=order)
        taken = _occupied(preferred)
        return preferred + [(s, k) for s, k in chosen if not any(i in taken for i in range(s.start, s.end))]
    out = list(chosen)
    if policy in ("extend", "widen"):
        for cand, src in _longest_first(candidates, chrome, order=order):
            inside = [x for x in out if x[0].start < cand.end and cand.start < x[0].end]
            if inside and all(
                s.label_ == cand.label_ and cand.start <= s.start and s.end <= cand.end and len(s) < len(cand)
                for s, _ in inside
            ):
                gone = {id(x) for x in inside}
                out = [x for x in out if id(x) not in gone] + [(cand, src)]
    if policy == "widen":
        return out
    taken = _occupied(out)
    for cand, src in candidates:
        if not any(i in taken for i in range(cand.start, cand.end)):
            out.append((cand, src))
            taken.update(range(cand.start, cand.end))
    return out


_CLAUSE_PUNCT = set("，。；：！？、,;:!?\n")


def plain_name(span: Span, lex) -> bool:
    """A check of form only (module doc, point 4): no list of known names."""
    tokens = [t.norm_ for t in span if not t.is_space]
    text = "".join(tokens)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 2 or any(ch in _CLAUSE_PUNCT for ch in text):
        return False
    if tokens[0] in lex.meeting_stop or any(text.startswith(g) for g in lex.generic_prefix):
        return False
    heads = [m for m in lex.head_re.finditer(text) if m.end() == len(text)]
    if span.label_ == "MEETING":
        return bool(heads) and heads[-1].start() > 0
    if span.label_ == "ORG":
        return not heads  # an organisation does not end in a meeting head (…会议, …论坛)
    return True


def has_name_word(text: str, lex) -> bool:
    """Could ``text`` hold a name ``name_shaped`` keeps? (a body, organ, meeting
    head, known name, medium or kind of organisation). ner_gate asks this of
    whole sentences, so the gate and the filter use the same words."""
    if any(x in text for x in NAME_SUFFIXES):
        return True
    return any(
        r.search(text) is not None for r in (lex.body_re, lex.organ_re, lex.head_re, lex.name_re, lex.media_suffix_re)
    )


def name_shaped(span: Span, lex) -> bool:
    """Does the span's view text look like an ORG or MEETING name (see module doc)?"""
    tokens = [t.norm_ for t in span if not t.is_space]
    if not tokens or tokens[0] in lex.meeting_stop:
        return False
    text = "".join(tokens)
    if any(text.startswith(g) for g in lex.generic_prefix):
        return False
    if span.label_ == "MEETING":
        heads = [m for m in lex.head_re.finditer(text) if m.end() == len(text)]
        return bool(heads) and heads[-1].start() > 0
    if span.label_ == "ORG":
        if lex.name_re.fullmatch(text):
            return True
        if text.endswith(NAME_SUFFIXES):
            return not any(text == x for x in NAME_SUFFIXES)
        return _qualified_body(text, lex)
    return True


def _qualified_body(text: str, lex) -> bool:
    """A body, department or organ with a place-like qualifier in front:
    places and levels (河池市政协), a term prefix (十三届全国政协), or a body
    before an organ (政协机关). 打造政协 or 人民政协 are not."""
    from .org_tagger import TERM_PREFIX

    for regex in (lex.body_re, lex.organ_re, lex.media_suffix_re):
        for m in regex.finditer(text):
            if m.end() != len(text) or m.start() == 0:
                continue
            qualifier = text[: m.start()]
            if regex is lex.organ_re and (lex.body_re.fullmatch(qualifier) or _qualified_body(qualifier, lex)):
                return True
            start, n_places, n_levels = lex.place_chain(qualifier, len(qualifier), 0, None)
            if start > 0:
                term = TERM_PREFIX.search(qualifier[:start])
                if term is None or term.start() != 0:
                    continue
            if n_places or n_levels:
                return True
    return False


def _clear(span: Span, chrome: Iterable[Tuple[int, int]]) -> bool:
    return all(span.end <= a or span.start >= b for a, b in chrome)


def _occupied(chosen: Iterable[Tuple[Span, str]]) -> set:
    return {i for s, _ in chosen for i in range(s.start, s.end)}


def _longest_first(items: List[Tuple[Span, str]], chrome, order: Sequence[str]) -> List[Tuple[Span, str]]:
    """Non-overlapping selection: longer spans first, then by key order, then leftmost."""
    rank = {k: i for i, k in enumerate(order)}
    ordered = sorted(items, key=lambda x: (-(x[0].end_char - x[0].start_char), rank.get(x[1], 99), x[0].start))
    taken: set = set()
    out = []
    for span, key in ordered:
        if not _clear(span, chrome) or any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append((span, key))
    return out


def _trim(span: Span):
    """Whitespace never starts or ends an entity."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)
