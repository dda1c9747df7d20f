"""A scan's sources worked on in one or several processes, with results in the sources' order.

:func:`ordered` runs ``work(item, shared)`` over the items, here or in
worker processes, and yields the results in the order of the items, so the
scan merges the same results either way.  ``shared`` is pickled once and
goes to each worker when it starts; items go in small chunks (few
messages); only results come back, never documents or models.

Either way a chunk runs on a thread of its own, so the work on every item
starts at the same stack depth: a parser that meets the recursion limit on
a deeply nested input then gives the same answer in a worker as here.

Workers are forked on Linux (cheap: the rule catalogue and the IAM data are
already loaded) and spawned elsewhere.  A worker that dies (a crash in a C
library, the out-of-memory killer) costs the item it was working on and
nothing else: the items that were in flight with it run again one at a time,
and one that kills its worker again becomes ``crashed(item)``.  Ctrl-C is
the main process's to handle: the workers ignore it and are stopped.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["AUTO_MIN_ITEMS", "ordered", "usable_cpus", "worker_count"]

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")

#: with ``jobs`` automatic, fewer sources than this are scanned in one process (starting workers costs more)
AUTO_MIN_ITEMS = 16
_ITEMS_PER_WORKER = 8  # automatic: no more workers than one per this many sources
_MAX_CHUNK = 16  # sources per message to a worker
_WINDOWS_MAX_WORKERS = 61  # ProcessPoolExecutor refuses more there


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the system has one)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return os.cpu_count() or 1


def worker_count(jobs: int, items: int) -> int:
    """Worker processes for ``items`` sources: ``jobs``, or automatic for 0; 1 means none."""
    if jobs == 0:
        workers = min(usable_cpus(), items // _ITEMS_PER_WORKER) if items >= AUTO_MIN_ITEMS else 1
    else:
        workers = min(jobs, items)
    if sys.platform == "win32":
        workers = min(workers, _WINDOWS_MAX_WORKERS)
    return max(1, workers)


# the worker's side: set once by _start
_work: Callable[[Any, Any], Any] | None = None
_shared: Any = None


def _start(work: Callable[[Any, Any], Any], shared: bytes) -> None:
    """A worker starts: the shared state, unpickled once (the same whether forked or spawned)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _work, _shared
    _work, _shared = work, pickle.loads(shared)


def _run(chunk: tuple[Any, ...]) -> list[Any]:
    assert _work is not None
    return _on_own_thread(_work, chunk, _shared)


def _on_own_thread(work: Callable[[T, S], R], chunk: Sequence[T], shared: S) -> list[R]:
    """``work`` over ``chunk`` on a new thread (the same stack depth wherever this is called from)."""
    results: list[R] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            for item in chunk:
                results.append(work(item, shared))
        except BaseException as exc:  # raised again in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="faasguard-scan", daemon=True)  # Ctrl-C does not wait
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return results


def _start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


class _Pool(Generic[R]):
    """A process pool started again after a worker died."""

    def __init__(self, work: Callable[[Any, Any], R], shared: bytes, workers: int) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context(_start_method())
        self._args = (work, shared)
        self._workers = workers
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            self._workers, mp_context=self._context, initializer=_start, initargs=self._args
        )

    def submit(self, chunk: tuple[Any, ...]) -> Future[list[R]]:
        """The future results of ``chunk``; a failed future when the pool broke since the last look."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._executor.submit(_run, chunk)
        except BrokenProcessPool as exc:
            failed: Future[list[R]] = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        """A new pool in place of a broken one."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._new()

    def alone(self, item: Any, crashed: Callable[[Any], R]) -> R:
        """``item`` with nothing else in flight, so a worker dying is known to be its doing."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            result: R = self.submit((item,)).result()[0]
        except BrokenProcessPool:
            self.restart()
            return crashed(item)
        return result

    def close(self, finished: bool) -> None:
        """Wait for the workers to leave; when not finished (Ctrl-C), stop them instead."""
        if finished:
            self._executor.shutdown(wait=True)
            return
        # the pool has no way to stop busy workers: kill them; the pool then breaks and shuts down at once
        for process in list((getattr(self._executor, "_processes", None) or {}).values()):
            process.kill()
        self._executor.shutdown(wait=True, cancel_futures=True)


def _succeeded(future: Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def ordered(
    work: Callable[[T, S], R],
    items: Sequence[T],
    shared: S,
    workers: int,
    crashed: Callable[[T], R],
) -> Generator[R, None, None]:
    """``work(item, shared)`` for each item, yielded in the order of ``items``.

    With ``workers`` above 1 in that many processes: ``work`` must then be a
    module-level function and ``shared`` picklable.  Where no process can be
    started (no semaphores, as in AWS Lambda), the items are worked on here.
    """
    pool: _Pool[R] | None = None
    if workers > 1:
        try:
            pool = _Pool(work, pickle.dumps(shared), workers)
        except (OSError, ImportError, NotImplementedError):
            pool = None
    size = max(1, min(_MAX_CHUNK, len(items) // (workers * 4)))
    chunks = [tuple(items[i : i + size]) for i in range(0, len(items), size)]
    if pool is None:
        for chunk in chunks:
            yield from _on_own_thread(work, chunk, shared)
        return
    yield from _in_workers(pool, chunks, workers, crashed)


def _in_workers(
    pool: _Pool[R], chunks: list[tuple[T, ...]], workers: int, crashed: Callable[[T], R]
) -> Generator[R, None, None]:
    from concurrent.futures.process import BrokenProcessPool

    todo = deque(chunks)
    flight: deque[tuple[tuple[T, ...], Future[list[R]]]] = deque()
    try:
        while todo or flight:
            while todo and len(flight) < 2 * workers:  # enough queued to keep every worker busy
                chunk = todo.popleft()
                flight.append((chunk, pool.submit(chunk)))
            chunk, future = flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # a worker died: what was in flight with it runs again, one item at a time
                suspects = [(chunk, future), *flight]
                flight.clear()
                pool.restart()
                for chunk, future in suspects:
                    if _succeeded(future):
                        yield from future.result()
                    else:
                        for item in chunk:
                            yield pool.alone(item, crashed)
                continue
            yield from results
    finally:
        pool.close(finished=not todo and not flight)  # else stopped early (Ctrl-C): workers are stopped
