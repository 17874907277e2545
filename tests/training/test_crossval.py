"""The pipelines cross-validation scores: rules alone, and rules + a fold's NER."""

from pathlib import Path

import pytest

from pipeline.training.crossval import VARIANTS, predict, set_variant
from pipeline.training.run import load_rules_pipeline

ROOT = Path(__file__).resolve().parents[2]
NER_MODEL = ROOT / "models" / "ner"
TEXT = "國務院新聞辦公室舉行發布會，2023年市政協召開主席會議，收到提案84件。"


@pytest.mark.slow
def test_crossval_rules_alone_has_no_ner():
    nlp = load_rules_pipeline()
    assert "ner" not in nlp.component_names and "ner_gate" not in nlp.component_names
    assert "event_linker" not in nlp.component_names  # entities only
    (record,) = predict(nlp, [{"id": "x", "text": TEXT}]).values()
    assert record["text"] == TEXT
    assert {"DATE", "ORG", "QUANTITY"} <= {e["label"] for e in record["entities"]}


@pytest.mark.slow
def test_crossval_combined_pipeline_carries_the_ner_vectors_and_every_variant_runs():
    nlp = load_rules_pipeline(ner_model=NER_MODEL)
    assert nlp.vocab.vectors.shape[0] > 0  # as `spacy assemble` copies them
    for variant in VARIANTS.values():
        set_variant(nlp, *variant)
        (record,) = predict(nlp, [{"id": "x", "text": TEXT}]).values()
        spans = sorted((e["start"], e["end"]) for e in record["entities"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # never overlapping
