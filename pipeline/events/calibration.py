"""Per-rule confidences measured on a gold set.

The confidence of a rule (an argument's or trigger's ``source``) is the share
of its outputs that the gold set confirms: for a trigger rule, the share of
its triggers that match a gold trigger (same type, overlapping span, one to
one, as the referee pairs them); for an argument rule, the share of its
arguments on matched events that match a gold argument (same role, exact
span for AGENT/MEETING/TIME/COUNT, overlap for TOPIC/PLACE). Laplace-smoothed
towards 0.5 ((correct + 1) / (n + 2)) so that a rule seen twice is not
certain. ``python -m pipeline calibrate-events --gold GOLD`` runs the product
pipeline (its own entities, as a user gets them) on the gold texts and writes
``data/confidence.json``; the component reads that file (and saves it with
the model).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, Tuple

import srsly

from ..scoring import match_args, match_events

CONFIDENCE_PATH = Path(__file__).parent / "data" / "confidence.json"
DEFAULT_CONFIDENCE = 0.5


def rule_counts(gold_docs: Dict[str, dict], pred_docs: Dict[str, dict]) -> Dict[str, Tuple[int, int]]:
    """{rule: (correct, total)} over the predicted triggers and arguments."""
    correct: Counter = Counter()
    total: Counter = Counter()
    for doc_id, gold in gold_docs.items():
        pred = pred_docs.get(doc_id, {"events": []})
        pairs = match_events(gold.get("events", []), pred.get("events", []))
        matched = {id(p): g for g, p in pairs}
        for ev in pred.get("events", []):
            rule = ev["source"].split(":", 1)[1]
            total[rule] += 1
            g = matched.get(id(ev))
            if g is None:
                for a in ev["arguments"]:
                    total[a["source"].split(":", 1)[1]] += 1
                continue
            correct[rule] += 1
            hits = {id(p) for _, p in match_args(g["arguments"], ev["arguments"])}
            for a in ev["arguments"]:
                arule = a["source"].split(":", 1)[1]
                total[arule] += 1
                correct[arule] += id(a) in hits
    return {rule: (correct[rule], total[rule]) for rule in sorted(total)}


def confidences(counts: Dict[str, Tuple[int, int]]) -> Dict[str, dict]:
    return {
        rule: {"confidence": round((c + 1) / (n + 2), 2), "correct": c, "total": n}
        for rule, (c, n) in counts.items()
    }


def load_confidences(path=None) -> Dict[str, float]:
    path = Path(path) if path else CONFIDENCE_PATH
    if not path.exists():
        return {}
    data = srsly.read_json(path)
    return clean_confidences({rule: v["confidence"] for rule, v in data.get("rules", {}).items()})


def clean_confidences(table: Dict[str, float]) -> Dict[str, float]:
    """Confidences as written (two decimals): srsly's JSON reader parses 0.94 as
    0.9400000000000001, which would leak into every output record."""
    return {rule: round(float(v), 4) for rule, v in table.items()}


def write_confidences(counts: Dict[str, Tuple[int, int]], gold_name: str, path=None) -> dict:
    data = {
        "computed_on": gold_name,
        "method": "(correct + 1) / (total + 2) per source rule, product pipeline run on the gold texts",
        "rules": confidences(counts),
    }
    srsly.write_json(Path(path) if path else CONFIDENCE_PATH, data)
    return data
