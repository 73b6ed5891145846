"""Builds ocrfix, compiling its word stage with mypyc when it can.

Everything else is in pyproject.toml. A wheel (`pip install .`, `pip wheel .`) has the modules
of COMPILED compiled to C extensions by mypyc, about a quarter faster on damaged pages than
the same Python (1.2–1.4× in paired runs: benchmarks/README.md); the Python source stays
beside them. Nothing is compiled, and ocrfix runs as the Python it is, when:

- the install is editable (`pip install -e .`): an extension built in the source tree would
  go on running after its source was edited;
- OCRFIX_PURE is set to anything but "" or "0";
- mypyc or a working C compiler is missing, or the compilation fails: a warning says why, and
  the build goes on without the extensions.

`python -c "import ocrfix; print(ocrfix.compiled())"` tells which an install has.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

from setuptools import Distribution, Extension, setup
from setuptools.command.build_ext import build_ext

# The modules a damaged page spends its time in (the word stage, its damage model, its
# lexicon and candidate index) and the small ones they call in their loops. The public entry
# points (ocrfix/__init__.py, config, pipeline, the CLI) stay Python, so that bad input gets
# ocrfix's own error messages, not a compiled module's type check.
COMPILED = [
    "ocrfix/memo.py",
    "ocrfix/folding.py",
    "ocrfix/channel.py",
    "ocrfix/readings.py",
    "ocrfix/learn.py",
    "ocrfix/profile.py",
    "ocrfix/candidates.py",
    "ocrfix/lexicon.py",
    "ocrfix/tokens.py",
    "ocrfix/registers.py",
    "ocrfix/suspects.py",
    "ocrfix/neighbours.py",
    "ocrfix/historical.py",
    "ocrfix/stages/words.py",
]


def _wanted() -> bool:
    return os.environ.get("OCRFIX_PURE", "") in ("", "0")


def _warn(message: str) -> None:
    print(f"ocrfix: {message}; ocrfix is installed as pure Python", file=sys.stderr)


def _compiler_works(compiler_name: str | None) -> bool:
    """Whether the C compiler the build would use compiles and links a Python extension."""
    from setuptools._distutils.ccompiler import new_compiler
    from setuptools._distutils.sysconfig import customize_compiler, get_python_inc

    compiler = new_compiler(compiler=compiler_name)
    customize_compiler(compiler)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.c"
        source.write_text("#include <Python.h>\nint ocrfix_probe(void) { return 0; }\n")
        try:
            objects = compiler.compile(
                [str(source)], output_dir=tmp, include_dirs=[get_python_inc()]
            )
            compiler.link_shared_object(objects, str(Path(tmp) / "probe.so"))
        except Exception:  # noqa: BLE001 - any failure means: no compiler to use
            return False
    return True


class BuildCompiled(build_ext):
    """build_ext that compiles COMPILED with mypyc, or nothing (see the module)."""

    def finalize_options(self) -> None:
        if self._compiling() and not self.distribution.ext_modules:
            self.distribution.ext_modules = self._mypyc_extensions()
        super().finalize_options()

    def _compiling(self) -> bool:
        """Whether this process builds a wheel or an install (not only its metadata: egg_info
        reads these options too, and mypyc type-checks the package to make the extensions)."""
        building = {"bdist_wheel", "build", "build_ext", "install"}
        return (
            _wanted()
            and not (getattr(self, "editable_mode", False) or self.inplace)
            and bool(building.intersection(self.distribution.commands))
        )

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - fall back, whatever it was
            # Some of the modules may have been built: none is kept, for the compiled ones
            # call each other and must all be there.
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.extensions = []
            _warn(textwrap.shorten(f"compiling failed ({error})", 300))

    def _mypyc_extensions(self) -> list[Extension]:
        try:
            from mypyc.build import mypycify
        except ImportError:
            _warn("mypyc (from mypy) is not installed")
            return []
        if not _compiler_works(self.compiler):
            _warn("no working C compiler (with Python's headers) was found")
            return []
        try:
            # The build has none of ocrfix's dependencies installed: what they are is not
            # needed to compile the calls to them.
            return list(mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3"))
        except (Exception, SystemExit) as error:  # noqa: BLE001 - fall back, whatever it was
            _warn(textwrap.shorten(f"mypyc failed ({error})", 300))
            return []

class BinaryDistribution(Distribution):
    """A distribution that may have extension modules: build_ext is run, and decides."""

    def has_ext_modules(self) -> bool:
        return _wanted()


setup(cmdclass={"build_ext": BuildCompiled}, distclass=BinaryDistribution)
