"""Training data, the GoldCorpus reader, the NER config and the committed models/ner."""

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import load_config, registry

from pipeline.training.crossval import group_of
from pipeline.training.data import (
    LABELS,
    build_docbin,
    create_gold_corpus,
    make_example,
    missing_ranges,
    read_jsonl,
    records_to_docs,
    split_record,
)
from pipeline.training.external import cluener_records, external_records, msra_records, pd1998_records
from pipeline.training.run import train_ner

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold" / "seeds.jsonl"
NER_CONFIG = ROOT / "configs" / "ner.cfg"
NER_MODEL = ROOT / "models" / "ner"


def _ent(text, sub, label, start=0):
    i = text.index(sub, start)
    return {"start": i, "end": i + len(sub), "label": label, "text": sub}


@pytest.mark.parametrize("max_chars", [1, 10, 400])
def test_training_split_record_keeps_every_entity(max_chars):
    text = "自治区政协召开会议。\n2023年，省政协\n提交84件提案。\n\n全国政协十四届一次会议"
    ents = [
        _ent(text, "自治区政协", "ORG"),
        _ent(text, "2023年", "DATE"),
        _ent(text, "省政协", "ORG"),
        _ent(text, "84件", "QUANTITY"),
        _ent(text, "全国政协", "ORG"),
        _ent(text, "十四届一次会议", "MEETING"),
    ]
    pieces = list(split_record({"id": "x", "text": text, "entities": ents}, max_chars=max_chars))
    assert len(pieces) > 1 or max_chars == 400
    got = [(p["text"][e["start"] : e["end"]], e["label"]) for p in pieces for e in p["entities"]]
    assert got == [(e["text"], e["label"]) for e in ents]


def test_training_split_record_never_cuts_an_entity():
    text = "甲\n乙丙\n丁"
    ent = {"start": 2, "end": 6, "label": "ORG", "text": text[2:6]}  # runs over a line break
    pieces = list(split_record({"id": "x", "text": text, "entities": [ent]}, max_chars=1))
    assert sum(len(p["entities"]) for p in pieces) == 1


@pytest.mark.slow
def test_training_docbin_keeps_every_gold_span(nlp, tmp_path):
    records = read_jsonl(GOLD)
    n_gold = sum(len(r["entities"]) for r in records)
    report = build_docbin(nlp, records, tmp_path / "gold.spacy")
    assert report.failed == []
    assert report.entities == report.kept == n_gold
    assert report.split_tokens > 0  # 5人省政协 and friends needed a split
    docs = list(DocBin().from_disk(tmp_path / "gold.spacy").get_docs(nlp.vocab))
    assert sum(len(d.ents) for d in docs) == n_gold
    found = {(e.text, e.label_) for d in docs for e in d.ents}
    assert {("5人", "QUANTITY"), ("委員經濟沙龍", "MEETING")} <= found


@pytest.mark.slow
@pytest.mark.parametrize(
    "text,entities",
    [
        ("撤銷5人省政協委員資格。", [("5人", "QUANTITY"), ("省政協", "ORG")]),
        ("全力保障市政協年度重點工作。", [("市政協", "ORG")]),
    ],
)
@pytest.mark.parametrize("retokenize", [True, False])
def test_training_reader_splits_tokens(nlp, tmp_path, text, entities, retokenize):
    ents = [_ent(text, sub, label) for sub, label in entities]
    unsplit = nlp.make_doc(text)
    assert any(unsplit.char_span(e["start"], e["end"]) is None for e in ents)  # pkuseg runs past one
    path = tmp_path / "one.spacy"
    DocBin(docs=list(records_to_docs(nlp, [{"id": "t", "text": text, "entities": ents}]))).to_disk(path)
    examples = list(create_gold_corpus(path, retokenize=retokenize)(nlp))
    # both ways the predicted side has the view's norms (Simplified), not the raw text
    assert [t.norm_ for t in examples[0].predicted] == [t.norm_ for t in examples[0].reference]
    assert any(t.norm_ != t.text for t in examples[0].predicted)
    assert len(examples) == 1
    eg = examples[0]
    assert [(e.text, e.label_) for e in eg.reference.ents] == entities
    for e in ents:
        assert eg.predicted.char_span(e["start"], e["end"]) is not None
    assert None not in eg.get_aligned_ner() and "-" not in eg.get_aligned_ner()


def test_training_example_clears_sentence_start_inside_entity(nlp):
    words = ["沿", "黄", "九省", "。", "区", "政协", "联合"]
    ref = Doc(nlp.vocab, words=words, spaces=[False] * len(words), ents=["B-ORG"] + ["I-ORG"] * 5 + ["O"])
    assert any(t.is_sent_start for t in nlp.make_doc(ref.text)[1:])  # the tokenizer starts one after 。
    eg, lost = make_example(nlp, ref)
    assert lost == 0
    span = eg.predicted.char_span(0, 8)
    assert span is not None and not any(t.is_sent_start for t in span[1:])


def test_training_ner_config_validates():
    config = load_config(NER_CONFIG)
    assert config["nlp"]["tokenizer"]["@tokenizers"] == "pipeline.ViewTokenizer.v1"
    assert config["nlp"]["pipeline"] == ["tok2vec", "ner"]
    assert "NORM" in config["components"]["tok2vec"]["model"]["embed"]["attrs"]
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    from spacy.schemas import ConfigSchemaTraining

    training = registry.resolve(nlp.config.interpolate()["training"], schema=ConfigSchemaTraining)
    assert training["max_steps"] > 0
    corpora = registry.resolve(nlp.config.interpolate()["corpora"])
    assert set(corpora) == {"train", "dev"}


