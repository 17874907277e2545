"""Every custom attribute the pipeline puts on Docs, Spans and Tokens, in one place."""

from __future__ import annotations

import weakref
from typing import Optional, Tuple

from spacy.tokens import Doc, Span, Token

from .text.view import TextView, build_view

VIEW_KEY = "pipeline.view"
CHROME = "chrome"  # span group of page chrome
NORMS = "pipeline.norms"  # user_data: (start_char, end_char) -> normalised value
TEXT_KEY = "pipeline.text"  # user_data: the input string, so nobody rebuilds doc.text


def original_text(doc: Doc) -> str:
    """``doc.text`` without re-joining every token (it costs a Token object per word)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


# The TextView object of a Doc, kept next to the msgpack-able dict in user_data so
# that ``span._.offsets`` / ``span._.norm`` do not rebuild it (O(text) each) per span:
# that made a document with many entities quadratic. Keyed weakly by the Doc; valid
# while ``user_data`` still holds the very dict the view was made from.
_VIEWS: "weakref.WeakKeyDictionary[Doc, Tuple[dict, TextView]]" = weakref.WeakKeyDictionary()


def get_view(doc: Doc) -> TextView:
    """The Doc's text view; rebuilt from ``doc.text`` if the Doc came without one."""
    data = doc.user_data.get(VIEW_KEY)
    cached = _VIEWS.get(doc)
    if cached is not None and data is not None and cached[0] is data:
        return cached[1]
    if data is None:
        view = build_view(doc.text)
        set_view(doc, view)
        return view
    view = TextView.from_dict(data)
    _VIEWS[doc] = (data, view)
    return view


def set_view(doc: Doc, view: TextView) -> None:
    data = view.to_dict()
    doc.user_data[VIEW_KEY] = data
    _VIEWS[doc] = (data, view)


def kept_offsets(span: Span, view: Optional[TextView] = None) -> Tuple[int, int]:
    """Original offsets of a span from its first to its last *kept* character.

    A token may end in characters the view dropped (a pinyin gloss, a doubled
    comma); ANNOTATION.md has spans end at the last kept character."""
    view = view or get_view(span.doc)
    a, b = view.from_original(span.start_char, span.end_char)
    if b <= a:
        return span.start_char, span.end_char
    return view.starts[a], view.ends[b - 1]


def _is_chrome(token: Token) -> bool:
    return any(s.start <= token.i < s.end for s in token.doc.spans.get(CHROME, []))


def _span_norm(span: Span):
    """Norms are filed under a span's kept offsets (what the record exports);
    token offsets differ when the last token ends in a dropped gloss (兩期(qī))."""
    norms = span.doc.user_data.get(NORMS, {})
    start, end = kept_offsets(span)
    value = norms.get(f"{start}:{end}")
    return value if value is not None else norms.get(f"{span.start_char}:{span.end_char}")


def set_span_norm(doc: Doc, start_char: int, end_char: int, value) -> None:
    doc.user_data.setdefault(NORMS, {})[f"{start_char}:{end_char}"] = value


def _register() -> None:
    if not Doc.has_extension("view"):
        Doc.set_extension("view", getter=get_view)
    if not Token.has_extension("is_chrome"):
        Token.set_extension("is_chrome", getter=_is_chrome)
    if not Span.has_extension("norm"):
        Span.set_extension("norm", getter=_span_norm)
    if not Span.has_extension("offsets"):
        Span.set_extension("offsets", getter=kept_offsets)
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)


_register()
