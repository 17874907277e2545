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


# ---------------------------------------------------------------------------
# split_tokens_at rebuilds the Doc in one pass; it must leave exactly what the
# retokenizer left. REFERENCE is the former algorithm (one retok.split per token).


def reference_split_tokens_at(doc, boundaries):
    """The former split_tokens_at, kept verbatim as the reference (quadratic)."""
    from bisect import bisect_right

    from pipeline._extensions import get_view

    if not len(doc):
        return 0
    idx = doc.to_array("IDX").tolist()
    last = doc[-1]
    n = last.idx + len(last.text_with_ws)
    token_starts = set(idx)
    wanted = sorted({b for b in boundaries if 0 < b < n and b not in token_starts})
    if not wanted:
        return 0
    view = get_view(doc)
    groups = {
        name: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group] for name, group in doc.spans.items()
    }
    cuts = {}
    for b in wanted:
        cuts.setdefault(bisect_right(idx, b) - 1, []).append(b)
    with doc.retokenize() as retok:
        for i, points in cuts.items():
            tok = doc[i]
            edges = [tok.idx] + points + [tok.idx + len(tok.text)]
            orths = [tok.text[a - tok.idx : b - tok.idx] for a, b in zip(edges, edges[1:])]
            norms = []
            for (a, b), orth in zip(zip(edges, edges[1:]), orths):
                va, vb = view.from_original(a, b)
                norms.append(view.text[va:vb] or orth)
            for norm in norms:
                doc.vocab.strings.add(norm)
            heads = [(tok, 0)] * len(orths)
            retok.split(tok, orths, heads=heads, attrs={"NORM": norms})
    for name, items in groups.items():
        spans = []
        for s, e, label, kb in items:
            span = doc.char_span(s, e, label=label, kb_id=kb, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[name] = spans
    return len(wanted)


SNAPSHOT_ATTRS = [
    "ORTH", "NORM", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD", "ENT_IOB",
    "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "SENT_START", "SPACY", "IDX",
]  # fmt: skip


def snapshot(doc):
    """Everything a split may change, in comparable form."""
    return {
        "tokens": doc.to_array(SNAPSHOT_ATTRS).tolist(),
        "texts": [t.text_with_ws for t in doc],
        "norms": [t.norm_ for t in doc],
        "sents": [(s.start, s.end) for s in doc.sents] if doc.has_annotation("SENT_START") else None,
        "ents": [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents],
        "spans": {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g] for k, g in doc.spans.items()},
        "user_data": doc.user_data,
        "doc": (doc.text, doc.cats, doc._context, doc.has_unknown_spaces, len(doc)),
    }


def both(make, run):
    """Run ``run(doc)`` on two equal Docs, with the new and the reference split."""
    import pipeline.spans as spans_module

    new_doc = make()
    new_out = run(new_doc)
    ref_doc = make()
    original = spans_module.split_tokens_at
    spans_module.split_tokens_at = reference_split_tokens_at
    try:
        ref_out = run(ref_doc)
    finally:
        spans_module.split_tokens_at = original
    return (new_doc, new_out), (ref_doc, ref_out)


def test_split_matches_retokenizer_on_seeds(nlp):
    import json

    from conftest import GOLD

    n_split = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        items = [(e["start"], e["end"], e["label"]) for e in d["entities"]]

        def run(doc, items=items):
            before = len(doc)
            spans, failed = spans_from_offsets(doc, items)
            return len(doc) - before, [(s.start, s.end, s.label_) for s in spans], failed

        (new_doc, new_out), (ref_doc, ref_out) = both(lambda d=d: nlp.make_doc(d["text"]), run)
        assert new_out == ref_out
        assert snapshot(new_doc) == snapshot(ref_doc)
        n_split += new_out[0]
    assert n_split > 0, "the seeds must need splits, or nothing is compared"


def test_split_matches_retokenizer_in_rule_taggers(nlp, raw_texts):
    """The DATE/QUANTITY/ORG taggers on the raw seed texts: same Doc either way."""
    import spacy

    taggers = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    for name in ("date_tagger", "quantity_tagger", "org_tagger"):
        taggers.add_pipe(name)
    for text in raw_texts.values():
        (new_doc, _), (ref_doc, _) = both(lambda text=text: taggers.make_doc(text), lambda doc: taggers(doc))
        assert snapshot(new_doc) == snapshot(ref_doc)


# Invented text; every token attribute set, so that any difference shows.
INVENTED = "市政协2023年12月召开主席会议，5人省政协委员调研。\n区政协组织委员视察两个项目！县委书记出席会议。"


def _annotated(nlp, text, parsed):
    import random

    rng = random.Random(len(text) + parsed)
    doc = nlp.make_doc(text)
    n = len(doc)
    tags = [rng.choice(["NN", "VV", "CD", ""]) for _ in range(n)]
    for t, tag in zip(doc, tags):
        t.tag_ = tag
        t.lemma_ = t.text if rng.random() < 0.7 else ""
        t.pos_ = rng.choice(["NOUN", "VERB", "NUM"])
        t.set_morph("Number=Sing" if rng.random() < 0.3 else None)
    if parsed:
        from spacy.tokens import Doc

        heads = [max(0, i - rng.randint(0, 3)) if i % 7 else i for i in range(n)]
        deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
        doc = Doc(
            doc.vocab, words=[t.text for t in doc], spaces=[False] * n, heads=heads, deps=deps, user_data=doc.user_data
        )
        for t, tag in zip(doc, tags):
            t.tag_ = tag
    ents, i = [], 0
    while i < n:
        width = rng.randint(1, 3)
        if rng.random() < 0.5 and i + width <= n:
            ents.append(doc[i : i + width])
            ents[-1].label_ = rng.choice(["ORG", "DATE"])
        i += width + 1
    from spacy.tokens import Span

    doc.set_ents([Span(doc, s.start, s.end, label=s.label_, kb_id="kb" if s.start % 2 else "") for s in ents])
    doc.spans["x"] = [Span(doc, i, min(n, i + 3), label="X", kb_id="k") for i in range(0, n, 2)]
    doc.spans["empty"] = []
    doc.cats = {"A": 1.0}
    doc.user_data[("custom", 1)] = "kept"
    return doc


import pytest  # noqa: E402


@pytest.mark.parametrize("parsed", [False, True], ids=["sentences", "parsed"])
@pytest.mark.parametrize("density", [0.1, 0.5, 1.0])
def test_split_matches_retokenizer_with_many_splits(nlp, parsed, density):
    import random

    text = INVENTED * 6
    rng = random.Random(int(density * 10) + parsed)
    bounds = [b for b in range(len(text) + 2) if rng.random() < density] + [-1, 0, len(text)]

    def run(doc):
        import pipeline.spans as spans_module

        return spans_module.split_tokens_at(doc, bounds)

    (new_doc, new_out), (ref_doc, ref_out) = both(lambda: _annotated(nlp, text, parsed), run)
    assert new_out == ref_out and new_out >= 10
    assert snapshot(new_doc) == snapshot(ref_doc)
    assert {b for b in bounds if 0 < b < len(text)} <= {t.idx for t in new_doc}


def test_split_keeps_the_doc_object(nlp):
    doc = nlp.make_doc("市政协召开主席会议")
    doc._context = "ctx"
    same = doc
    starts = {t.idx for t in doc}
    assert split_tokens_at(doc, [1, 2, 5, 6]) == len({1, 2, 5, 6} - starts) > 0
    assert doc is same and doc._context == "ctx"
    assert {1, 2, 5, 6} <= {t.idx for t in doc} and doc.text == "市政协召开主席会议"
