"""The DATE and QUANTITY finders do work linear in the length of the text.

Cost is counted, not timed: every Python line the finders execute (a trace
hook restricted to their modules) plus every character they copy by slicing the
text (a str subclass that counts). Scanning a list of blocked intervals per
candidate, or searching a copy of the text before each match, makes both grow
with the square of the length; a 4x longer dense text must cost about 4x.
"""

import sys

import pytest

from pipeline.components.quantity_tagger import load_formulas
from pipeline.rules import dates, intervals, quantities
from pipeline.rules.dates import find_dates
from pipeline.rules.quantities import compile_formulas, find_quantities

FILES = {dates.__file__, quantities.__file__, intervals.__file__}
# Dense, unpunctuated, invented text: dates, quantities, formulas and quoted phrases in every line.
BLOCK = (
    "市政协2023年12月14日下午召开会议收到提案5,621件近60年来今年以来年初全年当天上午8点30分"
    "一名委员两支队伍“两个维护”第一议题24日晚组织调研30余次投入资金1,234.5亿元七成以上"
    "过去一年今后10天此前至今现在目前彼时昨在会上发言三分之二的300万群众2015"
)


class CountingStr(str):
    """A str that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):
        out = str.__getitem__(self, key)
        CountingStr.copied += len(out)
        return out


def cost(find, text):
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in FILES else None

    CountingStr.copied = 0
    sys.settrace(tracer)
    try:
        found = list(find(CountingStr(text)))
    finally:
        sys.settrace(None)
    assert found, "the text must give matches, or nothing is measured"
    return lines + CountingStr.copied


FORMULAS = compile_formulas(load_formulas())


@pytest.mark.parametrize(
    "find",
    [
        pytest.param(lambda t: find_dates(t), id="dates"),
        pytest.param(lambda t: find_quantities(t, FORMULAS), id="quantities"),
    ],
)
def test_finders_scale_linearly(find):
    small = BLOCK * 20
    large = BLOCK * 80
    ratio = cost(find, large) / cost(find, small)
    assert 3.5 < ratio < 4.5, ratio


def test_mask_checks_cost_the_span_not_the_number_of_ranges():
    mask = intervals.Mask(1000, [(i, i + 1) for i in range(0, 1000, 2)])
    assert not mask.free(10, 12) and mask.free(11, 12)
    assert mask.claim(998, 1000) is False and mask.claim(999, 1000) is True and not mask.free(999, 1000)
