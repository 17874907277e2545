"""The benchmark harness runs every stage as the CLI runs and reports ratios to pkuseg
(no thresholds: speed is measured by `make bench`, not by tests)."""

import subprocess
import sys
import time

from pipeline.bench import NO_RATIO, STAGES, bench, build_corpus, tree_memory


def test_bench_corpus_reaches_size(tmp_path):
    corpus = build_corpus(0.05, tmp_path)
    assert sum(p.stat().st_size for p in corpus.glob("*.txt")) >= 50_000
    assert build_corpus(0.05, tmp_path) == corpus  # cached


def test_tree_memory_counts_children():
    alone_rss, _, alone_n = tree_memory()
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(50_000_000); time.sleep(30)"])
    try:
        for _ in range(100):
            rss, pss, n = tree_memory()
            if rss > alone_rss + 40:
                break
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.05)"])
        assert n >= alone_n + 1 and rss > alone_rss + 40 and pss > 0
    finally:
        child.kill()
        child.wait()


def test_bench_all_stages(tmp_path):
    results = bench(0.02, STAGES, cache=tmp_path)
    by = {r["stage"]: r for r in results}
    assert list(by) == list(STAGES)
    assert by["pkuseg"]["vs_pkuseg"] == 1.0
    for r in results:
        assert r["chars"] > 0 and r["chars_per_s"] > 0 and r["peak_rss_mb"] > 0 and r["peak_pss_mb"] > 0
        assert (r["vs_pkuseg"] is None) == (r["stage"] in NO_RATIO)
    # The pipeline stages write a record per document; with 2 processes the workers are counted.
    assert by["pipeline"]["records"] == by["pipeline_2proc"]["records"] > 0
    assert by["pipeline_2proc"]["processes"] >= 3
    assert "load_seconds" in by["segmenter"] and "load_seconds" in by["pkuseg"]


def test_bench_memory_peak_counts_forked_workers_without_a_thread_tick():
    """Workers that live shorter than the sampling interval are still summed (sampled at fork)."""
    import os

    from pipeline.bench import MemoryPeak

    with MemoryPeak(interval=1000) as peak:
        children = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                time.sleep(0.05)
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
    assert peak.processes >= 3
