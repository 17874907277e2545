"""Event linker rules on hand-built Docs (entities set by hand, no entity taggers)."""

import pytest

from pipeline.components.event_linker import DEFAULT_LEXICON, EventLinker, read_lexicon
from pipeline.spans import spans_from_offsets


def make_doc(nlp, text, ents):
    """A Doc with ``ents`` given as (substring, label) or (substring, label, occurrence)."""
    doc = nlp.make_doc(text)
    items = []
    for item in ents:
        sub, label = item[0], item[1]
        nth = item[2] if len(item) > 2 else 0
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        items.append((start, start + len(sub), label))
    spans, failed = spans_from_offsets(doc, items)
    assert not failed
    doc.ents = spans
    return doc


@pytest.fixture(scope="module")
def linker(nlp):
    return EventLinker(nlp, "event_linker")


def run(nlp, linker, text, ents=()):
    doc = linker(make_doc(nlp, text, ents))
    return doc, doc._.events


def args_of(event, role):
    return [a["text"] for a in event["arguments"] if a["role"] == role]


@pytest.mark.parametrize(
    "text,ents,etype,trigger",
    [
        ("市政协开展专题协商60余次。", [("市政协", "ORG"), ("60余次", "QUANTITY")], "CONSULTATION", "专题协商"),
        ("市政协共收到提案84件。", [("市政协", "ORG"), ("84件", "QUANTITY")], "PROPOSAL", "提案"),
        ("自治区政协召开主席会议。", [("自治区政协", "ORG"), ("主席会议", "MEETING")], "CONVENE", "召开"),
        ("市政协领导深入基层调研。", [("市政协", "ORG")], "RESEARCH", "调研"),
        ("省政协跟进开展民主监督。", [("省政协", "ORG")], "SUPERVISION", "民主监督"),
        ("市政協開展專題協商。", [("市政協", "ORG")], "CONSULTATION", "專題協商"),
    ],
)
def test_events_trigger_types(nlp, linker, text, ents, etype, trigger):
    _, events = run(nlp, linker, text, ents)
    assert [(e["type"], e["trigger"]["text"]) for e in events] == [(etype, trigger)]


@pytest.mark.parametrize(
    "text",
    [
        "人民政协是专门协商机构。",
        "发展社会主义协商民主。",
        "形成了广覆盖的协商议政格局。",
        "加强提案工作。",
        "提案办复率达到99%。",
        "全面履行政治协商、民主监督、参政议政职能。",
        "制定《协商工作规则》和《关于加强调研的意见》。",
        "坚持不调研就不协商。",
        "深入学习习近平总书记视察广西重要讲话精神。",
        "推动“协商为民”品牌创建。",
        "市政协举办“委员进社区”活动。",
    ],
)
def test_events_not_events(nlp, linker, text):
    _, events = run(nlp, linker, text)
    assert events == []


def test_events_convene_needs_meeting(nlp, linker):
    _, events = run(nlp, linker, "市政协举办协商活动。", [("市政协", "ORG")])
    assert [e["type"] for e in events] == ["CONSULTATION"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("组织委员考察调研。", [("RESEARCH", "考察调研")]),
        ("联合开展调研协商。", [("RESEARCH", "调研"), ("CONSULTATION", "协商")]),
        ("开展视察监督。", [("SUPERVISION", "监督")]),
        ("开展监督性调研视察。", [("RESEARCH", "调研视察")]),
        ("开展调研、视察。", [("RESEARCH", "调研"), ("RESEARCH", "视察")]),
    ],
)
def test_events_compounds(nlp, linker, text, expected):
    _, events = run(nlp, linker, text)
    assert [(e["type"], e["trigger"]["text"]) for e in events] == expected


def test_events_clause_chain_subject(nlp, linker):
    text = "市政协聚焦中心工作，开展专题协商20次，组织视察调研15次。"
    _, events = run(nlp, linker, text, [("市政协", "ORG"), ("20次", "QUANTITY"), ("15次", "QUANTITY")])
    assert [args_of(e, "AGENT") for e in events] == [["市政协"], ["市政协"]]
    assert [args_of(e, "COUNT") for e in events] == [["20次"], ["15次"]]


def test_events_subject_carried_from_previous_sentence(nlp, linker):
    text = "市政协高度重视履职。开展专题视察5次。"
    _, events = run(nlp, linker, text, [("市政协", "ORG"), ("5次", "QUANTITY")])
    (event,) = events
    assert args_of(event, "AGENT") == ["市政协"]
    agent = next(a for a in event["arguments"] if a["role"] == "AGENT")
    assert agent["source"] == "rule:agent:carried"


def test_events_subject_not_carried_over_paragraphs(nlp, linker):
    text = "市政协高度重视履职。\n开展专题视察5次。"
    _, events = run(nlp, linker, text, [("市政协", "ORG"), ("5次", "QUANTITY")])
    assert args_of(events[0], "AGENT") == []


