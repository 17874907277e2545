"""The entity merger's precedence policy."""

import pytest
import spacy

from pipeline.components.entity_merger import NER_KEY, SOURCE_KEY


@pytest.fixture
def make(nlp):
    def _make(policy="fill", ner_filter="shape", ner_keys=()):
        merger = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
        merger.tokenizer = nlp.tokenizer
        config = {"ner_policy": policy, "ner_filter": ner_filter, "ner_keys": list(ner_keys)}
        merger.add_pipe("entity_merger", config=config)
        return merger

    return _make


def _doc(nlp, text, rules, ner):
    doc = nlp(text)
    for key, items in rules.items():
        doc.spans[key] = [doc.char_span(text.index(t), text.index(t) + len(t), label=lab, alignment_mode="expand") for t, lab in items]
    doc.ents = [doc.char_span(text.index(t), text.index(t) + len(t), label=lab, alignment_mode="expand") for t, lab in ner]
    return doc


def test_merge_rules_win_and_ner_fills(nlp, make):
    merger = make("fill")
    text = "市政协召开主席会议，人民日报报道。"
    doc = _doc(nlp, text, {"orgs": [("市政协", "ORG")]}, [("市政协召开", "ORG"), ("人民日报", "ORG")])
    doc = merger.get_pipe("entity_merger")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("市政协", "ORG"), ("人民日报", "ORG")]
    assert [s.label_ for s in doc.spans[SOURCE_KEY]] == ["orgs", "ner"]
    assert len(doc.spans[NER_KEY]) == 2


@pytest.mark.parametrize("ner_keys,expected", [((), ["自治区政协"]), (("hanlp",), ["自治区政协办公厅"])])
def test_merge_ner_keys_offer_span_groups_as_ner_candidates(nlp, make, ner_keys, expected):
    """A span group named in ner_keys is a candidate like the NER's own entities, never a rule span."""
    merger = make("widen", "plain", ner_keys)
    text = "自治区政协办公厅召开会议"
    doc = _doc(nlp, text, {"orgs": [("自治区政协", "ORG")]}, [])
    doc.spans["hanlp"] = [doc.char_span(0, len("自治区政协办公厅"), label="ORG", alignment_mode="expand")]
    doc = merger.get_pipe("entity_merger")(doc)
    assert [e.text for e in doc.ents] == expected
    if ner_keys:
        assert [s.label_ for s in doc.spans[SOURCE_KEY]] == ["hanlp"]
        restored = merger.get_pipe("entity_merger").from_bytes(merger.get_pipe("entity_merger").to_bytes())
        assert restored.ner_keys == ["hanlp"]


def test_merge_longest_rule_wins(nlp, make):
    merger = make("off")
    text = "自治区政协办公厅召开会议"
    doc = _doc(nlp, text, {"dates": [], "orgs": [("自治区政协", "ORG"), ("自治区政协办公厅", "ORG")]}, [])
    doc = merger.get_pipe("entity_merger")(doc)
    assert [e.text for e in doc.ents] == ["自治区政协办公厅"]


def test_merge_prefer_ner(nlp, make):
    merger = make("prefer")
    text = "自治区政协办公厅召开会议"
    doc = _doc(nlp, text, {"orgs": [("自治区政协", "ORG")]}, [("自治区政协办公厅", "ORG")])
    doc = merger.get_pipe("entity_merger")(doc)
    assert [e.text for e in doc.ents] == ["自治区政协办公厅"]


def test_merge_drops_chrome(nlp, make):
    merger = make("fill")
    text = "首页 > 市政协 > 正文\n市政协召开会议。"
    doc = nlp(text)
    second = text.rindex("市政协")
    doc.spans["orgs"] = [
        doc.char_span(text.index("市政协"), text.index("市政协") + 3, label="ORG", alignment_mode="expand"),
        doc.char_span(second, second + 3, label="ORG", alignment_mode="expand"),
    ]
    doc = merger.get_pipe("entity_merger")(doc)
    assert [e.start_char for e in doc.ents] == [second]


def test_merge_bad_policy(nlp):
    merger = spacy.blank("zh")
    with pytest.raises(ValueError):
        merger.add_pipe("entity_merger", config={"ner_policy": "sometimes"})


def test_merge_serialises(tmp_path, make):
    merger = make("prefer")
    merger.get_pipe("entity_merger").to_disk(tmp_path / "m")
    other = make("fill").get_pipe("entity_merger").from_disk(tmp_path / "m")
    assert other.ner_policy == "prefer"


