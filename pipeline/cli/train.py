"""``train`` and ``crossval``: the trained NER, and how well it does on held-out gold.

Data flows one way: corpus/gold/seeds.jsonl (+ silver from the rule taggers
over corpus/external/) -> training/<run>/*.spacy -> spacy train ->
training/<run>/model-best -> models/ner (a small pipeline: the pkuseg model
is referred to by path, never copied). ``crossval`` does the same per held-out
gold document and scores the held-out text three ways: NER alone, rules
alone, and the assembled configs/pipeline.cfg with the fold's NER sourced in.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import spacy
import typer
from spacy.cli._util import parse_config_overrides
from spacy.language import Language
from wasabi import msg

from ..paths import PROJECT_ROOT
from ..scoring import score
from ..training.data import (
    Record,
    build_docbin,
    pd1998_records,
    read_jsonl,
    records_to_docs,
    rule_records,
    split_record,
    write_docbin,
)
from ._util import app

DEFAULT_CONFIG = Path("configs/ner.cfg")
DEFAULT_PIPELINE = Path("configs/pipeline.cfg")
DEFAULT_GOLD = Path("corpus/gold/seeds.jsonl")
DEFAULT_EXTERNAL = Path("corpus/external")
RULE_COMPONENTS = ("date_tagger", "quantity_tagger", "org_tagger")
LABEL_TAGGERS = {"DATE": "date_tagger", "QUANTITY": "quantity_tagger", "ORG": "org_tagger", "MEETING": "org_tagger"}
MODEL_CARD = """# models/ner: the trained NER of the CPPCC information-extraction pipeline

A spaCy pipeline (view tokenizer -> tok2vec -> ner) with labels DATE,
MEETING, ORG, QUANTITY as defined in ANNOTATION.md. It is sourced into
configs/pipeline.cfg as `[components.ner]`. The tokenizer refers to the pkuseg
model by path (`models/pkuseg/default`, fetched by `make setup`); the model is
not copied here.

Built by `python -m pipeline train` (configs/ner.cfg, seed 0).

Training data: {data}

