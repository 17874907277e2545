"""Train a HanLP BiLSTM-CRF NER (``RNNNamedEntityRecognizer``) on the project's data.

``make hanlp-model`` runs ``python -m pipeline.hanlp.train``: the gold seeds
(all four labels) plus the People's Daily sentences with an ORG and without a
meeting word (the corpus does not mark meetings), their DATE and QUANTITY
filled in by the project's rule taggers (the corpus does not mark those
either). Everything is converted to view characters (``data.record_samples``).
A tenth of the samples, drawn with a fixed seed, is HanLP's dev set for
picking the best epoch; ``../shared/dev`` is never read here.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Dict, List

import typer

from ..paths import PROJECT_ROOT
from ..training.data import Record, read_jsonl
from ..training.external import pd1998_records
from .compat import import_hanlp
from .data import Sample, count_entities, records_samples, split_samples

DEFAULT_GOLD = PROJECT_ROOT / "corpus/gold/seeds.jsonl"
DEFAULT_PD1998 = PROJECT_ROOT / "corpus/external/pd1998_ner/example.dev"
DEFAULT_OUTPUT = PROJECT_ROOT / "models/hanlp_ner"
MODEL_CARD = """# A HanLP NER for the CPPCC pipeline (`make hanlp-model`)

HanLP {hanlp} `RNNNamedEntityRecognizer` (character BiLSTM-CRF, BIO tags), labels
DATE, MEETING, ORG, QUANTITY as in ANNOTATION.md, input: characters of the
pipeline's view. Load it with the `hanlp_ner` component (configs/hanlp.cfg).

Training data: corpus/gold/seeds.jsonl (gold) and People's Daily 1998 NER
sentences with an ORG and no meeting word (corpus/external/pd1998_ner: ORG from
the corpus, DATE/QUANTITY from the rule taggers; **research use only**, so is this
model). Built by pipeline/hanlp/train.py; numbers in training.json.
"""
MEETING_WORDS = ("会议", "大会", "全会", "座谈会", "论坛", "峰会", "研讨会", "博览会", "协商会", "代表会", "报告会", "培训班")


def fit(
    train: List[Sample],
    dev: List[Sample],
    save_dir,
    *,
    epochs: int = 40,
    embed: int = 100,
    rnn_hidden: int = 256,
    batch_size: int = 32,
    lr: float = 0.001,
    patience: int = 5,
    seed: int = 0,
    hanlp_home=None,
    threads: int = 1,
    quiet: bool = True,
):
    """Fit and save a HanLP ``RNNNamedEntityRecognizer`` (CPU, BIO tags); returns it."""
    import_hanlp(hanlp_home)
    import torch
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    if threads:
        torch.set_num_threads(threads)  # more threads than free cores make an LSTM 10x slower (measured here)
    save_dir = Path(save_dir)
    save_dir.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("pipeline.hanlp.train")
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    if not logger.handlers and not quiet:
        logger.addHandler(logging.StreamHandler())
    ner = RNNNamedEntityRecognizer()
    ner.fit(
        train,
        dev,
        str(save_dir),
        batch_size=batch_size,
        epochs=epochs,
        embed=embed,
        rnn_hidden=rnn_hidden,
        drop=0.5,
        lr=lr,
        patience=patience,
        crf=True,
        tagging_scheme="BIO",
        token_delimiter="",
        devices=-1,
        seed=seed,
        logger=logger,
        verbose=not quiet,
    )
    ner.save_config(str(save_dir))  # fit wrote it before training; the token delimiter is final now
    return ner


def pd1998_training_records(path=DEFAULT_PD1998, *, rules=None, limit: int = 0) -> List[Record]:
    """People's Daily sentences usable for all four labels (see the module docstring).

    ``rules``: a pipeline whose ``doc.ents`` give DATE and QUANTITY (the rule
    taggers and merger); None leaves them O, which only the tiny test model does."""
    from .data import with_silver

    records = [
        r
        for r in pd1998_records(path)
        if any(e["label"] == "ORG" for e in r["entities"]) and not any(w in r["text"] for w in MEETING_WORDS)
    ]
    if limit:
        records = records[:limit]
    if rules is None:
        return records
    out = []
    for record, doc in zip(records, rules.pipe(r["text"] for r in records)):
        silver = [(*e._.offsets, e.label_) for e in doc.ents if e.label_ in ("DATE", "QUANTITY")]
        out.append(with_silver(record, silver))
    return out


def build_samples(gold=DEFAULT_GOLD, pd1998=DEFAULT_PD1998, *, rules=None, limit: int = 0):
    records = read_jsonl(gold) + (pd1998_training_records(pd1998, rules=rules, limit=limit) if pd1998 else [])
    return records_samples(records)


def main(
    output: Path = typer.Option(DEFAULT_OUTPUT, "--output", "-o", help="Folder for the HanLP model"),
    gold: Path = typer.Option(DEFAULT_GOLD, help="Gold contract JSONL"),
    pd1998: Path = typer.Option(DEFAULT_PD1998, help="People's Daily char/BIO file ('' to leave out)"),
    pipeline_config: Path = typer.Option(PROJECT_ROOT / "configs/pipeline.cfg", help="Rules for silver DATE/QUANTITY"),
    epochs: int = typer.Option(40, help="HanLP keeps the best epoch on its held-out tenth"),
    rnn_hidden: int = typer.Option(128, help="BiLSTM units per direction"),
    seed: int = typer.Option(0),
):
    """Train the HanLP NER of `make hanlp-model` and write a model card beside it."""
    from ..cli.train import load_rules_pipeline

    t0 = time.time()
    rules = load_rules_pipeline(pipeline_config)
    samples, lost = build_samples(gold, pd1998 if str(pd1998) else None, rules=rules)
    train, dev = split_samples(samples, seed=seed)
    t1 = time.time()
    fit(train, dev, output, epochs=epochs, rnn_hidden=rnn_hidden, seed=seed, quiet=False)
    t2 = time.time()
    info: Dict = {
        "samples": {"train": len(train), "dev": len(dev)},
        "entities": count_entities(samples),
        "lost_at_cuts": lost,
        "epochs": epochs,
        "rnn_hidden": rnn_hidden,
        "seed": seed,
        "data_seconds": round(t1 - t0, 1),
        "train_seconds": round(t2 - t1, 1),
    }
    import hanlp

    (Path(output) / "README.md").write_text(MODEL_CARD.format(hanlp=hanlp.__version__), encoding="utf-8")
    (Path(output) / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    typer.run(main)
