"""A spaCy tokenizer that segments the *view* with pkuseg and keeps the original text.

``doc.text`` is always the input; each token's ``norm_`` is its view form
(Simplified, gloss-free), so the components and the NER features see clean
text whatever the script. The pkuseg model is referred to by path, never
copied into a saved pipeline, so a trained pipeline stays small.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import srsly
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .. import _extensions  # noqa: F401  (registers the extensions)
from .._extensions import CHROME, TEXT_KEY, set_view
from ..paths import DEFAULT_PKUSEG, resolve_pkuseg
from .chrome import chrome_ranges
from .view import TextView, build_view

_CHUNK = re.compile(r"\S+|\s+")
_SENT_END = set("。！？；…!?;")
_CLOSERS = set("”’」』）)》】")


COMPACT_DIR = "compact"


@lru_cache(maxsize=4)
def load_pkuseg(path: str, compact: bool = True):
    """One segmenter per process and path: the compact memory-mapped copy of the model
    (``make setup`` builds it in ``PATH/compact``; milliseconds to open, pages shared between
    processes), else spacy-pkuseg itself, which unpickles the model for seconds."""
    folder = resolve_pkuseg(path)
    if compact and (folder / COMPACT_DIR / "meta.json").exists():
        from .segmenter import CompactSegmenter

        return CompactSegmenter(folder / COMPACT_DIR)
    return load_reference_pkuseg(str(folder))


def load_reference_pkuseg(path: str):
    """spacy-pkuseg's own segmenter (the reference the compact model is verified against)."""
    import spacy_pkuseg

    # spacy-pkuseg warns on stderr that it falls back from features.msgpack to features.pkl,
    # the file the pkuseg wheel ships: expected here, so not shown to users.
    with contextlib.redirect_stderr(io.StringIO()):
        return spacy_pkuseg.pkuseg(str(resolve_pkuseg(path)))


@registry.tokenizers("pipeline.ViewTokenizer.v1")
def create_view_tokenizer(
    pkuseg_model: str = DEFAULT_PKUSEG,
    opencc_config: Optional[str] = "t2s",
    strip_glosses: bool = True,
    normalize_punctuation: bool = True,
    detect_chrome: bool = True,
    max_segment_chars: int = 2000,
):
    def tokenizer_factory(nlp):
        return ViewTokenizer(
            nlp.vocab,
            pkuseg_model=pkuseg_model,
            opencc_config=opencc_config,
            strip_glosses=strip_glosses,
            normalize_punctuation=normalize_punctuation,
            detect_chrome=detect_chrome,
            max_segment_chars=max_segment_chars,
        )

    return tokenizer_factory


