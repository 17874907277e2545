"""Throughput and memory of each stage, next to raw pkuseg on the same text.

Each stage runs in a fresh subprocess: read+decode, view, tokenizer (view +
segmentation + chrome), the compact segmenter alone, the full pipeline as the
``annotate`` CLI runs it (model loaded where the CLI loads it, records written
to annotations.jsonl) in one process and with ``--n-process 2``, and plain
``spacy_pkuseg.cut`` of the same documents as the yardstick. Ratios are to
pkuseg measured in the same run, so machine noise cancels out. Memory is the
peak of the *sum* over the stage's process and all its children, as RSS and
as PSS (shared pages, such as the memory-mapped model, counted once), sampled
from /proc. ``cli_1line`` is the wall time of ``python -m pipeline annotate``
on a one-line file, interpreter start included.

The ``scaling`` stage checks linearity instead: the cost per character of each
component and of the JSONL export on one unpunctuated line at x1, x4 and x16
length (``run_scaling``; ``scaling_rows`` formats it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from .paths import PROJECT_ROOT

SOURCES = ("corpus/external/gov_reports", "corpus/external/cpc_docs", "corpus/raw")
STAGES = ("read", "view", "tokenizer", "segmenter", "pipeline", "pipeline_2proc", "pkuseg", "cli_1line", "scaling")
NO_RATIO = ("cli_1line", "scaling")  # a start-up time and a linearity check, not throughputs
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


# ---------------------------------------------------------------- memory of a process tree

def _descendants(root: int) -> List[int]:
    children: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def tree_memory(root: Optional[int] = None) -> Tuple[float, float, int]:
    """(RSS MB, PSS MB, processes) summed over ``root`` and all its descendants."""
    rss = pss = 0
    pids = _descendants(root or os.getpid())
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024, len(pids)


class MemoryPeak:
    """Samples :func:`tree_memory` in a thread, and right after every fork of this
    process (so short-lived workers are counted even when a run ends between two
    ticks of the thread); keeps the peaks."""

    def __init__(self, interval: float = 0.2, root: Optional[int] = None):
        self.interval, self.root = interval, root
        self.rss = self.pss = 0.0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        rss, pss, n = tree_memory(self.root)
        self.rss, self.pss, self.processes = max(self.rss, rss), max(self.pss, pss), max(self.processes, n)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "MemoryPeak":
        self._sample()
        _ACTIVE_PEAKS.append(self)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        _ACTIVE_PEAKS.remove(self)
        self._stop.set()
        self._thread.join()
        self._sample()


_ACTIVE_PEAKS: List[MemoryPeak] = []


def _sample_after_fork() -> None:
    for peak in list(_ACTIVE_PEAKS):
        peak._sample()


os.register_at_fork(after_in_parent=_sample_after_fork)


# ---------------------------------------------------------------- stages
# Each stage: (corpus folder, model or None) -> extra fields; it sets "seconds" and "chars".

def _docs(corpus: Path):
    from .io import Document, iter_inputs

    return [d for d in iter_inputs([corpus]) if isinstance(d, Document)]


def _stage_read(corpus: Path, model: Optional[str]) -> Dict:
    from .io import Document, iter_inputs

    start = time.perf_counter()
    chars = sum(len(d.text) for d in iter_inputs([corpus]) if isinstance(d, Document))
    return {"chars": chars, "seconds": time.perf_counter() - start}


def _stage_view(corpus: Path, model: Optional[str]) -> Dict:
    from .text.view import build_view

    docs = _docs(corpus)
    start = time.perf_counter()
    for d in docs:
        build_view(d.text)
    return {"chars": sum(len(d.text) for d in docs), "seconds": time.perf_counter() - start}


def _segmenter_stage(compact: bool) -> Callable[[Path, Optional[str]], Dict]:
    def stage(corpus: Path, model: Optional[str]) -> Dict:
        from .paths import DEFAULT_PKUSEG
        from .text.tokenizer import load_pkuseg, load_reference_pkuseg

        docs = _docs(corpus)
        start = time.perf_counter()
        seg = load_pkuseg(DEFAULT_PKUSEG) if compact else load_reference_pkuseg(DEFAULT_PKUSEG)
        if compact and type(seg).__name__ != "CompactSegmenter":
            raise RuntimeError("no compact pkuseg model: run `make setup`")
        load = time.perf_counter() - start
        start = time.perf_counter()
        for d in docs:
            seg.cut(d.text)
        return {"chars": sum(len(d.text) for d in docs), "seconds": time.perf_counter() - start,
                "load_seconds": load}

    return stage


def _stage_tokenizer(corpus: Path, model: Optional[str]) -> Dict:
    from .loading import load_pipeline

    docs = _docs(corpus)
    nlp = load_pipeline(model)
    start = time.perf_counter()  # the segmenter loads lazily, inside the clock, as in the CLI
    for d in docs:
        nlp.make_doc(d.text)
    return {"chars": sum(len(d.text) for d in docs), "seconds": time.perf_counter() - start}


def _pipeline_stage(n_process: int) -> Callable[[Path, Optional[str]], Dict]:
    def stage(corpus: Path, model: Optional[str]) -> Dict:
        from .cli.annotate import annotate

        with tempfile.TemporaryDirectory() as tmp:
            # The clock covers what the CLI does after its imports: loading the pipeline,
            # reading, processing (forked workers with n_process > 1) and writing records.
            start = time.perf_counter()
            summary = annotate([corpus], Path(tmp), formats=("jsonl",), n_process=n_process, model=model)
            seconds = time.perf_counter() - start
            records = sum(1 for _ in open(Path(tmp) / "annotations.jsonl", encoding="utf-8"))
        if summary.errors or records != summary.docs:
            raise RuntimeError(f"pipeline stage: {summary.errors} errors, {records} records for {summary.docs} docs")
        return {"chars": summary.chars, "seconds": seconds, "records": records}

    return stage


def _stage_cli_1line(corpus: Path, model: Optional[str]) -> Dict:
    line = "全国政协十四届二次会议于2024年3月4日在北京开幕。"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "one.txt"
        src.write_text(line, encoding="utf-8")
        cmd = [sys.executable, "-m", "pipeline", "annotate", str(src), "-o", str(Path(tmp) / "out")]
        cmd += ["--model", model] if model else []
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=PROJECT_ROOT)
        with MemoryPeak(0.05, root=proc.pid) as mem:
            _, err = proc.communicate()
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"one-line annotate failed: {err.decode()[-1000:]}")
    return {"chars": len(line), "seconds": seconds, "peak_rss_mb": mem.rss, "peak_pss_mb": mem.pss,
            "processes": mem.processes}


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


def _stage_scaling(corpus: Path, model: Optional[str]) -> Dict:
    result = run_scaling([d.text for d in _docs(corpus)], model)
    return {"chars": result.pop("chars"), "seconds": result.pop("seconds"), "scaling": result}


STAGE_FUNCS: Dict[str, Callable[[Path, Optional[str]], Dict]] = {
    "read": _stage_read,
    "view": _stage_view,
    "tokenizer": _stage_tokenizer,
    "segmenter": _segmenter_stage(compact=True),
    "pipeline": _pipeline_stage(1),
    "pipeline_2proc": _pipeline_stage(2),
    "pkuseg": _segmenter_stage(compact=False),
    "cli_1line": _stage_cli_1line,
    "scaling": _stage_scaling,
}


def run_stage(stage: str, corpus: Path, model: Optional[str]) -> Dict:
    """Run one stage in this process; returns chars, seconds and the peak memory of the process tree."""
    with MemoryPeak() as mem:
        result = STAGE_FUNCS[stage](corpus, model)
    out = {"stage": stage, "peak_rss_mb": mem.rss, "peak_pss_mb": mem.pss, "processes": mem.processes}
    out.update(result)
    return out


def bench(size_mb: float = 10.0, stages=STAGES, model: Optional[str] = None, cache: Optional[Path] = None) -> List[Dict]:
    cache = cache or PROJECT_ROOT / ".cache" / "bench"
    corpus = build_corpus(size_mb, cache)
    results = []
    for stage in stages:
        cmd = [sys.executable, "-m", "pipeline.bench", stage, str(corpus)] + ([model] if model else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT)
        if proc.returncode != 0:
            raise RuntimeError(f"bench stage {stage} failed:\n{proc.stderr[-2000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    for r in results:
        r["chars_per_s"] = r["chars"] / max(r["seconds"], 1e-9)
    base = next((r for r in results if r["stage"] == "pkuseg"), None)
    for r in results:
        r["vs_pkuseg"] = r["chars_per_s"] / base["chars_per_s"] if base and r["stage"] not in NO_RATIO else None
    return results


if __name__ == "__main__":
    stage_name, corpus_dir = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(run_stage(stage_name, corpus_dir, sys.argv[3] if len(sys.argv) > 3 else None)))
