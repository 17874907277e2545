"""``vectors``, ``train`` and ``crossval``: thin commands over pipeline.training.

``make vectors`` -> training/vectors/model; ``make train`` -> training/ner/model-best
(never models/ner: ``make model-update`` copies it there); ``make crossval`` ->
training/cv/ and training/metrics/crossval.json (git-ignored).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from spacy.cli._util import parse_config_overrides
from wasabi import msg

from ..training.crossval import DEV_GROUPS, SEED_GROUP, crossval, print_result
from ..training.run import DEFAULT_CONFIG, DEFAULT_EXTERNAL, DEFAULT_GOLD, DEFAULT_SOURCES, DEFAULT_VECTORS, resolve
from ._util import app

_EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


@app.command("vectors")
def vectors_cli(
    output: Path = typer.Option(Path("training/vectors"), "--output", "-o", help="Folder for text, floret file and model"),
    external: Path = typer.Option(DEFAULT_EXTERNAL, "--external", help="Folder with gov_reports/ and cpc_docs/"),
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="NER config (for its tokenizer)"),
):
    """Build in-domain floret vectors from the committed unlabelled texts."""
    from ..training.run import tokenizer_nlp
    from ..training.vectors import build_vectors

    info = build_vectors(tokenizer_nlp(config_path), resolve(external), Path(output))
    msg.good(f"Vectors in {info['model']} from {info['tokens']} tokens in {info['lines']} paragraphs")


@app.command("train", context_settings=_EXTRA)
def train_cli(
    ctx: typer.Context,
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="NER training config"),
    output: Path = typer.Option(Path("training/ner"), "--output", "-o", help="Training folder (model in model-best/)"),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", "-g", help="Gold JSONL"),
    sources: str = typer.Option(",".join(DEFAULT_SOURCES), "--sources", help="External corpora, comma-separated ('' for none)"),
    per_source: int = typer.Option(1000, "--per-source", help="Sentences sampled from each external corpus"),
    vectors: Path = typer.Option(DEFAULT_VECTORS, "--vectors", help="Vectors pipeline from `make vectors`"),
):
    """Train the NER on the gold + external corpora into OUTPUT (not models/ner).

    Extra options override the config, as in spacy train: --training.max_steps 500."""
    from ..training.build import train

    res = train(config_path, output, gold=gold, sources=_split(sources), per_source=per_source, vectors=vectors,
                overrides=parse_config_overrides(ctx.args))  # fmt: skip
    msg.good(
        f"Saved {res['model']} ({res['size_bytes'] / 1e6:.1f} MB, largest file {res['largest_file'] / 1e6:.1f} MB) "
        f"after {res['seconds']} s of training"
    )


@app.command("crossval", context_settings=_EXTRA)
def crossval_cli(
    ctx: typer.Context,
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="NER training config"),
    out: Path = typer.Option(Path("training/metrics/crossval.json"), "--out", "-o", help="Scores as JSON"),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", "-g", help="Seed gold JSONL (group S)"),
    dev: Optional[Path] = typer.Option(None, "--dev", help="Dev gold JSONL (groups T/L/N by id prefix)"),
    folds: str = typer.Option(",".join(DEV_GROUPS + (SEED_GROUP,)), "--folds", help="Groups to hold out"),
    no_dev: bool = typer.Option(True, "--no-dev-run/--skip-no-dev-run", help="Also score the no-dev recipe on dev"),
    no_dev_model: Optional[Path] = typer.Option(None, "--no-dev-model", help="Reuse this `make train` model for the no-dev run"),
    sources: str = typer.Option(",".join(DEFAULT_SOURCES), "--sources", help="External corpora ('' for none)"),
    per_source: int = typer.Option(1000, "--per-source", help="Sentences sampled from each external corpus"),
    vectors: Path = typer.Option(DEFAULT_VECTORS, "--vectors", help="Vectors pipeline from `make vectors`"),
    work_dir: Path = typer.Option(Path("training/cv"), "--work-dir", help="Where the fold models go"),
    reuse: bool = typer.Option(False, "--reuse", help="Score fold models already in WORK_DIR, do not retrain"),
):
    """Leave-one-group-out CV: rules alone, NER alone, rules + NER per merger variant."""
    res = crossval(config_path, gold=gold, dev=dev, folds=_split(folds), no_dev=no_dev, no_dev_model=no_dev_model, reuse=reuse,
                   sources=_split(sources),
                   per_source=per_source, vectors=vectors, work_dir=work_dir,
                   overrides=parse_config_overrides(ctx.args))  # fmt: skip
    print_result(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    msg.good(f"Wrote {out}")


def _split(value: str) -> List[str]:
    return [v.strip() for v in value.split(",") if v.strip()]
