"""ocrfix against the peers a user would pick, on pair corpora.

    python -m pip install -e '.[bench]'          # symspellpy, wordfreq, hunspell-sv, rapidfuzz
    sudo apt-get install hunspell                # the hunspell peer's program (else it is skipped)
    python benchmarks/quality.py CORPUS_DIR [CORPUS_DIR ...]
        [--systems ocrfix,symspell,hunspell,identity] [--dump OUTDIR] [--json]
        [--broken N] [--broken-systems ocrfix]

A corpus directory holds pairs NAME.ocr.txt / NAME.gt.txt, and optionally NAME.json (how the
page was made; its "degrade" key is the page's degradation level). For each corpus and system it
prints CER and WER before and after, their reduction ((before - after) / before), the clean
damage (WER of the system run on the ground truth itself) and the characters per second of the
system's calls alone (OCR and ground-truth texts together, one core), with that speed as a ratio
to ocrfix's in the same run. Scoring follows "How quality is measured" (see scoring.py).

Then, per corpus and system, the words the OCR got right and the repair made wrong ("broken
words", scoring.breakage: OCR and output each aligned word by word with the ground truth), as a
count and as a share of the ground truth's words (issue 14's target: at most 0.1%), beside the
words it fixed; the N commonest broken (OCR word -> output word) pairs per corpus for the
--broken-systems (ocrfix by default; --broken 0 lists none); and for corpora whose pages have a
"degrade" level, WER before, after and its reduction per level and system. Last, each system's
build time and the seconds its calls took over all corpora.

The systems run interleaved, document by document, so that a noisy machine slows them all
alike. Building a system (the symspell dictionary, the Hunspell process, ocrfix's lexicon) and
one warm-up call are timed apart and reported as build time. The peers are in peers.py.

--dump OUTDIR writes OUTDIR/CORPUS/SYSTEM/NAME.out.txt (repaired OCR) and NAME.clean.txt
(the system run on the ground truth). --json prints JSON lines instead of the tables: one object
per (corpus, system) with the corpus scorer's field names plus gt_words, ocr_right_words,
broken_words, broken_rate (broken_words / gt_words), fixed_words and, for the --broken-systems,
broken_top (a list of {"ocr", "output", "count"}); then one per (corpus, system, degrade level)
with the same figures and a "degrade" key; then one with build_s and run_s (seconds of the
system's calls, all corpora) and what each system was built from.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402
from scoring import Tally, breakage, errors  # noqa: E402

DEFAULT_SYSTEMS = "ocrfix,symspell,hunspell,identity"


def load_pairs(corpus: Path) -> list[tuple[str, str, str]]:
    """(NAME, OCR text, ground-truth text) for each complete pair, in name order."""
    pairs = []
    for gt_path in sorted(corpus.glob("*.gt.txt")):
        name = gt_path.name[: -len(".gt.txt")]
        ocr_path = gt_path.with_name(name + ".ocr.txt")
        if ocr_path.exists():
            pairs.append(
                (name, ocr_path.read_text(encoding="utf-8"), gt_path.read_text(encoding="utf-8"))
            )
    return pairs


def degrade_level(corpus: Path, name: str) -> int | None:
    """The "degrade" level in NAME.json beside the pair, or ``None`` (no file, no such key)."""
    path = corpus / f"{name}.json"
    try:
        level = json.loads(path.read_text(encoding="utf-8")).get("degrade")
    except (OSError, ValueError, AttributeError):
        return None
    return level if isinstance(level, int) else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare ocrfix with its peers on pair corpora (NAME.ocr.txt / NAME.gt.txt)."
    )
    parser.add_argument("corpus", nargs="+", type=Path, help="a directory of pairs")
    parser.add_argument(
        "--systems",
        default=DEFAULT_SYSTEMS,
        help=f"comma-separated, from {', '.join(peers.BUILDERS)} (default: all)",
    )
    parser.add_argument("--dump", type=Path, metavar="OUTDIR", help="write every output here")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of the table")
    parser.add_argument(
        "--broken",
        type=int,
        default=10,
        metavar="N",
        help="list the N commonest broken (OCR word -> output word) pairs per corpus "
        "(default 10; 0 lists none)",
    )
    parser.add_argument(
        "--broken-systems",
        default="ocrfix",
        metavar="SYSTEMS",
        help="comma-separated systems whose broken pairs are listed (default: ocrfix)",
    )
    parser.add_argument(
        "--hunspell-dict",
        metavar="PATH",
        help="Hunspell dictionary without extension (default: hunspell-sv's sv_SE, else Debian's)",
    )
    args = parser.parse_args(argv)
    args.systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    args.broken_systems = [n.strip() for n in args.broken_systems.split(",") if n.strip()]
    if args.broken < 0:
        parser.error("--broken must be 0 or more")
    unknown = [name for name in args.systems if name not in peers.BUILDERS]
    if unknown or not args.systems:
        parser.error(f"unknown system {', '.join(unknown) or '(none)'}; "
                     f"choose from {', '.join(peers.BUILDERS)}")
    return args


def build_systems(args: argparse.Namespace) -> tuple[list[peers.System], dict[str, float]]:
    systems, build_seconds = [], {}
    for name in dict.fromkeys(args.systems):
        print(f"building {name} ...", file=sys.stderr, flush=True)
        try:
            system, seconds = peers.build(name, hunspell_dictionary=args.hunspell_dict)
        except peers.PeerUnavailable as error:
            print(error, file=sys.stderr)
            continue
        systems.append(system)
        build_seconds[name] = seconds
    return systems, build_seconds


def run_corpus(
    corpus: Path, pairs, systems, dump: Path | None, broken_top: int = 0,
    broken_systems: tuple[str, ...] | list[str] = ("ocrfix",),
) -> tuple[list[dict], list[dict]]:
    """Score every system on one corpus; the systems take turns on each document.

    Returns the corpus rows, one per system, and the rows per degrade level of the pages
    (one per level and system; none when no page of the corpus has a level).
    """
    tallies = {system.name: Tally() for system in systems}
    by_level: dict[tuple[int | None, str], Tally] = {}
    spent = dict.fromkeys(tallies, 0.0)
    chars = dict.fromkeys(tallies, 0)
    levels = {name: degrade_level(corpus, name) for name, _, _ in pairs}
    for name, ocr, gt in pairs:
        before = errors(ocr, gt)
        for system in systems:
            start = time.perf_counter()
            out = system(ocr)
            back = system(gt)
            spent[system.name] += time.perf_counter() - start
            chars[system.name] += len(ocr) + len(gt)
            scores = (before, errors(out, gt), errors(back, gt), breakage(ocr, out, gt))
            tallies[system.name].add(*scores)
            by_level.setdefault((levels[name], system.name), Tally()).add(*scores)
            if dump:
                folder = dump / corpus.name / system.name
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{name}.out.txt").write_text(out, encoding="utf-8")
                (folder / f"{name}.clean.txt").write_text(back, encoding="utf-8")
    rows = []
    for system in systems:
        seconds = spent[system.name]
        row = dict(
            corpus=corpus.name,
            system=system.name,
            **tallies[system.name].figures(),
            chars=chars[system.name],
            seconds=round(seconds, 4),
            chars_per_s=round(chars[system.name] / seconds) if seconds else None,
        )
        if broken_top and system.name in broken_systems:
            row["broken_top"] = [
                dict(ocr=ocr_word, output=out_word, count=count)
                for ocr_word, out_word, count in tallies[system.name].top_broken(broken_top)
            ]
        rows.append(row)
    reference = next((r for r in rows if r["system"] == "ocrfix"), None)
    for row in rows:
        row["speed_vs_ocrfix"] = (
            float(f"{row['chars_per_s'] / reference['chars_per_s']:.3g}")
            if reference and reference["chars_per_s"] and row["chars_per_s"]
            else None
        )
    level_rows = []
    if any(level is not None for level in levels.values()):
        order = sorted({level for level, _ in by_level}, key=lambda v: (v is None, v or 0))
        for level in order:
            for system in systems:
                level_rows.append(
                    dict(corpus=corpus.name, system=system.name, degrade=level,
                         **by_level[(level, system.name)].figures())
                )
    return rows, level_rows


def percent(value: float) -> str:
    return f"{100 * value:.2f}"


def speed_ratio(value: float | None) -> str:
    """``5.7×`` for a faster system, ``0.0022× (1/457)`` for a slower one; ``–`` with no ocrfix."""
    if value is None or value <= 0:
        return "–"
    if value >= 100:
        return f"{value:,.0f}×"
    if value >= 1:
        return f"{value:.3g}×"
    decimals = max(2, 1 - math.floor(math.log10(value)))
    slower = 1 / value
    slower = round(slower, 2 - math.floor(math.log10(slower)))  # 3 significant digits
    return f"{value:.{decimals}f}× (1/{slower:,.3g})" if slower < 100 else (
        f"{value:.{decimals}f}× (1/{slower:,.0f})"
    )


def markdown(rows: list[dict]) -> str:
    head = (
        "| corpus | system | CER before % | CER after % | CER reduction | WER before % "
        "| WER after % | WER reduction | clean damage WER % | chars/s | speed vs ocrfix |"
    )
    lines = [head, "|" + "---|" * 2 + "---:|" * 9]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['system']} | {percent(r['cer_before'])} "
            f"| {percent(r['cer_after'])} | {r['cer_reduction']:+.3f} "
            f"| {percent(r['wer_before'])} | {percent(r['wer_after'])} "
            f"| {r['wer_reduction']:+.3f} | {percent(r['clean_damage_wer'])} "
            f"| {r['chars_per_s']:,} | {speed_ratio(r['speed_vs_ocrfix'])} |"
        )
    return "\n".join(lines)


BROKEN_TARGET = 0.001  # issue 14: at most 0.1% of the words


def broken_markdown(rows: list[dict]) -> str:
    """Per (corpus, system): the words the OCR got right and the repair made wrong."""
    lines = [
        "| corpus | system | GT words | OCR right | broken | broken % of GT words "
        "| ≤ 0.10% | fixed |",
        "|" + "---|" * 2 + "---:|" * 6,
    ]
    for r in rows:
        ok = "yes" if r["broken_rate"] <= BROKEN_TARGET else "no"
        lines.append(
            f"| {r['corpus']} | {r['system']} | {r['gt_words']:,} | {r['ocr_right_words']:,} "
            f"| {r['broken_words']:,} | {100 * r['broken_rate']:.3f} | {ok} "
            f"| {r['fixed_words']:,} |"
        )
    return "\n".join(lines)


def shown(word: str | None) -> str:
    """A word to list: backquoted, or ``∅`` where the output has none."""
    return f"`{word}`" if word else "∅"


def broken_pairs_text(rows: list[dict]) -> str:
    """The commonest broken pairs of each row that has them (``broken_top``)."""
    blocks = []
    for r in rows:
        if "broken_top" not in r:
            continue
        head = (f"{r['corpus']}, {r['system']}: {r['broken_words']} broken, "
                f"{len(r['broken_top'])} commonest (OCR word → output word, count):")
        pairs = [f"  {shown(p['ocr'])} → {shown(p['output'])}  {p['count']}"
                 for p in r["broken_top"]]
        blocks.append("\n".join([head] + (pairs or ["  (none)"])))
    return "\n".join(blocks)


def degrade_markdown(level_rows: list[dict]) -> str:
    """WER before, and after and reduction per system, by (corpus, degrade level).

    The identity system (after = before) gets no column of its own.
    """
    if not level_rows:
        return ""
    systems = [s for s in dict.fromkeys(r["system"] for r in level_rows) if s != "identity"]
    cells = {(r["corpus"], r["degrade"], r["system"]): r for r in level_rows}
    keys = list(dict.fromkeys((r["corpus"], r["degrade"]) for r in level_rows))
    head = "| corpus | degrade | pages | WER before % |" + "".join(
        f" {s} WER after % | {s} reduction |" for s in systems
    )
    if "ocrfix" in systems:
        head += " ocrfix broken % |"
    columns = head.count("|") - 1
    lines = [head, "|" + "---|" * 2 + "---:|" * (columns - 2)]
    for corpus, level in keys:
        any_row = next(r for (c, l, _), r in cells.items() if (c, l) == (corpus, level))
        line = (f"| {corpus} | {'–' if level is None else level} | {any_row['docs']} "
                f"| {percent(any_row['wer_before'])} |")
        for s in systems:
            r = cells.get((corpus, level, s))
            line += (f" {percent(r['wer_after'])} | {r['wer_reduction']:+.3f} |" if r
                     else " – | – |")
        if "ocrfix" in systems:
            r = cells[(corpus, level, "ocrfix")]
            line += f" {100 * r['broken_rate']:.3f} |"
        lines.append(line)
    return "\n".join(lines)


def run_seconds(rows: list[dict]) -> dict[str, float]:
    """Seconds of each system's calls, summed over the corpora (rows without a time, such as
    benchmarks/encoding.py's summary rows, count nothing)."""
    total: dict[str, float] = {}
    for r in rows:
        total[r["system"]] = total.get(r["system"], 0.0) + r.get("seconds", 0.0)
    return total


