"""The local engine: documents in this process, or in supervised forked workers.

``n_process=1`` runs in this process (a ``timeout`` is enforced with SIGALRM
when called from the main thread; a long call inside compiled code is only
interrupted when it returns). ``n_process>1`` forks workers that inherit the
loaded pipeline copy-on-write (loaded once, in the parent) and take one
document at a time over a pipe. The parent watches each worker: a worker that
dies (the OOM killer, a segfault) or runs past ``timeout`` is killed and
replaced, and its document becomes a ``ReadError``; the run goes on. Results
come back as Doc bytes (``user_data`` pickled) and are yielded in input order (at most ``n_process``
documents are in flight, so memory stays bounded).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
import traceback
from multiprocessing.connection import wait
from typing import Dict, Iterable, Iterator, List, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..io import Document, ReadError
from . import Outcome


class DocumentTimeout(Exception):
    pass


def _failure(item: Document, stage: str, e: BaseException) -> ReadError:
    tb = traceback.extract_tb(e.__traceback__)
    where = f" (at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno})" if tb else ""
    return ReadError(item.id, item.source, f"{stage} failed: {type(e).__name__}: {e}{where}")


def run_one(nlp: Language, item: Document) -> Union[Doc, ReadError]:
    """One document through the pipeline; any exception becomes a ReadError."""
    if len(item.text) > nlp.max_length:
        return ReadError(item.id, item.source, f"too long: {len(item.text):,} characters, over the pipeline's limit "
                                               f"of {nlp.max_length:,} (nlp.max_length): split the document")
    try:
        return nlp(item.text)
    except DocumentTimeout:
        raise
    except Exception as e:  # one bad document must not stop the run
        return _failure(item, "processing", e)


def _sequential(nlp: Language, items, timeout: Optional[float]) -> Iterator[Outcome]:
    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")

    def on_alarm(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm) if use_alarm else None
    try:
        for item in items:
            if isinstance(item, ReadError):
                yield item, None
                continue
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                out = run_one(nlp, item)
            except DocumentTimeout:
                out = ReadError(item.id, item.source, f"timed out: processing took over {timeout:g}s")
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            yield (item, out) if isinstance(out, Doc) else (out, None)
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)


def _worker_main(conn, nlp: Language) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, item = task
        out = run_one(nlp, item)
        if isinstance(out, Doc):
            try:
                out = _pack(out)
            except Exception as e:
                out = _failure(item, "serialising the result", e)
        try:
            conn.send((index, out))
        except Exception as e:  # a result that cannot be pickled or sent
            conn.send((index, _failure(item, "sending the result", e)))


def _pack(doc: Doc) -> tuple:
    """Doc bytes without ``user_data``, which travels pickled: msgpack cannot hold
    every value a component may store there (an integer of 2**64 or more)."""
    return doc.to_bytes(exclude=["user_data"]), doc.user_data


def _unpack(vocab, packed: tuple) -> Doc:
    data, user_data = packed
    doc = Doc(vocab).from_bytes(data, exclude=["user_data"])
    doc.user_data.update(user_data)
    return doc


class _Worker:
    def __init__(self, ctx, nlp: Language):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, nlp), daemon=True)
        self.proc.start()
        child.close()
        self.task: Optional[tuple] = None  # (index, item, deadline)

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except Exception:
                pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _death(proc) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        hint = " (out of memory? the OOM killer sends SIGKILL)" if -code == signal.SIGKILL else ""
        return f"worker process was killed by {name}{hint}"
    return f"worker process died (exit code {code})"


def _supervised(nlp: Language, items, n_process: int, timeout: Optional[float]) -> Iterator[Outcome]:
    ctx = mp.get_context("fork")
    try:  # load what the pipeline loads lazily (pkuseg) once, here: workers share it copy-on-write
        nlp("预热")
    except Exception:
        pass
    workers: List[_Worker] = [_Worker(ctx, nlp) for _ in range(n_process)]
    source = enumerate(items)
    exhausted = False
    done: Dict[int, Outcome] = {}
    next_out = 0

    def replace(w: _Worker) -> _Worker:
        w.stop(kill=True)
        new = _Worker(ctx, nlp)
        workers[workers.index(w)] = new
        return new

    try:
        while True:
            # Give every idle worker a document (read errors go straight to the output).
            for w in list(workers):
                if w.task is None and not w.proc.is_alive():  # died between documents: nobody to blame
                    w = replace(w)
                while w.task is None and not exhausted:
                    try:
                        index, item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    if isinstance(item, ReadError):
                        done[index] = (item, None)
                        continue
                    try:
                        w.conn.send((index, item))
                    except Exception as e:  # the worker died before taking it, or the item cannot be pickled
                        done[index] = (_failure(item, "sending to a worker", e), None)
                        if not w.proc.is_alive():
                            w = replace(w)
                        continue
                    w.task = (index, item, time.monotonic() + timeout if timeout else None)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in workers if w.task is not None]
            if not busy:
                if exhausted:
                    break
                continue
            deadlines = [w.task[2] for w in busy if w.task[2] is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=wait_for)
            for w in busy:
                index, item, deadline = w.task
                result = None
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        if w.conn.poll():
                            _, result = w.conn.recv()
                    except (EOFError, OSError):
                        result = None
                    except Exception as e:  # a result that cannot be unpickled
                        result = _failure(item, "receiving the result", e)
                    if result is None:
                        if w.proc.is_alive() and w.proc.sentinel not in ready:
                            continue
                        w.proc.join(timeout=1)
                        result = ReadError(item.id, item.source, _death(w.proc))
                        w.task = None
                        replace(w)
                elif deadline is not None and time.monotonic() >= deadline:
                    result = ReadError(item.id, item.source, f"timed out: processing took over {timeout:g}s (worker killed)")
                    w.task = None
                    replace(w)
                if result is None:
                    continue
                w.task = None
                if isinstance(result, ReadError):
                    done[index] = (result, None)
                else:
                    try:
                        done[index] = (item, _unpack(nlp.vocab, result))
                    except Exception as e:
                        done[index] = (_failure(item, "reading the worker's result", e), None)
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
    finally:
        for w in workers:
            w.stop(kill=bool(w.task))


def process(
    items: Iterable[Union[Document, ReadError]],
    *,
    nlp: Optional[Language] = None,
    model=None,
    n_process: int = 1,
    timeout: Optional[float] = None,
    **_options,
) -> Iterator[Outcome]:
    """(Document, Doc) or (ReadError, None) for every input, in input order (see ``pipeline.engines``)."""
    if nlp is None:
        from ..loading import load_pipeline

        nlp = load_pipeline(model)
    if n_process is None or n_process <= 0:
        n_process = os.cpu_count() or 1
    if n_process <= 1:
        yield from _sequential(nlp, items, timeout)
    else:
        yield from _supervised(nlp, items, n_process, timeout)
