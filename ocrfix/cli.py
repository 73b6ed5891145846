"""
The ``ocrfix`` command.

It behaves like a Unix filter: it reads the files it is given, or standard
input when there are none (or for ``-``), and writes to standard output.

``ocrfix repair [FILE ...] [-o OUT] [--explain] [--edits EDITS]``
    Write the repaired text of each file, one after another, to standard
    output or to OUT. The text keeps its own line endings. With
    ``--explain``, the edits are written as JSON lines to standard error;
    with ``--edits EDITS`` they go to that file instead. Each line is one
    edit: ``file``, ``line`` and ``column`` (1-based, where the edit starts),
    and the fields of :class:`ocrfix.Edit` (``start``/``end`` are character
    offsets into that file's text).

``ocrfix repair FILE --html REPORT``
    Also write REPORT, one self-contained HTML page that shows FILE (or standard
    input) with every edit highlighted, and the damage profiles the word stage used:
    the one it learned from FILE, and ``--profile`` (see :mod:`ocrfix.report`). It reports on
    one input, so it is refused with several files or a directory. The
    repaired text goes to standard output or OUT as usual.

``ocrfix repair ... --profile PROFILE``
    Repair with a damage profile learned by ``ocrfix profile learn`` (also with a directory
    and ``--in-place``): see ``Config.profile``. A profile that cannot be read gives a
    one-line error and the exit status 2, before any file is read.

``ocrfix repair DIR -o OUTDIR [-j N] [--glob PATTERN] [--resume] [--report REPORT]``
    Repair the files of the directory DIR and its subdirectories whose names match
    PATTERN (``*.txt`` unless ``--glob`` is given, once or more) into the same tree under
    OUTDIR, which must not be DIR or inside it; no output is ever written inside DIR.
    Symbolic links to files are followed, links to directories are not. ``-j N`` repairs
    N files at a time in N worker processes (0: one per CPU; default 1), each of which
    loads the lexicon once. Each output is written to a temporary file beside it
    (``.NAME.XXXXXXXX.ocrfix-tmp``), flushed to the disk and renamed, so it is either whole
    or absent; ``--resume`` therefore skips every file whose output exists. Ctrl-C stops
    the workers and removes their temporary files; those a run killed outright leaves are
    removed by the next run into OUTDIR (only names of that pattern for its own outputs).
    A file that is not a regular file (a FIFO, a device) is reported, not read. ``--report REPORT`` writes one JSON line per file, in the tree's order: ``input``,
    ``output``, ``status`` (``ok``, ``skipped`` or ``failed``), ``error``, ``characters``
    read, ``encoding`` and ``edits`` (counts by stage). A progress bar (bytes, and files
    ok/skipped/failed) is shown on standard error when it is a terminal. ``--explain``
    and ``--edits`` work as for files.

``ocrfix repair --in-place[=SUFFIX] FILE ...`` or ``ocrfix repair --in-place[=SUFFIX] DIR``
    Rewrite each FILE (or each matching file of DIR, with ``-j``, ``--glob`` and ``--report``
    as above) with its repaired text, as ``sed --in-place[=SUFFIX]`` does; the suffix must be
    joined with ``=``. With a SUFFIX the original is first kept as FILE+SUFFIX (a hard link
    to it, or a copy), replacing any earlier backup; then the repaired text goes to a
    temporary file that is renamed over FILE, with FILE's permission bits, owner and group
    (as far as you may give them), so FILE is always whole, old or new; other hard links
    to FILE keep the old text. A file repair leaves as it is is not touched (no backup). A
    link is followed: the file it points to is rewritten; a file given twice is repaired once.
    In DIR, files whose names end in SUFFIX are backups and left alone. Refused with ``-o``,
    standard input, ``--resume``, or a SUFFIX with ``/``. Without ``--in-place`` no input
    file is ever written.

``ocrfix lexicon train PATH ... -o MODEL [--replace]``
    Count the neighbours of confusable words (``vara``/``våra``) in your own
    clean Swedish text (``.txt`` files, directories searched) and write a
    context model, added to the packaged one unless ``--replace``. Use it
    with ``ocrfix repair --context-model MODEL``.

``ocrfix profile learn PATH ... -o PROFILE [--glob PATTERN] [--sample N] [--seed S]``
    Learn the damage profile of a corpus (which misreadings its OCR engine makes, how
    often): each file (the files of a directory named ``*.txt``, or as ``--glob`` says) is
    read as ``ocrfix repair`` reads it, repaired by the stages before the word stage, and its
    misreadings counted as the word stage counts a page's. ``--sample N`` learns from N files
    chosen at random (the same files for the same ``--seed``, default 0). The profile is written
    as JSON to PROFILE (``-``: standard output); what it holds is printed on standard error.
    Use it with ``ocrfix repair --profile PROFILE`` or ``ocrfix.Config(profile=PROFILE)``.

``ocrfix profile show PROFILE ...``
    Print where each profile was learned and its commonest misreadings; ``packaged`` is the
    prior profile that ships with ocrfix (Tesseract 5's English and Swedish models).

``ocrfix detect [FILE ...]``
    Print one line per finding, ``FILE:LINE:COL: kind: text (detail)``, in
    the style of compilers and linters, so editors can jump to them. The
    exit status is 0 whether or not anything was found.

``ocrfix repair ... --modernize``
    Rewrite Swedish printed before the 1906 spelling reform in modern spelling (see
    ``Config.modernize_spelling``); by default it is recognised and kept as printed.

``ocrfix diff [FILE ...] [--color WHEN] [--context-model MODEL] [--profile PROFILE] [--modernize]``
    Print each FILE with the changes ``ocrfix repair`` would make marked. On
    a terminal (and unless the NO_COLOR environment variable is set), the text
    before is red and struck through and the text after green; otherwise, or
    with ``--color never``, the changes are marked ``[-before-]{+after+}`` like
    ``git diff --word-diff=plain``. ``--color always`` colours in pipes too.
    With several files, each one is headed ``==> FILE <==``. The exit status
    is 0 whether or not anything would change.

Files are read as UTF-8 (a byte-order mark at the start is dropped), or, with
``--encoding auto`` (the default), in the legacy encoding the Swedish lexicon
finds (Windows-1252, Latin-1, CP850, Mac Roman), with a one-line notice on
standard error; ``--encoding NAME`` forces one. Output is UTF-8. A file that
cannot be read (missing, a directory, binary, not decodable) gets a one-line
message on standard error; the other files are still processed, and the exit
status is 2. Line numbers count ``\\n`` characters.
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import collections
import json
import os
import random
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import ocrfix
from ocrfix import neighbours
from ocrfix.edits import Edit
from ocrfix.profile import packaged_profile
from ocrfix.report import damage_profiles, render_diff, render_html

PROG = "ocrfix"
STDIN_NAME = "<stdin>"

#: Exit statuses.
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE
EXIT_INTERRUPTED = 130

_NOT_DECODABLE_REASON = "not valid {encoding} (byte 0x{byte:02x} at offset {offset})"
_LEGACY_REASON = "not UTF-8; read as {encoding}"
UNKNOWN_ENCODING_TEXT = "unknown encoding: {encoding}"
SAME_FILE_TEXT = "{name}: the output file is also an input file; write to another file"

_BOM = b"\xef\xbb\xbf"

#: The files ``ocrfix repair DIR -o OUTDIR`` repairs unless ``--glob`` says otherwise.
DEFAULT_GLOB = "*.txt"
DIR_ALONE_TEXT = "{name}: a directory must be the only input (ocrfix repair DIR -o OUTDIR)"
DIR_ONLY_OPTION_TEXT = "{option} works with a directory only: ocrfix repair DIR -o OUTDIR {option}"
HTML_ONE_FILE_TEXT = "--html reports on one input file only: ocrfix repair FILE --html REPORT"
HTML_NEEDS_FILE_TEXT = "--html needs a file name (standard output has the repaired text)"
HTML_IS_OUTPUT_TEXT = "{name}: --html and -o name the same file; write the report to another file"
IN_PLACE_OUTPUT_TEXT = "--in-place rewrites each input file; it cannot be used with -o"
IN_PLACE_STDIN_TEXT = "--in-place needs files to rewrite, not standard input"
IN_PLACE_RESUME_TEXT = "--resume works with -o OUTDIR only, not with --in-place"
IN_PLACE_SUFFIX_TEXT = "--in-place={suffix}: a backup suffix cannot contain '/'"
NOT_REGULAR_TEXT = "{name}: not a regular file; --in-place can only rewrite files"
WRITE_TEXT = "{name}: cannot write: {reason}"
MISSING_TEXT = "{name}: no such file or directory"
PROFILE_NO_FILES_TEXT = "no files to learn from in {paths} (files named {patterns})"
PROFILE_NONE_READ_TEXT = "no file could be read; no profile written"
#: The name ``ocrfix profile show`` takes for the prior profile that ships with ocrfix.
PACKAGED_PROFILE = "packaged"
PROFILE_USE_TEXT = "use it with: ocrfix repair --profile {name} FILE"
#: How many misreadings ``ocrfix profile show`` and ``learn`` print unless told.
PROFILE_ROWS = 15
#: ``ocrfix diff --color``: when to colour the changes.
COLOR_CHOICES = ("auto", "always", "never")


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """
    Write all of ``data``, or raise.

    A large write to a pipe whose reader has gone away can come back short
    instead of raising (the kernel reports the bytes it took before the
    reader left); writing the rest then raises BrokenPipeError, as it should.
    """
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if not written:
            raise BrokenPipeError("the output stream accepted no data")
        view = view[written:]


@dataclass(frozen=True, slots=True)
class _Decoded:
    """Bytes read as text: the text and its encoding, or why not (``problem``).

    ``notice`` is worth telling the user although the text was read (a legacy encoding).
    Both are reasons without the file's name.
    """

    text: str | None
    encoding: str | None = None
    problem: str | None = None
    notice: str | None = None


def _decode(data: bytes, encoding: str) -> _Decoded:
    """Decode one input's bytes as ``encoding``, or as ``"auto"`` chooses.

    With ``encoding="auto"`` the bytes are decoded by :func:`ocrfix.decode_bytes` (UTF-8,
    UTF-16 or a legacy encoding chosen with the Swedish lexicon); a legacy choice is
    a notice, since the user may want to know.
    """
    if encoding == "auto":
        try:
            text, chosen = ocrfix.decode_bytes(data)
        except ValueError as exc:
            return _Decoded(None, problem=str(exc))
        notice = None
        if chosen not in ("utf-8", "utf-8-sig", "utf-16"):
            notice = _LEGACY_REASON.format(encoding=chosen)
        return _Decoded(text, chosen, notice=notice)
    skip = len(_BOM) if data.startswith(_BOM) and encoding == "utf-8" else 0
    try:
        return _Decoded(data[skip:].decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        return _Decoded(None, problem=_NOT_DECODABLE_REASON.format(
            encoding=encoding, byte=data[offset], offset=offset
        ))


def _read_text(
    name: str, encoding: str = "auto", report: Callable[[str], None] = _error
) -> str | None:
    """Read one input as text, or tell `report` (by default: print) why it cannot be read
    and return None.

    The bytes are decoded by :func:`_decode`; a legacy encoding it chose is reported too.
    """
    display = STDIN_NAME if name == "-" else name
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        report(f"{display}: {exc.strerror or exc}")
        return None
    decoded = _decode(data, encoding)
    for reason in (decoded.problem, decoded.notice):
        if reason is not None:
            report(f"{display}: {reason}")
    return decoded.text


class _Lines:
    """Turns character offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def _edit_lines(display: str, text: str, edits: Sequence[Edit]) -> Iterator[str]:
    """Each edit as a JSON line: where it starts (file, line, column) and its fields."""
    lines = _Lines(text)
    for edit in edits:
        line, column = lines.locate(edit.start)
        record: dict[str, Any] = {"file": display, "line": line, "column": column}
        record.update(edit.to_dict())
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _inputs(files: Sequence[str]) -> list[str]:
    return list(files) if files else ["-"]


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _config(args: argparse.Namespace) -> ocrfix.Config | None:
    """The Config the options ask for, or None after a one-line error (a bad model or
    profile file)."""
    try:
        config = ocrfix.Config(
            context_model=args.context_model,
            profile=args.profile,
            modernize_spelling=getattr(args, "modernize", False),
        )
        if config.context_model is not None:
            neighbours.get_context_model(config.context_model)  # a bad file fails here, once
    except ValueError as exc:
        _error(str(exc))
        return None
    return config