@pytest.mark.parametrize(
    "span,label,kept",
    [
        ("河池市政协", "ORG", True),
        ("民革河池市委员会", "ORG", True),
        ("山西省晋文化保护传承创新促进会", "ORG", True),
        ("促进会", "ORG", False),
        ("新华社", "ORG", True),
        ("十三届全国政协", "ORG", True),
        ("政协机关", "ORG", True),
        ("河池市政协办公室", "ORG", True),
        ("打造政协", "ORG", False),  # a verb, not a place, qualifies the body
        ("人民政协", "ORG", False),
        ("自治区的", "ORG", False),  # no body at the end
        ("自治区", "ORG", False),  # a level alone
        ("通过政协", "ORG", False),  # starts with a verb
        ("全区政协", "ORG", False),  # a generic scope
        ("政协", "ORG", False),  # a bare body
        ("会议政协", "ORG", False),  # a meeting word in the qualifier
        ("专题协商会", "MEETING", True),
        ("协商会", "MEETING", False),  # a bare head
        ("召开座谈会", "MEETING", False),
    ],
)
def test_merge_shape_filter(nlp, span, label, kept):
    text = f"今天{span}。"
    for ner_filter in ("shape", "none"):
        merger = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
        merger.tokenizer = nlp.tokenizer
        merger.add_pipe("entity_merger", config={"ner_filter": ner_filter})
        doc = _doc(nlp, text, {}, [(span, label)])
        doc = merger.get_pipe("entity_merger")(doc)
        expect = kept or ner_filter == "none"
        assert (len(doc.ents) == 1) == expect, (span, ner_filter, [e.text for e in doc.ents])


def test_merge_shape_filter_uses_the_org_taggers_lexicon(nlp, tmp_path):
    from pipeline.components.org_tagger import DEFAULT_LEXICON, pipeline_lexicon

    custom = tmp_path / "org_lexicon.txt"
    custom.write_text(DEFAULT_LEXICON.read_text(encoding="utf-8") + "\n[body]\n观察站\n", encoding="utf-8")
    pipe = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    pipe.tokenizer = nlp.tokenizer
    pipe.add_pipe("org_tagger", config={"lexicon_path": str(custom)})
    merger = pipe.add_pipe("entity_merger")
    assert "观察站" in merger.lexicon.bodies
    assert "观察站" not in pipeline_lexicon(None).bodies
    doc = _doc(nlp, "今天河池市观察站。", {}, [("河池市观察站", "ORG")])
    assert [e.text for e in merger(doc).ents] == ["河池市观察站"]


def test_merge_extend_widens_a_rule_span_the_ner_contains(nlp, make):
    merger = make("extend", "none")
    text = "国务院新闻办公室举行发布会，市政协召开会议。"
    rules = {"orgs": [("国务院", "ORG"), ("市政协", "ORG")]}
    doc = _doc(nlp, text, rules, [("国务院新闻办公室", "ORG"), ("市政协召开", "MEETING")])
    doc = merger.get_pipe("entity_merger")(doc)
    # the ORG that contains the rules' ORG replaces it; the MEETING that
    # overlaps an ORG of another label does not
    assert [(e.text, e.label_) for e in doc.ents] == [("国务院新闻办公室", "ORG"), ("市政协", "ORG")]
    assert [s.label_ for s in doc.spans[SOURCE_KEY]] == ["ner", "orgs"]


def test_merge_extend_keeps_rules_the_ner_only_overlaps(nlp, make):
    merger = make("extend", "none")
    text = "自治区政协办公厅召开会议"
    doc = _doc(nlp, text, {"orgs": [("自治区政协办公厅", "ORG")]}, [("政协办公厅召开", "ORG")])
    doc = merger.get_pipe("entity_merger")(doc)
    assert [e.text for e in doc.ents] == ["自治区政协办公厅"]


def test_merge_fill_adds_a_name_the_lexicon_does_not_know(nlp):
    # the point of the "plain" filter: an unseen kind of organisation passes
    merger = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    merger.tokenizer = nlp.tokenizer
    pipe = merger.add_pipe("entity_merger", config={"ner_filter": "plain"})
    doc = _doc(nlp, "今天青禾动漫工作组发布消息。", {}, [("青禾动漫工作组", "ORG")])
    assert [e.text for e in pipe(doc).ents] == ["青禾动漫工作组"]
    pipe.ner_filter = "shape"
    doc = _doc(nlp, "今天青禾动漫工作组发布消息。", {}, [("青禾动漫工作组", "ORG")])
    assert list(pipe(doc).ents) == []


@pytest.mark.parametrize(
    "span,label,kept",
    [
        ("青禾动漫工作组", "ORG", True),
        ("河池市政协", "ORG", True),
        ("会议", "ORG", False),  # a meeting head is not an organisation
        ("专题协商会", "ORG", False),
        ("十", "ORG", False),  # one Han character
        ("2023", "ORG", False),
        ("市政协，县委", "ORG", False),  # clause punctuation inside
        ("通过政协", "ORG", False),  # starts with a verb
        ("全区政协", "ORG", False),  # a generic scope
        ("专题协商会", "MEETING", True),
        ("协商会", "MEETING", False),  # a bare head
        ("市政协委员", "MEETING", False),  # no meeting head
    ],
)
def test_merge_plain_filter(nlp, span, label, kept):
    merger = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    merger.tokenizer = nlp.tokenizer
    pipe = merger.add_pipe("entity_merger", config={"ner_filter": "plain"})
    doc = _doc(nlp, f"今天{span}。", {}, [(span, label)])
    assert (len(pipe(doc).ents) == 1) == kept, (span, [e.text for e in doc.ents])