@pytest.mark.parametrize(
    "text,topic",
    [
        ("市政协围绕“乡村振兴”开展专题调研。", "乡村振兴"),
        ("市政协就《水污染防治条例》开展立法协商。", "水污染防治条例"),
        ("就推动制造业发展、加快数字化等议题开展专题协商。", "推动制造业发展、加快数字化"),
    ],
)
def test_events_topic(nlp, linker, text, topic):
    doc, events = run(nlp, linker, text, [("市政协", "ORG")] if "市政协" in text else [])
    (event,) = events
    (arg,) = [a for a in event["arguments"] if a["role"] == "TOPIC"]
    assert arg["text"] == topic
    assert doc.text[arg["start"] : arg["end"]] == topic
    assert arg["label"] is None


def test_events_shared_count_over_coordinated_triggers(nlp, linker):
    text = "组织视察、考察、调研活动413项。"
    _, events = run(nlp, linker, text, [("413项", "QUANTITY")])
    assert [e["trigger"]["text"] for e in events] == ["视察", "考察", "调研"]
    assert all(args_of(e, "COUNT") == ["413项"] for e in events)


def test_events_person_times_never_count(nlp, linker):
    _, events = run(nlp, linker, "组织委员视察1000多人次。", [("1000多人次", "QUANTITY")])
    assert args_of(events[0], "COUNT") == []


def test_events_convene_arguments(nlp, linker):
    text = "2023年6月20日，自治区政协十三届二次常委会会议在南宁开幕。"
    ents = [("2023年6月20日", "DATE"), ("自治区政协", "ORG"), ("十三届二次常委会会议", "MEETING")]
    _, events = run(nlp, linker, text, ents)
    (event,) = events
    assert event["type"] == "CONVENE"
    assert args_of(event, "MEETING") == ["十三届二次常委会会议"]
    assert args_of(event, "TIME") == ["2023年6月20日"]
    assert args_of(event, "AGENT") == ["自治区政协"]
    assert args_of(event, "PLACE") == ["南宁"]


def test_events_entity_arguments_use_entity_offsets_and_norm(nlp, linker):
    from pipeline._extensions import set_span_norm

    text = "五年来，召开专题协商会11次。"
    doc = make_doc(nlp, text, [("五年来", "DATE"), ("专题协商会", "MEETING"), ("11次", "QUANTITY")])
    set_span_norm(doc, text.index("11次"), text.index("11次") + 3, {"value": 11, "unit": "次", "qualifier": None})
    (event,) = linker(doc)._.events
    (count,) = [a for a in event["arguments"] if a["role"] == "COUNT"]
    assert (count["start"], count["end"], count["label"]) == (text.index("11次"), text.index("11次") + 3, "QUANTITY")
    assert count["norm"] == {"value": 11, "unit": "次", "qualifier": None}


def test_events_trigger_offsets_exclude_glosses(nlp, linker):
    text = "市政協召開(kāi)主席會議。"
    _, events = run(nlp, linker, text, [("市政協", "ORG"), ("主席會議", "MEETING")])
    trig = events[0]["trigger"]
    assert trig["text"] == "召開"
    assert text[trig["start"] : trig["end"]] == "召開"


def test_events_source_and_confidence_present(nlp, linker):
    _, events = run(nlp, linker, "市政协开展专题协商60余次。", [("市政协", "ORG"), ("60余次", "QUANTITY")])
    for event in events:
        assert event["source"].startswith("rule:") and 0 < event["confidence"] <= 1
        assert event["sentence"]["start"] <= event["trigger"]["start"] < event["sentence"]["end"]
        for arg in event["arguments"]:
            assert arg["source"].startswith("rule:") and 0 < arg["confidence"] <= 1


def test_events_serialisation_round_trip(nlp, linker, tmp_path):
    other = EventLinker(nlp, "event_linker", carry_agent=False)
    other.from_bytes(linker.to_bytes())
    assert other.cfg == linker.cfg and other.lexicon == linker.lexicon
    linker.to_disk(tmp_path / "linker")
    third = EventLinker(nlp, "event_linker", carry_agent=False).from_disk(tmp_path / "linker")
    assert third.cfg["carry_agent"] is True


def test_events_factory_in_pipeline(nlp):
    import spacy

    pipe = spacy.blank(
        "zh", vocab=nlp.vocab, config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}}
    )
    pipe.add_pipe("event_linker", config={"carry_agent": False})
    assert pipe.get_pipe_meta("event_linker").assigns == ["doc._.events"]
    assert pipe("无事。")._.events == []


