"""pipeline.scoring agrees exactly with the team's referee (a verbatim copy in fixtures)."""

import copy
import importlib.util
import json
import random
from pathlib import Path

import pytest

from pipeline.scoring import format_report, group_of, load_jsonl, score, score_by_group

FIXTURES = Path(__file__).parent / "fixtures"
spec = importlib.util.spec_from_file_location("score_reference", FIXTURES / "score_reference.py")
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def _perturb(gold, seed):
    rnd = random.Random(seed)
    pred = copy.deepcopy(gold)
    for doc in pred.values():
        ents = doc["entities"]
        rnd.shuffle(ents)
        del ents[: len(ents) // 5]
        for e in ents[:10]:
            e["end"] += rnd.choice([0, 1, -1])
        for e in ents[10:15]:
            e["label"] = "ORG"
        for ev in doc["events"]:
            if rnd.random() < 0.2:
                ev["type"] = "CONVENE"
            ev["trigger"]["start"] += rnd.choice([0, 1])
            ev["arguments"] = [a for a in ev["arguments"] if rnd.random() < 0.8]
            for a in ev["arguments"]:
                if rnd.random() < 0.2:
                    a["end"] += 1
        doc["events"] = [ev for ev in doc["events"] if rnd.random() < 0.9]
    return pred


@pytest.fixture(scope="module")
def gold():
    from conftest import GOLD

    return load_jsonl(GOLD)


@pytest.mark.parametrize("seed", range(6))
def test_scoring_agrees_with_referee(gold, seed):
    pred = _perturb(gold, seed)
    ours = score(gold, pred)
    theirs = reference.score(gold, pred)
    assert ours == theirs


def test_scoring_missing_doc_and_changed_text(gold):
    pred = copy.deepcopy(gold)
    first = next(iter(pred))
    del pred[first]
    second = next(iter(pred))
    pred[second]["text"] += "x"
    assert score(gold, pred) == reference.score(gold, pred)
    assert len(score(gold, pred)["errors"]) == 2


def test_scoring_breakdown_sums_to_totals(gold):
    pred = _perturb(gold, 99)
    res = score(gold, pred, breakdown=True)
    for key, total in (("triggers_by_type", "triggers"), ("arguments_by_role", "arguments")):
        for k in ("tp", "fp", "fn"):
            assert sum(v[k] for v in res[key].values()) == res[total][k]


def test_scoring_report_lines(gold, capsys, tmp_path):
    pred = _perturb(gold, 3)
    reference.main([str(_write(gold, tmp_path / "g.jsonl")), str(_write(pred, tmp_path / "p.jsonl"))])
    printed = capsys.readouterr().out.splitlines()
    assert printed == format_report(score(gold, pred))


def _write(docs, path):
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs.values()), encoding="utf-8")
    return path


def test_scoring_by_group_partitions_the_counts():
    """Each group is scored on its own documents; the groups' counts add up to the whole."""
    gold = load_jsonl(Path(__file__).resolve().parent.parent / "corpus" / "gold" / "seeds.jsonl")
    renamed = {}
    for i, (doc_id, doc) in enumerate(gold.items()):
        new_id = ("A" if i % 2 else "B") + doc_id
        renamed[new_id] = {**doc, "id": new_id}
    pred = _perturb(copy.deepcopy(renamed), 3)
    whole = score(renamed, pred)
    groups = score_by_group(renamed, pred)
    assert sorted(groups) == ["A", "B"]
    assert sum(g["docs"] for g in groups.values()) == len(renamed)
    for key in ("tp", "fp", "fn"):
        assert sum(g["entities"]["micro"][key] for g in groups.values()) == whole["entities"]["micro"][key]
        assert sum(g["arguments"][key] for g in groups.values()) == whole["arguments"][key]
    assert groups["A"]["entities"]["micro"] != groups["B"]["entities"]["micro"]


@pytest.mark.parametrize("doc_id,group", [("T1", "T"), ("LN12", "LN"), ("003_52a8", "(none)")])
def test_scoring_group_of(doc_id, group):
    assert group_of(doc_id) == group
