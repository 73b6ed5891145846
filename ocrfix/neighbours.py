"""Which words stand next to which: the context model for words that only context decides.

`vara` and `våra`, `man` and `män`, `for` and `för` are all Swedish words, so the lexicon
cannot tell which one a page meant; their neighbours can (`att vara`, `i våra`, `5 år`). The
model counts, in clean running Swedish, the neighbours of every confusable word (a word
whose å/ä/ö variant is also a word) and answers how much more likely one variant is than
another between a given left and right neighbour.

For a candidate `v` with left neighbour `p` and right neighbour `n` the evidence is

    P(p | v) / q(p)  ·  P(n | v) / q(n)

where q is a word's general frequency (the lexicon's) and P(n | v) is Witten-Bell smoothed
and then mixed with q, since the counts come from other text than the page (TRUST):

    P(n | v) = TRUST · (c(v, n) + T(v) · q(n)) / (c(v) + T(v))  +  (1 − TRUST) · q(n)

with c the counts and T(v) the number of different words seen after v. A word never seen
in the training text gets no evidence either way (factor 1); a frequent word seldom
followed by `n` gets evidence against it, as much as its variety of neighbours allows.
Each side is a separate factor (naive Bayes); numbers count as one word, `<num>`, and
sentence boundaries as `<s>`.

A user trains the counts on their own corpus (``ocrfix lexicon train``) and reads what was
learned: they are plain text, one record a line. The packaged counts are JSON, the same tables
kept by word (NeighbourCounts.save), which a process reads in a third of the time: a new
process reads them before its first damaged page.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern

import regex

from ocrfix.memo import remember


DATA_PATH = Path(__file__).resolve().parent / "data" / "sv_context.json"
# The first line of the text form, and the format of the JSON form (see NeighbourCounts.save).
HEADER = "#ocrfix-context v1"
FORMAT = "ocrfix-context/2"

BOUNDARY = "<s>"
NUMBER = "<num>"

# A word, or a number (`5`, `1990`, `3,5`); anything else between words is punctuation.
_WORD_RE = regex.compile(r"\p{L}+(?:[-’']\p{L}+)*|\d+(?:[.,]\d+)*")
# The same, searched backwards from a position: the nearest word before it.
_WORD_BEFORE_RE = regex.compile(r"(?r)\p{L}+(?:[-’']\p{L}+)*|\d+(?:[.,]\d+)*")
# Punctuation that ends a sentence or a clause, so that the words on either side are not
# neighbours: `. ! ? ; :` and a blank line.
_BOUNDARY_RE = regex.compile(r"[.!?;:…]|\n[ \t]*\n")
# How far to look for a neighbour, in characters: a word and the spaces around it.
_WINDOW = 64

# How far the counts apply to the text being repaired: they come from other text (help
# pages, a user's older documents), so half the time a word's neighbours there say nothing
# about its neighbours here, and the general frequency stands. This bounds what a pair never
# seen in training can cost a word to a factor of 1/2 a side, while a pair seen often still
# counts fully.
TRUST = 0.5

# Frequency of a sentence boundary among tokens: about one in fifteen in Swedish prose.
BOUNDARY_PROBABILITY = 1 / 15
# Frequency of a number among tokens of running text (report prose has more).
NUMBER_PROBABILITY = 0.01


def normalise(word: str) -> str:
    """The form a word is counted under: lower case, numbers as NUMBER."""
    return NUMBER if word[:1].isdigit() else word.lower()


def sentence_words(text: str) -> Iterable[list[str]]:
    """The words of `text`, normalised, grouped by sentence or clause."""
    start = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        words = [normalise(m.group()) for m in _WORD_RE.finditer(text, start, boundary.start())]
        if words:
            yield words
        start = boundary.end()
    words = [normalise(m.group()) for m in _WORD_RE.finditer(text, start)]
    if words:
        yield words


def word_class(word: str) -> str:
    """The class a neighbour is counted under when the word itself was never seen there.

    Short words are mostly function words and are their own class (`i`, `och`, `att`);
    a longer word is known by its last two letters, which in Swedish carry its inflection:
    `-ar`, `-er`, `-or` plural nouns and present-tense verbs, `-na` definite plurals,
    `-de`, `-te` past tenses, `-ig`, `-sk` adjectives.

    >>> [word_class(w) for w in ("och", "kunder", "<num>", "barnen")]
    ['och', '-er', '<num>', '-en']
    """
    if len(word) <= 3 or word in (BOUNDARY, NUMBER):
        return word
    return "-" + word[-2:]


# What a count table holds: a word and, for each neighbour (or neighbour class) seen beside it,
# how often. Kept by word, so that a word's counts and how many kinds of neighbour it had
# (the Witten-Bell T(v): the table's length) are found without a pass over all pairs.
Table = dict[str, dict[str, int]]


@dataclass
class NeighbourCounts:
    """Counts of the neighbours of the words the model decides (the `family`).

    The pair tables are kept by the family word: ``left[v][p]`` is c(p, v), ``right[v][n]``
    is c(v, n), and ``left_class`` and ``right_class`` count the neighbours' word classes."""

    count: dict[str, int] = field(default_factory=dict)  # c(v)
    left: Table = field(default_factory=dict)  # v → p → c(p, v)
    right: Table = field(default_factory=dict)  # v → n → c(v, n)
    classes: dict[str, int] = field(default_factory=dict)  # every token's word_class
    left_class: Table = field(default_factory=dict)  # v → class(p) → c(class(p), v)
    right_class: Table = field(default_factory=dict)  # v → class(n) → c(v, class(n))

    def add_text(self, text: str, in_family: Callable[[str], bool]) -> None:
        """Count the neighbours of the family words in `text`."""
        for words in sentence_words(text):
            padded = [BOUNDARY, *words, BOUNDARY]
            for word in padded[1:]:
                _add(self.classes, word_class(word), 1)
            for i in range(1, len(padded) - 1):
                word = padded[i]
                if in_family(word):
                    before, after = padded[i - 1], padded[i + 1]
                    _add(self.count, word, 1)
                    _add(self.left.setdefault(word, {}), before, 1)
                    _add(self.right.setdefault(word, {}), after, 1)
                    _add(self.left_class.setdefault(word, {}), word_class(before), 1)
                    _add(self.right_class.setdefault(word, {}), word_class(after), 1)

    def update(self, other: NeighbourCounts) -> None:
        """Add another model's counts to these (a user's text to the packaged model)."""
        for name in _COUNTS:
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, n in theirs.items():
                _add(mine, key, n)
        for name in _TABLES:
            mine, theirs = getattr(self, name), getattr(other, name)
            for word, seen in theirs.items():
                row = mine.setdefault(word, {})
                for key, n in seen.items():
                    _add(row, key, n)

    def save(self, path: Path, note: str = "") -> None:
        """Write the counts to `path`: as JSON when its name ends in ``.json`` (quick to load,
        as the packaged model is), else as text, one record a line, tab-separated.

        The text has `C word n`, `L left word n`, `R word right n`, and for word classes
        `K class n`, `LK class word n`, `RK word class n`. The JSON has the tables as they
        are kept (see the class), under FORMAT."""
        if path.suffix == ".json":
            document: dict[str, object] = {"format": FORMAT, "note": note}
            document.update((name, getattr(self, name)) for name in (*_COUNTS, *_TABLES))
            path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")) + "\n", encoding="utf-8")
            return
        lines = [HEADER]
        if note:
            lines.extend(f"# {line}" for line in note.splitlines())
        for kind, name, neighbour_first in _RECORD_KINDS:
            table = getattr(self, name)
            rows: list[tuple[tuple[str, ...], int]]
            if neighbour_first is None:
                rows = [((word,), n) for word, n in table.items()]
            else:
                rows = [((other, word) if neighbour_first else (word, other), n)
                        for word, row in table.items() for other, n in row.items()]
            for fields, n in sorted(rows):
                lines.append("\t".join((kind, *fields, str(n))))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> NeighbourCounts:
        """Read counts written by :meth:`save`, as JSON or as text."""
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read the context model {path}: {error}") from None
        if content[:64].lstrip().startswith("{"):
            return cls._from_json(path, content)
        lines = content.splitlines()
        if not lines or lines[0] != HEADER:
            raise ValueError(
                f"{path} is not an ocrfix context model (expected {HEADER!r} or JSON)"
            )
        counts = cls()
        kinds = {kind: (getattr(counts, name), neighbour_first)
                 for kind, name, neighbour_first in _RECORD_KINDS}
        for number, line in enumerate(lines[1:], start=2):
            if not line or line.startswith("#"):
                continue
            kind, *fields = line.split("\t")
            try:
                table, neighbour_first = kinds[kind]
                if neighbour_first is None:
                    word, n = fields
                    # Interned: the same words recur across tens of thousands of pairs.
                    table[intern(word)] = int(n)
                    continue
                first, second, n = fields
                word, other = (second, first) if neighbour_first else (first, second)
                table.setdefault(intern(word), {})[intern(other)] = int(n)
            except (KeyError, ValueError):
                raise ValueError(f"{path}:{number}: not a context record: {line!r}") from None
        return counts

    @classmethod
    def _from_json(cls, path: Path, content: str) -> NeighbourCounts:
        try:
            document = json.loads(content)
        except ValueError as error:
            raise ValueError(f"{path} is not an ocrfix context model: {error}") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            found = document.get("format") if isinstance(document, dict) else None
            raise ValueError(f"{path}: context model format {found!r}, expected {FORMAT!r}")
        for name in _COUNTS:
            if not _is_counts(document.get(name)):
                raise ValueError(f"{path}: {name!r} is not a table of counts")
        for name in _TABLES:
            table = document.get(name)
            if not isinstance(table, dict) or not all(map(_is_counts, table.values())):
                raise ValueError(f"{path}: {name!r} is not a table of counts by word")
        return cls(**{name: document[name] for name in (*_COUNTS, *_TABLES)})


