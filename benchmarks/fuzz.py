"""Fuzz ``repair``, ``repair_bytes`` and ``explain`` for a time budget, and report what breaks.

    python benchmarks/fuzz.py --seconds 600                   # atheris if installed, else random
    python benchmarks/fuzz.py --seconds 300 --engine random   # the built-in mutation fuzzer
    python benchmarks/fuzz.py --seconds 300 --engine atheris  # libFuzzer (pip install atheris)
    python benchmarks/fuzz.py --seconds 60 --json findings.json --seed 1

Not part of the test suite or CI: it runs for as long as it is told to, and what it finds is
meant to become a regression test. Every input goes through the same checks:

- ``repair(x)``, ``explain(x)`` and, for bytes, ``repair_bytes(b)`` raise nothing (except
  ``repair_bytes``'s documented ValueError for binary data and a UTF-8 or UTF-16 byte-order
  mark on bytes that are not UTF-8 or UTF-16);
- ``explain(x).text == repair(x)``;
- every edit of ``explain(x)`` has ``0 <= start <= end <= len(x)`` and
  ``x[start:end] == before``, and the edits are sorted and do not overlap;
- ``apply_edits(x, explain(x).edits) == repair(x)``;
- ``repair_bytes(b) == repair(decode_bytes(b)[0])``;
- ``repair(repair(x)) == repair(x)`` (the README's idempotence; reported as its own kind, off
  with ``--no-idempotence``);
- a call on a short input (under 4,000 characters) that takes more than ``--slow`` seconds
  (default 2) is reported as ``slow``.

The inputs are mutations of seeds written here: Swedish sentences with OCR damage, mojibake
(UTF-8 read as Windows-1252, CP850, Mac Roman, twice over), hyphenated line ends, numeric table
lines, NFD, entities, control characters. The ``random`` engine mutates them itself (insert,
delete, duplicate, splice, re-encode a span, flip bytes); the ``atheris`` engine gives them to
libFuzzer as its starting corpus, with coverage from ocrfix's own modules, in a child process
that writes each finding as it happens.

Each distinct finding (kind + exception type + the ocrfix line it was raised on, or kind + the
rules involved) is kept with its smallest input and then shrunk by deleting pieces while the
same finding still happens (``--minimize-seconds`` per finding, default 20, after the budget).
The report prints executions, executions per second and every finding with its minimal
reproducer as a Python literal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOW_SECONDS = 2.0
SHORT_INPUT = 4_000

SEEDS = [
    "Nämnden har tagit emot fler drenden. Parterna var 6verens om att fullf6lja planen.",
    "Socialndmnden beslutade att bevilja bist&nd till familjen i enlighet med 4 kap. 1 § SoL.",
    "Vi m}ste g|ra det h{r f|r att kommunen ska kunna forts{tta arbetet under \u00e5ret.",
    "Arbetsbelastningen är fortfarande hög. I snitt har varje heltidsanställd\n\n"
    "socialsekreterare ca 22 ärenden i hela Stockholms-\nregionen, barn- och ungdomsvården.",
    "Kategori 2013 2014 Diff\nEnsamkommande\n\nflyktingbarn 10 20 100%\n",
    "År      2019    2020    2021\nIntäkter 1 234,5 2 345,6 3 456,7\nKostnader -12 -13,5 -14\n",
    "Summa\t12\t13\t14\nVarav barn\t1\t2\t3\n",
    "fÃ¶r att fÃ¥ en Ã¶versikt Ã¶ver lÃ¤get i fÃ¶rvaltningen",
    "fÃƒÂ¶r mÃƒÂ¥nga ÃƒÂ¤renden",  # UTF-8 read as cp1252 twice
    "f\u201dr m\u2020nga \u2030renden i N\u2030mnden",  # cp850 read as cp1252
    "f\u0161r m\u0152nga \u0160renden",  # Mac Roman read as cp1252
    "Fo\u0308rvaltningen och na\u0308mnden a\u030ar",  # NFD
    "f&ouml;r m&aring;nga &auml;renden &amp; beslut",
    "Parterna var \ufffdverens om \ufffdtg\ufffdrderna",
    "Kommunf6rbundet och Landstingsf6rbundet 1 9 9 8 sa11 att arbetet var klart.",
    "Han gick till sko-\nlan varje dag och l\u00e4ste b\u00f6cker om natu-\n\nren.",
    "barn- och ungdomsvården, IT-stöd, 2015-01-01, s. 12-14",
    "Det var en gang en man som bodde i en stad dar manga manniskor arbetade pa fabriken.",
    "Sid 3 av 12\n\x0cRAPPORT 2014:5\nInledning\n\nDenna rapport beskriver",
    "ÅÄÖ åäö ÉÜ é ü æ ø ß ­ soft\u00adhyphen zero\u200bwidth \u2013 \u2014 \u201c\u201d",
    "a\r\nb\rc\n\n\n-\n--\n- \n",
    "   \t  \n",
    "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
    "0,5 % 12 345 kr 1.234,56 € 3/4 1–2 §§ 4–6",
    "Stockholms stad, Göteborgs stad och Malmö stad redovisar siffror för 2013–2014.",
    "FÃ–RVALTNINGENS Ã…RSREDOVISNING",
]

PALETTE = (
    "åäöÅÄÖéüÃ¶¥¤Ö©ƒ‚†‡‰”„|{}[]\\@$&#;–—-­\u00ad\u0308\u030a\ufffd\u200b\ufeff"
    "0123456789 .,:;!?()\"'\t\n\r\x00\x0c\x1b\x7f\x85\u2028\u2029€™•…"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "\U0001f600\ud800\udfff\u0301\u0300"
)
ENCODINGS = ["utf-8", "cp1252", "latin-1", "cp850", "mac_roman", "utf-16", "utf-8-sig"]
WORDS = ["för", "år", "är", "nämnden", "6verens", "Socialndmnden", "sko-\nlan", "2014", "Ã¶"]


# ---------------------------------------------------------------------------- the checks


class Finding(Exception):
    def __init__(self, kind: str, signature: str, detail: str) -> None:
        super().__init__(detail)
        self.kind, self.signature, self.detail = kind, signature, detail


def _where(error: BaseException) -> str:
    """The innermost frame in ocrfix's own code (else the innermost of all)."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if "/ocrfix/" in f.filename.replace(os.sep, "/")]
    frame = (own or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}"


