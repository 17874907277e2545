"""The text view: every view character maps back to the original exactly."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.view import TextView, build_view, gloss_edits, punctuation_edits


def assert_map_exact(view: TextView, original: str):
    assert len(view.starts) == len(view.ends) == len(view.text)
    prev_start = prev_end = 0
    for i in range(len(view.text)):
        s, e = view.starts[i], view.ends[i]
        assert 0 <= s < e <= len(original)
        # ordered; disjoint unless a conversion grew one character into several
        assert s >= prev_start and e >= prev_end
        assert s >= prev_end or (s, e) == (prev_start, prev_end)
        prev_start, prev_end = s, e


@pytest.mark.parametrize(
    "text,expected",
    [
        ("當(dāng)前位置", "当前位置"),
        ("省政協(xié)十三屆", "省政协十三届"),
        ("會(huì)議", "会议"),
        ("世界贸易组织(WTO)", "世界贸易组织（WTO）"),
        ("近年來,,河池", "近年来，河池"),
        ("中央,、自治區", "中央、自治区"),
        ("出彩,。", "出彩。"),
        ("２０２３年", "2023年"),
        ('建立"1+7"学习制度', "建立“1+7”学习制度"),
        ("16:19", "16:19"),
        ("时间:2024", "时间：2024"),
    ],
)
def test_view_normalises(text, expected):
    view = build_view(text)
    assert view.text == expected
    assert_map_exact(view, text)


def test_view_gloss_excluded_from_span_end():
    text = "省政協(xié)十三屆"
    view = build_view(text)
    i = view.text.index("省政协")
    start, end = view.to_original(i, i + 3)
    assert text[start:end] == "省政協"


def test_view_gloss_inside_span_stays_inside():
    text = "政協(xié)常委會"
    view = build_view(text)
    start, end = view.to_original(0, len(view.text))
    assert text[start:end] == text


def test_view_toneless_gloss_needs_toned_neighbours():
    assert gloss_edits("组织(de)工作") == []
    toned = "當(dāng)前(qián)位(wèi)置的(de)"
    assert len(gloss_edits(toned)) == 4


def test_view_abbreviation_in_brackets_is_kept():
    assert build_view("亚太经合组织(apec)会议").text == "亚太经合组织（apec）会议"


def test_view_length_changing_conversion_keeps_exact_map():
    """OpenCC's tw2sp turns 部落格 (3 chars) into 博客 (2 chars)."""
    text = "他在部落格上寫文章"
    view = build_view(text, opencc_config="tw2sp")
    assert view.text == "他在博客上写文章"
    assert_map_exact(view, text)
    i = view.text.index("博客")
    assert view.to_original(i, i + 2) == (2, 5)
    assert view.to_original(i + 2, i + 3) == (5, 6)


def test_view_length_growing_converter():
    view = build_view("甲乙丙", converter=lambda s: s.replace("乙", "一二"))
    assert view.text == "甲一二丙"
    assert_map_exact(view, "甲乙丙")
    assert view.to_original(1, 3) == (1, 2)


def test_view_punctuation_runs():
    assert punctuation_edits("好，，好") == [(1, 2, "")]
    assert punctuation_edits("好。") == []


def test_view_roundtrip_dict():
    view = build_view("當(dāng)前,,位置")
    again = TextView.from_dict(view.to_dict())
    assert again.text == view.text and list(again.starts) == list(view.starts)


def test_view_from_original():
    text = "當(dāng)前位置"
    view = build_view(text)
    assert view.from_original(0, len(text)) == (0, len(view.text))
    assert view.from_original(1, 7) == (1, 1)  # only the gloss: no view chars


_alphabet = st.sampled_from(list("當前位置政協會議省市县，,、。；;!?()（）\"“”  \n\t１２3ab(dāng)(xié)部落格"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=40).map("".join))
def test_view_map_is_exact_for_any_text(text):
    view = build_view(text)
    assert_map_exact(view, text)
    assert view.original_length == len(text)


def test_view_long_line_length_changing_conversion_in_windows():
    """A long unpunctuated line whose length changes is aligned window by window (linear),
    with the same text as converting the whole line and an exact map."""
    import opencc

    from pipeline.text.view import ALIGN_WINDOW

    text = "他在部落格上寫文章市政協召開會議" * ALIGN_WINDOW
    view = build_view(text, opencc_config="tw2sp")
    assert len(text) > 10 * ALIGN_WINDOW
    assert view.text == opencc.OpenCC("tw2sp").convert(text)
    assert_map_exact(view, text)