# The records of the text form, in the order it writes them: each kind, the table it counts
# into, and for a pair whether the record names the neighbour first (L, LK) or the word (R,
# RK); None for a count by word.
_RECORD_KINDS: tuple[tuple[str, str, bool | None], ...] = (
    ("C", "count", None),
    ("L", "left", True),
    ("R", "right", False),
    ("K", "classes", None),
    ("LK", "left_class", True),
    ("RK", "right_class", False),
)
# The tables of counts by word, and the tables of counts of pairs by family word.
_COUNTS = tuple(name for _, name, neighbour_first in _RECORD_KINDS if neighbour_first is None)
_TABLES = tuple(name for _, name, neighbour_first in _RECORD_KINDS if neighbour_first is not None)


def _add(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _is_counts(table: object) -> bool:
    """Whether `table` is a JSON object of counts: text keys (as JSON's always are), ints."""
    return isinstance(table, dict) and set(map(type, table.values())) <= _INT


_INT = frozenset({int})
# The row of a word with no neighbours counted on a side (a model made by hand may lack it).
_NO_COUNTS: dict[str, int] = {}


class ContextModel:
    """Answers how well a word fits between two neighbours, from NeighbourCounts."""

    def __init__(self, counts: NeighbourCounts) -> None:
        self.counts = counts
        self._tokens = sum(counts.classes.values()) or 1
        # Answers already given: documents repeat their phrases.
        self._known: dict[tuple[object, ...], list[float] | None] = {}

    def fits(
        self, words: Sequence[str], left: str, right: str, frequency: Callable[[str], float]
    ) -> list[float] | None:
        """How much likelier each of `words` is between `left` and `right` than on its own.

        All are normalised forms (:func:`normalise`); `frequency` gives a word's general
        probability (q). None when one of the words never occurred in the training text:
        the counts cannot compare a word they know with one they do not.
        """
        key = (tuple(words), left, right, frequency)
        known = self._known.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        answer = None
        if all(self.counts.count.get(word) for word in words):
            answer = [self._fit(word, left, right, frequency) for word in words]
        return remember(self._known, key, answer, _MEMO_LIMIT)

    def _fit(
        self, word: str, left: str, right: str, frequency: Callable[[str], float]
    ) -> float:
        c = self.counts
        seen = c.count[word]
        factor = 1.0
        for neighbour, pairs, class_pairs in (
            (left, c.left.get(word, _NO_COUNTS), c.left_class.get(word, _NO_COUNTS)),
            (right, c.right.get(word, _NO_COUNTS), c.right_class.get(word, _NO_COUNTS)),
        ):
            # P(class | word) / q(class), Witten-Bell smoothed towards 1 (the variety, T(v),
            # is how many kinds of neighbour the word was seen with) ...
            neighbour_class = word_class(neighbour)
            q_class = max(c.classes.get(neighbour_class, 0), 1) / self._tokens
            class_variety = len(class_pairs)
            class_lift = (class_pairs.get(neighbour_class, 0) / q_class + class_variety) / (
                seen + class_variety
            )
            # ... is what an unseen pair backs off to: P(n | word) / q(n).
            variety = len(pairs)
            lift = (pairs.get(neighbour, 0) / _general(neighbour, frequency)
                    + variety * class_lift) / (seen + variety)
            factor *= TRUST * lift + (1 - TRUST)
        return factor


_UNKNOWN: list[float] = []
# Answers remembered per model at most (ocrfix.memo: a bound on its memory).
_MEMO_LIMIT = 20_000


def _general(word: str, frequency: Callable[[str], float]) -> float:
    if word == BOUNDARY:
        return BOUNDARY_PROBABILITY
    if word == NUMBER:
        return NUMBER_PROBABILITY
    # A word the lexicon never saw is at least as rare as its rarest listed words.
    return max(frequency(word), 1e-9)


def neighbours(
    text: str, start: int, end: int, corrections: Mapping[int, str] | None = None
) -> tuple[str, str]:
    """The normalised words left and right of text[start:end], or BOUNDARY.

    `corrections` maps the start of a word already corrected to its correction, so that a
    neighbour is read as it was meant (`manga man` → `många` before `man`).
    """
    left = BOUNDARY
    previous = _WORD_BEFORE_RE.search(text, max(0, start - _WINDOW), start)
    if previous is not None and not _BOUNDARY_RE.search(text, previous.end(), start):
        left = _as_meant(previous, corrections)
    right = BOUNDARY
    following = _WORD_RE.search(text, end, min(len(text), end + _WINDOW))
    if following is not None and not _BOUNDARY_RE.search(text, end, following.start()):
        right = _as_meant(following, corrections)
    return left, right


def _as_meant(match: regex.Match[str], corrections: Mapping[int, str] | None) -> str:
    if corrections:
        corrected = corrections.get(match.start())
        if corrected is not None:
            found = _WORD_RE.search(corrected)
            if found is not None:
                return normalise(found.group())
    return normalise(match.group())


def zipf_probability(zipf: float) -> float:
    """A Zipf frequency as a probability per word (Zipf 9 is once per word)."""
    return 10 ** (zipf - 9) if zipf > 0 else 0.0


def train(
    texts: Iterable[str], *, extend: bool = True, in_family: Callable[[str], bool] | None = None
) -> NeighbourCounts:
    """Counts of confusable words' neighbours in `texts` (clean Swedish, one text each).

    With `extend` (the default) the packaged counts are added, so that words the texts do
    not use keep what the packaged model knows. Save the result with
    :meth:`NeighbourCounts.save` and use it with ``Config(context_model=path)``.
    """
    if in_family is None:
        from ocrfix.lexicon import get_lexicon

        in_family = get_lexicon().is_confusable
    counts = NeighbourCounts()
    for text in texts:
        counts.add_text(text, in_family)
    if extend:
        counts.update(NeighbourCounts.load(DATA_PATH))
    return counts


@functools.lru_cache(maxsize=4)
def get_context_model(path: str | None = None) -> ContextModel:
    """The packaged context model (or the one trained into `path`), loaded once."""
    return ContextModel(NeighbourCounts.load(Path(path) if path else DATA_PATH))

