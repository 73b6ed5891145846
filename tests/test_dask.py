"""
ocrfix.integrations.dask: on a real two-process distributed cluster and on Dask's local
schedulers, every text comes back as ocrfix.repair() makes it, in order, and each worker
loads the lexicon once.

Dask and distributed are in the `test` extra; without them this module fails to import, with
the message to `pip install 'ocrfix[dask]'`, rather than being skipped.
"""

from __future__ import annotations

import collections
import logging
import math
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import cloudpickle
import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import ocrfix
from ocrfix.integrations.dask import (
    WarmUpPlugin,
    repair_bag,
    repair_column,
    repair_series,
    warm_up,
)

# The helpers that run on the workers travel by value, so the workers need not import this
# test module (they could not in pytest's importlib mode).
cloudpickle.register_pickle_by_value(sys.modules[__name__])

DAMAGED = [
    "Socialndmnden har tagit emot fler drenden.",
    "Parterna var 6verens om att fullf6lja planen.",
    "Kommunfullmdktige beslutade att avsld motionen.",
    "Byggnadsndmnden gav bygglov f6r tillbyggnaden.",
    "Skolan har fått nya lokaler i h6st.",
    "Det finns många äldre i kommunen som beh6ver st6d.",
    "F6rvaltningen föreslår att nämnden godkänner rapporten.",
    "Vi måste gå till m6tet i morgon.",
    "Trafikverket bygger om vdgen genom byn.",
    "Ans6kan om bidrag ska lämnas senast i maj.",
    "Regeringen föreslår h6jda anslag till forskningen.",
    "Milj6förvaltningen har inspekterat anläggningen.",
    "Biblioteket har 6ppet även på l6rdagar.",
    "Vattnet i sj6n är rent och klart.",
    "Han arbetade som ldrare i trettio år.",
    "Styrelsen beslutade att sk6ta ärendet själv.",
    "Utredningen visar att kostnaderna 6kar varje år.",
    "FrÃ¥gan behandlas pÃ¥ nÃ¤sta mÃ¶te.",  # mojibake: UTF-8 read as Windows-1252
    "Fo\u0308rvaltningen har tagit fram ett fo\u0308rslag.",  # decomposed ö (NFD)
    "Det är svårt att hitta arbete i Stockholms-\nregionen och i Uppsala.",
]
CLEAN = [
    "Socialnämnden har tagit emot fler ärenden.",
    "Parterna var överens om att fullfölja planen.",
    "barn- och ungdomsvården, IT-stöd",
    "Barnen lekte i skolgården hela eftermiddagen.",
    "Hon fick svar från myndigheten efter två veckor.",
    "Kommunen har 12 500 invånare.",
    "Mötet avslutades klockan 16.30.",
    "Hej!",
    "   ",
    "",
]
# Damaged, clean and missing texts interleaved, so every partition holds some of each.
TEXTS: list[str | None] = []
for _i in range(max(len(DAMAGED), len(CLEAN))):
    TEXTS += DAMAGED[_i : _i + 1] + CLEAN[_i : _i + 1]
    if _i % 6 == 5:
        TEXTS.append(None)
EXPECTED = [None if text is None else ocrfix.repair(text) for text in TEXTS]
NPARTITIONS = 8  # Dask may make fewer, but more than the 2 workers: some repairs several


def test_the_texts_need_repair() -> None:
    """The comparisons below would prove little if ocrfix changed nothing."""
    assert len(TEXTS) >= 30 and None in TEXTS and "" in TEXTS
    changed = sum(text != repaired for text, repaired in zip(TEXTS, EXPECTED))
    assert changed >= len(DAMAGED) - 2
    assert EXPECTED[0] == "Socialnämnden har tagit emot fler ärenden."


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"id": range(100, 100 + len(TEXTS)), "text": TEXTS, "n": range(len(TEXTS))}
    )


