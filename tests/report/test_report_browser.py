"""The HTML report in a real browser: headless Chromium loads the pages, runs their script, and we read the DOM.

Chromium comes from Debian's package (``.ci/run`` installs it); without it the
test skips and says so. Screenshots are kept in ``.cache/report-test/`` (ignored
by git) for a person to look at.
"""

import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest

from pipeline.report import page_name, write_report
from pipeline.training.data import read_jsonl

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no headless Chromium (apt-get install chromium; .ci/run does): browser test skipped"
)


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.texts, self._open = [], {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self._open = a.get("id")

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open:
            self.texts[self._open] = self.texts.get(self._open, "") + data

    def having(self, tag, *classes):
        return [a for t, a in self.tags if t == tag and set(classes) <= set((a.get("class") or "").split())]


def _chromium(tmp_path, url, *args):
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *args, url]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def _dom(tmp_path, url):
    dom = Dom()
    dom.feed(_chromium(tmp_path, url, "--dump-dom"))
    return dom


@pytest.fixture(scope="module")
def records():
    from conftest import GOLD

    gold = read_jsonl(GOLD)
    # confidences as annotate writes them, so the confidence filter has something to act on
    for record in gold:
        for n, event in enumerate(record["events"]):
            event["confidence"] = 0.9 if n % 2 else 0.6
    return gold


@pytest.fixture(scope="module")
def report(records, tmp_path_factory):
    src = tmp_path_factory.mktemp("out")
    (src / "annotations.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                           encoding="utf-8")
    return write_report(src).parent


def test_report_browser_renders_entities_events_and_filters(report, records, tmp_path):
    record = records[1]
    page = (report / "docs" / page_name(2, record["id"])).as_uri()
    dom = _dom(tmp_path, page)
    marks = dom.having("mark", "entity", "ent")
    assert [m["data-label"] for m in marks] == [e["label"] for e in record["entities"]]
    assert not any("off" in m["class"].split() for m in marks)
    rows = dom.having("tr", "event")
    assert len(rows) == len(record["events"]) and dom.texts["shown-events"] == str(len(record["events"]))
    # every event row links to its trigger's mark, and every trigger's tag links back to its row
    ids = {a.get("id") for _, a in dom.tags}
    for row in rows:
        assert row["data-trigger"] in ids
    backlinks = [a["href"] for t, a in dom.tags if t == "a" and a.get("href", "").startswith("#ev-")]
    assert sorted(backlinks) == sorted(f"#{r['id']}" for r in rows)

    # the filters run in the page: only CONVENE events of confidence >= 0.8 stay, DATE marks go
    dom = _dom(tmp_path, page + "?ev=CONVENE&ent=ORG,MEETING,QUANTITY&minconf=0.8")
    expected = [e["id"] for e in record["events"] if e["type"] == "CONVENE" and e["confidence"] >= 0.8]
    assert expected, "the fixture should keep some CONVENE events"
    shown = [r["id"] for r in dom.having("tr", "event") if "off" not in r["class"].split()]
    assert shown == [f"ev-{i}" for i in expected]
    assert dom.texts["shown-events"] == str(len(expected))
    off = {m["data-label"] for m in dom.having("mark", "ent", "off")}
    assert off == {"DATE"}
    on_triggers = [m["data-event"] for m in dom.having("mark", "trigger") if "off" not in m["class"].split()]
    assert on_triggers == expected


def test_report_browser_screenshots(report, records, tmp_path):
    from conftest import ROOT

    shots = ROOT / ".cache" / "report-test"
    shots.mkdir(parents=True, exist_ok=True)
    for name, url in (("index.png", (report / "index.html").as_uri()),
                      ("document.png", (report / "docs" / page_name(2, records[1]["id"])).as_uri())):
        path = shots / name
        path.unlink(missing_ok=True)
        _chromium(tmp_path, url, "--window-size=1280,1400", f"--screenshot={path}")
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1280, 1400)
    dom = _dom(tmp_path, (report / "index.html").as_uri())
    links = [a["href"] for t, a in dom.tags if t == "a"]
    assert links == [f"docs/{page_name(i, r['id'])}" for i, r in enumerate(records, 1)]
