"""The benchmark harness runs every stage and reports ratios to pkuseg (no thresholds)."""

from pipeline.bench import STAGES, bench, build_corpus


def test_bench_corpus_reaches_size(tmp_path):
    corpus = build_corpus(0.05, tmp_path)
    assert sum(p.stat().st_size for p in corpus.glob("*.txt")) >= 50_000
    assert build_corpus(0.05, tmp_path) == corpus  # cached


def test_bench_all_stages(tmp_path):
    results = bench(0.02, STAGES, cache=tmp_path)
    assert [r["stage"] for r in results] == list(STAGES)
    pk = next(r for r in results if r["stage"] == "pkuseg")
    assert pk["vs_pkuseg"] == 1.0
    for r in results:
        assert r["chars"] > 0 and r["chars_per_s"] > 0 and r["peak_rss_mb"] > 0
