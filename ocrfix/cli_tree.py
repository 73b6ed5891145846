"""``ocrfix repair DIR -o OUTDIR``: a directory tree of files, repaired into another.

The command line's directory mode (see :mod:`ocrfix.cli` for the options): which files are
taken, how each output is written atomically, how ``--resume``, ``--report`` and the
progress bar work, and how files are shared out among worker processes
(:mod:`ocrfix.bulk`). Kept apart from :mod:`ocrfix.cli` because only a directory needs it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import errno
import fnmatch
import functools
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import ocrfix
from ocrfix import bulk
from ocrfix.cli import (
    DEFAULT_GLOB,
    EXIT_ERROR,
    EXIT_OK,
    PROG,
    _decode,
    _edit_lines,
    _error,
    _write_all,
)
from ocrfix.config import IMPLEMENTED_STAGES

# -- a directory: ocrfix repair DIR -o OUTDIR -------------------------------------------------

#: An output is written to ``.NAME.XXXXXXXX.ocrfix-tmp`` beside it, then renamed to NAME.
TEMP_SUFFIX = ".ocrfix-tmp"
#: Files to a task: a page of OCR takes milliseconds to repair, and each task costs its
#: sending to a worker and back.
TREE_CHUNKSIZE = 4
#: Tasks in flight per process: enough that a long file at the head of the (ordered) results
#: does not leave the other processes idle (32 files).
TREE_WINDOW_PER_PROCESS = 8

DIR_NEEDS_OUTPUT_TEXT = (
    "{name}: is a directory; write its repaired files to another directory with -o OUTDIR"
)
OUTDIR_INSIDE_TEXT = (
    "{out}: is {name} or inside it; the output directory must be outside {name}"
)
OUTDIR_NOT_DIR_TEXT = "{out}: exists and is not a directory; -o needs a directory for {name}"
NO_FILES_TEXT = "{name}: no files match {patterns}; nothing to repair"
FILE_IS_INPUT_TEXT = (
    "{name}: is one of the files to repair or their outputs; write it somewhere else"
)
BROKEN_POOL_TEXT = "a worker process stopped unexpectedly ({reason}); {count} files not repaired"
_OUTPUT_IN_INPUT_REASON = "its output {target} would be inside {root}; not written"
_WRITE_REASON = "cannot write {target}: {reason}"
_INTERNAL_REASON = "internal error, please report it: {kind}: {message}"
_NOT_REGULAR_REASON = "not a regular file; not read"
_SAME_FILE_REASON = "the same file as {first}; repaired once"
_BACKUP_IS_INPUT_REASON = "its backup {backup} would be one of the files to repair; not changed"
STALE_TEMP_TEXT = "removed {count} temporary file{s} left by an interrupted run"

OK, SKIPPED, FAILED = "ok", "skipped", "failed"


@dataclass(frozen=True, slots=True)
class _TreeOptions:
    """How the worker processes repair each file (sent to them with each file)."""

    config: ocrfix.Config
    encoding: str
    explain: bool  # run ocrfix.explain, to count the edits by stage
    records: bool  # and send back the edits as JSON lines (--explain, --edits)
    in_place: str | None = None  # --in-place: the backup suffix ("": none); None: -o OUTDIR


@dataclass(frozen=True, slots=True)
class _FileOutcome:
    """What became of one input file; ``problem`` and ``notice`` are without its name."""

    source: str
    target: str
    status: str
    problem: str | None = None
    notice: str | None = None
    characters: int | None = None
    encoding: str | None = None
    edits: dict[str, int] | None = None
    records: tuple[str, ...] = ()

    def report(self) -> dict[str, Any]:
        """The line of ``--report`` for this file."""
        return {
            "input": self.source,
            "output": self.target,
            "status": self.status,
            "error": self.problem,
            "characters": self.characters,
            "encoding": self.encoding,
            "edits": self.edits,
        }


def _inside(path: str, directory: str) -> bool:
    """Whether the real path ``path`` is ``directory`` or inside it (both real paths)."""
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:  # on different drives (Windows)
        return False


def _temp_name(target: str) -> str:
    directory, name = os.path.split(target)
    # Keep the name short of NAME_MAX (255) with the prefix and suffix added.
    return os.path.join(directory, f".{name[:200]}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def _is_temp_of(entry: str, target: str) -> bool:
    name = os.path.basename(target)[:200]
    return (
        entry.startswith(f".{name}.")
        and entry.endswith(TEMP_SUFFIX)
        and len(entry) == len(name) + 2 + 8 + len(TEMP_SUFFIX)
    )


def _write_atomically(target: str, data: bytes, like: os.stat_result | None = None) -> None:
    """
    Write ``data`` to ``target`` so that ``target`` is either absent (or as it was) or whole.

    The data go to a new temporary file in the same directory, are flushed to the disk
    (fsync, so that a crash cannot leave an empty file under the final name), and the file
    is renamed over ``target`` (:func:`os.replace`, atomic on POSIX). On an error the
    temporary file is removed. A symbolic link at ``target`` is replaced, not written through.
    ``like``, if given, is the status of the file being replaced: the new file is given its
    owner, group and permission bits (:func:`_take_owner_and_mode`) before any data are
    written, and is created readable by its creator only until then. Without ``like`` the
    new file has permissions 0o666 less the umask.
    """
    directory = os.path.dirname(target)
    if directory:
        os.makedirs(directory, exist_ok=True)
    while True:
        temp = _temp_name(target)
        try:
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 0o666 if like is None else 0o600)
            break
        except FileExistsError:  # pragma: no cover - 32 random bits taken
            continue
    with _replacing(temp, target), os.fdopen(descriptor, "wb") as handle:
        if like is not None:
            _take_owner_and_mode(handle.fileno(), like)
        _write_all(handle, data)
        handle.flush()
        os.fsync(handle.fileno())


#: What :func:`os.fchown` fails with when the owner cannot be given, rather than on a fault:
#: not permitted (not root; a group one is not in), an id the system cannot map (a user
#: namespace), or a file system without owners.
_CHOWN_REFUSED = frozenset(
    code for code in (errno.EPERM, errno.EACCES, errno.EINVAL,
                      getattr(errno, "ENOTSUP", None), getattr(errno, "EOPNOTSUPP", None))
    if code is not None
)


def _take_owner_and_mode(descriptor: int, like: os.stat_result) -> None:
    """
    Give the open file ``descriptor`` the owner, group and permission bits of ``like``.

    As ``sed -i`` does: the owner and group where permitted, else the group alone, else
    neither (a user who is not root makes the file their own; that is the most they can
    do). The permission bits are always set, after the owner (a change of owner clears
    the set-user-ID bit), except that set-user-ID is not given to a file whose owner is
    not ``like``'s, nor set-group-ID to one whose group is not, as the system itself does
    when such a file changes hands. An error other than a refusal is raised.
    """
    mode = stat.S_IMODE(like.st_mode)
    if sys.platform != "win32":  # no owners to keep on Windows
        have = os.fstat(descriptor)
        if (have.st_uid, have.st_gid) != (like.st_uid, like.st_gid):
            for uid in (like.st_uid, -1):  # the owner and group, or the group alone
                try:
                    os.fchown(descriptor, uid, like.st_gid)
                    break
                except OSError as exc:
                    if exc.errno not in _CHOWN_REFUSED:
                        raise
            have = os.fstat(descriptor)
            if have.st_uid != like.st_uid:
                mode &= ~stat.S_ISUID
            if have.st_gid != like.st_gid:
                mode &= ~stat.S_ISGID
    os.fchmod(descriptor, mode)


@contextlib.contextmanager
def _replacing(temp: str, target: str) -> Iterator[None]:
    """Rename the file ``temp`` over ``target`` when the block ends well, remove it when not."""
    try:
        yield
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _backup(path: str, backup: str, like: os.stat_result) -> None:
    """
    Make ``backup`` a copy of ``path`` (whose status is ``like``; replacing any file of that
    name) before ``path`` is rewritten: a hard link to the same file where the file system
    allows it (so the backup is the original itself, with its owner, times and permissions),
    else a copy with its times and extended attributes (:func:`shutil.copystat`) and its
    owner, group and permissions (:func:`_take_owner_and_mode`), flushed to the disk. Either
    is made under a temporary name and renamed, so ``backup`` is whole or as it was.
    """
    temp = _temp_name(backup)
    with _replacing(temp, backup):
        try:
            os.link(path, temp)
        except OSError:  # no hard links here (some network and FAT file systems)
            # Private until the copy is whole and has the original's owner and permissions.
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle, open(path, "rb") as original:
                shutil.copyfileobj(original, handle)
                handle.flush()
                shutil.copystat(path, temp)  # the times and extended attributes
                _take_owner_and_mode(handle.fileno(), like)
                os.fsync(handle.fileno())


def rewrite_in_place(path: str, data: bytes, suffix: str) -> bool:
    """
    Replace the file ``path`` with ``data`` for ``--in-place[=SUFFIX]``; whether it was written.

    A file that already holds ``data`` is left alone (no backup, same time stamps). Else,
    with a ``suffix``, ``path + suffix`` is made a backup of the file first (:func:`_backup`);
    then ``data`` is written atomically (:func:`_write_atomically`) with the file's owner,
    group and permission bits (as far as permitted: :func:`_take_owner_and_mode`). So at
    every moment ``path`` is either the whole old file or the whole new one, and the backup
    exists before the old file is replaced. The new file is a new inode: other hard links
    to the old one keep the old text. ``path`` must be a real path (a symbolic link would be
    replaced by a file: the callers resolve links first, so that the file a link points to
    is rewritten and the link stays).
    """
    with open(path, "rb") as handle:
        if handle.read() == data:
            return False
        like = os.fstat(handle.fileno())
    if suffix:
        _backup(path, path + suffix, like)
    _write_atomically(path, data, like=like)
    return True


def _repair_file(options: _TreeOptions, job: tuple[str, str]) -> _FileOutcome:
    """
    Read, repair and write one file of a tree (run in a worker process).

    Every failure is returned as the outcome's ``problem``, none raised, so that one bad
    file does not stop the others: one the user can act on (a file that cannot be read or
    decoded, an output that cannot be written) in its own words, any other (a bug, or
    memory running out) as an internal error.
    """
    try:
        return _repair_file_or_raise(options, job)
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the others
        problem = _INTERNAL_REASON.format(kind=type(exc).__name__, message=exc)
        return _FileOutcome(job[0], job[1], FAILED, problem=problem)


def _repair_file_or_raise(options: _TreeOptions, job: tuple[str, str]) -> _FileOutcome:
    source, target = job
    try:
        # Opened without blocking, so that a FIFO (which would wait for a writer) is refused.
        descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # a FIFO would block
                return _FileOutcome(source, target, FAILED, problem=_NOT_REGULAR_REASON)
            data = handle.read()
    except OSError as exc:
        return _FileOutcome(source, target, FAILED, problem=exc.strerror or str(exc))
    decoded = _decode(data, options.encoding)
    if decoded.text is None:
        return _FileOutcome(source, target, FAILED, problem=decoded.problem)
    text = decoded.text
    edits: dict[str, int] | None = None
    records: tuple[str, ...] = ()
    if options.explain:
        result = ocrfix.explain(text, options.config)
        repaired = result.text
        edits = dict.fromkeys(IMPLEMENTED_STAGES, 0)
        for edit in result.edits:
            edits[edit.stage] = edits.get(edit.stage, 0) + 1
        if options.records:
            records = tuple(_edit_lines(source, text, result.edits))
    else:
        repaired = ocrfix.repair(text, options.config)
    try:
        if options.in_place is not None:
            rewrite_in_place(target, repaired.encode("utf-8"), options.in_place)
        else:
            _write_atomically(target, repaired.encode("utf-8"))
    except OSError as exc:
        problem = _WRITE_REASON.format(target=target, reason=exc.strerror or exc)
        return _FileOutcome(source, target, FAILED, problem=problem, notice=decoded.notice,
                            characters=len(text), encoding=decoded.encoding)
    return _FileOutcome(source, target, OK, notice=decoded.notice, characters=len(text),
                        encoding=decoded.encoding, edits=edits, records=records)


def _tree_files(root: str, patterns: Sequence[str]) -> tuple[list[str], list[str]]:
    """
    The files under ``root`` whose names match one of ``patterns``, as paths relative to
    ``root`` in a stable order (each directory's files by name, then its subdirectories by
    name); and a message for each directory that could not be listed.

    Symbolic links to files are files; links to directories are not followed.
    """
    found: list[str] = []
    problems: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: {exc.strerror or exc}")

    for directory, subdirectories, names in os.walk(root, onerror=unreadable):
        subdirectories.sort()
        for name in sorted(names):
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                continue
            if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
                found.append(os.path.relpath(os.path.join(directory, name), root))
    return found, problems


def _remove_temp_files(targets: Sequence[str]) -> int:
    """
    Remove the temporary files that (terminated) workers may have left for ``targets``, and
    return how many: those named as :func:`_temp_name` names them for one of ``targets``, and
    no others.
    """
    removed = 0
    by_directory: dict[str, list[str]] = collections.defaultdict(list)
    for target in targets:
        by_directory[os.path.dirname(target) or "."].append(target)
    for directory, group in by_directory.items():
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(TEMP_SUFFIX) and any(_is_temp_of(entry, t) for t in group):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(directory, entry))
                    removed += 1
    return removed


class _Messages:
    """Lines for standard error, written past the progress bar when there is one."""

    def __init__(self, total_bytes: int | None) -> None:
        self.bar: Any = None
        if total_bytes is not None:
            from tqdm import tqdm

            class _Bar(tqdm):  # type: ignore[type-arg]
                monitor_interval = 0  # no monitor thread: worker processes may be forked

            self.bar = _Bar(
                total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024,
                desc=PROG, file=sys.stderr, dynamic_ncols=True,
            )

    def error(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(f"{PROG}: {message}", file=sys.stderr)
        else:
            _error(message)

    def advance(self, size: int, counts: collections.Counter[str]) -> None:
        if self.bar is not None:
            self.bar.set_postfix(
                {status: counts[status] for status in (OK, SKIPPED, FAILED)}, refresh=False
            )
            self.bar.update(size)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _open_log(path: str) -> TextIO | str:
    """``path`` opened for writing JSON lines, or the message why not."""
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"


def _plan_in_place(root: str, files: Sequence[str],
                   suffix: str) -> list[_FileOutcome | tuple[str, str]]:
    """
    What ``ocrfix repair DIR --in-place[=SUFFIX]`` does with each file: a job (the file, and
    the real file to rewrite) or an outcome already known.

    A file reached twice (through a link) is repaired once; a file whose backup would be
    another of the files to repair is not changed.
    """
    reals = [os.path.realpath(os.path.join(root, relative)) for relative in files]
    all_reals = set(reals)
    first: dict[str, str] = {}
    plan: list[_FileOutcome | tuple[str, str]] = []
    for relative, real in zip(files, reals):
        source = os.path.join(root, relative)
        if real in first:
            notice = _SAME_FILE_REASON.format(first=first[real])
            plan.append(_FileOutcome(source, real, SKIPPED, notice=notice))
        elif suffix and real + suffix in all_reals:
            reason = _BACKUP_IS_INPUT_REASON.format(backup=real + suffix)
            plan.append(_FileOutcome(source, real, FAILED, problem=reason))
        else:  # a link is followed: the file it points to is rewritten, the link stays
            first[real] = source
            plan.append((source, real if os.path.islink(source) else source))
    return plan


def repair_tree(args: argparse.Namespace, config: ocrfix.Config, root: str) -> int:
    """
    ``ocrfix repair DIR -o OUTDIR``: repair each matching file of DIR into OUTDIR; or, with
    ``--in-place[=SUFFIX]``, each matching file of DIR in place (files whose names end in
    SUFFIX are backups, and left alone).
    """
    from concurrent.futures.process import BrokenProcessPool

    in_place: str | None = args.in_place
    out: str | None = args.output
    root_real = os.path.realpath(root)
    if in_place is None:
        if out is None or out == "-":
            _error(DIR_NEEDS_OUTPUT_TEXT.format(name=root))
            return EXIT_ERROR
        out_real = os.path.realpath(out)
        if _inside(out_real, root_real):
            _error(OUTDIR_INSIDE_TEXT.format(out=out, name=root))
            return EXIT_ERROR
        if os.path.lexists(out) and not os.path.isdir(out):
            _error(OUTDIR_NOT_DIR_TEXT.format(out=out, name=root))
            return EXIT_ERROR
    patterns: list[str] = args.glob or [DEFAULT_GLOB]
    files, problems = _tree_files(root, patterns)
    if in_place:
        files = [relative for relative in files if not relative.endswith(in_place)]
    status = EXIT_ERROR if problems else EXIT_OK
    for problem in problems:
        _error(problem)
    if not files:
        _error(NO_FILES_TEXT.format(name=root, patterns=" or ".join(map(repr, patterns))))
        return status
    taken: set[str] = set()  # the inputs, outputs and backups of this run, as real paths
    for relative in files:
        source = os.path.realpath(os.path.join(root, relative))
        taken.add(source)
        if in_place:
            taken.add(source + in_place)
        if out is not None and in_place is None:
            taken.add(os.path.realpath(os.path.join(out, relative)))
    for path in (args.report, args.edits):
        if path is not None and os.path.realpath(path) in taken:
            _error(FILE_IS_INPUT_TEXT.format(name=path))
            return EXIT_ERROR

    plan: list[_FileOutcome | tuple[str, str]]
    if in_place is not None:
        plan = _plan_in_place(root, files, in_place)
    else:
        assert out is not None
        try:
            os.makedirs(out, exist_ok=True)
        except OSError as exc:
            _error(f"{out}: {exc.strerror or exc}")
            return EXIT_ERROR
        # DIR inside OUTDIR (`ocrfix repair scans -o .`): no output may land inside DIR.
        guard = _inside(root_real, os.path.realpath(out))
        plan = []
        for relative in files:
            source, target = os.path.join(root, relative), os.path.join(out, relative)
            if guard and _inside(os.path.realpath(target), root_real):
                reason = _OUTPUT_IN_INPUT_REASON.format(target=target, root=root)
                plan.append(_FileOutcome(source, target, FAILED, problem=reason))
            elif args.resume and os.path.isfile(target):
                plan.append(_FileOutcome(source, target, SKIPPED))
            else:
                plan.append((source, target))
    todo = [entry for entry in plan if isinstance(entry, tuple)]

    # The temporary files a run killed outright left beside these outputs (and backups) are
    # of no use to anyone: remove them before starting. Only names of our own pattern for a
    # file of this run are touched.
    targets = [entry[1] if isinstance(entry, tuple) else entry.target for entry in plan]
    if in_place:
        targets += [target + in_place for target in targets]
    stale = _remove_temp_files(targets)
    if stale:
        _error(STALE_TEMP_TEXT.format(count=stale, s="" if stale == 1 else "s"))

    explaining = args.explain or args.edits is not None
    logs: list[TextIO] = []
    report: TextIO | None = None
    edits_out: TextIO | None = sys.stderr if explaining else None
    for path, is_report in ((args.report, True), (args.edits, False)):
        if path is None:
            continue
        opened = _open_log(path)
        if isinstance(opened, str):
            for log in logs:
                log.close()
            _error(opened)
            return EXIT_ERROR
        logs.append(opened)
        if is_report:
            report = opened
        else:
            edits_out = opened

    show_progress = not args.explain and sys.stderr.isatty()
    total_bytes = None
    if show_progress:
        total_bytes = sum(
            _size(entry.source if isinstance(entry, _FileOutcome) else entry[0]) for entry in plan
        )
    messages = _Messages(total_bytes)
    options = _TreeOptions(config, args.encoding, explain=explaining or report is not None,
                           records=explaining, in_place=in_place)
    processes = min(bulk.resolve_processes(args.jobs), max(1, len(todo)))
    results = bulk.parallel_imap(
        functools.partial(_repair_file, options), todo, processes=processes,
        chunksize=TREE_CHUNKSIZE, window=TREE_WINDOW_PER_PROCESS * processes, config=config,
    )
    counts: collections.Counter[str] = collections.Counter()
    position = 0
    finished = False
    try:
        for position, entry in enumerate(plan):
            outcome = entry if isinstance(entry, _FileOutcome) else next(results)
            counts[outcome.status] += 1
            for said in (outcome.notice, outcome.problem):
                if said is not None:
                    messages.error(f"{outcome.source}: {said}")
            if edits_out is not None and outcome.records:
                edits_out.writelines(outcome.records)
                edits_out.flush()
            if report is not None:
                report.write(json.dumps(outcome.report(), ensure_ascii=False) + "\n")
                report.flush()
            messages.advance(_size(outcome.source) if messages.bar is not None else 0, counts)
        finished = True
    except BrokenProcessPool as exc:
        left = sum(1 for entry in plan[position:] if isinstance(entry, tuple))
        messages.error(BROKEN_POOL_TEXT.format(reason=exc, count=left))
        counts[FAILED] += 1
    finally:
        results.close()  # on an interruption: terminates the workers and waits for them
        if not finished:
            unfinished = [entry[1] for entry in plan[position:] if isinstance(entry, tuple)]
            _remove_temp_files(unfinished + [f"{t}{in_place}" for t in unfinished if in_place])
        messages.close()
        for log in logs:
            log.close()
    return EXIT_ERROR if counts[FAILED] else status


