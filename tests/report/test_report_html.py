"""The HTML report's markup: what write_report puts on the pages, without a browser."""

import json
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report import document_page, page_name
from pipeline.training.data import read_jsonl

runner = CliRunner()


class Elements(HTMLParser):
    """Start tags as (tag, attrs) and the text inside elements with an id."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def having(self, tag, cls=None, **attrs):
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def parse(html):
    p = Elements()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def gold():
    from conftest import GOLD

    return read_jsonl(GOLD)


def test_report_page_marks_every_entity_and_links_every_event(gold):
    record = gold[2]
    page = parse(document_page(record))
    marks = page.having("mark", "ent")
    assert [(m["data-label"], m["id"]) for m in marks] == [(e["label"], f"T{i}") for i, e in enumerate(record["entities"], 1)]
    rows = page.having("tr", "event")
    assert [r["id"] for r in rows] == [f"ev-{e['id']}" for e in record["events"]]
    triggers = {m["id"] for m in page.having("mark", "trigger")}
    for row, event in zip(rows, record["events"]):
        assert row["data-type"] == event["type"]
        assert row["data-trigger"] in triggers  # gold triggers never overlap an entity
        ids = row["data-marks"].split()
        ents = {(e["start"], e["end"]): f"T{i}" for i, e in enumerate(record["entities"], 1)}
        assert ids[1:] == [ents[(a["start"], a["end"])] for a in event["arguments"] if (a["start"], a["end"]) in ents]
    assert len(page.having("a", "trigger-link")) == len(record["events"])


def test_report_escapes_text_and_ids():
    record = {"id": "<x>", "text": "<b>市政协</b>召开会议", "entities": [{"start": 3, "end": 6, "label": "ORG", "text": "市政协"}],
              "events": []}
    html = document_page(record)
    assert "<b>" not in html and "&lt;b&gt;" in html and "<h1>&lt;x&gt;</h1>" in html


def test_report_writes_index_and_pages(gold, tmp_path):
    src = tmp_path / "out"
    src.mkdir()
    (src / "annotations.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8")
    (src / "errors.jsonl").write_text(json.dumps({"id": "bin", "error": "binary data"}) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["report", str(src)])
    assert res.exit_code == 0, res.output
    index = (src / "report" / "index.html").read_text(encoding="utf-8")
    links = [a["href"] for a in parse(index).having("a")]
    assert links == [f"docs/{page_name(i, r['id'])}" for i, r in enumerate(gold, 1)]
    assert all((src / "report" / link).exists() for link in links)
    total = sum(len(r["entities"]) for r in gold)
    assert f"{total} entities" in index and "binary data" in index
    res = runner.invoke(app, ["report", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "run annotate first" in res.output


@pytest.mark.slow
def test_report_annotate_html_flag(tmp_path):
    (tmp_path / "a.txt").write_text("2023年5月，市政协召开主席会议。", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["annotate", str(tmp_path / "a.txt"), "-o", str(out), "--html"])
    assert res.exit_code == 0, res.output
    page = parse((out / "report" / "docs" / page_name(1, "a")).read_text(encoding="utf-8"))
    assert {m["data-label"] for m in page.having("mark", "ent")} >= {"DATE", "ORG", "MEETING"}
    assert [r["data-type"] for r in page.having("tr", "event")] == ["CONVENE"]


def test_report_trigger_inside_an_entity_stays_in_the_table():
    text = "市政协调研组赴南宁调研。"
    record = {"id": "x", "text": text, "entities": [{"start": 0, "end": 6, "label": "ORG", "text": text[:6]}],
              "events": [{"id": "E1", "type": "RESEARCH", "trigger": {"start": 3, "end": 5, "text": "调研"}, "arguments": []},
                         {"id": "E2", "type": "RESEARCH", "trigger": {"start": 9, "end": 11, "text": "调研"}, "arguments": []}]}
    page = parse(document_page(record))
    assert [m["id"] for m in page.having("mark", "trigger")] == ["trigger-E2"]
    assert [a["href"] for a in page.having("a", "trigger-link")] == ["#trigger-E2"]
    assert [r["data-marks"] for r in page.having("tr", "event")] == ["", "trigger-E2"]