def _repair(args: argparse.Namespace) -> int:
    config = _config(args)
    if config is None:
        return EXIT_ERROR
    inputs = _inputs(args.files)
    directories = [name for name in inputs if name != "-" and os.path.isdir(name)]
    if args.in_place is not None and not _in_place_ok(args, inputs):
        return EXIT_ERROR
    if args.html is not None and not _html_target_ok(args, inputs, directories):
        return EXIT_ERROR
    if directories:
        if len(inputs) > 1:
            _error(DIR_ALONE_TEXT.format(name=directories[0]))
            return EXIT_ERROR
        from ocrfix.cli_tree import repair_tree  # only a directory needs it

        return repair_tree(args, config, directories[0])
    for option, given in (("--glob", args.glob), ("--resume", args.resume),
                          ("--report", args.report)):
        if given:
            _error(DIR_ONLY_OPTION_TEXT.format(option=option))
            return EXIT_ERROR
    status = EXIT_OK
    explaining = args.explain or args.edits is not None
    report: str | None = None  # the --html page, once its one input is repaired

    output: BinaryIO
    edits_out: TextIO | None = None
    close: list[BinaryIO | TextIO] = []
    in_place: str | None = args.in_place
    done: set[str] = set()  # with --in-place: the real files rewritten, each once
    for log in (args.edits, args.html):
        if log is not None and log != "-" and any(
            name != "-" and (_same_file(name, log) or (in_place and os.path.realpath(log) == (
                os.path.realpath(name) + in_place)))
            for name in inputs
        ):
            _error(SAME_FILE_TEXT.format(name=log))
            return EXIT_ERROR
    try:
        if in_place is not None:
            output = sys.stdout.buffer  # written to by nothing
        elif args.output is not None and args.output != "-":
            for name in inputs:
                if name != "-" and _same_file(name, args.output):
                    _error(SAME_FILE_TEXT.format(name=args.output))
                    return EXIT_ERROR
            try:
                output = open(args.output, "wb")
            except OSError as exc:
                _error(f"{args.output}: {exc.strerror or exc}")
                return EXIT_ERROR
            close.append(output)
        else:
            output = sys.stdout.buffer
        if args.edits is not None:
            try:
                edits_out = open(args.edits, "w", encoding="utf-8", newline="\n")
            except OSError as exc:
                _error(f"{args.edits}: {exc.strerror or exc}")
                return EXIT_ERROR
            close.append(edits_out)
        elif explaining:
            edits_out = sys.stderr

        for name in inputs:
            real = os.path.realpath(name)
            if in_place is not None:
                if real in done:  # the same file twice (or through a link): repaired once
                    continue
                if not os.path.isfile(name) and os.path.exists(name):  # a FIFO, a device
                    _error(NOT_REGULAR_TEXT.format(name=name))
                    status = EXIT_ERROR
                    continue
            text = _read_text(name, args.encoding)
            if text is None:
                status = EXIT_ERROR
                continue
            if explaining or args.html is not None:
                result = ocrfix.explain(text, config)
                repaired = result.text
                display = STDIN_NAME if name == "-" else name
                if edits_out is not None:
                    for record in _edit_lines(display, text, result.edits):
                        edits_out.write(record)
                if args.html is not None:
                    report = render_html(text, result.edits, title=display,
                                         profiles=damage_profiles(text, config))
            else:
                repaired = ocrfix.repair(text, config)
            if in_place is None:
                _write_all(output, repaired.encode("utf-8"))
                continue
            from ocrfix.cli_tree import rewrite_in_place

            done.add(real)
            try:  # the real file, so that a symbolic link stays a link to it
                rewrite_in_place(real, repaired.encode("utf-8"), in_place)
            except OSError as exc:
                _error(WRITE_TEXT.format(name=name, reason=exc.strerror or exc))
                status = EXIT_ERROR
        output.flush()
        if edits_out is not None:
            edits_out.flush()
    finally:
        for handle in close:
            handle.close()
    if report is not None and not _write_report(args.html, report):
        return EXIT_ERROR
    return status


