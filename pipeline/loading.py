"""Loading the product pipeline: the committed model, or a config."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language

from .paths import PROJECT_ROOT

DEFAULT_MODEL = "models/cppcc_zh"
DEFAULT_CONFIG = "configs/pipeline.cfg"


def _resolve(path: Union[str, Path]) -> Path:
    p = Path(path)
    if p.exists() or p.is_absolute():
        return p
    return PROJECT_ROOT / p


def load_pipeline(model: Optional[Union[str, Path]] = None) -> Language:
    """A pipeline folder, a .cfg file, or by default the committed model (else the config)."""
    if model is None:
        default = _resolve(DEFAULT_MODEL)
        model = default if (default / "config.cfg").exists() else _resolve(DEFAULT_CONFIG)
    path = _resolve(model)
    if not path.exists():
        raise FileNotFoundError(f"no pipeline at {model} (a folder made by spacy assemble/train, or a .cfg file)")
    if path.is_dir():
        return spacy.load(path)
    config = spacy.util.load_config(path, interpolate=False)
    ner_model = config.get("paths", {}).get("ner_model")
    overrides = {}
    if isinstance(ner_model, str) and ner_model and not Path(ner_model).is_absolute():
        overrides["paths.ner_model"] = str(_resolve(ner_model))
    config = spacy.util.load_config(path, overrides=overrides, interpolate=False)
    # No nlp.initialize(): it would reset sourced components; rule components need none.
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    # ...but the NER's static vectors, which `spacy assemble` copies through
    # [initialize] vectors, must be copied here too.
    vectors = config.interpolate().get("initialize", {}).get("vectors")
    if vectors and not nlp.vocab.vectors.shape[0] and "ner" in nlp.component_names:
        from spacy.training.initialize import load_vectors_into_model

        load_vectors_into_model(nlp, str(_resolve(vectors)), add_strings=False)
    return nlp
