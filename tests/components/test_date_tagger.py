"""The DATE tagger: every example of the contract and issue, with its ISO value."""

import pytest
import spacy

import pipeline.components.date_tagger  # noqa: F401  (registers the factory)
from pipeline.components.date_tagger import cn_or_int, document_date


@pytest.fixture(scope="module")
def dates_nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.add_pipe("date_tagger")
    return nlp


def found(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.norm["value"]) for s in doc.spans["dates"]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2023年12月14日至15日，总书记来到广西。", [("2023年12月14日至15日", "2023-12-14/2023-12-15")]),
        ("2023年2月1日至3日，政协会议召开。", [("2023年2月1日至3日", "2023-02-01/2023-02-03")]),
        ("时间:2024-01-21 来源:广西日报", [("2024-01-21", "2024-01-21")]),
        ("发布时间:2023年01月03日 点击", [("2023年01月03日", "2023-01-03")]),
        ("二〇二三年工作报告", [("二〇二三年", "2023")]),
        ("2023年6月20日，会议开幕。", [("2023年6月20日", "2023-06-20")]),
        ("2019-03-03 16:19 发布", [("2019-03-03 16:19", "2019-03-03T16:19")]),
        ("2024年3月8日（星期五）下午3时，会议举行。", [("2024年3月8日（星期五）下午3时", "2024-03-08T15:00")]),
        ("2023年以来，新一届政协", [("2023年以来", "2023/..")]),
        ("（2022—2024年）", [("2022—2024年", "2022/2024")]),
        ("2023年6月，调研组", [("2023年6月", "2023-06")]),
        ("五年来，常委会坚持学习。", [("五年来", "P5Y")]),
        ("一年来，市政协共收到提案。", [("一年来", "P1Y")]),
        ("实现连续15年举办研讨会。", [("15年", "P15Y")]),
        ("会议为期7天。", [("7天", "P7D")]),
        ("近60年，黄河安澜。", [("近60年", "P60Y")]),
        ("近60年来", [("近60年来", "P60Y")]),
        ("一盯五年、持续监督", [("五年", "P5Y")]),
        ("庆祝人民政协成立75周年", [("75周年", "P75Y")]),
    ],
)
def test_dates_absolute_and_durations(dates_nlp, text, expected):
    assert found(dates_nlp, text) == expected


def test_dates_relative_resolve_against_the_byline(dates_nlp):
    text = "发布时间：2024-01-21\n今年，全区政协系统。昨日，政协召开会议。上年度重点提案已办结。明天继续。近年来，市政协不断加强。"
    got = dict(found(dates_nlp, text))
    assert got["今年"] == "2024"
    assert got["昨日"] == "2024-01-20"
    assert got["明天"] == "2024-01-22"
    assert got["上年度"] == "2023"
    assert got["近年来"] is None  # vague: a span, no value


def test_dates_without_document_date_stay_null(dates_nlp):
    got = dict(found(dates_nlp, "今年，市政协召开会议。"))
    assert got == {"今年": None}


def test_dates_context_year_for_this_year_and_month_day(dates_nlp):
    text = "2022年，市政协认真履职。这一年，市政协7次发言。全年共录制19期。12月18日，党组召开会议。这是奋发新作为的一年。"
    got = found(dates_nlp, text)
    assert ("这一年", "2022") in got
    assert ("全年", "2022") in got
    assert ("12月18日", "2022-12-18") in got
    assert ("一年", "2022") in got


def test_dates_year_of_report(dates_nlp):
    text = "2023年是全面贯彻党的二十大精神的开局之年，在全区上下"
    assert found(dates_nlp, text) == [("2023年", "2023"), ("开局之年", "2023")]


def test_dates_time_of_day_after_a_day(dates_nlp):
    assert found(dates_nlp, "3日15时，会议闭幕。") == [("3日15时", None)]


def test_dates_traditional_script_on_original_offsets(dates_nlp):
    text = "總結一年來的履職工作，上年度重點提案"
    doc = dates_nlp(text)
    spans = [(s.text, s._.norm["value"]) for s in doc.spans["dates"]]
    assert spans == [("一年來", "P1Y"), ("上年度", None)]
    assert all(text[s.start_char : s.end_char] == s.text for s in doc.spans["dates"])


@pytest.mark.parametrize(
    "text",
    [
        "每年召开一次会议",  # frequency
        "每两个月开展一次活动",
        "制定年度协商计划",  # 年度 as an adjective
        "第一次全体会议",  # ordinal
        "“十四五”期间",  # plan name
        "编制五年工作计划",  # 五年 as an adjective
        "三级政协组织",
    ],
)
def test_dates_not_dates(dates_nlp, text):
    assert found(dates_nlp, text) == []


def test_dates_token_boundaries_are_split(dates_nlp):
    doc = dates_nlp("自2023年以来市政协累计提交提案")
    span = doc.spans["dates"][0]
    assert span.text == "2023年以来"
    assert doc.char_span(span.start_char, span.end_char) is not None


def test_dates_no_date_on_chrome_lines(dates_nlp):
    text = "首页 > 政协要闻 > 正文\n分享到: 微信 微博 QQ空间 打印本页 关闭窗口 2023-01-03\n2023年，市政协召开全会。"
    doc = dates_nlp(text)
    chrome = doc.spans["chrome"]
    assert chrome, "the share line should be chrome"
    got = [s.text for s in doc.spans["dates"]]
    assert got == ["2023年"]


def test_dates_document_date():
    assert str(document_date("作者:黄筱珂 发布时间:2023年01月03日 点击数:74")) == "2023-01-03"
    assert str(document_date("时间：2024-01-21 来源")) == "2024-01-21"
    assert str(document_date("政府工作报告\n——2023年1月15日在省人民代表大会上")) == "2023-01-15"
    assert document_date("没有日期的文本") is None


@pytest.mark.parametrize("text,value", [("二〇二三", 2023), ("12", 12), ("十二", 12), ("三十一", 31)])
def test_dates_numerals(text, value):
    assert cn_or_int(text) == value


def test_dates_serialisation_roundtrip(dates_nlp, tmp_path):
    pipe = dates_nlp.get_pipe("date_tagger")
    pipe.cfg["bare_years"] = False
    try:
        pipe.to_disk(tmp_path / "dates")
        fresh = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
        loaded = fresh.add_pipe("date_tagger").from_disk(tmp_path / "dates")
        assert loaded.cfg["bare_years"] is False
        doc = fresh("2023、2024年")
        assert [s.text for s in doc.spans["dates"]] == ["2024年"]
    finally:
        pipe.cfg["bare_years"] = True
    doc = dates_nlp("2023、2024年")
    assert [s.text for s in doc.spans["dates"]] == ["2023", "2024年"]


def test_norm_survives_a_gloss_after_the_span(dates_nlp):
    # The span's last token carries a dropped gloss; its norm is still found.
    text = "2023年(nián)工作報告"
    doc = dates_nlp(text)
    (span,) = doc.spans["dates"]
    start, end = span._.offsets
    assert text[start:end] == "2023年"
    assert span._.norm["value"] == "2023"


def test_month_range_after_a_relative_year(dates_nlp):
    doc = dates_nlp("发布时间：2023年12月20日\n今年1－11月份，全区经济增长。")
    assert [(s.text, s._.norm["value"]) for s in doc.spans["dates"]][1:] == [
        ("今年", "2023"),
        ("1－11月份", "2023-01/2023-11"),
    ]
