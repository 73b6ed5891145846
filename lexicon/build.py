"""Build ocrfix's packaged Swedish lexicon from its pinned sources.

    python -m pip install -e '.[lexicon]'
    python lexicon/build.py            # writes ocrfix/data/sv_lexicon.marisa and sv_lexicon.json
    python lexicon/build.py --forms-only   # only sv_lexicon_forms.marisa, from sv_lexicon.marisa

Sources (versions and licences in lexicon/SOURCES.md):

- wordfreq (`sv`, wordlist `large`): word forms with frequencies from web, news, subtitles and
  Wikipedia text. It gives every frequency in the lexicon, and also most of its noise: web text
  contains Swedish typed without å/ä/ö (`maste`, `ocksa`), which we mark as stripped artefacts.
- spacy-lookups-data (`sv_lemma_lookup`): inflected forms and their lemmas.
- hunspell-sv (`sv_SE` and `sv_SE_expanded`): the Swedish Hunspell dictionary, expanded by
  lexicon/hunspell.py, which also tells which forms may begin, continue or end a compound.

The output is a marisa RecordTrie mapping each form to (zipf × 100, flags), and beside it
the same forms alone in a plain marisa Trie (`sv_lexicon_forms.marisa`), which finds a word's
prefixes some twenty times faster (the compound analysis asks for them at every joint). The
same inputs always give the same bytes: forms are sorted and every number is an integer.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import json
import sys
import sysconfig
from collections import defaultdict
from pathlib import Path

import marisa_trie
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hunspell_affixes as hunspell  # noqa: E402  (the sibling module)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ocrfix.lexicon import (  # noqa: E402
    ABBREVIATION,
    BEGIN,
    CONFUSABLE,
    END,
    FORMAT,
    FORMS_SUFFIX,
    HUNSPELL,
    MIDDLE,
    SPACY,
    STANDALONE,
    STRIPPED,
    WORDFREQ,
    fold_diacritics,
)

# A form is kept when it is letters, optionally joined by single hyphens or apostrophes
# (`IT-stöd`, `barn-`, `o'hoj`); tokens with digits or other symbols are not words.
FORM_RE = regex.compile(r"^\p{L}+(?:[-'’]\p{L}+)*-?$")
# Abbreviations written with full stops (`t.ex.`, `bl.a.`, `resp.`), as Hunspell lists them.
ABBREVIATION_RE = regex.compile(r"^(?:\p{L}+\.)+(?:\p{L}+)?$")

# wordfreq lists everything seen on the web down to a Zipf frequency of about 1 (once per
# 100 million words), where typos and OCR errors outnumber real words; a form attested by
# wordfreq alone must be at least this frequent to count.
MIN_WORDFREQ_ONLY_ZIPF = 3.0

# wordfreq lower-cases everything, so its short forms are mostly abbreviations (`sd`, `dn`,
# `nr`); a form attested by wordfreq alone must have at least this many letters to count.
MIN_WORDFREQ_ONLY_LENGTH = 4

# Swedish has three one-letter words; every other lone letter in running text is an
# abbreviation, a list marker or a fragment (OCR's `r` for `är`, `p` for `på`), never a word.
ONE_LETTER_WORDS = frozenset("iåöIÅÖ")

# A web-only form whose diacritic variant is this much more frequent (Zipf units: 1.0 = ten
# times) is taken to be that variant typed without å/ä/ö (`maste` for `måste`).
STRIPPED_MARGIN_ZIPF = 0.5


# Marks an abbreviation among the Hunspell role bits (which use the low four bits).
ABBREVIATION_ROLE = 1 << 8




def _site_share() -> Path:
    """Where hunspell-sv installs its files: <prefix>/share/hunspell."""
    return Path(sysconfig.get_paths()["data"]) / "share" / "hunspell"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_wordfreq() -> tuple[dict[str, int], dict]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict("sv", wordlist="large")
    zipf = {}
    for word, freq in freqs.items():
        if FORM_RE.match(word):
            # Round to hundredths of a Zipf unit, as wordfreq's own storage does.
            zipf[word] = max(1, round(wordfreq.freq_to_zipf(freq) * 100))
    source = {
        "package": "wordfreq",
        "version": importlib.metadata.version("wordfreq"),
        "license": "data CC BY-SA 4.0 (code Apache-2.0)",
        "table": "sv, wordlist large",
        "rows": len(freqs),
        "kept": len(zipf),
    }
    return zipf, source


def load_spacy() -> tuple[set[str], dict]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    forms = {w for pair in table.items() for w in pair if FORM_RE.match(w)}
    source = {
        "package": "spacy-lookups-data",
        "version": importlib.metadata.version("spacy-lookups-data"),
        "license": "MIT (package); Swedish table see lexicon/SOURCES.md",
        "table": "sv_lemma_lookup.json.gz",
        "sha256": _sha256(path),
        "rows": len(table),
        "kept": len(forms),
    }
    return forms, source


def load_hunspell() -> tuple[dict[str, int], dict]:
    share = _site_share()
    forms: dict[str, int] = {}
    files = {}
    for name in ("sv_SE", "sv_SE_expanded"):
        aff, dic = share / f"{name}.aff", share / f"{name}.dic"
        expanded = hunspell.expand(hunspell.parse_aff(aff), hunspell.parse_dic(dic))
        for form, roles in expanded.items():
            if FORM_RE.match(form):
                forms[form] = forms.get(form, 0) | roles
            elif ABBREVIATION_RE.match(form):
                forms[form] = forms.get(form, 0) | ABBREVIATION_ROLE
        files[dic.name] = _sha256(dic)
        files[aff.name] = _sha256(aff)
    source = {
        "package": "hunspell-sv",
        "version": importlib.metadata.version("hunspell-sv"),
        "license": "LGPL-3.0-only",
        "files": files,
        "kept": len(forms),
    }
    return forms, source


def merge(
    wordfreq_zipf: dict[str, int], spacy_forms: set[str], hunspell_forms: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """Union of the sources as form -> (zipf×100, flags), before the diacritic analysis."""
    entries: dict[str, list[int]] = {}

    def entry(form: str) -> list[int]:
        if form not in entries:
            entries[form] = [0, 0]
        return entries[form]

    for form, zipf in wordfreq_zipf.items():
        e = entry(form)
        e[0] = zipf
        e[1] |= WORDFREQ
    for form in spacy_forms:
        entry(form)[1] |= SPACY | STANDALONE
    for form, roles in hunspell_forms.items():
        e = entry(form)
        if roles & ABBREVIATION_ROLE:
            e[1] |= ABBREVIATION | HUNSPELL
            continue
        if roles & hunspell.STANDALONE:
            e[1] |= HUNSPELL | STANDALONE
        if roles & hunspell.BEGIN:
            e[1] |= BEGIN
        if roles & hunspell.MIDDLE:
            e[1] |= MIDDLE
        if roles & hunspell.END:
            e[1] |= END
    # wordfreq is lower-case: a capitalised form elsewhere gives its lower-case twin a frequency.
    for form, e in entries.items():
        if not e[0] and form[:1].isupper() and form.lower() in wordfreq_zipf:
            e[0] = wordfreq_zipf[form.lower()]
    for form, e in entries.items():
        web_only = (e[1] & (SPACY | HUNSPELL)) == 0
        if (
            web_only
            and e[0] >= MIN_WORDFREQ_ONLY_ZIPF * 100
            and len(form) >= MIN_WORDFREQ_ONLY_LENGTH
        ):
            e[1] |= STANDALONE
        if len(form) == 1 and form not in ONE_LETTER_WORDS:
            e[1] &= ~STANDALONE
    return {form: (e[0], e[1]) for form, e in entries.items()}


def _is_stripping_of(plain: str, marked: str) -> bool:
    """True when `plain` is `marked` with some of its å/ä/ö (or é) written without the marks."""
    if len(plain) != len(marked) or plain == marked:
        return False
    return all(p == m or (p != m and p == fold_diacritics(m)) for p, m in zip(plain, marked))


def mark_diacritics(entries: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Flag stripped artefacts (`maste`) and confusable real words (`for`/`för`)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for form, (_, flags) in entries.items():
        if flags & (STANDALONE | WORDFREQ):
            groups[fold_diacritics(form.lower())].append(form)
    result = dict(entries)
    for members in groups.values():
        if len(members) < 2:
            continue
        for form in members:
            zipf, flags = result[form]
            variants = [
                v
                for v in members
                if v.lower() != form.lower() and entries[v][1] & STANDALONE
            ]
            if not variants:
                continue
            richer = [v for v in variants if _is_stripping_of(form.lower(), v.lower())]
            best_richer = max((entries[v][0] for v in richer), default=0)
            curated = flags & (SPACY | HUNSPELL)
            if not curated and richer and best_richer - zipf >= STRIPPED_MARGIN_ZIPF * 100:
                # `maste`: only the web has it, and far less often than `måste`.
                result[form] = (zipf, (flags | STRIPPED) & ~(STANDALONE | BEGIN | MIDDLE | END))
            elif flags & STANDALONE:
                result[form] = (zipf, flags | CONFUSABLE)
    # A form left with no real variant after its artefact twins were removed is not confusable.
    for members in groups.values():
        live = [m for m in members if result[m][1] & STANDALONE]
        if len({m.lower() for m in live}) < 2:
            for m in live:
                z, f = result[m]
                result[m] = (z, f & ~CONFUSABLE)
    return result


def build(out_dir: Path) -> dict:
    wordfreq_zipf, wf_source = load_wordfreq()
    spacy_forms, sp_source = load_spacy()
    hunspell_forms, hs_source = load_hunspell()
    entries = mark_diacritics(merge(wordfreq_zipf, spacy_forms, hunspell_forms))
    # Forms that are neither words nor compound parts nor known artefacts carry no information.
    entries = {
        f: v for f, v in entries.items() if v[1] & (STANDALONE | BEGIN | MIDDLE | END | STRIPPED | ABBREVIATION)
    }
    keys = sorted(entries)
    trie = marisa_trie.RecordTrie("<HH", ((k, entries[k]) for k in keys))
    out_dir.mkdir(parents=True, exist_ok=True)
    trie_path = out_dir / "sv_lexicon.marisa"
    trie.save(str(trie_path))
    forms_path = write_forms(trie_path)
    counts = {
        name: sum(1 for v in entries.values() if v[1] & bit)
        for name, bit in (
            ("standalone", STANDALONE),
            ("compound_begin", BEGIN),
            ("compound_middle", MIDDLE),
            ("compound_end", END),
            ("stripped", STRIPPED),
            ("confusable", CONFUSABLE),
            ("abbreviation", ABBREVIATION),
        )
    }
    meta = {
        "format": FORMAT,
        "forms": len(keys),
        "counts": counts,
        "sha256": _sha256(trie_path),
        "forms_sha256": _sha256(forms_path),
        "settings": {
            "MIN_WORDFREQ_ONLY_ZIPF": MIN_WORDFREQ_ONLY_ZIPF,
            "STRIPPED_MARGIN_ZIPF": STRIPPED_MARGIN_ZIPF,
            "MIN_WORDFREQ_ONLY_LENGTH": MIN_WORDFREQ_ONLY_LENGTH,
            "ONE_LETTER_WORDS": "".join(sorted(ONE_LETTER_WORDS)),
        },
        "sources": [wf_source, sp_source, hs_source],
    }
    _write_meta(out_dir, meta)
    return meta


def _write_meta(out_dir: Path, meta: dict) -> None:
    (out_dir / "sv_lexicon.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )


def write_forms(trie_path: Path) -> Path:
    """Write the forms of the lexicon at `trie_path`, without their values, as a plain marisa
    Trie beside it (`<stem>` + FORMS_SUFFIX, which ocrfix.lexicon looks for); its path."""
    trie = marisa_trie.RecordTrie("<HH")
    trie.mmap(str(trie_path))
    forms = marisa_trie.Trie(trie.keys())
    forms_path = trie_path.with_name(trie_path.stem + FORMS_SUFFIX)
    forms.save(str(forms_path))
    return forms_path


def forms_only(out_dir: Path) -> dict:
    """Write `sv_lexicon_forms.marisa` from the `sv_lexicon.marisa` already in `out_dir`, and
    record its sha256 in `sv_lexicon.json`: no source is read."""
    forms_path = write_forms(out_dir / "sv_lexicon.marisa")
    meta_path = out_dir / "sv_lexicon.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["forms_sha256"] = _sha256(forms_path)
    _write_meta(out_dir, meta)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "ocrfix" / "data")
    parser.add_argument(
        "--forms-only", action="store_true",
        help="only write sv_lexicon_forms.marisa from the sv_lexicon.marisa in --out",
    )
    args = parser.parse_args(argv)
    if args.forms_only and not (args.out / "sv_lexicon.marisa").is_file():
        parser.error(f"--forms-only: no sv_lexicon.marisa in {args.out}")
    meta = forms_only(args.out) if args.forms_only else build(args.out)
    shown = ("forms", "counts", "sha256", "forms_sha256")
    print(json.dumps({k: meta[k] for k in shown}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
