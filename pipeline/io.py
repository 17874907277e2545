"""Reading inputs as they come: .txt files, folders, .jsonl; any common encoding.

Every input yields either a ``Document`` or a ``ReadError`` naming the source
and the problem; nothing is skipped silently (a folder scan reports broken
links, FIFOs, devices, link loops and unreadable folders it meets). Decoding:

- UTF-8 with or without a BOM (the BOM is not part of the text);
- UTF-16 with a BOM;
- otherwise GB18030 (a superset of GBK and GB2312) or Big5, chosen by strict
  decoding and by which gives common Han characters; a decoding that gives
  mostly rare characters or kana (Shift-JIS, EUC-JP/KR, Latin-1 read as
  GB18030) is rejected, and so is a short snippet both readings fit equally
  (use ``--encoding``);
- binary data (several NUL bytes, many control characters) is an error; one
  stray NUL is kept as text;
- an empty file is a normal document with empty text.

JSONL files are read line by line on ``\\n`` only (a U+2028 inside a text is
text), each line decoded on its own: a bad byte costs its line, not the file.
Ids are unique in a run (``dup``, ``dup#2``, ...). Each Document keeps its
``source`` (path, or ``path:line``) and the ``encoding`` used.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Set, Union

from .lexicons import LEXICON_DIR, read_list

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16")
SUFFIXES = (".txt", ".jsonl")
# One document (a .txt file or a JSONL line) larger than this is refused
# rather than read into memory; ``/dev/zero`` would otherwise never end.
MAX_BYTES = 256 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_KANA = re.compile(r"[\u3041-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


@lru_cache(maxsize=1)
def common_han() -> frozenset:
    return frozenset("".join(read_list(LEXICON_DIR / "common_han.txt")))


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
    nuls = data.count(0)
    if nuls > max(1, len(data) // 1000):
        raise DecodeError(f"binary data: {nuls} NUL bytes (not a text file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Legacy bytes can happen to be valid UTF-8 (Big5 "議" is UTF-8 "ĳ"); in a short
        # text without Han that a legacy codec reads as common Chinese, nobody can tell.
        if 0 < _non_ascii(text) < 12 and not _HAN.search(text):
            for enc in ("gb18030", "big5"):
                try:
                    other = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _HAN.search(other) and _plausibility(other) >= 0.9:
                    raise DecodeError(f"ambiguous encoding: as utf-8 {_snippet(text)!r}, as {enc} {_snippet(other)!r}; "
                                      "too short to tell: use --encoding")
        return _check_text(text), "utf-8"
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text, enc))
    if not candidates:
        raise DecodeError("undecodable: not UTF-8, GB18030/GBK or Big5 (use --encoding to force one)")
    candidates.sort(key=lambda c: -c[0])
    score, text, enc = candidates[0]
    kana = len(_KANA.findall(text))
    if kana >= 2 and kana * 10 > len(_HAN.findall(text)):
        raise DecodeError(f"implausible decoding: read as {enc} it has {kana} kana (Japanese? convert to UTF-8)")
    if score < 0.6:
        raise DecodeError(
            f"implausible decoding: not UTF-8, and read as {enc} only {score:.0%} of its non-ASCII characters are "
            f"common Chinese ({_snippet(text)!r}); convert to UTF-8 or use --encoding"
        )
    if len(candidates) > 1 and candidates[1][0] >= 0.6 and candidates[1][1] != text and _non_ascii(text) < 12:
        other = candidates[1]
        raise DecodeError(
            f"ambiguous encoding: as {enc} {_snippet(text)!r}, as {other[2]} {_snippet(other[1])!r}; "
            "too short to tell: use --encoding"
        )
    return _check_text(text), enc


def _non_ascii(text: str) -> int:
    return sum(1 for c in text if ord(c) > 0x7F and not c.isspace())


def _snippet(text: str, n: int = 12) -> str:
    return text[:n] + ("…" if len(text) > n else "")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Han or CJK punctuation/full-width forms."""
    common = common_han()
    total = good = 0
    for c in text:
        o = ord(c)
        if o < 0x80 or c.isspace():
            continue
        total += 1
        if c in common or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027:
            good += 1
    return good / total if total else 1.0


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise DecodeError(f"binary data: {controls} control characters (not a text file)")
    return text