def _timed(label: str, call, arg, long_input: bool):
    start = time.perf_counter()
    try:
        result = call(arg)
    except Finding:
        raise
    except Exception as error:  # noqa: BLE001 - every exception is a finding here
        raise Finding(
            "exception",
            f"exception {label} {type(error).__name__} {_where(error)}",
            f"{label}: {type(error).__name__}: {str(error)[:300]}\n"
            + "".join(traceback.format_exception(error)[-4:]),
        ) from None
    spent = time.perf_counter() - start
    if not long_input and spent > SLOW_SECONDS:
        raise Finding("slow", f"slow {label}", f"{label} took {spent:.2f} s")
    return result


def check_text(text: str, idempotence: bool = True) -> None:
    import ocrfix

    long_input = len(text) > SHORT_INPUT
    repaired = _timed("repair", ocrfix.repair, text, long_input)
    result = _timed("explain", ocrfix.explain, text, long_input)
    if result.text != repaired:
        raise Finding(
            "explain-text",
            "explain-text",
            f"explain(x).text != repair(x): {result.text[:200]!r} vs {repaired[:200]!r}",
        )
    previous_end = -1
    for edit in result.edits:
        if not (0 <= edit.start <= edit.end <= len(text)) or text[edit.start : edit.end] != edit.before:
            raise Finding(
                "edit-offsets",
                f"edit-offsets {edit.rule.split('+')[0]}",
                f"edit {edit!r} does not match the input at {edit.start}:{edit.end} "
                f"({text[edit.start:edit.end]!r})",
            )
        if edit.start < previous_end:
            raise Finding(
                "edit-overlap", f"edit-overlap {edit.rule.split('+')[0]}", f"{edit!r} overlaps"
            )
        previous_end = edit.end
    try:
        applied = ocrfix.apply_edits(text, result.edits)
    except ValueError as error:
        raise Finding("apply-edits-error", "apply-edits-error", str(error)[:300]) from None
    if applied != repaired:
        rules = sorted({e.rule.split("+")[0].split(":")[0] for e in result.edits})
        raise Finding(
            "apply-edits-mismatch",
            "apply-edits-mismatch " + ",".join(rules),
            f"apply_edits(x, explain(x).edits) = {applied[:200]!r}, repair(x) = {repaired[:200]!r}",
        )
    if idempotence:
        again = _timed("repair(repair)", ocrfix.repair, repaired, long_input)
        if again != repaired:
            rules = sorted({e.rule.split("+")[0].split(":")[0] for e in ocrfix.explain(repaired).edits})
            raise Finding(
                "not-idempotent",
                "not-idempotent " + ",".join(rules),
                f"repair(x) = {repaired[:200]!r}, repair(repair(x)) = {again[:200]!r}",
            )


