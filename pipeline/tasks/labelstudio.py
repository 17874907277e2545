"""Label Studio tasks: records out as pre-annotated tasks, a corrected JSON export back in.

The format is Label Studio's documented task JSON (labelstud.io/guide/task_format,
/guide/predictions): a task is ``{"data": {"text", "doc_id"}, "predictions"|"annotations":
[{"result": [...]}]}``; a span is a result of type ``labels`` (``value``: start, end,
text, labels), an argument a result of type ``relation`` (``from_id``, ``to_id``,
``direction``, ``labels`` = [role]). ``label_config()`` is the matching labelling
interface. Offsets are code points; an export whose offsets count UTF-16 units
(older Label Studio versions, after an emoji) is recognised by the region's text.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List
from xml.sax.saxutils import quoteattr

from .common import (
    ARG_LABEL,
    COLORS,
    ENTITY_LABELS,
    EVENT_TYPES,
    ROLES,
    ReadRegion,
    ReadRelation,
    TaskError,
    layout_to_record,
    record_to_layout,
)

FROM_NAME = "label"
TO_NAME = "text"
MODEL_VERSION = "cppcc-ie"


def _region_ids(regions) -> Dict[int, str]:
    """Readable ids: T<n> for entities, the event id for a trigger, A<n> for ARG regions."""
    ids: Dict[int, str] = {}
    for r in regions:
        rid = r.event_id if r.kind == "trigger" and r.event_id else {"entity": "T", "trigger": "E", "arg": "A"}[r.kind] + str(r.key)
        ids[r.key] = rid if rid not in ids.values() else f"{rid}-{r.key}"
    return ids


def record_to_task(record: Dict[str, Any], *, as_annotation: bool = False) -> Dict[str, Any]:
    """One Label Studio task; the record's entities and events as a prediction (or an annotation)."""
    text = record["text"]
    layout = record_to_layout(record)
    ids = _region_ids(layout.regions)
    result: List[Dict[str, Any]] = []
    for r in layout.regions:
        item: Dict[str, Any] = {
            "id": ids[r.key],
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {"start": r.start, "end": r.end, "text": text[r.start:r.end], "labels": [r.label]},
        }
        if r.score is not None and not as_annotation:
            item["score"] = r.score
        result.append(item)
    for rel in layout.relations:
        result.append({"from_id": ids[rel.source], "to_id": ids[rel.target], "type": "relation",
                       "direction": "right", "labels": [rel.role]})
    # no top-level "id": Label Studio numbers the tasks it imports (its exports carry that id)
    task: Dict[str, Any] = {"data": {"text": text, "doc_id": record["id"]}}
    if as_annotation:
        task["annotations"] = [{"result": result, "ground_truth": False}]
    else:
        task["predictions"] = [{"model_version": MODEL_VERSION, "result": result}]
    return task


def records_to_tasks(records: Iterable[Dict[str, Any]], *, as_annotation: bool = False) -> List[Dict[str, Any]]:
    return [record_to_task(r, as_annotation=as_annotation) for r in records]


def label_config() -> str:
    """The labelling interface for these tasks: one Labels tag (entities, triggers, ARG) and the roles."""
    labels = "\n".join(f"    <Label value={quoteattr(x)} background={quoteattr(COLORS[x])}/>"
                       for x in (*ENTITY_LABELS, *EVENT_TYPES, ARG_LABEL))
    relations = "\n".join(f"    <Relation value={quoteattr(x)}/>" for x in ROLES)
    return (
        "<View>\n"
        f'  <Relations>\n{relations}\n  </Relations>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>\n'
        "</View>\n"
    )


def _pick_result(task: Dict[str, Any], where: str, accept_predictions: bool) -> List[Any]:
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotations:
        # the latest annotation wins (Label Studio lists them in creation order)
        latest = max(enumerate(annotations), key=lambda ia: (str(ia[1].get("updated_at") or ""), ia[0]))[1]
        result = latest.get("result")
    else:
        predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        if not (accept_predictions and predictions):
            hint = " or pass --accept-predictions to keep its pre-annotations" if predictions else ""
            raise TaskError(where, [f"no annotation: label the task in Label Studio{hint}"])
        result = predictions[-1].get("result")
    if not isinstance(result, list):
        raise TaskError(where, [f"'result' must be a list, not {type(result).__name__}"])
    return result


def task_to_record(task: Any, *, index: int, accept_predictions: bool = False) -> Dict[str, Any]:
    """The contract's record of one exported task (``index`` is its 1-based place in the file)."""
    if not isinstance(task, dict):
        raise TaskError(f"task #{index}", [f"a task must be a JSON object, not {type(task).__name__}"])
    data = task.get("data")
    doc_id = data.get("doc_id") if isinstance(data, dict) else None
    where = f"task #{index} (" + (f"id {task['id']!r}, " if "id" in task else "") + f"doc_id {doc_id!r})"
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise TaskError(where, ["'data.text' is missing: not a Label Studio task with a text"])
    if not isinstance(doc_id, str) or not doc_id:
        raise TaskError(where, ["'data.doc_id' is missing: export-tasks writes it; keep it in the project's data"])
    regions: List[ReadRegion] = []
    relations: List[ReadRelation] = []
    problems: List[str] = []
    for n, item in enumerate(_pick_result(task, where, accept_predictions), 1):
        if not isinstance(item, dict):
            problems.append(f"result {n}: not a JSON object")
            continue
        kind = item.get("type")
        if kind == "relation":
            labels = item.get("labels") or []
            if len(labels) != 1:
                problems.append(f"result {n} (relation {item.get('from_id')!r}->{item.get('to_id')!r}): "
                                f"needs exactly one role in 'labels', has {labels!r}")
                continue
            source, target = item.get("from_id"), item.get("to_id")
            if item.get("direction") == "left":
                source, target = target, source
            relations.append(ReadRelation(source, target, labels[0], name=f"result {n} (relation)"))
        elif kind == "labels":
            value = item.get("value")
            name = f"result {n} (id {item.get('id')!r})"
            if not isinstance(value, dict):
                problems.append(f"{name}: 'value' is missing")
                continue
            labels = value.get("labels") or []
            if len(labels) != 1:
                problems.append(f"{name}: needs exactly one label in 'value.labels', has {labels!r}")
                continue
            regions.append(ReadRegion(item.get("id"), value.get("start"), value.get("end"), labels[0],
                                      value.get("text"), name=name))
        else:
            problems.append(f"result {n}: type {kind!r} is not 'labels' or 'relation'")
    if problems:
        raise TaskError(where, problems)
    return layout_to_record(doc_id, data["text"], regions, relations, where)


def read_export(tasks: Any, *, accept_predictions: bool = False):
    """(records, errors) of a Label Studio JSON export (a list of tasks); errors are TaskErrors."""
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise TaskError("export", [f"a Label Studio JSON export is a list of tasks, not {type(tasks).__name__}"])
    records, errors = [], []
    for i, task in enumerate(tasks, 1):
        try:
            records.append(task_to_record(task, index=i, accept_predictions=accept_predictions))
        except TaskError as err:
            errors.append(err)
    return records, errors