def _in_place_ok(args: argparse.Namespace, inputs: Sequence[str]) -> bool:
    """Whether ``--in-place[=SUFFIX]`` goes with the other options, or a one-line error why not."""
    suffix: str = args.in_place
    problem = None
    if "/" in suffix or os.sep in suffix:
        problem = IN_PLACE_SUFFIX_TEXT.format(suffix=suffix)
    elif args.output is not None:
        problem = IN_PLACE_OUTPUT_TEXT
    elif "-" in inputs:
        problem = IN_PLACE_STDIN_TEXT
    elif args.resume:
        problem = IN_PLACE_RESUME_TEXT
    if problem is not None:
        _error(problem)
        return False
    return True


def _html_target_ok(args: argparse.Namespace, inputs: Sequence[str],
                    directories: Sequence[str]) -> bool:
    """Whether ``--html`` can be written: one input file, and not onto an input or OUT.

    One page shows one document; several files would need several pages and a way
    to name them, which a directory tree already has in ``-o OUTDIR``.
    """
    if len(inputs) > 1 or directories:
        _error(HTML_ONE_FILE_TEXT)
        return False
    if args.html == "-":
        _error(HTML_NEEDS_FILE_TEXT)
        return False
    if inputs[0] != "-" and _same_file(inputs[0], args.html):
        _error(SAME_FILE_TEXT.format(name=args.html))
        return False
    if args.output is not None and args.output != "-" and (
        os.path.abspath(args.output) == os.path.abspath(args.html)
        or _same_file(args.output, args.html)
    ):
        _error(HTML_IS_OUTPUT_TEXT.format(name=args.html))
        return False
    return True