Cross-validated scores: metrics/crossval.json (`python -m pipeline crossval`).
"""


def _resolve(path) -> Path:
    p = Path(path)
    return p if p.is_absolute() or p.exists() else PROJECT_ROOT / p


def tokenizer_nlp(config_path: Path) -> Language:
    """A blank pipeline with the tokenizer the NER config trains with."""
    config = spacy.util.load_config(_resolve(config_path), interpolate=False)
    return spacy.blank(config["nlp"]["lang"], config={"nlp": {"tokenizer": dict(config["nlp"]["tokenizer"])}})


def load_rules_pipeline(pipeline_config: Path, *, ner_model: Optional[Path] = None) -> Optional[Language]:
    """configs/pipeline.cfg without ``ner`` (rules alone), or with ``ner`` from ``ner_model``.

    Returns None when the config cannot do what is asked: no rule components
    for rules alone, or no ``ner`` component for the combined pipeline."""
    path = _resolve(pipeline_config)
    config = spacy.util.load_config(path, interpolate=False)
    names = list(config["nlp"].get("pipeline", []))
    if ner_model is None:
        if not any(n in names for n in RULE_COMPONENTS):
            return None
        config["nlp"]["pipeline"] = [n for n in names if n not in ("ner", "ner_gate")]
        config["nlp"]["disabled"] = [n for n in config["nlp"].get("disabled", []) if n != "ner"]
        config["components"].pop("ner", None)
        for name in ("event_linker", "ner_gate"):  # entities only: skip what does not change them
            if name in config["nlp"]["pipeline"]:
                config["nlp"]["pipeline"].remove(name)
                config["components"].pop(name, None)
    else:
        if "ner" not in names:
            if "entity_merger" not in names:
                return None
            # The lead's config has no ner yet: source it before the merger, as planned.
            names.insert(names.index("entity_merger"), "ner")
            config["nlp"]["pipeline"] = names
            config["components"]["ner"] = {"source": "${paths.ner_model}"}
        config["components"]["ner"].setdefault("replace_listeners", ["model.tok2vec"])
        config["paths"]["ner_model"] = str(Path(ner_model).resolve())
    return spacy.util.load_model_from_config(config, auto_fill=True)


def external_texts(folder: Path, *, max_chars: int = 400) -> List[tuple]:
    """(id, paragraph) pairs from the Markdown files under ``folder`` (front matter dropped)."""
    out = []
    for path in sorted(_resolve(folder).glob("**/*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4 :] if end > 0 else text
        record = {"id": f"{path.parent.name}/{path.stem}", "text": text, "entities": []}
        for piece in split_record(record, max_chars=max_chars):
            if sum(1 for ch in piece["text"] if "\u4e00" <= ch <= "\u9fff") >= 20:
                out.append((piece["id"], piece["text"]))
    return out


def build_silver(
    pipeline_config: Path, external: Path, output: Path, *, tok_nlp: Language, limit: int = 0
) -> Optional[dict]:
    """Silver DocBin: the rule taggers' entities over the external texts.

    Returns a summary, or None when configs/pipeline.cfg has no rule taggers yet."""
    rules = load_rules_pipeline(pipeline_config)
    if rules is None:
        return None
    texts = external_texts(external)
    if limit:
        texts = texts[:limit]
    unknown = [label for label, comp in LABEL_TAGGERS.items() if comp not in rules.pipe_names]
    records = list(rule_records(rules, texts, unknown=unknown))
    docs = records_to_docs(tok_nlp, records)
    n = write_docbin(docs, output)
    labels: Dict[str, int] = {}
    for r in records:
        for e in r["entities"]:
            labels[e["label"]] = labels.get(e["label"], 0) + 1
    return {"docs": n, "chars": sum(len(r["text"]) for r in records), "entities": labels, "left_missing": unknown}


def train_ner(
    config_path: Path,
    work_dir: Path,
    train_records: Sequence[Record],
    *,
    silver_path: Optional[Path] = None,
    overrides: Optional[dict] = None,
    tok_nlp: Optional[Language] = None,
) -> dict:
    """Gold records (+ a silver DocBin) -> training DocBins -> spacy train into ``work_dir``.

    The dev set is the training gold itself: no held-out text is used to
    choose the checkpoint, so cross-validation stays honest."""
    from spacy.cli.train import train as spacy_train

    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    tok_nlp = tok_nlp or tokenizer_nlp(config_path)
    report = build_docbin(tok_nlp, train_records, work_dir / "train.spacy")
    if report.failed:
        msg.warn(f"{len(report.failed)} gold spans cannot be expressed as tokens", report.failed)
    settings = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "train.spacy"),
        "paths.silver": str(silver_path) if silver_path else None,
    }
    settings.update(overrides or {})
    start = time.time()
    spacy_train(_resolve(config_path), work_dir, overrides=settings)
    seconds = round(time.time() - start, 1)
    return {"conversion": report.to_dict(), "seconds": seconds, "model": str(work_dir / "model-best")}


def _relative_paths(config_file: Path) -> None:
    """The saved config names its training data relative to the project, not
    by this machine's absolute path, so a rebuilt model is byte-identical."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace(str(PROJECT_ROOT) + "/", ""), encoding="utf-8")


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def build_extra(
    work: Path,
    *,
    tok_nlp: Language,
    use_silver: bool,
    use_external_ner: bool,
    pipeline_config: Path = DEFAULT_PIPELINE,
    external: Path = DEFAULT_EXTERNAL,
) -> Tuple[Optional[Path], dict]:
    """The non-gold DocBins in ``work/extra/``: silver from the rules, People's Daily ORG.

    Returns the folder (None if empty) and a summary of what went in."""
    folder = work / "extra"
    if folder.exists():
        shutil.rmtree(folder)
    summary: dict = {}
    if use_silver:
        silver = build_silver(pipeline_config, external, folder / "silver.spacy", tok_nlp=tok_nlp)
        if silver is None:
            msg.warn(f"No rule taggers in {pipeline_config}: no silver data")
        else:
            summary["silver"] = silver
    if use_external_ner:
        records = list(pd1998_records(_resolve(external) / "pd1998_ner" / "example.dev"))
        report = build_docbin(tok_nlp, records, folder / "pd1998_ner.spacy", max_chars=0)
        summary["pd1998_ner"] = {"docs": report.docs, "entities": report.kept}
    for name, info in summary.items():
        msg.info(f"{name}: {info}")
    return (folder if summary else None), summary


