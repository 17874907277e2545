"""Span helpers: no span the tokens cannot express is ever lost."""

from pipeline.spans import span_for, spans_from_offsets, split_tokens_at


def test_spans_split_fused_tokens(nlp):
    text = "組織5人省政協(xié)委員"
    doc = nlp(text)
    q = (text.index("5人"), text.index("5人") + 2, "QUANTITY")
    o = (text.index("省政協"), text.index("省政協") + 3, "ORG")
    spans, failed = spans_from_offsets(doc, [q, o])
    assert not failed
    assert [(s.text, s.label_) for s in spans] == [("5人", "QUANTITY"), ("省政協(xié)", "ORG")]
    assert [s._.offsets for s in spans] == [q[:2], o[:2]]
    assert doc.text == text


def test_spans_split_keeps_span_groups(nlp):
    text = "市政协召开主席会议"
    doc = nlp(text)
    doc.spans["x"] = [doc.char_span(0, 3, alignment_mode="expand")]
    before = [(s.start_char, s.end_char) for s in doc.spans["x"]]
    split_tokens_at(doc, [1, 5])
    assert [(s.start_char, s.end_char) for s in doc.spans["x"]] == before
    assert {t.idx for t in doc} >= {1, 5}


def test_spans_norms_of_split_pieces(nlp):
    doc = nlp("會議召開")
    split_tokens_at(doc, [1])
    assert [t.norm_ for t in doc][:2] == ["会", "议"]


def test_spans_gloss_at_end_is_expressible(nlp):
    text = "省政協(xié)十三屆"
    doc = nlp(text)
    span = span_for(doc, 0, 3, "ORG")
    assert span is not None and span._.offsets == (0, 3)


def test_spans_gold_all_expressible(nlp):
    import json

    from conftest import GOLD

    for line in GOLD.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        doc = nlp(d["text"])
        spans, failed = spans_from_offsets(doc, [(e["start"], e["end"], e["label"]) for e in d["entities"]])
        assert not failed
        assert {s._.offsets + (s.label_,) for s in spans} == {(e["start"], e["end"], e["label"]) for e in d["entities"]}
