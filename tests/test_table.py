"""The relation table API: rows come from doc._.events, nothing re-derived."""

import re
import sys

import pytest

from pipeline.components.event_linker import EventLinker
from pipeline.spans import spans_from_offsets
from pipeline.table import EVENT_COLUMNS, RELATION_COLUMNS, event_rows, rows, to_dataframe

TEXT = "五年来，市政协召开主席会议17次，开展专题协商60余次。"
ENTS = [("五年来", "DATE"), ("市政协", "ORG"), ("主席会议", "MEETING"), ("17次", "QUANTITY"), ("60余次", "QUANTITY")]


@pytest.fixture(scope="module")
def doc(nlp):
    doc = nlp.make_doc(TEXT)
    items = [(TEXT.index(s), TEXT.index(s) + len(s), label) for s, label in ENTS]
    doc.ents = spans_from_offsets(doc, items)[0]
    return EventLinker(nlp, "event_linker")(doc)


def test_table_rows_one_per_argument(doc):
    table = rows(doc, "d1")
    assert table and all(tuple(r) == RELATION_COLUMNS for r in table)
    assert len(table) == sum(len(e["arguments"]) for e in doc._.events)
    for r in table:
        assert r["doc_id"] == "d1"
        assert doc.text[r["trigger_start"] : r["trigger_end"]] == r["trigger"]
        assert doc.text[r["argument_start"] : r["argument_end"]] == r["argument"]
        assert r["sentence"] == TEXT


def test_table_rows_values(doc):
    table = rows(doc, "d1")
    convene = {r["role"]: r for r in table if r["event_type"] == "CONVENE"}
    assert convene["MEETING"]["argument"] == "主席会议"
    assert convene["MEETING"]["argument_label"] == "MEETING"
    assert convene["COUNT"]["argument"] == "17次"
    assert convene["AGENT"]["argument"] == "市政协"
    assert convene["TIME"]["argument"] == "五年来"


def test_table_event_rows_one_per_event(doc):
    table = event_rows(doc, "d1")
    assert [r["event_type"] for r in table] == ["CONVENE", "CONSULTATION"]
    assert all(tuple(r) == EVENT_COLUMNS for r in table)
    assert table[1]["COUNT"] == "60余次" and table[1]["AGENT"] == "市政协"


def test_table_event_rows_join_fillers(nlp):
    text = "召开主席会议、常委会会议。"
    d = nlp.make_doc(text)
    d.ents = spans_from_offsets(d, [(2, 6, "MEETING"), (7, 12, "MEETING")])[0]
    d = EventLinker(nlp, "event_linker")(d)
    assert event_rows(d)[0]["MEETING"] == "主席会议;常委会会议"


def test_table_event_without_arguments_keeps_a_row(nlp):
    d = nlp.make_doc("积极开展网络议政。")
    d.ents = []
    d = EventLinker(nlp, "event_linker")(d)
    (row,) = rows(d, "x")
    assert row["event_type"] == "CONSULTATION" and row["role"] == "TRIGGER"
    assert (row["argument_start"], row["argument_end"]) == (row["trigger_start"], row["trigger_end"])


def test_table_norm_is_compact_json(doc):
    doc._.events[0]["arguments"][0]["norm"] = {"value": "P5Y"}
    try:
        assert rows(doc)[0]["norm"] == '{"value":"P5Y"}'
    finally:
        doc._.events[0]["arguments"][0]["norm"] = None


def test_table_to_dataframe_names_the_extra_when_pandas_is_missing(doc, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=re.escape("pip install 'cppcc-ie[tables]'")):
        to_dataframe([("d1", doc)])


def test_table_to_dataframe_works_with_the_extra(doc):
    pytest.importorskip("pandas", reason="pandas is in the optional extra 'tables'")
    frame = to_dataframe([("d1", doc)])
    assert list(frame.columns) == list(RELATION_COLUMNS)
    assert len(frame) == len(rows(doc, "d1"))
