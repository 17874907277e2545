"""Tests of the org_tagger component (pipeline/components/org_tagger.py) on hand-written sentences."""

import pytest
import spacy

from pipeline.components.org_tagger import (
    DEFAULT_LEXICON,
    DEFAULT_PLACES,
    OrgTagger,
    find_orgs_and_meetings,
    load_lexicon,
)


@pytest.fixture(scope="module")
def org_nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.add_pipe("org_tagger")
    return nlp


def entities(nlp, text):
    doc = nlp(text)
    return [(text[s.start_char : s.end_char], s.label_) for s in doc.spans["orgs"]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("自治区政协召开会议。", "自治区政协"),
        ("全国政协委员在北京履职。", "全国政协"),
        ("十三届自治区政协紧扣中心工作。", "十三届自治区政协"),
        ("新一届自治区政协领导班子成员赴桂林调研。", "新一届自治区政协"),
        ("在中共山西省委坚强领导下。", "中共山西省委"),
        ("在中共贺州市委的领导下。", "中共贺州市委"),
        ("联合湖南永州市政协举办活动。", "湖南永州市政协"),
        ("自治区政协办公厅组织记者采访。", "自治区政协办公厅"),
        ("市政协党组切实肩负起责任。", "市政协党组"),
        ("邀请省纪委监委通报情况。", "省纪委监委"),
        ("政协第十一届佛山市委员会第五次会议开幕。", "政协第十一届佛山市委员会"),
        ("来源：广西日报", "广西日报"),
        ("被全国政协《政协调研》采用。", "政协调研"),
        ("新华社北京电", "新华社"),
        ("支持民主党派、工商联和无党派人士。", "工商联"),
        ("九三学社中央委员会举行会议。", "九三学社中央委员会"),
        ("支持派驻政协机关纪检监察组履行监督责任。", "派驻政协机关纪检监察组"),
        ("完善以党组理论学习中心组学习为引领的制度。", "党组理论学习中心组"),
        ("积极参与沿黄九省区政协的工作。", "沿黄九省区政协"),
        ("服务建设中国—东盟命运共同体。", "东盟"),
        ("组织开展庆祝人民政协成立75周年系列活动。", "人民政协"),
    ],
)
def test_orgs_finds_organisation(org_nlp, text, expected):
    assert (expected, "ORG") in entities(org_nlp, text)


@pytest.mark.parametrize(
    "text,generic",
    [
        ("各级政协要加强自身建设。", "政协"),
        ("基层政协工作扎实推进。", "政协"),
        ("推动市县政协协同履职。", "政协"),
        ("全区政协系统共同努力。", "政协"),
        ("指导县（区）政协开展工作。", "政协"),
        ("政协委员积极建言。", "政协"),
        ("发挥政协智慧和力量。", "政协"),
        ("为党委政府提供参考。", "党委"),
        ("贯彻中央决策部署。", "中央"),
        ("市政协机关和机关干部。", "机关"),
    ],
)
def test_orgs_generic_classes_are_not_org(org_nlp, text, generic):
    found = entities(org_nlp, text)
    assert not any(label == "ORG" and span.startswith(generic) and span == generic for span, label in found)
    assert not any(label == "ORG" and span.endswith("政协") and span != "市政协" for span, label in found)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("该县政协组织委员视察。", "县政协"),
        ("本市政协召开会议。", "市政协"),
    ],
)
def test_orgs_determiners_stay_outside(org_nlp, text, expected):
    found = entities(org_nlp, text)
    assert (expected, "ORG") in found
    assert not any(span.startswith(("该", "本")) for span, _ in found)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("住桂委员在全国政协十四届一次会议上发言。", [("全国政协", "ORG"), ("十四届一次会议", "MEETING")]),
        ("自治区政协十三届二次常委会会议在南宁开幕。", [("自治区政协", "ORG"), ("十三届二次常委会会议", "MEETING")]),
        ("各民主党派在政协常委会会议发言。", [("政协", "ORG"), ("常委会会议", "MEETING")]),
        ("完善以政协全体会议为龙头的格局。", [("政协", "ORG"), ("全体会议", "MEETING")]),
        ("全面贯彻中共二十大精神。", [("中共", "ORG"), ("二十大", "MEETING")]),
        ("深入学习贯彻党的二十大精神。", [("二十大", "MEETING")]),
        ("举办两期省政协委员培训班。", [("省政协", "ORG"), ("委员培训班", "MEETING")]),
        ("邀请海外侨胞列席政协会议。", [("政协会议", "MEETING")]),
    ],
)
def test_orgs_organiser_is_split_from_meeting(org_nlp, text, expected):
    assert entities(org_nlp, text) == expected


