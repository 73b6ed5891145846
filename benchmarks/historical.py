"""Swedish printed before the 1906 spelling reform: left alone, repaired, or modernised (issue 16).

    python benchmarks/historical.py damage DIR [DIR ...] [--show N] [--json] [--jobs N]
    python benchmarks/historical.py ocr DIR [DIR ...] [--show N] [--json] [--jobs N]
    python benchmarks/historical.py modernize DIR [--show N] [--strict] [--json]

    # issue 16's measurement, from /work/main (the OCR corpora are made as
    # benchmarks/historical/README.md says)
    python benchmarks/historical.py damage benchmarks/historical /tmp/historical/clean
    python benchmarks/historical.py ocr /tmp/historical/ocr-swe /tmp/historical/ocr-eng \
        /tmp/historical/ocr-fin
    python benchmarks/historical.py modernize benchmarks/historical

Three measurements, each on clean text in the spelling of about 1850-1905 (``hvilken``, ``qvar``,
``lefva``, ``godt``, ``hjerta``, ``voro``); scoring follows "How quality is measured" (scoring.py:
NFC, every whitespace run one space, words split on spaces with their punctuation on them, totals
summed over a directory before dividing).

``damage``: the default ``ocrfix.repair`` on clean historical pages, every ``*.hist.txt`` and
``*.gt.txt`` of each DIR. A correctly printed page needs no edit, so every word it changes is
damage: the share is the word edit distance of the output from the page over the page's words
(the WER of the repair run on its own ground truth, scoring.errors). Target: at most 0.001 (0.1%)
per directory. ``--show N`` lists the N commonest changes (page word -> output word, the two
word lists aligned as scoring.align does; ``∅`` where the output has no word there).

``ocr``: the same pages after OCR (pairs ``NAME.ocr.txt`` / ``NAME.gt.txt``, the ground truth in the
historical spelling as printed, made with make_ocr_corpus.py). Per directory: CER and WER before
and after the default repair, their reduction ((before - after) / before; target for the WER:
at least 0.7), the damage of the repair on the ground truth, and the words the OCR got right and
the repair made wrong (scoring.breakage), with ``--show N`` of the commonest; then WER by the
page's degrade level (``NAME.json``).

``modernize``: ``ocrfix.repair(hist, ocrfix.Config(modernize_spelling=True))`` on each passage
``NNN.hist.txt`` of DIR, against the modern spelling of the same text in ``NNN.modern.txt``
(written word for word beside it). The output's words and the historical words are each aligned
with the modern words (Levenshtein opcodes over the word lists, scoring.align). At each modern
word: the modernizer *changed* the word where the output's word differs from the historical
one; a change is *right* where the output's word is the modern one; a historical word that
*needs* modernising is one that differs from the modern word, and it is *left unchanged* where
the output still has the historical word. Precision = right / changed (target: at least 0.95);
recall = needs modernising and now modern / needs modernising. Wrong changes are all listed
(historical -> output, modern expected); ``--show N`` lists the N commonest words left unchanged.
A few modern words have an equally modern variant the reference does not use (``skall`` for
``ska``, ``hava`` for ``ha``, ``giva``/``giver`` for ``ge``/``ger``, ``dragas`` for ``dras``,
``deltaga`` for ``delta``): these count as right, and are counted apart, unless ``--strict``.
Until ``Config`` has ``modernize_spelling`` this prints that the option is missing and exits 2.

``--json`` prints JSON lines instead of the tables: for ``damage`` and ``ocr`` one object per
directory (with ``changes`` or ``broken_top``: the commonest changes), and for ``ocr`` one per
(directory, degrade level); for ``modernize`` one object per passage and a last one with the
totals and the lists. ``--jobs N`` repairs on N processes (``ocrfix.repair_many``); the default
1 repairs in this process.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402
from quality import (  # noqa: E402
    broken_pairs_text, degrade_level, degrade_markdown, load_pairs, percent, shown,
)
from scoring import Tally, align, breakage, errors, rate, words  # noqa: E402

#: Issue 16's targets: the default repair changes at most 0.1% of correctly printed words; the
#: WER of the same pages with OCR damage falls by at least 0.7; of the words modernize_spelling
#: changes, at least 95% are right.
DAMAGE_TARGET = 0.001
REDUCTION_TARGET = 0.7
PRECISION_TARGET = 0.95

#: Modern words and an equally modern variant a modernizer may write instead (lower case, no
#: punctuation). The reference passages use the first; the second counts as right too.
VARIANTS: dict[str, frozenset[str]] = {
    "ska": frozenset({"skall"}),
    "ha": frozenset({"hava"}),
    "ge": frozenset({"giva"}),
    "ger": frozenset({"giver"}),
    "dras": frozenset({"dragas"}),
    "delta": frozenset({"deltaga"}),
}

_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def repair_all(texts: list[str], config=None, jobs: int = 1) -> list[str]:
    """``ocrfix.repair`` of each text, in order: in this process, or on ``jobs`` processes."""
    ocrfix = peers.import_ocrfix()
    if jobs > 1:
        return list(ocrfix.repair_many(texts, config, processes=jobs))
    return [ocrfix.repair(text, config) for text in texts]


# --- damage -----------------------------------------------------------------------------------


def clean_pages(folder: Path) -> list[tuple[str, str]]:
    """(NAME, text) of every clean page in ``folder``: ``*.hist.txt`` and ``*.gt.txt``, by name."""
    pages = []
    for pattern in ("*.hist.txt", "*.gt.txt"):
        for path in sorted(folder.glob(pattern)):
            pages.append((path.name, path.read_text(encoding="utf-8")))
    return pages


def changes(output: str, truth: str) -> list[tuple[str, str]]:
    """(truth word, output word or ``""``) for each word of ``truth`` the output has not kept.

    The output's words are aligned with the truth's as scoring.align does; a word the output
    adds where the truth has none counts in the WER but is not listed."""
    gt = words(truth)
    return [(w, o or "") for w, o in zip(gt, align(words(output), gt)) if o != w]


def run_damage(folders: list[Path], show: int, jobs: int) -> list[dict]:
    rows = []
    for folder in folders:
        pages = clean_pages(folder)
        if not pages:
            print(f"{folder}: no *.hist.txt or *.gt.txt", file=sys.stderr)
            continue
        print(f"damage: {folder} ({len(pages)} pages) ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        outputs = repair_all([text for _, text in pages], jobs=jobs)
        seconds = time.perf_counter() - start
        changed = Counter()
        distance = gt_words = pages_changed = 0
        for (name, text), out in zip(pages, outputs):
            score = errors(out, text)
            distance += score.words
            gt_words += score.gt_words
            pages_changed += score.words > 0
            changed.update(changes(out, text))
        rows.append(dict(
            dir=str(folder),
            pages=len(pages),
            words=gt_words,
            changed_words=distance,
            damage=rate(distance, gt_words),
            meets_target=distance <= DAMAGE_TARGET * gt_words,
            pages_changed=pages_changed,
            seconds=round(seconds, 2),
            changes=[dict(word=w, output=o, count=c) for (w, o), c in changed.most_common(show)],
        ))
    return rows


def damage_report(rows: list[dict]) -> str:
    lines = [
        "Default repair on clean historical pages: words changed / words (target ≤ 0.10%)",
        "",
        "| dir | pages | words | changed | damage % | ≤ 0.10% | pages changed | seconds |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dir']} | {r['pages']} | {r['words']:,} | {r['changed_words']:,} "
            f"| {100 * r['damage']:.3f} | {'yes' if r['meets_target'] else 'no'} "
            f"| {r['pages_changed']} | {r['seconds']:.1f} |"
        )
    for r in rows:
        if r["changes"]:
            lines += ["", f"{r['dir']}: {len(r['changes'])} commonest changes "
                          "(page word → output word, count):"]
            lines += [f"  {shown(c['word'])} → {shown(c['output'])}  {c['count']}"
                      for c in r["changes"]]
    return "\n".join(lines)


# --- ocr --------------------------------------------------------------------------------------


def run_ocr(folders: list[Path], show: int, jobs: int) -> tuple[list[dict], list[dict]]:
    rows, level_rows = [], []
    for folder in folders:
        pairs = load_pairs(folder)
        if not pairs:
            print(f"{folder}: no NAME.ocr.txt / NAME.gt.txt pairs", file=sys.stderr)
            continue
        print(f"ocr: {folder} ({len(pairs)} pairs) ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        outputs = repair_all([t for _, ocr, gt in pairs for t in (ocr, gt)], jobs=jobs)
        seconds = time.perf_counter() - start
        tally, by_level = Tally(), {}
        for k, (name, ocr, gt) in enumerate(pairs):
            out, back = outputs[2 * k], outputs[2 * k + 1]
            scores = (errors(ocr, gt), errors(out, gt), errors(back, gt), breakage(ocr, out, gt))
            tally.add(*scores)
            by_level.setdefault(degrade_level(folder, name), Tally()).add(*scores)
        row = dict(corpus=folder.name, system="ocrfix", dir=str(folder), **tally.figures(),
                   seconds=round(seconds, 2))
        row["meets_target"] = row["wer_reduction"] >= REDUCTION_TARGET
        if show:
            row["broken_top"] = [dict(ocr=o, output=w, count=c)
                                 for o, w, c in tally.top_broken(show)]
        rows.append(row)
        if any(level is not None for level in by_level):
            for level in sorted(by_level, key=lambda v: (v is None, v or 0)):
                level_rows.append(dict(corpus=folder.name, system="ocrfix", degrade=level,
                                       **by_level[level].figures()))
    return rows, level_rows


def ocr_report(rows: list[dict], level_rows: list[dict]) -> str:
    lines = [
        "Default repair on historical pages with OCR damage (ground truth as printed; "
        "target: WER reduction ≥ 0.7)",
        "",
        "| dir | pages | CER before % | CER after % | WER before % | WER after % "
        "| WER reduction | ≥ 0.7 | clean damage WER % | broken % | fixed words |",
        "|---|" + "---:|" * 6 + "---|" + "---:|" * 3,
    ]
    for r in rows:
        lines.append(
            f"| {r['dir']} | {r['docs']} | {percent(r['cer_before'])} | {percent(r['cer_after'])} "
            f"| {percent(r['wer_before'])} | {percent(r['wer_after'])} | {r['wer_reduction']:+.3f} "
            f"| {'yes' if r['meets_target'] else 'no'} | {percent(r['clean_damage_wer'])} "
            f"| {100 * r['broken_rate']:.3f} | {r['fixed_words']:,} |"
        )
    pairs = broken_pairs_text(rows)
    if pairs:
        lines += ["", "Words the OCR got right and the repair made wrong:", pairs]
    if level_rows:
        lines += ["", "WER by the page's degrade level (NAME.json):", "",
                  degrade_markdown(level_rows)]
    return "\n".join(lines)


# --- modernize --------------------------------------------------------------------------------


def passages(folder: Path) -> list[tuple[str, str, str]]:
    """(NNN, historical text, modern text) for each complete pair in ``folder``, by name."""
    found = []
    for hist in sorted(folder.glob("*.hist.txt")):
        name = hist.name[: -len(".hist.txt")]
        modern = hist.with_name(name + ".modern.txt")
        if modern.exists():
            found.append((name, hist.read_text(encoding="utf-8"),
                          modern.read_text(encoding="utf-8")))
    return found


def same_modern(output: str | None, modern: str, strict: bool) -> tuple[bool, bool]:
    """(right, by a variant): whether ``output`` is the modern word, or an accepted variant of it
    (the same punctuation around it, the first letter's case kept)."""
    if output == modern:
        return True, False
    if strict or output is None:
        return False, False
    o, m = _EDGE.match(output).groups(), _EDGE.match(modern).groups()
    if (o[0], o[2]) != (m[0], m[2]) or not o[1] or not m[1]:
        return False, False
    if o[1][0].isupper() != m[1][0].isupper():
        return False, False
    return o[1].lower() in VARIANTS.get(m[1].lower(), ()), True


def score_modernized(hist: str, modern: str, output: str, strict: bool) -> dict:
    """Counts of one passage, with its wrong changes and the words it left unchanged."""
    mw = words(modern)
    by_hist, by_out = align(words(hist), mw), align(words(output), mw)
    counts = Counter()
    wrong, missed = [], []
    for m, h, o in zip(mw, by_hist, by_out):
        counts["words"] += 1
        needs = h != m
        counts["needs"] += needs
        if o != h:
            counts["changed"] += 1
            right, variant = same_modern(o, m, strict)
            if right:
                counts["right"] += 1
                counts["variant"] += variant
            else:
                wrong.append((h or "", o or "", m))
        if needs:
            if same_modern(o, m, strict)[0]:
                counts["modernized"] += 1
            elif o == h:
                counts["left"] += 1
                missed.append((h or "", m))
    score = errors(output, modern)
    return dict(
        words=counts["words"],
        needs_modernizing=counts["needs"],
        changed=counts["changed"],
        right=counts["right"],
        right_by_variant=counts["variant"],
        wrong=len(wrong),
        modernized=counts["modernized"],
        left_unchanged=counts["left"],
        wer_hist=errors(hist, modern).words,
        wer_output=score.words,
        wrong_changes=wrong,
        left=missed,
    )


def run_modernize(folder: Path, strict: bool) -> tuple[list[dict], dict] | None:
    ocrfix = peers.import_ocrfix()
    try:
        config = ocrfix.Config(modernize_spelling=True)
    except (TypeError, ValueError) as error:
        print(f"ocrfix.Config has no modernize_spelling option yet ({type(error).__name__}: "
              f"{error}); nothing to measure", file=sys.stderr)
        return None
    found = passages(folder)
    if not found:
        print(f"{folder}: no NNN.hist.txt / NNN.modern.txt pairs", file=sys.stderr)
        return [], {}
    print(f"modernize: {folder} ({len(found)} passages) ...", file=sys.stderr, flush=True)
    outputs = [ocrfix.repair(hist, config) for _, hist, _ in found]
    rows = []
    for (name, hist, modern), output in zip(found, outputs):
        rows.append(dict(passage=name, **score_modernized(hist, modern, output, strict)))
    keys = ("words", "needs_modernizing", "changed", "right", "right_by_variant", "wrong",
            "modernized", "left_unchanged", "wer_hist", "wer_output")
    total = {key: sum(r[key] for r in rows) for key in keys}
    total.update(
        dir=str(folder),
        passages=len(rows),
        strict=strict,
        precision=rate(total["right"], total["changed"]),
        recall=rate(total["modernized"], total["needs_modernizing"]),
        meets_target=total["changed"] > 0 and total["right"] >= PRECISION_TARGET * total["changed"],
        wrong_changes=[dict(passage=r["passage"], hist=h, output=o, modern=m)
                       for r in rows for h, o, m in r["wrong_changes"]],
        left_unchanged_top=[dict(hist=h, modern=m, count=c) for (h, m), c in Counter(
            pair for r in rows for pair in r["left"]).most_common()],
    )
    return rows, total


def modernize_report(rows: list[dict], total: dict, show: int) -> str:
    lines = [
        "modernize_spelling=True against the modern version of each passage "
        f"({'strict' if total['strict'] else 'accepted variants count as right'}; "
        "target: precision ≥ 0.95)",
        "",
        "| passage | words | need modernising | changed | right | wrong | now modern "
        "| left unchanged | WER hist→modern % | WER output→modern % |",
        "|---|" + "---:|" * 9,
    ]
    for r in rows + [dict(total, passage="all")]:
        lines.append(
            f"| {r['passage']} | {r['words']} | {r['needs_modernizing']} | {r['changed']} "
            f"| {r['right']} | {r['wrong']} | {r['modernized']} | {r['left_unchanged']} "
            f"| {percent(rate(r['wer_hist'], r['words']))} "
            f"| {percent(rate(r['wer_output'], r['words']))} |"
        )
    lines += [
        "",
        f"precision (right / changed): {total['right']} / {total['changed']} = "
        f"{total['precision']:.4f} ({'meets' if total['meets_target'] else 'misses'} ≥ 0.95; "
        f"{total['right_by_variant']} right by an accepted variant)",
        f"recall (now modern / need modernising): {total['modernized']} / "
        f"{total['needs_modernizing']} = {total['recall']:.4f}; left unchanged: "
        f"{total['left_unchanged']}",
        "",
        f"Wrong changes ({len(total['wrong_changes'])}; historical → output, modern expected):",
    ]
    lines += [f"  {w['passage']}: {shown(w['hist'])} → {shown(w['output'])}  "
              f"(expected {shown(w['modern'])})" for w in total["wrong_changes"]] or ["  (none)"]
    if show:
        left = total["left_unchanged_top"][:show]
        lines += ["", f"Commonest words left unchanged ({len(left)} shown; historical → modern, "
                      "count):"]
        lines += [f"  {shown(x['hist'])} → {shown(x['modern'])}  {x['count']}" for x in left] \
            or ["  (none)"]
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="ocrfix on Swedish printed before the 1906 spelling reform (issue 16)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--show", type=int, default=20, metavar="N",
                        help="list the N commonest changes (default 20; 0 lists none)")
    common.add_argument("--json", action="store_true", help="JSON lines instead of the tables")
    damage = sub.add_parser("damage", parents=[common],
                            help="the default repair on clean historical pages")
    damage.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    damage.add_argument("--jobs", type=int, default=1, metavar="N", help="processes (default 1)")
    ocr = sub.add_parser("ocr", parents=[common], help="WER before/after on historical OCR pairs")
    ocr.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    ocr.add_argument("--jobs", type=int, default=1, metavar="N", help="processes (default 1)")
    modern = sub.add_parser("modernize", parents=[common],
                            help="modernize_spelling=True against NNN.modern.txt")
    modern.add_argument("dir", type=Path, metavar="DIR")
    modern.add_argument("--strict", action="store_true",
                        help="only the reference's own modern word counts as right")
    args = parser.parse_args(argv)
    if args.show < 0:
        parser.error("--show must be 0 or more")
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be 1 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "damage":
        rows = run_damage(args.dirs, args.show, args.jobs)
        if not rows:
            return 2
        if args.json:
            for row in rows:
                print(json.dumps(row, ensure_ascii=False))
        else:
            print(damage_report(rows))
        return 0
    if args.command == "ocr":
        rows, level_rows = run_ocr(args.dirs, args.show, args.jobs)
        if not rows:
            return 2
        if args.json:
            for row in rows + level_rows:
                print(json.dumps(row, ensure_ascii=False))
        else:
            print(ocr_report(rows, level_rows))
        return 0
    result = run_modernize(args.dir, args.strict)
    if result is None or not result[0]:
        return 2
    rows, total = result
    if args.json:
        for row in rows:
            row = dict(row, wrong_changes=[dict(hist=h, output=o, modern=m)
                                           for h, o, m in row["wrong_changes"]],
                       left=[dict(hist=h, modern=m) for h, m in row["left"]])
            print(json.dumps(row, ensure_ascii=False))
        print(json.dumps(total, ensure_ascii=False))
    else:
        print(modernize_report(rows, total, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
