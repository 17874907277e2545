"""End to end over corpus/raw with the default pipeline, as `make annotate` runs it."""

import json

import pytest
from conftest import RAW

from pipeline.cli.annotate import annotate


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("e2e")
    summary = annotate([RAW], d, formats=("jsonl", "conll", "relations"))
    return d, summary


def test_end_to_end_one_record_per_raw_file(out):
    d, summary = out
    records = [json.loads(x) for x in (d / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    raw = sorted(RAW.glob("*.txt"))
    assert summary.errors == 0
    assert [r["id"] for r in records] == [p.stem for p in raw]
    for r, p in zip(records, raw, strict=True):
        assert r["text"].encode("utf-8") == p.read_bytes(), "text equals the raw file byte for byte"


def test_end_to_end_offsets_valid_and_flat(out):
    d, _ = out
    for line in (d / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        prev_end = 0
        for e in sorted(r["entities"], key=lambda e: e["start"]):
            assert r["text"][e["start"]:e["end"]] == e["text"]
            assert e["start"] >= prev_end and e["text"] == e["text"].strip()
            prev_end = e["end"]
        for ev in r["events"]:
            t = ev["trigger"]
            assert r["text"][t["start"]:t["end"]] == t["text"]
            for a in ev["arguments"]:
                assert r["text"][a["start"]:a["end"]] == a["text"]


def test_end_to_end_outputs_exist(out):
    d, _ = out
    for name in ("annotations.jsonl", "annotations.conll", "relations.csv", "events.csv", "errors.jsonl"):
        assert (d / name).exists()
