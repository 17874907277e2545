"""Turning character offsets into token spans, splitting tokens where needed.

pkuseg words do not always end where an entity ends (``5人省政协``). A span
the tokens cannot express is never dropped: the tokens are split at its
boundaries first (span groups are carried over by character offsets, since
spaCy's retokenizer does not move them).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Span

from ._extensions import get_view


def split_tokens_at(doc: Doc, boundaries: Iterable[int]) -> int:
    """Split tokens so that every given character offset is a token boundary.

    Returns the number of tokens split. Norms of the pieces come from the view."""
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
    groups = {name: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group] for name, group in doc.spans.items()}
    cuts: Dict[int, List[int]] = {}
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
            for norm in norms:  # retok.split hashes list values without adding them
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
