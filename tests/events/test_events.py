"""Classes of trigger and argument errors, on invented sentences (entities set by hand)."""

import sys

import pytest

from pipeline.components.event_linker import EventLinker
from pipeline.events.calibration import confidences, rule_counts
from pipeline.events.rules import MarkerRule
from pipeline.events.spans import SpanIndex
from pipeline.spans import spans_from_offsets


def make_doc(nlp, text, ents=()):
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


def events(nlp, linker, text, ents=()):
    return linker(make_doc(nlp, text, ents))._.events


def args(event, role):
    return [a["text"] for a in event["arguments"] if a["role"] == role]


@pytest.mark.parametrize(
    "text,ents",
    [
        ("市政协视察组一行来到园区。", [("市政协", "ORG")]),
        ("考察团成员在车站集合。", []),
        ("调研小组由五人组成。", []),
        ("本次会议不予立案12件。", [("12件", "QUANTITY")]),
        ("未立案的提案转为参考意见。", []),
        ("立案提案中，一半涉及民生。", []),
        ("这些提案涉及民生领域。", []),
        ("会议审议通过了关于召开第六次会议的决定。", [("第六次会议", "MEETING")]),
        ("关于加快发展乡村旅游的建议。", []),
        ("长期调研积累了经验。", []),
    ],
)
def test_not_events(nlp, linker, text, ents):
    assert events(nlp, linker, text, ents) == []


@pytest.mark.parametrize(
    "text,ents,expected",
    [
        ("3月5日，省政协十三届二次会议正式拉开帷幕。", [("3月5日", "DATE"), ("省政协", "ORG"), ("十三届二次会议", "MEETING")], ("CONVENE", "拉开帷幕")),
        ("市政协第五次会议今天揭开序幕。", [("市政协", "ORG"), ("第五次会议", "MEETING")], ("CONVENE", "揭开序幕")),
        ("嘉宾们祝贺大会召开。", [], ("CONVENE", "召开")),
        ("全国两会期间，委员们提议加强养老服务。", [("全国两会", "MEETING")], ("PROPOSAL", "提议")),
        ("围绕“城市更新”开展专题议政。", [], ("CONSULTATION", "专题议政")),
        ("县人大常委会开展执法检查。", [("县人大常委会", "ORG")], ("SUPERVISION", "执法检查")),
        ("会议收到代表议案12件。", [("12件", "QUANTITY")], ("PROPOSAL", "议案")),
    ],
)
def test_new_triggers(nlp, linker, text, ents, expected):
    assert [(e["type"], e["trigger"]["text"]) for e in events(nlp, linker, text, ents)] == [expected]


def test_proposal_by_people_has_topic_and_no_agent(nlp, linker):
    (event,) = events(nlp, linker, "市政协召开座谈。委员们建议，要加快建设社区食堂。", [("市政协", "ORG")])
    assert event["type"] == "PROPOSAL"
    assert args(event, "AGENT") == []
    assert args(event, "TOPIC") == ["加快建设社区食堂"]


def test_meeting_subject_gives_organiser_agent(nlp, linker):
    text = "2024年1月8日，市政协十届三次会议在新城开幕。"
    ents = [("2024年1月8日", "DATE"), ("市政协", "ORG"), ("十届三次会议", "MEETING")]
    (event,) = events(nlp, linker, text, ents)
    assert args(event, "AGENT") == ["市政协"]
    assert args(event, "MEETING") == ["十届三次会议"]
    assert args(event, "PLACE") == ["新城"]


def test_meeting_subject_of_a_later_clause(nlp, linker):
    text = "区政协第四次会议完成各项议程，在会展中心胜利闭幕。"
    (event,) = events(nlp, linker, text, [("区政协", "ORG"), ("第四次会议", "MEETING")])
    assert event["type"] == "CONVENE"
    assert args(event, "MEETING") == ["第四次会议"]
    assert args(event, "PLACE") == ["会展中心"]


def test_byline_medium_is_no_agent(nlp, linker):
    text = "东方网河东5月2日电 省政协2日召开专题协商会。"
    ents = [("东方网", "ORG"), ("5月2日", "DATE"), ("省政协", "ORG"), ("2日", "DATE", 1), ("专题协商会", "MEETING")]
    convene = [e for e in events(nlp, linker, text, ents) if e["type"] == "CONVENE"]
    assert [args(e, "AGENT") for e in convene] == [["省政协"]]


def test_persons_and_members_are_no_agents(nlp, linker):
    text = "由市政协主席带领，委员们深入企业调研。"
    (event,) = events(nlp, linker, text, [("市政协", "ORG")])
    assert args(event, "AGENT") == []


