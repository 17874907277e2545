"""``make train``: the committed NER's recipe, into a new folder (never models/ner).

Trained on the seeds' gold and the external ORG corpora, never on the dev set
(the dev set is trained on only inside cross-validation, pipeline.training.crossval).
The model card written next to the model names the exact data. ``make
model-update`` copies ``training/ner/model-best`` to models/ner.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Sequence

from ..paths import PROJECT_ROOT
from .data import read_jsonl
from .run import (
    DEFAULT_CONFIG,
    DEFAULT_EXTERNAL,
    DEFAULT_GOLD,
    DEFAULT_SOURCES,
    DEFAULT_VECTORS,
    GOLD_REPEAT,
    build_external,
    resolve,
    tokenizer_nlp,
    train_ner,
)

PER_SOURCE = 1000
MODEL_CARD = """# models/ner: the trained NER of the CPPCC information-extraction pipeline

A spaCy pipeline (view tokenizer -> tok2vec -> ner) with labels DATE, MEETING,
ORG, QUANTITY as defined in ANNOTATION.md, sourced into configs/pipeline.cfg as
`[components.ner]` (the entity merger decides which of its spans are kept).
The tokenizer refers to the pkuseg model by path (`models/pkuseg/default`,
fetched by `make setup`); no copy of it is here.

Built by `make train` (`python -m pipeline train`, configs/ner.cfg, seed {seed})
into `training/ner/model-best`, copied here by `make model-update`.

Features: hashed NORM/PREFIX/SUFFIX/SHAPE of each word and in-domain floret
vectors (character 1-3-grams, {vec_rows} rows x {vec_width}) built by `make vectors`
from corpus/external/gov_reports and cpc_docs (official public texts).

## Training data (exactly)
{data}

**Research use only**: the external corpora above (People's Daily 1998 NER,
MSRA NER, CLUENER2020) are research-use data without a licence file; so is a
model trained on them. See corpus/external/*/SOURCE.txt.

Not trained on: the dev set (../shared/dev), nor any rule output.

Cross-validated scores: metrics/crossval.json (`make crossval`).
"""


def describe_data(gold: Path, n_docs: int, n_ents: int, extra: dict) -> str:
    lines = [f"- gold: {n_docs} documents of {gold} ({n_ents} entities), all four labels, "
             f"repeated {GOLD_REPEAT} times in the training set"]
    for info in extra.values():
        lines.append(
            f"- {info['what']}: {info['sentences']} sentences sampled with seed 0 from "
            f"corpus/external/{info['file']} ({info['ORG']} ORG, {info['MEETING']} MEETING; "
            "their organisation labels mapped to ORG, other labels O, DATE/QUANTITY/MEETING left missing)"
        )
    return "\n".join(lines)


def train(
    config_path: Path = DEFAULT_CONFIG,
    work_dir: Path = Path("training/ner"),
    *,
    gold: Path = DEFAULT_GOLD,
    external: Path = DEFAULT_EXTERNAL,
    sources: Sequence[str] = DEFAULT_SOURCES,
    per_source: int = PER_SOURCE,
    vectors: Optional[Path] = DEFAULT_VECTORS,
    overrides: Optional[dict] = None,
    seed: int = 0,
) -> dict:
    """Train on all seeds + external into ``work_dir``; the model card goes into model-best."""
    work = Path(work_dir) if Path(work_dir).is_absolute() else PROJECT_ROOT / work_dir
    tok_nlp = tokenizer_nlp(config_path)
    records = read_jsonl(resolve(gold))
    extra = build_external(work / "extra", tok_nlp, external=external, sources=sources, per_source=per_source, seed=seed)
    result = train_ner(
        config_path, work, records, extra=work / "extra" if extra else None, vectors=vectors,
        overrides=overrides, tok_nlp=tok_nlp,
    )  # fmt: skip
    model = Path(result["model"])
    relative_paths(model / "config.cfg")
    import spacy

    nlp = spacy.load(model, exclude=["tok2vec", "ner"])
    rows, width = nlp.vocab.vectors.shape
    data = describe_data(gold, len(records), sum(len(r["entities"]) for r in records), extra)
    (model / "README.md").write_text(
        MODEL_CARD.format(seed=seed, data=data, vec_rows=rows, vec_width=width), encoding="utf-8"
    )
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["description"] = "Trained NER of cppcc-ie; data and research-use notes in README.md"
    meta["sources"] = [{"name": i["what"], "url": f"corpus/external/{i['file']}", "license": "research use only"}
                       for i in extra.values()]  # fmt: skip
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result.update({"extra": extra, "size_bytes": folder_size(model), "largest_file": largest_file(model)})
    return result


def relative_paths(config_file: Path) -> None:
    """The saved config names its data relative to the project, not by this
    machine's absolute path, so a rebuilt model is byte-identical."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace(str(PROJECT_ROOT) + "/", ""), encoding="utf-8")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def largest_file(path: Path) -> int:
    return max((p.stat().st_size for p in Path(path).rglob("*") if p.is_file()), default=0)
