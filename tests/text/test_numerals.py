"""Numbers as official texts write them: Arabic, Chinese, mixed."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.numerals import parse_chinese, parse_fraction, parse_number


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
        ("5,621", 5621),
        ("5，621", 5621),
        ("1,234.5亿", 123_450_000_000),
        ("12,345,678", 12_345_678),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["3.5万", "7500亿", "1.1亿", "649", "十三"])
def test_whole_values_are_ints(text):
    assert isinstance(parse_number(text), int)


@pytest.mark.parametrize("text", ["", "abc", "十三届", "3.5千米", "亿万", "五个", "1,00", "1,0000", ",100", "12,34.5"])
def test_invalid_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,expected", [("廿七", 27), ("卅", 30), ("廿", 20)])
def test_parse_chinese_tens_of_datelines(text, expected):
    assert parse_chinese(text) == expected


@pytest.mark.parametrize("text,expected", [("三分之二", Fraction(2, 3)), ("百分之三十", Fraction(3, 10)), ("10分之1", Fraction(1, 10))])
def test_parse_fraction(text, expected):
    assert parse_fraction(text) == expected


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**15), frac=st.one_of(st.none(), st.integers(min_value=0, max_value=999)))
def test_property_grouped_numbers_parse_exactly(n, frac):
    written = f"{n:,}" + (f".{frac:03d}" if frac is not None else "")
    exact = Decimal(written.replace(",", ""))
    expected = int(exact) if exact == exact.to_integral_value() else float(exact)  # the nearest float
    assert parse_number(written) == expected
    assert parse_number(written.replace(",", "，")) == expected


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=1000, max_value=10**9), cut=st.integers(min_value=1, max_value=2))
def test_property_misgrouped_numbers_are_no_numbers(n, cut):
    """A group of other than three digits after a comma is no number (no silent misreading)."""
    written = f"{n:,}"
    head, _, tail = written.rpartition(",")
    assert parse_number(f"{head},{tail[:-cut]}") is None
