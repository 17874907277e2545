"""The QUANTITY tagger: the contract's examples with normalised values, and what is not a quantity."""

import pytest
import spacy

import pipeline.components.quantity_tagger  # noqa: F401  (registers the factory)

TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}}


@pytest.fixture(scope="module")
def q_nlp():
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("quantity_tagger")
    return nlp


def found(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.norm["value"], s._.norm["unit"], s._.norm["qualifier"]) for s in doc.spans["quantities"]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("全年开展活动680余个。", ("680余个", 680, "个", "more_than")),
        ("举办各类活动1100余场次。", ("1100余场次", 1100, "场次", "more_than")),
        ("撬动资金7500余亿元。", ("7500余亿元", 7.5e11, "元", "more_than")),
        ("上亿人出棚进楼。", ("上亿人", 1e8, "人", "more_than")),
        ("上千名委员参加。", ("上千名", 1000, "名", "more_than")),
        ("培训委员649名。", ("649名", 649, "名", None)),
        ("编发《每周社情》19期。", ("19期", 19, "期", None)),
        ("组织近300人参加。", ("近300人", 300, "人", "approx")),
        ("报送信息58篇（条）。", ("58篇（条）", 58, "篇", None)),
        ("网络点击量超415万次。", ("超415万次", 4_150_000, "次", "more_than")),
        ("涉及民生的占七成。", ("七成", 70, "%", None)),
        ("涉及民生的占七成以上。", ("七成以上", 70, "%", "at_least")),
        ("办复率达99.8%。", ("99.8%", 99.8, "%", None)),
        ("提出建议21项。", ("21项", 21, "项", None)),
        ("收到提案84件。", ("84件", 84, "件", None)),
        ("评选出十件履职大事。", ("十件", 10, "件", None)),
        ("参与委员1000多人次。", ("1000多人次", 1000, "人次", "more_than")),
        ("举办两期委员培训班。", ("两期", 2, "期", None)),
        ("组织举办百场大宣讲活动。", ("百场", 100, "场", None)),
        ("惠及千户家庭。", ("千户", 1000, "户", None)),
        ("参加人数逾500人。", ("逾500人", 500, "人", "more_than")),
        ("走访企业约40家。", ("约40家", 40, "家", "approx")),
        ("开展调研20次左右。", ("20次左右", 20, "次", "approx")),
        ("受益群众超过3万人。", ("超过3万人", 30_000, "人", "more_than")),
        ("完成投资16.1亿元。", ("16.1亿元", 1_610_000_000, "元", None)),
        ("投入资金4433万元。", ("4433万元", 44_330_000, "元", None)),
        ("不足10%的企业受到影响。", ("不足10%", 10, "%", "less_than")),
    ],
)
def test_contract_examples(q_nlp, text, expected):
    assert found(q_nlp, text) == [expected]


def test_range_is_one_span_with_max(q_nlp):
    doc = q_nlp("力争新开工1-2个项目。")
    (span,) = doc.spans["quantities"]
    assert span.text == "1-2个"
    assert span._.norm == {"value": 1, "max": 2, "unit": "个", "qualifier": None}


@pytest.mark.parametrize(
    "text",
    [
        # slogans and formulas (the curated list and the 两个/四个 pattern)
        "深刻领悟“两个确立”的决定性意义，坚决做到两个维护。",
        "增强四个意识、坚定四个自信。",
        "落实五个更大重要要求，围绕两大主题。",
        "把学习贯彻作为第一议题。",
        "建设一刊一网一公众号。",
        "实现“两个全覆盖”。",
        "坚持四项基本原则。",
        "因村施策，一户一策。",
        # ordinals, sessions, years, list numbering
        "第二十届中国—东盟博览会开幕。",
        "首次召开专题协商会。",
        "十三届二次会议在南宁召开。",
        "十三届二次常委会会议审议通过。",
        "十四届全国人大一次会议闭幕。",
        "区党委十届三次、五次、六次全会精神。",
        "2023年是全面贯彻党的二十大精神的开局之年。",
        "1. 加强学习\n2. 深化协商",
        "一、加强思想政治引领\n二、聚焦中心任务",
        # vague quantifiers and reduplication
        "一件件党政要事和民生实事落地。",
        "一项项建议转化为政策，一个个难题得到解决。",
        "创建一批示范点，提出多项建议。",
        "吸引数百家企业参与。",
        # counters that start a word, names, levels, model numbers, rate bases
        "挖掘五臺(tái)山文化遗产。",
        "强化与三门峡联动发展。",
        "拥有十一亿人口的国家。",
        "汽车零部件产业。",
        "统一部署和协调。",
        "保持两位数增长。",
        "助力全球首架C919成功交付。",
        "推动三次产业协调发展。",
        "滇中引水二期工程开工。",
        "太原机场三期建成通航。",
        "打造万亿元级产业集群。",
        "每千人口拥有托位数。",
        "连续34个月保持增长。",
        "做好红十字工作。",
    ],
)
def test_not_quantities(q_nlp, text):
    assert found(q_nlp, text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("先后召开17次主席会议、4次常委会会议、1次全体会议。", ["17次", "4次", "1次"]),
        ("召开常委会会议4次。", ["4次"]),
        ("召开两次主席会议。", ["两次"]),
        ("十三届二次常委会会议召开，全年召开4次常委会会议。", ["4次"]),
        ("完成一项省级课题研究。", ["一项"]),
        ("举办三期培训班。", ["三期"]),
        ("购置五台设备。", ["五台"]),
        ("打造8个万亿元级产业集群。", ["8个"]),
    ],
)
def test_counts_next_to_sessions_and_names(q_nlp, text, expected):
    assert [x[0] for x in found(q_nlp, text)] == expected


