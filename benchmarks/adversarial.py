"""Adversarial inputs: is the cost of ``repair`` bounded, and does it grow linearly?

    python benchmarks/adversarial.py                    # every case, full size and 1/4
    python benchmarks/adversarial.py --cases atilde,nul-str --timeout 120
    python benchmarks/adversarial.py --scale 0.1        # everything ten times smaller
    python benchmarks/adversarial.py --json out.jsonl

Each case runs in its own subprocess (a fresh interpreter: ``import ocrfix``, one warm-up
repair, the input built, then one timed ``repair`` or ``repair_bytes``), at its full size and
at a quarter of it, with a timeout (``--timeout``, default 600 s) so a runaway case is reported
as such instead of hanging the run. Reported per run: the input's size, seconds of the call,
the process's peak resident memory (``ru_maxrss``) and how much it rose during the call above
the peak before it (``+MB call``), the peak less the memory resident just before the call
(``+MB live``: what the call itself needed above what the interpreter, the lexicon and the
input held, even where building the input had peaked higher; Linux only), the output's size
and the outcome (``ok``, ``refused`` for a documented ValueError, an exception, ``timeout``). The
ratio is full time / quarter time: linear ≈ 4, and above 6 it is flagged as super-linear.

The cases:

- ``line-20mb``: 20 MB of damaged Swedish prose on a single line (no newline at all);
- ``word-5mb``: a 5 MB "word" with no spaces, letters only (an OCR misreading repeated);
- ``word-5mb-digits``: the same with digits in it (`6` for `ö`), which the lexicon's
  compound splitter does not look at;
- ``atilde``: 1 M repetitions of ``Ã``;
- ``hyphen-lines``: 100 k lines, each a word ending in ``-``;
- ``table-1m``: a table block of 1 M numeric lines;
- ``mixed-encodings``: mojibake of mojibake (UTF-8 read as Windows-1252, twice and three
  times), CP850 and Mac Roman read as Windows-1252, HTML entities and NFD, interleaved word
  by word (2 M characters);
- ``nul-str``: 5 MB of Swedish text with NUL characters between and inside words, as ``str``;
- ``nul-bytes``: the same as UTF-8 bytes through ``repair_bytes`` (documented: refused with a
  ValueError, which should be immediate);
- ``legacy-bytes``: 5 MB of Swedish text encoded as CP850, through ``repair_bytes`` (the
  decoder tries four legacy code pages on the whole input).

The machine's other load skews the seconds; the ratio of two runs minutes apart is the
figure to read, and a case flagged once should be re-run before anything is concluded.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROSE = (
    "Arbetsbelastningen är fortfarande hög. I snitt har varje heltidsanställd "
    "socialsekreterare ca 22 drenden i hela Stockholmsregionen, barn- och ungdomsvården. "
    "Vi m}ste g|ra det h{r fÃ¶r att Socialndmnden ska vara 6verens om planen. "
    "Kommunf6rbundet och Landstingsf6rbundet redovisar siffror f\u201dr 2013 och 2014. "
)
WORDS = ["förvalt", "social", "nämnd", "kommun", "ung", "doms", "vår", "arbets", "be", "lastning"]


def _mixed_word(word: str, n: int) -> str:
    utf8 = word.encode("utf-8")
    kind = n % 7
    if kind == 0:
        return utf8.decode("cp1252", errors="replace")
    if kind == 1:
        return utf8.decode("cp1252", errors="replace").encode("utf-8").decode("cp1252", errors="replace")
    if kind == 2:
        once = utf8.decode("cp1252", errors="replace").encode("utf-8").decode("cp1252", errors="replace")
        return once.encode("utf-8").decode("cp1252", errors="replace")
    if kind == 3:
        return word.encode("cp850", errors="replace").decode("cp1252", errors="replace")
    if kind == 4:
        return word.encode("mac_roman", errors="replace").decode("cp1252", errors="replace")
    if kind == 5:
        return word.replace("ö", "&ouml;").replace("ä", "&auml;").replace("å", "&aring;")
    return unicodedata.normalize("NFD", word)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def build(case: str, scale: float) -> tuple[str, object]:
    """The input of `case` at `scale` (1 = full size): ("text" | "bytes", value)."""
    if case == "line-20mb":
        return "text", _fill(PROSE, int(20_000_000 * scale))
    if case == "word-5mb":
        return "text", _fill("Socialndmnden", int(5_000_000 * scale))
    if case == "word-5mb-digits":
        return "text", _fill("Socialndmnden6verensKommunf6rbundet", int(5_000_000 * scale))
    if case == "atilde":
        return "text", "Ã" * int(1_000_000 * scale)
    if case == "hyphen-lines":
        n = int(100_000 * scale)
        return "text", "".join(f"{WORDS[i % len(WORDS)]}-\n" for i in range(n))
    if case == "table-1m":
        n = int(1_000_000 * scale)
        lines = (f"{1990 + i % 30} {i % 997} {i * 7 % 100_000:,} {i % 89},{i % 10} %\n" for i in range(n))
        return "text", "Kategori 2013 2014 Diff\n" + "".join(lines)
    if case == "mixed-encodings":
        sample = "för många ärenden i nämnden år efter år överens åtgärderna större".split()
        out, n, size = [], 0, int(2_000_000 * scale)
        total = 0
        while total < size:
            piece = _mixed_word(sample[n % len(sample)], n)
            out.append(piece)
            total += len(piece) + 1
            n += 1
        return "text", " ".join(out)
    if case in ("nul-str", "nul-bytes"):
        text = _fill(PROSE.replace(" ", " \x00").replace("ndmnden", "nd\x00mnden"), int(5_000_000 * scale))
        return ("text", text) if case == "nul-str" else ("bytes", text.encode("utf-8"))
    if case == "legacy-bytes":
        clean = PROSE.replace("fÃ¶r", "för").replace("f\u201dr", "för").replace("}", "å").replace("|", "ö").replace("{", "ä")
        return "bytes", _fill(clean, int(5_000_000 * scale)).encode("cp850")
    raise ValueError(f"unknown case {case!r}")


CASES = [
    "line-20mb", "word-5mb", "word-5mb-digits", "atilde", "hyphen-lines", "table-1m",
    "mixed-encodings", "nul-str", "nul-bytes", "legacy-bytes",
]


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _resident_mb() -> float | None:
    """The memory resident now (not the peak), where /proc tells it."""
    import os

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def child(case: str, scale: float) -> None:
    import ocrfix

    ocrfix.repair("Parterna var 6verens, fÃ¶r Socialndmnden.")
    kind, value = build(case, scale)
    import gc

    gc.collect()  # what building the input left for the collector is not the call's
    resident = _resident_mb()
    before = _rss_mb()
    start = time.perf_counter()
    outcome, out_len = "ok", None
    try:
        result = ocrfix.repair(value) if kind == "text" else ocrfix.repair_bytes(value)  # type: ignore[arg-type]
        out_len = len(result)
    except ValueError as error:
        outcome = f"refused: {str(error)[:60]}"
    except Exception as error:  # noqa: BLE001
        outcome = f"{type(error).__name__}: {str(error)[:80]}"
    seconds = time.perf_counter() - start
    peak = _rss_mb()
    print(json.dumps({
        "case": case, "scale": scale, "type": kind, "size": len(value),  # type: ignore[arg-type]
        "seconds": seconds, "peak_mb": peak, "added_mb": peak - before,
        "live_mb": None if resident is None else peak - resident,
        "out_len": out_len, "outcome": outcome,
    }))


def run(case: str, scale: float, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", case, str(scale)]
    start = time.perf_counter()
    try:
        process = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"case": case, "scale": scale, "size": None, "seconds": None, "peak_mb": None,
                "added_mb": None, "live_mb": None, "out_len": None,
                "outcome": f"timeout after {timeout:g} s"}
    lines = process.stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = (process.stderr.strip().splitlines() or ["?"])[-1]
        return {"case": case, "scale": scale, "size": None, "seconds": time.perf_counter() - start,
                "peak_mb": None, "added_mb": None, "live_mb": None, "out_len": None,
                "outcome": f"process died ({process.returncode}): {tail[:80]}"}
    return json.loads(lines[-1])


def _fmt(value, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], float(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated (default all)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every full size")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run (default 600)")
    parser.add_argument("--json", metavar="FILE", help="also write the runs as JSON lines")
    args = parser.parse_args(argv)

    header = (f"{'case':<16} {'size':>11} {'1/4 s':>8} {'full s':>8} {'ratio':>6} "
              f"{'peak MB':>8} {'+MB call':>8} {'+MB live':>8} {'out len':>11}  outcome")
    print(header, flush=True)
    flagged = 0
    records = []
    for case in args.cases.split(","):
        quarter = run(case, args.scale / 4, args.timeout)
        full = run(case, args.scale, args.timeout)
        records += [quarter, full]
        ratio = None
        if quarter.get("seconds") and full.get("seconds") and quarter["outcome"] == full["outcome"] == "ok":
            ratio = full["seconds"] / quarter["seconds"]
        flag = ""
        if ratio is not None and ratio > 6:
            flag, flagged = "  SUPER-LINEAR", flagged + 1
        if full["outcome"].startswith(("timeout", "process died")):
            flagged += 1
        outcome = full["outcome"] if full["outcome"] == quarter["outcome"] else f"{quarter['outcome']} / {full['outcome']}"
        print(f"{case:<16} {_fmt(full['size'], ',d'):>11} {_fmt(quarter['seconds'], '.3f'):>8} "
              f"{_fmt(full['seconds'], '.3f'):>8} {_fmt(ratio, '.1f'):>6} {_fmt(full['peak_mb'], '.0f'):>8} "
              f"{_fmt(full['added_mb'], '.0f'):>8} {_fmt(full.get('live_mb'), '.0f'):>8} "
              f"{_fmt(full['out_len'], ',d'):>11}  {outcome}{flag}",
              flush=True)
    if args.json:
        Path(args.json).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    print("\nratio = full s / quarter s (linear ≈ 4; > 6 flagged SUPER-LINEAR); peak MB is the "
          "process's peak RSS, +MB call its rise during the call, +MB live the peak less the RSS "
          "just before the call")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
