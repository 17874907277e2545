"""Annotating a stream of inputs: one record or one error per input, in order.

Reading, processing and writing are separate so that a bad document never
stops the run: a decoding problem becomes a ``ReadError`` from ``pipeline.io``,
an exception inside a component, a timeout or a dead worker becomes an error
for that document only. How documents are processed (in this process, in
local workers, ...) is an engine's business: see ``pipeline.engines``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from ._extensions import original_text
from .engines import Outcome, get_engine
from .io import Document, ReadError


@dataclass
class Summary:
    docs: int = 0
    errors: int = 0
    resumed: int = 0  # inputs an interrupted run had finished (``annotate --resume``)
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


def process(
    nlp: Optional[Language],
    items: Iterable[Union[Document, ReadError]],
    *,
    n_process: int = 1,
    timeout: Optional[float] = None,
    engine: str = "local",
    **options,
) -> Iterator[Outcome]:
    """(Document, Doc) for each input, or (ReadError, None); order kept."""
    return get_engine(engine)(items, nlp=nlp, n_process=n_process, timeout=timeout, **options)


def annotate_stream(
    nlp: Optional[Language],
    items: Iterable[Union[Document, ReadError]],
    on_doc: Callable[[Document, Doc], None],
    on_error: Callable[[ReadError], None],
    *,
    n_process: int = 1,
    timeout: Optional[float] = None,
    engine: str = "local",
    **options,
) -> Summary:
    """Feed every outcome to ``on_doc`` or ``on_error``.

    An exception in ``on_doc`` (an exporter failing on one document) turns
    that document into an error, and the run goes on."""
    summary = Summary()
    for item, doc in process(nlp, items, n_process=n_process, timeout=timeout, engine=engine, **options):
        if doc is not None:
            try:
                on_doc(item, doc)
            except Exception as e:
                doc = None
                item = ReadError(item.id, item.source, f"writing the output failed: {type(e).__name__}: {e}")
            else:
                summary.add(doc)
                continue
        summary.errors += 1
        on_error(item)
    return summary
