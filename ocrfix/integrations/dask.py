"""
Repair many texts with Dask: a bag of texts, or a text column of a dataframe.

Install with ``pip install 'ocrfix[dask]'``. Each function only builds the task graph; nothing
runs until you ``compute()`` (or ``persist()``, or write) the result, on whichever scheduler is
in use: the local one, or a ``distributed`` cluster. Importing this module imports no Dask,
pandas or distributed (they take about a second): each function imports what it needs when
it is first called, and :class:`WarmUpPlugin` imports ``distributed`` when it is first used.

>>> import dask.bag as db
>>> from ocrfix.integrations.dask import repair_bag
>>> texts = db.from_sequence(["Parterna var 6verens.", None, ""], npartitions=2)
>>> repair_bag(texts).compute(scheduler="sync")
['Parterna var överens.', None, '']

>>> import dask.dataframe as dd, pandas as pd
>>> from ocrfix.integrations.dask import repair_column
>>> frame = pd.DataFrame({"id": [1, 2], "text": ["Fler drenden.", "Socialndmnden"]})
>>> df = dd.from_pandas(frame, npartitions=1)
>>> repair_column(df, "text", into="repaired").compute(scheduler="sync")["repaired"].tolist()
['Fler ärenden.', 'Socialnämnden']

Every text is repaired exactly as :func:`ocrfix.repair` repairs it on its own (one text is
one document: ocrfix weighs its evidence per text), and the order of the texts, the index and
the partitions are kept.

Missing values, non-text values
-------------------------------

A missing value (``None``, a float NaN or ``pandas.NA``) is left missing: a text column often
has gaps, and a gap is not damage. The empty string is a text and stays ``""``. Any other value
that is not a ``str`` raises a TypeError that says where it is (the column and the index label,
or the bag element) and what it is. Two things happen before ocrfix sees the values:

- A dataframe column whose dtype cannot hold text (numbers, dates, booleans, categories) is
  refused with a TypeError when you call :func:`repair_column`, before anything runs.
- Dask converts ``object`` columns of pandas data to a string dtype by default
  (``dataframe.convert-string``), which turns a stray number into its digits before ocrfix
  can refuse it. With that option off, the TypeError above tells you.

How the lexicon is loaded once per worker, not per text or per partition
------------------------------------------------------------------------

ocrfix loads what it needs (the Swedish lexicon, the candidate index, the OCR confusion
table, the context model) lazily and keeps it in per-process caches, and :func:`ocrfix.repair` keeps
one repairer per :class:`~ocrfix.Config`. A Dask worker is a long-lived process that runs many
tasks, so whatever its first partition loads, every later partition (of this computation and
the next ones) finds in memory. The partition functions are shipped by reference (the worker
imports this module); the only data that travels with each task is the partition and the
Config, which is a small frozen dataclass: it pickles to about 70 bytes, and a Config unpickled
on a worker is equal to, and hashes like, the one you made, so it finds the same cache entries.
Nothing needs to be broadcast or scattered.

On top of that, each partition function first calls :func:`warm_up`. It loads everything for a
Config under a lock, once per process (afterwards it is one set look-up), by repairing a small
built-in sample of damaged Swedish through the public API, so it warms whatever the pipeline
loads lazily, whichever stages the Config turns on. The lock is what makes it *once*: with
several threads per worker, two partitions starting together would otherwise both find the
caches empty and both load. We chose this over a worker plugin as the mechanism because it
needs no cluster set-up, is correct on every scheduler (threads, processes, ``distributed``),
and does not depend on when workers join.

For a ``distributed`` cluster, :class:`WarmUpPlugin` additionally moves the load to worker
start-up (``client.register_plugin(WarmUpPlugin(config))``): the first tasks then run at full
speed, a ``context_model`` file the workers cannot read makes ``register_plugin`` raise at once
instead of failing in the middle of a job, and workers that join or restart later run it too. It is optional; we do not register it for you,
because registering changes a shared cluster.

Two scheduler notes. The local ``"processes"`` scheduler (the default for bags) starts a new
pool of processes for every ``compute()``, so there the load happens once per process per
``compute()``; give Dask a pool that lives longer to load once in all
(``dask.config.set(pool=ProcessPoolExecutor(2, initializer=warm_up))``). ocrfix's own code is
pure Python and holds the GIL, so prefer processes to threads: on ``distributed``,
``LocalCluster(n_workers=<cores>, threads_per_worker=1)``. The lexicon is a memory-mapped file,
so workers on one machine share its pages; what each worker process holds of its own is about
30 MB once warm, plus per-word caches that grow with the vocabulary it sees (about 100 MB more
after 180,000 words of varied damaged text, as we measured it).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import ocrfix
from ocrfix.config import Config
from ocrfix.errors import check_config, check_text
from ocrfix.integrations import missing_extra
from ocrfix.lexicon import get_lexicon

# Dask, pandas and distributed take about a second to import, so this module imports none of
# them: each function imports what it needs when it is called (a worker that repairs a
# partition has them loaded already), and WarmUpPlugin is made on first use (__getattr__
# below). What is checked at import is that the three are installed.
_NEEDS = "Dask (bag, dataframe, distributed) and pandas"


def _check_installed() -> None:
    """Raise the extra's ImportError unless Dask, distributed and pandas are installed."""
    for package in ("dask", "distributed", "pandas"):
        if importlib.util.find_spec(package) is None:  # pragma: no cover - tested in a subprocess
            missing = ModuleNotFoundError(f"No module named {package!r}", name=package)
            raise missing_extra(__name__, _NEEDS, "dask", missing)