def _as_list(values: pd.Series) -> list[str | None]:
    """The values, with whatever marks a missing value (None, NaN, pd.NA) as None."""
    return [None if pd.isna(value) else value for value in values.tolist()]


# -- Dask's local schedulers (no distributed Client exists yet) -----------------------------


def test_bag_on_the_default_scheduler() -> None:
    bag = db.from_sequence(TEXTS, npartitions=NPARTITIONS)
    repaired = repair_bag(bag)
    assert dask.base.get_scheduler(collections=[repaired]) is dask.multiprocessing.get
    assert repaired.npartitions == bag.npartitions > 2
    assert repaired.compute() == EXPECTED


def test_dataframe_column_on_the_default_scheduler() -> None:
    df = dd.from_pandas(_frame(), npartitions=NPARTITIONS)
    repaired = repair_column(df, "text")
    assert dask.base.get_scheduler(collections=[repaired]) is dask.threaded.get
    result = repaired.compute()
    assert list(result.columns) == ["id", "text", "n"]
    assert result["id"].tolist() == list(range(100, 100 + len(TEXTS)))
    assert _as_list(result["text"]) == EXPECTED
    assert _as_list(df["text"].compute()) == TEXTS  # the input is not changed


def test_into_keeps_the_column_and_adds_the_repaired_one() -> None:
    df = dd.from_pandas(_frame(), npartitions=3)
    result = repair_column(df, "text", into="repaired").compute(scheduler="sync")
    assert list(result.columns) == ["id", "text", "n", "repaired"]
    assert _as_list(result["text"]) == TEXTS
    assert _as_list(result["repaired"]) == EXPECTED
    assert result.index.tolist() == list(range(len(TEXTS)))


def test_series_keeps_name_index_and_dtype() -> None:
    frame = _frame().set_index("id")
    series = dd.from_pandas(frame, npartitions=4)["text"]
    repaired = repair_series(series)
    assert repaired.dtype == series.dtype and repaired.name == "text"
    result = repaired.compute(scheduler="sync")
    assert result.index.tolist() == frame.index.tolist()
    assert _as_list(result) == EXPECTED


def test_object_column_keeps_its_missing_values_as_they_were() -> None:
    with dask.config.set({"dataframe.convert-string": False}):
        texts = pd.Series(["Fler drenden.", None, math.nan, ""], dtype=object)
        frame = pd.DataFrame({"text": texts})
        df = dd.from_pandas(frame, npartitions=2)
        assert df["text"].dtype == object
        result = repair_column(df, "text").compute(scheduler="sync")["text"].tolist()
    assert result[0] == "Fler ärenden." and result[1] is None
    assert math.isnan(result[2]) and result[3] == ""


def test_config_is_used_and_travels() -> None:
    config = ocrfix.Config(fix_words=False)
    assert pickle.loads(pickle.dumps(config)) == config
    assert cloudpickle.loads(cloudpickle.dumps(config)) == config
    bag = db.from_sequence(["Parterna var 6verens.", "Fo\u0308rslag"], npartitions=2)
    repaired = repair_bag(bag, config).compute(scheduler="sync")
    assert repaired == ["Parterna var 6verens.", "Förslag"]  # NFC, but no word repair


# -- errors ---------------------------------------------------------------------------------


def test_a_missing_column_is_a_key_error_naming_it() -> None:
    df = dd.from_pandas(_frame(), npartitions=2)
    with pytest.raises(KeyError, match="no column 'txt'; its columns are 'id', 'text', 'n'"):
        repair_column(df, "txt")


def test_a_column_that_cannot_hold_text_is_refused_at_once() -> None:
    df = dd.from_pandas(_frame(), npartitions=2)
    with pytest.raises(TypeError, match="column 'n' has dtype int64, which cannot hold text"):
        repair_column(df, "n")
    df = df.assign(kind=df["text"].fillna("").astype("category"))
    with pytest.raises(TypeError, match="column 'kind' is categorical"):
        repair_column(df, "kind")


