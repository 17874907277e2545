"""Logs without colour codes: wasabi colours only when the output is a terminal."""

import io
import os

from typer.testing import CliRunner
from wasabi import msg

from pipeline.cli import app
from pipeline.cli._util import plain_output_if_not_tty


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_cli_output_has_no_ansi_codes_when_not_a_tty(tmp_path, monkeypatch):
    monkeypatch.setattr(msg, "show_color", True)
    monkeypatch.delenv("ANSI_COLORS_DISABLED", raising=False)
    res = CliRunner().invoke(app, ["report", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "run annotate first" in res.output
    assert "\x1b[" not in res.output
    assert msg.show_color is False and os.environ.get("ANSI_COLORS_DISABLED") == "1"


def test_cli_output_keeps_colours_on_a_terminal(monkeypatch):
    monkeypatch.setattr(msg, "show_color", True)
    assert plain_output_if_not_tty(Tty()) is False and msg.show_color is True
    assert plain_output_if_not_tty(io.StringIO()) is True and msg.show_color is False
