"""``hanlp_ner``: a HanLP NER model from a local folder, as one more candidate source.

Optional (extra ``hanlp``: HanLP 2.1.5 on CPU torch). HanLP's pretrained
models come from its own servers, which this product never contacts at run
time, so the component loads only a model folder given in config (one saved
by HanLP's ``save``/``fit``, with ``config.json``; ``make hanlp-model`` trains
one on the project's data, or use a HanLP model you have). A missing folder or
file fails at construction with its path; any attempt by HanLP to download
fails with the URL (``pipeline.hanlp.compat``).

HanLP gets *characters of the view* (Simplified, glosses and chrome removed),
cut by ``pipeline.hanlp.data.segments`` exactly as its training data was. Its
labels are mapped onto the contract by ``label_map`` (unmapped labels, e.g.
PERSON or LOCATION, are dropped) and its entities are written, like the rule
taggers' matches (``ViewRuleTagger``: same chrome filter, same mapping to
original offsets, same token splitting), to the span group ``span_key``.

It never writes ``doc.ents``: the merger decides. The current merger
(pipeline/components/entity_merger.py) reads span groups only as rule keys:
``rule_keys = [..., "hanlp"]`` makes HanLP compete with the rule spans (a
longer span wins an overlap, an earlier key a tie; measured on dev with the
``make hanlp-model`` model: micro F 0.622 against 0.697 without). Offered
like the trained NER's entities instead (``ner_policy`` fill and the shape
filter) it scored 0.695; that needs one merger option, a list of span keys
read as NER candidates (e.g. ``ner_keys = ["hanlp"]``). HanLP spans carry no
normalised value; a HanLP DATE/QUANTITY that beats a rule span loses the norm.

The HanLP model folder is referred to by path, never copied into a saved
spaCy pipeline (like the pkuseg model): ``to_disk`` writes only the settings.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..hanlp.data import MAX_LEN, segments
from ..paths import PROJECT_ROOT
from .rule_tagger import Match, ViewRuleTagger, chrome_view_ranges

# HanLP label -> contract label. MSRA (HanLP's fine-grained MSRA NER), OntoNotes,
# People's Daily (NT) and this project's own labels. Others are dropped.
DEFAULT_LABEL_MAP: Dict[str, str] = {
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "NT": "ORG",
    "MEETING": "MEETING",
    "DATE": "DATE",
    "TIME": "DATE",
    "QUANTITY": "QUANTITY",
    "INTEGER": "QUANTITY",
    "DECIMAL": "QUANTITY",
    "FRACTION": "QUANTITY",
    "MONEY": "QUANTITY",
    "PERCENT": "QUANTITY",
    "MEASURE": "QUANTITY",
    "CARDINAL": "QUANTITY",
}
CONTRACT_LABELS = ("DATE", "MEETING", "ORG", "QUANTITY")


@Language.factory(
    "hanlp_ner",
    assigns=["doc.spans"],
    default_config={
        "model": None,
        "hanlp_home": None,
        "span_key": "hanlp",
        "label_map": None,
        "batch_size": 32,
        "max_len": MAX_LEN,
        "torch_threads": 1,
    },
)
def make_hanlp_ner(
    nlp: Language,
    name: str,
    model: Optional[str],
    hanlp_home: Optional[str],
    span_key: str,
    label_map: Optional[Dict[str, str]],
    batch_size: int,
    max_len: int,
    torch_threads: int,
):
    return HanLPNer(
        nlp,
        name,
        model=model,
        hanlp_home=hanlp_home,
        span_key=span_key,
        label_map=label_map,
        batch_size=batch_size,
        max_len=max_len,
        torch_threads=torch_threads,
    )


def resolve_folder(path: str) -> Path:
    """A model path as given, else under the project root (configs use project-relative paths)."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return PROJECT_ROOT / p


def load_model(path, *, hanlp_home: Optional[str] = None, torch_threads: int = 1):
    """Load a saved HanLP (PyTorch) component from a local folder, offline, on the CPU.

    Checks the folder and its ``config.json`` first and names what is missing;
    loads the class the config names (HanLP's own classes only) without
    ``hanlp.load``, whose error handler imports ``pkg_resources`` and asks PyPI
    for HanLP's latest version."""
    folder = resolve_folder(str(path))
    if not folder.is_dir():
        raise FileNotFoundError(f"hanlp_ner: the HanLP model folder {folder} does not exist (config: model = {path!r})")
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise FileNotFoundError(
            f"hanlp_ner: the HanLP model folder {folder} has no config.json (not a saved HanLP PyTorch component)"
        )
    classpath = json.loads(config_file.read_text(encoding="utf-8")).get("classpath", "")
    if not classpath.startswith("hanlp."):
        raise ValueError(f"hanlp_ner: {config_file} names {classpath!r}, not a HanLP class")
    from ..hanlp.compat import apply_patches, import_hanlp

    if hanlp_home is None and "hanlp" not in sys.modules and not os.environ.get("HANLP_HOME"):
        hanlp_home = str(folder)  # resources the model names are looked up (never fetched) beside it
    import_hanlp(hanlp_home)
    if torch_threads:
        import torch

        torch.set_num_threads(torch_threads)  # more threads than free cores slow an LSTM 10x (measured here)
    from hanlp_common.reflection import object_from_classpath

    component = object_from_classpath(classpath)
    component.load(str(folder), devices=-1, verbose=False)
    apply_patches()  # a transformer model has imported transformers by now
    return component


class HanLPNer(ViewRuleTagger):
    """HanLP entities on the view, as candidates in a span group (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        model: Optional[str],
        hanlp_home: Optional[str] = None,
        span_key: str = "hanlp",
        label_map: Optional[Dict[str, str]] = None,
        batch_size: int = 32,
        max_len: int = MAX_LEN,
        torch_threads: int = 1,
    ):
        if not model:
            raise ValueError("hanlp_ner: set `model` to a local HanLP model folder (HanLP models are never downloaded)")
        labels = dict(DEFAULT_LABEL_MAP if label_map is None else label_map)
        bad = sorted({v for v in labels.values() if v not in CONTRACT_LABELS})
        if bad:
            raise ValueError(f"hanlp_ner: label_map maps to {bad}, not contract labels {CONTRACT_LABELS}")
        cfg = {
            "model": str(model),
            "hanlp_home": hanlp_home,
            "label_map": labels,
            "batch_size": batch_size,
            "max_len": max_len,
            "torch_threads": torch_threads,
        }
        super().__init__(nlp, name, span_key=span_key, cfg=cfg)
        self.model = load_model(model, hanlp_home=hanlp_home, torch_threads=torch_threads)

    def find(self, text: str, doc: Doc) -> Iterable[Match]:
        pieces = segments(text, self.cfg["max_len"], skip=chrome_view_ranges(doc))
        if not pieces:
            return []
        chars: List[List[str]] = [list(text[a:b]) for a, b in pieces]
        predicted = self.model.predict(chars, batch_size=self.cfg["batch_size"])
        return sorted(m for (a, _), ents in zip(pieces, predicted) for m in self._matches(a, ents))

    def _matches(self, offset: int, entities: List[Any]) -> Iterator[Match]:
        label_map = self.cfg["label_map"]
        for ent in entities:
            _, label, begin, end = ent[:4]  # (text, label, begin, end), end exclusive
            contract = label_map.get(label)
            if contract is not None and end > begin:
                yield Match(offset + begin, offset + end, contract, rule=f"hanlp:{label}")

    def from_disk(self, path, *, exclude=tuple()):
        # to_disk (the base's) wrote the settings for the record; the model was
        # loaded from the config's path when the component was built.
        return self
