"""The pipeline on a Dask distributed cluster: the local engine's interface, many machines.

``process(items, model=..., scheduler="tcp://host:8786")`` sends the documents in
partitions to the cluster's workers (a ``LocalCluster`` of ``n_process``
workers when no scheduler is given). Each worker process loads the pipeline
once (a per-process cache keyed by the model path) and returns, per document,
``doc.to_bytes()`` or a ``ReadError``; a partition lost with its worker comes
back as one error per document. Results are yielded in input order, so the
exporters, running in this process, write what a local run writes. At most
``max_in_flight`` partitions are on the cluster at a time, so millions of
inputs stream through in bounded memory.

On a real cluster every worker needs this package (``pip install
"cppcc-ie[dask]"``), the model folder at the same path (or ``--model`` pointing
to a shared path) and the pkuseg model (``make setup``, or
``PIPELINE_PKUSEG_MODEL``); start ``dask scheduler`` and ``dask worker
tcp://SCHEDULER:8786 --nthreads 1`` on each machine, then run
``annotate --engine dask --scheduler tcp://SCHEDULER:8786``.
"""

from __future__ import annotations

import os
import traceback
from collections import deque
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

from spacy.tokens import Doc

from ..io import Document, ReadError

Outcome = Tuple[Union[Document, ReadError], Optional[Doc]]
_NLP: Dict[str, object] = {}  # per worker process: model path -> loaded pipeline
LOADS: List[str] = []  # models loaded in this process (tests check "once per worker")


def worker_nlp(model: Optional[str]):
    """The pipeline for ``model`` in this worker process, loaded on first use."""
    key = str(model or "")
    if key not in _NLP:
        from ..loading import load_pipeline

        _NLP[key] = load_pipeline(model)
        LOADS.append(key)
    return _NLP[key]


def _process_one(nlp, item: Document) -> Union[bytes, ReadError]:
    try:
        return nlp(item.text).to_bytes()
    except Exception as e:  # one bad document must not stop the run
        last = traceback.extract_tb(e.__traceback__)[-1]
        where = f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"
        return ReadError(item.id, item.source, f"processing failed: {type(e).__name__}: {e} (at {where})")


def annotate_partition(model: Optional[str], docs: List[Document]) -> List[Union[bytes, ReadError]]:
    """Runs on a worker: one Doc (as bytes) or one ReadError per document."""
    nlp = worker_nlp(model)
    return [_process_one(nlp, d) for d in docs]


def _worker_loads() -> List[str]:
    return list(LOADS)


def _client(scheduler: Optional[str], n_process: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError('the dask engine needs the optional extra: pip install "cppcc-ie[dask]"') from e
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=max(1, n_process), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def process(
    items: Iterable[Union[Document, ReadError]],
    *,
    nlp=None,
    model: Optional[Union[str, os.PathLike]] = None,
    n_process: int = 2,
    timeout: Optional[float] = None,
    scheduler: Optional[str] = None,
    partition_size: int = 16,
    max_in_flight: Optional[int] = None,
    client=None,
) -> Iterator[Outcome]:
    """(item, Doc) for each input, or (ReadError, None); input order kept.

    ``model`` is what the workers load (default: the committed model); ``nlp`` (or,
    without it, the same model loaded here) only provides the vocabulary to rebuild
    the Docs. ``timeout`` bounds the seconds per document of a partition.
    """
    from distributed import TimeoutError as DaskTimeout

    # Workers resolve the path themselves: make a relative one absolute (a LocalCluster's
    # workers may start elsewhere; on a real cluster the path must exist on every worker).
    model_arg = None if model is None else str(Path(model).resolve() if Path(model).exists() else model)
    if nlp is None:
        from ..loading import load_pipeline

        nlp = load_pipeline(model_arg)
    own = client is None
    cluster = None
    if own:
        client, cluster = _client(scheduler, n_process)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or n_process)
        limit = max_in_flight or 2 * workers
        queue: deque = deque()  # (kind, payload): ("error", ReadError) or ("part", (docs, future))

        def drain_one() -> Iterator[Outcome]:
            kind, payload = queue.popleft()
            if kind == "error":
                yield payload, None
                return
            docs, future = payload
            try:
                wait = None if timeout is None else timeout * len(docs)
                results = future.result(timeout=wait)
            except DaskTimeout:
                future.cancel()
                results = [ReadError(d.id, d.source, f"processing timed out (partition of {len(docs)} "
                                     f"documents over {wait:.0f} s)") for d in docs]
            except Exception as e:  # the worker died or the task failed as a whole
                results = [ReadError(d.id, d.source, f"processing failed on the cluster: {type(e).__name__}: {e}")
                           for d in docs]
            for d, r in zip(docs, results):
                if isinstance(r, ReadError):
                    yield r, None
                else:
                    yield d, Doc(nlp.vocab).from_bytes(r)

        parts_in_flight = 0
        batch: List[Document] = []

        def submit() -> None:
            nonlocal batch, parts_in_flight
            future = client.submit(annotate_partition, model_arg, batch, pure=False)
            queue.append(("part", (batch, future)))
            parts_in_flight += 1
            batch = []

        for item in items:
            if isinstance(item, ReadError):
                if batch:
                    submit()
                queue.append(("error", item))
            else:
                batch.append(item)
                if len(batch) >= partition_size:
                    submit()
            while parts_in_flight >= limit:
                if queue[0][0] == "part":
                    parts_in_flight -= 1
                yield from drain_one()
        if batch:
            submit()
        while queue:
            yield from drain_one()
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def worker_loads(client) -> Dict[str, List[str]]:
    """Per worker address: the models it loaded (each should appear once)."""
    return client.run(_worker_loads)
