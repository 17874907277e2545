"""In-domain static vectors: floret over the committed unlabelled official texts.

Why floret: Chinese words the NER meets in new texts (a county's name, a new
organ) are mostly unseen, but their characters are not. floret stores one
hashed table for words *and* their character n-grams (1-3 characters here), so
any word gets a vector from its characters: the character-level signal the
NER needs, in a table small enough to commit (``bucket`` x ``dim`` floats).

Data flows one way: corpus/external/{gov_reports,cpc_docs}/*.md -> the
project's tokenizer -> one line of space-separated NORM forms (the Simplified
view) per paragraph -> floret -> ``spacy init vectors --mode floret --attr
NORM`` -> a vectors-only pipeline that configs/ner.cfg names in
``[initialize] vectors``. ``make vectors`` runs it; the output lives in the
git-ignored ``training/vectors/``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Sequence, Union

from spacy.language import Language

DEFAULT_FOLDERS = ("gov_reports", "cpc_docs")
FLORET = {
    "mode": "floret",
    "model": "cbow",
    "dim": 64,
    "minn": 1,
    "maxn": 3,
    "hashCount": 2,
    "bucket": 20000,
    "minCount": 2,
    "epoch": 10,
    "thread": 1,  # one thread: the same vectors on every run
}


def paragraphs(folder: Union[str, Path], subfolders: Sequence[str] = DEFAULT_FOLDERS) -> Iterator[str]:
    """Non-empty paragraphs of the Markdown files (front matter dropped)."""
    for sub in subfolders:
        for path in sorted((Path(folder) / sub).glob("**/*.md")):
            if path.name == "README.md":
                continue
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                end = text.find("\n---", 3)
                text = text[end + 4 :] if end > 0 else text
            for para in re.split(r"\n\s*\n|\n", text):
                if para.strip():
                    yield para.strip()


def tokenised_lines(nlp: Language, texts: Iterator[str], *, max_chars: int = 2000) -> Iterator[str]:
    """One line of space-separated NORM forms per text (long texts cut at ``max_chars``)."""
    pieces = (t[i : i + max_chars] for t in texts for i in range(0, len(t), max_chars))
    for doc in nlp.tokenizer.pipe(pieces, batch_size=256) if hasattr(nlp.tokenizer, "pipe") else map(nlp.make_doc, pieces):
        words = [t.norm_ for t in doc if not t.is_space]
        if words:
            yield " ".join(w.replace(" ", "_") for w in words)


def build_vectors(nlp: Language, external: Path, out_dir: Path, *, settings: dict = None) -> dict:
    """Tokenised text -> floret vectors -> a spaCy vectors pipeline in ``out_dir/model``."""
    import floret

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_path = out_dir / "text.txt"
    n_lines = n_tokens = 0
    with text_path.open("w", encoding="utf-8") as f:
        for line in tokenised_lines(nlp, paragraphs(external)):
            f.write(line + "\n")
            n_lines += 1
            n_tokens += line.count(" ") + 1
    params = dict(FLORET, **(settings or {}))
    model = floret.train_unsupervised(str(text_path), **params)
    floret_path = out_dir / "vectors.floret"
    model.save_floret_vectors(str(floret_path))
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", "zh", str(floret_path), str(out_dir / "model"),
         "--mode", "floret", "--attr", "NORM", "--name", "cppcc_floret"],
        check=True,
    )  # fmt: skip
    return {"lines": n_lines, "tokens": n_tokens, "params": params, "model": str(out_dir / "model")}