_check_installed()

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]  # no py.typed, stubs optional
    from distributed import WorkerPlugin as _WorkerPluginBase
else:
    _WorkerPluginBase = object  # WarmUpPlugin gets distributed's on first use: __getattr__


@contextmanager
def _dask_extra() -> Iterator[None]:
    """Around the deferred imports: an ImportError says which extra to install."""
    try:
        yield
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise missing_extra(__name__, _NEEDS, "dask", exc) from exc


__all__ = [
    "WarmUpPlugin",
    "repair_bag",
    "repair_column",
    "repair_series",
    "warm_up",
]

# Damage that reaches every stage and every lazily loaded table: mojibake (encoding), a
# decomposed letter (NFC), a line-end hyphen (layout), OCR misreadings the confusion table
# knows (`drenden`), a token only the candidate index's wide search reads (`xqzvbk`), and
# words that lost their marks (`for`, `ar`: the context model).
_WARM_UP_TEXT = (
    "Socialndmnden har tagit emot fler drenden fr\u00c3\u00a5n Kommunfullmdktige och xqzvbk. "
    "Parterna var 6verens om att fullf6lja planen, for att det ar viktigt f\u00f6r "
    "Fo\u0308rvaltningen i Stockholms-\nregionen."
)

_warmed: set[Config] = set()
_warm_lock = threading.Lock()


def warm_up(config: Config | None = None) -> None:
    """
    Load everything ocrfix needs to repair with ``config``, once in this process.

    The partition functions of this module call it first; call it yourself in a process pool's
    initializer, or use :class:`WarmUpPlugin` on ``distributed``. After the first call for a
    Config it costs a set look-up. It is thread-safe: threads that call it together wait for
    one load.

    >>> warm_up()
    >>> warm_up(ocrfix.Config(min_confidence=0.9))
    """
    config = check_config(config)
    if config in _warmed:
        return
    with _warm_lock:
        if config in _warmed:
            return
        get_lexicon(config.lexicon)
        ocrfix.repair(_WARM_UP_TEXT, config)
        _warmed.add(config)


class WarmUpPlugin(_WorkerPluginBase):  # type: ignore[misc,unused-ignore]  # partly typed
    """
    A ``distributed`` worker plugin that runs :func:`warm_up` as each worker starts.

    ``client.register_plugin(WarmUpPlugin(config))`` warms the workers there are now and every
    worker that joins later. Register one per Config you repair with; each has its own name, so
    they do not replace one another, and registering the same Config twice does nothing.
    """

    idempotent = True

    def __init__(self, config: Config | None = None) -> None:
        self.config = check_config(config)
        digest = hashlib.sha1(repr(self.config).encode("utf-8")).hexdigest()[:12]
        self.name = f"ocrfix-warm-up-{digest}"

    def setup(self, worker: object) -> None:
        warm_up(self.config)


if not TYPE_CHECKING:
    # The class above has no base yet: importing distributed's WorkerPlugin costs 0.3 s, so
    # the module's WarmUpPlugin is made from it on first use, with distributed's WorkerPlugin
    # as its base (register_plugin requires a true subclass), and kept.
    _WarmUpPluginBody = WarmUpPlugin
    del WarmUpPlugin

    def __getattr__(name: str) -> Any:
        if name != "WarmUpPlugin":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        with _dask_extra():
            from distributed import WorkerPlugin
        plugin = type(
            "WarmUpPlugin",
            (_WarmUpPluginBody, WorkerPlugin),
            {
                "__module__": __name__,
                "__qualname__": "WarmUpPlugin",  # pickled by reference, as the module's own
                "__doc__": _WarmUpPluginBody.__doc__,
            },
        )
        globals()["WarmUpPlugin"] = plugin  # found directly from now on: one class
        return plugin

    def __dir__() -> list[str]:
        return sorted(set(globals()) | {"WarmUpPlugin"})


