"""The relation table: ``doc._.events`` as rows a user can filter, sort and audit.

Every cell comes from ``doc._.events`` as the ``event_linker`` wrote it
(original offsets, rule sources, confidences); nothing is re-derived here, so
the table, the CSV export and the JSONL output always agree.

    rows(doc, doc_id="x")        one dict per argument (RELATION_COLUMNS)
    event_rows(doc, doc_id="x")  one dict per event (EVENT_COLUMNS)
    to_dataframe(docs)           a pandas DataFrame of rows() (pandas imported lazily)
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from spacy.tokens import Doc

from ._extensions import original_text  # also registers doc._.events

ROLES = ("AGENT", "MEETING", "TIME", "COUNT", "TOPIC", "PLACE")
NO_ARGUMENT_ROLE = "TRIGGER"  # the row of an event without arguments
RELATION_COLUMNS = (
    "doc_id",
    "event_id",
    "event_type",
    "trigger",
    "trigger_start",
    "trigger_end",
    "role",
    "argument",
    "argument_label",
    "argument_start",
    "argument_end",
    "norm",
    "sentence",
    "source",
    "confidence",
)
EVENT_COLUMNS = (
    "doc_id",
    "event_id",
    "event_type",
    "trigger",
    "trigger_start",
    "trigger_end",
    *ROLES,
    "time_norm",
    "count_norm",
    "sentence",
    "source",
    "confidence",
)


def compact_json(value: Any) -> str:
    """A norm as compact JSON ("" for none), readable in a spreadsheet cell."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sentence(text: str, event: Dict[str, Any]) -> str:
    sent = event.get("sentence")
    if not sent:
        return ""
    return text[sent["start"] : sent["end"]].strip()


def rows(doc: Doc, doc_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """One row per event argument.

    An event without arguments gives one row with role ``TRIGGER`` whose
    argument is the trigger itself: every row has integer offsets, so the
    offset columns stay integers in pandas (an empty cell would make them float)."""
    out = []
    text = original_text(doc)
    for event in doc._.events or []:
        trig = event["trigger"]
        base = {
            "doc_id": doc_id,
            "event_id": event["id"],
            "event_type": event["type"],
            "trigger": trig["text"],
            "trigger_start": trig["start"],
            "trigger_end": trig["end"],
            "sentence": _sentence(text, event),
        }
        args = event.get("arguments") or []
        if not args:
            out.append(
                {
                    **base,
                    "role": NO_ARGUMENT_ROLE,
                    "argument": trig["text"],
                    "argument_label": "",
                    "argument_start": trig["start"],
                    "argument_end": trig["end"],
                    "norm": "",
                    "source": event.get("source", ""),
                    "confidence": event.get("confidence"),
                }
            )
            continue
        for arg in args:
            out.append(
                {
                    **base,
                    "role": arg["role"],
                    "argument": arg["text"],
                    "argument_label": arg.get("label") or "",
                    "argument_start": arg["start"],
                    "argument_end": arg["end"],
                    "norm": compact_json(arg.get("norm")),
                    "source": arg.get("source", ""),
                    "confidence": arg.get("confidence"),
                }
            )
    return [{k: r[k] for k in RELATION_COLUMNS} for r in out]


def event_rows(doc: Doc, doc_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """One row per event; several fillers of a role are joined by ";"."""
    out = []
    text = original_text(doc)
    for event in doc._.events or []:
        trig = event["trigger"]
        row: Dict[str, Any] = {
            "doc_id": doc_id,
            "event_id": event["id"],
            "event_type": event["type"],
            "trigger": trig["text"],
            "trigger_start": trig["start"],
            "trigger_end": trig["end"],
        }
        by_role: Dict[str, List[Dict[str, Any]]] = {r: [] for r in ROLES}
        for arg in event.get("arguments") or []:
            by_role.setdefault(arg["role"], []).append(arg)
        for role in ROLES:
            row[role] = ";".join(a["text"] for a in by_role[role])
        row["time_norm"] = ";".join(compact_json(a.get("norm")) for a in by_role["TIME"] if a.get("norm") is not None)
        row["count_norm"] = ";".join(compact_json(a.get("norm")) for a in by_role["COUNT"] if a.get("norm") is not None)
        row["sentence"] = _sentence(text, event)
        row["source"] = event.get("source", "")
        row["confidence"] = event.get("confidence")
        out.append({k: row[k] for k in EVENT_COLUMNS})
    return out


def _pairs(docs: Iterable[Union[Doc, Tuple[str, Doc]]]) -> Iterable[Tuple[Optional[str], Doc]]:
    for i, item in enumerate(docs):
        if isinstance(item, Doc):
            yield item.user_data.get("doc_id", str(i)), item
        else:
            yield item[0], item[1]


def to_dataframe(docs: Iterable[Union[Doc, Tuple[str, Doc]]], *, per: str = "argument"):
    """A pandas DataFrame of the relation rows (``per="argument"``) or event rows (``per="event"``).

    ``docs`` holds Docs or (doc_id, Doc) pairs. pandas is optional (the ``tables``
    extra): imported here only."""
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(
            "table.to_dataframe needs pandas, in the optional extra 'tables': "
            "pip install 'cppcc-ie[tables]' (or use table.rows(), which needs nothing)"
        ) from err
    if per not in ("argument", "event"):
        raise ValueError(f"per must be 'argument' or 'event', not {per!r}")
    make = rows if per == "argument" else event_rows
    columns = RELATION_COLUMNS if per == "argument" else EVENT_COLUMNS
    data = [r for doc_id, doc in _pairs(docs) for r in make(doc, doc_id)]
    return pd.DataFrame(data, columns=list(columns))
