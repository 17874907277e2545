"""Training data for the NER: records -> DocBins -> Examples.

Data flows one way: contract JSONL records (gold, or silver from the rule
taggers) are cut into paragraph-sized records, tokenised with the project's
tokenizer, turned into entity Docs with ``spans_from_offsets`` (which splits
pkuseg words that run past an entity) and written as DocBins. The registered
reader ``pipeline.GoldCorpus.v1`` re-tokenises each text with the pipeline
being trained and splits the predicted tokens at the reference's entity
boundaries, so spaCy never turns a gold span into a missing one.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import filter_spans, registry
from wasabi import msg

from ..spans import spans_from_offsets, split_tokens_at

Record = Dict  # {"id", "text", "entities": [{"start", "end", "label", ...}], ...}
LABELS = ("DATE", "MEETING", "ORG", "QUANTITY")


@dataclass
class ConversionReport:
    """What a conversion kept and what it could not express (never silently lost)."""

    docs: int = 0
    entities: int = 0
    kept: int = 0
    split_tokens: int = 0
    failed: List[Tuple[str, int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "docs": self.docs,
            "entities": self.entities,
            "kept": self.kept,
            "split_tokens": self.split_tokens,
            "failed": [list(f) for f in self.failed],
        }


def read_jsonl(path: Union[str, Path]) -> List[Record]:
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(records: Iterable[Record], path: Union[str, Path]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def split_record(record: Record, max_chars: int = 400) -> Iterator[Record]:
    """Cut a long record into paragraph-sized records at line breaks.

    Lines are packed up to ``max_chars``; a cut never falls inside an entity.
    Entity offsets are shifted into each piece; empty pieces are skipped.
    Small examples give the optimizer many updates from five documents."""
    text = record["text"]
    ents = sorted(record.get("entities", []), key=lambda e: e["start"])
    inside = set()
    for e in ents:
        inside.update(range(e["start"] + 1, e["end"]))
    cuts = [i + 1 for i, ch in enumerate(text) if ch == "\n" and (i + 1) not in inside]
    pieces: List[Tuple[int, int]] = []
    start = 0
    last = 0
    for cut in cuts + [len(text)]:
        if cut - start > max_chars and last > start:
            pieces.append((start, last))
            start = last
        last = cut
    if start < len(text):
        pieces.append((start, len(text)))
    for k, (a, b) in enumerate(pieces):
        piece = text[a:b]
        if not piece.strip():
            continue
        sub = [
            {**e, "start": e["start"] - a, "end": e["end"] - a}
            for e in ents
            if a <= e["start"] and e["end"] <= b
        ]
        yield {"id": f"{record['id']}#{k}", "text": piece, "entities": sub}


def records_to_docs(
    nlp: Language, records: Iterable[Record], *, report: Optional[ConversionReport] = None
) -> Iterator[Doc]:
    """Entity Docs for records; tokens are split where an entity needs it.

    Spans that still cannot be expressed are added to ``report.failed``."""
    report = report if report is not None else ConversionReport()
    for record in records:
        doc = nlp.make_doc(record["text"])
        n_tokens = len(doc)
        items = [(e["start"], e["end"], e["label"]) for e in record.get("entities", [])]
        spans, failed = spans_from_offsets(doc, items)
        report.docs += 1
        report.entities += len(items)
        report.split_tokens += len(doc) - n_tokens
        report.failed.extend((record["id"], s, e, label) for s, e, label in failed)
        kept = filter_spans(spans)
        report.kept += len(kept)
        taken = {i for span in kept for i in range(span.start, span.end)}
        unknown = set()
        for s, e in record.get("missing", []):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and not any(i in taken for i in range(span.start, span.end)):
                unknown.update(range(span.start, span.end))
        doc.set_ents(kept, missing=[doc[i : i + 1] for i in sorted(unknown)], default="outside")
        yield doc


def write_docbin(docs: Iterable[Doc], path: Union[str, Path]) -> int:
    """Write Docs (with their ids) to a DocBin; returns the number written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = DocBin(store_user_data=False)
    n = 0
    for doc in docs:
        db.add(doc)
        n += 1
    db.to_disk(path)
    return n


def build_docbin(
    nlp: Language, records: Sequence[Record], path: Union[str, Path], *, max_chars: int = 400
) -> ConversionReport:
    """Records -> paragraph records -> entity Docs -> a DocBin at ``path``."""
    report = ConversionReport()
    pieces = [p for r in records for p in split_record(r, max_chars=max_chars)] if max_chars else list(records)
    write_docbin(records_to_docs(nlp, pieces, report=report), path)
    return report


def rule_records(
    nlp_rules: Language, texts: Sequence[Tuple[str, str]], *, unknown: Sequence[str] = ()
) -> Iterator[Record]:
    """Silver records: the rule pipeline's entities (its merger's ``doc.ents``).

    ``texts`` are (id, text) pairs. For each label in ``unknown`` (no rule
    tagger produces it yet) the characters that could belong to it are
    recorded as ``missing`` ranges, so silver never teaches the NER that they are O."""
    for (doc_id, _), doc in zip(texts, nlp_rules.pipe(t for _, t in texts)):
        ents = []
        for span in doc.ents:
            start, end = span._.offsets
            ents.append({"start": start, "end": end, "label": span.label_, "text": doc.text[start:end]})
        yield {"id": doc_id, "text": doc.text, "entities": ents, "missing": missing_ranges(doc.text, unknown)}


