"""The Dask engine on a LocalCluster of 2 worker processes: same files as a local run."""

import json

import pytest

pytest.importorskip("distributed")

from typer.testing import CliRunner  # noqa: E402

from pipeline.cli import app  # noqa: E402

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    texts = ["市政协召开主席会议，研究部署年度协商计划。", "自治區政協召開常委會議。", "", "县政协组织委员视察乡村振兴工作。"]
    for k in range(10):  # more documents than one partition
        (d / f"doc{k:02d}.txt").write_text(texts[k % len(texts)] * (k + 1), encoding="utf-8")
    (d / "doc04.txt").write_bytes(b"\x00\x01\x02PK\x00")  # a read error in the middle
    (d / "trad.txt").write_bytes("自治區政協召開會議。".encode("big5"))
    return d


def test_dask_engine_matches_local(inputs, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    r1 = runner.invoke(app, ["annotate", str(inputs), "-o", str(local), "--format", "jsonl,conll,relations"])
    r2 = runner.invoke(app, ["annotate", str(inputs), "-o", str(dask), "--format", "jsonl,conll,relations",
                             "--engine", "dask", "-n", "2"])
    assert r1.exit_code == r2.exit_code == 1, r2.output  # the binary file fails in both
    files = sorted(p.name for p in local.iterdir())
    assert files == sorted(p.name for p in dask.iterdir())
    for name in files:
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name
    records = [json.loads(x) for x in (dask / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(x) for x in (dask / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10 and [e["id"] for e in errors] == ["doc04"]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def test_dask_workers_load_the_model_once(inputs, client):
    from pipeline.engines.dask import process, worker_loads
    from pipeline.io import Document, iter_inputs

    items = list(iter_inputs([inputs]))
    out = list(process(items, client=client, partition_size=2))
    loads = worker_loads(client)
    assert [o[0].id for o in out] == [i.id for i in items]  # every input, in order
    assert sum(isinstance(o[0], Document) and o[1] is not None for o in out) == 10
    assert len(loads) == 2
    assert all(len(models) <= 1 for models in loads.values())  # at most once per worker process
    assert sum(len(models) for models in loads.values()) >= 1


def test_dask_failed_partitions_become_errors(inputs, client):
    import spacy

    from pipeline.engines.dask import process
    from pipeline.io import ReadError, iter_inputs

    items = list(iter_inputs([inputs]))
    out = list(process(items, nlp=spacy.blank("xx"), model="/nonexistent/model", client=client, partition_size=3))
    assert [o[0].id for o in out] == [i.id for i in items]
    assert all(isinstance(o[0], ReadError) and o[1] is None for o in out)
    assert sum("on the cluster" in o[0].error for o in out) == 10  # the binary file keeps its read error
