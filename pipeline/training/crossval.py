"""Leave-one-group-out cross-validation: does the NER earn its place?

Groups: the dev set's T, L and N documents (by id prefix) and the seeds (S).
For each held-out group a fresh NER is trained on the seeds, the external
corpora and the *other* dev groups, then the held-out documents are scored
three ways: NER alone, rules alone (configs/pipeline.cfg without ner), and
rules + NER under each merger variant (``VARIANTS``; "product" is whatever
configs/pipeline.cfg says). A document is never scored by a model that
trained on it. Counts are summed over the held-out documents of a fold, and
over the dev folds for "dev" (as the referee scores a whole prediction file).

Without a dev set (a fresh clone), the folds are the seed documents, one at a
time (leave one document out).

``no_dev`` adds one more run: the committed recipe (seeds + external, no dev
at all) scored on every dev group, i.e. what ``make train`` ships
(``no_dev_model`` reuses a model ``make train`` already built).

The NER trains on no rule output, so after the rules change ``reuse`` scores
the fold models already in ``work_dir`` again without retraining.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import spacy
from spacy.language import Language
from wasabi import msg

from ..paths import PROJECT_ROOT
from ..scoring import score
from .data import Record, read_jsonl
from .run import (
    DEFAULT_CONFIG,
    DEFAULT_EXTERNAL,
    DEFAULT_GOLD,
    DEFAULT_PIPELINE,
    DEFAULT_SOURCES,
    DEFAULT_VECTORS,
    build_external,
    load_rules_pipeline,
    resolve,
    tokenizer_nlp,
    train_ner,
)

DEV_GROUPS = ("T", "L", "N")
SEED_GROUP = "S"
# name -> (ner_gate.gate, entity_merger.ner_policy, entity_merger.ner_filter)
VARIANTS: Dict[str, tuple] = {
    "fill/shape/cue": ("cue", "fill", "shape"),
    "fill/none/all": ("all", "fill", "none"),
    "fill/plain/all": ("all", "fill", "plain"),
    "extend/plain/all": ("all", "extend", "plain"),
    "extend/shape/all": ("all", "extend", "shape"),
    "widen/plain/all": ("all", "widen", "plain"),
    "widen/none/all": ("all", "widen", "none"),
    "extend/plain/cue": ("cue", "extend", "plain"),
    "widen/plain/cue": ("cue", "widen", "plain"),
    "prefer/plain/all": ("all", "prefer", "plain"),
}


def group_of(record: Record) -> str:
    """T, L or N for a dev document (by its id's first letter), S for anything else."""
    first = record["id"][:1]
    return first if first in DEV_GROUPS else SEED_GROUP


def predict(nlp: Language, records: Sequence[Record]) -> Dict[str, Record]:
    from ..export.jsonl import doc_to_record

    return {r["id"]: doc_to_record(r["id"], doc) for r, doc in zip(records, nlp.pipe(r["text"] for r in records))}


def set_variant(nlp: Language, gate: str, policy: str, ner_filter: str) -> None:
    nlp.get_pipe("ner_gate").gate = gate
    merger = nlp.get_pipe("entity_merger")
    merger.ner_policy = policy
    merger.ner_filter = ner_filter


def score_held(nlp_ner: Language, combined: Language, rules: Dict[str, Record], held: Sequence[Record]) -> dict:
    """Predictions of every system on the held-out records (not yet scored)."""
    merger = combined.get_pipe("entity_merger")
    gate = combined.get_pipe("ner_gate")
    product = (gate.gate, merger.ner_policy, merger.ner_filter)
    preds: Dict[str, Dict[str, Record]] = {"rules": {r["id"]: rules[r["id"]] for r in held}}
    preds["ner"] = predict(nlp_ner, held)
    for name, variant in {"product": product, **VARIANTS}.items():
        set_variant(combined, *variant)
        preds[f"rules+ner {name}"] = predict(combined, held)
    set_variant(combined, *product)
    return preds


def crossval(
    config_path: Path = DEFAULT_CONFIG,
    *,
    gold: Path = DEFAULT_GOLD,
    dev: Optional[Path] = None,
    folds: Sequence[str] = DEV_GROUPS + (SEED_GROUP,),
    no_dev: bool = True,
    no_dev_model: Optional[Path] = None,
    reuse: bool = False,
    pipeline_config: Path = DEFAULT_PIPELINE,
    external: Path = DEFAULT_EXTERNAL,
    sources: Sequence[str] = DEFAULT_SOURCES,
    per_source: int = 1000,
    vectors: Optional[Path] = DEFAULT_VECTORS,
    work_dir: Path = Path("training/cv"),
    overrides: Optional[dict] = None,
) -> dict:
    """Train one NER per held-out group and score every system on it (see module doc)."""
    work = Path(work_dir) if Path(work_dir).is_absolute() else PROJECT_ROOT / work_dir
    tok_nlp = tokenizer_nlp(config_path)
    records = read_jsonl(resolve(gold)) + (read_jsonl(dev) if dev else [])
    if dev:
        groups = {r["id"]: group_of(r) for r in records}
        folds = [g for g in folds if g in set(groups.values())]
    else:  # the seeds alone: leave one document out
        groups = {r["id"]: r["id"] for r in records}
        folds = list(groups)
    extra = build_external(work / "extra", tok_nlp, external=external, sources=sources, per_source=per_source)
    extra_dir = work / "extra" if extra else None
    rules_nlp = load_rules_pipeline(pipeline_config)
    rules = predict(rules_nlp, records)
    runs: List[tuple] = [(g, [r for r in records if groups[r["id"]] != g], [r for r in records if groups[r["id"]] == g])
                         for g in folds]  # fmt: skip
    if no_dev and dev:
        seeds = [r for r in records if groups[r["id"]] == SEED_GROUP]
        runs.append(("no-dev", seeds, [r for r in records if groups[r["id"]] in DEV_GROUPS]))
    result: dict = {"extra": extra, "overrides": overrides or {}, "variants": VARIANTS, "folds": {}}
    all_preds: Dict[str, Dict[str, Dict[str, Record]]] = {}
    for name, train_records, held in runs:
        msg.divider(f"Fold {name}: train on {len(train_records)} gold docs, hold out {len(held)}")
        start = time.time()
        if name == "no-dev" and no_dev_model is not None:  # already trained by `make train`
            info = {"seconds": None, "model": str(resolve(no_dev_model))}
        elif reuse and (work / name / "model-best" / "ner").exists():  # the NER does not depend on the rules
            info = {"seconds": None, "model": str(work / name / "model-best")}
        else:
            info = train_ner(config_path, work / name, train_records, extra=extra_dir, vectors=vectors,
                             overrides=overrides, tok_nlp=tok_nlp)  # fmt: skip
        model = Path(info["model"])
        preds = score_held(spacy.load(model), load_rules_pipeline(pipeline_config, ner_model=model), rules, held)
        gold_docs = {r["id"]: r for r in held}
        result["folds"][name] = {
            "held_out": sorted(gold_docs),
            "train_seconds": info["seconds"],
            "model": str(model),
            "seconds": round(time.time() - start, 1),
            "scores": {system: score(gold_docs, p)["entities"] for system, p in preds.items()},
        }
        all_preds[name] = preds
    dev_folds = [g for g in folds if g in DEV_GROUPS]
    if dev_folds:
        gold_docs = {r["id"]: r for r in records if groups[r["id"]] in dev_folds}
        systems = all_preds[dev_folds[0]].keys()
        result["dev_pooled"] = {
            system: score(gold_docs, {k: v for g in dev_folds for k, v in all_preds[g][system].items()})["entities"]
            for system in systems
        }
    return result


def summary_rows(scores: Dict[str, dict]) -> List[tuple]:
    """(system, label, P, R, F) rows for a table."""
    rows = []
    for system, labels in scores.items():
        for label, v in labels.items():
            rows.append((system, label, v["p"], v["r"], v["f"], v["tp"], v["fp"], v["fn"]))
    return rows


def print_result(result: dict) -> None:
    header = ("system", "label", "P", "R", "F", "tp", "fp", "fn")
    for name, fold in result["folds"].items():
        micro = [(s, v["micro"]["f"]) for s, v in fold["scores"].items()]
        msg.table(micro, header=(f"fold {name}", "micro F"), divider=True)
    if "dev_pooled" in result:
        msg.divider("Dev set, pooled over the held-out groups")
        msg.table(summary_rows(result["dev_pooled"]), header=header, divider=True)
