"""
What ``-j`` buys: ``ocrfix repair DIR -o OUT -j 1`` against ``-j N`` on one multi-file tree.

    python benchmarks/bulk.py CORPUS_DIR [--repeat K] [--rounds 3] [--jobs 2] [--glob PATTERN]
    python benchmarks/bulk.py CORPUS --pages 2000 [--corpora A,B] [--seed N] [--rounds 3]

The files of CORPUS_DIR that match ``--glob`` (default ``*.ocr.txt``, the damaged side of a
pair corpus; ``*.txt`` if none match) are copied K times (``--repeat``, default 1) into a
temporary tree (``copy-00/``, ``copy-01/``, ...), which is deleted afterwards; CORPUS_DIR is
only read. With ``--pages N`` the tree is instead N distinct damaged pages, made by
benchmarks/pages.py as speed.py makes them: the ``.ocr.txt`` pages of the OCR pair corpora
under CORPUS (``ocr-eng``, ``ocr-swe``, ``ocr-deu``, ``ocr-dan``, ``ocr-ocrad``, or
``--corpora``; CORPUS may also be one pair corpus), then synthetic pages, each made of lines
of different pages of one corpus, none repeated (words and lines still recur, as in any
corpus). They are written 100 to a directory (``part-000/``, ...) in the temporary tree.
Issue 15's check is ``--pages 2000`` (``-j 2`` at least 1.8× ``-j 1``). Past the corpus's own
pages the synthetic ones bring no new words, so a per-process cache of decisions per token
makes each of N workers pay again for words one process decides once (``--repeat``'s effect,
below, milder; the workers share only their candidate searches): it counts against ``-j N``.

Then the command runs as a subprocess, exactly as a user runs it, with ``-j 1`` and with
``-j N`` in turn (the order swapped every round, so that a machine that slows down
or speeds up during the run affects both alike), ``--rounds`` times each, each time into an
empty output directory. The best wall time of each is reported, with MB/s (input bytes per
second of wall time) and the speed-up, best ``-j 1`` time / best ``-j N`` time. The outputs
of the two are compared and must be identical.

CPU s is the user and system time of the command and its worker processes: about equal for
the two when ``-j N`` duplicates no work. CPU/wall is how many cores the run kept busy on
average: near N for ``-j N`` on an idle machine, near 1 when other programs held the rest, in
which case the speed-up says more about the machine than about ocrfix.

The wall time is the whole command: interpreter start, the walk of the tree, starting the
worker processes, reading, repairing and writing (with fsync). The word stage keeps a
per-token cache in each process, so a copy of a document that a process has seen before
costs a fraction of the first; with ``--repeat`` above 1, ``-j N`` pays for first sightings
in each of its N processes, ``-j 1`` once, and the figure measures that cache more than
``-j``. ``--repeat 1`` and ``--pages`` measure distinct documents.

``--json`` prints one JSON object instead of the table.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402


def corpus_files(corpus: Path, pattern: str) -> list[Path]:
    files = sorted(p for p in corpus.glob(pattern) if p.is_file())
    if not files:
        files = sorted(p for p in corpus.glob("*.txt") if p.is_file())
    return files


def build_tree(files: list[Path], root: Path, repeat: int) -> int:
    """Copy ``files`` ``repeat`` times under ``root``; return the bytes copied."""
    total = 0
    for copy in range(repeat):
        directory = root / f"copy-{copy:02d}"
        directory.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, directory / path.name)
            total += path.stat().st_size
    return total


def build_page_tree(corpus: Path, root: Path, count: int, corpora: list[str],
                    seed: int) -> int:
    """Write ``count`` distinct damaged pages under ``root``, 100 to a directory; return the
    bytes written."""
    total = 0
    stream = pages.damaged_pages(corpus, corpora, seed)
    for index in range(count):
        page = next(stream)
        directory = root / f"part-{index // 100:03d}"
        directory.mkdir(parents=True, exist_ok=True)
        name = page.name.replace("/", "-")
        data = page.text.encode("utf-8")
        (directory / f"{index:05d}-{name}.ocr.txt").write_bytes(data)
        total += len(data)
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(tree: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall time and CPU time (the command and its workers) of one
    ``ocrfix repair TREE -o OUT -j JOBS`` into an empty OUT."""
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "ocrfix.cli", "repair", str(tree), "-o", str(out),
               "-j", str(jobs)]
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n"
                         + result.stderr.decode(errors="replace"))
    return elapsed, cpu


