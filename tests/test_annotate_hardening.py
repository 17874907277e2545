"""`annotate` as a hostile or unlucky user meets it (issue 9): every input ends in one
record or one errors.jsonl line naming it, the run goes on, and the outputs are safe."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter

import pytest
import spacy
from conftest import ROOT
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.annotate import EXIT_OUTPUT, Progress, annotate
from pipeline.loading import load_pipeline

runner = CliRunner()


@pytest.fixture(scope="module")
def product():
    return load_pipeline()


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]


def _accounted(out):
    return [r["id"] for r in _lines(out / "annotations.jsonl")], [e["id"] for e in _lines(out / "errors.jsonl")]


@pytest.mark.parametrize("n_process", [1, 2])
def test_hostile_inputs_each_end_in_one_record_or_error(product, tmp_path, n_process):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_big_counter.txt").write_text("市政协收到提案18446744073709551616件。", encoding="utf-8")
    (src / "b_huge_quantity.txt").write_text("市政协收到提案" + "9" * 4400 + "件。", encoding="utf-8")
    (src / "c_nul.txt").write_bytes("市政协\x00召开会议。".encode("utf-8"))
    with open(os.path.join(os.fsencode(src), b"d_\xff.txt"), "wb") as f:
        f.write("市政协召开会议。".encode("utf-8"))
    (src / "e.jsonl").write_bytes(
        b'{"id": "\\ud800", "text": "\xe6\x94\xbf\xe5\x8d\x8f"}\n' + b"[" * 50_000 + b"\n"
        + json.dumps({"id": "sep", "text": "甲\u2028乙。市政协召开会议。"}, ensure_ascii=False).encode() + b"\n"
    )
    (src / "f_last.txt").write_text("省政协召开常委会议。", encoding="utf-8")
    out = tmp_path / "out"
    summary = annotate([src, "/dev/zero"], out, formats=("jsonl", "conll", "relations"), n_process=n_process,
                       nlp=product)
    records, errors = _accounted(out)
    assert len(records) + len(errors) == 9 == summary.docs + summary.errors
    assert len(set(records + errors)) == 9
    assert {"a_big_counter", "c_nul", "d_\\xff", "\\ud800", "sep", "f_last"} <= set(records)
    by_id = {r["id"]: r for r in _lines(out / "annotations.jsonl")}
    assert by_id["c_nul"]["text"] == "市政协\x00召开会议。"
    assert by_id["sep"]["text"] == "甲\u2028乙。市政协召开会议。" and by_id["sep"]["source"].endswith("e.jsonl:3")
    assert by_id["f_last"]["encoding"] == "utf-8" and by_id["f_last"]["source"].endswith("f_last.txt")
    errs = {e["id"]: e for e in _lines(out / "errors.jsonl")}
    assert "character device" in errs["zero"]["error"]
    assert "nested too deeply" in errs["e:2"]["error"]
    # the 4,400-digit number: a record, or an error that names the problem
    assert "b_huge_quantity" in by_id or "digits" in errs["b_huge_quantity"]["error"]
    # the tool reads its own output back: one document per record
    again = annotate([out / "annotations.jsonl"], tmp_path / "again", nlp=product)
    assert again.docs + again.errors == len(records)
    assert [r["text"] for r in _lines(tmp_path / "again" / "annotations.jsonl")] == [
        r["text"] for r in _lines(out / "annotations.jsonl")
    ]


@spacy.Language.component("test_kill_on_marker")
def _kill_on_marker(doc):
    if "自毁" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


def test_fault_injection_killed_worker_run_finishes(tmp_path):
    """A worker killed as the OOM killer would: its document is an error, all others are records."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.ViewTokenizer.v1"}}})
    nlp.add_pipe("test_kill_on_marker")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(8):
        (src / f"{i}.txt").write_text("自毁" if i in (2, 5) else f"市政协召开第{i}次会议。", encoding="utf-8")
    summary = annotate([src], tmp_path / "out", n_process=2, nlp=nlp, timeout=60)
    records, errors = _accounted(tmp_path / "out")
    assert records == ["0", "1", "3", "4", "6", "7"] and errors == ["2", "5"]
    assert (summary.docs, summary.errors) == (6, 2)
    assert all("SIGKILL" in e["error"] for e in _lines(tmp_path / "out" / "errors.jsonl"))


