"""
What `ocrfix repair --in-place[=SUFFIX]` keeps of the file it rewrites.

The repaired text goes to a new file that is renamed over the old one, so the new file has
to be given the old one's owner, group and permission bits (the owner and group as far as
the user may: root always; others keep their own files' group when they are in it). The
backup (a hard link, or else a copy) keeps them too. A symbolic link is followed: the file
it points to is rewritten (and backed up beside itself) and the link stays. Other hard links
to the file keep the old text (documented in docs/cli.md).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

import ocrfix
from ocrfix import cli_tree
from ocrfix.cli import _write_all, main

OCR_TEXT = "Parterna var 6verens om att fullf6lja planen.\n"
REPAIRED = ocrfix.repair(OCR_TEXT)
OTHER_ID = 12345  # a user and group id no account here has

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not IS_ROOT, reason="giving a file another user's owner and group needs root"
)


def owner_and_mode(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)


def make_page(path: Path, mode: int, owner: tuple[int, int] | None = None) -> os.stat_result:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OCR_TEXT, encoding="utf-8")
    if owner is not None:
        os.chown(path, *owner)
    path.chmod(mode)  # after chown, which clears the set-user-ID bit
    return path.stat()


@needs_root
@pytest.mark.parametrize("mode", [0o640, 0o6750], ids=["rw-r-----", "setuid-setgid"])
def test_in_place_keeps_the_owner_group_and_mode_of_a_file(tmp_path: Path, mode: int) -> None:
    page = tmp_path / "sida.txt"
    old = make_page(page, mode, owner=(OTHER_ID, OTHER_ID))
    assert main(["repair", "--in-place=.orig", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == REPAIRED
    assert page.stat().st_ino != old.st_ino  # a new file, renamed over the old one
    assert owner_and_mode(page) == (OTHER_ID, OTHER_ID, mode)
    backup = tmp_path / "sida.txt.orig"  # the original itself (a hard link)
    assert backup.read_text(encoding="utf-8") == OCR_TEXT
    assert backup.stat().st_ino == old.st_ino
    assert owner_and_mode(backup) == (OTHER_ID, OTHER_ID, mode)


@needs_root
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_keeps_owners_and_modes_in_a_directory(tmp_path: Path, jobs: str) -> None:
    root = tmp_path / "in"
    kinds = {  # name: (uid, gid, mode)
        "a.txt": (OTHER_ID, OTHER_ID, 0o600),
        "sub/b.txt": (OTHER_ID, 0, 0o644),
        "sub/c.txt": (0, OTHER_ID, 0o664),
    }
    for name, (uid, gid, mode) in kinds.items():
        make_page(root / name, mode, owner=(uid, gid))
    assert main(["repair", str(root), "--in-place=.bak", "-j", jobs]) == 0
    for name, kept in kinds.items():
        assert (root / name).read_text(encoding="utf-8") == REPAIRED
        assert owner_and_mode(root / name) == kept
        assert owner_and_mode(root / f"{name}.bak") == kept


@needs_root
def test_a_backup_made_by_copying_keeps_the_owner_group_mode_and_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "sida.txt"
    old = make_page(page, 0o6640, owner=(OTHER_ID, OTHER_ID))

    def no_link(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # as on a FAT file system

    copying: list[int] = []
    real_copyfileobj = shutil.copyfileobj

    def copyfileobj(source: BinaryIO, target: BinaryIO) -> None:
        copying.append(stat.S_IMODE(os.fstat(target.fileno()).st_mode))
        real_copyfileobj(source, target)

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(shutil, "copyfileobj", copyfileobj)
    assert main(["repair", "--in-place=.orig", str(page)]) == 0
    assert copying == [0o600]  # no one else could open the copy while it was made
    backup = tmp_path / "sida.txt.orig"
    assert backup.stat().st_ino not in (old.st_ino, page.stat().st_ino)  # a copy
    assert backup.read_text(encoding="utf-8") == OCR_TEXT
    assert owner_and_mode(backup) == (OTHER_ID, OTHER_ID, 0o6640)
    assert backup.stat().st_mtime_ns == old.st_mtime_ns
    assert owner_and_mode(page) == (OTHER_ID, OTHER_ID, 0o6640)


def test_the_new_file_has_its_owner_and_mode_before_the_text_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No one can open the temporary file with wider permissions and read the text later."""
    page = tmp_path / "hemlig.txt"
    make_page(page, 0o600, owner=(OTHER_ID, OTHER_ID) if IS_ROOT else None)
    seen: list[tuple[int, int, int]] = []
    real_open = os.open
    created: list[int] = []

    def write_all(handle: BinaryIO, data: bytes) -> None:
        info = os.fstat(handle.fileno())
        seen.append((info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)))
        _write_all(handle, data)

    def open_(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if path.endswith(cli_tree.TEMP_SUFFIX):
            created.append(mode)
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_tree, "_write_all", write_all)
    monkeypatch.setattr(os, "open", open_)
    assert cli_tree.rewrite_in_place(str(page), REPAIRED.encode(), "") is True
    assert created == [0o600]  # created private, whatever the umask
    assert seen == [owner_and_mode(page)]
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_without_the_right_to_chown_the_group_is_tried_then_the_mode_still_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    As a user who is not root: the owner cannot be given, the group only if one is in it.
    The permission bits are always set, but not set-user-ID (set-group-ID) for a file whose
    owner (group) is not the original's, as the system does when a file changes hands.
    """
    calls: list[tuple[int, int]] = []
    real_fchown = os.fchown
    own_group = os.getegid()

    def fchown(descriptor: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        if uid != -1 or gid != own_group:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_fchown(descriptor, uid, gid)

    monkeypatch.setattr(os, "fchown", fchown)

    def rewritten(like_gid: int) -> tuple[int, int, int]:
        path = tmp_path / f"ny-{like_gid}.txt"
        path.write_bytes(b"")
        like = os.stat_result((stat.S_IFREG | 0o6664, 0, 0, 1, OTHER_ID, like_gid, 0, 0, 0, 0))
        with open(path, "rb+") as handle:
            cli_tree._take_owner_and_mode(handle.fileno(), like)
        return owner_and_mode(path)

    # A group one is in (one's own): kept, and so is set-group-ID; set-user-ID is not.
    assert rewritten(own_group) == (os.geteuid(), own_group, 0o2664)
    assert calls == [(OTHER_ID, own_group), (-1, own_group)]
    # A group one is not in: neither is kept; the rest of the mode is.
    calls.clear()
    assert rewritten(OTHER_ID) == (os.geteuid(), own_group, 0o664)
    assert calls == [(OTHER_ID, OTHER_ID), (-1, OTHER_ID)]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd (Linux)")
def test_a_fault_other_than_a_refusal_to_chown_fails_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "sida.txt"
    make_page(page, 0o644)
    real_fstat = os.fstat

    def fstat(descriptor: int) -> os.stat_result:  # the original seems to be another's
        info = real_fstat(descriptor)
        if os.readlink(f"/proc/self/fd/{descriptor}") != str(page):
            return info
        return os.stat_result((*info[:4], OTHER_ID, OTHER_ID, *info[6:10]))

    def fchown(descriptor: int, uid: int, gid: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fstat", fstat)
    monkeypatch.setattr(os, "fchown", fchown)
    assert main(["repair", "--in-place=.bak", str(page)]) == 2
    assert capsys.readouterr().err == f"ocrfix: {page}: cannot write: Input/output error\n"
    assert page.read_text(encoding="utf-8") == OCR_TEXT
    assert sorted(os.listdir(tmp_path)) == ["sida.txt", "sida.txt.bak"]  # no temporary file


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory another user can reach and write in (pytest's own is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="ocrfix-inplace-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


def rewrite_as(uid: int, gid: int, paths: list[Path], suffix: str) -> int:
    """
    Run :func:`ocrfix.cli_tree.rewrite_in_place` on ``paths`` in a child process that has
    become user ``uid`` (group ``gid``, no other groups): its exit status, 0 when all went
    well. (A forked child, as this interpreter may not be one the user can run.)
    """
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            for path in paths:
                cli_tree.rewrite_in_place(str(path), REPAIRED.encode(), suffix)
            status = 0
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@needs_root
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_user_who_is_not_root_rewrites_others_files_as_their_own(shared_dir: Path) -> None:
    """
    The real thing, as uid/gid 12345: a file of root's (writable by all, in a directory
    12345 may write in) becomes 12345's, with its permission bits; 12345's own file in a
    group 12345 is not in keeps 12345 as owner, and its mode. The backups (hard links) are
    the originals, owners and all.
    """
    others = shared_dir / "roots.txt"
    make_page(others, 0o666, owner=(0, 0))
    own = shared_dir / "egen.txt"
    make_page(own, 0o640, owner=(OTHER_ID, 0))
    assert rewrite_as(OTHER_ID, OTHER_ID, [others, own], ".orig") == 0
    assert others.read_text(encoding="utf-8") == REPAIRED
    assert owner_and_mode(others) == (OTHER_ID, OTHER_ID, 0o666)
    assert owner_and_mode(shared_dir / "roots.txt.orig") == (0, 0, 0o666)
    assert own.read_text(encoding="utf-8") == REPAIRED
    assert owner_and_mode(own) == (OTHER_ID, OTHER_ID, 0o640)
    assert owner_and_mode(shared_dir / "egen.txt.orig") == (OTHER_ID, 0, 0o640)
    assert sorted(os.listdir(shared_dir)) == ["egen.txt", "egen.txt.orig", "roots.txt",
                                              "roots.txt.orig"]


@pytest.mark.parametrize("as_directory", [False, True], ids=["file", "directory"])
def test_a_link_is_followed_and_the_file_it_points_to_keeps_its_mode_and_owner(
    tmp_path: Path, as_directory: bool
) -> None:
    target = tmp_path / "arkiv" / "a.txt"
    make_page(target, 0o640, owner=(OTHER_ID, OTHER_ID) if IS_ROOT else None)
    kept = owner_and_mode(target)
    root = tmp_path / "in"
    root.mkdir()
    link = root / "länk.txt"
    link.symlink_to(os.path.relpath(target, root))
    argument = str(root) if as_directory else str(link)
    assert main(["repair", "--in-place=.orig", argument]) == 0
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, root)
    assert target.read_text(encoding="utf-8") == REPAIRED
    assert owner_and_mode(target) == kept
    backup = tmp_path / "arkiv" / "a.txt.orig"  # beside the file, not the link
    assert backup.read_text(encoding="utf-8") == OCR_TEXT
    assert owner_and_mode(backup) == kept
    assert os.listdir(root) == ["länk.txt"]


def test_other_hard_links_keep_the_old_text(tmp_path: Path) -> None:
    """As with `sed -i`: the file is replaced by a new one, not written through every name."""
    page = tmp_path / "a.txt"
    make_page(page, 0o644)
    other = tmp_path / "b.txt"
    os.link(page, other)
    assert main(["repair", "--in-place", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == REPAIRED
    assert other.read_text(encoding="utf-8") == OCR_TEXT
    assert page.stat().st_ino != other.stat().st_ino
    assert other.stat().st_nlink == 1


def test_a_new_output_has_the_default_permissions(tmp_path: Path) -> None:
    """Outside --in-place (``-o OUTDIR``) nothing is copied: 0o666 less the umask."""
    old_umask = os.umask(0o027)
    try:
        cli_tree._write_atomically(str(tmp_path / "ut.txt"), b"text")
    finally:
        os.umask(old_umask)
    assert owner_and_mode(tmp_path / "ut.txt") == (os.geteuid(), os.getegid(), 0o640)
