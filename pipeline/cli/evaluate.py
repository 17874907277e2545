"""``evaluate``: per-label scores that agree exactly with the team's referee."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

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
):
    """Score PRED against GOLD, or annotate GOLD's texts with a model and score that."""
    gold_file = gold or gold_path
    if gold_file is None:
        msg.fail("Give GOLD as an argument or with --gold", exits=2)
    res = evaluate(gold_file, pred_path, model=model, breakdown=detail, by_group=by_group)
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
    gold_path: Path, pred_path: Optional[Path] = None, *, model=None, breakdown: bool = False, by_group: bool = False
) -> dict:
    """The referee's scores of PRED (or of ``model`` run on the gold texts); ``groups`` per id group if asked."""
    gold_docs = load_jsonl(gold_path)
    if pred_path is None:
        from ..annotate import annotate_stream
        from ..export.jsonl import doc_to_record
        from ..io import Document
        from ..loading import load_pipeline

        nlp = load_pipeline(model)
        preds = {}
        items = [Document(d["id"], d["text"], str(gold_path)) for d in gold_docs.values()]
        annotate_stream(nlp, items, lambda item, doc: preds.__setitem__(item.id, doc_to_record(item.id, doc)),
                        lambda err: None)
    else:
        preds = load_jsonl(pred_path)
    res = score(gold_docs, preds, breakdown=breakdown)
    if by_group:
        res["groups"] = score_by_group(gold_docs, preds, breakdown=breakdown)
    return res
