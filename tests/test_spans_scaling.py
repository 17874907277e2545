"""Splitting tokens costs work linear in the document length.

Cost is counted, not timed (as in tests/rules/test_rule_scaling.py): every
Python line run in the span and view modules, plus, for every call that walks
the whole token array (``to_array``, ``from_array``, building the Doc, one
retokenizer split), the number of tokens it walks, counted by a Doc subclass.
A 4x longer text with 4x the splits must cost about 4x; the former algorithm
(one retokenizer split per token, tests/test_spans.py) costs about 16x.
"""

import sys

import test_spans
from spacy.tokens import Doc

import pipeline.spans as spans_module
from pipeline import _extensions
from pipeline.text import view as view_module

FILES = {spans_module.__file__, view_module.__file__, _extensions.__file__, test_spans.__file__}
# Invented text: long words (organisations, dates, numbers) that the splits cut.
BLOCK = "市政协2023年12月召开主席会议5人省政协委员调研区政协组织委员视察两个项目县委书记出席会议。"


class CountingDoc(Doc):
    """A Doc that counts the tokens walked by its whole-array operations."""

    walked = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingDoc.walked += len(self)

    def to_array(self, *args, **kwargs):
        CountingDoc.walked += len(self)
        return super().to_array(*args, **kwargs)

    def from_array(self, *args, **kwargs):
        CountingDoc.walked += len(self)
        return super().from_array(*args, **kwargs)

    def retokenize(self):
        return CountingRetokenizer(self, super().retokenize())


class CountingRetokenizer:
    """Each split shifts every token after it (spaCy's ``_split``): count the Doc."""

    def __init__(self, doc, inner):
        self.doc, self.inner = doc, inner

    def __enter__(self):
        self.retok = self.inner.__enter__()
        return self

    def split(self, *args, **kwargs):
        CountingDoc.walked += len(self.doc)
        return self.retok.split(*args, **kwargs)

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)


def counting_doc(nlp, text):
    doc = nlp.make_doc(text)
    out = CountingDoc(
        doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], user_data=doc.user_data
    )
    out.from_array(["NORM", "SENT_START"], doc.to_array(["NORM", "SENT_START"]))
    return out


def cost(split, nlp, text):
    doc = counting_doc(nlp, text)
    # the second character of every second token that has one: splits grow with the text
    bounds = [t.idx + 1 for t in doc if len(t) > 1 and t.i % 2]
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in FILES else None

    CountingDoc.walked = 0
    sys.settrace(tracer)
    try:
        n_split = split(doc, bounds)
    finally:
        sys.settrace(None)
    assert n_split == len(bounds) > 0 and {b for b in bounds} <= {t.idx for t in doc}
    return lines + CountingDoc.walked


def test_split_scales_linearly(nlp):
    small, large = BLOCK * 25, BLOCK * 100
    ratio = cost(spans_module.split_tokens_at, nlp, large) / cost(spans_module.split_tokens_at, nlp, small)
    assert 3.5 < ratio < 4.5, ratio


def test_the_count_sees_the_former_quadratic_split(nlp):
    small, large = BLOCK * 25, BLOCK * 100
    reference = test_spans.reference_split_tokens_at
    ratio = cost(reference, nlp, large) / cost(reference, nlp, small)
    assert ratio > 10, ratio
