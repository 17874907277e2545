"""Scoring predictions against gold, exactly as the team's referee ``score.py`` does.

Entities match on (start, end, label); events one to one on type with the
largest trigger overlap; arguments on role, exactly for AGENT/MEETING/TIME/
COUNT and by overlap for TOPIC/PLACE. ``score`` returns the referee's numbers;
``breakdown`` adds triggers per event type and arguments per role, using the
same matching.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

EXACT_ROLES = {"AGENT", "MEETING", "TIME", "COUNT"}


def load_jsonl(path) -> Dict[str, dict]:
    docs = {}
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs[d["id"]] = d
    return docs


def _overlap(a, b) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def match_events(gold: List[dict], pred: List[dict]) -> List[Tuple[dict, dict]]:
    """Greedy one-to-one pairing by type and largest trigger overlap (the referee's order)."""
    pairs = sorted(
        (
            (_overlap(g["trigger"], p["trigger"]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if g["type"] == p["type"] and _overlap(g["trigger"], p["trigger"]) > 0
        ),
        reverse=True,
    )
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def match_args(gold_args: Iterable[dict], pred_args: List[dict]) -> List[Tuple[dict, dict]]:
    """Matched (gold, pred) argument pairs, first fit in gold order."""
    used, out = set(), []
    for g in gold_args:
        for i, p in enumerate(pred_args):
            if i in used or p["role"] != g["role"]:
                continue
            if g["role"] in EXACT_ROLES:
                same = (p["start"], p["end"]) == (g["start"], g["end"])
            else:
                same = _overlap(g, p) > 0
            if same:
                used.add(i)
                out.append((g, p))
                break
    return out


def score(gold_docs: Dict[str, dict], pred_docs: Dict[str, dict], *, breakdown: bool = False) -> dict:
    ent: Counter = Counter()
    trig: Counter = Counter()
    args: Counter = Counter()
    by_type: Counter = Counter()
    by_role: Counter = Counter()
    errors = []
    for doc_id, g in gold_docs.items():
        p = pred_docs.get(doc_id)
        if p is None:
            errors.append(f"{doc_id}: no prediction")
            p = {"entities": [], "events": []}
        elif p.get("text") != g["text"]:
            errors.append(f"{doc_id}: predicted text differs from the original text")
        gs = {(e["start"], e["end"], e["label"]) for e in g["entities"]}
        ps = {(e["start"], e["end"], e["label"]) for e in p.get("entities", [])}
        for label in {x[2] for x in gs | ps}:
            gl = {x for x in gs if x[2] == label}
            pl = {x for x in ps if x[2] == label}
            ent[(label, "tp")] += len(gl & pl)
            ent[(label, "fp")] += len(pl - gl)
            ent[(label, "fn")] += len(gl - pl)
        gev, pev = g.get("events", []), p.get("events", [])
        pairs = match_events(gev, pev)
        trig["tp"] += len(pairs)
        trig["fp"] += len(pev) - len(pairs)
        trig["fn"] += len(gev) - len(pairs)
        matched_g = {id(a) for a, _ in pairs}
        matched_p = {id(b) for _, b in pairs}
        for ge, pe in pairs:
            hits = match_args(ge["arguments"], pe["arguments"])
            args["tp"] += len(hits)
            args["fp"] += len(pe["arguments"]) - len(hits)
            args["fn"] += len(ge["arguments"]) - len(hits)
            by_type[(ge["type"], "tp")] += 1
            hit_g = {id(a) for a, _ in hits}
            hit_p = {id(b) for _, b in hits}
            for a in ge["arguments"]:
                by_role[(a["role"], "tp" if id(a) in hit_g else "fn")] += 1
            for a in pe["arguments"]:
                if id(a) not in hit_p:
                    by_role[(a["role"], "fp")] += 1
        for e in gev:
            if id(e) not in matched_g:
                by_type[(e["type"], "fn")] += 1
                for a in e["arguments"]:
                    by_role[(a["role"], "fn")] += 1
        for e in pev:
            if id(e) not in matched_p:
                by_type[(e["type"], "fp")] += 1
                for a in e["arguments"]:
                    by_role[(a["role"], "fp")] += 1
        args["fn"] += sum(len(e["arguments"]) for e in gev if id(e) not in matched_g)
        args["fp"] += sum(len(e["arguments"]) for e in pev if id(e) not in matched_p)
    labels = sorted({k[0] for k in ent})
    result: dict = {"entities": {lab: prf(ent[(lab, "tp")], ent[(lab, "fp")], ent[(lab, "fn")]) for lab in labels}}
    result["entities"]["micro"] = prf(*(sum(ent[(lab, k)] for lab in labels) for k in ("tp", "fp", "fn")))
    result["triggers"] = prf(trig["tp"], trig["fp"], trig["fn"])
    result["arguments"] = prf(args["tp"], args["fp"], args["fn"])
    result["errors"] = errors
    if breakdown:
        result["triggers_by_type"] = {
            t: prf(by_type[(t, "tp")], by_type[(t, "fp")], by_type[(t, "fn")]) for t in sorted({k[0] for k in by_type})
        }
        result["arguments_by_role"] = {
            r: prf(by_role[(r, "tp")], by_role[(r, "fp")], by_role[(r, "fn")]) for r in sorted({k[0] for k in by_role})
        }
    return result


def group_of(doc_id: str, pattern: str = r"^[A-Za-z]+") -> str:
    """A document's group: the part of its id the pattern matches (dev ids T1, L3, N7 -> T, L, N)."""
    m = re.match(pattern, doc_id)
    return m.group(0) if m and m.group(0) else "(none)"


def score_by_group(
    gold_docs: Dict[str, dict], pred_docs: Dict[str, dict], *, pattern: str = r"^[A-Za-z]+", breakdown: bool = False
) -> Dict[str, dict]:
    """``score`` on each group of documents (grouped by ``group_of``), in sorted group order."""
    groups: Dict[str, Dict[str, dict]] = {}
    for doc_id, doc in gold_docs.items():
        groups.setdefault(group_of(doc_id, pattern), {})[doc_id] = doc
    out = {}
    for g, docs in sorted(groups.items()):
        out[g] = score(docs, pred_docs, breakdown=breakdown)
        out[g]["docs"] = len(docs)
    return out


def format_groups(by_group: Dict[str, dict]) -> List[str]:
    """One line per group: entity F1 per label and micro, trigger and argument F1."""
    labels = sorted({lab for res in by_group.values() for lab in res["entities"] if lab != "micro"})
    head = ["group", "docs"] + labels + ["micro", "TRIGGERS", "ARGUMENTS"]
    lines = ["  ".join(f"{h:>9}" for h in head)]
    for g, res in by_group.items():
        ents = res["entities"]
        cells = [g, str(res.get("docs", ""))] + [
            f"{ents[lab]['f']:.3f}" if lab in ents else "-" for lab in labels + ["micro"]
        ]
        cells += [f"{res['triggers']['f']:.3f}", f"{res['arguments']['f']:.3f}"]
        lines.append("  ".join(f"{c:>9}" for c in cells))
    return lines


def format_report(res: dict) -> List[str]:
    """Lines as the referee prints them."""
    rows = list(res["entities"].items()) + [("TRIGGERS", res["triggers"]), ("ARGUMENTS", res["arguments"])]
    lines = [
        f"{name:10} P={row['p']:.3f} R={row['r']:.3f} F={row['f']:.3f}  (tp={row['tp']} fp={row['fp']} fn={row['fn']})"
        for name, row in rows
    ]
    lines += [f"error: {e}" for e in res["errors"]]
    return lines
