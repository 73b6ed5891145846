"""The compiled build (setup.py) behaves as the Python source does.

A wheel is built here, as `pip install .` builds one, with mypyc compiling the word stage;
then this test suite runs again against that wheel, in a new process. The tests here run on
the Python source (an editable install), so every other test checks both.

It needs mypyc (mypy, in the test extra) and a C compiler with Python's headers. Without
them it is skipped, unless OCRFIX_REQUIRE_COMPILED=1 (which .ci/run sets): then a missing
compiler fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import ocrfix

ROOT = Path(__file__).resolve().parent.parent
# What a wheel is built from (what pyproject.toml and setup.py package).
SOURCES = ("ocrfix", "setup.py", "pyproject.toml", "README.md")


def _why_not_buildable() -> str | None:
    try:
        import mypyc  # noqa: F401
    except ImportError:
        return "mypyc is not installed (pip install -e '.[test]')"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "Python's headers (Python.h) are not installed"
    return None


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the compiled wheel's files, to put first on PYTHONPATH."""
    why = _why_not_buildable()
    if why is not None:
        if os.environ.get("OCRFIX_REQUIRE_COMPILED") == "1":
            pytest.fail(f"OCRFIX_REQUIRE_COMPILED=1, but the compiled build cannot be made: {why}")
        pytest.skip(why)
    tmp = tmp_path_factory.mktemp("compiled")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        else:
            shutil.copy2(path, source / name)
    wheels = tmp / "wheels"
    # Without build isolation: the test extra has what the build needs, and no network is used.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(source)],
        capture_output=True, text=True, check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert "ocrfix is installed as pure Python" not in built.stderr, built.stderr[-3000:]
    (wheel,) = wheels.glob("ocrfix-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _python(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site), OCRFIX_REQUIRE_COMPILED="0")
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT / "tests",
        check=False,
    )


def test_the_wheel_runs_the_compiled_word_stage(compiled_site: Path) -> None:
    done = _python(
        compiled_site, "-c",
        "import ocrfix, ocrfix.stages.words as w; print(ocrfix.compiled(), w.__file__)",
    )
    assert done.returncode == 0, done.stderr
    is_compiled, path = done.stdout.split()
    assert is_compiled == "True"
    assert Path(path).is_relative_to(compiled_site) and not path.endswith(".py")


def test_this_process_runs_the_python_source() -> None:
    # The editable install compiles nothing (setup.py): an edit to the source takes effect.
    assert not ocrfix.compiled()


def test_the_compiled_build_passes_the_test_suite(compiled_site: Path) -> None:
    # Only the tests: the package's doctests would import ocrfix from the source tree.
    # The first import (the assert) puts the compiled ocrfix in sys.modules for the rest.
    done = _python(
        compiled_site, "-c",
        "import sys, ocrfix, pytest\n"
        "assert ocrfix.compiled(), ocrfix.__file__\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '--rootdir', sys.argv[1],"
        " '--ignore', sys.argv[2], sys.argv[3]]))",
        str(ROOT), str(Path(__file__)), str(ROOT / "tests"),
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