class ViewTokenizer:
    """Raw text → view → pkuseg words → tokens over the original characters."""

    def __init__(
        self,
        vocab: Vocab,
        *,
        pkuseg_model: str = DEFAULT_PKUSEG,
        opencc_config: Optional[str] = "t2s",
        strip_glosses: bool = True,
        normalize_punctuation: bool = True,
        detect_chrome: bool = True,
        max_segment_chars: int = 2000,
        segmenter: Any = None,
    ):
        self.vocab = vocab
        self.cfg: Dict[str, Any] = {
            "pkuseg_model": str(pkuseg_model),
            "opencc_config": opencc_config,
            "strip_glosses": strip_glosses,
            "normalize_punctuation": normalize_punctuation,
            "detect_chrome": detect_chrome,
            "max_segment_chars": max_segment_chars,
        }
        self._segmenter = segmenter

    @property
    def segmenter(self):
        if self._segmenter is None:
            self._segmenter = load_pkuseg(self.cfg["pkuseg_model"])
        return self._segmenter

    def view(self, text: str) -> TextView:
        return build_view(
            text,
            opencc_config=self.cfg["opencc_config"],
            strip_glosses=self.cfg["strip_glosses"],
            normalize_punctuation=self.cfg["normalize_punctuation"],
        )

    def segment(self, text: str) -> List[Tuple[int, int]]:
        """Token boundaries ``(start, end)`` on a view string (whitespace runs are tokens)."""
        pieces: List[Tuple[int, int]] = []  # (start, end) of the segmenter's pieces, in order
        spaces: List[Tuple[int, int]] = []
        limit = self.cfg["max_segment_chars"]
        for m in _CHUNK.finditer(text):
            a, b = m.span()
            if text[a].isspace():
                spaces.append((len(pieces), a, b))
                continue
            # pkuseg cost grows with the segment; very long runs go in pieces,
            # cut after sentence punctuation where possible.
            pos = a
            while pos < b:
                end = b
                if end - pos > limit:
                    cut = max(text.rfind(p, pos, pos + limit) for p in "。！？；，")
                    end = cut + 1 if cut > pos else pos + limit
                pieces.append((pos, end))
                pos = end
        seg = self.segmenter
        chunks = [text[a:b] for a, b in pieces]
        if hasattr(seg, "word_starts"):
            # The compact segmenter: all pieces of a text in one vectorised pass, as offsets.
            words = [self._spans(a, b, starts) for (a, b), starts in zip(pieces, seg.word_starts(chunks))]
        else:
            words = [list(self._align(text, a, b, seg.cut(c))) for (a, b), c in zip(pieces, chunks)]
        out: List[Tuple[int, int]] = []
        sp = 0
        for k, spans in enumerate(words):
            while sp < len(spaces) and spaces[sp][0] == k:
                out.append(spaces[sp][1:])
                sp += 1
            out.extend(spans)
        out.extend(s[1:] for s in spaces[sp:])
        return out

    @staticmethod
    def _spans(a: int, b: int, starts: List[int]) -> List[Tuple[int, int]]:
        bounds = [a + s for s in starts] + [b]
        return list(zip(bounds[:-1], bounds[1:]))

    @staticmethod
    def _align(text: str, a: int, b: int, words: Iterable[str]) -> Iterable[Tuple[int, int]]:
        pos = a
        for word in words:
            if not word:
                continue
            if text.startswith(word, pos):
                yield pos, pos + len(word)
                pos += len(word)
            else:  # the segmenter changed the text: fall back to characters
                break
        while pos < b:
            yield pos, pos + 1
            pos += 1

    def __call__(self, text: str) -> Doc:
        view = self.view(text)
        bounds = self.segment(view.text)
        # Original boundaries: a token starts where its first view char starts;
        # characters the view dropped (glosses) stay with the token before.
        words: List[str] = []
        norms: List[str] = []
        starts = [view.starts[a] for a, _ in bounds]
        if starts:
            starts[0] = 0
        for k, (a, b) in enumerate(bounds):
            s = starts[k]
            e = starts[k + 1] if k + 1 < len(starts) else len(text)
            words.append(text[s:e])
            norms.append(view.text[a:b])
        if not words and text:
            words, norms = [text], [text]
        sent_starts = self._sentence_starts(norms)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), sent_starts=sent_starts)
        # Norms through one array: creating a Token object per word costs more.
        changed = [(i, n) for i, (w, n) in enumerate(zip(words, norms)) if n != w]
        if changed:
            array = doc.to_array([NORM])
            strings = self.vocab.strings
            for i, n in changed:
                array[i] = strings.add(n)
            doc.from_array([NORM], array)
        set_view(doc, view)
        doc.user_data[TEXT_KEY] = text
        if self.cfg["detect_chrome"]:
            doc.spans[CHROME] = self._chrome_spans(doc, view)
        return doc

    @staticmethod
    def _sentence_starts(norms: List[str]) -> List[bool]:
        """Sentences end after 。！？；… or an ASCII ellipsis (......), with the closing
        quotes after them, and at line breaks."""
        starts = []
        boundary = True
        for norm in norms:
            if boundary and not norm.isspace() and not (norm and norm[0] in _CLOSERS):
                starts.append(True)
                boundary = False
            else:
                starts.append(False)
            if "\n" in norm or (norm and norm[-1] in _SENT_END) or norm.endswith("..."):
                boundary = True
        return starts

    @staticmethod
    def _chrome_spans(doc: Doc, view: TextView):
        spans = []
        for a, b in chrome_ranges(view.text):
            s, e = view.to_original(a, b)
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return spans

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # Serialisation: only settings; the pkuseg model stays where it is.
    def to_bytes(self, **kwargs) -> bytes:
        return srsly.json_dumps(self.cfg).encode("utf8")

    def from_bytes(self, data: bytes, **kwargs) -> "ViewTokenizer":
        self.cfg.update(json.loads(data.decode("utf8")))
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)

    def from_disk(self, path, **kwargs) -> "ViewTokenizer":
        cfg_path = Path(path) / "cfg.json"
        if cfg_path.exists():
            self.cfg.update(srsly.read_json(cfg_path))
        return self
