"""How fast ocrfix repairs distinct documents, beside peers in the same process on the same ones.

    python -m pip install -e '.[bench]'
    python benchmarks/speed.py ../shared/corpus        # the corpus's pages; 10 kB to 1 MB
    python benchmarks/speed.py ../shared/corpus --size 2 --json speed.json
    python benchmarks/speed.py ../shared/corpus --sizes 0.01,1,50 --timeout 36000   # linearity
    python benchmarks/speed.py ../shared/corpus --clean-text /tmp/lo-sv.txt --sizes 0.01,0.1,corpus

CORPUS holds the pair corpora ``ocr-eng``, ``ocr-swe``, ``ocr-deu``, ``ocr-dan`` and
``ocr-ocrad`` (``--corpora`` chooses; a single pair corpus works too). It is only read. The
documents (benchmarks/pages.py makes them; nothing is written anywhere):

- damaged OCR pages: the ``.ocr.txt`` pages of those corpora, in a fixed shuffled order, then
  synthetic pages: each made of lines of different pages of one OCR corpus (shuffled with
  ``--seed``, a line and the line its end-of-line hyphen continues kept together), so that no
  page repeats and no whole document is repeated;
- clean Swedish: the distinct ``.gt.txt`` pages, then synthetic pages of sentences of different
  pages, the same way; or, with ``--clean-text FILE``, pages of about 1.6 kB made of the
  distinct paragraphs of FILE (one a line, as ``unseen_text.py`` writes them), in its order,
  and nothing synthetic: as many as the text has (``pages.text_pages``).

Distinct documents, not distinct tokens: words (and, past the corpus's own size, lines and
sentences) of course still recur, as they do in any real corpus. Synthetic pages, though, add
no word the corpus's pages do not have: past those, the number of distinct (suspect) tokens
stops growing, where a real corpus keeps meeting new misreadings. A cache of decisions per
token that lasts from one document to the next answers more of the synthetic pages than it
would of real ones, so the main table is on the corpus's own pages by default (``--size
corpus``: 340 kB of damaged pages, 120 kB of clean text from ../shared/corpus), and every table
shows how many pages are synthetic and how many distinct suspect tokens there are. A long
text of one's own (``--clean-text``) keeps meeting new words as a real corpus does, and shows
how the clean speed grows with size on text that does not repeat. The documents are taken
from the start of each stream up to the size asked for (MB), so a smaller size is a prefix of
a larger one.

Each figure is measured in a fresh process (this script's ``_worker`` entry point), so no
cache carries over from another figure, and one at a time: one core. In it ocrfix first
repairs a short built-in sample (not from the corpus), which loads what it loads lazily, once
per process; then the documents are repaired one by one, ``ocrfix.repair(page)`` per page as a
corpus pipeline calls it, and only those repair calls are timed. Then, in the same process
and on exactly the same documents:

- cache-friendly (repeated text): the same documents repaired a second time by the now warm
  process; a separate, labelled row. This is close to what the earlier version of this
  script measured (it repeated the corpus to make its megabytes), and per-process caches
  answer most of it;
- the peak RSS of the process so far (``resource.getrusage``), before any peer is loaded: the
  memory of a process that repaired the damaged pages (one page is held at a time);
- the distinct suspect tokens: the distinct word tokens (``ocrfix.tokens.word_tokens``) of the
  documents that the packaged lexicon rejects (``get_lexicon().is_word``), counted after
  ocrfix's timed runs; ocrfix's time on the distinct documents divided by their number is
  its cost per distinct suspect token;
- the peers, each built and warmed outside the timing: symspell (benchmarks/peers.py, a
  spell-checker over wordfreq's Swedish list) on both texts and ``ftfy.fix_text`` on clean
  text, one call per document like ocrfix; and, on both, the floor: no repair, the text split
  into runs of non-space characters with one look-up per distinct run in ocrfix's lexicon
  (peers.build_floor), the least work any repair that looks at every word does.

The damaged pages' figures are also given by the corpus each page comes from (the engine and
model that read it, ``pages.Page.source``), ocrfix's beside symspell's: the sums of the same
timed calls, not separate runs. A page's cost follows its damage, so a user's figure depends
on their engine: pages that need few repairs go many times faster than pages that need many.
With ``--no-peers`` the rows have ocrfix's figures alone.

MB/s is 10^6 characters per second (the texts are mostly one byte a character); "ocrfix ÷
peer" is ocrfix's MB/s over the peer's. Also measured: the cold start (``import ocrfix;
ocrfix.repair('för')`` in a new process, best of 5), beside Python's own start and with a
word when ocrfix's bytecode is not cached (then every start compiles its modules, as an
installed wheel's never does); the same with the damaged warm-up text instead of 'för' (all
that a new process loads before its first damaged page is repaired); and ocrfix alone at
each of ``--sizes`` MB, each size and text in a fresh process, to show whether the cost grows
linearly. A figure whose process takes longer than ``--timeout`` seconds is skipped (and said
so, with how far it got), and larger sizes of that text are not tried. 50 MB of distinct
damaged pages takes 8 minutes or more at 0.1 MB/s, so the default ``--sizes`` is
0.01,corpus,1 (``corpus``: the corpus's own pages); the linearity check of issue 15 is
``--sizes 0.01,1,50`` with a ``--timeout`` to match. A size that is the main table's is not
measured again.

``--json`` prints one JSON object instead of the tables; ``--json FILE`` writes it to FILE as
well as printing the tables.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pages  # noqa: E402

KINDS = {"damaged": "damaged OCR pages", "clean": "clean Swedish"}
PEERS = {"damaged": ("symspell", "floor"), "clean": ("ftfy", "symspell", "floor")}
# The peer the damaged pages of each source corpus are set beside (source_rows).
SOURCE_PEER = "symspell"
PROGRESS_EVERY = 10.0  # seconds between progress records of a worker
# Repaired once before the timing, so that what ocrfix loads lazily on its first damaged text
# (tables, models, indexes: the cold start's work, once per process) is not in the figure.
# Damage of every kind, in words that are not the corpus's concern.
WARM_UP = (
    "Socialndmnden har tagit emot fler drenden fr\u00c3\u00a5n Kommunfullmdktige och xqzvbk. "
    "Parterna var 6verens om att fullf6lja planen, for att det ar viktigt f\u00f6r "
    "Fo\u0308rvaltningen i Stockholms-\nregionen."
)


# -- the worker: one fresh process per figure ------------------------------------------------


class Recorder:
    """Appends one JSON object a line to a file, flushed at once: a worker killed at its
    timeout leaves what it measured so far."""

    def __init__(self, path: str) -> None:
        self.file = open(path, "a", encoding="utf-8")

    def __call__(self, **record: Any) -> None:
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()


def timed_pass(
    repair: Callable[[str], object], documents: Iterator[pages.Page], record: Recorder, label: str
) -> dict[str, Any]:
    """Repair each document once; the wall and CPU seconds of the repair calls alone, in all
    and (under "sources") for the pages of each source corpus (pages.Page.source)."""
    total = _tally()
    sources: defaultdict[str, dict[str, float]] = defaultdict(_tally)
    last = time.perf_counter()
    for page in documents:
        text = page.text
        c0 = time.process_time()
        t0 = time.perf_counter()
        repair(text)
        t1 = time.perf_counter()
        cpu = time.process_time() - c0
        # The whole and the page's source are counted alike.
        for tally in (total, sources[page.source]):
            tally["seconds"] += t1 - t0
            tally["cpu_seconds"] += cpu
            tally["characters"] += len(text)
            tally["pages"] += 1
        if t1 - last >= PROGRESS_EVERY:
            record(event="progress", run=label, characters=total["characters"],
                   pages=total["pages"], seconds=total["seconds"])
            last = t1
    return {**total, "sources": dict(sources)}


def _tally() -> dict[str, float]:
    """timed_pass's sums, at nought."""
    return {"seconds": 0.0, "cpu_seconds": 0.0, "characters": 0, "pages": 0}


