"""The committed product model: loads, matches configs/pipeline.cfg and models/ner, stays small."""

from pathlib import Path

import pytest
import spacy
from spacy.util import load_config

from pipeline.components.event_linker import DEFAULT_LEXICON as EVENT_LEXICON
from pipeline.components.event_linker import read_lexicon
from pipeline.components.quantity_tagger import load_formulas
from pipeline.loading import DEFAULT_MODEL, load_pipeline

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / DEFAULT_MODEL
NER = ROOT / "models" / "ner"
CONFIG = ROOT / "configs" / "pipeline.cfg"


@pytest.fixture(scope="module")
def product():
    return load_pipeline()


def test_loading_default_is_the_committed_model(product):
    assert (MODEL / "config.cfg").exists(), "run `make model` and commit models/cppcc_zh"
    assert product.path is not None and Path(product.path).resolve() == MODEL.resolve()


def test_loading_model_matches_config(product):
    config = load_config(CONFIG, interpolate=False)
    assert product.component_names == config["nlp"]["pipeline"]
    assert product.disabled == config["nlp"].get("disabled", [])
    saved = load_config(MODEL / "config.cfg", interpolate=False)
    assert dict(saved["nlp"]["tokenizer"]) == dict(config["nlp"]["tokenizer"])
    for name, settings in config["components"].items():
        if name == "ner":
            continue
        for key, value in settings.items():
            assert saved["components"][name][key] == value, f"{name}.{key}: re-run `make model`"


def test_loading_model_carries_the_current_formulas_and_ner(product):
    assert product.get_pipe("quantity_tagger").cfg["formulas"] == load_formulas()
    assert product.get_pipe("event_linker").lexicon == read_lexicon(EVENT_LEXICON), "re-run `make model`"
    # The sourced NER (with its tok2vec copied in) predicts what models/ner predicts.
    trained = spacy.load(NER)
    text = "自治區政協召開十三屆二次常委會會議，廣西日報記者參加。全區政協系統共收到提案84件。"
    doc = trained(text)
    mine = product.get_pipe("ner")(product.make_doc(text))
    assert [(e.start_char, e.end_char, e.label_) for e in mine.ents] == [
        (e.start_char, e.end_char, e.label_) for e in doc.ents
    ], "re-run `make model`"


def test_loading_model_is_small_and_refers_to_pkuseg():
    files = [p for p in MODEL.rglob("*") if p.is_file()]
    assert files
    assert not any(p.name in ("features.pkl", "features.msgpack", "weights.npz") for p in files)
    assert all(p.stat().st_size < 10_000_000 for p in files)


def test_loading_a_config_file_builds_the_same_pipeline():
    nlp = load_pipeline(CONFIG)
    text = "2023年，自治區政協召開十三屆二次常委會會議，收到提案84件。"
    doc = nlp(text)
    assert doc.text == text
    assert {(e.text, e.label_) for e in doc.ents} >= {("2023年", "DATE"), ("自治區政協", "ORG"), ("84件", "QUANTITY")}


def test_loading_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no pipeline"):
        load_pipeline(tmp_path / "nowhere")