def test_token_boundary_inside_a_pkuseg_word(q_nlp):
    doc = q_nlp("会议决定撤销5人省政协委员资格。")
    (span,) = doc.spans["quantities"]
    assert span.text == "5人"
    assert span._.norm["value"] == 5
    assert "".join(t.text for t in span) == "5人"
    assert doc[span.end].text.startswith("省")  # the token was split after 人


def test_traditional_input_keeps_original_offsets(q_nlp):
    text = "自治區政協全年共收到提案84件，涉及民生的佔七成以上。"
    doc = q_nlp(text)
    spans = list(doc.spans["quantities"])
    assert [(s.text, s.start_char, s.end_char) for s in spans] == [("84件", 12, 15), ("七成以上", 22, 26)]
    assert text[12:15] == "84件"
    assert spans[1]._.norm == {"value": 70, "unit": "%", "qualifier": "at_least"}


def test_gloss_inside_original_text(q_nlp):
    text = "舉辦兩期(qī)委員培訓班。"
    doc = q_nlp(text)
    (span,) = doc.spans["quantities"]
    # the export offsets end at the last kept character, before the gloss
    start, end = span._.offsets
    assert text[start:end] == "兩期"
    assert span._.norm["value"] == 2


def test_gloss_inside_a_span_stays_inside(q_nlp):
    text = "舉辦23場(chǎng)次活動。"
    doc = q_nlp(text)
    (span,) = doc.spans["quantities"]
    start, end = span._.offsets
    assert text[start:end] == "23場(chǎng)次"
    assert span._.norm == {"value": 23, "unit": "场次", "qualifier": None}


@pytest.mark.parametrize(
    "text,chrome_free",
    [
        ("全年收到提案84件。\n阅读次数：1200次\n", "阅读1200次"),
        ("发布时间：2023-01-03 点击数:74次\n全年收到提案84件。", "点击74次"),
    ],
)
def test_page_chrome_gets_no_quantity(q_nlp, text, chrome_free):
    assert [x[0] for x in found(q_nlp, text)] == ["84件"]
    # the same number outside chrome is a quantity
    assert len(found(q_nlp, chrome_free)) == 1


def test_to_disk_round_trip_keeps_formulas(q_nlp, tmp_path):
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("quantity_tagger", config={"formulas_path": None})
    tagger = nlp.get_pipe("quantity_tagger")
    tagger.formulas.append("三项机制")
    tagger.cfg["formulas"] = tagger.formulas
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    formulas = loaded.get_pipe("quantity_tagger").formulas
    assert "三项机制" in formulas and "两个确立" in formulas
    # without the added formula 三项 is a count; after the round trip it is blocked
    assert found(q_nlp, "建立三项机制。") == [("三项", 3, "项", None)]
    assert found(loaded, "建立三项机制。") == []
    assert found(loaded, "收到提案84件。") == [("84件", 84, "件", None)]


def test_custom_formulas_file(tmp_path):
    path = tmp_path / "formulas.txt"
    path.write_text("# one a line\n三项机制\n", encoding="utf-8")
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("quantity_tagger", config={"formulas_path": str(path)})
    assert nlp.get_pipe("quantity_tagger").formulas == ["三项机制"]
    assert found(nlp, "建立三项机制。") == []
    # the default list is replaced, not extended
    assert found(nlp, "坚持四项基本原则。") == [("四项", 4, "项", None)]


def test_empty_formulas_file_blocks_nothing(tmp_path):
    path = tmp_path / "formulas.txt"
    path.write_text("# nothing\n", encoding="utf-8")
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.add_pipe("quantity_tagger", config={"formulas_path": str(path)})
    assert found(nlp, "收到提案84件。") == [("84件", 84, "件", None)]
