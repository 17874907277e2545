"""A static HTML report of ``annotations.jsonl``: an index and one page per document.

    write_report(annotations_path, outdir) -> Path of index.html

It reads the records ``annotate`` wrote (and ``errors.jsonl`` beside them) and
re-derives nothing. Entities and event triggers are highlighted with displaCy
(``style="ent"``, ``manual=True``); each event is a row that links its trigger
to its arguments. The filters (entity labels, event types, a minimum
confidence) run in the page and can be set in its address:
``doc.html?ev=CONVENE,PROPOSAL&ent=ORG&minconf=0.8``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from spacy import displacy

from ..tasks.common import COLORS, ENTITY_LABELS, EVENT_TYPES

REPORT_DIR = "report"
# displaCy's entity template with ids and data attributes for linking and filtering
TPL_MARK = (
    '<mark class="entity {cls}" id="{mid}" data-label="{label}"{attrs} '
    'style="background: {bg}; padding: 0.2em 0.35em; margin: 0 0.15em; line-height: 2; border-radius: 0.35em;">'
    '{text}<span class="tag" style="font-size: 0.7em; font-weight: bold; margin-left: 0.3rem">{tag}</span></mark>'
)
CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif;
       margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.entities { line-height: 2.2; border: 1px solid #ddd; padding: 1em; border-radius: 0.4em; }
mark.off { background: transparent !important; }
mark.off .tag { display: none; }
mark.trigger.off { outline: none; }
mark.trigger { outline: 2px solid #555; }
mark.hl, mark:target { box-shadow: 0 0 0 3px #d00; }
tr.event.off, li.arg.off { display: none; }
tr.event:target, tr.event.hl { background: #fff6cc; }
#filters { position: sticky; top: 0; background: #fafafa; border: 1px solid #ddd; padding: 0.5em; z-index: 2; }
#filters label { margin-right: 0.6em; white-space: nowrap; }
.muted { color: #777; font-size: 0.9em; }
"""
JS = """
(function () {
  const form = document.getElementById('filters');
  const q = new URLSearchParams(location.search);
  function preset(name) {
    if (!q.has(name)) return;
    const want = new Set(q.get(name).split(',').filter(Boolean));
    form.querySelectorAll('input[name=' + name + ']').forEach(b => { b.checked = want.has(b.value); });
  }
  preset('ent'); preset('ev');
  if (q.has('minconf')) form.minconf.value = q.get('minconf');
  function checked(name) {
    return new Set(Array.from(form.querySelectorAll('input[name=' + name + ']:checked')).map(b => b.value));
  }
  function conf(el) { const c = el.dataset.confidence; return c === undefined || c === '' ? 1 : parseFloat(c); }
  function apply() {
    const ents = checked('ent'), evs = checked('ev'), minc = parseFloat(form.minconf.value);
    document.getElementById('minconf-value').textContent = minc.toFixed(2);
    document.querySelectorAll('mark.ent').forEach(m => m.classList.toggle('off', !ents.has(m.dataset.label)));
    let shown = 0;
    document.querySelectorAll('tr.event').forEach(row => {
      const on = evs.has(row.dataset.type) && conf(row) >= minc;
      row.classList.toggle('off', !on);
      if (on) shown += 1;
      row.querySelectorAll('li.arg').forEach(a => a.classList.toggle('off', conf(a) < minc));
      const m = document.getElementById(row.dataset.trigger);
      if (m) m.classList.toggle('off', !on);
    });
    document.getElementById('shown-events').textContent = shown;
  }
  form.addEventListener('input', apply);
  document.querySelectorAll('tr.event').forEach(row => {
    row.addEventListener('click', () => {
      const on = !row.classList.contains('hl');
      document.querySelectorAll('.hl').forEach(x => x.classList.remove('hl'));
      if (!on) return;
      row.classList.add('hl');
      (row.dataset.marks || '').split(' ').filter(Boolean).forEach(id => {
        const m = document.getElementById(id); if (m) m.classList.add('hl');
      });
    });
  });
  apply();
})();
"""


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    out = []
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
    return out