def train(
    config_path: Path = DEFAULT_CONFIG,
    output: Path = Path("models/ner"),
    *,
    gold: Path = DEFAULT_GOLD,
    use_silver: bool = True,
    use_external_ner: bool = False,
    pipeline_config: Path = DEFAULT_PIPELINE,
    external: Path = DEFAULT_EXTERNAL,
    work_dir: Path = Path("training/ner"),
    overrides: Optional[dict] = None,
) -> dict:
    """Train on all gold (+ silver) and copy model-best to ``output``."""
    work = PROJECT_ROOT / work_dir if not Path(work_dir).is_absolute() else Path(work_dir)
    tok_nlp = tokenizer_nlp(config_path)
    records = read_jsonl(_resolve(gold))
    silver_path, extra = build_extra(
        work,
        tok_nlp=tok_nlp,
        use_silver=use_silver,
        use_external_ner=use_external_ner,
        pipeline_config=pipeline_config,
        external=external,
    )
    result = train_ner(config_path, work, records, silver_path=silver_path, overrides=overrides, tok_nlp=tok_nlp)
    out = Path(output) if Path(output).is_absolute() else PROJECT_ROOT / output
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(work / "model-best", out)
    _relative_paths(out / "config.cfg")
    (out / "README.md").write_text(MODEL_CARD.format(data=_describe_data(records, gold, extra)), encoding="utf-8")
    result.update({"output": str(out), "size_bytes": _folder_size(out), "extra": extra})
    return result


def _describe_data(records: Sequence[Record], gold: Path, extra: dict) -> str:
    lines = [f"- {len(records)} gold documents ({gold}, {sum(len(r['entities']) for r in records)} entities)"]
    if "silver" in extra:
        info = extra["silver"]
        lines.append(
            f"- silver: the rule taggers' entities {info['entities']} over {info['docs']} paragraphs of "
            "corpus/external/gov_reports and cpc_docs (official public texts)"
        )
    if "pd1998_ner" in extra:
        lines.append(
            f"- People's Daily NER dev split ({extra['pd1998_ner']['docs']} sentences, ORG mapped): "
            "**research use only**, see corpus/external/pd1998_ner/README.md"
        )
    return "\n" + "\n".join(lines)


def _predict(nlp: Language, record: Record) -> Record:
    from ..export.jsonl import doc_to_record

    return doc_to_record(record["id"], nlp(record["text"]))


