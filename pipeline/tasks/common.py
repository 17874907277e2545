"""The pivot between the contract's JSONL and annotation tools: labelled regions and relations.

A record (docs/ANNOTATION.md §4) becomes regions of three kinds and relations:

- an entity: a region labelled ORG, MEETING, DATE or QUANTITY;
- an event: its trigger, a region labelled with the event type (CONSULTATION,
  PROPOSAL, CONVENE, RESEARCH, SUPERVISION);
- an argument: a relation from the trigger's region to the argument's region,
  labelled with the role. The argument's region is the entity with the same
  offsets, or else a region labelled ``ARG`` (a TOPIC or PLACE is seldom an entity).

Reading back checks every region and relation against the text and the
contract and names the task and the result at fault. Events are numbered E1…
in text order; arguments keep the order of their relations. Only the
contract's fields come back (``norm``, ``source``, ``confidence`` and
``sentence`` describe a model's output, not an annotation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

ENTITY_LABELS = ("ORG", "MEETING", "DATE", "QUANTITY")
EVENT_TYPES = ("CONSULTATION", "PROPOSAL", "CONVENE", "RESEARCH", "SUPERVISION")
ROLES = ("AGENT", "MEETING", "TIME", "COUNT", "TOPIC", "PLACE")
ARG_LABEL = "ARG"
REGION_LABELS = (*ENTITY_LABELS, *EVENT_TYPES, ARG_LABEL)
# One colour per label, shared by the Label Studio config and the HTML report.
COLORS = {
    "ORG": "#7aecec",
    "MEETING": "#bfeeb7",
    "DATE": "#bfe1d9",
    "QUANTITY": "#e4e7d2",
    "CONSULTATION": "#ffb3ba",
    "PROPOSAL": "#ffd27f",
    "CONVENE": "#f4a6ff",
    "RESEARCH": "#aab8ff",
    "SUPERVISION": "#ff9e7a",
    ARG_LABEL: "#dddddd",
}


class TaskError(ValueError):
    """A task that cannot be read back; ``where`` names the task, ``problems`` each fault."""

    def __init__(self, where: str, problems: Sequence[str]):
        self.where = where
        self.problems = list(problems)
        super().__init__(f"{where}: " + "; ".join(self.problems))


@dataclass
class Region:
    key: int  # 1-based, unique within a task
    kind: str  # "entity", "trigger" or "arg"
    start: int
    end: int
    label: str
    score: Optional[float] = None
    event_id: Optional[str] = None


@dataclass
class Relation:
    source: int  # trigger region key
    target: int  # entity or ARG region key
    role: str


@dataclass
class Layout:
    regions: List[Region] = field(default_factory=list)
    relations: List[Relation] = field(default_factory=list)


def record_to_layout(record: Dict[str, Any]) -> Layout:
    """Regions and relations of one record: entities first, then each event's trigger and argument regions."""
    layout = Layout()
    by_span: Dict[Tuple[int, int], int] = {}
    for ent in record.get("entities") or []:
        region = Region(len(layout.regions) + 1, "entity", ent["start"], ent["end"], ent["label"])
        layout.regions.append(region)
        by_span[(ent["start"], ent["end"])] = region.key
    arg_regions: Dict[Tuple[int, int], int] = {}
    for event in record.get("events") or []:
        trig = event["trigger"]
        trigger = Region(len(layout.regions) + 1, "trigger", trig["start"], trig["end"], event["type"],
                         score=event.get("confidence"), event_id=event.get("id"))
        layout.regions.append(trigger)
        for arg in event.get("arguments") or []:
            span = (arg["start"], arg["end"])
            target = by_span.get(span) or arg_regions.get(span)
            if target is None:
                region = Region(len(layout.regions) + 1, "arg", arg["start"], arg["end"], ARG_LABEL,
                                score=arg.get("confidence"))
                layout.regions.append(region)
                arg_regions[span] = target = region.key
            layout.relations.append(Relation(trigger.key, target, arg["role"]))
    return layout


@dataclass
class ReadRegion:
    """A region as a tool exported it: ``rid`` is the tool's id, ``text`` its copy of the span (or None)."""

    rid: Any
    start: Any
    end: Any
    label: Any
    text: Optional[str] = None
    name: str = ""  # how to name it in an error: "result 3 (id 'T1')"


@dataclass
class ReadRelation:
    source: Any
    target: Any
    role: Any
    name: str = ""


def _utf16_to_codepoints(text: str, start: int, end: int) -> Optional[Tuple[int, int]]:
    """Code-point offsets for UTF-16 offsets (what JavaScript counts), or None if they split a character."""
    units = 0
    out = {}
    for i, ch in enumerate(text):
        out[units] = i
        units += 2 if ord(ch) > 0xFFFF else 1
    out[units] = len(text)
    if start in out and end in out:
        return out[start], out[end]
    return None


