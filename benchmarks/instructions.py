"""Instructions that repairing distinct damaged pages, or clean ones, costs, counted by Valgrind,
for changes too small for this shared machine's CPU time to show.

    apt-get install valgrind
    python benchmarks/instructions.py ../shared/corpus                    # this tree's ocrfix
    python benchmarks/instructions.py ../shared/corpus --tree /tmp/base   # another tree's
    python benchmarks/instructions.py ../shared/corpus --text clean       # the ground truth

CPU time here moves by a third from run to run, so a change worth a few percent cannot be seen
in A/B pairs of timings. Valgrind's instruction count is the same from run to run (two runs of
one version agree to about 0.001%) and does not depend on the machine's load. It is a proxy
(it counts no cache misses), fit for comparing two versions of the same Python work, not for a
MB/s figure: that is speed.py's.

Three fresh processes run under ``valgrind --tool=callgrind`` with ``PYTHONHASHSEED=0``; each
imports ocrfix (from ``--tree`` when given), repairs speed.py's ``WARM_UP`` text, then repairs
the chosen pages never, once, or twice. The differences are what is reported: the first pass
(once less never) and the warm pass (twice less once: the per-page work with every cache
full). The three run at once, in about three minutes.

The pages: with ``--text damaged`` (the default) every fourth ``ocr-*/*.ocr.txt`` file of
CORPUS in name order, at most ``--pages`` (54 of ../shared/corpus's 215); with ``--text
clean`` the ground truth, ``ocr-*/*.gt.txt``, each distinct text once (the corpora share
theirs: 74 of 215), at most ``--pages`` of them (60). A clean page costs about a fiftieth of
a damaged one, so each is taken, not every fourth.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODES = ("none", "once", "twice")
_COLLECTED_RE = re.compile(r"Collected\s*:\s*(\d+)")


#: The pages of a pair corpus that each kind of text is read from.
TEXTS = {"damaged": ".ocr.txt", "clean": ".gt.txt"}


def page_paths(corpus: Path, pages: int, text: str = "damaged") -> list[Path]:
    """The pages to count, at most `pages`, in name order: every fourth OCR page of the pair
    corpora under `corpus`, or (`text` "clean") each distinct ground-truth page."""
    suffix = TEXTS[text]
    files = sorted(corpus.glob(f"ocr-*/*{suffix}")) or sorted(corpus.glob(f"*{suffix}"))
    if text == "damaged":
        files = files[::4]
    else:
        texts: dict[bytes, Path] = {}
        for path in files:
            texts.setdefault(path.read_bytes(), path)  # the first of the corpora that has it
        files = list(texts.values())
    return [path.resolve() for path in files[:pages]]


def worker(mode: str, paths: list[str]) -> None:
    """What one counted process does (see the module)."""
    texts = list(dict.fromkeys(Path(p).read_text(encoding="utf-8") for p in paths))
    import ocrfix

    sys.path.insert(0, str(HERE))
    import speed

    ocrfix.repair(speed.WARM_UP)
    for _ in range(MODES.index(mode)):
        for text in texts:
            ocrfix.repair(text)


def count(mode: str, paths: list[Path], tree: Path | None) -> subprocess.Popen[str]:
    """A counted process for `mode`, started."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if tree is not None:
        env["PYTHONPATH"] = str(tree.resolve())  # the process runs in another directory
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        # The interpreter itself: a launcher such as a pyenv shim would be what is counted.
        sys.executable, str(Path(__file__).resolve()), "--worker", mode, *map(str, paths),
    ]
    return subprocess.Popen(
        command, env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def collected(process: subprocess.Popen[str], mode: str) -> int:
    """The instructions a counted process ran, once it has ended."""
    _, errors = process.communicate()
    found = _COLLECTED_RE.search(errors or "")
    if process.returncode != 0 or found is None:
        raise SystemExit(f"instructions.py: the {mode!r} run failed:\n{(errors or '')[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"] and len(argv) >= 2 and argv[1] in MODES:
        worker(argv[1], argv[2:])  # a counted process: its mode, then the pages' paths
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of pair corpora")
    parser.add_argument("--tree", type=Path, help="a source tree whose ocrfix/ to count")
    parser.add_argument("--pages", type=int, default=60, help="how many pages (default 60)")
    parser.add_argument("--text", choices=TEXTS, default="damaged",
                        help="damaged OCR pages (default) or clean ground truth")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    if args.tree is not None and not (args.tree / "ocrfix" / "__init__.py").is_file():
        parser.error(f"{args.tree} holds no ocrfix/ package")
    paths = page_paths(args.corpus, args.pages, args.text)
    if not paths:
        parser.error(f"{args.corpus}: no NAME{TEXTS[args.text]} pages found")
    runs = {mode: count(mode, paths, args.tree) for mode in MODES}
    try:
        total = {mode: collected(process, mode) for mode, process in runs.items()}
    finally:
        for process in runs.values():
            if process.poll() is None:
                process.kill()
    first = total["once"] - total["none"]
    warm = total["twice"] - total["once"]
    source = args.tree or "the installed ocrfix"
    print(f"ocrfix from {source}, {len(paths)} {args.text} pages of {args.corpus}, instructions:")
    print(f"  import and warm-up  {total['none']:>16,}")
    print(f"  first pass          {first:>16,}")
    print(f"  warm pass           {warm:>16,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
