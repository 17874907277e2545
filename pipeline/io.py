"""Reading inputs as they come: .txt files, folders, .jsonl; any common encoding.

Every input yields either a ``Document`` or a ``ReadError`` naming the source
and the problem; nothing is skipped silently. Decoding policy:

- UTF-8 with or without a BOM (the BOM is not part of the text);
- UTF-16 with a BOM;
- otherwise GB18030 (a superset of GBK and GB2312) and Big5, chosen by strict
  decoding and, where both decode, by which gives more common Han characters;
- binary data (NUL bytes outside UTF-16, many control characters) is an error;
- an empty file is a normal document with empty text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Union

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The most frequent characters of Chinese official prose in both scripts: a
# decoding that produces many of them is the right one.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    "協會議黨區縣團國際經濟與發為這個們對來說於從學習時間關係問題"
)


@dataclass
class Document:
    id: str
    text: str
    source: str
    encoding: str = "utf-8"


@dataclass
class ReadError:
    id: str
    source: str
    error: str

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "error": self.error}


class DecodeError(ValueError):
    pass


def decode(data: bytes, encoding: str = "auto") -> tuple:
    """Decode bytes to (text, encoding used); raise DecodeError with a clear reason."""
    if encoding not in ENCODINGS:
        raise DecodeError(f"unknown encoding {encoding!r} (choose from {', '.join(ENCODINGS)})")
    if encoding != "auto":
        enc = "utf-8-sig" if encoding == "utf-8" else encoding
        try:
            return data.decode(enc), encoding
        except UnicodeDecodeError as e:
            raise DecodeError(f"not valid {encoding} (byte {e.start}: {data[e.start:e.start + 4]!r})") from None
    if not data:
        return "", "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise DecodeError(f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {e.start + 3})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DecodeError("starts with a UTF-16 BOM but is not valid UTF-16") from None
    if b"\x00" in data:
        raise DecodeError(f"binary data: {data.count(0)} NUL bytes (not a text file)")
    try:
        text = data.decode("utf-8")
        return _check_text(text), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise DecodeError("undecodable: not UTF-8, GB18030/GBK or Big5 (use --encoding to force one)")
    text, enc = max(candidates, key=lambda c: _plausibility(c[0]))
    return _check_text(text), enc


def _plausibility(text: str) -> float:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(c in _COMMON for c in han) / len(han)


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise DecodeError(f"binary data: {controls} control characters (not a text file)")
    return text


def iter_inputs(
    paths: Iterable[Union[str, Path]], encoding: str = "auto", exclude: Iterable[Union[str, Path]] = ()
) -> Iterator[Union[Document, ReadError]]:
    """Documents (or errors) from files, folders (recursively, *.txt, *.jsonl) and .jsonl files.

    Folders under ``exclude`` (the run's own output folder) are not read."""
    seen: dict = {}
    skip = [Path(p).resolve() for p in exclude]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in (".txt", ".jsonl")
                and not any(p.resolve().is_relative_to(s) for s in skip)
            )
            if not files:
                yield ReadError(path.name, str(path), "folder has no .txt or .jsonl files")
            for f in files:
                yield from _unique(_read_path(f, encoding), seen)
        else:
            yield from _unique(_read_path(path, encoding), seen)


def _unique(items, seen: dict):
    """Make ids unique in a run: a repeated id gets a ``#2``, ``#3`` … suffix."""
    for item in items:
        n = seen.get(item.id, 0) + 1
        seen[item.id] = n
        if n > 1:
            item.id = f"{item.id}#{n}"
        yield item


def _read_path(path: Path, encoding: str) -> Iterator[Union[Document, ReadError]]:
    if not path.exists():
        yield ReadError(path.stem, str(path), "no such file or folder")
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(path.stem, str(path), f"unreadable: {e.strerror or e}")
        return
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, data, encoding)
        return
    try:
        text, enc = decode(data, encoding)
    except DecodeError as e:
        yield ReadError(path.stem, str(path), str(e))
        return
    yield Document(path.stem, text, str(path), enc)


def _read_jsonl(path: Path, data: bytes, encoding: str) -> Iterator[Union[Document, ReadError]]:
    try:
        content, _ = decode(data, "utf-8" if encoding == "auto" else encoding)
    except DecodeError as e:
        yield ReadError(path.stem, str(path), str(e))
        return
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(f"{path.stem}:{lineno}", source, f"invalid JSON: {e.msg}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadError(f"{path.stem}:{lineno}", source, 'a record needs a string "text" field')
            continue
        doc_id = record.get("id")
        yield Document(str(doc_id) if doc_id is not None else f"{path.stem}:{lineno}", record["text"], source)


def read_text(path: Union[str, Path], encoding: str = "auto") -> Optional[str]:
    """Convenience for notebooks: the decoded text of one file."""
    return decode(Path(path).read_bytes(), encoding)[0]


__all__: List[str] = ["Document", "ReadError", "DecodeError", "decode", "iter_inputs", "read_text"]