def page_name(index: int, doc_id: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", str(doc_id)).strip("._")[:60] or "doc"
    return f"{index:04d}-{slug}.html"


def _page(title: str, body: str, script: str = "") -> str:
    js = f"<script>{script}</script>" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body>\n{body}\n{js}</body></html>\n")


def _fmt_conf(value: Optional[float]) -> str:
    return "" if value is None else f"{value:g}"


def _marks(record: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], Dict[Tuple[int, int], str]]:
    """displaCy spans (entities, then triggers that overlap no entity) and the mark id of each entity span."""
    spans, by_span, taken = [], {}, []
    for i, ent in enumerate(record.get("entities") or [], 1):
        mid = f"T{i}"
        by_span[(ent["start"], ent["end"])] = mid
        norm = ent.get("norm")
        attrs = f' title="{escape(json.dumps(norm, ensure_ascii=False))}"' if norm is not None else ""
        spans.append({"start": ent["start"], "end": ent["end"], "label": ent["label"],
                      "params": {"cls": "ent", "mid": mid, "attrs": attrs, "label": escape(ent["label"]),
                                 "tag": escape(ent["label"])}})
        taken.append((ent["start"], ent["end"]))
    for ev in record.get("events") or []:
        t = ev["trigger"]
        if any(t["start"] < e and s < t["end"] for s, e in taken):
            continue  # inside an entity: shown in the event table only
        taken.append((t["start"], t["end"]))
        eid = escape(str(ev["id"]))
        attrs = f' data-event="{eid}" data-confidence="{_fmt_conf(ev.get("confidence"))}"'
        spans.append({"start": t["start"], "end": t["end"], "label": ev["type"],
                      "params": {"cls": "trigger", "mid": f"trigger-{eid}", "attrs": attrs, "label": escape(ev["type"]),
                                 "tag": f'<a href="#ev-{eid}">{escape(ev["type"])} {eid}</a>'}})
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return spans, by_span


def render_text(record: Dict[str, Any]) -> Tuple[str, Dict[Tuple[int, int], str], set]:
    """displaCy markup of the text, the mark id of each entity span, the ids of the marks drawn."""
    spans, by_span = _marks(record)
    marked = {s["params"]["mid"] for s in spans}
    html = displacy.render(
        {"text": record["text"], "ents": spans, "title": None},
        style="ent", manual=True, page=False, jupyter=False,
        options={"colors": COLORS, "template": TPL_MARK},
    )
    return html, by_span, marked


def _event_rows(record: Dict[str, Any], by_span: Dict[Tuple[int, int], str], marked: set) -> str:
    rows = []
    for ev in record.get("events") or []:
        eid = escape(str(ev["id"]))
        t = ev["trigger"]
        marks = [f"trigger-{eid}"] if f"trigger-{eid}" in marked else []
        trigger = (f'<a class="trigger-link" href="#trigger-{eid}">{escape(t["text"])}</a>' if marks
                   else f'{escape(t["text"])} <span class="muted">(inside an entity)</span>')
        items = []
        for arg in ev.get("arguments") or []:
            mid = by_span.get((arg["start"], arg["end"]))
            shown = escape(arg["text"])
            if mid:
                marks.append(mid)
                shown = f'<a href="#{mid}">{shown}</a>'
            extra = " ".join(x for x in (arg.get("label") or "", escape(json.dumps(arg["norm"], ensure_ascii=False))
                                                                    if arg.get("norm") is not None else "") if x)
            items.append(
                f'<li class="arg" data-role="{escape(arg["role"])}" data-confidence="{_fmt_conf(arg.get("confidence"))}">'
                f'<b>{escape(arg["role"])}</b> {shown} <span class="muted">{arg["start"]}–{arg["end"]} {extra} '
                f'{escape(arg.get("source") or "")} {_fmt_conf(arg.get("confidence"))}</span></li>'
            )
        rows.append(
            f'<tr class="event" id="ev-{eid}" data-type="{escape(ev["type"])}" data-trigger="trigger-{eid}" '
            f'data-confidence="{_fmt_conf(ev.get("confidence"))}" data-marks="{" ".join(marks)}">'
            f'<td>{eid}</td><td>{escape(ev["type"])}</td>'
            f'<td>{trigger} '
            f'<span class="muted">{t["start"]}–{t["end"]}</span></td>'
            f'<td><ul>{"".join(items)}</ul></td>'
            f'<td class="muted">{escape(ev.get("source") or "")}</td><td class="n">{_fmt_conf(ev.get("confidence"))}</td></tr>'
        )
    return "\n".join(rows)