def same_trees(a: Path, b: Path) -> bool:
    names_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if names_a != names_b:
        return False
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in names_a)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="copies of the corpus in the tree (default 1)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each -j setting; the best counts (default 3)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="the -j to compare with -j 1 (default 2)")
    parser.add_argument("--glob", default="*.ocr.txt", metavar="PATTERN",
                        help="the files of CORPUS_DIR to use (default *.ocr.txt)")
    parser.add_argument("--pages", type=int, metavar="N",
                        help="a tree of N distinct damaged pages (benchmarks/pages.py) instead "
                             "of copies of CORPUS_DIR's files")
    parser.add_argument("--corpora", default=",".join(pages.OCR_CORPORA),
                        metavar="A,B", help="with --pages: the OCR pair corpora under "
                                            "CORPUS_DIR (default: all five)")
    parser.add_argument("--seed", type=int, default=pages.DEFAULT_SEED,
                        help="with --pages: the seed of the pages' order and making "
                             f"(default {pages.DEFAULT_SEED})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    command = shlex.join(["python", sys.argv[0] if argv is None else "benchmarks/bulk.py",
                          *(sys.argv[1:] if argv is None else argv)])
    if args.repeat < 1 or args.rounds < 1 or args.jobs < 2:
        parser.error("--repeat and --rounds must be at least 1, --jobs at least 2")
    if args.pages is not None and (args.pages < 1 or args.repeat != 1):
        parser.error("--pages must be at least 1, and is not used with --repeat")

    files = corpus_files(args.corpus, args.glob) if args.pages is None else []
    if args.pages is None and not files:
        parser.error(f"{args.corpus}: no {args.glob} or *.txt files")
    settings = (1, args.jobs)
    with tempfile.TemporaryDirectory(prefix="ocrfix-bulk-") as temp:
        root = Path(temp)
        tree = root / "in"
        if args.pages is None:
            size = build_tree(files, tree, args.repeat)
            count = len(files) * args.repeat
        else:
            try:
                corpora = args.corpora.split(",")
                corpora = [path.name for path in pages.corpus_dirs(args.corpus, corpora)]
                size = build_page_tree(args.corpus, tree, args.pages, corpora, args.seed)
            except FileNotFoundError as error:
                parser.error(str(error))
            count = args.pages
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        times: dict[int, list[float]] = {jobs: [] for jobs in settings}
        cpu: dict[int, list[float]] = {jobs: [] for jobs in settings}
        for round_ in range(args.rounds):
            order = settings if round_ % 2 == 0 else settings[::-1]
            for jobs in order:
                wall, used = run_once(tree, root / f"out-j{jobs}", jobs)
                times[jobs].append(wall)
                cpu[jobs].append(used)
        identical = same_trees(root / "out-j1", root / f"out-j{args.jobs}")
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    import ocrfix  # the version measured (the subprocesses import the same one)

    best = {jobs: min(times[jobs]) for jobs in settings}
    result = {
        "command": command,
        "corpus": str(args.corpus),
        "files": count,
        "repeat": args.repeat,
        "distinct_pages": args.pages,
        "corpora": corpora if args.pages is not None else None,
        "seed": args.seed if args.pages is not None else None,
        "bytes": size,
        "rounds": args.rounds,
        "times": {f"j{jobs}": times[jobs] for jobs in settings},
        "best_seconds": {f"j{jobs}": best[jobs] for jobs in settings},
        "median_seconds": {f"j{jobs}": statistics.median(times[jobs]) for jobs in settings},
        "cpu_seconds": {f"j{jobs}": cpu[jobs] for jobs in settings},
        "mb_per_second": {f"j{jobs}": size / best[jobs] / 1e6 for jobs in settings},
        "speedup": best[1] / best[args.jobs],
        "identical_outputs": identical,
        "cpus": os.cpu_count(),
        "load_average_before_after": [load_before, load_after],
        "python": platform.python_version(),
        "ocrfix": ocrfix.__version__,
    }
    if args.json:
        print(json.dumps(result))
    else:
        what = (f"{len(files)} × {args.repeat}" if args.pages is None else
                f"distinct damaged pages of {','.join(corpora)}, seed {args.seed}")
        print(f"$ {command}")
        print(f"{args.corpus}: {result['files']} files ({what}), "
              f"{size / 1e6:.3f} MB; best of {args.rounds}, alternating; "
              f"{os.cpu_count()} CPUs, load {load_before:.2f} before, {load_after:.2f} after")
        print()
        print("| command | best s | median s | CPU s (median) | CPU/wall (best run) | MB/s "
              "| speed-up |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for jobs in settings:
            fastest = times[jobs].index(best[jobs])
            print(f"| `-j {jobs}` | {best[jobs]:.2f} | {statistics.median(times[jobs]):.2f} | "
                  f"{statistics.median(cpu[jobs]):.2f} | {cpu[jobs][fastest] / best[jobs]:.2f} | "
                  f"{size / best[jobs] / 1e6:.3f} | {best[1] / best[jobs]:.2f}× |")
        print()
        print("outputs identical" if identical else "OUTPUTS DIFFER between -j 1 and -j N")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