@pytest.mark.parametrize(
    "text,meeting",
    [
        ("召开全省政协党的建设工作座谈会。", "全省政协党的建设工作座谈会"),
        ("召开打造龙头景区专题协商会，就提升文旅产业建言。", "打造龙头景区专题协商会"),
        ("“引企入桂 委员行动”工作交流会在贺州召开。", "工作交流会"),
        ("在“高水平共建西部陆海新通道”双周协商座谈会上作发言。", "双周协商座谈会"),
        ("贯彻中共二十大和二十届二中全会精神。", "二十届二中全会"),
        ("服务参与第二十届中国—东盟博览会和中国—东盟商务与投资峰会。", "中国—东盟商务与投资峰会"),
        ("服务参与第二十届中国—东盟博览会和中国—东盟商务与投资峰会。", "第二十届中国—东盟博览会"),
        ("办好太原能源低碳发展论坛等。", "太原能源低碳发展论坛"),
        ("召开第一次理论研讨会。", "理论研讨会"),
        ("重要协商会议优先安排党派发言。", "协商会议"),
        ("成功举办第7届中国—南亚博览会。", "第7届中国—南亚博览会"),
        ("按照中央经济工作会议部署。", "中央经济工作会议"),
        ("办好世界VR产业大会、庐山全球商界领袖大会。", "世界VR产业大会"),
        ("举办5G产业发展论坛。", "5G产业发展论坛"),
        ("办好第20届东博会、峰会及系列活动。", "第20届东博会"),
    ],
)
def test_orgs_meeting_scope(org_nlp, text, meeting):
    assert (meeting, "MEETING") in entities(org_nlp, text)


@pytest.mark.parametrize(
    "text,count",
    [
        ("先后召开17次主席会议、4次常委会会议。", "17次"),
        ("召开1次全体会议。", "1次"),
        ("举办两届中国新电商大会。", "两届"),
    ],
)
def test_orgs_count_is_not_part_of_meeting(org_nlp, text, count):
    found = entities(org_nlp, text)
    assert any(label == "MEETING" for _, label in found)
    assert not any(count in span for span, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "会议强调，要抓好落实。",
        "本次会议审议通过了决议。",
        "出席相关会议并发言。",
        "开展主题教育和委员行动。",
        "开展学习研讨和调研。",
    ],
)
def test_orgs_not_meetings(org_nlp, text):
    assert not any(label == "MEETING" for _, label in entities(org_nlp, text))


def test_orgs_traditional_input_maps_to_original(org_nlp):
    text = "省政協(xié)十三屆二次會議在太原召開。"
    doc = org_nlp(text)
    found = [(text[s._.offsets[0] : s._.offsets[1]], s.label_) for s in doc.spans["orgs"]]
    assert found == [("省政協", "ORG"), ("十三屆二次會議", "MEETING")]


def test_orgs_chrome_gets_no_entities(org_nlp):
    text = "首页 > 自治区政协 > 新闻\n\n自治区政协召开主席会议。\n"
    doc = org_nlp(text)
    chrome = [(s.start_char, s.end_char) for s in doc.spans["chrome"]]
    assert chrome, "the breadcrumb should be chrome"
    spans = list(doc.spans["orgs"])
    assert spans
    assert all(all(s.end_char <= a or s.start_char >= b for a, b in chrome) for s in spans)


def test_orgs_serialisation_round_trip(org_nlp, tmp_path):
    tagger = org_nlp.get_pipe("org_tagger")
    tagger.cfg["max_meeting_chars"] = 12
    try:
        tagger.to_disk(tmp_path / "org_tagger")
        restored = OrgTagger(org_nlp, "org_tagger").from_disk(tmp_path / "org_tagger")
        assert restored.cfg["max_meeting_chars"] == 12
        again = OrgTagger(org_nlp, "org_tagger").from_bytes(tagger.to_bytes())
        assert again.cfg == tagger.cfg
        text = "自治区政协召开专题协商会。"
        assert restored.find(text) == again.find(text)
    finally:
        tagger.cfg["max_meeting_chars"] = 24


def test_orgs_factory_from_entry_point():
    nlp = spacy.blank("zh")
    assert isinstance(nlp.add_pipe("org_tagger"), OrgTagger)


def test_orgs_places_come_from_data_file():
    lex = load_lexicon(str(DEFAULT_LEXICON), str(DEFAULT_PLACES))
    assert {"贺州", "贺州市", "广西", "广西壮族自治区", "内蒙古"} <= lex.places
    assert "会同" not in lex.places  # common word, listed in [not_place]
    header = "\n".join(DEFAULT_PLACES.read_text(encoding="utf-8").splitlines()[:10])
    assert "cpca" in header and "MIT" in header


def test_orgs_find_without_doc_uses_characters():
    lex = load_lexicon(str(DEFAULT_LEXICON), str(DEFAULT_PLACES))
    found = find_orgs_and_meetings("自治区党委宣传部举办培训班。", lex)
    assert [(m.label, m.start, m.end) for m in found] == [("ORG", 0, 8), ("MEETING", 10, 13)]
