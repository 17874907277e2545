"""One NER training run, and the pipelines a run is scored with.

Data flows one way: gold records (+ external records) -> DocBins in the run's
folder -> ``spacy train`` with configs/ner.cfg -> ``<run>/model-best``. The
vectors come from ``make vectors`` (``training/vectors/model``); the pkuseg
model is referred to by path, never copied into a trained model.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import spacy
from spacy.language import Language
from wasabi import msg

from ..paths import PROJECT_ROOT
from .data import Record, build_docbin
from .external import SOURCES, external_records

DEFAULT_CONFIG = Path("configs/ner.cfg")
DEFAULT_PIPELINE = Path("configs/pipeline.cfg")
DEFAULT_GOLD = Path("corpus/gold/seeds.jsonl")
DEFAULT_EXTERNAL = Path("corpus/external")
DEFAULT_VECTORS = Path("training/vectors/model")
DEFAULT_SOURCES = ("pd1998_ner", "msra_ner", "cluener2020")
GOLD_REPEAT = 3


def resolve(path) -> Path:
    p = Path(path)
    return p if p.is_absolute() or p.exists() else PROJECT_ROOT / p


def tokenizer_nlp(config_path: Path = DEFAULT_CONFIG) -> Language:
    """A blank pipeline with the tokenizer the NER config trains with."""
    config = spacy.util.load_config(resolve(config_path), interpolate=False)
    return spacy.blank(config["nlp"]["lang"], config={"nlp": {"tokenizer": dict(config["nlp"]["tokenizer"])}})


def build_external(
    folder: Path, tok_nlp: Language, *, external: Path, sources: Sequence[str], per_source: int, seed: int = 0
) -> Dict[str, dict]:
    """One DocBin per external source in ``folder``; returns what went in."""
    if folder.exists():
        shutil.rmtree(folder)
    summary: Dict[str, dict] = {}
    if not sources or per_source <= 0:
        return summary
    for name, records in external_records(resolve(external), sources, per_source=per_source, seed=seed).items():
        report = build_docbin(tok_nlp, records, folder / f"{name}.spacy", max_chars=0)
        summary[name] = {
            "sentences": report.docs,
            "ORG": sum(1 for r in records for e in r["entities"] if e["label"] == "ORG"),
            "MEETING": sum(1 for r in records for e in r["entities"] if e["label"] == "MEETING"),
            "kept": report.kept,
            "file": SOURCES[name][0],
            "what": SOURCES[name][1],
        }
        msg.info(f"{name}: {summary[name]['sentences']} sentences, {summary[name]['ORG']} ORG")
    return summary


def train_ner(
    config_path: Path,
    work_dir: Path,
    train_records: Sequence[Record],
    *,
    extra: Optional[Path] = None,
    vectors: Optional[Path] = DEFAULT_VECTORS,
    overrides: Optional[dict] = None,
    tok_nlp: Optional[Language] = None,
    gold_repeat: int = GOLD_REPEAT,
) -> dict:
    """Gold records (+ external DocBins in ``extra``) -> ``spacy train`` into ``work_dir``.

    The gold is repeated ``gold_repeat`` times in the training DocBin: a few
    documents against thousands of external sentences would otherwise be lost.
    The "dev" corpus spacy train reports on is the training gold itself: no
    held-out text chooses anything, so cross-validation stays honest."""
    from spacy.cli.train import train as spacy_train

    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    tok_nlp = tok_nlp or tokenizer_nlp(config_path)
    report = build_docbin(tok_nlp, train_records, work_dir / "gold.spacy")
    if report.failed:
        msg.warn(f"{len(report.failed)} gold spans cannot be expressed as tokens", report.failed)
    build_docbin(tok_nlp, list(train_records) * gold_repeat, work_dir / "train.spacy")
    settings = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "gold.spacy"),
        "paths.extra": str(extra) if extra else None,
    }
    settings["paths.vectors"] = None
    if vectors is not None:
        vec = resolve(vectors)
        if not (vec / "vocab").exists():
            raise FileNotFoundError(f"No vectors at {vec}: run `make vectors` first")
        settings["paths.vectors"] = str(vec)
    settings.update(overrides or {})
    start = time.time()
    spacy_train(resolve(config_path), work_dir, overrides=settings)
    return {"conversion": report.to_dict(), "seconds": round(time.time() - start, 1), "model": str(work_dir / "model-best")}


def load_rules_pipeline(pipeline_config: Path = DEFAULT_PIPELINE, *, ner_model: Optional[Path] = None) -> Language:
    """configs/pipeline.cfg for entities: without ``ner`` (rules alone), or with
    ``ner`` sourced from ``ner_model`` and its vectors copied in (as
    ``spacy assemble`` does through ``[initialize] vectors``). The event linker,
    which changes no entity, is left out."""
    config = spacy.util.load_config(resolve(pipeline_config), interpolate=False)
    names: List[str] = [n for n in config["nlp"]["pipeline"] if n != "event_linker"]
    config["components"].pop("event_linker", None)
    if ner_model is None:
        names = [n for n in names if n not in ("ner", "ner_gate")]
        config["components"].pop("ner", None)
        config["components"].pop("ner_gate", None)
        config["nlp"]["disabled"] = []
    else:
        config["paths"]["ner_model"] = str(resolve(ner_model))
    config["nlp"]["pipeline"] = names
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    if ner_model is not None:
        from spacy.training.initialize import load_vectors_into_model

        load_vectors_into_model(nlp, str(resolve(ner_model)), add_strings=False)
    return nlp