def _write_report(path: str, page: str) -> bool:
    """Write the HTML report, or print why not and return False.

    It is written only once its input has been repaired, so an input that cannot
    be read leaves no empty or partial page behind.
    """
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
    except OSError as exc:
        _error(f"{path}: {exc.strerror or exc}")
        return False
    return True


def _detect(args: argparse.Namespace) -> int:
    config = ocrfix.Config()
    status = EXIT_OK
    out = sys.stdout.buffer
    for name in _inputs(args.files):
        text = _read_text(name, args.encoding)
        if text is None:
            status = EXIT_ERROR
            continue
        display = STDIN_NAME if name == "-" else name
        lines = _Lines(text)
        for finding in ocrfix.detect(text, config):
            line, column = lines.locate(finding.start)
            shown = finding.text.replace("\r", "\\r").replace("\n", "\\n")
            message = f"{display}:{line}:{column}: {finding.kind}: {shown}"
            if finding.detail:
                message += f" ({finding.detail})"
            _write_all(out, (message + "\n").encode("utf-8"))
    out.flush()
    return status


def _use_color(when: str, stream: BinaryIO) -> bool:
    """Whether ``ocrfix diff`` colours its output: ``--color``, else a terminal without NO_COLOR.

    NO_COLOR (https://no-color.org) counts when it is set to anything but the
    empty string; an explicit ``--color always`` wins over it.
    """
    if when != "auto":
        return when == "always"
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def _diff(args: argparse.Namespace) -> int:
    """``ocrfix diff``: each input with the edits of ``ocrfix repair`` marked."""
    config = _config(args)
    if config is None:
        return EXIT_ERROR
    status = EXIT_OK
    out = sys.stdout.buffer
    color = _use_color(args.color, out)
    inputs = _inputs(args.files)
    line_open = False  # the last file shown did not end its last line
    for name in inputs:
        text = _read_text(name, args.encoding)
        if text is None:
            status = EXIT_ERROR
            continue
        if len(inputs) > 1:  # as head(1) and tail(1) tell several files apart
            display = STDIN_NAME if name == "-" else name
            header = ("\n" if line_open else "") + f"==> {display} <==\n"
            _write_all(out, header.encode("utf-8"))
        shown = render_diff(text, ocrfix.explain(text, config).edits, color=color)
        _write_all(out, shown.encode("utf-8"))
        line_open = bool(shown) and not shown.endswith(("\n", "\r"))
    out.flush()
    return status


