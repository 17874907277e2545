"""doccano: records out as sequence-labelling-with-relations JSONL, a corrected export back in.

One line a document, as doccano imports and exports it::

    {"text": "...", "doc_id": "003_x",
     "entities": [{"id": 1, "label": "ORG", "start_offset": 12, "end_offset": 15}],
     "relations": [{"id": 1, "from_id": 4, "to_id": 1, "type": "AGENT"}]}

Entities, triggers (labelled with the event type) and ``ARG`` regions are all
``entities``; an argument is a relation from the trigger to its region, typed
with the role (see ``pipeline.tasks.common``). ``doc_id`` is kept by doccano as
metadata, at the top level or under ``meta``. The project needs "Allow
overlapping spans" only where an ARG region (a topic) contains an entity.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from .common import ReadRegion, ReadRelation, TaskError, layout_to_record, record_to_layout


def record_to_line(record: Dict[str, Any]) -> Dict[str, Any]:
    layout = record_to_layout(record)
    return {
        "text": record["text"],
        "doc_id": record["id"],
        "entities": [{"id": r.key, "label": r.label, "start_offset": r.start, "end_offset": r.end}
                     for r in layout.regions],
        "relations": [{"id": i, "from_id": rel.source, "to_id": rel.target, "type": rel.role}
                      for i, rel in enumerate(layout.relations, 1)],
    }


def records_to_lines(records: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [record_to_line(r) for r in records]


def line_to_record(line: Any, *, index: int) -> Dict[str, Any]:
    """The contract's record of one exported line (``index`` is its 1-based line number)."""
    if not isinstance(line, dict):
        raise TaskError(f"line {index}", [f"a line must be a JSON object, not {type(line).__name__}"])
    meta = line.get("meta") if isinstance(line.get("meta"), dict) else {}
    doc_id = line.get("doc_id", meta.get("doc_id"))
    where = f"line {index} (doc_id {doc_id!r})"
    if not isinstance(line.get("text"), str):
        raise TaskError(where, ["'text' is missing"])
    if not isinstance(doc_id, str) or not doc_id:
        raise TaskError(where, ["'doc_id' is missing: export-tasks writes it; keep doccano's metadata on export"])
    entities, relations = line.get("entities", []), line.get("relations", [])
    if "label" in line and not entities:
        raise TaskError(where, ["'label' holds spans without ids: export the project as JSONL with relations"])
    problems: List[str] = []
    regions: List[ReadRegion] = []
    for n, ent in enumerate(entities if isinstance(entities, list) else [], 1):
        if not isinstance(ent, dict) or not {"id", "label", "start_offset", "end_offset"} <= set(ent):
            problems.append(f"entity {n}: needs id, label, start_offset and end_offset, has {ent!r}")
            continue
        regions.append(ReadRegion(ent["id"], ent["start_offset"], ent["end_offset"], ent["label"],
                                  name=f"entity {n} (id {ent['id']!r})"))
    rels: List[ReadRelation] = []
    for n, rel in enumerate(relations if isinstance(relations, list) else [], 1):
        if not isinstance(rel, dict) or not {"from_id", "to_id", "type"} <= set(rel):
            problems.append(f"relation {n}: needs from_id, to_id and type, has {rel!r}")
            continue
        rels.append(ReadRelation(rel["from_id"], rel["to_id"], rel["type"], name=f"relation {n} (id {rel.get('id')!r})"))
    if not isinstance(entities, list) or not isinstance(relations, list):
        problems.append("'entities' and 'relations' must be lists")
    if problems:
        raise TaskError(where, problems)
    return layout_to_record(doc_id, line["text"], regions, rels, where)


def read_export(lines: Iterable[Any]):
    """(records, errors) of a doccano JSONL export given as parsed lines; errors are TaskErrors."""
    records, errors = [], []
    for i, line in enumerate(lines, 1):
        try:
            records.append(line_to_record(line, index=i))
        except TaskError as err:
            errors.append(err)
    return records, errors
