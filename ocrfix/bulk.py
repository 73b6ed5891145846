"""
Repairing many texts at once, on several processes.

:func:`repair_many` is :func:`ocrfix.repair` over an iterable of texts:

>>> import ocrfix
>>> list(ocrfix.repair_many(["Parterna var 6verens.", "Fo\\u0308rvaltningen"], processes=1))
['Parterna var överens.', 'Förvaltningen']

It yields the repaired texts in input order, as they are ready, and reads its input lazily,
a bounded number of texts ahead of what it has yielded, so it works on a generator over a
corpus larger than memory. With more than one process the texts go to worker processes in
chunks (``chunksize`` texts to a task); each worker opens the lexicon as it starts, and
loads any model a text needs (the context model, the candidate index) once, on first use.

:func:`parallel_imap` is the engine underneath, for any module-level function (the
``ocrfix repair DIR -o OUTDIR -j N`` command runs its per-file work through it).

How it works: a :class:`concurrent.futures.ProcessPoolExecutor` gets at most ``window``
chunks at a time; when the oldest chunk's results are in, one more chunk is read from the
input and submitted, and then the results are yielded. The input is iterated in the calling
thread only, so an exception it raises (or a bad item) surfaces in order, after the results
of the items before it. A worker that dies (killed, out of memory) raises
:class:`concurrent.futures.process.BrokenProcessPool` instead of hanging. Closing the
generator early, or an exception, terminates the worker processes at once; they are joined
before the generator finishes, so none is left running. Workers ignore SIGINT: Ctrl-C
reaches the calling process, whose clean-up stops them.

The workers share the dearest thing they work out: each hands on the candidate searches it
made with a chunk's results, and the pool gives them to the other workers with their next
chunks (:mod:`ocrfix.sharing`), so a misreading the corpus repeats is searched for about once,
not once per worker. The results are the same as one process's.

The worker function is module-level, so this works with the ``fork``, ``spawn`` and
``forkserver`` start methods (``mp_context``; the default is the platform's, or what
:func:`multiprocessing.set_start_method` chose).
"""

from __future__ import annotations

import collections
import functools
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar, Union

from ocrfix import sharing
from ocrfix.config import Config
from ocrfix.errors import check_config, check_text

if TYPE_CHECKING:  # multiprocessing and concurrent.futures are imported when a pool starts
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

__all__ = ["DEFAULT_CHUNKSIZE", "parallel_imap", "repair_many", "resolve_processes", "usable_cpus"]

T = TypeVar("T")
R = TypeVar("R")

#: Texts per task for :func:`repair_many`: a page of OCR takes milliseconds to repair, against
#: a fraction of a millisecond to send it to a worker and back.
DEFAULT_CHUNKSIZE = 8

#: Chunks in flight per worker process: enough that a worker never waits for the next
#: chunk while the oldest one (whose results must come first) is still being repaired.
WINDOW_PER_PROCESS = 4

# What each worker repairs as it starts: enough to open the lexicon that every text needs.
# What only some texts need (the context model, the candidate index, the English word list)
# loads on first use, once per worker (the loaders are cached); warming those too would cost
# a clean corpus CPU time per worker for nothing.
_WARM_TEXT = "för"

MpContext = Union["BaseContext", str, None]