def test_a_non_text_value_is_a_type_error_naming_column_and_index() -> None:
    with dask.config.set({"dataframe.convert-string": False}):
        frame = pd.DataFrame({"text": pd.Series(["Fler drenden.", 17, "ok"], dtype=object)})
        repaired = repair_column(dd.from_pandas(frame, npartitions=1), "text")
    with pytest.raises(TypeError, match=r"column 'text' at index 1 \(value 17\).*given int"):
        repaired.compute(scheduler="sync")


def test_a_non_text_bag_element_is_a_type_error() -> None:
    bag = db.from_sequence(["Fler drenden.", 3.5], npartitions=1)
    with pytest.raises(TypeError, match=r"bag element 3\.5: .*given float"):
        repair_bag(bag).compute(scheduler="sync")
    bag = db.from_sequence([b"Fler drenden."], npartitions=1)
    with pytest.raises(TypeError, match="repair_bytes"):
        repair_bag(bag).compute(scheduler="sync")


def test_wrong_arguments_are_refused_at_once() -> None:
    bag = db.from_sequence(["text"], npartitions=1)
    df = dd.from_pandas(_frame(), npartitions=1)
    with pytest.raises(TypeError, match="config must be an ocrfix.Config"):
        repair_bag(bag, {"fix_words": False})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a dask.bag.Bag, but it was given list"):
        repair_bag(["text"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a dask.dataframe.DataFrame"):
        repair_column(df["text"], "text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a dask.dataframe.Series"):
        repair_series(_frame()["text"])  # type: ignore[arg-type]


def test_warm_up_is_once_per_config_even_from_threads_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ocrfix.integrations import dask as integration

    config = ocrfix.Config(min_confidence=0.61)  # a Config no other test warms
    calls: list[str] = []
    repair = ocrfix.repair

    def slow_counting_repair(text: str, config: ocrfix.Config | None = None) -> str:
        calls.append(text)
        time.sleep(0.2)  # the other threads arrive while the first one loads
        return repair(text, config)

    monkeypatch.setattr(ocrfix, "repair", slow_counting_repair)
    try:
        threads = [threading.Thread(target=warm_up, args=(config,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        warm_up(config)
        assert len(calls) == 1 and config in integration._warmed
    finally:
        integration._warmed.discard(config)


# -- imports --------------------------------------------------------------------------------


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_importing_ocrfix_imports_no_dask() -> None:
    done = _run(
        "import sys, ocrfix, ocrfix.integrations\n"
        "ocrfix.repair('Fler drenden.')\n"
        "print(sorted(m for m in ('dask', 'distributed', 'pandas') if m in sys.modules))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_importing_the_integration_leaves_dataframe_and_distributed_for_later() -> None:
    """dask.dataframe, pandas and distributed take about a second to import: the module
    imports each only when a function (or WarmUpPlugin) needs it. A bag needs neither (Dask's
    compute() itself looks for distributed, so the check comes before it)."""
    done = _run(
        "import sys\n"
        "heavy = ('dask.dataframe', 'distributed', 'pandas')\n"
        "import ocrfix.integrations.dask as integration\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "import dask.bag as db\n"
        "bag = integration.repair_bag(db.from_sequence(['Fler drenden.', None], npartitions=1))\n"
        "print(sorted(m for m in ('dask.dataframe', 'distributed') if m in sys.modules))\n"
        "print(bag.compute(scheduler='sync'))\n"
        "plugin = integration.WarmUpPlugin\n"
        "from distributed import WorkerPlugin\n"
        "from ocrfix.integrations.dask import WarmUpPlugin\n"
        "print(issubclass(plugin, WorkerPlugin), plugin is WarmUpPlugin,"
        " 'WarmUpPlugin' in dir(integration), plugin.__doc__ is not None)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[]",
        "[]",
        "['Fler ärenden.', None]",
        "True True True True",
    ]


def test_without_dask_the_import_error_says_what_to_install() -> None:
    done = _run(
        "import sys\n"
        "sys.modules['dask'] = None  # as if Dask were not installed\n"
        "import ocrfix.integrations.dask"
    )
    assert done.returncode == 1
    assert "ImportError: ocrfix.integrations.dask needs Dask" in done.stderr
    assert "pip install 'ocrfix[dask]'" in done.stderr


# -- a real distributed cluster: two worker processes ---------------------------------------


def _lexicon_loads() -> int:
    """On a worker: how many lexicons it has loaded (each one reads the lexicon file). Read
    from the loader's cache, not by patching Lexicon: a compiled ocrfix (setup.py) makes its
    Lexicon without looking the class up again."""
    from ocrfix.lexicon import _load_lexicon

    return _load_lexicon.cache_info().misses


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # No dashboard; the scheduler's small HTTP server takes any free local port.
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster, set_as_default=False) as client:
        # Not the default: the tests above keep Dask's local schedulers in any order, and
        # the ones below name the client.
        # Workers have loaded nothing of ocrfix yet: the counts start from the first load.
        assert set(client.run(_lexicon_loads).values()) == {0}
        yield client


def test_bag_on_a_cluster_loads_the_lexicon_once_per_worker(client: Client) -> None:
    repaired = repair_bag(db.from_sequence(TEXTS, npartitions=NPARTITIONS))
    futures = client.compute(repaired.to_delayed())
    parts = client.gather(futures)
    assert [text for part in parts for text in part] == EXPECTED
    partitions_per_worker = collections.Counter(
        worker for workers in client.who_has(futures).values() for worker in workers
    )
    assert sum(partitions_per_worker.values()) == repaired.npartitions > 2
    loads = client.run(_lexicon_loads)
    assert set(loads) == set(client.scheduler_info()["workers"])
    # Each worker that repaired partitions (at least one repaired several) loaded the
    # lexicon exactly once.
    assert {worker: loads[worker] for worker in partitions_per_worker} == {
        worker: 1 for worker in partitions_per_worker
    }
    # And the plain way, on the same workers: nothing is loaded again.
    assert repaired.compute(scheduler=client) == EXPECTED
    assert all(count <= 1 for count in client.run(_lexicon_loads).values())


def test_dataframe_on_a_cluster(client: Client) -> None:
    df = dd.from_pandas(_frame(), npartitions=NPARTITIONS)
    result = repair_column(df, "text", into="repaired").compute(scheduler=client)
    assert result.index.tolist() == list(range(len(TEXTS)))
    assert result["id"].tolist() == list(range(100, 100 + len(TEXTS)))
    assert _as_list(result["text"]) == TEXTS
    assert _as_list(result["repaired"]) == EXPECTED
    assert all(count <= 1 for count in client.run(_lexicon_loads).values())


def test_errors_on_a_cluster_reach_the_caller(client: Client) -> None:
    bag = db.from_sequence(["Fler drenden.", 7], npartitions=2)
    with pytest.raises(TypeError, match="bag element 7"):
        repair_bag(bag).compute(scheduler=client)


def test_warm_up_plugin_warms_every_worker(client: Client) -> None:
    config = ocrfix.Config(min_confidence=0.9)
    client.register_plugin(WarmUpPlugin(config))
    client.register_plugin(WarmUpPlugin(config))  # idempotent: the same name, nothing new

    def is_warm() -> bool:
        from ocrfix.integrations import dask as integration

        return config in integration._warmed

    assert set(client.run(is_warm).values()) == {True}
    # Now every worker has loaded the lexicon, still once: the new Config shares it.
    assert set(client.run(_lexicon_loads).values()) == {1}
    bag = db.from_sequence(TEXTS, npartitions=4)
    expected = [None if text is None else ocrfix.repair(text, config) for text in TEXTS]
    assert repair_bag(bag, config).compute(scheduler=client) == expected
