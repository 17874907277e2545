"""Shared fixtures: one blank pipeline with the project's tokenizer per session."""

from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
GOLD = ROOT / "corpus" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def nlp():
    """A blank Chinese pipeline whose tokenizer is the view tokenizer (loads pkuseg once)."""
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})


@pytest.fixture(scope="session")
def raw_texts():
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}
