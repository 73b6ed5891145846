"""Which words a damaged token could be: candidates from a precomputed index, not a walk.

The index (built by `lexicon/index.py` from the packaged lexicon) files every form under its
folded key (:func:`ocrfix.folding.fold`), so the forms a token may be are found by a few
prefix queries on memory-mapped tries, whatever engine damaged it:

- **the same key**: every misreading inside the letter families OCR confuses, however many
  (`fåråldrarna` → `föräldrarna`, `6verens` → `överens`, `sorn` → `som`);
- **one half shared**: forms whose key differs from the token's by up to ``max_edits`` edits
  confined to one half (`drenden` → `ärenden`, `HandelstidniDgens` → `Handelstidningens`),
  found through the forms that share the token's first half, or its second;
- **variants**: the token rewritten with misreadings its page is known to make (`d` → `ä`
  on a page that prints `d` for `ä`), which the caller supplies;
- **compounds**: a known part plus a damaged one (`ungdomsvarden` → `ungdoms` + `vården`),
  split where the index says a part may begin or end a compound.

    >>> index = get_index()
    >>> "föräldrarna" in index.search("fåråldrarna"), "överens" in index.search("6verens")
    (True, True)

The search only proposes; :mod:`ocrfix.channel` says how likely each proposal is.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

import marisa_trie  # type: ignore[import-not-found,unused-ignore]  # ships no type stubs
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ocrfix.folding import FOLD_VERSION, fold
from ocrfix.lexicon import (
    BEGIN,
    DATA_DIR,
    END,
    MIDDLE,
    MIN_NAME_COMPOUND_END,
    PREFIXES,
    STANDALONE,
    Lexicon,
    get_lexicon,
)
from ocrfix.memo import remember
from ocrfix.tokens import is_capitalised

FORMAT = "ocrfix-index/1"

# Keys are filed under a character that codes their length, so one prefix query asks for
# keys of one length only.
_LENGTH_BASE = 0x30


def length_mark(length: int) -> str:
    """The character that files a key of `length` characters."""
    return chr(_LENGTH_BASE + length)


# A long key's halves are also queried this much shorter, and never shorter than MIN_HALF.
SHORTER_HALF = 2
MIN_HALF = 3
# Keys up to this long have their one-letter deletes in the index: a shorter token's
# neighbours are found through them, a longer one's through its halves.
MAX_DELETE_KEY = 8
# Forms read per half query at most: a short, common half can match thousands, and the ones
# past this many are long shots anyway.
MAX_FORMS_PER_QUERY = 120
# The fewest letters a compound part has (as in ocrfix.lexicon), and a place name that
# begins one.
MIN_PART = 2
MIN_NAME_PART = 4
# Compound readings kept per token at most, and the splits tried (the longest known parts
# first).
MAX_COMPOUNDS = 60
MAX_SPLITS = 3
_PARTS_ROLE_FIRST = BEGIN | MIDDLE
#: Marks an engine prints for a blob it could not read at all, which is often two touching
#: letters it could not separate (ocrad prints one `_` for `oc` in `och` as often as for one
#: letter): such a mark may stand for two letters. Not U+FFFD, a byte a wrong decoding lost,
#: which stands for at most one letter.
BLOB_GLYPHS = frozenset("_")
# Forms of one layout of a token's unreadable glyphs taken as readings, the commonest: as
# many as the word stage weighs of a token.
MAX_GLYPH_FORMS = 8
# Answers kept per index at most (ocrfix.memo), sized by the memory an entry takes: a key's
# forms (about 100 bytes), a near search (250 bytes), a key's words ranked (190 bytes).
_FORMS_LIMIT = 50_000
_NEAR_LIMIT = 20_000
_RANKED_LIMIT = 20_000


def max_edits_for(length: int) -> int:
    """How many edits outside the letter families a token of `length` letters may carry.

    A short token is a word with one edit of too many words (`tid`, `tod`, `tad`, `ted`...);
    a long one keeps enough letters to identify its word through two.
    """
    if length < 4:
        return 0
    return 1 if length < 8 else 2


class CandidateIndex:
    """The memory-mapped candidate index next to a lexicon."""

    def __init__(self, folder: Path, lexicon: Lexicon) -> None:
        meta_path = folder / "sv_index.json"
        if not meta_path.is_file():
            raise FileNotFoundError(
                f"candidate index not found in {folder}: run lexicon/index.py"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("fold_version") != FOLD_VERSION:
            raise ValueError(
                f"{meta_path}: index format {meta.get('format')!r} (fold "
                f"{meta.get('fold_version')!r}), expected {FORMAT!r} (fold {FOLD_VERSION}); "
                "rebuild it with lexicon/index.py"
            )
        self.lexicon = lexicon

        def mapped(name: str) -> marisa_trie.Trie:
            trie = marisa_trie.Trie()
            trie.mmap(str(folder / f"sv_index_{name}.marisa"))
            return trie

        self._forward = mapped("forward")
        self._keys = mapped("keys")
        self._backward = mapped("backward")
        self._deletes = mapped("deletes")
        self._begin = mapped("begin")
        self._end = mapped("end")
        # Forms by key: the searches of a page, and of its compounds' parts, ask for the same
        # keys again and again. The tries never change, so the answers are kept.
        self._forms: dict[str, tuple[str, ...]] = {}
        self._near: dict[tuple[str, int], tuple[str, ...]] = {}
        self._ranked_forms: dict[str, tuple[tuple[float, str], ...]] = {}

    # -- look-ups by key ---------------------------------------------------------------------

    def forms(self, key: str) -> list[str]:
        """The forms whose folded key is `key` (a new list: the caller may extend it)."""
        known = self._forms.get(key)
        if known is None:
            prefix = f"{length_mark(len(key))}{key}\0"
            cut = len(prefix)
            known = tuple(entry[cut:] for entry in self._forward.keys(prefix))
            remember(self._forms, key, known, _FORMS_LIMIT)
        return list(known)

    def near(self, key: str, max_edits: int) -> list[str]:
        """Forms whose key is within `max_edits` edits of `key`: through the deletes for a
        short key, through a shared half for a long one (all edits in the other half)."""
        if max_edits < 1:
            return []
        # A page repeats its damaged tokens, and compounds their parts: each search is kept.
        known = self._near.get((key, max_edits))
        if known is None:
            known = tuple(self._near_forms(key, max_edits))
            remember(self._near, (key, max_edits), known, _NEAR_LIMIT)
        return list(known)

    def _near_forms(self, key: str, max_edits: int) -> list[str]:
        """What near() finds, searched."""
        if len(key) < MAX_DELETE_KEY:
            keys = self._near_short(key)
        else:
            distances = self._near_long(key, max_edits)
            # The closest keys only: a reading with more edits outside the letter families
            # costs a look-alike's price more each, and is weighed only when none closer is.
            closest = min(distances.values(), default=0)
            keys = {other for other, d in distances.items() if d == closest}
        found: list[str] = []
        # In key order, not the set's (which varies with the process's hash seed): callers
        # cut this list short, and a page must be repaired the same in every process.
        for other in sorted(keys):
            found.extend(self.forms(other))
        return found

    def _near_short(self, key: str) -> set[str]:
        """Keys one edit from a short `key` (symmetric deletes)."""
        deletes = self._deletes
        found: set[str] = set()
        # A letter lost from the word: the token is one of the key's deletes.
        prefix = key + "\0"
        found.update(entry[len(prefix):] for entry in deletes.keys(prefix))
        for i in range(len(key)):
            shorter = key[:i] + key[i + 1 :]
            # A letter misread (the two share a delete) ...
            prefix = shorter + "\0"
            found.update(entry[len(prefix):] for entry in deletes.keys(prefix))
            # ... or a letter added: the word is one of the token's deletes.
            if shorter and next(
                self._forward.iterkeys(f"{length_mark(len(shorter))}{shorter}\0"), None
            ):
                found.add(shorter)
        found.discard(key)
        distance = Levenshtein.distance
        return {other for other in found if distance(other, key, score_cutoff=1) <= 1}

    def _near_long(self, key: str, max_edits: int) -> dict[str, int]:
        """Keys within `max_edits` edits of a long `key`, all in one of its halves, or all
        near its middle (the halves are also taken shorter by SHORTER_HALF, so that two
        edits either side of the midpoint, `handl|idgg`, leave a shared head or tail)."""
        n = len(key)
        half = n // 2
        heads, tails = {key[:half]}, {key[half:][::-1]}
        if half - SHORTER_HALF >= MIN_HALF:
            heads.add(key[: half - SHORTER_HALF])
            tails.add(key[half + SHORTER_HALF :][::-1])
        backwards = key[::-1]
        found: dict[str, int] = {}
        for length in range(n - max_edits, n + max_edits + 1):
            mark = length_mark(length)
            # The entries are measured as the tries file them (the length mark first, a tail
            # reversed): a shared first letter adds no edit, nor does reading both backwards,
            # and only the few near ones are cut down to keys.
            entries: list[str] = []
            for head in heads:
                entries.extend(islice(self._keys.iterkeys(mark + head), MAX_FORMS_PER_QUERY))
            for entry, distance in _within(mark + key, entries, max_edits):
                found[entry[1:]] = distance
            entries = []
            for tail in tails:
                entries.extend(islice(self._backward.iterkeys(mark + tail), MAX_FORMS_PER_QUERY))
            for entry, distance in _within(mark + backwards, entries, max_edits):
                found[entry[:0:-1]] = distance
        found.pop(key, None)
        return found

    def with_unknown(
        self, key: str, unknown: frozenset[str], *, commonest: int | None = None
    ) -> list[str]:
        """Forms whose key is `key` with each character of `unknown` (a glyph the engine
        could not read) standing for one letter, any letter: `a__` → `att`, `all`, ... A
        blob mark (:data:`BLOB_GLYPHS`) may stand for two letters instead, one such mark a
        token: `_h` → `och`. With `commonest`, of each such layout only the forms of its
        `commonest` commonest words that stand alone."""
        found: list[str] = []
        for places, widths in _glyph_layouts(key, unknown):
            keys = self._glyph_keys(key, places, widths)
            if commonest is None:
                for other in keys:
                    found.extend(self.forms(other))
            else:
                found.extend(self._commonest(keys, commonest))
        return found

    def _commonest(self, keys: list[str], words: int) -> list[str]:
        """The forms of the `words` commonest words among the forms of `keys` that stand
        alone (each in every spelling it has there). The glyphs may be any letters, so the
        forms of one layout cost about the same to read so: only the commonest few can win
        (a short key has hundreds)."""
        # (Each form has one key, and the trie each key once: no form comes twice.)
        ranked = [item for other in keys for item in self._ranked(other)]
        ranked.sort()
        taken: list[str] = []
        seen: set[str] = set()
        for _, form in ranked:
            word = form.lower()
            if word not in seen:
                if len(seen) == words:
                    break
                seen.add(word)
            taken.append(form)
        return taken

    def _ranked(self, key: str) -> tuple[tuple[float, str], ...]:
        """The forms with the folded key `key` that stand alone, each after its Zipf
        frequency negated: sorted, the commonest come first. Remembered: short keys recur in
        the layouts of many tokens."""
        known = self._ranked_forms.get(key)
        if known is None:
            form_zipf = self.lexicon.form_zipf
            known = tuple((-form_zipf(form), form) for form in self.words_of_key(key))
            remember(self._ranked_forms, key, known, _RANKED_LIMIT)
        return known

    def _glyph_keys(self, key: str, places: list[int], widths: list[int]) -> list[str]:
        """The folded keys that are `key` with the glyph at each of `places` standing for as
        many letters as `widths` says, any letters."""
        n = len(key)
        head, tail = places[0], n - 1 - places[-1]
        if max(head, tail) < 1:
            return []
        mark = length_mark(n + sum(widths) - len(widths))
        if head >= tail:
            others = [
                entry[1:]
                for entry in islice(self._keys.iterkeys(mark + key[:head]), MAX_FORMS_PER_QUERY * 4)
            ]
        else:
            others = [
                entry[:0:-1]
                for entry in islice(self._backward.iterkeys(mark + key[::-1][:tail]),
                                    MAX_FORMS_PER_QUERY * 4)
            ]
        # The key's runs of known letters, each where it stands once the glyphs before it
        # are as wide as `widths` says: a key of that length (the length mark says so) that
        # has them all is a reading. The run the tries were read by is there already.
        known: list[tuple[int, str]] = []
        start = shift = 0
        for place, width in [*zip(places, widths), (n, 0)]:
            if place > start:
                known.append((start + shift, key[start:place]))
            start = place + 1
            shift += width - 1
        # One run at a time: each pass is a plain list comprehension over fewer keys.
        for at, letters in known[1:] if head >= tail else known[:-1]:
            others = [other for other in others if other.startswith(letters, at)]
        return others

    def has_forms(self, key: str) -> bool:
        """Whether some form has the folded key `key`: one look-up, and no list made."""
        return f"{length_mark(len(key))}{key}" in self._keys

    def words_of_key(self, key: str) -> list[str]:
        """The forms with the folded key `key` that are words on their own: the words spelt
        like a variant of a token (its rewriting with a misreading undone: `dr` with `d` read
        as `ä` is `är`) up to the letter families. Most variants spell no key at all, and
        for those this is one look-up (has_forms), with nothing remembered."""
        if not self.has_forms(key):
            return []
        flags = self.lexicon.flags
        return [form for form in self.forms(key) if flags(form) & STANDALONE]

    # -- the search ---------------------------------------------------------------------------

    def search(
        self,
        token: str,
        *,
        max_edits: int | None = None,
        compounds: bool = True,
        unknown: frozenset[str] = frozenset(),
        names: bool = False,
    ) -> dict[str, tuple[str, ...]]:
        """Words `token` may be a misreading of: each word (as the lexicon spells it) with its
        parts (one part, or the parts of a compound no list holds).

        `max_edits` (edits outside the letter families) defaults to :func:`max_edits_for`
        the token's length; with 0, a compound's parts are found by their keys alone.
        Characters in `unknown` are glyphs the engine could not read: each may be any letter.
        `names` looks for compounds begun by a place name too (for a capitalised token).
        """
        if max_edits is None:
            max_edits = max_edits_for(len(token))
        found: dict[str, tuple[str, ...]] = {}
        for form in self._words(token, max_edits, STANDALONE):
            found.setdefault(form, (form,))
        if unknown:
            for form in self.with_unknown(fold(token), unknown, commonest=MAX_GLYPH_FORMS):
                found.setdefault(form, (form,))
        if compounds and len(token) >= 2 * MIN_PART + 1:
            compounds_found = self._compounds(token, max_edits > 0, names)
            for word, parts in islice(compounds_found, MAX_COMPOUNDS):
                if word not in found:
                    found[word] = parts
        return found

    def _words(self, token: str, max_edits: int, role: int) -> list[str]:
        """Forms with the role `role` (a lexicon flag) that `token` may be."""
        key = fold(token)
        forms = self.forms(key)
        if max_edits:
            forms.extend(self.near(key, max_edits))
        flags = self.lexicon.flags
        return [form for form in dict.fromkeys(forms) if flags(form) & role]

    def _name_compounds(self, token: str, key: str) -> list[tuple[list[str], list[str]]]:
        """Splits of a compound begun by a place name, which may end in any word (see
        Lexicon.split_compound): the word as it stands, the name searched."""
        n = len(key)
        flags = self.lexicon.flags
        splits = []
        for cut in range(MIN_NAME_PART, n - MIN_NAME_COMPOUND_END + 1):
            lasts = [f for f in self.forms(key[cut:]) if flags(f) & STANDALONE]
            if not lasts:
                continue
            rest = token[:cut]
            begins = self._words(rest, max_edits_for(len(rest)), BEGIN)
            names = [f for f in begins if is_capitalised(f)]
            if names:
                splits.append((names, lasts))
        return splits

    def _compounds(
        self, token: str, edits: bool, names: bool = False
    ) -> Iterable[tuple[str, tuple[str, ...]]]:
        """Compounds of two parts, one of them found by its key as it stands and the other
        searched like a word (with `edits`, as many as its length allows; without, by its
        key alone)."""
        key = fold(token)
        n = len(key)
        if len(token) != n:
            return  # a merge (`rn` → `m`) shifted the letters: no clean cut
        flags = self.lexicon.flags
        splits: list[tuple[list[str], list[str]]] = []
        # A first part whose key the token's key starts with (the longest few: a longer
        # known part leaves less to search, and is the likelier split) ...
        heads = sorted(self._begin.prefixes(key), key=len, reverse=True)[:MAX_SPLITS]
        for head in heads:
            cut = len(head)
            if cut < MIN_PART or n - cut < MIN_PART + 1:
                continue
            firsts = [
                f for f in self.forms(head) if flags(f) & _PARTS_ROLE_FIRST or f in PREFIXES
            ]
            if firsts:
                rest = token[cut:]
                limit = max_edits_for(len(rest)) if edits else 0
                splits.append((firsts, self._words(rest, limit, END)))
        # ... or a last part whose key it ends with.
        tails = sorted(self._end.prefixes(key[::-1]), key=len, reverse=True)[:MAX_SPLITS]
        for tail in tails:
            cut = n - len(tail)
            if cut < MIN_PART + 1 or len(tail) < MIN_PART:
                continue
            lasts = [f for f in self.forms(tail[::-1]) if flags(f) & END]
            if lasts:
                rest = token[:cut]
                limit = max_edits_for(len(rest)) if edits else 0
                splits.append((self._words(rest, limit, _PARTS_ROLE_FIRST), lasts))
        if edits and names:
            splits.extend(self._name_compounds(token, key))
        seen: set[str] = set()
        for firsts, lasts in splits:
            for first in firsts:
                for last in lasts:
                    word = _join(first, last)
                    if word not in seen:
                        seen.add(word)
                        yield word, (first, last)


def _glyph_layouts(key: str, unknown: frozenset[str]) -> list[tuple[list[int], list[int]]]:
    """Where the glyphs of `unknown` stand in `key`, and how many letters each stands for:
    one each, and a blob mark (BLOB_GLYPHS) two, one at a time."""
    places = [i for i, char in enumerate(key) if char in unknown]
    if not places:
        return []
    layouts = [(places, [1] * len(places))]
    for at, place in enumerate(places):
        if key[place] in BLOB_GLYPHS:
            widths = [1] * len(places)
            widths[at] = 2
            layouts.append((places, widths))
    return layouts


def _within(query: str, choices: list[str], max_edits: int) -> list[tuple[str, int]]:
    """The `choices` within `max_edits` edits of `query`, each with its distance."""
    return [
        (choice, int(distance))
        for choice, distance, _ in process.extract(
            query, choices, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=None
        )
    ]


def _join(first: str, last: str) -> str:
    """The written compound: a proper noun keeps its capital only as the first part."""
    return first + (last.lower() if first else last)


def get_index(lexicon_name: str = "sv") -> CandidateIndex:
    """The candidate index of the packaged lexicon, loaded once (and shared: `get_index()`
    and `get_index("sv")` are the same object, with the same caches)."""
    return _load_index(lexicon_name)


@functools.lru_cache(maxsize=4)
def _load_index(lexicon_name: str) -> CandidateIndex:
    lexicon = get_lexicon(lexicon_name)
    folder = DATA_DIR if lexicon_name == "sv" else Path(lexicon_name).parent
    return CandidateIndex(folder, lexicon)