def test_formula_injection_neutralised(product, tmp_path):
    src = tmp_path / "hostile.jsonl"
    text = "2023年，市政协召开专题协商会，围绕“=1+1”协商议政。"
    src.write_text(json.dumps({"id": '=HYPERLINK("http://evil.example","x")', "text": text}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    annotate([src], out, formats=("jsonl", "relations"), excel=True, nlp=product)
    with open(out / "relations.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, "the hostile document has relation rows"
    cells = [v for r in rows for v in r.values() if v]
    assert not [c for c in cells if c[0] in "=+-@\t\r"]
    assert rows[0]["doc_id"] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert any(r["argument"] == "'=1+1" for r in rows)
    with zipfile.ZipFile(out / "relations.xlsx") as book:
        xml = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<hyperlink" not in xml
    assert "=HYPERLINK(" in xml  # kept as text, unchanged
    # the JSONL record keeps the data as it is
    assert _lines(out / "annotations.jsonl")[0]["id"].startswith("=HYPERLINK")


def test_output_folder_holding_an_input_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "annotations.jsonl"
    mine.write_text(json.dumps({"id": "x", "text": "政协"}) + "\n", encoding="utf-8")
    before = mine.read_bytes()
    result = runner.invoke(app, ["annotate", str(mine), "-o", str(out)])
    assert result.exit_code == EXIT_OUTPUT and "inside the output folder" in " ".join(result.output.split())
    assert mine.read_bytes() == before


def test_unwritable_output_fails_before_loading_the_model(tmp_path, monkeypatch):
    import pipeline.loading

    monkeypatch.setattr(pipeline.loading, "load_pipeline", lambda *a, **k: pytest.fail("model loaded"))
    (tmp_path / "a.txt").write_text("政协")
    (tmp_path / "file").write_text("")
    result = runner.invoke(app, ["annotate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "file" / "out")])
    assert result.exit_code == EXIT_OUTPUT and "not writable" in " ".join(result.output.split())


def test_rerun_removes_outputs_of_formats_no_longer_written(product, tmp_path):
    (tmp_path / "a.txt").write_text("市政协召开会议。")
    out = tmp_path / "out"
    annotate([tmp_path / "a.txt"], out, formats=("jsonl", "conll", "relations"), excel=True, nlp=product)
    assert {p.name for p in out.iterdir()} >= {"annotations.conll", "relations.csv", "events.csv", "relations.xlsx"}
    annotate([tmp_path / "a.txt"], out, formats=("jsonl",), nlp=product)
    assert sorted(p.name for p in out.iterdir()) == ["annotations.jsonl", "errors.jsonl"]


def _inputs(tmp_path, n=6):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"{i:02d}.txt").write_text(f"2023年{i + 1}月，市政协召开专题协商会，围绕乡村振兴协商议政。", encoding="utf-8")
    return src


def test_resume_after_a_torn_run(product, tmp_path):
    """A run killed mid-document: --resume keeps what was finished, cuts torn lines and
    rows of unfinished documents, and adds each missing document exactly once."""
    src = _inputs(tmp_path)
    fresh, out = tmp_path / "fresh", tmp_path / "out"
    formats = ("jsonl", "conll", "relations")
    annotate([src], fresh, formats=formats, nlp=product)
    annotate([src], out, formats=formats, nlp=product)
    # tear it: keep 3 records and half of the 4th line; the 4th document's CSV rows stay
    jl = out / "annotations.jsonl"
    lines = jl.read_bytes().split(b"\n")
    jl.write_bytes(b"\n".join(lines[:3]) + b"\n" + lines[3][:20])
    summary = annotate([src], out, formats=formats, nlp=product, resume=True)
    assert (summary.resumed, summary.docs) == (3, 3)
    assert _lines(out / "annotations.jsonl") == _lines(fresh / "annotations.jsonl")
    for name in ("relations.csv", "events.csv", "annotations.conll"):
        assert (out / name).read_text(encoding="utf-8") == (fresh / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_resume_after_a_real_kill(tmp_path, sig):
    src = _inputs(tmp_path, n=24)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "annotate", str(src), "-o", str(out), "--format", "jsonl,relations"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    jl = out / "annotations.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not jl.exists() or jl.read_bytes().count(b"\n") < 3):
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    n_before = jl.read_bytes().count(b"\n")
    assert 3 <= n_before < 24, "killed in the middle of the run"
    result = subprocess.run(cmd + ["--resume"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    ids = [r["id"] for r in _lines(jl)]
    assert ids == [f"{i:02d}" for i in range(24)]
    with open(out / "events.csv", encoding="utf-8", newline="") as f:
        per_doc = [r["doc_id"] for r in csv.DictReader(f)]
    counts = Counter(per_doc)  # same text in every document: the same number of event rows each
    assert sorted(counts) == ids and len(set(counts.values())) == 1


def test_progress_in_a_log_shows_total_rate_and_time_left(tmp_path):
    log = tmp_path / "log.txt"
    with open(log, "w") as stream:
        bar = Progress(10, stream=stream, every=0)
        for _ in range(4):
            bar.update(1)
        bar.close()
    last = log.read_text().strip().splitlines()[-1]
    assert "4/10 documents (40%)" in last and "docs/s" in last and "left" in last
