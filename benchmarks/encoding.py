"""ocrfix's encoding repair beside ftfy, per kind of fault, on a faults corpus.

    python -m pip install -e '.[bench]'          # ftfy, rapidfuzz
    python benchmarks/encoding.py CORPUS_DIR [--systems ocrfix,ocrfix-encoding,ftfy,identity]
        [--dump OUTDIR] [--json]
    python benchmarks/encoding.py CORPUS_DIR --bytes [--json]

CORPUS_DIR holds pairs KIND-NN.ocr.txt (the damaged text) / KIND-NN.gt.txt (its ground truth),
where KIND is the kind of fault (utf8-as-cp1252, utf8-as-latin1, double-utf8, cp850-as-cp1252,
macroman-as-cp1252, iso646-se, html-entities, nfd, replacement, mixed, stripped), as the
corpus tool make_text_faults.py writes them.

Text mode (the default) prints two tables. The first has one row per kind, the CER and WER of
the damaged input once ("before") and each system's WER and CER after; then the totals over
every kind and over the encoding kinds alone (all but `stripped`, which belongs to diacritic
restoration). The second has, per system, the clean damage (WER of the system run on the
ground-truth texts) and the characters per second of the system's calls alone: on all texts
(damaged and ground truth) and on the ground truth alone (clean Swedish, where the encoding
stage must cost almost nothing), each also as a ratio to ftfy's in the same run. Scoring is
benchmarks/scoring.py's ("How quality is measured" in the design notes).

The systems:
- ``ocrfix``: ``ocrfix.repair(text)``, every stage;
- ``ocrfix-encoding``: ``ocrfix.repair`` with only Unicode normalisation and the encoding stage
  (``fix_words``, ``fix_layout`` and ``restore_diacritics`` off): the encoding stage's own
  quality and cost;
- ``ftfy``: ``ftfy.fix_text(text)`` with its default configuration;
- ``identity``: no change (its "after" is the input's error rate).
They take turns document by document, so that a noisy machine slows them alike; building a
system and one warm-up call are timed apart (build time).

--bytes mode: each distinct ground-truth text is encoded as UTF-8, UTF-8 with BOM, UTF-16 with
BOM, Windows-1252, Latin-1, CP850 and Mac Roman, and given to ``ocrfix.decode_bytes(data)``,
which returns (text, name of the encoding chosen). Per source encoding it prints the share of
documents decoded to exactly the ground truth, the encodings chosen, the exceptions raised (a
refusal is counted, not a crash) and the bytes per second of the calls (after one untimed
warm-up call). A text that the source encoding cannot represent is left out of that row
(counted as "not encodable"). Without ``ocrfix.decode_bytes`` the mode says so and exits 0.

--dump OUTDIR writes OUTDIR/SYSTEM/NAME.out.txt and NAME.clean.txt (the system run on the
damaged text and on the ground truth). --json prints JSON lines instead of the tables.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402
from quality import load_pairs, percent, report, speed_ratio  # noqa: E402
from scoring import Tally, errors, rate  # noqa: E402

#: The kinds of fault in the order make_text_faults.py makes them; `stripped` is not an
#: encoding fault (it is diacritic restoration's) and is left out of the encoding total.
KINDS = (
    "utf8-as-cp1252",
    "utf8-as-latin1",
    "double-utf8",
    "cp850-as-cp1252",
    "macroman-as-cp1252",
    "iso646-se",
    "html-entities",
    "nfd",
    "replacement",
    "mixed",
    "stripped",
)
NOT_ENCODING = {"stripped"}

#: The source encodings of --bytes: (Python codec, how the report names it).
BYTE_ENCODINGS = (
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("utf-16", "UTF-16 with BOM"),
    ("cp1252", "Windows-1252"),
    ("latin-1", "Latin-1"),
    ("cp850", "CP850"),
    ("mac_roman", "Mac Roman"),
)

DEFAULT_SYSTEMS = "ocrfix,ocrfix-encoding,ftfy,identity"
ENCODING_ONLY = dict(fix_words=False, fix_layout=False, fix_tables=False, restore_diacritics=False)


def build_ocrfix_encoding() -> peers.System:
    """``ocrfix.repair`` with only Unicode normalisation and the encoding stage."""
    ocrfix = peers.import_ocrfix()
    config = ocrfix.Config(**ENCODING_ONLY)
    about = (
        f"ocrfix {getattr(ocrfix, '__version__', '?')} from {Path(ocrfix.__file__).parent}, "
        f"Config({', '.join(f'{k}={v}' for k, v in ENCODING_ONLY.items())})"
    )
    implemented = getattr(sys.modules.get("ocrfix.config"), "IMPLEMENTED_STAGES", None)
    if implemented is not None and "fix_encoding" not in implemented:
        about += "; this ocrfix has no encoding stage yet (only NFC runs)"
    return peers.System("ocrfix-encoding", lambda text: ocrfix.repair(text, config), about)


BUILDERS: dict[str, Callable[[], peers.System]] = {
    "ocrfix": peers.build_ocrfix,
    "ocrfix-encoding": build_ocrfix_encoding,
    "ftfy": peers.build_ftfy,
    "identity": peers.build_identity,
}


def kind_of(name: str) -> str:
    """``cp850-as-cp1252-03`` -> ``cp850-as-cp1252``: the file name without its number."""
    head, _, number = name.rpartition("-")
    return head if head and number.isdigit() else name


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="ocrfix's encoding repair beside ftfy, per kind, on a faults corpus "
        "(KIND-NN.ocr.txt / KIND-NN.gt.txt)."
    )
    parser.add_argument("corpus", type=Path, help="a directory of KIND-NN pairs")
    parser.add_argument(
        "--systems",
        default=DEFAULT_SYSTEMS,
        help=f"comma-separated, from {', '.join(BUILDERS)} (default: all)",
    )
    parser.add_argument(
        "--bytes",
        action="store_true",
        help="instead: encode the ground truth in 7 encodings and score ocrfix.decode_bytes",
    )
    parser.add_argument("--dump", type=Path, metavar="OUTDIR", help="write every output here")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of the tables")
    args = parser.parse_args(argv)
    args.systems = list(dict.fromkeys(n.strip() for n in args.systems.split(",") if n.strip()))
    unknown = [name for name in args.systems if name not in BUILDERS]
    if unknown or not args.systems:
        parser.error(f"unknown system {', '.join(unknown) or '(none)'}; "
                     f"choose from {', '.join(BUILDERS)}")
    return args


def build_systems(names: list[str]) -> tuple[list[peers.System], dict[str, float]]:
    """Build each system and warm it up once (as peers.build does), timed apart."""
    systems, build_seconds = [], {}
    for name in names:
        print(f"building {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            system = BUILDERS[name]()
        except peers.PeerUnavailable as error:
            print(error, file=sys.stderr)
            continue
        system("Förvaltningen fÃ¶r")
        systems.append(system)
        build_seconds[name] = time.perf_counter() - start
    return systems, build_seconds


def run_text(pairs, systems, dump: Path | None) -> tuple[list[dict], list[dict]]:
    """Score every system per kind; return (per-kind rows, per-system summary rows)."""
    kinds = sorted({kind_of(name) for name, _, _ in pairs},
                   key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k))
    groups = kinds + ["all kinds", "encoding kinds"]
    tallies = {(g, s.name): Tally() for g in groups for s in systems}
    spent = {s.name: [0.0, 0.0] for s in systems}  # seconds on damaged, on ground-truth texts
    chars = [0, 0]
    for name, ocr, gt in pairs:
        kind = kind_of(name)
        chars[0] += len(ocr)
        chars[1] += len(gt)
        before = errors(ocr, gt)
        for system in systems:
            start = time.perf_counter()
            out = system(ocr)
            middle = time.perf_counter()
            back = system(gt)
            end = time.perf_counter()
            spent[system.name][0] += middle - start
            spent[system.name][1] += end - middle
            after, clean = errors(out, gt), errors(back, gt)
            for group in (kind, "all kinds") + (() if kind in NOT_ENCODING else ("encoding kinds",)):
                tallies[group, system.name].add(before, after, clean)
            if dump:
                folder = dump / system.name
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{name}.out.txt").write_text(out, encoding="utf-8")
                (folder / f"{name}.clean.txt").write_text(back, encoding="utf-8")
    rows = [
        dict(kind=group, system=s.name, **tallies[group, s.name].figures())
        for group in groups
        for s in systems
        if tallies[group, s.name].docs
    ]
    summary = []
    for s in systems:
        on_ocr, on_gt = spent[s.name]
        summary.append(dict(
            system=s.name,
            clean_damage_wer=tallies["all kinds", s.name].figures().get("clean_damage_wer", 0.0),
            chars=sum(chars),
            seconds=round(on_ocr + on_gt, 4),
            chars_per_s=round(sum(chars) / (on_ocr + on_gt)) if on_ocr + on_gt else None,
            clean_chars=chars[1],
            clean_seconds=round(on_gt, 4),
            clean_chars_per_s=round(chars[1] / on_gt) if on_gt else None,
        ))
    ftfy = next((r for r in summary if r["system"] == "ftfy"), None)
    for row in summary:
        for key in ("chars_per_s", "clean_chars_per_s"):
            ratio_key = key.replace("chars_per_s", "speed_vs_ftfy")
            row[ratio_key] = (
                float(f"{row[key] / ftfy[key]:.3g}") if ftfy and ftfy[key] and row[key] else None
            )
    return rows, summary


def text_markdown(rows: list[dict], summary: list[dict]) -> str:
    names = list(dict.fromkeys(r["system"] for r in rows))
    head = "| kind | docs | WER before % | CER before % | " + " | ".join(
        f"{n} WER % | {n} CER %" for n in names) + " |"
    lines = [head, "|---|" + "---:|" * (3 + 2 * len(names))]
    by_kind: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], {})[r["system"]] = r
    for kind, per_system in by_kind.items():
        first = next(iter(per_system.values()))
        label = f"**{kind}**" if kind in ("all kinds", "encoding kinds") else kind
        cells = [label, str(first["docs"]), percent(first["wer_before"]),
                 percent(first["cer_before"])]
        for n in names:
            row = per_system.get(n)
            cells += [percent(row["wer_after"]), percent(row["cer_after"])] if row else ["–", "–"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| system | clean damage WER % | chars/s (all texts) | vs ftfy | chars/s (clean) | vs ftfy |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in summary:
        lines.append(
            f"| {r['system']} | {100 * r['clean_damage_wer']:.3f} "
            f"| {r['chars_per_s'] or 0:,} | {speed_ratio(r['speed_vs_ftfy'])} "
            f"| {r['clean_chars_per_s'] or 0:,} | {speed_ratio(r['clean_speed_vs_ftfy'])} |"
        )
    return "\n".join(lines)


def main_text(args: argparse.Namespace, pairs) -> int:
    systems, build_seconds = build_systems(args.systems)
    if not systems:
        print("no system could be built", file=sys.stderr)
        return 2
    print(f"running {args.corpus} ({len(pairs)} pairs) ...", file=sys.stderr, flush=True)
    try:
        rows, summary = run_text(pairs, systems, args.dump)
    finally:
        for system in systems:
            system.close()
    report(rows + summary, build_seconds, systems, args.json, text_markdown(rows, summary))
    return 0


def run_bytes(decode_bytes, truths: list[str]) -> list[dict]:
    """Per source encoding: documents, exact decodes, encodings chosen, failures."""
    rows = []
    for codec, label in BYTE_ENCODINGS:
        chosen: Counter[str] = Counter()
        failures: Counter[str] = Counter()
        examples: dict[str, str] = {}  # the first message of each kind of failure
        docs = exact = unencodable = 0
        seconds = 0.0
        size = 0
        for truth in truths:
            try:
                data = truth.encode(codec)
            except UnicodeEncodeError:
                unencodable += 1
                continue
            docs += 1
            size += len(data)
            start = time.perf_counter()
            try:
                text, name = decode_bytes(data)
            except Exception as error:  # a refusal is a result to report, not a crash
                seconds += time.perf_counter() - start
                failures[type(error).__name__] += 1
                examples.setdefault(type(error).__name__, (str(error).splitlines() or [""])[0])
                continue
            seconds += time.perf_counter() - start
            chosen[str(name)] += 1
            exact += text == truth
        rows.append(dict(
            source=label,
            codec=codec,
            docs=docs,
            exact=exact,
            exact_share=rate(exact, docs),
            chosen=dict(chosen.most_common()),
            errors=dict(failures.most_common()),
            error_examples=examples,
            not_encodable=unencodable,
            bytes_per_s=round(size / seconds) if seconds else None,
        ))
    return rows


def bytes_markdown(rows: list[dict]) -> str:
    lines = [
        "| source encoding | docs | exact % | encodings chosen | errors | not encodable | bytes/s |",
        "|---|---:|---:|---|---|---:|---:|",
    ]
    for r in rows:
        chosen = ", ".join(f"{name} ×{n}" for name, n in r["chosen"].items()) or "–"
        failed = ", ".join(f"{name} ×{n}" for name, n in r["errors"].items()) or "–"
        lines.append(
            f"| {r['source']} | {r['docs']} | {percent(r['exact_share'])} | {chosen} "
            f"| {failed} | {r['not_encodable']} | {r['bytes_per_s'] or 0:,} |"
        )
    examples = {name: text for r in rows for name, text in r["error_examples"].items()}
    if examples:
        lines.append("")
        lines += [f"- {name}, for example: {text}" for name, text in examples.items()]
    return "\n".join(lines)


def main_bytes(args: argparse.Namespace, pairs) -> int:
    ocrfix = peers.import_ocrfix()
    decode_bytes = getattr(ocrfix, "decode_bytes", None)
    if decode_bytes is None:
        print(f"ocrfix {getattr(ocrfix, '__version__', '?')} has no decode_bytes yet: "
              "bytes mode skipped")
        return 0
    truths = list(dict.fromkeys(gt for _, _, gt in pairs))
    print(f"decoding {len(truths)} distinct ground-truth texts in {len(BYTE_ENCODINGS)} "
          "encodings ...", file=sys.stderr, flush=True)
    decode_bytes("Förvaltningen".encode("cp1252"))  # loads what it loads lazily, untimed
    rows = run_bytes(decode_bytes, truths)
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print(bytes_markdown(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pairs = load_pairs(args.corpus)
    if not pairs:
        print(f"{args.corpus}: no NAME.ocr.txt / NAME.gt.txt pairs", file=sys.stderr)
        return 2
    return main_bytes(args, pairs) if args.bytes else main_text(args, pairs)


if __name__ == "__main__":
    sys.exit(main())
