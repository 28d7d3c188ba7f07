"""Work spread over this machine's cores: a corpus's briefs validated on its first run.

Validating a brief is pure work on its own bytes, and a first run over ten
thousand briefs spends most of its time there, one brief after another, on
one core.  :func:`ordered` runs a function over many items in worker
processes forked from this one (they inherit what it has imported and built,
pydantic's validators included) and yields the results in the items' order,
so whatever the caller does with them happens in the order it would have
without workers.  A worker sends back what its function returns, never
writes a file and never prints.

Workers are used where ``fork`` is (Linux and the BSDs; macOS has it, but
Python deems it unsafe there and so does vzcli), in a process with no other
thread running, for at least :data:`MIN_ITEMS` items, and as many as the
cores this process may run on (``VZCLI_JOBS`` sets the number; ``1`` turns
them off).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
U = TypeVar("U")

JOBS_ENV = "VZCLI_JOBS"

MIN_ITEMS = 64
"""Fewer items than this are done here: forking and sending results back would cost
more than the work (a brief takes about 0.3 ms to validate)."""

MAX_JOBS = 8
"""Workers beyond this many wait on the disk rather than on the processor."""


def jobs(items: int) -> int:
    """How many worker processes ``items`` items get: 1 means none (do them here).

    ``VZCLI_JOBS`` given as a whole number sets it (``1``: no workers);
    anything else in it is ignored, as the cores are counted then.
    """
    if items < MIN_ITEMS or sys.platform == "darwin" or not hasattr(os, "fork"):
        return 1
    import threading

    # A process with another thread running (a program using vzcli as a library)
    # is never forked: a lock that thread held at the fork would stay held.
    if threading.active_count() > 1:
        return 1
    given = os.environ.get(JOBS_ENV, "").strip()
    if given.isascii() and given.isdigit():
        return max(1, min(int(given), items))
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no affinity call on this system
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS, items))


def ordered(fn: Callable[[T], U], items: Sequence[T], workers: int) -> Generator[U, None, None]:
    """``fn`` over ``items`` in ``workers`` forked processes, results in order.

    ``fn`` and ``items`` reach the workers by the fork itself, nothing sent;
    what ``fn`` needs beyond its item it takes from module state set before
    this is called.  The items are cut in chunks dealt round the workers, and
    each sends back its chunks' results in turn: no worker runs more than a
    chunk or two ahead of what is taken.  An exception ``fn`` raises is raised
    here, at its item.  A worker that dies (killed for memory, say) leaves the
    rest to be done here.  Close the iterator when leaving it early: the
    workers are stopped then.

    No pool: :mod:`concurrent.futures` and :class:`multiprocessing.pool.Pool`
    keep a thread that forks replacements for workers that end, which a
    process that forks must not have.
    """
    import multiprocessing

    # multiprocessing flushes stdout and stderr before it forks: a worker ending never
    # writes what this process had buffered (a test holds it to that).
    context = multiprocessing.get_context("fork")
    chunk = _chunk(len(items), workers)
    running: list[tuple[BaseProcess, Connection]] = []
    try:
        for rank in range(workers):
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(
                target=_serve, args=(fn, items, chunk, rank, workers, writer), daemon=True
            )
            worker.start()
            writer.close()
            running.append((worker, reader))
        for turn, start in enumerate(range(0, len(items), chunk)):
            try:
                results = running[turn % workers][1].recv()
            except (EOFError, OSError):  # that worker is gone: the rest is done here
                _stop(running)
                for item in items[start:]:
                    yield fn(item)
                return
            for raised, result in results:
                if raised:
                    raise result
                yield result
    finally:
        _stop(running)


def _chunk(count: int, workers: int) -> int:
    """How many items go in a chunk: eight chunks a worker at least, so the first
    results come soon, and at most 32, so no worker runs far ahead."""
    return max(1, min(32, count // (workers * 8)))


# Any: whatever fn returns, or the exception it raised, travels back in a pair.
def _caught(fn: Callable[[T], U], item: T) -> tuple[bool, Any]:
    """``fn(item)`` as ``(False, result)``, or ``(True, exception)``."""
    try:
        return False, fn(item)
    except Exception as exc:
        return True, exc


def _serve(
    fn: Callable[[T], U],
    items: Sequence[T],
    chunk: int,
    rank: int,
    workers: int,
    out: Connection,
) -> None:
    """A worker: every ``workers``-th chunk of ``items`` from its ``rank``, each
    chunk's results sent as one list."""
    import signal

    # Ctrl-C is for the process that started the workers: it stops them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for start in range(rank * chunk, len(items), chunk * workers):
            done = [_caught(fn, item) for item in items[start : start + chunk]]
            try:
                out.send(done)
            except Exception:  # an exception that cannot be pickled: say what it was
                out.send([(r, RuntimeError(repr(v)) if r else v) for r, v in done])
        out.close()
    except BaseException:
        # Whatever goes wrong here, the process that started it tells (its pipe
        # ends): a worker prints nothing.
        os._exit(1)


def _stop(running: list[tuple[BaseProcess, Connection]]) -> None:
    """End the workers at once, and wait for them."""
    for worker, _ in running:
        if worker.is_alive():
            worker.terminate()
    for worker, reader in running:
        worker.join()
        reader.close()
    running.clear()
