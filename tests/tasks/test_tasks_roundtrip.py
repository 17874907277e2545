"""Label Studio and doccano round trip: the seeds' gold comes back unchanged; broken exports name the fault."""

import copy
import json
import re

import pytest
from conftest import GOLD
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.scoring import load_jsonl, score
from pipeline.tasks import TaskError, contract_view, read_tasks, write_tasks
from pipeline.tasks.doccano import line_to_record, record_to_line
from pipeline.tasks.labelstudio import label_config, record_to_task, task_to_record
from pipeline.training.data import read_jsonl

runner = CliRunner()
TEXT = "2023年5月，市政协召开专题协商会，围绕“乡村振兴”协商议政，提出建议21条。"


def _span(s, label=None):
    start = TEXT.index(s)
    out = {"start": start, "end": start + len(s), "text": s}
    if label:
        out["label"] = label
    return out


@pytest.fixture()
def predicted():
    """A record as annotate writes it: norms, sources, confidences beside the contract's fields."""
    ents = [_span("2023年5月", "DATE"), _span("市政协", "ORG"), _span("专题协商会", "MEETING"), _span("21条", "QUANTITY")]
    ents[0]["norm"] = {"value": "2023-05"}
    agent = {"role": "AGENT", **_span("市政协"), "label": "ORG", "norm": None, "source": "rule:agent", "confidence": 0.75}
    return {
        "id": "p1", "text": TEXT, "entities": ents,
        "events": [
            {"id": "E1", "type": "CONVENE", "trigger": _span("召开"), "sentence": {"start": 0, "end": len(TEXT)},
             "source": "rule:trigger", "confidence": 0.9,
             "arguments": [{"role": "MEETING", **_span("专题协商会"), "confidence": 0.9}, agent]},
            {"id": "E2", "type": "CONSULTATION", "trigger": _span("协商议政"), "confidence": 0.8,
             "arguments": [{"role": "TOPIC", **_span("乡村振兴"), "confidence": 0.8}, agent]},
        ],
    }


@pytest.fixture(scope="module")
def gold():
    return read_jsonl(GOLD)


def test_tasks_labelstudio_round_trip_is_lossless_on_the_seeds(gold):
    assert len(gold) == 5 and sum(len(r["events"]) for r in gold) > 100
    for as_annotation in (True, False):
        tasks = [record_to_task(r, as_annotation=as_annotation) for r in gold]
        tasks = json.loads(json.dumps(tasks))  # through JSON, as a file would
        back = [task_to_record(t, index=i, accept_predictions=not as_annotation) for i, t in enumerate(tasks, 1)]
        assert back == gold


def test_tasks_doccano_round_trip_is_lossless_on_the_seeds(gold):
    lines = json.loads(json.dumps([record_to_line(r) for r in gold]))
    assert [line_to_record(x, index=i) for i, x in enumerate(lines, 1)] == gold


@pytest.mark.parametrize("fmt,file", [("labelstudio", "labelstudio_tasks.json"), ("doccano", "doccano.jsonl")])
def test_tasks_cli_round_trip_feeds_evaluate_and_train(fmt, file, tmp_path, gold):
    out = tmp_path / "tasks"
    res = runner.invoke(app, ["export-tasks", str(GOLD), "-o", str(out), "--format", fmt, "--as-annotations"])
    assert res.exit_code == 0, res.output
    imported = tmp_path / "corrected.jsonl"
    res = runner.invoke(app, ["import-tasks", str(out / file), "-o", str(imported)])
    assert res.exit_code == 0, res.output
    assert read_jsonl(imported) == gold  # what train --gold reads
    scores = score(load_jsonl(GOLD), load_jsonl(imported))  # what evaluate scores
    assert scores["entities"]["micro"]["f"] == 1.0 and scores["arguments"]["f"] == 1.0