def _refusal(error: Exception) -> bool:
    import ocrfix.decoding as decoding

    message = str(error)
    prefix = decoding.BINARY_ERROR_TEXT.split("{")[0]
    return isinstance(error, ValueError) and (
        message.startswith(prefix) or "byte-order mark but is not UTF-" in message
    )


def check_bytes(data: bytes, idempotence: bool = True) -> None:
    import ocrfix

    try:
        text, _ = ocrfix.decode_bytes(data)
    except Exception as error:  # noqa: BLE001
        if _refusal(error):
            try:
                ocrfix.repair_bytes(data)
            except Exception as again:  # noqa: BLE001
                if _refusal(again):
                    return
                raise Finding(
                    "exception",
                    f"exception repair_bytes {type(again).__name__} {_where(again)}",
                    f"repair_bytes: {type(again).__name__}: {again}",
                ) from None
            raise Finding("bytes", "bytes refusal", "decode_bytes refused, repair_bytes did not")
        raise Finding(
            "exception",
            f"exception decode_bytes {type(error).__name__} {_where(error)}",
            f"decode_bytes: {type(error).__name__}: {str(error)[:300]}",
        ) from None
    got = _timed("repair_bytes", ocrfix.repair_bytes, data, len(data) > SHORT_INPUT)
    if got != ocrfix.repair(text):
        raise Finding("bytes", "bytes mismatch", "repair_bytes(b) != repair(decode_bytes(b)[0])")
    check_text(text, idempotence)


def run_one(case: tuple[str, object], idempotence: bool = True) -> Finding | None:
    kind, value = case
    try:
        if kind == "text":
            check_text(value, idempotence)  # type: ignore[arg-type]
        else:
            check_bytes(value, idempotence)  # type: ignore[arg-type]
    except Finding as finding:
        return finding
    return None


# ---------------------------------------------------------------------------- mutation


def _reencode(rng: random.Random, text: str) -> str:
    source = rng.choice(["utf-8", "utf-8", "cp850", "mac_roman", "cp1252"])
    target = rng.choice(["cp1252", "latin-1", "cp850", "mac_roman"])
    try:
        return text.encode(source).decode(target, errors=rng.choice(["replace", "ignore"]))
    except (UnicodeError, LookupError):
        return text


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        n = len(text)
        i = rng.randint(0, n)
        j = min(n, i + rng.randint(0, 12))
        op = rng.randrange(11)
        if op == 0:
            text = text[:i] + rng.choice(PALETTE) + text[i:]
        elif op == 1 and n:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j] * rng.randint(2, 20) + text[j:]
        elif op == 3:
            other = rng.choice(SEEDS)
            k = rng.randint(0, len(other))
            text = text[:i] + other[k : k + rng.randint(1, 60)] + text[i:]
        elif op == 4:
            text = text[:i] + _reencode(rng, text[i:j]) + text[j:]
        elif op == 5:
            text = text[:i] + rng.choice(["-\n", "-\r\n", "\n\n", "\u00ad\n", "- \n", "\x0c"]) + text[i:]
        elif op == 6:
            text = text[:i] + " ".join(str(rng.randint(-99, 99999)) for _ in range(rng.randint(1, 6))) + "\n" + text[i:]
        elif op == 7:
            text = text[:i] + text[i:j].upper() + text[j:]
        elif op == 8:
            text = text[:i] + rng.choice(WORDS) + text[i:]
        elif op == 9:
            text = _reencode(rng, text)
        elif op == 10:
            text = text[:i] + chr(rng.randint(0, 0x2FFF)) + text[i:]
    return text[:3000]


