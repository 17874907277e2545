"""hanlp_ner end to end on a tiny HanLP BiLSTM-CRF trained here, plus the HanLP traps.

The model is trained from a couple of hundred view samples of the committed
data (seconds) and saved; the component loads it from that folder. The module
skips when the ``hanlp`` extra is not installed (``make test`` installs it).
"""

import importlib.util
import json
from pathlib import Path

import pytest
import spacy

if importlib.util.find_spec("hanlp") is None or importlib.util.find_spec("torch") is None:
    pytest.skip("the hanlp extra is not installed (make hanlp-setup)", allow_module_level=True)

import pipeline.components.entity_merger  # noqa: E402,F401  (registers the factory)
from pipeline._extensions import get_view  # noqa: E402
from pipeline.components.hanlp_ner import HanLPNer, load_model  # noqa: E402
from pipeline.hanlp import compat  # noqa: E402
from pipeline.hanlp.data import record_samples, records_samples, segments  # noqa: E402
from pipeline.hanlp.train import fit, pd1998_training_records  # noqa: E402
from pipeline.training.data import read_jsonl  # noqa: E402

GOLD = Path(__file__).resolve().parents[2] / "corpus" / "gold" / "seeds.jsonl"
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}}
# Invented, Traditional script, with a pinyin gloss: the view is Simplified without it.
TEXT = "2023年，自治區政協召開常委會會議，提出建議21項。自治區政協(xié)委員參加。"


@pytest.fixture(scope="module")
def hanlp_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("hanlp_home")
    compat.import_hanlp(home)  # HANLP_HOME first: HanLP binds it at import
    return home


def _train_samples():
    seeds, _ = records_samples(read_jsonl(GOLD))
    pd, _ = records_samples(pd1998_training_records(limit=80))
    return [s for s in seeds if any(t != "O" for t in s["tag"])][:140] + pd


@pytest.fixture(scope="module")
def tiny_model(hanlp_home, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hanlp_tiny")
    samples = _train_samples()
    fit(samples, samples[:40], folder, epochs=4, embed=32, rnn_hidden=32, batch_size=16, lr=0.01, patience=0)
    return folder


def _spans(tags):
    out, start = set(), None
    for i, t in enumerate(list(tags) + ["O"]):
        if start is not None and not t.startswith("I-"):
            out.add((start, i, tags[start][2:]))
            start = None
        if t.startswith("B-"):
            start = i
    return out


def test_crf_trap_is_patched(hanlp_home):
    from hanlp.components.taggers.rnn.rnntaggingmodel import RNNTaggingModel

    unpatched = object.__new__(RNNTaggingModel)
    RNNTaggingModel.__init__.__wrapped__(unpatched, 8, None, 4, 5, 0.5, True)
    assert unpatched.crf.batch_first is None  # HanLP 2.1.5 passes crf_constraints as batch_first
    assert RNNTaggingModel(8, None, 4, 5, 0.5, True).crf.batch_first is True


def test_tiny_model_learns_its_training_data(tiny_model):
    """Without the CRF patch the same training reaches F1 ~0 (measured: 0.5% vs 67% on the seeds)."""
    samples = _train_samples()[:60]
    model = load_model(tiny_model)
    predicted = model.predict([s["token"] for s in samples])
    gold = {(i, *g) for i, s in enumerate(samples) for g in _spans(s["tag"])}
    found = {(i, b, e, label) for i, ents in enumerate(predicted) for _, label, b, e in ents}
    tp = len(gold & found)
    f1 = 2 * tp / (len(gold) + len(found))
    assert f1 > 0.3, f"tiny HanLP model F1 on its own training data {f1:.2f}"


def test_model_folder_errors_name_the_folder(hanlp_home, tmp_path):
    missing = tmp_path / "no_such_model"
    with pytest.raises(FileNotFoundError, match="no_such_model"):
        load_model(missing)
    empty = tmp_path / "empty_model"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match=r"empty_model.*config\.json"):
        load_model(empty)
    with pytest.raises(ValueError, match="model"):
        HanLPNer(spacy.blank("zh"), "hanlp_ner", model=None)


def test_hanlp_never_downloads(hanlp_home):
    from hanlp.utils.io_util import get_resource

    with pytest.raises(compat.DownloadRefused, match="example.invalid"):
        get_resource("https://example.invalid/hanlp/some_model.zip")
    from hanlp.utils import component_util

    with pytest.raises(compat.DownloadRefused):
        component_util.get_latest_info_from_pypi()


