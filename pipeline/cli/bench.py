"""``bench``: characters per second and peak memory (all processes) per stage, as ratios to pkuseg."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from ..bench import STAGES, bench, scaling_rows
from ._util import app


@app.command("bench")
def bench_cli(
    size_mb: float = typer.Option(10.0, "--size-mb", help="Corpus size in MB of UTF-8 text"),
    stages: str = typer.Option(",".join(STAGES), "--stages", help="Comma-separated stages"),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Pipeline folder or .cfg"),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="Also save the results as JSON"),
):
    """Benchmark each stage on a corpus of SIZE_MB, each in a fresh process."""
    wanted = [s.strip() for s in stages.split(",") if s.strip()]
    bad = [s for s in wanted if s not in STAGES]
    if bad:
        msg.fail(f"Unknown stage(s): {', '.join(bad)} (choose from {', '.join(STAGES)})", exits=2)
    results = bench(size_mb, wanted, model)
    rows = [
        (r["stage"], f"{r['chars']:,}", f"{r['seconds']:.2f}", f"{r['chars_per_s']:,.0f}",
         f"{r['vs_pkuseg']:.2f}x" if r["vs_pkuseg"] is not None else "-",
         f"{r['load_seconds']:.2f}" if "load_seconds" in r else "-",
         f"{r['peak_rss_mb']:.0f}", f"{r['peak_pss_mb']:.0f}", r["processes"])
        for r in results
    ]
    header = ("stage", "chars", "seconds", "chars/s", "vs pkuseg", "load s", "RSS MB (all procs)",
              "PSS MB (all procs)", "procs")
    msg.table(rows, header=header, divider=True)
    for r in results:
        if "scaling" in r:
            lengths = [f"us/char @{n:,}" for n in r["scaling"]["lengths"]]
            msg.table(scaling_rows(r), header=("scaling: step", *lengths, "last/first"), divider=True)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(results, indent=2))