def usable_cpus() -> int:
    """The number of CPUs this process may run on (its affinity mask, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_processes(processes: int | None) -> int:
    """
    The number of processes that ``processes`` asks for.

    None or 0 mean every usable CPU (:func:`usable_cpus`); a negative number is an error.

    >>> resolve_processes(3)
    3
    >>> resolve_processes(0) == resolve_processes(None) == usable_cpus()
    True
    """
    if isinstance(processes, bool) or not (processes is None or isinstance(processes, int)):
        raise TypeError(f"processes must be an int or None, not {type(processes).__name__}")
    if processes is None or processes == 0:
        return usable_cpus()
    if processes < 0:
        raise ValueError(f"processes must be at least 1 (or 0/None for every CPU), got {processes}")
    return processes


def _check_chunksize(chunksize: int) -> int:
    if isinstance(chunksize, bool) or not isinstance(chunksize, int):
        raise TypeError(f"chunksize must be an int, not {type(chunksize).__name__}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, got {chunksize}")
    return chunksize


def _context(mp_context: MpContext) -> BaseContext:
    import multiprocessing

    if mp_context is None:
        return multiprocessing.get_context()
    if isinstance(mp_context, str):
        return multiprocessing.get_context(mp_context)
    return mp_context


# What a worker hands on to the others (ocrfix.sharing): ((its pid, a count), the data).
Learned = tuple[tuple[int, int], bytes]
# What a worker learned goes with this many next chunks per process (tasks go to whichever
# worker is free, so one chunk may not reach the one that needs it), and with at most
# SHARE_WITH_CHUNKS_MAX: with many processes, a chunk then carries what the last 16 chunks
# learned, not what every worker did, so a worker spends its time repairing, not taking in
# others' searches.
SHARE_WITH_CHUNKS_PER_PROCESS = 2
SHARE_WITH_CHUNKS_MAX = 16

# In a worker process: the lexicon its pool repairs with, how many times it has handed on
# what it learned, and the last count it was given from each other worker (counts from one
# worker arrive in order, so older ones are skipped without a set of all of them).
_worker_lexicon = "sv"
_worker_takes = 0
_worker_given: dict[int, int] = {}


def _init_worker(config: Config) -> None:
    """Run once in each worker process as it starts: leave Ctrl-C to the parent, and load."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ocrfix import repair  # here, not at the top: ocrfix imports this module

    global _worker_lexicon
    _worker_lexicon = config.lexicon
    sharing.start()
    try:
        repair(_WARM_TEXT, config)
    except Exception:  # noqa: BLE001 - the first real task raises the same error, in order
        pass


def _apply_chunk(
    func: Callable[[T], R], chunk: list[T], learned: tuple[Learned, ...] = ()
) -> tuple[list[R], Learned | None]:
    """Run in a worker process: take in what the other workers learned, run ``func`` over
    one chunk of items, and hand on what this worker learned meanwhile."""
    global _worker_takes
    pid = os.getpid()
    for (origin, count), given in learned:
        if origin != pid and count > _worker_given.get(origin, -1):
            _worker_given[origin] = count
            sharing.give(_worker_lexicon, given)
    results = [func(item) for item in chunk]
    taken = sharing.take(_worker_lexicon)
    if taken is None:
        return results, None
    _worker_takes += 1
    return results, ((pid, _worker_takes), taken)


def _take(iterator: Iterator[T], count: int) -> tuple[list[T], Exception | None, bool]:
    """Up to ``count`` items; the exception the iterator raised, if any; and whether it ended."""
    items: list[T] = []
    try:
        for _ in range(count):
            items.append(next(iterator))
    except StopIteration:
        return items, None, True
    except Exception as exc:  # given back in order, after the items read before it
        return items, exc, True
    return items, None, False