def mutate_bytes(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(ENCODINGS)
    data = bytearray(text.encode(encoding, errors="replace"))
    for _ in range(rng.randint(0, 4)):
        if not data:
            break
        i = rng.randrange(len(data))
        op = rng.randrange(4)
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            del data[i]
        elif op == 2:
            data.insert(i, rng.choice([0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0xE2, 0xFF, 0xFE, 0xEF, 0x1B]))
        else:
            data[i:i] = data[i : i + rng.randint(1, 8)]
    return bytes(data)


def generate(rng: random.Random, corpus: list[str]) -> tuple[str, object]:
    base = rng.choice(corpus)
    if rng.random() < 0.3:
        base = base + rng.choice(["\n", " ", "-\n", "\n\n"]) + rng.choice(corpus)
    text = mutate_text(rng, base)
    if rng.random() < 0.2:
        return ("bytes", mutate_bytes(rng, text))
    return ("text", text)


# ---------------------------------------------------------------------------- minimizing


def _size(case: tuple[str, object]) -> int:
    return len(case[1])  # type: ignore[arg-type]


def minimize(case: tuple[str, object], signature: str, seconds: float, idempotence: bool):
    """Delete chunks (halves down to single characters) while the same finding happens."""
    kind, value = case
    deadline = time.monotonic() + seconds

    def same(candidate) -> bool:
        found = run_one((kind, candidate), idempotence)
        return found is not None and found.signature == signature

    chunk = max(1, len(value) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, shrunk = 0, False
        while i < len(value) and time.monotonic() < deadline:
            candidate = value[:i] + value[i + chunk :]
            if candidate != value and same(candidate):
                value, shrunk = candidate, True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    return (kind, value)


# ---------------------------------------------------------------------------- engines


class Log:
    def __init__(self, idempotence: bool) -> None:
        self.findings: dict[str, dict] = {}
        self.executions = 0
        self.idempotence = idempotence

    def add(self, case, finding: Finding) -> None:
        entry = self.findings.get(finding.signature)
        if entry is None:
            entry = self.findings[finding.signature] = {
                "kind": finding.kind, "signature": finding.signature, "count": 0,
                "case": case, "detail": finding.detail,
            }
            print(f"  finding: {finding.signature}  ({case[0]}, {_size(case)} long)", flush=True)
        entry["count"] += 1
        if _size(case) < _size(entry["case"]):
            entry["case"], entry["detail"] = case, finding.detail


def run_random(seconds: float, seed: int, log: Log) -> None:
    rng = random.Random(seed)
    corpus = list(SEEDS)
    for text in SEEDS:  # the seeds themselves first
        log.executions += 1
        found = run_one(("text", text), log.idempotence)
        if found:
            log.add(("text", text), found)
    deadline = time.monotonic() + seconds
    next_report = time.monotonic() + 30
    while time.monotonic() < deadline:
        case = generate(rng, corpus)
        log.executions += 1
        found = run_one(case, log.idempotence)
        if found:
            log.add(case, found)
        elif case[0] == "text" and rng.random() < 0.01 and len(corpus) < 500:
            corpus.append(case[1])  # type: ignore[arg-type]
        if time.monotonic() > next_report:
            next_report += 30
            print(f"  {log.executions} executions, {len(log.findings)} distinct findings", flush=True)


def _decode_input(data: bytes) -> tuple[str, object]:
    """libFuzzer's bytes to a case: first byte odd → bytes for repair_bytes, else UTF-8 text."""
    if not data:
        return ("text", "")
    if data[0] & 1:
        return ("bytes", data[1:])
    return ("text", data[1:].decode("utf-8", errors="surrogateescape"))


def atheris_child(findings_path: str, idempotence: bool, libfuzzer_args: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["ocrfix"]):
        import ocrfix  # noqa: F401

    out = open(findings_path, "a", encoding="utf-8")
    seen: dict[str, int] = {}

    def target(data: bytes) -> None:
        case = _decode_input(data)
        found = run_one(case, idempotence)
        if found is None:
            return
        size = _size(case)
        if found.signature in seen and seen[found.signature] <= size:
            return
        seen[found.signature] = size
        value = case[1]
        record = {
            "kind": found.kind, "signature": found.signature, "detail": found.detail,
            "type": case[0],
            "value": value if isinstance(value, str) else value.hex(),  # type: ignore[union-attr]
        }
        out.write(json.dumps(record, ensure_ascii=True) + "\n")
        out.flush()

    atheris.Setup([sys.argv[0], *libfuzzer_args], target)
    atheris.Fuzz()


def run_atheris(seconds: float, seed: int, log: Log) -> None:
    with tempfile.TemporaryDirectory(prefix="ocrfix-fuzz-") as tmp:
        corpus = Path(tmp, "corpus")
        corpus.mkdir()
        for n, text in enumerate(SEEDS):
            corpus.joinpath(f"t{n}").write_bytes(b"\x00" + text.encode("utf-8"))
            for encoding in ("cp1252", "cp850", "mac_roman"):
                try:
                    corpus.joinpath(f"b{n}{encoding}").write_bytes(b"\x01" + text.encode(encoding))
                except UnicodeError:
                    pass
        findings = Path(tmp, "findings.jsonl")
        findings.touch()
        command = [
            sys.executable, __file__, "--atheris-child", str(findings),
            *([] if log.idempotence else ["--no-idempotence"]), "--",
            f"-max_total_time={int(seconds)}", f"-seed={seed}", "-max_len=4096",
            "-timeout=30", "-rss_limit_mb=4096", "-print_final_stats=1", "-close_fd_mask=1",
            str(corpus),
        ]
        process = subprocess.run(command, capture_output=True, text=True, errors="replace")
        tail = process.stderr.strip().splitlines()
        for line in tail:
            if line.startswith("stat::number_of_executed_units:"):
                log.executions += int(line.split(":")[-1])
        if process.returncode not in (0,):
            print(f"  libFuzzer exited with {process.returncode}:", *tail[-15:], sep="\n    ")
        for line in findings.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            value = record["value"] if record["type"] == "text" else bytes.fromhex(record["value"])
            log.add((record["type"], value), Finding(record["kind"], record["signature"], record["detail"]))


# ---------------------------------------------------------------------------- main


def _decoded(data: bytes) -> str | None:
    import ocrfix

    try:
        return ocrfix.decode_bytes(data)[0]
    except Exception:  # noqa: BLE001
        return None


def replay(path: str, idempotence: bool) -> int:
    """Run the reproducers of an earlier --json report on the code as it is now."""
    import ast

    remaining = 0
    for entry in json.loads(Path(path).read_text(encoding="utf-8"))["findings"]:
        case = (entry["type"], ast.literal_eval(entry["input"]))
        found = run_one(case, idempotence)
        status = "FIXED" if found is None else f"still: {found.signature}"
        remaining += found is not None
        print(f"{entry['signature']}\n  {case[0]} {case[1]!r}\n  {status}")
    return 1 if remaining else 0



def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--atheris-child"]:
        rest = argv[2:]
        idempotence = "--no-idempotence" not in rest
        rest = rest[rest.index("--") + 1 :]
        atheris_child(argv[1], idempotence, rest)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="fuzzing budget (default 60)")
    parser.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-idempotence", action="store_true")
    parser.add_argument("--slow", type=float, default=SLOW_SECONDS, help="seconds a short input may take")
    parser.add_argument("--minimize-seconds", type=float, default=20)
    parser.add_argument("--json", metavar="FILE", help="write the findings as JSON")
    parser.add_argument("--replay", metavar="FILE", help="re-check the findings of a --json file")
    args = parser.parse_args(argv)
    globals()["SLOW_SECONDS"] = args.slow
    if args.replay:
        return replay(args.replay, not args.no_idempotence)

    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    import ocrfix

    ocrfix.repair("för")  # load the lexicon outside the budget
    log = Log(not args.no_idempotence)
    print(f"fuzzing with {engine} for {args.seconds:g} s (seed {args.seed})", flush=True)
    started = time.monotonic()
    (run_atheris if engine == "atheris" else run_random)(args.seconds, args.seed, log)
    spent = time.monotonic() - started

    print(f"\nengine {engine}: {log.executions} executions in {spent:.1f} s, "
          f"{log.executions / spent:.1f} executions/s, {len(log.findings)} distinct findings")
    report = []
    for entry in sorted(log.findings.values(), key=lambda e: e["signature"]):
        case = minimize(entry["case"], entry["signature"], args.minimize_seconds, log.idempotence)
        found = run_one(case, log.idempotence)
        detail = found.detail if found else entry["detail"]
        reproducer = (
            f"ocrfix.repair_bytes({case[1]!r})" if case[0] == "bytes" else f"ocrfix.explain({case[1]!r})"
        )
        print(f"\n[{entry['kind']}] {entry['signature']}  (hit {entry['count']}×)")
        print(f"  reproducer: {case[0]} {case[1]!r}")
        if case[0] == "bytes" and entry["kind"] not in ("exception", "bytes"):
            print(f"  decoded: {_decoded(case[1])!r}")
        print("  " + detail.strip().replace("\n", "\n  "))
        report.append({
            "kind": entry["kind"], "signature": entry["signature"], "count": entry["count"],
            "type": case[0], "reproducer": reproducer, "input": repr(case[1]), "detail": detail,
        })
    if args.json:
        Path(args.json).write_text(json.dumps({
            "engine": engine, "executions": log.executions, "seconds": spent,
            "findings": report}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