def layout_to_record(doc_id: str, text: str, regions: Sequence[ReadRegion], relations: Sequence[ReadRelation],
                     where: str) -> Dict[str, Any]:
    """The contract's record from a tool's regions and relations; raises TaskError listing every fault."""
    problems: List[str] = []
    if not isinstance(text, str):
        raise TaskError(where, [f"the text is {type(text).__name__}, not a string"])
    kept: Dict[Any, Tuple[int, int, str]] = {}
    rejected = {r.rid for r in regions if isinstance(r.rid, (str, int))}  # a region's own fault is reported once, not again by its relations
    for r in regions:
        if not isinstance(r.rid, (str, int)):
            problems.append(f"{r.name}: the id must be a string or an integer, not {r.rid!r}")
            continue
        if r.rid in kept:
            problems.append(f"{r.name}: id {r.rid!r} is used twice")
            continue
        if r.label not in REGION_LABELS:
            problems.append(f"{r.name}: unknown label {r.label!r} (expected one of {', '.join(REGION_LABELS)})")
            continue
        if not (isinstance(r.start, int) and isinstance(r.end, int)) or isinstance(r.start, bool):
            problems.append(f"{r.name}: start/end must be integers, not {r.start!r}/{r.end!r}")
            continue
        start, end = r.start, r.end
        if r.text is not None and text[start:end] != r.text:
            fixed = _utf16_to_codepoints(text, start, end)  # an older Label Studio counts UTF-16 units
            if fixed and text[fixed[0]:fixed[1]] == r.text:
                start, end = fixed
        if not 0 <= start < end <= len(text):
            problems.append(f"{r.name}: offsets {start}-{end} outside the text (length {len(text)})")
            continue
        if r.text is not None and text[start:end] != r.text:
            problems.append(f"{r.name}: text {r.text!r} is not the text at {start}-{end} ({text[start:end]!r})")
            continue
        if text[start].isspace() or text[end - 1].isspace():
            problems.append(f"{r.name}: span {start}-{end} {text[start:end]!r} starts or ends with whitespace")
            continue
        kept[r.rid] = (start, end, r.label)
    rejected -= set(kept)
    entities = sorted((v for v in kept.values() if v[2] in ENTITY_LABELS), key=lambda v: (v[0], v[1]))
    for a, b in zip(entities, entities[1:]):
        if b[0] < a[1]:
            problems.append(f"entities overlap: {a[2]} {a[0]}-{a[1]} {text[a[0]:a[1]]!r} and "
                            f"{b[2]} {b[0]}-{b[1]} {text[b[0]:b[1]]!r} (the contract's spans are flat)")
    args: Dict[Any, List[Tuple[str, Any]]] = {}
    used = set()
    for rel in relations:
        if not isinstance(rel.source, (str, int)) or not isinstance(rel.target, (str, int)):
            problems.append(f"{rel.name}: from_id and to_id must be region ids, not {rel.source!r}/{rel.target!r}")
            continue
        if rel.source in rejected or rel.target in rejected:
            continue
        source, target = kept.get(rel.source), kept.get(rel.target)
        if rel.source not in kept:
            problems.append(f"{rel.name}: from_id {rel.source!r} is not a region of this task")
        elif source[2] not in EVENT_TYPES:
            problems.append(f"{rel.name}: from_id {rel.source!r} is a {source[2]} region, not a trigger "
                            f"(relations go from a trigger to its argument)")
        if rel.target not in kept:
            problems.append(f"{rel.name}: to_id {rel.target!r} is not a region of this task")
        elif target[2] in EVENT_TYPES:
            problems.append(f"{rel.name}: to_id {rel.target!r} is a trigger; an argument is an entity or {ARG_LABEL}")
        if rel.role not in ROLES:
            problems.append(f"{rel.name}: unknown role {rel.role!r} (expected one of {', '.join(ROLES)})")
        if rel.source in kept and rel.target in kept:
            pair = (rel.role, rel.target)
            if pair not in args.setdefault(rel.source, []):
                args[rel.source].append(pair)
            used.add(rel.target)
    for rid, (start, end, label) in kept.items():
        if label == ARG_LABEL and rid not in used:
            problems.append(f"region {rid!r} labelled {ARG_LABEL} ({text[start:end]!r}) is the argument of no event")
    if problems:
        raise TaskError(where, problems)
    triggers = sorted(((v, rid) for rid, v in kept.items() if v[2] in EVENT_TYPES), key=lambda x: x[0])
    events = []
    for n, ((start, end, label), rid) in enumerate(triggers, 1):
        arguments = []
        for role, target in args.get(rid, []):
            a_start, a_end, _ = kept[target]
            arguments.append({"role": role, "start": a_start, "end": a_end, "text": text[a_start:a_end]})
        events.append({"id": f"E{n}", "type": label, "trigger": {"start": start, "end": end, "text": text[start:end]},
                       "arguments": arguments})
    return {
        "id": doc_id,
        "text": text,
        "entities": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in entities],
        "events": events,
    }


def contract_view(record: Dict[str, Any]) -> Dict[str, Any]:
    """Only the contract's annotation fields of a record (what a round trip must keep)."""
    return {
        "id": record["id"],
        "text": record["text"],
        "entities": [{k: e[k] for k in ("start", "end", "label", "text")} for e in record.get("entities") or []],
        "events": [
            {
                "id": ev["id"],
                "type": ev["type"],
                "trigger": {k: ev["trigger"][k] for k in ("start", "end", "text")},
                "arguments": [{k: a[k] for k in ("role", "start", "end", "text")} for a in ev.get("arguments") or []],
            }
            for ev in record.get("events") or []
        ],
    }