def _stop(executor: ProcessPoolExecutor) -> None:
    """Terminate the worker processes now and wait until they are gone."""
    terminate: Callable[[], None] | None = getattr(executor, "terminate_workers", None)
    if terminate is not None:  # Python 3.14+
        terminate()
    else:
        for process in list((executor._processes or {}).values()):
            process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def parallel_imap(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    processes: int,
    chunksize: int,
    window: int | None = None,
    config: Config | None = None,
    mp_context: MpContext = None,
) -> Generator[R, None, None]:
    """
    ``map(func, items)`` on ``processes`` worker processes: ordered, lazy and chunked.

    ``func`` must be picklable (a module-level function, or a :func:`functools.partial` of
    one). Each worker starts by opening the lexicon with ``config``. At most
    ``window`` chunks of ``chunksize`` items (default ``4 × processes``) are in flight, so
    the input is read at most ``(window + 1) × chunksize`` items ahead of the results
    yielded.

    With ``processes == 1``, or when all the input fits in one chunk (no second worker
    could get anything), it runs in this process, one item at a time.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")
    _check_chunksize(chunksize)
    if window is None:
        window = WINDOW_PER_PROCESS * processes
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    iterator = iter(items)
    if processes == 1:
        for item in iterator:
            yield func(item)
        return

    buffer, error, ended = _take(iterator, chunksize + 1)
    if ended and len(buffer) <= chunksize:
        for item in buffer:
            yield func(item)
        if error is not None:
            raise error
        return

    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=_context(mp_context),
        initializer=_init_worker,
        initargs=(check_config(config),),
    )
    pending: collections.deque[Future[tuple[list[R], Learned | None]] | Exception] = (
        collections.deque()
    )
    # What workers learned, each with the number of the chunk it no longer goes with.
    to_share: collections.deque[tuple[Learned, int]] = collections.deque()
    share_with = min(SHARE_WITH_CHUNKS_PER_PROCESS * processes, SHARE_WITH_CHUNKS_MAX)
    submitted = 0

    def submit(chunk: list[T]) -> None:
        nonlocal submitted
        while to_share and to_share[0][1] <= submitted:
            to_share.popleft()
        learned = tuple(entry for entry, _ in to_share)
        pending.append(executor.submit(_apply_chunk, func, chunk, learned))
        submitted += 1

    def refill() -> None:
        nonlocal buffer, error, ended
        while len(pending) < window and (buffer or not ended):
            if len(buffer) < chunksize and not ended:
                more, error, ended = _take(iterator, chunksize - len(buffer))
                buffer.extend(more)
            chunk, buffer = buffer[:chunksize], buffer[chunksize:]
            if chunk:
                submit(chunk)
            if error is not None and not buffer:
                pending.append(error)
                error = None

    finished = False
    try:
        refill()
        while pending:
            oldest = pending.popleft()
            if isinstance(oldest, Exception):
                raise oldest
            results, learned = oldest.result()
            if learned is not None:
                to_share.append((learned, submitted + share_with))
            refill()
            yield from results
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # an exception, or the generator closed early
            _stop(executor)


def _repair_one(config: Config, text: str) -> str:
    from ocrfix import repair

    return repair(text, config)


def _checked(texts: Iterable[object]) -> Iterator[str]:
    """The texts, each checked as :func:`ocrfix.repair` checks its argument, by index."""
    for index, item in enumerate(texts):
        try:
            text = check_text(item)
        except TypeError as exc:
            raise TypeError(f"texts[{index}]: {exc}") from None
        yield text


def repair_many(
    texts: Iterable[str],
    config: Config | None = None,
    *,
    processes: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    mp_context: MpContext = None,
) -> Generator[str, None, None]:
    """
    Repair each of ``texts``, yielding the repaired texts in input order.

    The result equals ``[ocrfix.repair(text, config) for text in texts]``, computed on
    ``processes`` worker processes (None or 0: one per usable CPU; 1: in this process, with
    no pool), ``chunksize`` texts to a task. ``texts`` is read lazily, at most
    ``(4 × processes + 1) × chunksize`` texts ahead of the results taken, so it may be a
    generator over files; each result is yielded as soon as it and those before it are ready.
    The workers hand each other the candidate searches they make (:mod:`ocrfix.sharing`), so
    a misreading the texts repeat is searched for about once, not once per worker.

    >>> pages = (f"Sida {n}: vi var 6verens." for n in range(3))
    >>> for repaired in repair_many(pages, processes=1):
    ...     print(repaired)
    Sida 0: vi var överens.
    Sida 1: vi var överens.
    Sida 2: vi var överens.

    An item that is not a ``str`` raises the TypeError :func:`ocrfix.repair` raises, with
    its index, after the results of the items before it:

    >>> list(repair_many(["för", 42], processes=1))
    Traceback (most recent call last):
      ...
    TypeError: texts[1]: ocrfix works on text (str), but it was given int.

    Arguments are checked when it is called; the work starts at the first ``next()``.
    Closing the iterator early (``break`` out of a ``for`` loop, then dropping or closing
    it) terminates the worker processes. ``mp_context`` is the start method (``"fork"``,
    ``"spawn"``, ``"forkserver"`` or a :mod:`multiprocessing` context); the default is the
    platform's.
    """
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError(
            f"texts must be an iterable of str, not a single {type(texts).__name__}; "
            "use ocrfix.repair(text) for one text"
        )
    config = check_config(config)
    count = resolve_processes(processes)
    _check_chunksize(chunksize)
    return parallel_imap(
        functools.partial(_repair_one, config),
        _checked(texts),
        processes=count,
        chunksize=chunksize,
        config=config,
        mp_context=mp_context,
    )
