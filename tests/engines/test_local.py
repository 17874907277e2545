"""The local engine: every input comes back once, in order, whatever a worker does.

Fault injection: a component that kills its own process (as the OOM killer
would), sleeps past the time limit, or raises, on a marker in the text."""

import os
import signal
import time

import pytest
import spacy
from spacy.language import Language

from pipeline.engines import ENGINES, get_engine
from pipeline.engines.local import process
from pipeline.io import Document, ReadError


@Language.component("test_fault_injector")
def fault_injector(doc):
    if "KILL" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "SLOW" in doc.text:
        time.sleep(30)
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    doc.user_data["big"] = 2**70  # msgpack cannot hold it: must still cross the process boundary
    return doc


@pytest.fixture(scope="module")
def faulty():
    nlp = spacy.blank("xx")
    nlp.add_pipe("test_fault_injector")
    return nlp


def _docs(*texts):
    return [Document(f"d{i}", t, f"src{i}") for i, t in enumerate(texts)]


def _summary(outcomes):
    return [(item.id, "doc" if doc is not None else item.error) for item, doc in outcomes]


def test_engine_registry():
    assert "local" in ENGINES and get_engine("local") is process
    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("nope")


@pytest.mark.parametrize("n_process", [1, 2])
def test_engine_order_errors_and_read_errors(faulty, n_process):
    items = _docs("a b", "BOOM", "c") + [ReadError("r", "r.txt", "unreadable")] + _docs("d")
    out = list(process(items, nlp=faulty, n_process=n_process))
    assert [i.id for i, _ in out] == ["d0", "d1", "d2", "r", "d0"]
    assert out[1][1] is None and "RuntimeError: boom" in out[1][0].error
    assert out[3] == (items[3], None)
    assert out[0][1].text == "a b" and out[0][1].user_data["big"] == 2**70


def test_engine_killed_worker_is_reported_and_the_run_goes_on(faulty):
    texts = ["a", "KILL", "b", "c", "KILL again", "d", "e"]
    out = _summary(process(_docs(*texts), nlp=faulty, n_process=2))
    assert [i for i, _ in out] == [f"d{i}" for i in range(len(texts))]
    assert [s for _, s in out if s != "doc"] == [out[1][1], out[4][1]]
    assert "killed by SIGKILL" in out[1][1] and "killed by SIGKILL" in out[4][1]
    assert sum(s == "doc" for _, s in out) == 5


@pytest.mark.parametrize("n_process", [1, 2])
def test_engine_timeout(faulty, n_process):
    start = time.monotonic()
    out = _summary(process(_docs("a", "SLOW", "b"), nlp=faulty, n_process=n_process, timeout=1))
    assert time.monotonic() - start < 20
    assert out[0] == ("d0", "doc") and out[2] == ("d2", "doc")
    assert "timed out" in out[1][1]


def test_engine_too_long_document_is_an_error(faulty):
    faulty.max_length = 10
    try:
        out = _summary(process(_docs("a" * 11, "short"), nlp=faulty))
    finally:
        faulty.max_length = 1_000_000
    assert "too long: 11 characters" in out[0][1] and out[1] == ("d1", "doc")


def test_engine_loads_model_once_when_given_a_path(monkeypatch, faulty):
    import pipeline.loading

    calls = []
    monkeypatch.setattr(pipeline.loading, "load_pipeline", lambda model=None: calls.append(model) or faulty)
    out = list(process(_docs("a", "b", "c"), model="some/model", n_process=2))
    assert len(out) == 3 and calls == ["some/model"]
