"""Numbers as official texts write them: Arabic, Chinese, mixed."""

import pytest

from pipeline.text.numerals import parse_chinese, parse_number


@pytest.mark.parametrize(
    "text,expected",
    [
        ("二〇二三", 2023),
        ("十三", 13),
        ("一百二十", 120),
        ("两", 2),
        ("百", 100),
        ("千", 1000),
        ("一万二千", 12000),
        ("十万", 100_000),
        ("三亿五千万", 350_000_000),
        ("一千零五", 1005),
        ("零", 0),
    ],
)
def test_parse_chinese(text, expected):
    assert parse_chinese(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3.5万", 35000),
        ("7500亿", 7.5e11),
        ("1.1亿", 110_000_000),
        ("16.1亿", 1_610_000_000),
        ("99.8", 99.8),
        ("649", 649),
        ("十", 10),
        (" 二十 ", 20),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["3.5万", "7500亿", "1.1亿", "649", "十三"])
def test_whole_values_are_ints(text):
    assert isinstance(parse_number(text), int)


@pytest.mark.parametrize("text", ["", "abc", "十三届", "3.5千米", "亿万", "五个", "1,000"])
def test_invalid_is_none(text):
    assert parse_number(text) is None
