"""The Hunspell expansion the lexicon build relies on, on a tiny dictionary of our own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lexicon"))
import hunspell_affixes as h  # noqa: E402

AFF = """\
SET UTF-8
NEEDAFFIX ¤
FORBIDDENWORD %
COMPOUNDPERMITFLAG W
COMPOUNDBEGIN X
COMPOUNDMIDDLE U
COMPOUNDEND Y
ONLYINCOMPOUND Z

# Plural as in stol: stolar
SFX G Y 1
SFX G 0 ar [^ae]

# Definite as in myra: myran
SFX E Y 1
SFX E 0 n [^m]

# Linking -s- as in pension: pensions-
SFX v N 2
SFX v a s/WXZ a
SFX v 0 s/WXZ [^a]

# Linking vowel change as in vecka: vecko-
SFX x N 1
SFX x a o/WXZ a
"""

DIC = """\
6
stol/GXY
pension/vY
vecka/ExY
rätt/Y
antigen/¤G
fel/%
"""


@pytest.fixture()
def forms(tmp_path: Path) -> dict[str, int]:
    (tmp_path / "t.aff").write_text(AFF, encoding="utf-8")
    (tmp_path / "t.dic").write_text(DIC, encoding="utf-8")
    return h.expand(h.parse_aff(tmp_path / "t.aff"), h.parse_dic(tmp_path / "t.dic"))


def test_inflections_are_standalone_and_inherit_compound_end(forms):
    assert forms["stol"] == h.STANDALONE | h.BEGIN | h.END
    assert forms["stolar"] == h.STANDALONE | h.END
    assert forms["veckan"] == h.STANDALONE | h.END


def test_linking_forms_only_begin_compounds(forms):
    assert forms["pensions"] == h.BEGIN
    assert forms["vecko"] == h.BEGIN


def test_conditions_are_respected(forms):
    # `x` strips a final -a: `vecka` → `vecko`; `v` adds -s after a consonant only.
    assert "pensionas" not in forms
    assert "veckaar" not in forms


def test_needaffix_and_forbidden(forms):
    assert "antigen" not in forms  # needs an affix to be a word
    assert forms["antigenar"] & h.STANDALONE
    assert "fel" not in forms


def test_stems_with_spaces_and_no_flags(tmp_path):
    (tmp_path / "t.dic").write_text("2\nBoda Borg/A\nca\n", encoding="utf-8")
    assert h.parse_dic(tmp_path / "t.dic") == [("Boda Borg", "A"), ("ca", "")]
