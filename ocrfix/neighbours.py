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

The counts are plain text, one record per line, so a user can train on their own corpus
(``ocrfix lexicon train``) and read what was learned.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex


DATA_PATH = Path(__file__).resolve().parent / "data" / "sv_context.tsv"
HEADER = "#ocrfix-context v1"

BOUNDARY = "<s>"
NUMBER = "<num>"

# A word, or a number (`5`, `1990`, `3,5`); anything else between words is punctuation.
_WORD_RE = regex.compile(r"\p{L}+(?:[-’']\p{L}+)*|\d+(?:[.,]\d+)*")
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


@dataclass
class NeighbourCounts:
    """Counts of the neighbours of the words the model decides (the `family`)."""

    count: Counter[str] = field(default_factory=Counter)  # c(v)
    left: Counter[tuple[str, str]] = field(default_factory=Counter)  # c(p, v)
    right: Counter[tuple[str, str]] = field(default_factory=Counter)  # c(v, n)

    def add_text(self, text: str, in_family: Callable[[str], bool]) -> None:
        """Count the neighbours of the family words in `text`."""
        for words in sentence_words(text):
            padded = [BOUNDARY, *words, BOUNDARY]
            for i in range(1, len(padded) - 1):
                word = padded[i]
                if in_family(word):
                    self.count[word] += 1
                    self.left[(padded[i - 1], word)] += 1
                    self.right[(word, padded[i + 1])] += 1

    def update(self, other: NeighbourCounts) -> None:
        """Add another model's counts to these (a user's text to the packaged model)."""
        self.count.update(other.count)
        self.left.update(other.left)
        self.right.update(other.right)

    def save(self, path: Path, note: str = "") -> None:
        """Write the counts as text: `C word n`, `L left word n`, `R word right n`."""
        lines = [HEADER]
        if note:
            lines.extend(f"# {line}" for line in note.splitlines())
        lines.extend(f"C\t{w}\t{n}" for w, n in sorted(self.count.items()))
        lines.extend(f"L\t{p}\t{w}\t{n}" for (p, w), n in sorted(self.left.items()))
        lines.extend(f"R\t{w}\t{x}\t{n}" for (w, x), n in sorted(self.right.items()))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> NeighbourCounts:
        """Read counts written by :meth:`save`."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read the context model {path}: {error}") from None
        if not lines or lines[0] != HEADER:
            raise ValueError(f"{path} is not an ocrfix context model (expected {HEADER!r})")
        counts = cls()
        for number, line in enumerate(lines[1:], start=2):
            if not line or line.startswith("#"):
                continue
            kind, *fields = line.split("\t")
            try:
                if kind == "C" and len(fields) == 2:
                    counts.count[fields[0]] = int(fields[1])
                elif kind == "L" and len(fields) == 3:
                    counts.left[(fields[0], fields[1])] = int(fields[2])
                elif kind == "R" and len(fields) == 3:
                    counts.right[(fields[0], fields[1])] = int(fields[2])
                else:
                    raise ValueError(kind)
            except ValueError:
                raise ValueError(f"{path}:{number}: not a context record: {line!r}") from None
        return counts


class ContextModel:
    """Answers how well a word fits between two neighbours, from NeighbourCounts."""

    def __init__(self, counts: NeighbourCounts) -> None:
        self.counts = counts
        # T(v): how many different words were seen on each side of v.
        self._left_types: Counter[str] = Counter(w for _, w in counts.left)
        self._right_types: Counter[str] = Counter(w for w, _ in counts.right)

    def fits(
        self, words: Sequence[str], left: str, right: str, frequency: Callable[[str], float]
    ) -> list[float] | None:
        """How much likelier each of `words` is between `left` and `right` than on its own.

        All are normalised forms (:func:`normalise`); `frequency` gives a word's general
        probability (q). None when one of the words never occurred in the training text:
        the counts cannot compare a word they know with one they do not.
        """
        if not all(self.counts.count.get(word) for word in words):
            return None
        return [self._fit(word, left, right, frequency) for word in words]

    def _fit(
        self, word: str, left: str, right: str, frequency: Callable[[str], float]
    ) -> float:
        seen = self.counts.count[word]
        factor = 1.0
        for neighbour, pairs, types in (
            (left, self.counts.left, self._left_types),
            (right, self.counts.right, self._right_types),
        ):
            q = _general(neighbour, frequency)
            pair = (neighbour, word) if pairs is self.counts.left else (word, neighbour)
            variety = types[word]
            smoothed = (pairs.get(pair, 0) + variety * q) / ((seen + variety) * q)
            factor *= TRUST * smoothed + (1 - TRUST)
        return factor


def _general(word: str, frequency: Callable[[str], float]) -> float:
    if word == BOUNDARY:
        return BOUNDARY_PROBABILITY
    if word == NUMBER:
        return NUMBER_PROBABILITY
    # A word the lexicon never saw is at least as rare as its rarest listed words.
    return max(frequency(word), 1e-9)


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The normalised words left and right of text[start:end], or BOUNDARY."""
    left = BOUNDARY
    previous = None
    for previous in _WORD_RE.finditer(text, max(0, start - _WINDOW), start):
        pass
    if previous is not None and not _BOUNDARY_RE.search(text, previous.end(), start):
        left = normalise(previous.group())
    right = BOUNDARY
    following = _WORD_RE.search(text, end, min(len(text), end + _WINDOW))
    if following is not None and not _BOUNDARY_RE.search(text, end, following.start()):
        right = normalise(following.group())
    return left, right


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