def report(
    rows: list[dict],
    build_seconds: dict[str, float],
    systems,
    as_json: bool,
    table: str,
    level_rows: list[dict] | None = None,
) -> None:
    """Print the rows as JSON lines and the build facts as one more, or the markdown tables."""
    level_rows = level_rows or []
    spent = run_seconds(rows)
    if as_json:
        for row in rows + level_rows:
            print(json.dumps(row, ensure_ascii=False))
        print(json.dumps(dict(
            build_s={name: round(s, 2) for name, s in build_seconds.items()},
            run_s={name: round(s, 2) for name, s in spent.items()},
            systems={system.name: system.about for system in systems},
        ), ensure_ascii=False))
        return
    print(table)
    broken_rows = [r for r in rows if "broken_rate" in r]  # encoding.py's rows have none
    if broken_rows:
        print()
        print("Words the OCR got right and the repair made wrong (broken), as a share of the "
              "ground truth's words (target ≤ 0.10%), and the words it fixed:")
        print()
        print(broken_markdown(broken_rows))
    pairs = broken_pairs_text(rows)
    if pairs:
        print()
        print(pairs)
    if level_rows:
        print()
        print("WER by the page's degrade level (NAME.json), per system:")
        print()
        print(degrade_markdown(level_rows))
    print()
    print("Build (not in chars/s; includes one warm-up call) and the seconds of the calls, "
          "all corpora:")
    for system in systems:
        print(f"- {system.name}: build {build_seconds[system.name]:.1f} s, calls "
              f"{spent.get(system.name, 0.0):.1f} s — {system.about}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = []
    for corpus in args.corpus:
        pairs = load_pairs(corpus)
        if not pairs:
            print(f"{corpus}: no NAME.ocr.txt / NAME.gt.txt pairs", file=sys.stderr)
            return 2
        corpora.append((corpus, pairs))
    systems, build_seconds = build_systems(args)
    if not systems:
        print("no system could be built", file=sys.stderr)
        return 2
    rows, level_rows = [], []
    try:
        for corpus, pairs in corpora:
            print(f"running {corpus} ({len(pairs)} pairs) ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            corpus_rows, corpus_levels = run_corpus(
                corpus, pairs, systems, args.dump, args.broken, args.broken_systems
            )
            rows += corpus_rows
            level_rows += corpus_levels
            print(f"  {corpus}: {time.perf_counter() - start:.0f} s ("
                  + ", ".join(f"{r['system']} {r['seconds']:.1f} s" for r in corpus_rows) + ")",
                  file=sys.stderr, flush=True)
    finally:
        for system in systems:
            system.close()
    report(rows, build_seconds, systems, args.json, markdown(rows), level_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
