"""relations.csv / events.csv / relations.xlsx writers."""

import csv
import zipfile

import pytest

from pipeline.components.event_linker import EventLinker
from pipeline.export.relations import EVENTS_FILE, RELATIONS_FILE, XLSX_FILE, RelationsWriter
from pipeline.spans import spans_from_offsets
from pipeline.table import EVENT_COLUMNS, RELATION_COLUMNS

TEXT = "2023年，市政协召开专题协商会，围绕“乡村振兴”协商议政。"
ENTS = [("2023年", "DATE"), ("市政协", "ORG"), ("专题协商会", "MEETING")]


@pytest.fixture(scope="module")
def doc(nlp):
    doc = nlp.make_doc(TEXT)
    doc.ents = spans_from_offsets(doc, [(TEXT.index(s), TEXT.index(s) + len(s), lab) for s, lab in ENTS])[0]
    return EventLinker(nlp, "event_linker")(doc)


def read_csv(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def test_export_relations_columns(doc, tmp_path):
    with RelationsWriter(tmp_path) as writer:
        writer.write("d1", doc)
        writer.write("d2", doc)
    relations = read_csv(tmp_path / RELATIONS_FILE)
    events = read_csv(tmp_path / EVENTS_FILE)
    assert relations[0] == list(RELATION_COLUMNS)
    assert events[0] == list(EVENT_COLUMNS)
    assert len(events) == 1 + 2 * len(doc._.events)
    assert len(relations) == 1 + 2 * sum(len(e["arguments"]) for e in doc._.events)
    row = dict(zip(relations[0], relations[1]))
    assert row["doc_id"] == "d1" and TEXT[int(row["trigger_start"]) : int(row["trigger_end"])] == row["trigger"]
    topic = [dict(zip(relations[0], r)) for r in relations[1:] if r[relations[0].index("role")] == "TOPIC"]
    assert topic and topic[0]["argument"] == "乡村振兴"


@pytest.mark.parametrize("excel,bom", [(False, False), (True, True)])
def test_export_relations_bom(doc, tmp_path, excel, bom):
    with RelationsWriter(tmp_path, excel=excel) as writer:
        writer.write("d1", doc)
    for name in (RELATIONS_FILE, EVENTS_FILE):
        head = (tmp_path / name).read_bytes()[:3]
        assert (head == b"\xef\xbb\xbf") is bom


def test_export_relations_xlsx_readable(doc, tmp_path):
    with RelationsWriter(tmp_path, excel=True, xlsx=True) as writer:
        writer.write("d1", doc)
    with zipfile.ZipFile(tmp_path / XLSX_FILE) as book:
        names = book.namelist()
    assert "xl/worksheets/sheet1.xml" in names and "xl/worksheets/sheet2.xml" in names


def test_export_relations_close_is_idempotent(doc, tmp_path):
    writer = RelationsWriter(tmp_path)
    writer.write("d1", doc)
    writer.close()
    writer.close()
    assert writer.n_docs == 1 and writer.n_events == len(doc._.events)
