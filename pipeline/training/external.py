"""Readers for external NER corpora, mapped onto the contract (ANNOTATION.md).

Each reader yields contract records ``{"id", "text", "entities", "missing"}``.
The corpora annotate persons, places and organisations; the contract has ORG,
MEETING, DATE and QUANTITY. So:

- their organisation labels become ORG (People's Daily and MSRA ``ORG``;
  CLUENER ``government``, ``organization``, ``company``), except that a
  congress they tag as an organisation (中共十五大) is split into ORG + MEETING
  and other meeting-like organisation spans are left missing;
- their other labels (PER, LOC, name, address, ...) become O: the contract has
  no such labels, so "not an ORG" is what they say;
- MEETING, DATE and QUANTITY, which they never annotate, are left *missing*
  (unknown, not O) wherever they could occur (``missing_ranges``), so the NER
  is never taught that a date in an MSRA sentence is nothing.

All three corpora are for research use only (see each folder's SOURCE.txt in
corpus/external/): a model trained on them says so in its model card.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple, Union

from .data import Record, missing_ranges

UNANNOTATED = ("DATE", "QUANTITY", "MEETING")
# People's Daily and MSRA tag congresses and sessions as ORG (十五大, 中共十五大);
# the contract makes them MEETING with the organiser a separate ORG.
_CONGRESS = re.compile(r"^(中共|中国共产党)?(第?[十二三四五六七八九]+大)$")
_MEETINGISH = re.compile(r"(会议|大会|全会|代表会|论坛|峰会|博览会|座谈会|研讨会)$")
CLUENER_ORG = ("government", "organization", "company")

# name -> (reader, path relative to corpus/external, research-use note)
SOURCES: Dict[str, Tuple[str, str]] = {
    "pd1998_ner": ("pd1998_ner/example.dev", "People's Daily 1998 NER, dev split (PER/LOC/ORG)"),
    "msra_ner": ("msra_ner/dsx_val_sentences.txt", "MSRA NER (SIGHAN 2006), 3,000 training sentences (PER/LOC/ORG)"),
    "cluener2020": ("cluener2020/train.json", "CLUENER2020 train (government/organization/company)"),
}


def map_orgs(text: str, orgs: Iterable[Tuple[int, int]]) -> Tuple[List[dict], List[List[int]]]:
    """ORG spans of an external corpus -> contract entities and missing ranges."""
    ents: List[dict] = []
    missing = missing_ranges(text, UNANNOTATED)
    for s, e in orgs:
        name = text[s:e]
        m = _CONGRESS.match(name)
        if m:
            if m.group(1):
                ents.append({"start": s, "end": s + len(m.group(1)), "label": "ORG"})
            ents.append({"start": s + len(m.group(1) or ""), "end": e, "label": "MEETING"})
        elif _MEETINGISH.search(name):
            missing.append([s, e])
        else:
            ents.append({"start": s, "end": e, "label": "ORG"})
    for ent in ents:
        ent["text"] = text[ent["start"] : ent["end"]]
    return ents, missing


def _record(source: str, n: int, text: str, orgs: Iterable[Tuple[int, int]]) -> Record:
    ents, missing = map_orgs(text, orgs)
    return {"id": f"{source}#{n}", "text": text, "entities": ents, "missing": missing}


def bio_spans(tags: Sequence[str], label: str) -> List[Tuple[int, int]]:
    """(start, end) of the ``label`` spans in a BIO tag sequence."""
    spans, start = [], None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and tag != f"I-{label}":
            spans.append((start, i))
            start = None
        if tag == f"B-{label}":
            start = i
    return spans


def pd1998_records(path: Union[str, Path]) -> Iterator[Record]:
    """People's Daily NER: ``char TAG`` lines, blank line between sentences."""
    sentence: List[Tuple[str, str]] = []
    n = 0
    with Path(path).open(encoding="utf-8") as f:
        for line in list(f) + [""]:
            line = line.rstrip("\n")
            if line.strip():
                char, _, tag = line.partition(" ")
                sentence.append((char or " ", tag.strip() or "O"))
                continue
            if sentence:
                text = "".join(c for c, _ in sentence)
                yield _record("pd1998_ner", n, text, bio_spans([t for _, t in sentence], "ORG"))
                n += 1
                sentence = []


def msra_records(path: Union[str, Path]) -> Iterator[Record]:
    """MSRA NER: space-separated characters, tags in the parallel ``*_tags.txt``."""
    path = Path(path)
    tags_path = path.with_name(path.name.replace("sentences", "tags"))
    with path.open(encoding="utf-8") as fs, tags_path.open(encoding="utf-8") as ft:
        for n, (sline, tline) in enumerate(zip(fs, ft)):
            chars, tags = sline.split(), tline.split()
            if len(chars) != len(tags) or not chars:
                continue
            yield _record("msra_ner", n, "".join(chars), bio_spans(tags, "ORG"))


def cluener_records(path: Union[str, Path]) -> Iterator[Record]:
    """CLUENER2020: ``{"text", "label": {type: {mention: [[start, end_inclusive]]}}}``."""
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not line.strip():
                continue
            item = json.loads(line)
            text = item["text"]
            orgs = [
                (s, e + 1)
                for kind in CLUENER_ORG
                for mentions in item.get("label", {}).get(kind, {}).values()
                for s, e in mentions
            ]
            yield _record("cluener2020", n, text, sorted(set(orgs)))


READERS = {"pd1998_ner": pd1998_records, "msra_ner": msra_records, "cluener2020": cluener_records}


def external_records(
    folder: Union[str, Path], sources: Sequence[str], *, per_source: int, seed: int = 0, with_org_share: float = 0.8
) -> Dict[str, List[Record]]:
    """A seeded sample of ``per_source`` records from each source.

    ``with_org_share`` of each sample has at least one ORG (that is what these
    corpora teach); the rest has none, so the model also sees sentences
    without any organisation."""
    out: Dict[str, List[Record]] = {}
    for name in sources:
        if name not in READERS:
            raise ValueError(f"Unknown external source {name!r}; known: {sorted(READERS)}")
        records = list(READERS[name](Path(folder) / SOURCES[name][0]))
        rng = random.Random(f"{seed}:{name}")
        with_org = [r for r in records if r["entities"]]
        without = [r for r in records if not r["entities"]]
        n_org = min(len(with_org), round(per_source * with_org_share))
        n_none = min(len(without), per_source - n_org)
        out[name] = rng.sample(with_org, n_org) + rng.sample(without, n_none)
    return out
