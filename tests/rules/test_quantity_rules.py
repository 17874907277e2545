"""The pure QUANTITY finder, class by class, and its number grammar under property tests.

All sentences are invented. The property tests write numbers the way texts do
(thousands separators, decimals, 万/亿 units) and check that the finder reads
back exactly the number written: a tail of a number (621 of 5,621) is never a
quantity, so a wrong number cannot pass silently.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.components.quantity_tagger import load_formulas
from pipeline.rules.quantities import compile_formulas, find_quantities

FORMULAS = compile_formulas(load_formulas())


def quantities(text):
    return [(text[m.start:m.end], m.norm["value"], m.norm["unit"], m.norm["qualifier"]) for m in find_quantities(text, FORMULAS)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("全市共收到提案5,621件。", ("5,621件", 5621, "件", None)),
        ("累计投入1,234.5亿元。", ("1,234.5亿元", 123_450_000_000, "元", None)),
        ("服务群众12,345,678人次。", ("12,345,678人次", 12_345_678, "人次", None)),
        ("全年接待1，200余人。", ("1，200余人", 1200, "人", "more_than")),  # the view's full-width comma
        ("立案率为3.35 %。", ("3.35 %", 3.35, "%", None)),
    ],
)
def test_quantity_thousands_separators(text, expected):
    assert quantities(text) == [expected]


@pytest.mark.parametrize("text", ["编号12,34件", "共有1,2345件", "代码12,3456份"])
def test_quantity_malformed_groups_give_no_tail(text):
    """A comma that is no thousands separator: never read the digits after it as the number."""
    for span, value, _, _ in quantities(text):
        assert not text[: text.index(span)].rstrip("，,")[-1:].isdigit(), (span, value)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1000, max_value=10**12), counter=st.sampled_from(["件", "人", "个", "次", "份"]))
def test_property_grouped_integers_read_back(n, counter):
    written = f"{n:,}{counter}"
    text = f"全年共计{written}。"
    assert quantities(text) == [(written, n, counter, None)]


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=1000, max_value=10**9),
    decimals=st.integers(min_value=1, max_value=3),
    unit=st.sampled_from([("万元", 10_000), ("亿元", 100_000_000)]),
    full_width=st.booleans(),
)
def test_property_grouped_decimals_with_units(n, decimals, unit, full_width):
    number = f"{n:,}.{'5' * decimals}"
    if full_width:
        number = number.replace(",", "，")
    word, scale = unit
    text = f"完成投资{number}{word}，同比增长。"
    expected = Decimal(number.replace(",", "").replace("，", "")) * scale
    (got,) = quantities(text)
    assert got[0] == number + word and got[2] == "元"
    assert Decimal(str(got[1])) == expected


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=999_999), counter=st.sampled_from(["件", "名", "项"]))
def test_property_plain_integers_read_back(n, counter):
    text = f"收到{n}{counter}，"
    assert quantities(text) == [(f"{n}{counter}", n, counter, None)]


@pytest.mark.parametrize(
    "text",
    [
        "我是界别的一名政协委员。",  # 一 + counter meaning "a"
        "一场双周协商座谈会就是一次民主实践。",
        "用心温暖一座城。",
        "这是提案数量的递增表：“4、12、19、24”。",  # bare numbers without a unit
        "数字4、12、19、24反映了变化",
        "加强委员和机关干部两支队伍建设。",  # formulas of a fixed shape
        "扎实做好三篇大文章。",
    ],
)
def test_quantity_not_quantities(text):
    assert quantities(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("高质量完成一项课题研究。", ("一项", 1, "项", None)),  # a counted product
        ("99.9%的提案已经办复。", ("99.9%", 99.9, "%", None)),  # a share of products
        ("广场上十面红旗迎风招展。", ("十面", 10, "面", None)),
        ("全省有300万海外乡亲。", ("300万", 3_000_000, None, None)),  # a magnitude without a counter
        ("约三分之二的企业参加。", ("约三分之二", 66.67, "%", "approx")),
        ("百分之三十的委员来自基层。", ("百分之三十", 30, "%", None)),
        ("粮食产量1.2万亿斤。", ("1.2万亿斤", 1_200_000_000_000, "斤", None)),
    ],
)
def test_quantity_counts_shares_magnitudes(text, expected):
    assert quantities(text) == [expected]
