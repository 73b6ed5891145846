"""The Swedish lexicon: which forms are words, how frequent they are, and compound analysis.

Everything in ocrfix asks the lexicon the same few questions, so it is loaded once (lazily, on
the first question) and shared::

    >>> from ocrfix.lexicon import get_lexicon
    >>> lex = get_lexicon()
    >>> "socialnämnden" in lex, "Socialndmnden" in lex
    (True, False)

Swedish writes compounds as one word and makes new ones freely, so no word list can hold them
all. A form that is not listed is still Swedish when it splits into listed parts, joined the way
Swedish joins them (a linking `-s-`, `vecka` → `vecko-`, `flicka` → `flick-`); the Hunspell
dictionary the lexicon is built from says which forms may begin, continue or end a compound::

    >>> lex.split_compound("strömmingsförsäljningen")
    ('strömmings', 'försäljningen')
    >>> lex.is_word("pensionsrätt"), lex.is_word("drenden")
    (True, False)

Web-derived word lists also contain Swedish typed without å/ä/ö. Those forms are kept as
*stripped* artefacts, which are not words; real words that collide with a diacritic variant
(`for`/`för`) stay words and are *confusable*::

    >>> lex.is_word("maste"), lex.is_stripped("maste")
    (False, True)
    >>> lex.is_confusable("for"), [v for v, _ in lex.variants("for")]
    (True, ['för'])

The data is a marisa trie (`ocrfix/data/sv_lexicon.marisa`, built by `lexicon/build.py`),
memory-mapped rather than read, so loading costs milliseconds and the pages are shared
between processes; a small dict in front of it makes repeated look-ups of the same word cheap.
Beside it, the same forms without their values (`sv_lexicon_forms.marisa`) answer the prefix
searches of the compound analysis, some twenty times faster than the RecordTrie does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import marisa_trie  # type: ignore[import-not-found,unused-ignore]  # ships no type stubs

from ocrfix.memo import remember

__all__ = [
    "Lexicon",
    "Entry",
    "get_lexicon",
    "fold_diacritics",
    "DATA_DIR",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT = "ocrfix-lexicon/1"
# The file of a lexicon's forms alone, beside it: `sv_lexicon.marisa`, `sv_lexicon_forms.marisa`.
FORMS_SUFFIX = "_forms.marisa"

# Flag bits stored with every form. Sources first, then roles, then diacritic analysis.
WORDFREQ = 1 << 0  # listed by wordfreq (it has a frequency)
SPACY = 1 << 1  # listed by spacy-lookups-data's sv_lemma_lookup
HUNSPELL = 1 << 2  # accepted on its own by the Swedish Hunspell dictionary
STANDALONE = 1 << 3  # a word on its own (not only a compound part, not an artefact)
BEGIN = 1 << 4  # may begin a compound (`pensions-`, `barn-`)
MIDDLE = 1 << 5  # may stand inside a compound
END = 1 << 6  # may end a compound (`-rätt`, `-kommunerna`)
STRIPPED = 1 << 7  # a diacritic-stripped artefact of a more frequent word (`maste`)
CONFUSABLE = 1 << 8  # a word that has a diacritic variant which is also a word (`for`/`för`)
ABBREVIATION = 1 << 9  # an abbreviation written with full stops (`t.ex.`, `bl.a.`)

# Swedish letters whose marks OCR and careless typing lose; each maps to the plain letter.
_FOLD_MAP = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")
# The reverse: which letters a plain letter may have been (used to find variants).
_MARKED = {"a": "åä", "o": "ö", "e": "é", "å": "aä", "ä": "aå", "ö": "o", "é": "e"}

# Prefixes Swedish makes new words with (`medhandläggare`, `samverkansavtal`,
# `missförstånd`, `vanskött`): a word may begin with one though no list files it as the first
# part of a compound.
PREFIXES = frozenset({"med", "sam", "miss", "van"})

# The shortest word that ends a compound begun by a place name.
MIN_NAME_COMPOUND_END = 3

# Compounds: the shortest part Swedish compounds use (`ö` aside) and how many parts at most,
# as in the Hunspell dictionary's COMPOUNDMIN and COMPOUNDWORDMAX.
MIN_PART = 2
MAX_PARTS = 4

# The per-word caches are plain dicts that forget their older half when full (ocrfix.memo):
# cheaper than lru_cache's bookkeeping, and word frequencies are Zipfian, so the common words
# are back in them at once. Sized by the memory an entry takes (70 to 150 bytes).
_WORD_CACHE_LIMIT = 60_000
_RAW_CACHE_LIMIT = 40_000
_PREFIX_CACHE_LIMIT = 30_000
# Longer than any Swedish word, compounds included (the longest in common use have about
# 40 letters): a longer run of letters is no word, and is not searched as a compound.
MAX_WORD_LENGTH = 64

_HYPHENS = "-‐"


def fold_diacritics(text: str) -> str:
    """`text` with å/ä → a, ö → o, é → e: the key under which diacritic variants meet.

    >>> fold_diacritics("Östersjön är kall")
    'Ostersjon ar kall'
    """
    return text.translate(_FOLD_MAP)


def _case_variants(word: str) -> list[str]:
    """The other spellings a word of running text is looked up as: a capitalised or upper-case
    word in lower case, then (upper case) capitalised (`Arenden`, `NULÄGE`). A capital inside
    a lower-case word (`fÅr`) is no spelling of `får`."""
    if word.islower() or not (word.isupper() or word[1:].islower() or len(word) == 1):
        return []
    lower = word.lower()
    if word.isupper() and len(word) > 1:
        return [lower, word[0] + lower[1:]]
    return [lower]


class Entry(NamedTuple):
    """What the lexicon stores for one form."""

    form: str
    zipf: float  # wordfreq's Zipf frequency: log10 of occurrences per billion words; 0 = unseen
    flags: int

    @property
    def is_word(self) -> bool:
        return bool(self.flags & STANDALONE)

    @property
    def is_stripped_form(self) -> bool:
        """A form the sources list only as a word typed without its å/ä/ö (`maste`)."""
        return bool(self.flags & STRIPPED) and not self.is_word


class Lexicon:
    """A Swedish lexicon loaded from a marisa RecordTrie of form → (zipf × 100, flags)."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"lexicon file not found: {path}")
        self.path = path
        self._trie = marisa_trie.RecordTrie("<HH")
        self._trie.mmap(str(path))
        # The forms alone, for prefix searches, when the build wrote them (a lexicon of
        # one's own may come without: the RecordTrie answers then, more slowly).
        self._forms = self._trie
        forms_path = path.with_name(path.stem + FORMS_SUFFIX)
        if forms_path.is_file():
            self._forms = marisa_trie.Trie()
            self._forms.mmap(str(forms_path))
            if len(self._forms) != len(self._trie):
                raise ValueError(
                    f"{forms_path}: {len(self._forms)} forms, but {path} has {len(self._trie)}; "
                    "write it again with lexicon/build.py --forms-only"
                )
        meta_path = path.with_suffix(".json")
        self.meta: dict[str, Any] = {}
        if meta_path.is_file():
            self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if self.meta.get("format") != FORMAT:
                raise ValueError(
                    f"{path}: lexicon format {self.meta.get('format')!r}, expected {FORMAT!r}; "
                    "rebuild it with lexicon/build.py"
                )
        self._word_cache: dict[str, bool] = {}
        # Stored values by form: a candidate search asks about the same forms many times.
        self._raw_cache: dict[str, tuple[int, int] | None] = {}
        # Candidate searches ask about the same prefixes across words (`för`, `sam`, ...).
        self._prefix_cache: dict[str, bool] = {}
        self._confusable_cache: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"Lexicon({str(self.path)!r}, forms={len(self._trie)})"

    def __len__(self) -> int:
        return len(self._trie)

    # -- single forms ---------------------------------------------------------------------

    def _raw(self, form: str) -> tuple[int, int] | None:
        cache = self._raw_cache
        # Not a sentinel tuple told by identity: compiled (setup.py), a tuple of ints is a
        # new object each time it is handed to Python.
        try:
            return cache[form]
        except KeyError:
            pass
        values = self._trie.get(form)
        raw = values[0] if values else None
        return remember(cache, form, raw, _RAW_CACHE_LIMIT)

    def lookup(self, form: str) -> Entry | None:
        """The entry stored under exactly `form` (no case variants), or None."""
        raw = self._raw(form)
        return Entry(form, raw[0] / 100, raw[1]) if raw is not None else None

    def form_zipf(self, form: str) -> float:
        """The Zipf frequency stored under exactly `form` (0.0 when unseen or not stored)."""
        raw = self._raw(form)
        return raw[0] / 100 if raw is not None else 0.0

    def flags(self, form: str) -> int:
        """The flags stored under exactly `form` (0 when it is not stored)."""
        raw = self._raw(form)
        return raw[1] if raw is not None else 0

    def has_prefix(self, prefix: str) -> bool:
        """True when some stored form starts with `prefix`: lets a search give up early."""
        cache = self._prefix_cache
        known = cache.get(prefix)
        if known is None:
            known = next(self._trie.iterkeys(prefix), None) is not None
            remember(cache, prefix, known, _PREFIX_CACHE_LIMIT)
        return known

    def entry(self, word: str) -> Entry | None:
        """The stored entry for `word`, trying the case variants a word in running text has.

        A capitalised or upper-case word is looked up as written, then in lower case, then
        (upper case) capitalised, so `Arenden`, `NULÄGE` and `Stockholm` all find theirs.
        """
        best: Entry | None = None
        for form in [word, *_case_variants(word)]:
            raw = self._raw(form)
            if raw is None:
                continue
            found = Entry(form, raw[0] / 100, raw[1])
            if found.is_word:
                return found
            best = best or found
        return best

    def __contains__(self, word: object) -> bool:
        """True when `word` is a listed Swedish word form (not a compound analysis)."""
        if not isinstance(word, str):
            return False
        found = self.entry(word)
        return found is not None and found.is_word

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf frequency of `word` (0.0 when unseen): 7 is `och`, 3 is rare."""
        found = self.entry(word)
        return found.zipf if found is not None else 0.0

    def is_stripped(self, word: str) -> bool:
        """True for a word typed without its å/ä/ö: `maste` for `måste`.

        That is a form the sources list only as such an artefact, or an unlisted form whose
        restored spelling is a listed word (`hushall`, `statsrad`): a listed word is far
        likelier than a new compound that happens to spell it without its marks.
        """
        found = self.entry(word)
        if found is not None:
            return found.is_stripped_form
        return bool(self.variants(word))

    def is_abbreviation(self, token: str) -> bool:
        """True for an abbreviation with its full stops, as Swedish writes it (`t.ex.`).

        >>> get_lexicon().is_abbreviation("bl.a."), get_lexicon().is_abbreviation("bl")
        (True, False)
        """
        found = self.entry(token)
        return found is not None and bool(found.flags & ABBREVIATION)

    def is_confusable(self, word: str) -> bool:
        """True for a word whose diacritic variant is also a word (`for`/`för`, `bade`/`både`).

        Asked of every word of every page, so the answer is cached like `is_word`'s.
        """
        cache = self._confusable_cache
        verdict = cache.get(word)
        if verdict is None:
            found = self.entry(word)
            verdict = found is not None and bool(found.flags & CONFUSABLE)
            remember(cache, word, verdict, _WORD_CACHE_LIMIT)
        return verdict

    def is_word(self, word: str) -> bool:
        """True when `word` is Swedish: a listed form, or a compound of listed parts.

        Hyphenated words are Swedish when every part is (`IT-stöd`, `barn-`): an upper-case
        part of up to five letters counts as an abbreviation.
        """
        cache = self._word_cache
        verdict = cache.get(word)
        if verdict is None:
            verdict = self._is_word(word)
            remember(cache, word, verdict, _WORD_CACHE_LIMIT)
        return verdict

    def _is_word(self, word: str) -> bool:
        if len(word) > MAX_WORD_LENGTH:
            return False  # no word; and a compound search would cost its length squared
        # Most words of a text are listed as written: one look-up, before the case variants.
        found = self._trie.get(word)
        if found and found[0][1] & STANDALONE:
            return True
        # Then the other spellings `entry` tries (`word` itself was just looked up).
        if any(self.flags(form) & STANDALONE for form in _case_variants(word)):
            return True
        if any(h in word for h in _HYPHENS):
            parts = [p for p in word.replace("‐", "-").split("-")]
            if not any(parts):
                return False
            return all(
                not p or (p.isupper() and p.isalpha() and len(p) <= 5) or self.is_word(p)
                for p in parts
            )
        # A compound reading gives way to a listed word that differs only in å/ä/ö marks.
        return self.split_compound(word) is not None and not self._has_variant(word.lower())

    # -- compounds ------------------------------------------------------------------------

    def split_compound(self, word: str) -> tuple[str, ...] | None:
        """The parts of `word` as a Swedish compound, or None when it is not one.

        Each part is a stored form with the role its place needs (first, middle, last). The
        fewest parts win: `socialsekreterarnas` is `social` + `sekreterarnas`, not three.
        Triple consonants are written double at a joint (`fall` + `lucka` → `fallucka`).

        >>> get_lexicon().split_compound("Stockholmskommuner")
        ('Stockholms', 'kommuner')
        >>> get_lexicon().split_compound("ndmnden") is None
        True
        """
        if not 2 * MIN_PART <= len(word) <= MAX_WORD_LENGTH or not word.isalpha():
            return None
        lower = word.lower()
        # Kept across the deepening below: the parts each place could begin, and where the
        # rest of the word could not be split into so many parts. A part after the first
        # is looked for alike whatever came before it, so a rest that failed fails again.
        found: dict[int, list[str]] = {}
        failed: set[tuple[int, int]] = set()
        for max_parts in range(2, MAX_PARTS + 1):
            parts = self._split(lower, word, 0, 1, max_parts, found, failed)
            if parts is not None:
                return tuple(parts)
        return None

    def _split(
        self, lower: str, original: str, start: int, index: int, max_parts: int,
        found: dict[int, list[str]], failed: set[tuple[int, int]],
    ) -> list[str] | None:
        if index > 1 and (start, max_parts - index) in failed:
            return None
        rest = lower[start:]
        role = BEGIN if index == 1 else MIDDLE
        candidates = found.get(start)
        if candidates is None:
            prefixes = self._forms.prefixes(rest)
            if index == 1 and original[:1].isupper():
                # A proper noun may begin a compound (`Stockholms-`); it is stored capitalised.
                prefixes += self._forms.prefixes(original[0] + rest[1:])
            candidates = found[start] = sorted(set(prefixes), key=len, reverse=True)
        for prefix in candidates:
            if len(prefix) < MIN_PART or len(prefix) > len(rest) - MIN_PART:
                continue
            raw = self._raw(prefix)
            if raw is None or not (raw[1] & role or (index == 1 and prefix in PREFIXES)):
                continue
            remainders = [start + len(prefix)]
            # `fall` + `lucka` is written `fallucka`: the joint's letter serves both parts.
            if len(prefix) >= 2 and prefix[-1] == prefix[-2]:
                remainders.append(start + len(prefix) - 1)
            for cut in remainders:
                tail = lower[cut:]
                if self._is_compound_end(tail) or (
                    prefix[:1].isupper() and self._is_name_compound_end(tail)
                ):
                    return [original[start : start + len(prefix)], original[cut:]]
                if index + 1 < max_parts:
                    deeper = self._split(
                        lower, original, cut, index + 1, max_parts, found, failed
                    )
                    if deeper is not None:
                        return [original[start : start + len(prefix)], *deeper]
        if index > 1:
            failed.add((start, max_parts - index))
        return None

    def _is_name_compound_end(self, tail: str) -> bool:
        """True for a word that may follow a place name in a compound: any word, for place
        names make compounds with words no dictionary flags as compound ends
        (`Frölundaviken`, `Umeåborna`)."""
        return len(tail) >= MIN_NAME_COMPOUND_END and bool(self.flags(tail) & STANDALONE)

    def _is_compound_end(self, tail: str) -> bool:
        if len(tail) < MIN_PART:
            return False
        raw = self._raw(tail)
        return raw is not None and bool(raw[1] & END)

    # -- diacritic variants ---------------------------------------------------------------

    def variants(self, word: str) -> list[tuple[str, float]]:
        """Words that differ from `word` only in å/ä/ö/é marks, most frequent first.

        >>> [v for v, _ in get_lexicon().variants("manniskor")]
        ['människor']
        """
        lower = word.lower()
        found = [(v, z) for v, z in self._marked_spellings(lower) if v != lower]
        found.sort(key=lambda item: (-item[1], item[0]))
        if word.isupper() and len(word) > 1:
            found = [(v.upper(), z) for v, z in found]
        elif word[:1].isupper():
            found = [(v[:1].upper() + v[1:], z) for v, z in found]
        return found

    def _has_variant(self, word: str) -> bool:
        """Whether `variants` of lower-case `word` would find one: the same walk, ended at
        the first word found."""
        return any(v != word for v, _ in self._marked_spellings(word))

    def _marked_spellings(self, word: str) -> Iterator[tuple[str, float]]:
        """The listed words (with their Zipf) spelt like `word` up to å/ä/ö/é marks, `word`
        itself included, in no particular order, walking only prefixes some stored form has.

        The walk branches only at the letters that may take or lose a mark, and looks a
        prefix up only there: between two such letters the spelling is fixed, and a form
        that has the longer prefix has the shorter ones too."""
        end = len(word)
        branches = [(0, "")]
        while branches:
            start, prefix = branches.pop()
            at = start
            while at < end and word[at] not in _MARKED:
                at += 1
            prefix += word[start:at]
            if at == end:
                raw = self._raw(prefix)
                if raw is not None and raw[1] & STANDALONE:
                    yield prefix, raw[0] / 100
                continue
            for option in word[at] + _MARKED[word[at]]:
                candidate = prefix + option
                if self.has_prefix(candidate):
                    branches.append((at + 1, candidate))


def get_lexicon(name: str = "sv") -> Lexicon:
    """The lexicon called `name` (`"sv"`, the packaged one) or stored at the path `name`.

    Loaded on first use and shared afterwards: every stage asks the same object.
    """
    return _load_lexicon(name)


@functools.lru_cache(maxsize=4)
def _load_lexicon(name: str) -> Lexicon:
    if name == "sv":
        return Lexicon(DATA_DIR / "sv_lexicon.marisa")
    return Lexicon(Path(name))