def _text_files(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The *.txt files under each directory, and each file given; and what does not exist."""
    found: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(name)
    return found, missing


def _train(args: argparse.Namespace) -> int:
    files, missing = _text_files(args.paths)
    for name in missing:
        _error(f"{name}: no such file or directory")
    if missing:
        return EXIT_ERROR
    if not files:
        _error("no .txt files to train on in " + ", ".join(args.paths))
        return EXIT_ERROR
    texts = []
    for path in files:
        text = _read_text(str(path))
        if text is None:
            return EXIT_ERROR
        texts.append(text)
    counts = neighbours.train(texts, extend=not args.replace)
    note = f"trained on {len(files)} files" + ("" if args.replace else " and the packaged model")
    try:
        counts.save(Path(args.output), note=note)
    except OSError as exc:
        _error(f"{args.output}: {exc.strerror or exc}")
        return EXIT_ERROR
    print(
        f"{args.output}: neighbours of {len(counts.count)} confusable words, "
        f"{sum(counts.count.values())} occurrences ({note}); "
        f"use it with: ocrfix repair --context-model {args.output} FILE",
        file=sys.stderr,
    )
    return EXIT_OK


def _corpus_files(
    paths: Sequence[str], patterns: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """The files ``ocrfix profile learn`` reads: each file named, and the files of each
    directory named whose names match ``patterns`` (in the order ``ocrfix repair DIR``
    takes them), each real file once; the paths that do not exist; and a message for each
    directory that could not be listed."""
    from ocrfix.cli_tree import _tree_files  # the same walk as ocrfix repair DIR -o OUTDIR

    files: list[str] = []
    missing: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for name in paths:
        if os.path.isdir(name):
            found, unlisted = _tree_files(name, patterns)
            problems.extend(unlisted)
            candidates = [os.path.join(name, relative) for relative in found]
        elif os.path.lexists(name):
            candidates = [name]  # a file named is read, whatever its name
        else:
            missing.append(name)
            continue
        for path in candidates:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                files.append(path)
    return files, missing, problems


def _read_corpus_file(
    name: str, encoding: str, report: Callable[[str], None]
) -> str | None:
    """One file's text as ``ocrfix repair`` reads it, or None after telling `report` why
    not; only a regular file is read (a FIFO would block, a device not end)."""
    try:
        regular = stat.S_ISREG(os.stat(name).st_mode)
    except OSError as exc:
        report(f"{name}: {exc.strerror or exc}")
        return None
    if not regular:
        report(f"{name}: not a regular file; not read")
        return None
    # A file named `-` is that file here, not standard input.
    return _read_text(os.path.join(os.curdir, name) if name == "-" else name, encoding, report)


def _profile_learn(args: argparse.Namespace) -> int:
    """``ocrfix profile learn``: one damage profile learned over a corpus."""
    from ocrfix.cli_tree import FAILED, OK, _Messages, _size, _write_atomically
    from ocrfix.learn import learn_corpus

    patterns: list[str] = args.glob or [DEFAULT_GLOB]
    files, missing, problems = _corpus_files(args.paths, patterns)
    for name in missing:
        _error(MISSING_TEXT.format(name=name))
    if missing:
        return EXIT_ERROR
    for problem in problems:
        _error(problem)
    if not files:
        _error(PROFILE_NO_FILES_TEXT.format(
            paths=", ".join(args.paths), patterns=" or ".join(map(repr, patterns))
        ))
        return EXIT_ERROR
    output: str = args.output
    if output != "-" and os.path.realpath(output) in {os.path.realpath(f) for f in files}:
        _error(SAME_FILE_TEXT.format(name=output))
        return EXIT_ERROR
    config = _config(args)
    if config is None:
        return EXIT_ERROR
    total = len(files)
    source = ", ".join(args.paths)
    if args.sample is not None and args.sample < total:
        chosen = sorted(random.Random(args.seed).sample(range(total), args.sample))
        files = [files[index] for index in chosen]
        source += f", {len(files)} of its {total} files chosen with seed {args.seed}"
    messages = _Messages(sum(map(_size, files)) if sys.stderr.isatty() else None)
    counts: collections.Counter[str] = collections.Counter()

    def texts() -> Iterator[str]:
        for name in files:
            text = _read_corpus_file(name, args.encoding, messages.error)
            counts[OK if text is not None else FAILED] += 1
            messages.advance(_size(name), counts)
            if text is not None:
                yield text

    try:
        profile = learn_corpus(texts(), config, source=source)
    finally:
        messages.close()
    if not counts[OK]:
        _error(PROFILE_NONE_READ_TEXT)
        return EXIT_ERROR
    data = profile.dumps().encode("utf-8")
    if output == "-":
        _write_all(sys.stdout.buffer, data)
        sys.stdout.buffer.flush()
    else:
        try:
            _write_atomically(output, data)
        except OSError as exc:
            _error(WRITE_TEXT.format(name=output, reason=exc.strerror or exc))
            return EXIT_ERROR
    summary = profile.describe(PROFILE_ROWS)
    if output != "-":
        summary += "\n" + PROFILE_USE_TEXT.format(name=output)
    print(summary, file=sys.stderr)
    return EXIT_OK if not problems and not counts[FAILED] else EXIT_ERROR


def _profile_show(args: argparse.Namespace) -> int:
    """``ocrfix profile show``: each profile as text."""
    status = EXIT_OK
    shown = 0
    for name in args.profiles:
        try:
            if name == PACKAGED_PROFILE and not os.path.exists(name):
                profile = packaged_profile()
            elif name == "-":
                try:
                    text = sys.stdin.buffer.read().decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError(
                        f"{STDIN_NAME}: not an ocrfix profile (bad JSON: {exc})"
                    ) from None
                profile = ocrfix.Profile.loads(text, STDIN_NAME)
            else:
                profile = ocrfix.Profile.load(name)
        except ValueError as exc:
            _error(str(exc))
            status = EXIT_ERROR
            continue
        text = ("\n" if shown else "") + profile.describe(args.top) + "\n"
        _write_all(sys.stdout.buffer, text.encode("utf-8"))
        shown += 1
    sys.stdout.buffer.flush()
    return status


def _positive(value: str) -> int:
    """An argparse type: a whole number above 0."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a number above 0: {value!r}")
    return number


