"""The documentation tells the truth about the repository: the contract shipped, commands listed."""

import re

import pytest
from conftest import ROOT
from typer.main import get_command

from pipeline.cli import app

SHARED = ROOT.parent / "shared" / "ANNOTATION.md"
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED.exists(), reason="the team's ../shared/ANNOTATION.md is not on this machine")
def test_docs_annotation_contract_equals_the_teams_copy():
    ours = (ROOT / "docs" / "ANNOTATION.md").read_text(encoding="utf-8")
    assert ours == SHARED.read_text(encoding="utf-8"), "docs/ANNOTATION.md differs: copy ../shared/ANNOTATION.md"


def test_docs_readme_points_to_the_shipped_contract():
    assert (ROOT / "docs" / "ANNOTATION.md").exists()
    assert "(docs/ANNOTATION.md)" in README
    version = re.search(r"\(v(\d+\.\d+)\)", (ROOT / "docs" / "ANNOTATION.md").read_text(encoding="utf-8")).group(1)
    assert f"v{version}" in README


def test_docs_readme_lists_every_command():
    names = sorted(get_command(app).commands)
    assert {"annotate", "evaluate", "export-tasks", "import-tasks", "report"} <= set(names)
    for name in names:
        assert f"python -m pipeline {name}" in README, name


def test_docs_readme_states_the_conll_default():
    (param,) = [p for p in get_command(app).commands["annotate"].params if p.name == "conll_level"]
    default = param.default
    assert f"--conll-level` is `{default}` by default" in README
