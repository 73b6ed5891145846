"""ocrfix against the peers a user would pick, on pair corpora.

    python -m pip install -e '.[bench]'          # symspellpy, wordfreq, hunspell-sv, rapidfuzz
    sudo apt-get install hunspell                # the hunspell peer's program (else it is skipped)
    python benchmarks/quality.py CORPUS_DIR [CORPUS_DIR ...]
        [--systems ocrfix,symspell,hunspell,identity] [--dump OUTDIR] [--json]

A corpus directory holds pairs NAME.ocr.txt / NAME.gt.txt. For each corpus and system it
prints CER and WER before and after, their reduction ((before - after) / before), the clean
damage (WER of the system run on the ground truth itself) and the characters per second of the
system's calls alone (OCR and ground-truth texts together, one core), with that speed as a ratio
to ocrfix's in the same run. Scoring follows "How quality is measured" (see scoring.py).

The systems run interleaved, document by document, so that a noisy machine slows them all
alike. Building a system (the symspell dictionary, the Hunspell process, ocrfix's lexicon) and
one warm-up call are timed apart and reported as build time. The peers are in peers.py.

--dump OUTDIR writes OUTDIR/CORPUS/SYSTEM/NAME.out.txt (repaired OCR) and NAME.clean.txt
(the system run on the ground truth). --json prints one JSON object per row instead of the
table, with the corpus scorer's field names.
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
from scoring import Tally, errors  # noqa: E402

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
        "--hunspell-dict",
        metavar="PATH",
        help="Hunspell dictionary without extension (default: hunspell-sv's sv_SE, else Debian's)",
    )
    args = parser.parse_args(argv)
    args.systems = [name.strip() for name in args.systems.split(",") if name.strip()]
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


def run_corpus(corpus: Path, pairs, systems, dump: Path | None) -> list[dict]:
    """Score every system on one corpus; the systems take turns on each document."""
    tallies = {system.name: Tally() for system in systems}
    spent = dict.fromkeys(tallies, 0.0)
    chars = dict.fromkeys(tallies, 0)
    for name, ocr, gt in pairs:
        for system in systems:
            start = time.perf_counter()
            out = system(ocr)
            back = system(gt)
            spent[system.name] += time.perf_counter() - start
            chars[system.name] += len(ocr) + len(gt)
            tallies[system.name].add(errors(ocr, gt), errors(out, gt), errors(back, gt))
            if dump:
                folder = dump / corpus.name / system.name
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{name}.out.txt").write_text(out, encoding="utf-8")
                (folder / f"{name}.clean.txt").write_text(back, encoding="utf-8")
    rows = []
    for system in systems:
        seconds = spent[system.name]
        rows.append(
            dict(
                corpus=corpus.name,
                system=system.name,
                **tallies[system.name].figures(),
                chars=chars[system.name],
                seconds=round(seconds, 4),
                chars_per_s=round(chars[system.name] / seconds) if seconds else None,
            )
        )
    reference = next((r for r in rows if r["system"] == "ocrfix"), None)
    for row in rows:
        row["speed_vs_ocrfix"] = (
            float(f"{row['chars_per_s'] / reference['chars_per_s']:.3g}")
            if reference and reference["chars_per_s"] and row["chars_per_s"]
            else None
        )
    return rows


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


def report(
    rows: list[dict], build_seconds: dict[str, float], systems, as_json: bool, table: str
) -> None:
    """Print the rows as JSON lines and the build facts as one more, or the markdown table."""
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        print(json.dumps(dict(
            build_s={name: round(s, 2) for name, s in build_seconds.items()},
            systems={system.name: system.about for system in systems},
        ), ensure_ascii=False))
    else:
        print(table)
        print()
        print("Build (not in chars/s; includes one warm-up call):")
        for system in systems:
            print(f"- {system.name}: {build_seconds[system.name]:.1f} s — {system.about}")


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
    rows = []
    try:
        for corpus, pairs in corpora:
            print(f"running {corpus} ({len(pairs)} pairs) ...", file=sys.stderr, flush=True)
            rows += run_corpus(corpus, pairs, systems, args.dump)
    finally:
        for system in systems:
            system.close()
    report(rows, build_seconds, systems, args.json, markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