def test_subject_carried_only_into_a_predicate(nlp, linker):
    text = "市政协高度重视履职。相关调研成果报送市委。"
    ents = [("市政协", "ORG"), ("市委", "ORG")]
    for event in events(nlp, linker, text, ents):
        assert args(event, "AGENT") != ["市政协"]
    text = "市政协高度重视履职。先后开展专题调研8次。"
    (event,) = events(nlp, linker, text, [("市政协", "ORG"), ("8次", "QUANTITY")])
    assert args(event, "AGENT") == ["市政协"]


def test_date_inside_a_meeting_name_is_no_time(nlp, linker):
    text = "市政协2025年度工作座谈会在北区召开。"
    (event,) = events(nlp, linker, text, [("市政协", "ORG"), ("2025年度", "DATE"), ("工作座谈会", "MEETING")])
    assert args(event, "TIME") == []


def test_time_not_carried_to_the_next_sentence(nlp, linker):
    text = "2023年5月，市政协召开常委会会议。开展专题调研6次。"
    ents = [("2023年5月", "DATE"), ("市政协", "ORG"), ("常委会会议", "MEETING"), ("6次", "QUANTITY")]
    research = [e for e in events(nlp, linker, text, ents) if e["type"] == "RESEARCH"]
    assert args(research[0], "TIME") == []


def test_places_listed_after_the_marker_are_separate(nlp, linker):
    (event,) = events(nlp, linker, "市政协组织委员深入到东镇、西乡调研。", [("市政协", "ORG")])
    assert args(event, "PLACE") == ["东镇", "西乡"]


@pytest.mark.parametrize("text", ["大会共收到委员提案90件。", "此事追溯到1950年考察。"])
def test_non_places_after_a_marker(nlp, linker, text):
    ents = [("90件", "QUANTITY")] if "90件" in text else [("1950年", "DATE")]
    for event in events(nlp, linker, text, ents):
        assert args(event, "PLACE") == []


def test_topic_of_an_aspect(nlp, linker):
    text = "涉及生态保护方面提案25件。"
    (event,) = events(nlp, linker, text, [("25件", "QUANTITY")])
    assert args(event, "TOPIC") == ["生态保护"]


def test_marker_inside_a_word_is_no_marker(nlp, linker):
    text = "委员们提出了具有针对性的意见建议。"
    (event,) = events(nlp, linker, text)
    assert args(event, "TOPIC") == []


def test_marker_rule_at_text_start():
    rule = MarkerRule("t", "TOPIC", ("就",), word_internal=(("就", "成", "是"),))
    assert rule.last_marker("就民生开展协商", 0, 5) == (0, 1)
    assert rule.last_marker("成就民生", 0, 4) is None


def test_span_index_lookups():
    index = SpanIndex([(0, 10, "a"), (2, 4, "b"), (12, 15, "c")])
    assert [x[2] for x in index.overlapping(3, 5)] == ["a", "b"]
    assert index.any_overlap(11, 12) is False
    assert index.inside(0, 11) == ["a", "b"]
    assert index.inside(11, 20) == ["c"]


def test_calibration_counts_per_rule():
    gold = {"d": {"events": [{"type": "CONVENE", "trigger": {"start": 0, "end": 2},
                              "arguments": [{"role": "AGENT", "start": 5, "end": 8}]}]}}
    pred = {"d": {"events": [
        {"type": "CONVENE", "trigger": {"start": 0, "end": 2}, "source": "rule:trigger:x",
         "arguments": [{"role": "AGENT", "start": 5, "end": 8, "source": "rule:agent:y"},
                       {"role": "TIME", "start": 9, "end": 10, "source": "rule:time:z"}]},
        {"type": "RESEARCH", "trigger": {"start": 20, "end": 22}, "source": "rule:trigger:x", "arguments": []},
    ]}}
    counts = rule_counts(gold, pred)
    assert counts == {"agent:y": (1, 1), "time:z": (0, 1), "trigger:x": (1, 2)}
    assert confidences(counts)["trigger:x"]["confidence"] == 0.5


def test_confidences_come_from_the_calibration_file(nlp, linker):
    (event,) = events(nlp, linker, "市政协召开主席会议。", [("市政协", "ORG"), ("主席会议", "MEETING")])
    assert event["confidence"] == linker.confidence[event["source"].split(":", 1)[1]]
    for arg in event["arguments"]:
        assert arg["confidence"] == linker.confidence[arg["source"].split(":", 1)[1]]


