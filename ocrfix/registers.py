"""Text inside Swedish text that is not Swedish prose: English, and code.

Swedish documents quote English (titles, product names, technical terms, whole sentences)
and hold code (commands, paths, configuration). Their words are not misread Swedish words and
must not be "corrected" into Swedish (`roots` → `boots`, `uniq` → `unik`, `the quick brown
fox`). We tell them apart from the text itself:

- **English**: a word the Swedish lexicon rejects that is much commoner in English than in
  Swedish (:func:`is_english`), or a run of words commoner in English than in Swedish with
  one such word among them (:func:`english_spans`). Frequencies come from wordfreq (English,
  in `ocrfix/data/en_frequent.marisa`, built by `lexicon/english.py`; Swedish, in the lexicon).
  Common English words that OCR makes of Swedish ones (`pa`, `dr`, `fr`) are about as common
  in Swedish web text, and so are never taken for English.
- **Code**: a line with two kinds of the signs of code (braces, a semicolon at the end, `==`,
  `->`, `&&`, a `$` variable, `snake_case` or `camelCase` names, `--options`, a path, a
  pipe, a file name) is code (:func:`code_lines`).

>>> from ocrfix.lexicon import get_lexicon
>>> text = "Vi skrev the quick brown fox som testmening."
>>> [text[a:b] for a, b in english_spans(text, get_lexicon())]
['the', 'quick', 'brown', 'fox']
>>> [line for line in "Kör detta:\\nfor (i = 0; i < n; i++) { sum += a[i]; }".splitlines()
...  if is_code_line(line)]
['for (i = 0; i < n; i++) { sum += a[i]; }']
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import marisa_trie  # type: ignore[import-not-found,unused-ignore]  # ships no type stubs
import regex

from ocrfix.lexicon import Lexicon
from ocrfix.memo import remember

DATA_PATH = Path(__file__).resolve().parent / "data" / "en_frequent.marisa"
# Beside it, what it holds and how it was made; the reader checks its format.
META_PATH = DATA_PATH.with_suffix(".json")
FORMAT = "ocrfix-english/2"
# A word's value in the trie: its English Zipf frequency × 100.
RECORD = "<H"

#: A word is English on its own when it is at least this common in English (Zipf) ...
STRONG_ENGLISH_ZIPF = 3.5
#: ... and this much commoner in English than in Swedish (Zipf: ten times).
STRONG_ENGLISH_MARGIN = 1.0
#: A word shorter than this is never English on its own.
MIN_ENGLISH_LETTERS = 3
#: A word may belong to a run of English when it is this common in English and at least as
#: common as in Swedish.
ENGLISH_ZIPF = 3.0

_WORD_RE = regex.compile(r"\p{L}+")
# What may stand between the words of one run: spaces and the punctuation of a phrase, not
# the end of a sentence or a line.
_BETWEEN_RE = regex.compile(r"[ \t,'’\"”“:;()-]*")


class EnglishWords:
    """Common English words with their English Zipf frequency, from a marisa RecordTrie.

    The trie is memory-mapped, not read into a dict: most pages ask about a few words, and a
    process that repairs one short text should not pay for reading 28,000."""

    def __init__(self, path: Path = DATA_PATH, meta_path: Path = META_PATH) -> None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"{meta_path}: cannot read the English word list's metadata "
                             f"({error}); rebuild it with lexicon/english.py") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise ValueError(f"{meta_path}: format {found!r}, expected {FORMAT!r}; "
                             "rebuild it with lexicon/english.py")
        if not path.is_file():
            raise FileNotFoundError(f"English word list not found: {path}")
        self._trie = marisa_trie.RecordTrie(RECORD)
        self._trie.mmap(str(path))
        if len(self._trie) != meta.get("words"):
            raise ValueError(f"{path}: {len(self._trie)} words, but {meta_path} says "
                             f"{meta.get('words')}; rebuild it with lexicon/english.py")

    def __len__(self) -> int:
        return len(self._trie)

    def zipf(self, word: str) -> float:
        """The English Zipf frequency of `word` (in lower case), 0.0 when it is not listed."""
        found = self._trie.get(word)
        return found[0][0] / 100 if found else 0.0


@functools.lru_cache(maxsize=1)
def get_english() -> EnglishWords:
    """The packaged English word list (`en_frequent.marisa`), opened once."""
    return EnglishWords()


def _swedish_zipf(word: str, lexicon: Lexicon) -> float:
    # The lexicon's frequency, also for the forms it keeps only as typed without marks
    # (`pa`, 4.6): that is how often Swedish writers print them.
    return max(lexicon.zipf(word), lexicon.form_zipf(word))


def is_english(word: str, lexicon: Lexicon) -> bool:
    """True for a word much commoner in English than in Swedish (`the`, `roots`, `cite`).
    Two letters are too few to tell (`pd`, `sd` are Swedish `på`, `så` misread)."""
    if len(word) < MIN_ENGLISH_LETTERS:
        return False
    lower = word.lower()
    english = get_english().zipf(lower)
    return english >= STRONG_ENGLISH_ZIPF and (
        english >= _swedish_zipf(lower, lexicon) + STRONG_ENGLISH_MARGIN
    )


def english_spans(
    text: str, lexicon: Lexicon, *, min_words: int = 1
) -> list[tuple[int, int]]:
    """The words of `text` that are English: a word much commoner in English, and the run of
    words commoner in English than in Swedish it stands in; with `min_words`, only runs of
    at least that many words (a lone word may be Swedish misread: `bam` is `barn`)."""
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    strong = False
    previous_end = -1

    def close() -> None:
        if strong and len(run) >= min_words:
            spans.extend(run)

    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        joined = previous_end >= 0 and _BETWEEN_RE.fullmatch(text, previous_end, start)
        if run and not joined:
            close()
            run, strong = [], False
        if english_zipf(word, lexicon) is not None:
            run.append((start, end))
            strong = strong or is_english(word, lexicon)
        else:
            close()
            run, strong = [], False
        previous_end = end
    close()
    return spans


def english_zipf(word: str, lexicon: Lexicon) -> float | None:
    """How common `word` is in English (Zipf), when it is commoner there than in Swedish;
    else None. A word the lexicon rejects may be English quoted in Swedish text: the word
    stage weighs keeping it by this."""
    lower = word.lower()
    english = get_english().zipf(lower)
    if english < ENGLISH_ZIPF or english < _swedish_zipf(lower, lexicon):
        return None
    return english


# The signs of code: each kind of sign, its pattern, and the characters it needs one of (none
# for a kind that needs no particular one).
_CODE_SIGNS = (
    ("brace", r"[{}]", "{}"),
    ("semicolon", r";[ \t]*$", ";"),  # one that ends the line
    ("call", r"\w\( | \(\)", "("),  # a call
    ("operator", r"==|!=|<=|>=|->|=>|::|&&|\|\||\+=|-=|\+\+", "=!<>-:&|+"),
    ("variable", r"\$[\w{(]", "$"),  # a shell or template variable
    ("snake", r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", "_"),  # snake_case
    ("camel", r"\b\p{Ll}+\p{Lu}\w*\b", ""),  # camelCase
    ("option", r"(?:^|\s)--?[a-zA-Z][\w-]*", "-"),  # a command's option
    ("path", r"(?:^|\s)[./~]?/\w+/", "/"),  # a path
    ("assign", r"\b\w+\s?=\s?\S", "="),  # an assignment
    ("pipe", r"\s[|>]\s", "|>"),  # a shell's pipe or redirection
    ("statement", r";[ \t]*(?:do|then)\b", ";"),  # a shell's loop or condition
    ("indent", r"^(?:\t|[ ]{4})", "\t "),  # an indented line of a block
    ("file", r"\b\w+\.(?:txt|csv|tsv|py|sh|json|xml|html?|md|log|conf|cfg|ini|ya?ml|js|c|h)\b",
     "."),
)
_SIGN_CHARS = frozenset("".join(chars for _, _, chars in _CODE_SIGNS))
# Each kind with its pattern and the characters it needs, in _CODE_SIGNS' order.
_SIGN_NEEDS = tuple((kind, pattern, frozenset(chars)) for kind, pattern, chars in _CODE_SIGNS)
# What a camelCase name and a file name cannot be without: one simple scan each tells whether
# the costlier patterns, tried at every word, are worth trying.
_SIGN_HINTS = {
    "camel": regex.compile(r"\p{Ll}\p{Lu}"),
    "file": regex.compile(r"\.(?:txt|csv|tsv|py|sh|json|xml|html?|md|log|conf|cfg|ini|ya?ml|js|c|h)\b"),
}


@functools.lru_cache(maxsize=None)
def _sign_pattern(pattern: str) -> regex.Pattern[str]:
    """The pattern of one kind of sign, compiled the first time a line may hold it: at most
    one compile a kind a process (a pattern for each set of kinds a line may hold would
    be one compile for each new set, and technical text keeps bringing new ones)."""
    return regex.compile(pattern, regex.VERBOSE | regex.MULTILINE)


# The signs of lines already looked at: the word stage judges each line with the lines
# around it (code_lines), so a line is looked at up to three times a reading, and again when
# the page is read again. At most this many lines (ocrfix.memo; about 300 bytes each).
_KNOWN_SIGNS: dict[str, frozenset[str]] = {}
_KNOWN_SIGNS_LIMIT = 10_000


def _signs(line: str) -> frozenset[str]:
    """The kinds of sign of code in `line` (remembered: see _found_signs)."""
    known = _KNOWN_SIGNS.get(line)
    if known is None:
        # The last line of a window (code_lines' caller) comes without its line end, and
        # the same line with it when it is read in the middle of the next: its signs are
        # the same, but for a pipe or a redirection that ends it (`ls |`), which only the
        # line end after it makes a sign.
        bare = line[:-1] if line.endswith("\n") else line
        if bare[-1:] not in ("|", ">", ""):
            known = _KNOWN_SIGNS.get(line + "\n" if bare == line else bare)
        if known is None:
            known = remember(_KNOWN_SIGNS, line, _found_signs(line), _KNOWN_SIGNS_LIMIT)
    return known


def _found_signs(line: str) -> frozenset[str]:
    """The kinds of sign of code in `line`.

    Only the kinds whose characters (or hint, _SIGN_HINTS) the line holds are looked for: a
    kind that cannot match anywhere changes nothing in what the others match, and a line of
    prose holds few of them, so the search is several times quicker than with every kind.
    Each kind is searched for with its own pattern, and the matches are taken as one
    alternation of them would take them (a match hides what it covers: `a == b` is an
    assignment, not also an operator)."""
    present = _SIGN_CHARS.intersection(line)
    # In _CODE_SIGNS' order, which decides between two kinds that match at one place.
    patterns = [
        (kind, _sign_pattern(pattern))
        for kind, pattern, chars in _SIGN_NEEDS
        if (not chars or chars & present)
        and (kind not in _SIGN_HINTS or _SIGN_HINTS[kind].search(line) is not None)
    ]
    if not patterns:
        return frozenset()
    # What one alternation of the kinds' patterns would find, scanning from the left: at
    # each step the leftmost match wins, the earliest kind among those that start there,
    # and the search goes on after it.
    ahead: list[regex.Match[str] | None] = [pattern.search(line) for _, pattern in patterns]
    found: set[str] = set()
    at = 0
    while len(found) < len(patterns):
        first: regex.Match[str] | None = None
        first_kind = ""
        for index, (kind, pattern) in enumerate(patterns):
            match = ahead[index]
            if match is not None and match.start() < at:
                match = ahead[index] = pattern.search(line, at)
            if match is not None and (first is None or match.start() < first.start()):
                first, first_kind = match, kind
        if first is None:
            break
        found.add(first_kind)
        # Every kind's match holds a character, so this is its end; a pattern that could match
        # nothing would still not stop the scan.
        at = max(first.end(), at + 1)
    return frozenset(found)


#: A line with this many kinds of sign of code is code, one of them of its syntax: one kind
#: alone is not, nor are names and bars alone (`_` and `|` are also what engines print for
#: glyphs they cannot read, and damaged Swedish has many of them).
MIN_CODE_SIGNS = 2
_WEAK_SIGNS = frozenset({"snake", "camel", "pipe", "indent"})


def _is_code(kinds: frozenset[str]) -> bool:
    return len(kinds) >= MIN_CODE_SIGNS and bool(kinds - _WEAK_SIGNS)


def is_code_line(line: str) -> bool:
    """True for a line of code, a command or configuration (see the module)."""
    return _is_code(_signs(line))


def code_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of `text` that are code: a line with the signs of code, and a
    line with one sign next to such a line (a block of code has lines with few signs:
    `for f in *.txt; do`)."""
    lines = []
    code = []
    start = 0
    for line in text.splitlines(keepends=True):
        signs = _signs(line)
        lines.append((start, start + len(line), len(signs)))
        code.append(_is_code(signs))
        start += len(line)
    for i, (_, _, count) in enumerate(lines):
        if count and not code[i] and (
            (i > 0 and code[i - 1]) or (i + 1 < len(lines) and code[i + 1])
        ):
            code[i] = True
    return [(a, b) for (a, b, _), is_code in zip(lines, code) if is_code]
