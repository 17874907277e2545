"""Throughput and memory of each stage, next to raw pkuseg on the same text.

Each stage runs in a fresh subprocess so its peak memory (``ru_maxrss``) is
its own: read+decode, view, tokenizer (view + pkuseg + chrome), the full
pipeline in one process and with ``--n-process 2``, and plain
``spacy_pkuseg.cut`` of the same documents as the yardstick. Ratios are to
pkuseg measured in the same run, so machine noise cancels out.

The ``scaling`` stage checks linearity instead: the cost per character of each
component and of the JSONL export on one unpunctuated line at x1, x4 and x16
length (``run_scaling``; ``scaling_rows`` formats it).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

from .paths import PROJECT_ROOT

SOURCES = ("corpus/external/gov_reports", "corpus/external/cpc_docs", "corpus/raw")
STAGES = ("read", "view", "tokenizer", "pipeline", "pipeline_2proc", "pkuseg", "scaling")
SCALES = (1, 4, 16)


def build_corpus(size_mb: float, cache: Path) -> Path:
    """A folder of .txt documents, the sources repeated until ``size_mb`` (UTF-8 bytes)."""
    out = cache / f"corpus_{size_mb:g}mb"
    marker = out / ".complete"
    if marker.exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for s in SOURCES for p in (PROJECT_ROOT / s).glob("*") if p.suffix in (".txt", ".md"))
    if not files:
        raise FileNotFoundError(f"no bench sources under {', '.join(SOURCES)}")
    target, total, n = int(size_mb * 1_000_000), 0, 0
    while total < target:
        for f in files:
            data = f.read_bytes()
            (out / f"{n:05d}_{f.stem}.txt").write_bytes(data)
            total += len(data)
            n += 1
            if total >= target:
                break
    marker.write_text(json.dumps({"files": n, "bytes": total}))
    return out


def dense_line(texts: List[str], length: int) -> str:
    """One line of ``length`` characters with no punctuation or whitespace: the worst
    case for anything that works per sentence (a scrape that lost its punctuation)."""
    import re

    strip = re.compile(r"[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2010-\u2027!-/:-@\[-`{-~]")
    base = strip.sub("", "".join(texts))
    if not base:
        raise ValueError("no text for the scaling stage")
    return (base * (length // len(base) + 1))[:length]


def run_scaling(texts: List[str], model: Optional[str], scales=SCALES) -> Dict:
    """Cost per character of each component (and of the JSONL export) on one dense
    line at x1, x4, x16 length.

    Linear code keeps the cost per character flat as the length grows; a
    quadratic step multiplies it by about 16 from x1 to x16. The x1 length is
    1/64 of the corpus (at most 5,000 characters: x16 is an 80,000-character
    line); shorter lines run more often (x1 16 times, x4 4 times) so every
    length processes the same number of characters."""
    from .export.jsonl import doc_to_record, dumps
    from .loading import load_pipeline

    nlp = load_pipeline(model)
    base = max(50, min(5000, sum(len(t) for t in texts) // 64))
    nlp(dense_line(texts, base))  # warm up: lazy loads and caches stay out of the x1 figure
    lengths = [base * k for k in scales]
    per_char: Dict[str, List[float]] = {}
    total_seconds, total_chars = 0.0, 0
    for n in lengths:
        text = dense_line(texts, n)
        repeats = max(1, lengths[-1] // n)
        times: Dict[str, float] = {}
        for _ in range(repeats):
            start = time.perf_counter()
            doc = nlp.make_doc(text)
            times["tokenizer"] = times.get("tokenizer", 0.0) + time.perf_counter() - start
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                doc = proc(doc)
                times[name] = times.get(name, 0.0) + time.perf_counter() - t
            t = time.perf_counter()
            dumps(doc_to_record("x", doc))
            times["export"] = times.get("export", 0.0) + time.perf_counter() - t
        times["total"] = sum(times.values())
        total_seconds += times["total"]
        total_chars += n * repeats
        for name, seconds in times.items():
            per_char.setdefault(name, []).append(seconds / (n * repeats) * 1e6)
    growth = {name: v[-1] / max(v[0], 1e-9) for name, v in per_char.items()}
    return {"lengths": lengths, "us_per_char": per_char, "growth": growth, "seconds": total_seconds,
            "chars": total_chars}


def scaling_rows(result: Dict) -> List[tuple]:
    """(step, us/char at each length..., x16/x1) rows of a scaling stage result."""
    sc = result["scaling"]
    return [(name, *(f"{v:,.1f}" for v in values), f"{sc['growth'][name]:.2f}")
            for name, values in sc["us_per_char"].items()]


def run_stage(stage: str, corpus: Path, model: Optional[str]) -> Dict:
    """Run one stage in this process; returns chars, seconds and peak RSS (MB)."""
    from .io import Document, iter_inputs

    docs = [d for d in iter_inputs([corpus]) if isinstance(d, Document)]
    chars = sum(len(d.text) for d in docs)
    if stage == "scaling":
        result = run_scaling([d.text for d in docs], model)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"stage": stage, "chars": result.pop("chars"), "seconds": result.pop("seconds"),
                "peak_rss_mb": rss, "scaling": result}
    if stage == "read":
        start = time.perf_counter()
        n = sum(len(d.text) for d in iter_inputs([corpus]) if isinstance(d, Document))
        assert n == chars
    elif stage == "view":
        from .text.view import build_view

        start = time.perf_counter()
        for d in docs:
            build_view(d.text)
    elif stage == "pkuseg":
        from .text.tokenizer import load_pkuseg

        seg = load_pkuseg("models/pkuseg/default")
        start = time.perf_counter()
        for d in docs:
            seg.cut(d.text)
    else:
        from .annotate import process
        from .loading import load_pipeline

        nlp = load_pipeline(model)
        nlp.tokenizer("预热")  # load pkuseg before the clock starts
        start = time.perf_counter()
        if stage == "tokenizer":
            for d in docs:
                nlp.make_doc(d.text)
        else:
            n_process = 2 if stage == "pipeline_2proc" else 1
            for _ in process(nlp, docs, n_process=n_process):
                pass
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"stage": stage, "chars": chars, "seconds": seconds, "peak_rss_mb": max(rss, rss_children)}


def bench(size_mb: float = 10.0, stages=STAGES, model: Optional[str] = None, cache: Optional[Path] = None) -> List[Dict]:
    cache = cache or PROJECT_ROOT / ".cache" / "bench"
    corpus = build_corpus(size_mb, cache)
    results = []
    for stage in stages:
        cmd = [sys.executable, "-m", "pipeline.bench", stage, str(corpus)] + ([model] if model else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"bench stage {stage} failed:\n{proc.stderr[-2000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    for r in results:
        r["chars_per_s"] = r["chars"] / max(r["seconds"], 1e-9)
    base = next((r for r in results if r["stage"] == "pkuseg"), None)
    for r in results:
        r["vs_pkuseg"] = r["chars_per_s"] / base["chars_per_s"] if base else None
    return results


if __name__ == "__main__":
    stage_name, corpus_dir = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(run_stage(stage_name, corpus_dir, sys.argv[3] if len(sys.argv) > 3 else None)))