def source_rows(
    results: dict[str, Any], peer: str
) -> list[tuple[str, int, float, float, float | None]]:
    """The damaged pages' figures by source corpus, from the same timed calls as the whole:
    (corpus, pages, MB, ocrfix MB/s, peer MB/s or None where the peer was not timed on that
    corpus, as with --no-peers) for each corpus ocrfix was timed on, in the order of
    OCR_CORPORA (others after, by name). Empty when the pages have no sources."""
    ours = results.get("ocrfix/distinct", {}).get("sources", {})
    theirs = results.get(f"{peer}/distinct", {}).get("sources", {})
    order = {name: i for i, name in enumerate(pages.OCR_CORPORA)}
    rows = []
    for corpus in sorted(ours, key=lambda name: (order.get(name, len(order)), name)):
        mine = ours[corpus]
        if corpus and mine["seconds"]:
            other = theirs.get(corpus)
            peer_mb = mb_per_s(other) if other and other["seconds"] else None
            rows.append((corpus, int(mine["pages"]), mine["characters"] / 1e6,
                         mb_per_s(mine), peer_mb))
    return rows


def suspect_tokens(documents: Iterator[pages.Page]) -> tuple[int, int]:
    """(distinct word tokens, distinct word tokens the packaged lexicon rejects)."""
    from ocrfix.lexicon import get_lexicon

    try:
        from ocrfix.tokens import word_tokens as tokens
        wanted = None
    except ImportError:  # pragma: no cover - an older or newer ocrfix
        from ocrfix.tokens import iter_tokens as tokens
        wanted = {"word", "mixed"}
    distinct: set[str] = set()
    for page in documents:
        text = page.text
        for kind, start, end in tokens(text):
            if wanted is None or kind in wanted:
                distinct.add(text[start:end])
    lexicon = get_lexicon()
    return len(distinct), sum(not lexicon.is_word(token) for token in distinct)


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="speed.py _worker")
    parser.add_argument("out")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--chars", type=int, required=True)
    parser.add_argument("--corpora", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--peers", default="")
    parser.add_argument("--repeat", action="store_true")
    parser.add_argument("--suspects", action="store_true")
    parser.add_argument("--clean-text", type=Path)
    args = parser.parse_args(argv)
    record = Recorder(args.out)
    corpora = args.corpora.split(",")

    def documents() -> Iterator[pages.Page]:
        """The same documents every time, made again rather than held in memory."""
        stream = pages.stream(args.kind, args.corpus, corpora, args.seed, args.clean_text)
        if args.chars == 0:  # the corpus's own pages
            return itertools.takewhile(lambda page: not page.synthetic, stream)
        return pages.take(stream, args.chars)

    def timed(repair: Callable[[str], object], label: str) -> dict[str, Any]:
        result = timed_pass(repair, documents(), record, label)
        if args.kind != "damaged":
            del result["sources"]  # no engine read a clean page: its name's corpus means nothing
        return result

    made = list(documents())
    record(
        event="documents",
        pages=len(made),
        characters=sum(len(p.text) for p in made),
        synthetic=sum(p.synthetic for p in made),
    )
    del made

    import ocrfix

    record(event="ocrfix", version=ocrfix.__version__, path=str(Path(ocrfix.__file__).parent))
    # Only the repair calls are timed; the import is not, nor what repair loads on its
    # first calls (as in a corpus pipeline, that is paid once per process).
    ocrfix.repair(WARM_UP)
    record(event="result", system="ocrfix", run="distinct",
           **timed(ocrfix.repair, "ocrfix"))
    if args.repeat:
        record(event="result", system="ocrfix", run="repeated",
               **timed(ocrfix.repair, "ocrfix again"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    record(event="rss", megabytes=rss / 1024 if sys.platform != "darwin" else rss / 2**20)
    if args.suspects:
        try:
            distinct, suspects = suspect_tokens(documents())
        except Exception as error:  # noqa: BLE001 - ocrfix's internals are being rewritten
            record(event="suspects-failed", message=f"{type(error).__name__}: {error}")
        else:
            record(event="suspects", distinct_tokens=distinct, suspect_tokens=suspects)

    if args.peers:
        import peers

        for name in args.peers.split(","):
            try:
                system, build_seconds = peers.build(name)
            except peers.PeerUnavailable as error:
                record(event="unavailable", system=name, message=str(error))
                continue
            try:
                record(event="result", system=name, run="distinct", about=system.about,
                       build_seconds=build_seconds,
                       **timed(system, name))
            finally:
                system.close()
    record(event="done")
    return 0


# -- the driver ------------------------------------------------------------------------------


def run_worker(
    args: argparse.Namespace, kind: str, megabytes: float, *, peers: tuple[str, ...] = (),
    repeat: bool = False, suspects: bool = False,
) -> dict[str, Any]:
    """Run one figure in a fresh process; what it recorded, by event, and how it ended."""
    with tempfile.TemporaryDirectory(prefix="ocrfix-speed-") as tmp:
        out = Path(tmp) / "records.jsonl"
        command = [
            sys.executable, str(Path(__file__).resolve()), "_worker", str(out),
            "--corpus", str(args.corpus), "--kind", kind,
            "--chars", str(int(megabytes * 1_000_000)),
            "--corpora", ",".join(args.corpora), "--seed", str(args.seed),
        ]
        if peers:
            command += ["--peers", ",".join(peers)]
        if repeat:
            command.append("--repeat")
        if suspects:
            command.append("--suspects")
        if args.clean_text is not None:
            command += ["--clean-text", str(args.clean_text)]
        stderr = Path(tmp) / "stderr"
        timed_out = False
        start = time.perf_counter()
        with open(stderr, "wb") as err:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
            try:
                returncode = process.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                timed_out, returncode = True, None
        elapsed = time.perf_counter() - start
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
                   ] if out.exists() else []
        error = stderr.read_text(encoding="utf-8", errors="replace").strip()
    figure: dict[str, Any] = {
        "kind": kind, "megabytes": megabytes, "timed_out": timed_out,
        "returncode": returncode, "elapsed": elapsed, "results": {},
    }
    for record in records:
        event = record.pop("event")
        if event == "result":
            figure["results"][f"{record['system']}/{record['run']}"] = record
        elif event == "progress":
            figure["progress"] = record
        elif event == "unavailable":
            figure.setdefault("unavailable", []).append(record)
        elif event == "suspects-failed":
            sys.stderr.write(f"{kind}: the suspect tokens were not counted: {record['message']}\n")
        elif event != "done":
            figure[event] = record
    if returncode not in (0, None):
        figure["error"] = error.splitlines()[-1] if error else f"exit status {returncode}"
        sys.stderr.write(f"{kind} {megabytes:g} MB: the worker failed:\n{error}\n")
    return figure


def mb_per_s(result: dict[str, Any]) -> float:
    return float(result["characters"] / result["seconds"] / 1e6)


def ratio_label(ratio: float) -> str:
    """A ratio with two decimals, or three below 0.1 (ocrfix beside the floor on damaged pages:
    0.006×, not 0.01×)."""
    return f"{ratio:.3f}×" if ratio < 0.1 else f"{ratio:.2f}×"


COLD_START_CODE = "import ocrfix; ocrfix.repair('för')"
# The same with a damaged text: what a new process pays before its first damaged page is
# repaired, the tables and models that 'för' never needs included (a CLI run on one file).
FIRST_DAMAGED_CODE = f"import ocrfix; ocrfix.repair({WARM_UP!r})"


def start_time(code: str = COLD_START_CODE, runs: int = 5) -> float | str:
    """The best wall time of ``python -c code`` in a new process (run beside this script, so
    that it imports the ocrfix the workers import), or why it failed. The default is the
    cold start; ``"pass"`` is the part of it that is Python's own."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            return f"failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
        best = min(best, time.perf_counter() - start)
    return best


def bytecode_cached(origin: str | None = None) -> bool | None:
    """Whether the ocrfix the workers import (or the module file `origin`) has its bytecode
    cached, as an installed wheel's is: without it, every new process compiles ocrfix's
    modules first. None if unknown."""
    if origin is None:
        spec = importlib.util.find_spec("ocrfix")
        if spec is None or spec.origin is None:
            return None
        origin = spec.origin
    try:
        return Path(importlib.util.cache_from_source(origin)).is_file()
    except NotImplementedError:  # no bytecode caching on this Python
        return None


def size_label(megabytes: float) -> str:
    if megabytes == 0:
        return "the corpus's pages"
    return f"{megabytes * 1000:g} kB" if megabytes < 1 else f"{megabytes:g} MB"


def parse_size(text: str) -> float:
    """MB, or ``corpus`` (0): the corpus's own pages, none synthetic."""
    if text == "corpus":
        return 0.0
    size = float(text)
    if not size > 0:
        raise argparse.ArgumentTypeError(f"a size is MB above 0 or 'corpus', not {text!r}")
    return size


def why_skipped(figure: dict[str, Any], timeout: float | None) -> str:
    """Why a figure has no ocrfix result, and how far it got."""
    if "error" in figure:
        return f"failed: {figure['error']}"
    if not figure.get("timed_out"):
        return "no result"
    text = f"timed out after {timeout:g} s"
    progress = figure.get("progress")
    if progress and progress["run"] == "ocrfix":
        text += (f" (ocrfix had repaired {progress['pages']} pages, "
                 f"{progress['characters'] / 1e6:.3f} MB in {progress['seconds']:.0f} s: "
                 f"{progress['characters'] / progress['seconds'] / 1e6:.3f} MB/s)")
    return text


def build_description(compiled: bool) -> str:
    """What the install measured runs, for the header. Every figure's process runs the same
    install, and a wheel's word stage compiled by mypyc makes the damaged figure about a
    quarter higher (ocrfix.compiled), so it is said beside them."""
    if compiled:
        return "a wheel: its word stage compiled by mypyc"
    return "pure Python: an editable install, or built without a compiler"


def main(argv: list[str] | None = None) -> int:
    script = sys.argv[0] if argv is None else "benchmarks/speed.py"
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        return worker(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, metavar="CORPUS",
                        help="the directory holding the pair corpora (ocr-eng, ocr-swe, ...)")
    parser.add_argument("--size", type=parse_size, default=0.0, metavar="MB",
                        help="MB of distinct documents of each text for the main table, or "
                             "'corpus' (the default): the corpus's own pages, none synthetic")
    parser.add_argument("--sizes", default="0.01,corpus,1", metavar="MB,MB,...",
                        help="sizes for the linearity rows, MB or 'corpus' (default "
                             "0.01,corpus,1; issue 15 asks for 0.01,1,50)")
    parser.add_argument("--timeout", type=float, default=1800.0, metavar="S",
                        help="seconds allowed to each figure's process (default 1800)")
    parser.add_argument("--corpora", default=",".join(pages.OCR_CORPORA), metavar="A,B",
                        help="the OCR pair corpora to take pages from (default: all five)")
    parser.add_argument("--seed", type=int, default=pages.DEFAULT_SEED,
                        help=f"the seed of the page order and synthetic pages "
                             f"(default {pages.DEFAULT_SEED})")
    parser.add_argument("--clean-text", type=Path, metavar="FILE",
                        help="make the clean documents from FILE, one paragraph a line "
                             "(unseen_text.py's output), instead of the corpus's .gt.txt pages")
    parser.add_argument("--no-peers", action="store_true", help="ocrfix alone")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print JSON instead of the tables; with FILE, write it there too")
    args = parser.parse_args(argv)
    args.corpora = [name for name in args.corpora.split(",") if name]
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    except (ValueError, argparse.ArgumentTypeError) as error:
        parser.error(f"--sizes: {error}")
    try:
        used = [directory.name for directory in pages.corpus_dirs(args.corpus, args.corpora)]
    except FileNotFoundError as error:
        parser.error(str(error))
    if args.clean_text is not None and not args.clean_text.is_file():
        parser.error(f"--clean-text: {args.clean_text}: no such file")
    say = (lambda *a, **k: None) if args.json == "-" else print

    import ocrfix

    command = shlex.join(["python", script, *argv])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    say(f"$ {command}")
    compiled = ocrfix.compiled()
    say(f"ocrfix {ocrfix.__version__} from {Path(ocrfix.__file__).parent} "
        f"({build_description(compiled)}), Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load "
        f"{'?' if load is None else f'{load:.2f}'}; one fresh process per figure, one at a time "
        f"(one core)")

    # The characters of each text's own corpus pages: what size "corpus" (0) means.
    try:
        corpus_chars = {
            kind: sum(len(page.text) for page in itertools.takewhile(
                lambda page: not page.synthetic, pages.stream(kind, args.corpus, args.corpora,
                                                              args.seed, args.clean_text)))
            for kind in KINDS
        }
    except ValueError as error:  # a text that is not UTF-8 (pages.text_pages says which)
        parser.error(str(error))
    if args.clean_text is not None and not corpus_chars["clean"]:
        parser.error(f"--clean-text: {args.clean_text}: no paragraph in it")

    def chars(kind: str, size: float) -> int:
        return corpus_chars[kind] if size == 0 else int(size * 1_000_000)

    def docs_label(figure: dict[str, Any]) -> str:
        docs = figure.get("documents")
        if not docs:
            return size_label(figure["megabytes"])
        if docs["synthetic"]:
            synthetic = f"{docs['synthetic']:,} of them synthetic"
        elif figure["kind"] == "clean" and args.clean_text is not None:
            synthetic = f"pages of {args.clean_text.name}"
        else:
            synthetic = "all corpus pages"
        return f"{docs['pages']:,} pages, {docs['characters'] / 1e6:.3f} MB, {synthetic}"

    main_figures: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    for kind in KINDS:
        figure = run_worker(args, kind, args.size, peers=() if args.no_peers else PEERS[kind],
                            repeat=True, suspects=True)
        main_figures[kind] = figure
        if "ocrfix/distinct" not in figure["results"]:
            skipped.append(f"{KINDS[kind]}, {size_label(args.size)}: "
                           f"{why_skipped(figure, args.timeout)}")

    clean_source = (f"the paragraphs of {args.clean_text}" if args.clean_text is not None
                    else "the corpus's own pages")
    say(f"\ndistinct documents from {', '.join(used)} (seed {args.seed}); "
        f"the corpus's own pages: {corpus_chars['damaged'] / 1e6:.3f} MB damaged; "
        f"{clean_source}: {corpus_chars['clean'] / 1e6:.3f} MB clean")
    say("\n| text | ocrfix MB/s | peer | peer MB/s | ocrfix ÷ peer |\n|---|---:|---|---:|---:|")
    for kind, figure in main_figures.items():
        results = figure["results"]
        ours = results.get("ocrfix/distinct")
        label = f"{KINDS[kind]}, distinct ({docs_label(figure)})"
        if ours is None:
            say(f"| {label} | skipped | | | |")
            continue
        peer_rows = [(name, results[f"{name}/distinct"]) for name in PEERS[kind]
                     if f"{name}/distinct" in results]
        if not peer_rows:
            say(f"| {label} | {mb_per_s(ours):.3f} | — | | |")
        for name, theirs in peer_rows:
            say(f"| {label} | {mb_per_s(ours):.3f} | {name} | "
                f"{mb_per_s(theirs):.3f} | "
                f"{ratio_label(mb_per_s(ours) / mb_per_s(theirs))} |")
        for name in PEERS[kind]:
            if not args.no_peers and f"{name}/distinct" not in results:
                skipped.append(f"{name} on {KINDS[kind]}: " + next(
                    (u["message"] for u in figure.get("unavailable", []) if u["system"] == name),
                    why_skipped(figure, args.timeout)))
    for kind, figure in main_figures.items():
        again = figure["results"].get("ocrfix/repeated")
        if again is not None:
            say(f"| cache-friendly (repeated text): the same {KINDS[kind]} again, same warm "
                f"process | {mb_per_s(again):.3f} | — | | |")

    # How much damage a page has decides its cost: the figure a user sees depends on the
    # engine and model that read their pages.
    by_source = source_rows(main_figures["damaged"]["results"], SOURCE_PEER)
    if len(by_source) > 1:
        say(f"\n{KINDS['damaged']} by the corpus they come from (the engine and model that read "
            f"them), summed from the timed calls of the damaged rows above:\n\n"
            f"| corpus | pages | MB | ocrfix MB/s | {SOURCE_PEER} MB/s | ocrfix ÷ {SOURCE_PEER} |"
            f"\n|---|---:|---:|---:|---:|---:|")
        for corpus, count, megabytes, ours_mb, theirs_mb in by_source:
            theirs_cells = ("— | —" if theirs_mb is None
                            else f"{theirs_mb:.3f} | {ratio_label(ours_mb / theirs_mb)}")
            say(f"| {corpus} | {count:,} | {megabytes:.3f} | {ours_mb:.3f} | {theirs_cells} |")

    say()
    for kind, figure in main_figures.items():
        ours, counted = figure["results"].get("ocrfix/distinct"), figure.get("suspects")
        if ours and counted:
            line = (f"{KINDS[kind]}: {counted['suspect_tokens']:,} distinct suspect tokens (of "
                    f"{counted['distinct_tokens']:,} distinct word tokens, rejected by the "
                    f"packaged lexicon)")
            if kind == "damaged" and counted["suspect_tokens"]:
                line += (f": {ours['seconds'] * 1000 / counted['suspect_tokens']:.2f} ms of "
                         f"ocrfix per distinct suspect token")
            say(line)
    for kind, figure in main_figures.items():
        ours = figure["results"].get("ocrfix/distinct")
        if ours and ours["seconds"]:
            share = ours["cpu_seconds"] / ours["seconds"]
            say(f"{KINDS[kind]}: ocrfix's CPU time / wall time in its timed calls {share:.2f}"
                + (" (below 1: other programs held the CPU)" if share < 0.9 else ""))
    about: dict[str, str] = {}
    for figure in main_figures.values():
        for key, result in figure["results"].items():
            if "about" in result:
                about[key.split("/")[0]] = result["about"]
    for name, text in about.items():
        say(f"{name}: {text}")

    cold = start_time()
    first_damaged = start_time(FIRST_DAMAGED_CODE)
    interpreter = start_time("pass")
    cached = bytecode_cached()
    rss = main_figures["damaged"].get("rss", {}).get("megabytes")

    def seconds(figure: float | str) -> str:
        return f"{figure:.2f} s" if isinstance(figure, float) else figure

    say(f"\ncold start (`{COLD_START_CODE}` in a new process, best of 5): {seconds(cold)} "
        f"(Python starting alone: {seconds(interpreter)})")
    say(f"  with a damaged text instead of 'för' (speed.WARM_UP, {len(WARM_UP)} characters: its "
        f"first repair loads all that the word stage needs): {seconds(first_damaged)}")
    if cached is False:
        say("  ocrfix's bytecode is not cached here"
            + (" (PYTHONDONTWRITEBYTECODE is set)" if sys.flags.dont_write_bytecode else "")
            + ": each new process compiles its modules first, which an installed wheel's"
            " cached bytecode spares")
    if isinstance(cold, str):
        skipped.append(f"cold start: {cold}")
    if isinstance(first_damaged, str):
        skipped.append(f"cold start with a damaged text: {first_damaged}")
    if rss is not None:
        say(f"peak RSS of the process that repaired the damaged pages "
            f"({docs_label(main_figures['damaged'])}; twice), before any peer: {rss:.0f} MB")

    say("\n| size | damaged pages | damaged MB/s | damaged distinct suspect tokens "
        "| clean pages | clean MB/s |\n|---:|---:|---:|---:|---:|---:|")
    linearity: list[dict[str, Any]] = []
    # A text is not tried at a size at or above one that timed out: it would time out too.
    stopped: dict[str, int] = {
        kind: chars(kind, args.size) for kind, figure in main_figures.items()
        if figure["timed_out"] and "ocrfix/distinct" not in figure["results"]
    }
    any_synthetic = any(f.get("documents", {}).get("synthetic") for f in main_figures.values())
    for size in sorted(set(sizes), key=lambda size: chars("damaged", size)):
        row: dict[str, Any] = {"megabytes": size}
        cells = []
        for kind in KINDS:
            measured: dict[str, Any] | None
            if size == args.size:
                measured = main_figures[kind]  # the same documents, measured the same way
                reason = why_skipped(measured, args.timeout)
            elif kind in stopped and chars(kind, size) >= stopped[kind]:
                measured = None
                reason = "not tried: a smaller size timed out"
            else:
                measured = run_worker(args, kind, size, suspects=kind == "damaged")
                reason = why_skipped(measured, args.timeout)
            if measured is not None and measured.get("documents", {}).get("synthetic"):
                any_synthetic = True
            if measured is not None and "ocrfix/distinct" in measured["results"]:
                result = measured["results"]["ocrfix/distinct"]
                row[kind] = {"pages": result["pages"], "characters": result["characters"],
                             "seconds": result["seconds"], "mb_per_second": mb_per_s(result),
                             "synthetic": measured["documents"]["synthetic"]}
                cells += [f"{result['pages']:,}", f"{mb_per_s(result):.3f}"]
                if kind == "damaged":
                    counted = measured.get("suspects")
                    row[kind]["suspect_tokens"] = counted and counted["suspect_tokens"]
                    cells.append(f"{counted['suspect_tokens']:,}" if counted else "")
            else:
                row[kind] = {"skipped": reason}
                if size != args.size:  # listed already
                    skipped.append(f"{KINDS[kind]}, {size_label(size)}: {reason}")
                cells += ["", "skipped"] + ([""] if kind == "damaged" else [])
                if measured is not None and measured["timed_out"]:
                    stopped[kind] = min(chars(kind, size), stopped.get(kind, chars(kind, size)))
        linearity.append(row)
        label = (size_label(size) if size else
                 f"corpus ({corpus_chars['damaged'] / 1e3:.0f} kB, "
                 f"{corpus_chars['clean'] / 1e3:.0f} kB)")
        say(f"| {label} | " + " | ".join(cells) + " |")
    if any_synthetic:
        say("\nSynthetic pages are new pages, not new words: past the corpus's own pages they "
            "add no new distinct tokens\n(the suspects column stops growing), so a per-token "
            "cache that lasts from one document to the next\nanswers more of them than it would "
            "of a real corpus's pages: compare with the corpus's own pages.")

    if skipped:
        say("\nskipped:\n" + "\n".join(f"- {line}" for line in skipped))

    result = {
        "command": command,
        "ocrfix": ocrfix.__version__,
        "compiled": compiled,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": load,
        "corpus": str(args.corpus),
        "corpora": used,
        "seed": args.seed,
        "size_mb": args.size,
        "figures": main_figures,
        "cold_start_seconds": cold,
        "first_damaged_start_seconds": first_damaged,
        "python_start_seconds": interpreter,
        "bytecode_cached": cached,
        "peak_rss_mb": rss,
        "linearity": linearity,
        "skipped": skipped,
    }
    if args.json == "-":
        print(json.dumps(result))
    elif args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    failed = [figure for figure in main_figures.values() if "error" in figure]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