def test_hanlp_home_is_set_before_import(hanlp_home, tmp_path):
    assert compat._bound_home() == str(hanlp_home.resolve())
    with pytest.raises(RuntimeError, match="HANLP_HOME"):
        compat.import_hanlp(tmp_path / "another_home")


def test_transformers_adamw_alias(hanlp_home):
    import torch
    import transformers  # noqa: F401  (HanLP's transformer training imports AdamW from it)
    from hanlp.layers.transformers.utils import get_optimizers

    compat.apply_patches()
    optimizer, _ = get_optimizers(torch.nn.Linear(2, 2), num_training_steps=10)
    assert isinstance(optimizer, torch.optim.AdamW)


def test_segments_never_hold_whitespace_or_chrome():
    text = "第一句。第二句，很长" + "字" * 30 + "\n 页脚 \n第三句"
    pieces = segments(text, max_len=12, skip=[(len(text) - 8, len(text) - 4)])
    assert all(b - a <= 12 and not any(c.isspace() for c in text[a:b]) for a, b in pieces)
    assert "页脚" not in [text[a:b] for a, b in pieces] and text[pieces[0][0] : pieces[0][1]] == "第一句。"


def test_record_samples_use_the_view():
    record = {"id": "x", "text": "自治區政協(xié)召開會議", "entities": [{"start": 0, "end": 5, "label": "ORG"}]}
    (sample,), lost = record_samples(record)
    assert "".join(sample["token"]) == "自治区政协召开会议" and lost == 0
    assert sample["tag"][:6] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]


@pytest.fixture(scope="module")
def hanlp_nlp(tiny_model):
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("hanlp_ner", config={"model": str(tiny_model)})
    return nlp


def test_component_feeds_view_characters_and_maps_back(hanlp_nlp, monkeypatch):
    component = hanlp_nlp.get_pipe("hanlp_ner")
    seen = []
    predict = component.model.predict
    monkeypatch.setattr(component.model, "predict", lambda chars, **kw: seen.extend(chars) or predict(chars, **kw))
    doc = hanlp_nlp(TEXT)
    view = get_view(doc).text
    assert seen and all(isinstance(c, list) and all(len(ch) == 1 for ch in c) for c in seen)
    assert all("".join(c) in view for c in seen) and "xié" not in "".join(map("".join, seen))
    spans = doc.spans["hanlp"]
    assert spans and all(s.label_ in ("DATE", "MEETING", "ORG", "QUANTITY") for s in spans)
    assert not doc.ents  # the merger decides
    orgs = {s.text for s in spans if s.label_ == "ORG"}
    assert "自治區政協" in orgs  # the original (Traditional) text, not the view's 自治区政协
    for s in spans:  # offsets run from the first to the last kept character: a trailing gloss is outside
        a, b = s._.offsets
        rest = doc.text[b : s.end_char]
        assert s.start_char == a and (rest == "" or (rest.startswith("(") and rest.endswith(")")))


def test_merger_takes_the_span_group(tiny_model):
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("hanlp_ner", config={"model": str(tiny_model)})
    nlp.add_pipe("entity_merger", config={"rule_keys": ["hanlp"], "ner_policy": "off"})
    doc = nlp(TEXT)
    candidates = {(s.start_char, s.end_char, s.label_) for s in doc.spans["hanlp"]}
    ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    assert ents and ents <= candidates
    assert ("自治區政協", "ORG") in {(e.text, e.label_) for e in doc.ents}


def test_label_map_drops_unmapped_labels(tiny_model):
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("hanlp_ner", config={"model": str(tiny_model), "label_map": {"ORG": "ORG"}})
    doc = nlp(TEXT)
    assert {s.label_ for s in doc.spans["hanlp"]} == {"ORG"}
    with pytest.raises(ValueError, match="contract labels"):
        HanLPNer(nlp, "x", model=str(tiny_model), label_map={"PERSON": "PER"})


def test_pipeline_round_trip(hanlp_nlp, tmp_path):
    hanlp_nlp.to_disk(tmp_path / "p")
    cfg = json.loads((tmp_path / "p" / "hanlp_ner" / "cfg.json").read_text(encoding="utf-8"))
    assert cfg["model"] and not (tmp_path / "p" / "hanlp_ner" / "model.pt").exists()  # referred to, not copied
    again = spacy.load(tmp_path / "p")
    a, b = hanlp_nlp(TEXT), again(TEXT)
    assert [(s.start_char, s.end_char, s.label_) for s in a.spans["hanlp"]] == [
        (s.start_char, s.end_char, s.label_) for s in b.spans["hanlp"]
    ]
