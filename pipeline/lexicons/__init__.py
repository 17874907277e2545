"""Word lists of the rule components, and the one loader that reads them.

Every list ships in ``pipeline/lexicons/data/`` as plain UTF-8 text: one entry a
line, ``#`` starts a comment, ``[name]`` starts a section. The loader rejects a
duplicate entry within a section (and within a plain list) with the file and
both line numbers, because a list edited by hand that silently holds a word twice
usually holds it once in the wrong section too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List, Union

LEXICON_DIR = Path(__file__).resolve().parent / "data"

PathLike = Union[str, Path]


class LexiconError(ValueError):
    """A lexicon file that cannot be read as a list: names the file and line."""


def _entries(path: PathLike):
    """(line number, entry) for every non-empty, non-comment line."""
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield number, line


def read_sections(path: PathLike) -> Dict[str, List[str]]:
    """A sectioned lexicon file as {section: [entries]}, in file order.

    Raises LexiconError for an entry before any section and for an entry
    repeated inside one section (a section may be opened more than once; its
    entries are joined)."""
    sections: Dict[str, List[str]] = {}
    seen: Dict[str, Dict[str, int]] = {}
    current = None
    for number, line in _entries(path):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, [])
            seen.setdefault(current, {})
            continue
        if current is None:
            raise LexiconError(f"{path}:{number}: entry {line!r} before any [section]")
        if line in seen[current]:
            raise LexiconError(
                f"{path}:{number}: duplicate entry {line!r} in [{current}] (first on line {seen[current][line]})"
            )
        seen[current][line] = number
        sections[current].append(line)
    return sections


def read_list(path: PathLike) -> List[str]:
    """A plain list file (no sections) as [entries], rejecting duplicates."""
    seen: Dict[str, int] = {}
    out: List[str] = []
    for number, line in _entries(path):
        if line.startswith("[") and line.endswith("]"):
            raise LexiconError(f"{path}:{number}: a plain list has no sections ({line!r})")
        if line in seen:
            raise LexiconError(f"{path}:{number}: duplicate entry {line!r} (first on line {seen[line]})")
        seen[line] = number
        out.append(line)
    return out


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so the longest match wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
