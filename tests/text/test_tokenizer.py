"""The view tokenizer: the original text is kept, tokens carry the clean view form."""

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.text.tokenizer import ViewTokenizer


def test_tokenizer_text_is_input(nlp, raw_texts):
    for text in raw_texts.values():
        assert nlp(text).text == text


def test_tokenizer_norm_is_simplified_and_gloss_free(nlp):
    doc = nlp("省政協(xié)十三屆二次會(huì)議")
    assert "".join(t.norm_ for t in doc) == "省政协十三届二次会议"
    glossed = [t for t in doc if "(xié)" in t.text]
    assert glossed and glossed[0].norm_.endswith("协"), "a gloss belongs to the token before it"


def test_tokenizer_no_gloss_in_view_of_003(nlp, raw_texts):
    doc = nlp(raw_texts["003_52a8f7bfcbac32f0"])
    view = doc._.view.text
    assert "(" not in view and "ā" not in view and "é" not in view
    assert "政协" in view


def test_tokenizer_chrome_tokens_marked(nlp, raw_texts):
    doc = nlp(raw_texts["001_24aec521f5a4d861"])
    chrome_text = "".join(t.text for t in doc if t._.is_chrome)
    assert "加入收藏" in chrome_text and "打印文章" in chrome_text
    assert "点击数" in chrome_text
    assert not any(t._.is_chrome for t in doc if "市政协及其常委会" in t.sent.text)


def test_tokenizer_every_chrome_line_fully_marked(nlp, raw_texts):
    """No token of a chrome line is left unmarked."""
    for text in raw_texts.values():
        doc = nlp(text)
        for span in doc.spans["chrome"]:
            line_start = text.rfind("\n", 0, span.start_char) + 1
            line_end = text.find("\n", span.end_char)
            line_end = len(text) if line_end < 0 else line_end
            if text[line_start:line_end].strip() != span.text.strip():
                continue  # an in-line counter, not a whole line
            for token in doc.char_span(line_start, line_end, alignment_mode="expand"):
                assert token.is_space or token._.is_chrome, (token.text, span.text)


def test_tokenizer_sentences(nlp):
    doc = nlp("市政协召开会议。研究工作！“好”？\n标题行\n正文；继续")
    sents = [s.text for s in doc.sents]
    assert sents[0] == "市政协召开会议。"
    assert any(s.startswith("研究工作！") for s in sents)
    assert any(s.startswith("标题行") for s in sents)
    assert any(s.startswith("继续") for s in sents)


def test_tokenizer_ascii_ellipsis_ends_a_sentence(nlp):
    doc = nlp("解决实际问题93项......2022年，市政协聚焦全力东融。")
    assert [s.text for s in doc.sents] == ["解决实际问题93项......", "2022年，市政协聚焦全力东融。"]


def test_tokenizer_long_single_line(nlp):
    text = "市政协召开主席会议，研究部署工作。" * 400
    doc = nlp(text)
    assert doc.text == text
    assert len(doc) > 1000


def test_tokenizer_serialises_without_model(tmp_path, nlp):
    nlp.to_disk(tmp_path / "p")
    files = [p for p in (tmp_path / "p").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1_000_000, "the pkuseg model must not be copied"
    again = spacy.load(tmp_path / "p")
    assert isinstance(again.tokenizer, ViewTokenizer)
    assert again("會議").text == "會議"


def test_tokenizer_from_config_settings():
    nlp = spacy.blank(
        "zh",
        config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1", "opencc_config": None}}},
    )
    doc = nlp("會議")
    assert "".join(t.norm_ for t in doc) == "會議"


class _CharSegmenter:
    """A stand-in segmenter: one token per character (no model needed)."""

    def cut(self, text):
        return list(text)


@pytest.fixture(scope="module")
def char_nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.tokenizer._segmenter = _CharSegmenter()
    return nlp


_alphabet = st.sampled_from(list("當前位置政協會議省市，,、。；!?()（）\"  \n\t１２3a(dāng)(xié)部落格>|X"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_alphabet, max_size=60).map("".join))
def test_tokenizer_text_is_input_for_any_text(char_nlp, text):
    doc = char_nlp(text)
    assert doc.text == text
    assert all(t.text for t in doc)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_alphabet, max_size=60).map("".join))
def test_tokenizer_text_is_input_with_pkuseg(nlp, text):
    assert nlp(text).text == text
