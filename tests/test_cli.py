"""The CLI, through typer's CliRunner: one record or one error per input, exit codes."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    (d / "good.txt").write_text("市政协召开主席会议。", encoding="utf-8")
    (d / "trad.txt").write_bytes("自治區政協召開會議。".encode("big5"))
    (d / "bin.txt").write_bytes(b"\x00\x01\x02PK\x00")
    (d / "empty.txt").write_bytes(b"")
    return d


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_cli_annotate_records_and_errors(inputs, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(inputs), "-o", str(out), "--format", "jsonl,conll"])
    assert result.exit_code == 1, result.output  # one input failed
    records = _lines(out / "annotations.jsonl")
    errors = _lines(out / "errors.jsonl")
    assert sorted(r["id"] for r in records) == ["empty", "good", "trad"]
    assert [e["id"] for e in errors] == ["bin"] and "binary" in errors[0]["error"]
    assert {r["id"]: r["text"] for r in records}["trad"] == "自治區政協召開會議。"
    assert (out / "annotations.conll").read_text(encoding="utf-8").startswith("-DOCSTART-")
    for r in records:
        assert set(r) >= {"id", "text", "entities", "events"}


def test_cli_annotate_ok_exit_zero(inputs, tmp_path):
    result = runner.invoke(app, ["annotate", str(inputs / "good.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert len(_lines(tmp_path / "o" / "annotations.jsonl")) == 1


def test_cli_annotate_n_process_same_output(inputs, tmp_path):
    runner.invoke(app, ["annotate", str(inputs), "-o", str(tmp_path / "one")])
    runner.invoke(app, ["annotate", str(inputs), "-o", str(tmp_path / "two"), "--n-process", "2"])
    assert _lines(tmp_path / "one" / "annotations.jsonl") == _lines(tmp_path / "two" / "annotations.jsonl")
    assert _lines(tmp_path / "one" / "errors.jsonl") == _lines(tmp_path / "two" / "errors.jsonl")


def test_cli_annotate_jsonl_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "政协"}, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(src), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert [r["id"] for r in _lines(tmp_path / "o" / "annotations.jsonl")] == ["x1"]
    assert _lines(tmp_path / "o" / "errors.jsonl")[0]["source"].endswith("in.jsonl:2")


@pytest.mark.parametrize("args", [["--format", "xml"], ["--conll-level", "word"], ["--encoding", "latin-7"]])
def test_cli_annotate_bad_options(inputs, tmp_path, args):
    result = runner.invoke(app, ["annotate", str(inputs / "good.txt"), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2


def test_cli_component_failure_is_an_error_record(tmp_path, monkeypatch):
    import spacy

    from pipeline.cli.annotate import annotate

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})

    @spacy.Language.component("explode_on_boom")
    def explode(doc):
        if "爆" in doc.text:
            raise RuntimeError("boom")
        return doc

    nlp.add_pipe("explode_on_boom")
    (tmp_path / "a.txt").write_text("政协")
    (tmp_path / "b.txt").write_text("爆")
    (tmp_path / "c.txt").write_text("会议")
    summary = annotate([tmp_path], tmp_path / "out", nlp=nlp)
    assert (summary.docs, summary.errors) == (2, 1)
    errors = _lines(tmp_path / "out" / "errors.jsonl")
    assert errors[0]["id"] == "b" and "RuntimeError: boom" in errors[0]["error"]


def test_cli_evaluate_agrees_with_itself(tmp_path):
    from conftest import GOLD

    result = runner.invoke(app, ["evaluate", str(GOLD), str(GOLD), "--json"])
    assert result.exit_code == 0
    res = json.loads(result.output)
    assert res["entities"]["micro"]["f"] == 1.0 and res["triggers"]["f"] == 1.0
