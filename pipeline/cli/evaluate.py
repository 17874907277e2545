"""``evaluate``: per-label scores that agree exactly with the team's referee."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from ..scoring import format_groups, format_report, load_jsonl, score, score_by_group
from ._util import app


@app.command("evaluate")
def evaluate_cli(
    gold_path: Optional[Path] = typer.Argument(None, help="Gold JSONL (or use --gold)"),
    pred_path: Optional[Path] = typer.Argument(None, help="Predicted JSONL; omit to annotate the gold texts"),
    gold: Optional[Path] = typer.Option(None, "--gold", "-g", help="Gold JSONL"),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Pipeline to run when no PRED is given"),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON"),
    detail: bool = typer.Option(False, "--detail", "-d", help="Also triggers per type and arguments per role"),
    by_group: bool = typer.Option(False, "--by-group", "-G", help="Also F1 per group of documents (the letters an id starts with: T, L, N)"),
    gold_entities: bool = typer.Option(
        False, "--gold-entities", help="Give the event linker the gold entities (scores the linker alone)"
    ),
):
    """Score PRED against GOLD, or annotate GOLD's texts with a model and score that."""
    gold_file = gold or gold_path
    if gold_file is None:
        msg.fail("Give GOLD as an argument or with --gold", exits=2)
    if gold_entities and pred_path is not None:
        msg.fail("--gold-entities runs the model: give no PRED", exits=2)
    res = evaluate(gold_file, pred_path, model=model, breakdown=detail, gold_entities=gold_entities, by_group=by_group)
    if as_json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        for line in format_report(res):
            print(line)
        if detail:
            for key in ("triggers_by_type", "arguments_by_role"):
                rows = [(k, v["p"], v["r"], v["f"], v["tp"], v["fp"], v["fn"]) for k, v in res[key].items()]
                msg.table(rows, header=(key, "P", "R", "F", "tp", "fp", "fn"))
        if by_group:
            print()
            for line in format_groups(res["groups"]):
                print(line)
    if res["errors"]:
        raise typer.Exit(1)


def evaluate(
    gold_path: Path,
    pred_path: Optional[Path] = None,
    *,
    model=None,
    breakdown: bool = False,
    gold_entities: bool = False,
    by_group: bool = False,
) -> dict:
    """The referee's scores of PRED (or of ``model`` run on the gold texts); ``groups`` per id group if asked."""
    gold_docs = load_jsonl(gold_path)
    if gold_entities:
        from ..loading import load_pipeline

        nlp = load_pipeline(model)
        preds = link_gold_entities(nlp, gold_docs)
    elif pred_path is None:
        preds = _annotate(gold_docs, gold_path, model)
    else:
        preds = load_jsonl(pred_path)
    res = score(gold_docs, preds, breakdown=breakdown)
    if by_group:
        res["groups"] = score_by_group(gold_docs, preds, breakdown=breakdown)
    return res


def link_gold_entities(nlp, gold_docs: dict) -> dict:
    """Records whose events come from the event linker run on the GOLD entities.

    The entity scores are then perfect by construction; the event scores say
    how much of the event error is the linker's own (the rest is entity error)."""
    from ..export.jsonl import doc_to_record
    from ..spans import spans_from_offsets

    linker = nlp.get_pipe("event_linker")
    preds = {}
    for doc_id, gold in gold_docs.items():
        doc = nlp.make_doc(gold["text"])
        items = [(e["start"], e["end"], e["label"]) for e in gold.get("entities", [])]
        spans, failed = spans_from_offsets(doc, items)
        if failed:
            raise ValueError(f"{doc_id}: gold entities not expressible as spans: {failed}")
        doc.ents = spans
        preds[doc_id] = doc_to_record(doc_id, linker(doc))
    return preds


@app.command("calibrate-events")
def calibrate_events_cli(
    gold: List[Path] = typer.Option(..., "--gold", "-g", help="Gold JSONL with events (repeat to pool sets)"),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Pipeline to run (default: the product model)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: the packaged file)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the table, write nothing"),
):
    """Per-rule confidences of the event linker: the share of each rule's triggers
    and arguments that GOLD confirms (pipeline/events/calibration.py)."""
    from ..events.calibration import confidences, rule_counts, write_confidences

    gold_docs, preds = {}, {}
    for path in gold:
        docs = {f"{path}:{k}": v for k, v in load_jsonl(path).items()}
        gold_docs.update(docs)
        preds.update(_annotate(docs, path, model))
    counts = rule_counts(gold_docs, preds)
    rows = [(rule, v["correct"], v["total"], v["confidence"]) for rule, v in confidences(counts).items()]
    msg.table(rows, header=("rule", "correct", "total", "confidence"))
    if not dry_run:
        write_confidences(counts, " + ".join(f"{p.parent.name}/{p.name}" for p in gold), output)
        msg.good(f"Wrote {output or 'pipeline/events/data/confidence.json'}; run `make model` to package it")


def _annotate(gold_docs: dict, gold_path: Path, model) -> dict:
    from ..annotate import annotate_stream
    from ..export.jsonl import doc_to_record
    from ..io import Document
    from ..loading import load_pipeline

    nlp = load_pipeline(model)
    preds: dict = {}
    items = [Document(k, d["text"], str(gold_path)) for k, d in gold_docs.items()]
    annotate_stream(nlp, items, lambda item, doc: preds.__setitem__(item.id, doc_to_record(item.id, doc)),
                    lambda err: None)
    return preds
