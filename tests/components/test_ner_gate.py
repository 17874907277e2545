"""ner_gate: the NER sees only sentences that can hold a kept name; offsets map back."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import pipeline.components.ner_gate  # noqa: F401  (registers the factory)

SEEN = []


@Language.component("stub_ner")
def stub_ner(doc):
    """Tags every token whose view form ends in 政协 as ORG; records what it saw."""
    SEEN.append(doc.text)
    doc.ents = [Span(doc, t.i, t.i + 1, label="ORG") for t in doc if t.norm_.endswith("政协")]
    return doc


def build(gate):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.add_pipe("stub_ner", name="ner")
    nlp.add_pipe("ner_gate", config={"gate": gate})
    nlp.disable_pipe("ner")
    return nlp


TEXT = "今天天气很好。自治區政協召开会议。大家都很高兴。"


@pytest.fixture(autouse=True)
def _clear():
    SEEN.clear()


def test_ner_gate_cue_runs_only_on_sentences_with_a_name_word():
    doc = build("cue")(TEXT)
    assert SEEN == ["自治區政協召开会议。"]
    (ent,) = doc.ents
    assert ent.label_ == "ORG" and ent.text.endswith("政協")
    assert TEXT.index("自治區政協") <= ent.start_char and ent.end_char == TEXT.index("召开")


def test_ner_gate_all_runs_everywhere():
    build("all")(TEXT)
    assert SEEN == [TEXT]


def test_ner_gate_off_runs_no_ner():
    doc = build("off")(TEXT)
    assert SEEN == [] and list(doc.ents) == []


def test_ner_gate_maps_entities_of_later_sentences_back():
    text = "今天天气很好。市政协召开会议。大家都很高兴。县政协开展调研。"
    doc = build("cue")(text)
    assert SEEN == ["市政协召开会议。县政协开展调研。"]
    assert [(e.text, e.start_char) for e in doc.ents] == [("市政协", 7), ("县政协", 22)]
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text and e.label_ == "ORG"


def test_ner_gate_without_ner_leaves_the_doc_alone():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.add_pipe("ner_gate")
    doc = nlp(TEXT)
    assert list(doc.ents) == []


def test_ner_gate_rejects_an_unknown_gate():
    with pytest.raises(ValueError, match="gate"):
        build("sometimes")