def crossval(
    config_path: Path = DEFAULT_CONFIG,
    *,
    gold: Path = DEFAULT_GOLD,
    use_silver: bool = True,
    use_external_ner: bool = False,
    pipeline_config: Path = DEFAULT_PIPELINE,
    external: Path = DEFAULT_EXTERNAL,
    work_dir: Path = Path("training/cv"),
    overrides: Optional[dict] = None,
    only: Optional[Sequence[str]] = None,
) -> dict:
    """Leave-one-document-out: train on the others, score the held-out document three ways.

    Counts are summed over folds (score() over all held-out predictions), as
    the referee would score the five predictions together."""
    work = PROJECT_ROOT / work_dir if not Path(work_dir).is_absolute() else Path(work_dir)
    tok_nlp = tokenizer_nlp(config_path)
    records = read_jsonl(_resolve(gold))
    silver_path, extra = build_extra(
        work,
        tok_nlp=tok_nlp,
        use_silver=use_silver,
        use_external_ner=use_external_ner,
        pipeline_config=pipeline_config,
        external=external,
    )
    rules = load_rules_pipeline(pipeline_config)
    preds: Dict[str, Dict[str, Record]] = {"ner": {}, "rules": {}, "combined": {}}
    folds = []
    for held in records:
        if only and held["id"] not in only:
            continue
        fold_dir = work / held["id"]
        msg.divider(f"Fold: held-out {held['id']}")
        train_records = [r for r in records if r["id"] != held["id"]]
        info = train_ner(
            config_path, fold_dir, train_records, silver_path=silver_path, overrides=overrides, tok_nlp=tok_nlp
        )
        model = fold_dir / "model-best"
        preds["ner"][held["id"]] = _predict(spacy.load(model), held)
        if rules is not None:
            preds["rules"][held["id"]] = _predict(rules, held)
        combined = load_rules_pipeline(pipeline_config, ner_model=model)
        if combined is not None:
            preds["combined"][held["id"]] = _predict(combined, held)
        folds.append({"held_out": held["id"], "seconds": info["seconds"], "conversion": info["conversion"]})
    gold_docs = {r["id"]: r for r in records if not only or r["id"] in only}
    result = {"folds": folds, "extra": extra, "overrides": overrides or {}}
    for name, pred in preds.items():
        result[name] = score(gold_docs, pred)["entities"] if pred else None
    return result


def print_scores(result: dict) -> None:
    for name in ("ner", "rules", "combined"):
        scores = result.get(name)
        if not scores:
            msg.info(f"{name}: not measured (the pipeline config lacks the components)")
            continue
        rows = [(label, v["p"], v["r"], v["f"], v["tp"], v["fp"], v["fn"]) for label, v in scores.items()]
        msg.table(rows, header=(name, "P", "R", "F", "tp", "fp", "fn"), divider=True)


_EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


@app.command("train", context_settings=_EXTRA)
def train_cli(
    ctx: typer.Context,
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="NER training config"),
    output: Path = typer.Option(Path("models/ner"), "--output", "-o", help="Where the trained pipeline goes"),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", "-g", help="Gold JSONL"),
    silver: bool = typer.Option(True, "--silver/--no-silver", help="Add rule-tagger silver data"),
    external_ner: bool = typer.Option(False, "--external-ner/--no-external-ner", help="Add People's Daily ORG (research use)"),
):
    """Train the NER on all gold (+ silver) and save a small pipeline to OUTPUT.

    Extra options override the config, as in spacy train: --training.max_steps 500."""
    res = train(config_path, output, gold=gold, use_silver=silver, use_external_ner=external_ner, overrides=parse_config_overrides(ctx.args))
    msg.good(f"Saved {res['output']} ({res['size_bytes'] / 1e6:.1f} MB) after {res['seconds']} s of training")


@app.command("crossval", context_settings=_EXTRA)
def crossval_cli(
    ctx: typer.Context,
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="NER training config"),
    out: Path = typer.Option(Path("metrics/crossval.json"), "--out", "-o", help="Scores as JSON"),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", "-g", help="Gold JSONL"),
    silver: bool = typer.Option(True, "--silver/--no-silver", help="Add rule-tagger silver data"),
    external_ner: bool = typer.Option(False, "--external-ner/--no-external-ner", help="Add People's Daily ORG (research use)"),
):
    """Leave-one-document-out CV: NER alone, rules alone, combined; per-label P/R/F."""
    res = crossval(config_path, gold=gold, use_silver=silver, use_external_ner=external_ner, overrides=parse_config_overrides(ctx.args))
    print_scores(res)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    msg.good(f"Wrote {out}")
