"""What the lexicon costs: import + first look-up, resident memory, time per look-up.

    python benchmarks/lexicon_cost.py [TEXT_FILE ...]

Each figure is taken in a fresh interpreter (so nothing is already imported or cached) and
repeated; the median is printed. Look-ups are timed over the word tokens of the given text
files (any Swedish text; without files, a text shipped in examples/), once cold (every word
goes to the trie) and once warm (the per-word cache answers), beside a plain Python `set`
look-up of the same tokens measured in the same process, because absolute times on a shared
machine drift and the ratio does not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_COLD_START = """
import time, resource
t0 = time.perf_counter()
import ocrfix
from ocrfix.lexicon import get_lexicon
ok = get_lexicon().is_word("för")
t1 = time.perf_counter()
import json
print(json.dumps({"seconds": t1 - t0, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_LOOKUPS = """
import json, sys, time, resource, regex
from ocrfix.lexicon import get_lexicon
text = "\\n".join(open(p, encoding="utf-8").read() for p in sys.argv[1:])
words = regex.findall(r"\\p{L}+", text)
lex = get_lexicon()
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter(); cold = [w in lex for w in words]; t1 = time.perf_counter()
warm_runs = []
for _ in range(5):
    t2 = time.perf_counter(); [lex.is_word(w) for w in words]; t3 = time.perf_counter()
    warm_runs.append(t3 - t2)
# Touch every page of the trie, to show the worst case of its resident memory.
n = sum(1 for _ in lex._trie.iterkeys())
full_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peer = set(words)
peer_runs = []
for _ in range(5):
    t4 = time.perf_counter(); [w in peer for w in words]; t5 = time.perf_counter()
    peer_runs.append(t5 - t4)
print(json.dumps({
    "tokens": len(words),
    "cold_contains_us": (t1 - t0) / len(words) * 1e6,
    "warm_is_word_us": min(warm_runs) / len(words) * 1e6,
    "set_contains_us": min(peer_runs) / len(words) * 1e6,
    "rss_mb_after_lookups": base_rss / 1024,
    "rss_mb_all_pages_touched": full_rss / 1024,
    "forms": n,
}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="*", type=Path, help="Swedish text files to look up")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    texts = [str(p) for p in args.texts] or [str(REPO / "examples" / "rapport.txt")]

    starts = [_run(_COLD_START) for _ in range(args.repeat)]
    seconds = statistics.median(s["seconds"] for s in starts)
    rss = statistics.median(s["rss_mb"] for s in starts)
    print(f"import ocrfix + first look-up: {seconds:.3f} s (median of {args.repeat}), "
          f"peak RSS {rss:.1f} MB")

    runs = [_run(_LOOKUPS, *texts) for _ in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"look-ups over {int(med['tokens'])} tokens: "
          f"cold `in` {med['cold_contains_us']:.2f} µs, "
          f"warm is_word {med['warm_is_word_us']:.3f} µs, "
          f"Python set {med['set_contains_us']:.3f} µs "
          f"(warm/set = {med['warm_is_word_us'] / med['set_contains_us']:.1f}×)")
    print(f"resident memory: {med['rss_mb_after_lookups']:.1f} MB after the look-ups, "
          f"{med['rss_mb_all_pages_touched']:.1f} MB with all {int(med['forms'])} forms paged in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
