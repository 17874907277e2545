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

from spacy.attrs import NORM
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


def _docbin_paths(path: Union[str, Path, None]) -> List[Path]:
    if path is None or str(path) in ("", "None"):
        return []
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("**/*.spacy"))
    return [path]


def make_example(nlp: Language, reference: Doc, *, retokenize: bool = True) -> Tuple[Example, int]:
    """An Example whose predicted tokens can express every reference entity.

    With ``retokenize`` the text goes through ``nlp``'s tokenizer again (the
    DocBin may come from another tokenizer); without it the predicted Doc takes
    the reference's own tokens and norms, which is the same when the DocBin was
    built with this tokenizer (pipeline.training.run) and saves running pkuseg
    twice over the training data. Returns the example and the number of
    reference entities that do not align with the predicted tokens."""
    if retokenize:
        predicted = nlp.make_doc(reference.text)
        bounds = [b for ent in reference.ents for b in (ent.start_char, ent.end_char)]
        split_tokens_at(predicted, bounds)
    else:
        predicted = Doc(nlp.vocab, words=[t.text for t in reference], spaces=[bool(t.whitespace_) for t in reference])
        predicted.from_array([NORM], reference.to_array([NORM]))
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
    retokenize: bool = True,
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
                eg, n = make_example(nlp, ref, retokenize=retokenize)
                lost += n
                cache[i] = eg.predicted
                yield eg
            else:
                yield Example(cache[i].copy(), ref)
        if lost:
            msg.warn(f"GoldCorpus: {lost} reference entities do not align with the predicted tokens")

    return read