# Characters that may belong to a label a data source does not annotate.
_MAY_BE = {
    "QUANTITY": r"[0-9０-９〇零一二三四五六七八九十百千万亿两半%％]+",
    "DATE": r"[0-9０-９〇零一二三四五六七八九十]+|[年月日时天]|今年|去年|明年|近日|以来|期间|年来",
    "MEETING": r"会议|大会|全会|座谈会|论坛|峰会|讲座|研讨会|博览会|协商会|报告会|交流会|推进会|培训班|研讨班|展览",
}


def missing_ranges(text: str, labels: Sequence[str]) -> List[List[int]]:
    """Character ranges that could be part of an entity of ``labels`` (left unannotated)."""
    if not labels:
        return []
    pattern = re.compile("|".join(_MAY_BE[label] for label in labels if label in _MAY_BE))
    return [[m.start(), m.end()] for m in pattern.finditer(text)]


# People's Daily tags congresses and sessions as ORG (十五大, 中共十五大); the
# contract makes them MEETING with the organiser a separate ORG.
_PD_CONGRESS = re.compile(r"^(中共|中国共产党)?(第?[十二三四五六七八九]+大)$")
_PD_MEETINGISH = re.compile(r"(会议|大会|全会|代表会)$")


def pd1998_records(path: Union[str, Path], *, only_with_org: bool = True) -> Iterator[Record]:
    """Records from the People's Daily NER corpus (``char TAG`` lines, BIO, PER/LOC/ORG).

    ORG is mapped onto the contract (congresses split into ORG + MEETING,
    other meeting-like ORG spans left missing); PER/LOC become O; DATE,
    QUANTITY and MEETING, which the corpus does not annotate, are left
    missing where they could occur."""
    sentence: List[Tuple[str, str]] = []
    n = 0
    with Path(path).open(encoding="utf-8") as f:
        for line in list(f) + [""]:
            line = line.rstrip("\n")
            if line.strip():
                char, _, tag = line.partition(" ")
                sentence.append((char or " ", tag.strip() or "O"))
                continue
            if not sentence:
                continue
            text = "".join(c for c, _ in sentence)
            orgs = _bio_spans([t for _, t in sentence], "ORG")
            sentence = []
            if only_with_org and not orgs:
                continue
            ents, missing = [], missing_ranges(text, ["DATE", "QUANTITY", "MEETING"])
            for s, e in orgs:
                name = text[s:e]
                m = _PD_CONGRESS.match(name)
                if m:
                    if m.group(1):
                        ents.append({"start": s, "end": s + len(m.group(1)), "label": "ORG"})
                    ents.append({"start": s + len(m.group(1) or ""), "end": e, "label": "MEETING"})
                elif _PD_MEETINGISH.search(name):
                    missing.append([s, e])
                else:
                    ents.append({"start": s, "end": e, "label": "ORG"})
            for ent in ents:
                ent["text"] = text[ent["start"] : ent["end"]]
            yield {"id": f"pd1998_ner#{n}", "text": text, "entities": ents, "missing": missing}
            n += 1


def _bio_spans(tags: Sequence[str], label: str) -> List[Tuple[int, int]]:
    spans, start = [], None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and tag != f"I-{label}":
            spans.append((start, i))
            start = None
        if tag == f"B-{label}":
            start = i
    return spans


def _docbin_paths(path: Union[str, Path, None]) -> List[Path]:
    if path is None or str(path) in ("", "None"):
        return []
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("**/*.spacy"))
    return [path]


def make_example(nlp: Language, reference: Doc) -> Tuple[Example, int]:
    """An Example whose predicted tokens can express every reference entity.

    Returns the example and the number of reference entities that still do
    not align with the predicted tokens (0 unless the tokenizer changed)."""
    predicted = nlp.make_doc(reference.text)
    bounds = [b for ent in reference.ents for b in (ent.start_char, ent.end_char)]
    split_tokens_at(predicted, bounds)
    lost = 0
    for ent in reference.ents:
        span = predicted.char_span(ent.start_char, ent.end_char)
        if span is None:
            lost += 1
            continue
        # The NER cannot continue an entity across a sentence start; a scrape
        # that breaks a name with a stray 。 would make the oracle fail (E024).
        for token in span[1:]:
            token.is_sent_start = False
    return Example(predicted, reference), lost


@registry.readers("pipeline.GoldCorpus.v1")
def create_gold_corpus(
    path: Optional[Union[str, Path]],
    extra: Optional[Union[str, Path]] = None,
    shuffle: bool = False,
    limit: int = 0,
    seed: int = 0,
) -> Callable[[Language], Iterator[Example]]:
    """Examples from DocBins at ``path`` (a file or a folder) and ``extra`` (silver).

    The predicted side is the pipeline's own tokenisation, split at the
    reference's entity boundaries; tokenisations are cached across epochs."""
    files = _docbin_paths(path) + _docbin_paths(extra)
    cache: Dict[int, Doc] = {}
    rng = random.Random(seed)

    def read(nlp: Language) -> Iterator[Example]:
        refs: List[Doc] = []
        for f in files:
            refs.extend(DocBin().from_disk(f).get_docs(nlp.vocab))
        if limit:
            refs = refs[:limit]
        order = list(range(len(refs)))
        if shuffle:
            rng.shuffle(order)
        lost = 0
        for i in order:
            ref = refs[i]
            if i not in cache:
                eg, n = make_example(nlp, ref)
                lost += n
                cache[i] = eg.predicted
                yield eg
            else:
                yield Example(cache[i].copy(), ref)
        if lost:
            msg.warn(f"GoldCorpus: {lost} reference entities do not align with the predicted tokens")

    return read
