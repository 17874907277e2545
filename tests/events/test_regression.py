"""Score floors of the event linker (ISSUES 8): the seeds always; the dev set
(``../shared/dev``, third-party texts kept outside the repository) when present.

Floors sit just under the scores measured when they were set, so a change
that loses a class of events or arguments fails here."""

from pathlib import Path

import pytest

from pipeline.cli.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus" / "gold" / "seeds.jsonl"
DEV = ROOT.parent / "shared" / "dev" / "gold.jsonl"
HELDOUT = ROOT / "corpus" / "heldout" / "heldout.jsonl"

FLOORS = {
    # (gold, gold_entities): (triggers F1, arguments F1); with the product's own
    # entities the dev floors are the targets, with gold entities they
    # sit just under the linker's measured scores (0.917 / 0.869)
    ("seeds", False): (0.93, 0.84),
    ("seeds", True): (0.94, 0.85),
    ("dev", False): (0.85, 0.72),
    ("dev", True): (0.90, 0.85),
    # the blind set (corpus/heldout/README.md): programmatic texts, many
    # statements of intent; floors just under the first measurement (0.699 / 0.609)
    ("heldout", False): (0.68, 0.59),
}
ROLE_FLOORS_DEV = {"AGENT": 0.7, "COUNT": 0.9, "MEETING": 0.8, "PLACE": 0.8, "TIME": 0.8, "TOPIC": 0.78}


def _path(name):
    path = {"seeds": SEEDS, "dev": DEV, "heldout": HELDOUT}[name]
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.mark.parametrize("name,gold_entities", list(FLOORS))
def test_event_scores_stay_above_floors(name, gold_entities):
    res = evaluate(_path(name), None, breakdown=True, gold_entities=gold_entities)
    trig_floor, arg_floor = FLOORS[(name, gold_entities)]
    assert res["triggers"]["f"] >= trig_floor, res["triggers"]
    assert res["arguments"]["f"] >= arg_floor, res["arguments"]


def test_dev_roles_stay_above_floors():
    res = evaluate(_path("dev"), None, breakdown=True)
    for role, floor in ROLE_FLOORS_DEV.items():
        assert res["arguments_by_role"][role]["f"] >= floor, (role, res["arguments_by_role"][role])