def repair_bag(bag: db.Bag, config: Config | None = None) -> db.Bag:
    """
    A bag of the repaired texts of ``bag``, in the same order and partitions.

    ``None``, NaN and ``pandas.NA`` elements are left as they are; any other element that is
    not a ``str`` makes the computation raise a TypeError.
    """
    config = check_config(config)
    with _dask_extra():
        import dask.bag as db
    if not isinstance(bag, db.Bag):
        raise TypeError(
            f"repair_bag needs a dask.bag.Bag, but it was given {type(bag).__name__}; "
            "make one with dask.bag.from_sequence(texts, npartitions=...)"
        )
    # dask's collections are only partly typed: map_partitions has no annotations.
    repaired: db.Bag = bag.map_partitions(  # type: ignore[no-untyped-call,unused-ignore]
        _repair_partition, config
    )
    return repaired


def repair_series(series: dd.Series, config: Config | None = None) -> dd.Series:
    """
    A dask Series of the repaired texts of ``series``, with its name, index, dtype and
    partitions.

    Missing values stay missing. A dtype that cannot hold text raises a TypeError at once;
    a non-text value in an ``object`` column raises one when computed.
    """
    config = check_config(config)
    with _dask_extra():
        import dask.dataframe as dd
    if not isinstance(series, dd.Series):
        raise TypeError(
            f"repair_series needs a dask.dataframe.Series, but it was given "
            f"{type(series).__name__}"
        )
    _check_text_dtype(series.dtype, f"the series {series.name!r}")
    repaired: dd.Series = series.map_partitions(  # type: ignore[no-untyped-call,unused-ignore]
        _repair_pandas_series, config, meta=(series.name, series.dtype)
    )
    return repaired


def repair_column(
    df: dd.DataFrame,
    column: object,
    config: Config | None = None,
    *,
    into: object = None,
) -> dd.DataFrame:
    """
    ``df`` with the texts of ``column`` repaired.

    By default the repaired texts replace ``column`` (in a new dataframe: ``df`` itself is not
    changed); ``into="name"`` puts them in the column ``name`` instead, after the others, or in
    place of ``name`` if ``df`` has one, and keeps ``column`` as it was.

    A ``column`` that ``df`` does not have raises a KeyError, and one whose dtype cannot hold
    text a TypeError, at once. Missing values stay missing; a non-text value in an ``object``
    column raises a TypeError when computed, naming the column and the index label.
    """
    config = check_config(config)
    with _dask_extra():
        import dask.dataframe as dd
    if not isinstance(df, dd.DataFrame):
        raise TypeError(
            f"repair_column needs a dask.dataframe.DataFrame, but it was given "
            f"{type(df).__name__}; for a dask Series use repair_series"
        )
    if column not in df.columns:
        columns = ", ".join(repr(name) for name in df.columns)
        raise KeyError(f"the dataframe has no column {column!r}; its columns are {columns}")
    _check_text_dtype(df[column].dtype, f"column {column!r}")
    repaired = repair_series(df[column], config)
    out: dd.DataFrame = df.copy()  # shallow: a new collection, no data is copied
    out[column if into is None else into] = repaired
    return out


# -- what runs on the workers -------------------------------------------------------------


def _is_missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    # pandas.NA can only be a value where pandas is imported; do not import it for a bag.
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is getattr(pandas, "NA", None)


def _repair_value(value: object, config: Config) -> object:
    if isinstance(value, str):
        return ocrfix.repair(value, config)
    if _is_missing(value):
        return value
    return ocrfix.repair(check_text(value), config)  # check_text raises ocrfix's TypeError


def _repair_partition(texts: Iterable[object], config: Config) -> list[object]:
    """One bag partition: the repaired texts, as a list."""
    warm_up(config)
    repaired: list[object] = []
    for value in texts:
        try:
            repaired.append(_repair_value(value, config))
        except TypeError as exc:
            raise TypeError(f"cannot repair the bag element {_shorten(value)}: {exc}") from exc
    return repaired


def _repair_pandas_series(part: pd.Series, config: Config) -> pd.Series:
    """One dataframe partition of a text column: the repaired texts, same index and dtype."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]  # loaded: part is pandas

    warm_up(config)
    values = part.tolist()
    repaired: list[object] = []
    for position, value in enumerate(values):
        try:
            repaired.append(_repair_value(value, config))
        except TypeError as exc:
            raise TypeError(
                f"cannot repair column {part.name!r} at index {part.index[position]!r} "
                f"(value {_shorten(value)}): {exc}"
            ) from exc
    return pd.Series(repaired, index=part.index, name=part.name, dtype=part.dtype)


def _check_text_dtype(dtype: object, what: str) -> None:
    with _dask_extra():
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    if isinstance(dtype, pd.CategoricalDtype):
        raise TypeError(
            f"{what} is categorical; ocrfix repairs text columns (a string or object dtype). "
            "Convert it first, e.g. df[column].astype('string')"
        )
    if not pd.api.types.is_string_dtype(dtype):
        raise TypeError(
            f"{what} has dtype {dtype}, which cannot hold text; ocrfix repairs text columns "
            "(a string or object dtype)"
        )


def _shorten(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
