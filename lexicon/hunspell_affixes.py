"""Expand a Hunspell dictionary (.dic + .aff) into word forms with compound roles.

Hunspell stores a stem once with flags naming the affix rules that inflect it; a spell-checker
applies them on the fly. We need the opposite: every form written out, each with the roles it
may take in a Swedish compound (first part, middle part, last part), because ocrfix's compound
analysis works on forms. The Swedish .aff encodes the linking forms (`pension` → `pensions-`,
`vecka` → `vecko-`, `flicka` → `flick-`) as suffix rules whose continuation flags are the
compound flags, so expanding the rules yields exactly the linking forms Swedish uses.

Only what the Swedish dictionary uses is implemented: single-character flags, suffixes with
one level of continuation flags, prefixes (none in sv_SE today) and NEEDAFFIX / FORBIDDENWORD /
ONLYINCOMPOUND / COMPOUNDBEGIN / COMPOUNDMIDDLE / COMPOUNDEND / COMPOUNDPERMITFLAG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Role bits of a form (the same bits ocrfix.lexicon stores).
STANDALONE = 1
BEGIN = 2
MIDDLE = 4
END = 8


@dataclass
class AffixRule:
    strip: str
    add: str
    flags: str
    condition: re.Pattern[str]


@dataclass
class Affix:
    kind: str  # "SFX" or "PFX"; sv_SE has no prefixes, and cross products go unused
    rules: list[AffixRule] = field(default_factory=list)


@dataclass
class AffFile:
    affixes: dict[str, Affix]
    special: dict[str, str]  # directive name -> flag, e.g. "COMPOUNDBEGIN" -> "X"


_SPECIAL_DIRECTIVES = (
    "NEEDAFFIX",
    "FORBIDDENWORD",
    "ONLYINCOMPOUND",
    "COMPOUNDBEGIN",
    "COMPOUNDMIDDLE",
    "COMPOUNDEND",
    "COMPOUNDPERMITFLAG",
    "COMPOUNDFLAG",
    "FLAG",
)


def parse_aff(path: Path) -> AffFile:
    affixes: dict[str, Affix] = {}
    special: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        head = parts[0]
        if head in _SPECIAL_DIRECTIVES and len(parts) >= 2:
            special[head] = parts[1]
        elif head in ("SFX", "PFX"):
            flag = parts[1]
            if flag not in affixes and len(parts) == 4 and parts[3].isdigit():
                affixes[flag] = Affix(head)
                continue
            strip, add_and_flags, cond = parts[2], parts[3], parts[4] if len(parts) > 4 else "."
            add, _, flags = add_and_flags.partition("/")
            strip = "" if strip == "0" else strip
            add = "" if add == "0" else add
            pattern = (cond + "$") if head == "SFX" else ("^" + cond)
            affixes[flag].rules.append(AffixRule(strip, add, flags, re.compile(pattern)))
    if special.get("FLAG", "ASCII") not in ("ASCII", "UTF-8"):
        raise ValueError(f"{path}: FLAG {special['FLAG']} is not supported")
    return AffFile(affixes, special)


def parse_dic(path: Path) -> list[tuple[str, str]]:
    """The (stem, flags) entries of a .dic file; morphological fields are ignored."""
    entries = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        # A stem may contain spaces ("Boda Borg"): only a tab starts the morphological fields.
        entry = line.split("\t", 1)[0].rstrip()
        stem, sep, flags = entry.rpartition("/")
        if not sep or not stem:
            stem, flags = entry, ""
        entries.append((stem.replace("\\/", "/"), flags))
    return entries


def _roles(flags: str, special: dict[str, str]) -> int:
    """The role bits that a set of flags gives a form."""
    roles = 0
    if special.get("COMPOUNDBEGIN", "\0") in flags:
        roles |= BEGIN
    if special.get("COMPOUNDMIDDLE", "\0") in flags:
        roles |= MIDDLE
    if special.get("COMPOUNDEND", "\0") in flags:
        roles |= END
    if special.get("COMPOUNDFLAG", "\0") in flags:
        roles |= BEGIN | MIDDLE | END
    if special.get("ONLYINCOMPOUND", "\0") not in flags:
        roles |= STANDALONE
    return roles


def expand(aff: AffFile, entries: list[tuple[str, str]]) -> dict[str, int]:
    """Every form the dictionary accepts or allows inside a compound, with its role bits."""
    special = aff.special
    forbidden = special.get("FORBIDDENWORD", "\0")
    needaffix = special.get("NEEDAFFIX", "\0")
    permit = special.get("COMPOUNDPERMITFLAG", "\0")
    forms: dict[str, int] = {}

    def add(form: str, roles: int) -> None:
        if form:
            forms[form] = forms.get(form, 0) | roles

    for stem, flags in entries:
        if forbidden in flags:
            continue
        stem_roles = _roles(flags, special)
        if needaffix not in flags:
            add(stem, stem_roles)
        for flag in flags:
            affix = aff.affixes.get(flag)
            if affix is None or affix.kind != "SFX":
                continue
            for rule in affix.rules:
                if not rule.condition.search(stem):
                    continue
                if rule.strip and not stem.endswith(rule.strip):
                    continue
                form = stem[: len(stem) - len(rule.strip)] + rule.add
                if rule.flags:
                    # The rule's own flags make this a compound-part form (`pensions-`) or
                    # name further suffixes (one level is all sv_SE uses).
                    own = _roles(rule.flags, special)
                    if permit in rule.flags or own & (BEGIN | MIDDLE):
                        add(form, own)
                        continue
                    add(form, own | (stem_roles & END))
                else:
                    # An inflected form stands alone and, if its stem may end a compound, may
                    # end one too (`kommun` → `...kommunerna`).
                    add(form, STANDALONE | (stem_roles & END))
    return forms
