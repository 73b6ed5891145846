"""How fast ocrfix repairs, as ratios against peers run in the same process on the same text.

    python -m pip install -e '.[bench]'
    python benchmarks/speed.py ../shared/corpus [--size MB] [--sizes 0.01,1,50] [--no-peers]

CORPUS holds the pair corpora `ocr-swe` and `ocr-eng`. Two texts are made from them:

- clean Swedish: the ground-truth side of `ocr-swe`, its documents joined by blank lines and
  repeated to --size MB (default 5), as one text;
- OCR text: the OCR side of `ocr-eng`, the same way.

For each, ocrfix's steady speed (a first pass over one copy of the corpus fills the caches of
a long-running process; then the whole text, best of 3) beside its peer on the same text:
`ftfy.fix_text` for clean text, the symspellpy corrector of benchmarks/quality.py for OCR text
(one pass: it is slow). Then the cold start (`import ocrfix; ocrfix.repair('för')` in a new
process, best of 5) and the peak memory of a process that repairs the OCR text, and the speed
at each of --sizes (MB) for both texts, to show that cost grows linearly. One core; figures in
MB/s (10^6 characters per second: the texts are mostly one byte a character).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

import ocrfix  # noqa: E402


def corpus_text(directory: Path, suffix: str) -> str:
    """The files NAME{suffix} of `directory`, in name order, joined by blank lines."""
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*" + suffix)))


def repeated(text: str, megabytes: float) -> str:
    size = int(megabytes * 1_000_000)
    return (text + "\n\n") * (size // (len(text) + 2) + 1)


def best_seconds(function: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def mb_per_s(text: str, seconds: float) -> float:
    return len(text) / seconds / 1e6


def cold_start(runs: int = 5) -> float:
    code = "import ocrfix; ocrfix.repair('för')"
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a new process that repairs the text in `path`."""
    code = (
        "import resource, sys, ocrfix\n"
        "ocrfix.repair(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip()) / 1024  # Linux reports kilobytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the directory holding ocr-swe and ocr-eng")
    parser.add_argument("--size", type=float, default=5.0, help="MB of each text (default 5)")
    parser.add_argument("--sizes", default="0.01,1", help="MB sizes for the linearity rows")
    parser.add_argument("--no-peers", action="store_true", help="ocrfix alone")
    args = parser.parse_args(argv)

    clean_one = corpus_text(args.corpus / "ocr-swe", ".gt.txt")
    ocr_one = corpus_text(args.corpus / "ocr-eng", ".ocr.txt")
    clean, ocr = repeated(clean_one, args.size), repeated(ocr_one, args.size)
    print(f"texts: clean {len(clean) / 1e6:.1f} MB, OCR {len(ocr) / 1e6:.1f} MB; one core")

    print("\n| text | system | MB/s | vs peer |\n|---|---|---:|---:|")
    for label, text, one, peer_name in (
        ("clean Swedish", clean, clean_one, "ftfy"),
        ("OCR (ocr-eng)", ocr, ocr_one, "symspell"),
    ):
        ocrfix.repair(one)  # a long-running process has seen such words before
        ours = mb_per_s(text, best_seconds(ocrfix.repair, text, 3))
        ratio = ""
        if not args.no_peers:
            peer, _ = peers.build(peer_name)
            try:
                theirs = mb_per_s(text, best_seconds(peer, text, 1 if peer_name == "symspell" else 3))
            finally:
                peer.close()
            ratio = f"{ours / theirs:.2f}×"
            print(f"| {label} | {peer_name} | {theirs:.3f} | 1× |")
        print(f"| {label} | ocrfix | {ours:.3f} | {ratio} |")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ocr.txt"
        path.write_text(ocr, encoding="utf-8")
        rss = peak_rss_mb(path)
    print(f"\ncold start: {cold_start():.2f} s; peak RSS repairing the OCR text: {rss:.0f} MB")

    print("\n| size MB | clean MB/s | OCR MB/s |\n|---:|---:|---:|")
    for size in (float(s) for s in args.sizes.split(",")):
        row = []
        for text in (clean_one, ocr_one):
            sample = repeated(text, size)[: int(size * 1_000_000)]
            row.append(mb_per_s(sample, best_seconds(ocrfix.repair, sample, 1 if size > 5 else 3)))
        print(f"| {size:g} | {row[0]:.3f} | {row[1]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