@pytest.mark.slow
def test_training_models_ner_loads_and_refers_to_pkuseg():
    nlp = spacy.load(NER_MODEL)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(LABELS)
    cfg = json.loads((NER_MODEL / "tokenizer" / "cfg.json").read_text(encoding="utf-8"))
    assert cfg["pkuseg_model"] == "models/pkuseg/default"
    files = [p for p in NER_MODEL.rglob("*") if p.is_file()]
    assert not any(p.name.startswith("features") for p in files)  # no copy of the pkuseg model
    assert all(p.stat().st_size < 10_000_000 for p in files)
    assert sum(p.stat().st_size for p in files) < 15_000_000
    doc = nlp("2023年，自治區政協召開十三屆二次常委會會議。")
    assert doc.text == "2023年，自治區政協召開十三屆二次常委會會議。"
    assert all(e.label_ in LABELS for e in doc.ents)


@pytest.mark.slow
def test_training_tiny_train_run(nlp, tmp_path):
    record = read_jsonl(GOLD)[1]
    pieces = list(split_record(record))[:3]
    info = train_ner(
        NER_CONFIG,
        tmp_path,
        pieces,
        overrides={
            "training.max_steps": 4,
            "training.eval_frequency": 2,
            "components.tok2vec.model.embed.include_static_vectors": False,
        },
        vectors=None,
        tok_nlp=nlp,
    )
    assert info["conversion"]["failed"] == []
    model = tmp_path / "model-best"
    assert (model / "ner" / "model").exists()
    assert not list(model.rglob("features*"))
    trained = spacy.load(model)
    assert trained.pipe_names == ["tok2vec", "ner"]
    assert trained(pieces[0]["text"]).text == pieces[0]["text"]


def test_training_pd1998_records_map_orgs_onto_the_contract(tmp_path):
    lines = []
    for word, label in [("中共十五大", "ORG"), ("在", None), ("北京", "LOC"), ("召开", None), ("，", None), ("新华社", "ORG"), ("报道", None), ("1997年", None)]:
        for i, ch in enumerate(word):
            lines.append(f"{ch} {'O' if label is None else ('B-' if i == 0 else 'I-') + label}")
    lines += ["", "他 O", "来 O", ""]
    path = tmp_path / "pd.bio"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(pd1998_records(path))
    assert len(records) == 2
    assert records[1]["entities"] == []
    r = records[0]
    assert [(e["text"], e["label"]) for e in r["entities"]] == [("中共", "ORG"), ("十五大", "MEETING"), ("新华社", "ORG")]
    assert "1997" in [r["text"][a:b] for a, b in r["missing"]]


def test_training_missing_ranges_only_for_unannotated_labels():
    text = "召开座谈会3次"
    assert missing_ranges(text, []) == []
    got = [text[a:b] for a, b in missing_ranges(text, ["MEETING", "QUANTITY"])]
    assert got == ["座谈会", "3"]


def test_training_committed_model_names_no_machine_paths():
    # make train writes the training data paths relative to the project
    text = (ROOT / "models" / "ner" / "config.cfg").read_text(encoding="utf-8")
    assert str(ROOT) not in text
    assert '"/' not in text.split("[system]")[0]


def test_training_msra_records_read_parallel_files(tmp_path):
    chars = list("新华社记者在北京报道全国政协会议")
    tags = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-LOC", "I-LOC", "O", "O"] + ["B-ORG"] + ["I-ORG"] * 5
    (tmp_path / "x_sentences.txt").write_text(" ".join(chars) + "\n", encoding="utf-8")
    (tmp_path / "x_tags.txt").write_text(" ".join(tags) + "\n", encoding="utf-8")
    (r,) = msra_records(tmp_path / "x_sentences.txt")
    assert r["text"] == "".join(chars)
    assert [(e["text"], e["label"]) for e in r["entities"]] == [("新华社", "ORG")]
    # the meeting-like ORG (MSRA style) is left missing, not taught as O or ORG
    assert [r["text"][a:b] for a, b in r["missing"] if b - a > 2] == ["全国政协会议"]


def test_training_cluener_records_map_org_kinds(tmp_path):
    item = {
        "text": "浙商银行与省发改委的李明在杭州见面",
        "label": {"company": {"浙商银行": [[0, 3]]}, "government": {"省发改委": [[5, 8]]}, "name": {"李明": [[10, 11]]},
                  "address": {"杭州": [[13, 14]]}},
    }  # fmt: skip
    path = tmp_path / "c.json"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    (r,) = cluener_records(path)
    assert [(e["text"], e["label"]) for e in r["entities"]] == [("浙商银行", "ORG"), ("省发改委", "ORG")]


def test_training_external_sample_is_seeded_and_mixed():
    a = external_records(ROOT / "corpus" / "external", ["msra_ner"], per_source=50, seed=0)["msra_ner"]
    b = external_records(ROOT / "corpus" / "external", ["msra_ner"], per_source=50, seed=0)["msra_ner"]
    assert [r["id"] for r in a] == [r["id"] for r in b]
    assert len(a) == 50
    assert sum(1 for r in a if r["entities"]) == 40
    with pytest.raises(ValueError):
        external_records(ROOT / "corpus" / "external", ["nope"], per_source=1)


def test_training_groups_by_id_prefix():
    assert [group_of({"id": x}) for x in ("T3", "L1", "N7", "000_abc")] == ["T", "L", "N", "S"]