def display(path: Union[str, Path]) -> str:
    """A path as printable text: bytes of a non-UTF-8 file name shown as ``\\xNN``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def safe_id(value: str) -> str:
    """An id that can be written as UTF-8: unpaired surrogates become ``\\udXXX``."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(value) else value


def iter_inputs(
    paths: Iterable[Union[str, Path]], encoding: str = "auto", exclude: Iterable[Union[str, Path]] = ()
) -> Iterator[Union[Document, ReadError]]:
    """Documents (or errors) from files, folders (recursively, *.txt, *.jsonl) and .jsonl files.

    Folders under ``exclude`` (the run's own output folder) are not read."""
    ids = _Ids()
    skip = [Path(p).resolve() for p in exclude]
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found = False
                for entry in _walk(path, skip):
                    found = True
                    if isinstance(entry, ReadError):
                        yield ids.unique(entry)
                    else:
                        yield from (ids.unique(x) for x in _guarded(entry, encoding))
                if not found:
                    yield ids.unique(ReadError(display(path.name), display(path), "folder has no .txt or .jsonl files"))
            else:
                yield from (ids.unique(x) for x in _guarded(path, encoding))
        except Exception as e:  # never lose the inputs after a surprise
            yield ids.unique(ReadError(display(path.stem), display(path), f"reading failed: {type(e).__name__}: {e}"))


def _guarded(path: Path, encoding: str) -> Iterator[Union[Document, ReadError]]:
    """``_read_path``, with any surprise while reading one file an error for that file."""
    try:
        yield from _read_path(path, encoding)
    except Exception as e:
        yield ReadError(display(path.stem), display(path), f"reading failed: {type(e).__name__}: {e}")


class _Ids:
    """Unique ids in a run: a repeated id gets the first free ``#2``, ``#3`` … suffix."""

    def __init__(self):
        self.used: Set[str] = set()
        self.next: dict = {}

    def unique(self, item):
        base = item.id
        if base in self.used:
            n = self.next.get(base, 2)
            while f"{base}#{n}" in self.used:
                n += 1
            self.next[base] = n + 1
            item.id = f"{base}#{n}"
        self.used.add(item.id)
        return item


def _walk(folder: Path, skip: List[Path]) -> Iterator[Union[Path, ReadError]]:
    """Input files under ``folder`` in sorted order, following links to folders once;
    what cannot be read is reported, never skipped."""
    seen: Set[tuple] = set()

    def visit(d: Path):
        try:
            st = d.stat()
        except OSError as e:
            yield ReadError(display(d.name), display(d), f"unreadable folder: {e.strerror or e}")
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield ReadError(display(d.name), display(d), "symbolic link loop: this folder is already being read")
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            yield ReadError(display(d.name), display(d), f"unreadable folder: {e.strerror or e}")
            return
        for entry in entries:
            p = Path(entry.path)
            if skip and any(p.resolve().is_relative_to(s) for s in skip):
                continue
            try:
                if entry.is_dir():
                    yield from visit(p)
                    continue
            except OSError:
                pass
            if p.suffix.lower() not in SUFFIXES:
                continue
            if entry.is_symlink() and not p.exists():
                yield ReadError(display(p.stem), display(p), f"broken symbolic link (to {display(os.readlink(p))})")
                continue
            yield p

    yield from visit(folder)


def _kind(mode: int) -> Optional[str]:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _read_path(path: Path, encoding: str) -> Iterator[Union[Document, ReadError]]:
    name, stem = display(path), display(path.stem)
    try:
        st = path.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        yield ReadError(stem, name, reason)
        return
    except OSError as e:
        yield ReadError(stem, name, f"unreadable: {e.strerror or e}")
        return
    kind = _kind(st.st_mode)
    if kind:
        yield ReadError(stem, name, f"not a regular file: {kind}")
        return
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, encoding)
        return
    if st.st_size > MAX_BYTES:
        yield ReadError(stem, name, f"too large: {st.st_size:,} bytes (limit {MAX_BYTES:,}); split the file")
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(stem, name, f"unreadable: {e.strerror or e}")
        return
    try:
        text, enc = decode(data, encoding)
    except DecodeError as e:
        yield ReadError(stem, name, str(e))
        return
    yield Document(stem, text, name, enc)