def _encoding(value: str) -> str:
    """An argparse type: "auto" or a codec Python knows."""
    if value == "auto":
        return value
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(UNKNOWN_ENCODING_TEXT.format(encoding=value)) from None


def _jobs(value: str) -> int:
    """An argparse type: a number of processes, 0 for one per CPU."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r}")
    return number


def _add_file_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """A subcommand that reads FILEs (or standard input) of a given or guessed encoding."""
    command = commands.add_parser(name, help=help, description=description)
    command.add_argument("files", nargs="*", metavar="FILE")
    command.add_argument(
        "--encoding",
        default="auto",
        type=_encoding,
        metavar="NAME",
        help="how the input is encoded (default: auto: UTF-8, UTF-16 with a byte-order mark, "
        "or Windows-1252/Latin-1/CP850/Mac Roman chosen with the Swedish lexicon)",
    )
    command.set_defaults(run=run)
    return command


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ocrfix`` command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Repair damaged Swedish text: OCR errors, mojibake, stripped å/ä/ö.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {ocrfix.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    repair = _add_file_command(
        commands,
        "repair",
        _repair,
        help="write the repaired text",
        description="Repair each FILE (standard input if none, or for -) and write the "
        "text, with its own line endings, to standard output.",
    )
    repair.add_argument(
        "-o", "--output", metavar="OUT",
        help="write the text to the file OUT instead of standard output; for a directory "
        "DIR, the directory where DIR's repaired files go, in the same tree",
    )
    repair.add_argument(
        "--explain",
        action="store_true",
        help="write each edit as a JSON line to standard error",
    )
    repair.add_argument(
        "--edits",
        metavar="FILE",
        help="write each edit as a JSON line to FILE (implies --explain)",
    )

    repair.add_argument(
        "--context-model",
        metavar="MODEL",
        help="decide confusable words with MODEL, trained by 'ocrfix lexicon train'",
    )
    repair.add_argument(
        "--profile",
        metavar="PROFILE",
        help="expect on every page the misreadings of PROFILE, a damage profile learned "
        "from the corpus by 'ocrfix profile learn'",
    )
    repair.add_argument(
        "--modernize",
        action="store_true",
        help="rewrite Swedish printed before the 1906 spelling reform in modern spelling "
        "(hvilken -> vilken, qvinna -> kvinna); by default it is kept as printed",
    )
    repair.add_argument(
        "--html",
        metavar="REPORT",
        help="also write REPORT, an HTML page that shows the one input FILE with every "
        "edit highlighted (before and after, rule and confidence, counts by stage and rule, "
        "the damage profile learned from it)",
    )
    repair.add_argument(
        "--in-place", nargs="?", const="", metavar="=SUFFIX",
        help="rewrite each FILE (or each file of a directory) with its repaired text instead "
        "of writing it out, as sed -i does; with --in-place=SUFFIX (one word) the original "
        "is kept as FILE+SUFFIX first. Each file is replaced atomically; a file repair leaves "
        "as it is is not touched",
    )
    tree = repair.add_argument_group(
        "a directory",
        "ocrfix repair DIR -o OUTDIR repairs the files of DIR and its subdirectories "
        f"(those named {DEFAULT_GLOB} unless --glob says otherwise) into the same tree "
        "under OUTDIR. Each output is written to a temporary file and renamed, so it is "
        "whole or absent. A file that cannot be read is reported and the others go on; "
        "the exit status is then 2. A progress bar is shown when standard error is a "
        "terminal.",
    )
    tree.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N",
        help="repair N files at a time, in N processes (0: one per CPU; default 1)",
    )
    tree.add_argument(
        "--glob", action="append", metavar="PATTERN",
        help=f"repair the files whose names match PATTERN (default {DEFAULT_GLOB}; "
        "give it again for more patterns)",
    )
    tree.add_argument(
        "--resume", action="store_true",
        help="skip the files whose output already exists (an output is always whole; the "
        "temporary files of an interrupted run are removed)",
    )
    tree.add_argument(
        "--report", metavar="FILE",
        help="write one JSON line per file to FILE: input, output, status "
        "(ok/skipped/failed), error, characters, encoding and edits by stage",
    )

    lexicon = commands.add_parser(
        "lexicon",
        help="train ocrfix on your own clean text",
        description="Adapt ocrfix to your documents.",
    )
    lexicon_commands = lexicon.add_subparsers(dest="lexicon_command", required=True,
                                              metavar="COMMAND")
    train = lexicon_commands.add_parser(
        "train",
        help="count which words stand next to confusable words in clean text",
        description="Count, in clean Swedish text of your own (.txt files, UTF-8), the "
        "neighbours of words that only context decides (vara/våra, for/för), and write a "
        "context model for 'ocrfix repair --context-model MODEL' or "
        "ocrfix.Config(context_model=MODEL).",
    )
    train.add_argument("paths", nargs="+", metavar="PATH",
                       help="a .txt file, or a directory searched for .txt files")
    train.add_argument("-o", "--output", required=True, metavar="MODEL",
                       help="where to write the model")
    train.add_argument("--replace", action="store_true",
                       help="count your text alone (default: add it to the packaged model)")
    train.set_defaults(run=_train)

    profile = commands.add_parser(
        "profile",
        help="learn, keep and show the damage profile of a corpus",
        description="A damage profile counts which misreadings an OCR engine makes and how "
        "often (say, å printed where the text said ä, 40 times in 43). Learn one per corpus "
        "(one engine and model), keep it, and repair every file of the corpus with "
        "'ocrfix repair --profile PROFILE'.",
    )
    profile_commands = profile.add_subparsers(dest="profile_command", required=True,
                                              metavar="COMMAND")
    learn = profile_commands.add_parser(
        "learn",
        help="learn one damage profile from the files of a corpus",
        description="Read each PATH that is a file, and the files of each that is a "
        f"directory and of its subdirectories (those named {DEFAULT_GLOB} unless --glob "
        "says otherwise), as 'ocrfix repair' reads them; repair their encoding and layout "
        "first, then count the misreadings the word stage finds, and write their sum, the "
        "corpus's profile, as JSON to PROFILE "
        "(- for standard output). What it holds (where it was learned, its commonest "
        "misreadings) is printed on standard error. A file that cannot be read is "
        "reported and the others go on; the exit status is then 2.",
    )
    learn.add_argument("paths", nargs="+", metavar="PATH",
                       help="a file, or a directory searched for files")
    learn.add_argument("-o", "--output", required=True, metavar="PROFILE",
                       help="where to write the profile (JSON; - for standard output)")
    learn.add_argument(
        "--glob", action="append", metavar="PATTERN",
        help=f"in a directory, read the files whose names match PATTERN (default "
        f"{DEFAULT_GLOB}; give it again for more patterns)",
    )
    learn.add_argument(
        "--sample", type=_positive, metavar="N",
        help="learn from N of the files, chosen at random (for a large corpus)",
    )
    learn.add_argument("--seed", type=int, default=0, metavar="S",
                       help="the seed of --sample: the same seed chooses the same files "
                       "(default 0)")
    learn.add_argument(
        "--encoding", default="auto", type=_encoding, metavar="NAME",
        help="how the files are encoded (default: auto, as for 'ocrfix repair')",
    )
    learn.set_defaults(run=_profile_learn, context_model=None, profile=None)
    show = profile_commands.add_parser(
        "show",
        help="print a damage profile as text",
        description="Print where each PROFILE was learned and its commonest misreadings: "
        "the text printed, the letters the text meant, how often (count) and as a share of "
        "those letters (rate). - reads standard input; the name 'packaged' is the prior "
        "profile that ships with ocrfix (Tesseract 5's English and Swedish models).",
    )
    show.add_argument("profiles", nargs="+", metavar="PROFILE")
    show.add_argument("-n", "--top", type=_positive, default=PROFILE_ROWS, metavar="N",
                      help=f"print the N commonest misreadings (default {PROFILE_ROWS})")
    show.set_defaults(run=_profile_show)

    _add_file_command(
        commands,
        "detect",
        _detect,
        help="report damage without changing anything",
        description="Print one line per problem found in each FILE (standard input if "
        "none, or for -): FILE:LINE:COL: kind: text (detail).",
    )
    diff = _add_file_command(
        commands,
        "diff",
        _diff,
        help="show the changes repair would make",
        description="Print each FILE (standard input if none, or for -) with the changes "
        "'ocrfix repair' would make marked: the text before in red and struck through and "
        "the text after in green on a terminal, [-before-]{+after+} (as git diff "
        "--word-diff=plain) otherwise. The exit status is 0 whether or not anything changes.",
    )
    diff.add_argument(
        "--color", "--colour",
        choices=COLOR_CHOICES,
        default="auto",
        metavar="WHEN",
        help="colour the changes: auto (on a terminal, unless NO_COLOR is set; the "
        "default), always or never",
    )
    diff.add_argument(
        "--context-model",
        metavar="MODEL",
        help="decide confusable words with MODEL, as 'ocrfix repair --context-model' does",
    )
    diff.add_argument(
        "--profile",
        metavar="PROFILE",
        help="repair with the damage profile PROFILE, as 'ocrfix repair --profile' does",
    )
    diff.add_argument(
        "--modernize",
        action="store_true",
        help="show the spelling of before 1906 rewritten too, as 'ocrfix repair --modernize' does",
    )
    return parser


def _in_place_arguments(argv: Sequence[str]) -> list[str]:
    """
    ``argv`` with a bare ``--in-place`` (after ``repair``) written ``--in-place=``.

    ``--in-place`` takes an optional suffix, which, as for ``sed --in-place[=SUFFIX]``,
    must be joined to it with ``=``: ``ocrfix repair --in-place a.txt`` rewrites a.txt, it
    does not take ``a.txt`` for the suffix. (argparse alone would take it.)
    """
    arguments = list(argv)
    if "repair" not in arguments:
        return arguments
    for index in range(arguments.index("repair") + 1, len(arguments)):
        argument = arguments[index]
        if argument == "--":
            break
        if argument.startswith("--i") and "--in-place".startswith(argument):
            arguments[index] = argument + "="
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ocrfix`` command and return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(_in_place_arguments(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version and usage errors
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        status: int = args.run(args)
        return status
    except BrokenPipeError:
        # The reader went away (ocrfix repair big.txt | head). Stop quietly,
        # and point stdout at /dev/null so that Python's final flush does
        # not complain either.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
