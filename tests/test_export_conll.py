"""CoNLL export round-trips through ``spacy convert -c ner``."""

import subprocess
import sys

import pytest
from spacy.tokens import DocBin

from pipeline.export.conll import ConllWriter
from pipeline.spans import spans_from_offsets

TEXTS = [
    ("a", "省政協(xié)十三屆二次會(huì)議在太原開幕，收到提案84件。\n首頁 > 新聞 > 正文", [("省政協", "ORG"), ("十三屆二次會(huì)議", "MEETING"), ("84件", "QUANTITY")]),
    ("b", "2023年6月20日，自治区政协召开常委会会议。", [("2023年6月20日", "DATE"), ("自治区政协", "ORG"), ("常委会会议", "MEETING")]),
]


def _docs(nlp):
    docs = []
    for doc_id, text, ents in TEXTS:
        doc = nlp(text)
        items = [(text.index(t), text.index(t) + len(t), lab) for t, lab in ents]
        spans, failed = spans_from_offsets(doc, items)
        assert not failed
        doc.ents = spans
        docs.append((doc_id, doc))
    return docs


@pytest.mark.parametrize("level", ["token", "char"])
def test_export_conll_roundtrip_spacy_convert(nlp, tmp_path, level):
    docs = _docs(nlp)
    path = tmp_path / f"out.{level}.conll"
    with ConllWriter(path, level=level) as w:
        for doc_id, doc in docs:
            w.write(doc_id, doc)
    out = tmp_path / level
    out.mkdir()
    subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(out), "-c", "ner"], check=True,
                   capture_output=True)
    (spacy_file,) = out.glob("*.spacy")
    import spacy

    converted = list(DocBin().from_disk(spacy_file).get_docs(spacy.blank("xx").vocab))
    assert len(converted) == len(docs)
    for (_, ours), theirs in zip(docs, converted, strict=True):
        if level == "token":
            want = [(e.text, e.label_) for e in ours.ents]
        else:
            want = [(ours.text[slice(*e._.offsets)], e.label_) for e in ours.ents]
        got = [("".join(t.text for t in e), e.label_) for e in theirs.ents]
        assert got == want


def test_export_conll_layout(nlp, tmp_path):
    path = tmp_path / "x.conll"
    with ConllWriter(path) as w:
        for doc_id, doc in _docs(nlp):
            w.write(doc_id, doc)
    text = path.read_text(encoding="utf-8")
    assert text.count("-DOCSTART- -X- O O") == 2
    assert "\n\n" in text
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("-DOCSTART-")]
    assert all(len(r) == 2 and r[0].strip() == r[0] and r[1][:2] in ("O", "B-", "I-") for r in rows)
    assert ["首頁", "O"] in rows  # chrome gets O


def test_export_conll_bad_level(tmp_path):
    with pytest.raises(ValueError):
        ConllWriter(tmp_path / "x", level="word")
