"""CoNLL-2003 style NER export: ``TOKEN<TAB>TAG`` (BIO), for other NER tools.

Documents are separated by ``-DOCSTART- -X- O O`` lines and sentences by a
blank line, as ``spacy convert -c ner`` reads them. At ``token`` level a row
is a pkuseg token of the original text; at ``char`` level (the usual form of
Chinese NER corpora) a row is one original character, tagged by the entity's
kept offsets. Whitespace is never a row.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Iterator, List, Optional, Tuple

from spacy.tokens import Doc

from .._extensions import original_text

DOC_DELIMITER = "-DOCSTART- -X- O O"


def token_rows(doc: Doc) -> Iterator[List[Tuple[str, str]]]:
    """Sentences as lists of (token, BIO tag)."""
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    for sent in doc.sents:
        rows = [(t.text, tags[t.i]) for t in sent if not t.text.isspace() and not any(c.isspace() for c in t.text)]
        if rows:
            yield rows


def char_rows(doc: Doc) -> Iterator[List[Tuple[str, str]]]:
    """Sentences as lists of (character, BIO tag), entities by their kept offsets."""
    text = original_text(doc)
    tags = ["O"] * len(text)
    for ent in doc.ents:
        start, end = ent._.offsets
        tags[start] = f"B-{ent.label_}"
        for i in range(start + 1, end):
            tags[i] = f"I-{ent.label_}"
    for sent in doc.sents:
        rows = [(text[i], tags[i]) for i in range(sent.start_char, sent.end_char) if not text[i].isspace()]
        if rows:
            yield rows


class ConllWriter:
    """Streams documents to one CoNLL file."""

    def __init__(self, path: Path, level: str = "token", append: bool = False):
        if level not in ("token", "char"):
            raise ValueError(f"CoNLL level must be 'token' or 'char', not {level!r}")
        self.level = level
        self._file: Optional[IO[str]] = Path(path).open("a" if append else "w", encoding="utf-8")

    def render(self, doc_id: str, doc: Doc, **extra) -> str:
        rows = token_rows(doc) if self.level == "token" else char_rows(doc)
        out = [DOC_DELIMITER, ""]
        for sent in rows:
            out.extend(f"{tok}\t{tag}" for tok, tag in sent)
            out.append("")
        text = "\n".join(out) + "\n"
        text.encode("utf-8")
        return text

    def commit(self, text: str) -> None:
        assert self._file is not None, "writer is closed"
        self._file.write(text)
        self._file.flush()

    def write(self, doc_id: str, doc: Doc, **extra) -> None:
        self.commit(self.render(doc_id, doc))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
