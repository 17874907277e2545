"""Characters of the view, cut into segments: what HanLP sees, in training and at run time.

One function, ``segments``, decides where the view is cut for HanLP (at
whitespace, after sentence-final punctuation, and at a comma or hard cut when
a piece is longer than ``max_len``), so a model is trained on the same kind of
input the component feeds it. Training records (contract JSONL) are turned
into char/BIO samples on their *view* text (Simplified, glosses removed):
the component never feeds HanLP raw characters, so the model never learns
from them either.
"""

from __future__ import annotations

import random
import re
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple

from ..text.chrome import chrome_ranges
from ..text.view import build_view
from ..training.data import Record

LABELS = ("DATE", "MEETING", "ORG", "QUANTITY")
MAX_LEN = 120
_FINAL = "。！？；"
_SOFT = "，、："
_WS = re.compile(r"\S+")

Sample = Dict[str, List[str]]  # {"token": [chars], "tag": [BIO tags]}


def segments(text: str, max_len: int = MAX_LEN, skip: Sequence[Tuple[int, int]] = ()) -> List[Tuple[int, int]]:
    """``[start, end)`` pieces of a view text for HanLP, none longer than ``max_len``.

    Whitespace is never inside a piece; pieces overlapping a ``skip`` range
    (page chrome) are left out."""
    out: List[Tuple[int, int]] = []
    for m in _WS.finditer(text):
        a = m.start()
        for i in range(m.start(), m.end()):
            if text[i] in _FINAL:
                out.extend(_cap(text, a, i + 1, max_len))
                a = i + 1
        if a < m.end():
            out.extend(_cap(text, a, m.end(), max_len))
    if skip:
        out = [(a, b) for a, b in out if all(b <= s or a >= e for s, e in skip)]
    return out


def _cap(text: str, a: int, b: int, max_len: int) -> Iterator[Tuple[int, int]]:
    while b - a > max_len:
        cut = max((i + 1 for i in range(a, a + max_len) if text[i] in _SOFT), default=a + max_len)
        yield a, cut
        a = cut
    if b > a:
        yield a, b


def record_samples(record: Record, *, max_len: int = MAX_LEN, labels: Sequence[str] = LABELS) -> Tuple[List[Sample], int]:
    """Char/BIO samples of a contract record's view text; returns (samples, entities lost at a cut).

    Page chrome is left out (it never gets entities, and the component skips it)."""
    view = build_view(record["text"])
    tags = ["O"] * len(view.text)
    lost = 0
    spans = []
    for e in record.get("entities", []):
        if e["label"] not in labels:
            continue
        a, b = view.from_original(e["start"], e["end"])
        if b > a:
            spans.append((a, b, e["label"]))
    pieces = segments(view.text, max_len, skip=chrome_ranges(view.text))
    piece_of = {}
    for k, (a, b) in enumerate(pieces):
        for i in range(a, b):
            piece_of[i] = k
    for a, b, label in sorted(spans):
        k = piece_of.get(a)
        if k is None or piece_of.get(b - 1) != k or any(t != "O" for t in tags[a:b]):
            lost += 1
            continue
        tags[a] = f"B-{label}"
        for i in range(a + 1, b):
            tags[i] = f"I-{label}"
    samples = [{"token": list(view.text[a:b]), "tag": tags[a:b]} for a, b in pieces]
    return samples, lost


def records_samples(records: Iterable[Record], *, max_len: int = MAX_LEN) -> Tuple[List[Sample], int]:
    samples: List[Sample] = []
    lost = 0
    for r in records:
        s, n = record_samples(r, max_len=max_len)
        samples.extend(s)
        lost += n
    return samples, lost


def split_samples(samples: List[Sample], dev_share: float = 0.1, seed: int = 0) -> Tuple[List[Sample], List[Sample]]:
    """A deterministic train/dev split of training samples (HanLP keeps the best epoch on dev)."""
    order = list(range(len(samples)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, int(len(samples) * dev_share))
    dev = set(order[:n_dev])
    return [s for i, s in enumerate(samples) if i not in dev], [s for i, s in enumerate(samples) if i in dev]


def count_entities(samples: Iterable[Sample]) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for s in samples:
        for t in s["tag"]:
            if t.startswith("B-"):
                counts[t[2:]] = counts.get(t[2:], 0) + 1
    return counts


def write_tsv(samples: Iterable[Sample], path) -> None:
    """HanLP's TSV tagging format: ``char<TAB>tag`` lines, a blank line after each sample."""
    with open(path, "w", encoding="utf-8") as f:
        for s in samples:
            f.writelines(f"{c}\t{t}\n" for c, t in zip(s["token"], s["tag"]))
            f.write("\n")


def with_silver(record: Record, silver: Iterable[Tuple[int, int, str]]) -> Record:
    """A record plus silver entities that overlap none of its own."""
    ents = list(record.get("entities", []))
    taken = [(e["start"], e["end"]) for e in ents]
    for s, e, label in silver:
        if all(e <= a or s >= b for a, b in taken):
            ents.append({"start": s, "end": e, "label": label})
            taken.append((s, e))
    return {**record, "entities": ents}


