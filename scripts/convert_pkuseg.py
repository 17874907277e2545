#!/usr/bin/env python3
"""Convert the verified pkuseg model into the compact memory-mapped form, and check it.

    python scripts/convert_pkuseg.py [--src models/pkuseg/default] [--dest models/pkuseg/default/compact]
    python scripts/convert_pkuseg.py --verify corpus/external corpus/raw [--min-chars 2000000]

Conversion reuses an existing compact model built from the same source files
(checksums in its meta.json). ``--verify`` segments every line of the given
files (or folders, recursively .txt/.md) with spacy-pkuseg and with the compact
model and fails on the first difference.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.text.segmenter import CompactSegmenter, convert, sha256  # noqa: E402
from pipeline.text.tokenizer import load_reference_pkuseg  # noqa: E402


def up_to_date(src: Path, dest: Path) -> bool:
    meta_path = dest / "meta.json"
    if not meta_path.exists():
        return False
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return all(meta.get("source", {}).get(n) == sha256(src / n) for n in ("features.pkl", "weights.npz"))


def lines_of(paths):
    """Non-empty lines of .txt/.md files; CoNLL files (one character and a tag per line,
    sentences separated by blank lines) are joined back into sentences."""
    for p in paths:
        files = sorted(q for q in p.rglob("*") if q.is_file() and q.name != "README.md") if p.is_dir() else [p]
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            if f.suffix in (".txt", ".md"):
                yield from (line for line in text.splitlines() if line.strip())
            elif f.suffix in (".dev", ".train", ".test", ".conll", ".bio"):
                for block in text.split("\n\n"):
                    sent = "".join(line.split(" ")[0] for line in block.splitlines() if line.strip())
                    if sent:
                        yield sent


def variants(lines, min_chars: int):
    """The lines; then, while short of ``min_chars``, the lines in Traditional script and lines
    spliced at random points with other lines (new contexts for every feature)."""
    import random

    import opencc

    total = 0
    for line in lines:
        total += len(line)
        yield line
    t2 = opencc.OpenCC("s2t")
    rng = random.Random(13)
    rounds = 0
    while total < min_chars and rounds < 20:
        rounds += 1
        for line in lines:
            if total >= min_chars:
                break
            if rounds % 2:
                new = t2.convert(line)
            else:
                other = rng.choice(lines)
                new = line[: rng.randrange(len(line) + 1)] + other[rng.randrange(len(other) + 1):]
            total += len(new)
            yield new


def verify(src: Path, dest: Path, paths, min_chars: int) -> None:
    ref = load_reference_pkuseg(str(src))
    seg = CompactSegmenter(dest)
    chars = lines = words = 0
    t_ref = t_seg = 0.0
    for line in variants(list(lines_of(paths)), min_chars):
        t = time.perf_counter()
        expected = ref.cut(line)
        t_ref += time.perf_counter() - t
        t = time.perf_counter()
        got = seg.cut(line)
        t_seg += time.perf_counter() - t
        if got != expected:
            diff = next(i for i, (a, b) in enumerate(zip(got + [None], expected + [None])) if a != b)
            sys.exit(f"MISMATCH after {chars:,} chars at word {diff}: compact {got[diff:diff + 5]} "
                     f"vs spacy-pkuseg {expected[diff:diff + 5]}")
        chars += len(line)
        lines += 1
        words += len(got)
    print(f"identical: {lines:,} lines, {chars:,} chars, {words:,} words "
          f"(spacy-pkuseg {t_ref:.1f} s, compact {t_seg:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("models/pkuseg/default"))
    parser.add_argument("--dest", type=Path, default=Path("models/pkuseg/default/compact"))
    parser.add_argument("--dtype", choices=("indexed", "float64", "float32"), default="indexed",
                        help="indexed: uint16 codes into the model's distinct float64 weights (exact)")
    parser.add_argument("--force", action="store_true", help="Rebuild even if up to date")
    parser.add_argument("--verify", type=Path, nargs="*", help="Files or folders to compare on")
    parser.add_argument("--min-chars", type=int, default=0)
    args = parser.parse_args()
    if args.force or not up_to_date(args.src, args.dest):
        meta = convert(args.src, args.dest, dtype=args.dtype)
        print(json.dumps(meta, ensure_ascii=False))
    else:
        print(f"compact pkuseg model in {args.dest} is up to date")
    if args.verify:
        verify(args.src, args.dest, args.verify, args.min_chars)


if __name__ == "__main__":
    main()
