"""In-domain floret vectors: paragraphs, tokenised lines, and a tiny build."""

import numpy
import pytest

from pipeline.training.vectors import paragraphs, tokenised_lines


def _corpus(tmp_path):
    folder = tmp_path / "external"
    (folder / "gov_reports").mkdir(parents=True)
    (folder / "cpc_docs").mkdir()
    body = "\n".join(["市政协召开主席会议，研究年度协商计划。", "县政协组织委员开展专题调研。"] * 20)
    (folder / "gov_reports" / "a.md").write_text("---\ntitle: x\n---\n" + body, encoding="utf-8")
    (folder / "cpc_docs" / "b.md").write_text(body + "\n\n政协委员提交提案。", encoding="utf-8")
    (folder / "cpc_docs" / "README.md").write_text("不读这个文件", encoding="utf-8")
    return folder


def test_vectors_paragraphs_drop_front_matter_and_readmes(tmp_path):
    paras = list(paragraphs(_corpus(tmp_path)))
    assert paras[0] == "市政协召开主席会议，研究年度协商计划。"
    assert not any("title" in p or "不读" in p for p in paras)
    assert "政协委员提交提案。" in paras


@pytest.mark.slow
def test_vectors_lines_are_view_norms(nlp):
    (line,) = tokenised_lines(nlp, iter(["自治區政協召開會議"]))
    assert "".join(line.split()) == "自治区政协召开会议"  # the Simplified view, word by word


@pytest.mark.slow
def test_vectors_tiny_build_keys_on_norm(nlp, tmp_path):
    pytest.importorskip("floret")
    import spacy

    from pipeline.training.vectors import build_vectors

    info = build_vectors(nlp, _corpus(tmp_path), tmp_path / "vec", settings={"dim": 8, "bucket": 500, "epoch": 1})
    vec = spacy.load(info["model"]).vocab.vectors
    assert vec.mode == "floret" and vec.shape == (500, 8)
    assert vec.attr == spacy.attrs.NORM
    # an unseen word still gets a vector from its characters
    unseen = vec.get_batch(["政协委员会议厅"])
    assert numpy.abs(unseen).sum() > 0