def test_tasks_predictions_keep_the_contract_fields(predicted, tmp_path):
    write_tasks([predicted], tmp_path)
    task = json.loads((tmp_path / "labelstudio_tasks.json").read_text(encoding="utf-8"))[0]
    result = task["predictions"][0]["result"]
    assert task["data"] == {"text": TEXT, "doc_id": "p1"}
    trig = next(r for r in result if r["id"] == "E1")
    assert trig["value"]["labels"] == ["CONVENE"] and trig["score"] == 0.9
    topic = next(r for r in result if r["type"] == "labels" and r["value"]["text"] == "乡村振兴")
    assert topic["value"]["labels"] == ["ARG"]
    rel = [r for r in result if r["type"] == "relation" and r["from_id"] == "E2"]
    assert [r["labels"] for r in rel] == [["TOPIC"], ["AGENT"]]
    # the shared agent is one region with two relations
    assert len([r for r in result if r["type"] == "labels" and r["value"]["text"] == "市政协"]) == 1
    for name in ("labelstudio_tasks.json", "doccano.jsonl"):
        records, errors = read_tasks(tmp_path / name, accept_predictions=True)
        assert errors == [] and records == [contract_view(predicted)]
    assert '<Relation value="TOPIC"/>' in label_config() and '<Label value="CONVENE"' in label_config()


def test_tasks_labelstudio_reads_a_correction(predicted):
    """What an annotator does in Label Studio: a new event, a relabelled entity, a deleted argument."""
    task = record_to_task(predicted, as_annotation=True)
    result = task["annotations"][0]["result"]
    start = TEXT.index("提出")
    result += [
        {"id": "xY12ab", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": start, "end": start + 2, "text": "提出", "labels": ["PROPOSAL"]}},
        {"from_id": "xY12ab", "to_id": "T4", "type": "relation", "direction": "right", "labels": ["COUNT"]},
    ]
    result[:] = [r for r in result if not (r["type"] == "relation" and r["from_id"] == "E1" and r["labels"] == ["AGENT"])]
    rec = task_to_record(task, index=1)
    assert [(e["id"], e["type"], e["trigger"]["text"]) for e in rec["events"]] == [
        ("E1", "CONVENE", "召开"), ("E2", "CONSULTATION", "协商议政"), ("E3", "PROPOSAL", "提出")]
    assert [a["role"] for a in rec["events"][0]["arguments"]] == ["MEETING"]
    assert rec["events"][2]["arguments"] == [{"role": "COUNT", **_span("21条")}]


def test_tasks_labelstudio_utf16_offsets_are_recognised():
    text = "🙂市政协召开会议。"
    task = {"id": 7, "data": {"text": text, "doc_id": "u"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 2, "end": 5, "text": "市政协", "labels": ["ORG"]}}]}]}
    assert task_to_record(task, index=1)["entities"] == [{"start": 1, "end": 4, "label": "ORG", "text": "市政协"}]


def _ls_task(predicted):
    return {"id": 3, **record_to_task(predicted, as_annotation=True)}  # as Label Studio exports it


@pytest.mark.parametrize(
    "break_it,message",
    [
        (lambda r: r[0]["value"].update(start=1), "result 1 (id 'T1'): text '2023年5月' is not the text at 1-"),
        (lambda r: r[1]["value"].update(labels=["PERSON"]), "result 2 (id 'T2'): unknown label 'PERSON'"),
        (lambda r: r[1]["value"].update(end=999, text=None), "result 2 (id 'T2'): offsets 8-999 outside the text"),
        (lambda r: r[-1].update(to_id="nope"), "to_id 'nope' is not a region of this task"),
        (lambda r: r[-1].update(from_id="T2"), "from_id 'T2' is a ORG region, not a trigger"),
        (lambda r: r[-1].update(labels=["WHO"]), "unknown role 'WHO'"),
        (lambda r: r[0].update(type="choices"), "result 1: type 'choices' is not 'labels' or 'relation'"),
        (lambda r: r[1]["value"].update(start=4, end=8, text=TEXT[4:8]), "entities overlap"),
        (lambda r: r.__setitem__(slice(None), [x for x in r if x.get("labels") != ["TOPIC"]]),
         "labelled ARG ('乡村振兴') is the argument of no event"),
    ],
)
def test_tasks_labelstudio_broken_export_names_task_and_result(predicted, break_it, message):
    task = _ls_task(predicted)
    break_it(task["annotations"][0]["result"])
    with pytest.raises(TaskError) as err:
        task_to_record(task, index=3)
    assert str(err.value).startswith("task #3 (id 3, doc_id 'p1'): ")
    assert message in str(err.value)