def document_page(record: Dict[str, Any], *, index_href: str = "../index.html") -> str:
    text_html, by_span, marked = render_text(record)
    ents = Counter(e["label"] for e in record.get("entities") or [])
    evs = Counter(e["type"] for e in record.get("events") or [])
    boxes = " ".join(f'<label><input type="checkbox" name="ent" value="{x}" checked> {x} ({ents[x]})</label>'
                     for x in ENTITY_LABELS)
    boxes_ev = " ".join(f'<label><input type="checkbox" name="ev" value="{x}" checked> {x} ({evs[x]})</label>'
                        for x in EVENT_TYPES)
    n_events = len(record.get("events") or [])
    body = f"""<p><a href="{index_href}">← all documents</a></p>
<h1>{escape(str(record["id"]))}</h1>
<p class="muted">{len(record["text"])} characters, {sum(ents.values())} entities, {n_events} events</p>
<form id="filters" onsubmit="return false">
<div>Entities: {boxes}</div>
<div>Events: {boxes_ev}</div>
<div><label>Minimum confidence <input type="range" name="minconf" min="0" max="1" step="0.05" value="0">
<output id="minconf-value">0.00</output></label>
<span class="muted">showing <span id="shown-events">{n_events}</span> of {n_events} events</span></div>
</form>
<h2>Text</h2>
{text_html}
<h2>Events</h2>
<p class="muted">Click a row to highlight its trigger and arguments in the text; a trigger's tag links to its row.</p>
<table id="events"><thead><tr><th>id</th><th>type</th><th>trigger</th><th>arguments</th><th>source</th><th>confidence</th></tr></thead>
<tbody>
{_event_rows(record, by_span, marked)}
</tbody></table>"""
    return _page(str(record["id"]), body, JS)


def index_page(records: List[Dict[str, Any]], names: List[str], errors: List[Dict[str, Any]]) -> str:
    ent_total, ev_total = Counter(), Counter()
    rows = []
    for record, name in zip(records, names):
        ents = Counter(e["label"] for e in record.get("entities") or [])
        evs = Counter(e["type"] for e in record.get("events") or [])
        ent_total.update(ents)
        ev_total.update(evs)
        cells = "".join(f'<td class="n">{ents[x]}</td>' for x in ENTITY_LABELS)
        cells += "".join(f'<td class="n">{evs[x]}</td>' for x in EVENT_TYPES)
        rows.append(f'<tr class="doc"><td><a href="docs/{name}">{escape(str(record["id"]))}</a></td>'
                    f'<td class="n">{len(record["text"])}</td>{cells}</tr>')
    head = "".join(f"<th>{x}</th>" for x in (*ENTITY_LABELS, *EVENT_TYPES))
    total = "".join(f'<td class="n">{ent_total[x]}</td>' for x in ENTITY_LABELS)
    total += "".join(f'<td class="n">{ev_total[x]}</td>' for x in EVENT_TYPES)
    chars = sum(len(r["text"]) for r in records)
    err_html = ""
    if errors:
        items = "".join(f"<li>{escape(str(e.get('id') or e.get('source')))}: {escape(str(e.get('error')))}</li>"
                        for e in errors)
        err_html = f'<h2>Errors</h2><p>{len(errors)} input(s) could not be processed:</p><ul id="errors">{items}</ul>'
    body = f"""<h1>Annotation report</h1>
<p>{len(records)} documents, {chars} characters, {sum(ent_total.values())} entities, {sum(ev_total.values())} events.</p>
<h2>Totals</h2>
<table id="totals"><tr><th>entity type</th><th>count</th></tr>
{"".join(f'<tr><td>{x}</td><td class="n">{ent_total[x]}</td></tr>' for x in ENTITY_LABELS)}
<tr><th>event type</th><th>count</th></tr>
{"".join(f'<tr><td>{x}</td><td class="n">{ev_total[x]}</td></tr>' for x in EVENT_TYPES)}
</table>
<h2>Documents</h2>
<table id="documents"><thead><tr><th>document</th><th>characters</th>{head}</tr></thead>
<tbody>
{"".join(rows)}
<tr class="total"><th>total</th><td class="n">{chars}</td>{total}</tr>
</tbody></table>
{err_html}"""
    return _page("Annotation report", body)


def write_report(annotations, outdir=None) -> Path:
    """Write the report of ``annotations`` (annotations.jsonl or the folder holding it); returns index.html."""
    path = Path(annotations)
    if path.is_dir():
        path = path / "annotations.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run annotate first")
    outdir = Path(outdir) if outdir is not None else path.parent / REPORT_DIR
    records = read_jsonl(path)
    errors = read_jsonl(path.parent / "errors.jsonl")
    (outdir / "docs").mkdir(parents=True, exist_ok=True)
    for old in (outdir / "docs").glob("[0-9][0-9][0-9][0-9]-*.html"):
        old.unlink()  # pages of an earlier run
    names = [page_name(i, r["id"]) for i, r in enumerate(records, 1)]
    for record, name in zip(records, names):
        (outdir / "docs" / name).write_text(document_page(record), encoding="utf-8")
    index = outdir / "index.html"
    index.write_text(index_page(records, names, errors), encoding="utf-8")
    return index