def test_events_lexicon_sections():
    lexicon = read_lexicon(DEFAULT_LEXICON)
    assert lexicon["triggers"]["协商"] == "CONSULTATION"
    assert lexicon["triggers"]["召开"] == "CONVENE"
    assert "协商民主" in lexicon["not_event"]


def test_events_subject_after_a_leading_adverbial_clause(nlp, linker):
    text = "在年度协商和重点课题调研等履职活动中，市政协始终把民生放在首位，就养老服务问题进行调研。"
    _, events = run(nlp, linker, text, [("市政协", "ORG")])
    assert len(events) == 3
    # the events inside the adverbial clause belong to the subject after it too
    assert all(args_of(e, "AGENT") == ["市政协"] for e in events)


def test_events_subject_after_a_discourse_word(nlp, linker):
    _, events = run(nlp, linker, "这是市政协首次召开专题议政会。", [("市政协", "ORG"), ("专题议政会", "MEETING")])
    (event,) = events
    assert args_of(event, "AGENT") == ["市政协"]


def test_events_a_verb_before_the_org_is_no_subject(nlp, linker):
    text = "紧扣市委部署，开展专题调研3次。"
    _, events = run(nlp, linker, text, [("市委", "ORG"), ("3次", "QUANTITY")])
    (event,) = events
    assert args_of(event, "AGENT") == []


def test_events_members_of_an_org_are_not_the_org(nlp, linker):
    text = "组织住晋全国政协委员开展专题考察。"
    _, events = run(nlp, linker, text, [("全国政协", "ORG")])
    (event,) = events
    assert args_of(event, "AGENT") == []


def test_events_a_person_title_before_the_trigger_takes_the_agent(nlp, linker):
    text = "市政协党组传达学习习近平总书记视察广西重要讲话精神，沿着总书记2021年视察的足迹开展调研。"
    _, events = run(nlp, linker, text, [("市政协党组", "ORG"), ("2021年", "DATE")])
    visits = [e for e in events if e["trigger"]["text"] == "视察"]
    assert visits and all(args_of(e, "AGENT") == [] for e in visits)


def test_events_visits_by_outside_parties_are_not_events(nlp, linker):
    _, events = run(nlp, linker, "组织大湾区工商界人士100多人次到贺州考察。", [("100多人次", "QUANTITY")])
    assert events == []


def test_events_generic_kinds_of_activity_are_not_events(nlp, linker):
    _, events = run(nlp, linker, "规范各类协商活动的规则程序。")
    assert events == []


def test_events_quote_right_before_the_trigger_is_the_topic(nlp, linker):
    text = "围绕国土绿化等建言献策，开展“推进美丽中国建设、加强生态环境保护”专题调研。"
    _, events = run(nlp, linker, text)
    (research,) = [e for e in events if e["type"] == "RESEARCH"]
    assert args_of(research, "TOPIC") == ["推进美丽中国建设、加强生态环境保护"]


def test_events_object_of_the_clause_is_the_topic(nlp, linker):
    text = "为团结港澳委员，组织委员对港澳台侨企业发展情况开展专项视察。"
    _, events = run(nlp, linker, text)
    (event,) = events
    assert args_of(event, "TOPIC") == ["港澳台侨企业发展情况"]


def test_events_place_straight_after_a_visit(nlp, linker):
    _, events = run(nlp, linker, "2023年12月，总书记视察广西。", [("2023年12月", "DATE")])
    (event,) = events
    assert args_of(event, "PLACE") == ["广西"]


def test_events_an_adverbial_of_activities_is_no_place(nlp, linker):
    text = "在年度协商和重点课题调研等履职活动中，市政协始终把民生放在首位。"
    _, events = run(nlp, linker, text, [("市政协", "ORG")])
    assert events and all(args_of(e, "PLACE") == [] for e in events)


def test_events_agents_after_you_hold_the_event(nlp, linker):
    text = "5月10日，由自治区政协办公厅与自治区党委宣传部共同举办的“讲好广西故事”政协委员履职分享会在南宁举行。"
    ents = [("5月10日", "DATE"), ("自治区政协办公厅", "ORG"), ("自治区党委宣传部", "ORG"), ("政协委员履职分享会", "MEETING")]
    _, events = run(nlp, linker, text, ents)
    assert {e["trigger"]["text"] for e in events} == {"举办", "举行"}
    for e in events:
        assert args_of(e, "AGENT") == ["自治区政协办公厅", "自治区党委宣传部"]


def test_events_a_body_leading_a_delegation_is_the_agent(nlp, linker):
    text = "由市政协领导带队，深入委员企业现场调研，帮助解决实际问题93项。"
    _, events = run(nlp, linker, text, [("市政协", "ORG"), ("93项", "QUANTITY")])
    (research,) = [e for e in events if e["type"] == "RESEARCH"]
    assert args_of(research, "AGENT") == ["市政协"]
