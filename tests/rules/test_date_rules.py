"""The pure DATE finder, class by class (ANNOTATION.md §2, §6, §7), with ISO 8601 values.

All sentences are invented; the byline date (发布时间) anchors relative values.
"""

import pytest

from pipeline.rules.dates import find_dates

BYLINE = "发布时间：2024-03-10\n"


def dates(text):
    return [(text[m.start:m.end], m.norm["value"]) for m in find_dates(text)]


def body(text):
    """Dates found in ``text`` after the byline (the byline's own date left out)."""
    return dates(BYLINE + text)[1:]


@pytest.mark.parametrize(
    "text,expected",
    [
        # The words that place a duration in time stay inside.
        ("过去一年，区政协紧扣中心工作。", [("过去一年", "P1Y")]),
        ("一年以来，委员们积极履职。", [("一年以来", "P1Y")]),
        ("近60年来，这里发生了巨变。", [("近60年来", "P60Y")]),
        ("今后10天，委员们将审议报告。", [("今后10天", "P10D")]),
        ("在未来这几天里，代表们将分组讨论。", [("未来这几天", None)]),
        ("在接下来的几天时间里，委员们将围绕议程建言。", [("接下来的几天", None)]),
        ("距离截止日期不足20天。", [("不足20天", "P20D")]),
        ("民盟中央新一年的调研已经开启。", [("新一年", "2024")]),
        # A manner word stays outside.
        ("该会连续15年举办论坛。", [("15年", "P15Y")]),
        ("代表团一连四日考察访问。", [("四日", "P4D")]),
        # 以来 after a month or a relative year: an interval to the document date.
        ("7月以来，市政协开展专题调研。", [("7月以来", "2024-07/2024-03-10")]),
        ("今年以来，县政协组织视察。", [("今年以来", "2024/2024-03-10")]),
        # N年前: the year, counted back from the document date.
        ("五年前，这里还是一片荒地。", [("五年前", "2019")]),
    ],
)
def test_date_affixes(text, expected):
    assert body(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("市政协常委会会议5日下午在市行政中心闭幕。", [("5日下午", "2024-03-05")]),
        ("委员们9日晚抵达会场。", [("9日晚", "2024-03-09")]),
        ("代表团今日下午3时抵达南宁。", [("今日下午3时", "2024-03-10T15:00")]),
        ("当天上午8点30分，调研组准时出发。", [("当天上午8点30分", "2024-03-10T08:30")]),
        ("访问团今日上午约十一时抵达。", [("今日上午约十一时", "2024-03-10T11:00")]),
        ("2023年11月6日早上，委员们集合出发。", [("2023年11月6日早上", "2023-11-06")]),
        ("会议定于3月12日下午开幕。", [("3月12日下午", "2024-03-12")]),
        ("区政协全会8日开幕。", [("8日", "2024-03-08")]),
        # A dateline: the day in 廿/卅 numerals.
        ("（南宁廿六日电）", [("廿六日", "2024-02-26")]),
    ],
)
def test_dates_day_with_part_of_day_or_clock_time(text, expected):
    assert body(text) == expected


@pytest.mark.parametrize(
    "text,word",
    [
        ("此前，该委员曾多次提出相关建议。", "此前"),
        ("彼时，调研组尚未出发。", "彼时"),
        ("这项工作至今仍在推进。", "至今"),
        ("现在，我代表常委会报告工作。", "现在"),
        ("目前的研究还不多。", "目前"),
        ("学习领会总书记近期重要讲话精神。", "近期"),
        ("就做好今后的工作提出要求。", "今后"),
        ("市政协日前召开专题协商会。", "日前"),
        ("张委员昨在小组会上发言。", "昨"),
    ],
)
def test_dates_deictic_words(text, word):
    assert [t for t, _ in dates(text)] == [word]


def test_dates_deictic_day_words_resolve():
    assert body("张委员昨在小组会上发言。") == [("昨", "2024-03-09")]
    assert body("当天，委员们参观了展览。") == [("当天", "2024-03-10")]


@pytest.mark.parametrize(
    "text,span",
    [
        ("201931518日，联谊会组团访问。", "201931518日"),
        ("20231105930时，共收到提案250件。", "20231105930时"),
        ("512日上午，团员们参观了港口。", "512日上午"),
        ("2019年11月23星期六", "2019年11月23星期六"),
    ],
)
def test_dates_garbled_date_is_one_span(text, span):
    assert [t for t, _ in dates(text)][:1] == [span]


@pytest.mark.parametrize(
    "text",
    [
        "会后，委员们参观了园区。",  # X后 where X is a meeting
        "按照通常做法，各专委会在年初确定全年的调研题目。",  # habitual
        "多数课题在年初就已确定。",
        "直至如此",  # 至 + 如: no 至今
        "节假日和工作日都有人值守。",
        "一日三餐都在食堂。",
        "兑换100日元。",
    ],
)
def test_dates_not_dates(text):
    assert dates(text) == []


def test_dates_zhijin_inside_zhijinnian_leaves_jinnian():
    assert body("直至今年，提案数量逐年上升。") == [("今年", "2024")]


@pytest.mark.parametrize(
    "text",
    ["今日某县数字报纸\n", "今日某县第一版  标题甲  标题乙\n", ">今日某县>政务要闻\n"],
)
def test_dates_newspaper_masthead_is_no_date(text):
    assert [t for t, _ in dates(text)] == []


def test_dates_e_paper_issue_date_with_weekday():
    assert dates("今日某县数字报纸\n\n2019年11月23日 星期六\n") == [("2019年11月23日 星期六", "2019-11-23")]


def test_dates_bare_year_before_shi():
    assert dates("2015是关键之年。")[0] == ("2015", "2015")


def test_dates_year_with_holiday():
    assert dates("2016年元旦刚过，调研组出发。") == [("2016年元旦", "2016-01-01")]


def test_dates_bare_day_takes_the_last_month_named():
    text = "2023年12月10日，市政协召开会议。24日下午，常委会闭幕。"
    assert dates(text) == [("2023年12月10日", "2023-12-10"), ("24日下午", "2023-12-24")]


def test_dates_bare_day_after_the_document_day_is_last_month():
    assert body("28日，调研组出发。") == [("28日", "2024-02-28")]


@pytest.mark.parametrize(
    "text,value",
    [
        ("2024年3月8日（星期五）下午3时", "2024-03-08T15:00"),
        ("2024年3月8日晚上8点", "2024-03-08T20:00"),
        ("2024年3月8日下午3点半", "2024-03-08T15:30"),
        ("2024-03-08 16:19", "2024-03-08T16:19"),
        ("2023年12月14日至15日", "2023-12-14/2023-12-15"),
        ("2023年2月30日", None),  # no such day
    ],
)
def test_dates_values_are_iso_8601(text, value):
    assert dates(text) == [(text, value)]


def test_dates_spans_never_overlap_and_are_sorted():
    text = BYLINE + "今后10天，委员们将在3月12日下午至今年年底前，围绕近60年来的变化过去一年的工作建言。"
    found = find_dates(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
