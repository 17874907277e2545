"""Engines: how documents get processed (in this process, in local workers, ...).

Every engine is a module with one function of the same signature::

    process(items, *, nlp=None, model=None, n_process=1, timeout=None, **options)
        -> Iterator[Outcome]

- ``items``: an iterable of ``pipeline.io.Document`` or ``pipeline.io.ReadError``
  (what ``pipeline.io.iter_inputs`` yields); it is consumed lazily.
- ``nlp``: a loaded pipeline, or ``model``: what ``pipeline.loading.load_pipeline``
  takes (a folder or .cfg; None for the committed model). Each worker gets or
  loads the pipeline once, never per document.
- ``n_process``: how many documents run at the same time.
- ``timeout``: seconds one document may take (None: no limit).

It yields one ``Outcome`` per input, **in input order**: ``(Document, Doc)``
for a processed document, ``(ReadError, None)`` for an input that could not be
read, or whose processing failed, timed out or killed its worker. An engine
never raises for one document and never drops one: that is what lets
``annotate`` promise one record or one error per input.

``get_engine(name)`` returns the ``process`` function of a registered engine.
An engine that runs documents elsewhere can reuse ``local.run_one(nlp, item)``
(one document, any exception a ReadError) and ``local._pack``/``_unpack``
(Doc bytes with ``user_data`` pickled, so every value a component stores
crosses a process boundary).
"""

from __future__ import annotations

import importlib
from typing import Callable, Dict, Iterator, Optional, Tuple, Union

from spacy.tokens import Doc

from ..io import Document, ReadError

Outcome = Tuple[Union[Document, ReadError], Optional[Doc]]

# name -> module (imported only when used, so optional dependencies stay optional)
ENGINES: Dict[str, str] = {"local": "pipeline.engines.local", "dask": "pipeline.engines.dask"}


def get_engine(name: str = "local") -> Callable[..., Iterator[Outcome]]:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(sorted(ENGINES))})")
    return importlib.import_module(ENGINES[name]).process


__all__ = ["ENGINES", "Outcome", "get_engine"]
