"""Annotating a stream of inputs: one record or one error per input, in order.

Reading, processing and writing are separate so that a bad document never
stops the run: a decoding problem becomes a ``ReadError`` from ``pipeline.io``,
an exception inside a component becomes an error for that document only.
With ``n_process > 1`` documents are processed in forked workers (the loaded
pipeline and its pkuseg model are shared copy-on-write) and come back as Doc
bytes, so the exporters run once, in the main process, in input order.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, Optional, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from ._extensions import original_text
from .io import Document, ReadError

Outcome = Tuple[Union[Document, ReadError], Optional[Doc]]

_WORKER_NLP: Optional[Language] = None


@dataclass
class Summary:
    docs: int = 0
    errors: int = 0
    chars: int = 0
    entities: Dict[str, int] = field(default_factory=dict)
    events: Dict[str, int] = field(default_factory=dict)

    def add(self, doc: Doc) -> None:
        self.docs += 1
        self.chars += len(original_text(doc))
        for ent in doc.ents:
            self.entities[ent.label_] = self.entities.get(ent.label_, 0) + 1
        for ev in doc._.events or []:
            self.events[ev["type"]] = self.events.get(ev["type"], 0) + 1


def _process(nlp: Language, item: Document) -> Union[Doc, ReadError]:
    try:
        return nlp(item.text)
    except Exception as e:  # one bad document must not stop the run
        last = traceback.extract_tb(e.__traceback__)[-1]
        where = f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"
        return ReadError(item.id, item.source, f"processing failed: {type(e).__name__}: {e} (at {where})")


def _worker_init(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _worker(item: Document):
    assert _WORKER_NLP is not None
    out = _process(_WORKER_NLP, item)
    return out.to_bytes() if isinstance(out, Doc) else out


def process(
    nlp: Language,
    items: Iterable[Union[Document, ReadError]],
    *,
    n_process: int = 1,
    chunksize: int = 4,
) -> Iterator[Outcome]:
    """(item, Doc) for each input, or (ReadError, None); order kept."""
    if n_process <= 1:
        for item in items:
            if isinstance(item, ReadError):
                yield item, None
                continue
            out = _process(nlp, item)
            yield (item, out) if isinstance(out, Doc) else (out, None)
        return
    ctx = mp.get_context("fork")
    pending = []

    def stream():
        for item in items:
            pending.append(item)
            if isinstance(item, Document):
                yield item

    with ctx.Pool(n_process, initializer=_worker_init, initargs=(nlp,)) as pool:
        results = pool.imap(_worker, stream(), chunksize=chunksize)
        for result in results:
            while pending and isinstance(pending[0], ReadError):
                yield pending.pop(0), None
            item = pending.pop(0)
            if isinstance(result, ReadError):
                yield result, None
            else:
                yield item, Doc(nlp.vocab).from_bytes(result)
        while pending:
            yield pending.pop(0), None


def annotate_stream(
    nlp: Language,
    items: Iterable[Union[Document, ReadError]],
    on_doc: Callable[[Document, Doc], None],
    on_error: Callable[[ReadError], None],
    *,
    n_process: int = 1,
) -> Summary:
    summary = Summary()
    for item, doc in process(nlp, items, n_process=n_process):
        if doc is None:
            summary.errors += 1
            on_error(item)
        else:
            summary.add(doc)
            on_doc(item, doc)
    return summary