def _lines(path: Path, encoding: str):
    """(line number, bytes) of a file split on ``\\n`` only; UTF-16 is decoded whole first."""
    with path.open("rb") as f:
        head = f.read(2)
        f.seek(0)
        if encoding == "utf-16" or head in (b"\xff\xfe", b"\xfe\xff"):
            text = f.read(MAX_BYTES + 1).decode("utf-16", "replace")
            for n, line in enumerate(text.split("\n"), 1):
                yield n, line.encode("utf-8"), "utf-8"
            return
        n = 0
        while True:
            line = f.readline(MAX_BYTES + 1)
            if not line:
                return
            n += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                yield n, None, None
                while line and not line.endswith(b"\n"):
                    line = f.readline(MAX_BYTES + 1)
                continue
            if n == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            yield n, line, encoding


def _read_jsonl(path: Path, encoding: str) -> Iterator[Union[Document, ReadError]]:
    stem, name = display(path.stem), display(path)
    try:
        for lineno, data, enc in _lines(path, encoding):
            yield from _jsonl_record(stem, f"{name}:{lineno}", data, enc)
    except OSError as e:
        yield ReadError(stem, name, f"unreadable: {e.strerror or e}")


def _jsonl_record(stem: str, source: str, data: Optional[bytes], encoding: str) -> Iterator[Union[Document, ReadError]]:
    line_id = f"{stem}:{source.rsplit(':', 1)[1]}"
    if data is None:
        yield ReadError(line_id, source, f"line too long (over {MAX_BYTES:,} bytes)")
        return
    if not data.strip():
        return
    try:
        line = data.decode("utf-8" if encoding in ("auto", "utf-8-sig") else encoding)
    except UnicodeDecodeError as e:
        yield ReadError(line_id, source, f"not valid {encoding if encoding != 'auto' else 'utf-8'} "
                                         f"(byte {e.start}: {data[e.start:e.start + 4]!r})")
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        yield ReadError(line_id, source, f"invalid JSON: {e.msg} (column {e.colno})")
        return
    except RecursionError:
        yield ReadError(line_id, source, "invalid JSON: nested too deeply")
        return
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        yield ReadError(line_id, source, 'a record needs a string "text" field')
        return
    doc_id = record.get("id")
    doc_id = safe_id(doc_id if isinstance(doc_id, str) else json.dumps(doc_id)) if doc_id is not None else line_id
    text = record["text"]
    bad = _SURROGATE.search(text)
    if bad:
        yield ReadError(doc_id, source, f"text has an unpaired surrogate \\u{ord(bad.group()):04x} at character "
                                        f"{bad.start()}: not valid Unicode")
        return
    yield Document(doc_id, text, source, "utf-8" if encoding in ("auto", "utf-8-sig") else encoding)


def read_text(path: Union[str, Path], encoding: str = "auto") -> Optional[str]:
    """Convenience for notebooks: the decoded text of one file."""
    return decode(Path(path).read_bytes(), encoding)[0]




def count_inputs(paths: Iterable[Union[str, Path]], exclude: Iterable[Union[str, Path]] = ()) -> int:
    """How many items ``iter_inputs`` will yield (files, JSONL lines): the progress bar's total."""
    skip = [Path(p).resolve() for p in exclude]

    def one(entry) -> int:
        if isinstance(entry, Path) and entry.suffix.lower() == ".jsonl" and entry.is_file():
            try:
                with entry.open("rb") as fh:
                    return sum(1 for line in fh if line.strip())
            except OSError:
                return 1
        return 1

    n = 0
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                entries = list(_walk(path, skip))
                n += sum(one(e) for e in entries) if entries else 1
            else:
                n += one(path)
        except OSError:
            n += 1
    return n


__all__: List[str] = ["Document", "ReadError", "DecodeError", "decode", "iter_inputs", "read_text", "display", "count_inputs"]
