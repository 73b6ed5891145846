"""What benchmarks/speed.py says beside its figures."""

from __future__ import annotations

import py_compile

from benchmark_modules import load

speed = load("speed")


def test_the_cold_start_says_whether_a_module_s_bytecode_is_cached(tmp_path):
    module = tmp_path / "ocrfix" / "__init__.py"
    module.parent.mkdir()
    module.write_text("VERSION = 1\n", encoding="utf-8")
    assert speed.bytecode_cached(str(module)) is False
    py_compile.compile(str(module), doraise=True)  # where the import system caches it
    assert speed.bytecode_cached(str(module)) is True


def test_the_header_says_whether_the_install_measured_is_compiled():
    assert "compiled by mypyc" in speed.build_description(True)
    assert "pure Python" in speed.build_description(False)
    assert "compiled" not in speed.build_description(False)