def _traced_lines(fn) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_linker_work_grows_linearly_on_dense_unpunctuated_text(nlp, linker):
    """Issue 9: the interpreter's executed lines (deterministic, no clock) for a
    text twice as long, with no punctuation at all, at most about double."""
    unit = "市政协在南宁召开主席会议围绕乡村振兴开展专题协商视察调研提出提案8件"

    def run(n):
        text = unit * n
        ents = []
        for i in range(n):
            base = i * len(unit)
            for sub, label in (("市政协", "ORG"), ("主席会议", "MEETING"), ("8件", "QUANTITY")):
                k = unit.index(sub)
                ents.append((base + k, base + k + len(sub), label))
        doc = nlp.make_doc(text)
        doc.ents = spans_from_offsets(doc, ents)[0]
        return _traced_lines(lambda: linker(doc))

    small, large = run(60), run(240)
    assert large <= 4 * small * 1.15, (small, large)


def test_purpose_after_the_trigger_is_topic(nlp, linker):
    text = "市政协组织委员深入一线建言献策，为推动县域经济发展贡献力量。"
    (event,) = events(nlp, linker, text, [("市政协", "ORG")])
    assert args(event, "TOPIC") == ["推动县域经济发展"]


def test_titles_taken_by_the_verb_are_topics(nlp, linker):
    text = "会议协商讨论了《城市规划报告》《财政预算报告》。"
    (event,) = events(nlp, linker, text)
    assert args(event, "TOPIC") == ["城市规划报告", "财政预算报告"]


def test_share_of_products_counts_the_event(nlp, linker):
    text = "市政协收到提案200件，98%的提案已经办复。"
    ents = [("市政协", "ORG"), ("200件", "QUANTITY"), ("98%", "QUANTITY")]
    reply = [e for e in events(nlp, linker, text, ents) if e["trigger"]["text"] == "办复"]
    assert [args(e, "COUNT") for e in reply] == [["98%"]]


def test_recipients_after_a_preposition_are_no_agent(nlp, linker):
    text = "农工党中央累计向省委、省政府报送调研报告12篇。"
    ents = [("农工党中央", "ORG"), ("省委", "ORG"), ("省政府", "ORG"), ("12篇", "QUANTITY")]
    (event,) = events(nlp, linker, text, ents)
    assert args(event, "AGENT") == ["农工党中央"]


def test_org_opening_an_earlier_clause_is_the_subject(nlp, linker):
    text = "结合自身特色，致公党市委选定10个课题，开展专题调研15次。"
    ents = [("致公党市委", "ORG"), ("10个", "QUANTITY"), ("15次", "QUANTITY")]
    (event,) = events(nlp, linker, text, ents)
    assert args(event, "AGENT") == ["致公党市委"]


def test_participants_org_is_no_organiser(nlp, linker):
    text = "区政协召开港澳委员和区侨联理事座谈会。"
    ents = [("区政协", "ORG"), ("区侨联", "ORG"), ("座谈会", "MEETING")]
    (event,) = events(nlp, linker, text, ents)
    assert args(event, "AGENT") == ["区政协"]


def test_exhortation_without_specific_filler_is_no_event(nlp, linker):
    assert events(nlp, linker, "各级组织要认真开展调研，积极协商建言。") == []


@pytest.mark.parametrize(
    "text,meeting",
    [
        ("学习二十大精神，市政协开展专题调研。", "二十大"),
        ("围绕第三次会议的发言选题进行调研。", "第三次会议"),
    ],
)
def test_meeting_as_a_modifier_is_no_context(nlp, linker, text, meeting):
    ents = [(meeting, "MEETING")] + ([("市政协", "ORG")] if "市政协" in text else [])
    (event,) = events(nlp, linker, text, ents)
    assert args(event, "MEETING") == []


def test_place_marker_inside_a_topic_is_no_place(nlp, linker):
    text = "就在城区增设公交线路等议题开展对口协商。"
    (event,) = events(nlp, linker, text)
    assert args(event, "PLACE") == []


def test_listed_quoted_topics_each_count(nlp, linker):
    text = "省政协围绕“发展智能产业”“促进中小企业发展”和“加快人才政策落地”等深入协商议政。"
    (event,) = events(nlp, linker, text, [("省政协", "ORG")])
    assert args(event, "TOPIC") == ["发展智能产业", "促进中小企业发展", "加快人才政策落地"]


def test_events_confidences_keep_their_written_decimals(tmp_path):
    """A model saved and loaded again reports 0.94, not srsly's 0.9400000000000001."""
    from pipeline.events.calibration import clean_confidences

    assert clean_confidences({"meeting:object": 0.9400000000000001}) == {"meeting:object": 0.94}
    import srsly

    srsly.write_json(tmp_path / "c.json", {"r": 0.94})
    assert clean_confidences(srsly.read_json(tmp_path / "c.json"))["r"] == 0.94