def test_tasks_labelstudio_task_without_annotation_is_an_error(predicted):
    task = record_to_task(predicted)
    with pytest.raises(TaskError, match=re.escape(
            "task #1 (doc_id 'p1'): no annotation: label the task in Label Studio or pass --accept-predictions")):
        task_to_record(task, index=1)
    del task["data"]["doc_id"]
    with pytest.raises(TaskError, match="'data.doc_id' is missing"):
        task_to_record(task, index=1, accept_predictions=True)


@pytest.mark.parametrize(
    "break_it,message",
    [
        (lambda x: x.pop("doc_id"), "line 2 (doc_id None): 'doc_id' is missing"),
        (lambda x: x["entities"][0].pop("end_offset"), "entity 1: needs id, label, start_offset and end_offset"),
        (lambda x: x["relations"][0].update(type="agent"), "relation 1 (id 1): unknown role 'agent'"),
        (lambda x: x["entities"][2].update(start_offset=-1), "entity 3 (id 3): offsets -1-"),
    ],
)
def test_tasks_doccano_broken_export_names_line_and_field(predicted, break_it, message):
    line = copy.deepcopy(record_to_line(predicted))
    break_it(line)
    with pytest.raises(TaskError) as err:
        line_to_record(line, index=2)
    assert message in str(err.value)


def test_tasks_doccano_meta_doc_id_is_read(predicted):
    line = record_to_line(predicted)
    line["meta"] = {"doc_id": line.pop("doc_id")}
    assert line_to_record(line, index=1) == contract_view(predicted)


def test_tasks_cli_import_reports_broken_tasks_and_keeps_the_rest(predicted, tmp_path):
    good = {"id": 1, **record_to_task(predicted, as_annotation=True)}
    bad = copy.deepcopy(good)
    bad["id"] = 2
    bad["data"]["doc_id"] = "p2"
    bad["annotations"][0]["result"][1]["value"]["labels"] = ["PERSON"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([good, bad], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "corrected.jsonl"
    res = runner.invoke(app, ["import-tasks", str(path), "-o", str(out)])
    assert res.exit_code == 1
    assert "task #2 (id 2, doc_id 'p2')" in res.output and "unknown label 'PERSON'" in res.output
    assert [r["id"] for r in read_jsonl(out)] == ["p1"]
    path.write_text("[1, 2", encoding="utf-8")
    res = runner.invoke(app, ["import-tasks", str(path), "-o", str(out)])
    assert res.exit_code == 2 and "not JSON" in res.output


def test_tasks_labelstudio_sdk_validates_the_tasks(gold, predicted):
    """Label Studio's own validator (label-studio-sdk, not a dependency: skipped without it)."""
    sdk = pytest.importorskip("label_studio_sdk.label_interface", reason="label-studio-sdk is not installed")
    interface = sdk.LabelInterface(label_config())
    interface.validate()
    for record in [*gold, predicted]:
        task = record_to_task(record)
        assert interface.validate_prediction(task["predictions"][0], return_errors=True) == []
    task["predictions"][0]["result"][0]["value"]["labels"] = ["PERSON"]
    assert interface.validate_prediction(task["predictions"][0], return_errors=True) != []
