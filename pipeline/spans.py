"""Turning character offsets into token spans, splitting tokens where needed.

pkuseg words do not always end where an entity ends (``5人省政协``). A span
the tokens cannot express is never dropped: the tokens are split at its
boundaries first, all in one rebuild of the Doc (span groups are carried over
by character offsets).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span
from thinc.api import get_array_module

from ._extensions import get_view

# Token attributes carried over when tokens are split (from_array derives the
# sentence starts from HEAD when DEP is set, as the retokenizer does).
_ATTRS = [TAG, POS, MORPH, LEMMA, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, NORM, SENT_START, HEAD, DEP]
_B, _I = 3, 1  # ENT_IOB codes
# Doc attributes that Doc.__init__ resets and the retokenizer leaves alone.
_DOC_STATE = (
    "cats",
    "sentiment",
    "user_hooks",
    "user_token_hooks",
    "user_span_hooks",
    "has_unknown_spaces",
    "_context",
    "_vector",
    "_vector_norm",
    "noun_chunks_iterator",
)


def split_tokens_at(doc: Doc, boundaries: Iterable[int]) -> int:
    """Split tokens so that every given character offset is a token boundary.

    Returns the number of tokens split. Norms of the pieces come from the view.

    ``retokenize().split`` shifts the whole token array once per split, which
    made a long document with many splits quadratic. Here the Doc is rebuilt
    once from the split word list, O(n + k log n), *in place* (``Doc.__init__``
    on the same object), so callers and spaCy keep their reference. Tokens,
    attributes, span groups, ``user_data`` and Doc attributes come out as the
    retokenizer left them (tests/test_spans.py compares the two)."""
    if not len(doc):
        return 0
    idx = doc.to_array("IDX").tolist()  # fast: no Token objects, no doc.text
    last = doc[-1]
    n = last.idx + len(last.text_with_ws)
    token_starts = set(idx)
    wanted = sorted({b for b in boundaries if 0 < b < n and b not in token_starts})
    if not wanted:
        return 0
    view = get_view(doc)
    cuts: Dict[int, List[int]] = {}
    for b in wanted:
        cuts.setdefault(bisect_right(idx, b) - 1, []).append(b)
    col = {a: j for j, a in enumerate(_ATTRS)}
    old = doc.to_array(_ATTRS)
    orth_spacy = doc.to_array([ORTH, SPACY])
    n_tok = len(idx)
    counts = numpy.ones(n_tok, dtype="int64")
    for i, points in cuts.items():
        counts[i] = len(points) + 1
    first = numpy.zeros(n_tok + 1, dtype="int64")  # new index of each old token's first piece
    numpy.cumsum(counts, out=first[1:])
    new = numpy.repeat(old, counts, axis=0)
    # absolute heads, moved to the first piece of the head token
    heads = numpy.arange(n_tok) + old[:, col[HEAD]].astype("int64")
    new[:, col[HEAD]] = numpy.repeat(first[heads] - first[:-1], counts).astype("uint64")
    orths = orth_spacy[:, 0].tolist()
    spaces = orth_spacy[:, 1].astype(bool).tolist()
    words: List[Union[int, str]] = []
    word_spaces: List[bool] = []
    done = 0
    for i in sorted(cuts):
        words.extend(orths[done:i])
        word_spaces.extend(spaces[done:i])
        done = i + 1
        tok = doc[i]
        edges = [tok.idx] + cuts[i] + [tok.idx + len(tok.text)]
        for p, (a, b) in enumerate(zip(edges, edges[1:])):
            orth = tok.text[a - tok.idx : b - tok.idx]
            va, vb = view.from_original(a, b)
            words.append(orth)
            word_spaces.append(spaces[i] if b == edges[-1] else False)
            row = new[first[i] + p]
            if p:
                # spaCy's _split leaves a later piece with the fields of the slot
                # it overwrites (the next token, or an empty slot past the end)
                # except those set below: reproduced so that nothing changes.
                row[:] = old[i + p] if i + p < n_tok else 0
                row[col[ENT_IOB]] = _I if old[i, col[ENT_IOB]] == _B else old[i, col[ENT_IOB]]
            row[col[HEAD]] = numpy.uint64((-p) % 2**64)  # every piece hangs on the first
            if row[col[LEMMA]]:
                row[col[LEMMA]] = doc.vocab.strings.add(orth)
            row[col[NORM]] = doc.vocab.strings.add(view.text[va:vb] or orth)
    words.extend(orths[done:])
    word_spaces.extend(spaces[done:])
    groups = {
        name: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group] for name, group in doc.spans.items()
    }
    state = {name: getattr(doc, name) for name in _DOC_STATE}
    tensor = doc.tensor
    doc.__init__(doc.vocab, words=words, spaces=word_spaces, user_data=doc.user_data)
    for name, value in state.items():
        setattr(doc, name, value)
    if tensor is not None and getattr(tensor, "size", 0):  # pieces get zero rows, as in _split
        xp = get_array_module(tensor)
        whole = numpy.nonzero(counts == 1)[0]
        doc.tensor = xp.zeros((len(words),) + tuple(tensor.shape[1:]), dtype=tensor.dtype)
        doc.tensor[xp.asarray(first[whole])] = tensor[xp.asarray(whole)]
    doc.from_array(_ATTRS, new)
    for name, items in groups.items():
        spans = []
        for s, e, label, kb in items:
            span = doc.char_span(s, e, label=label, kb_id=kb, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[name] = spans
    return len(wanted)


def span_for(doc: Doc, start: int, end: int, label: str = "", view=None) -> Optional[Span]:
    """The token span whose kept characters run exactly from ``start`` to ``end``.

    Trailing dropped characters (a gloss) may sit inside the last token; any
    other mismatch returns None, and the caller should split first."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if span.start_char != start:
        return None
    if span.end_char != end:
        view = view or get_view(doc)
        a, b = view.from_original(end, span.end_char)
        if b > a:  # kept characters after the end: not expressible
            return None
    return span


def spans_from_offsets(
    doc: Doc, items: Sequence[Tuple[int, int, str]], *, split: bool = True
) -> Tuple[List[Span], List[Tuple[int, int, str]]]:
    """Spans for (start, end, label) items; tokens are split where needed.

    Returns the spans and the items that could not be made into spans even so
    (reported by callers, never silently lost)."""
    view = get_view(doc)
    if split:
        need = []
        for s, e, _ in items:
            if span_for(doc, s, e, view=view) is None:
                need.extend([s, _end_boundary(doc, e, view)])
        if need:
            split_tokens_at(doc, need)
    spans, failed = [], []
    for s, e, label in items:
        span = span_for(doc, s, e, label, view=view)
        if span is None:
            failed.append((s, e, label))
        else:
            spans.append(span)
    return spans, failed


def _end_boundary(doc: Doc, end: int, view=None) -> int:
    """Where a token must end so that a span ends at ``end``: after trailing dropped chars."""
    view = view or get_view(doc)
    i = view.from_original(end, view.original_length)[0]
    return view.starts[i] if i < len(view.text) else view.original_length
