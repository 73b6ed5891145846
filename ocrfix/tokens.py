"""
Splitting text into tokens with their offsets.

Every later stage needs to know where the words are, and it needs offsets
rather than copies, because every change it makes must point back into the
text. We do it with one compiled pattern, :data:`TOKEN_RE`, whose branches
are tried in order at each position. Every character of the text belongs to
exactly one token, so the tokens tile the text without gaps:

>>> [(kind, text[start:end]) for text in ["Se www.kommun.se, 6verens!"]
...  for kind, start, end in iter_tokens(text)]
... # doctest: +NORMALIZE_WHITESPACE
[('word', 'Se'), ('space', ' '), ('url', 'www.kommun.se'), ('punct', ','),
 ('space', ' '), ('mixed', '6verens'), ('punct', '!')]

Decisions worth knowing about:

- A word is letters only, with any combining marks that follow them (so an
  NFD ``"o\\u0308"`` stays inside its word). Hyphens and apostrophes are not
  part of words: ``IT-stöd`` is ``IT``, ``-``, ``stöd``, and
  ``barn- och`` keeps its hyphen as punctuation. The stages that care about
  hyphens (layout repair) look at the punctuation between words; the
  lexicon only ever sees plain words.
- Letters and digits in one run (``6verens``, ``f4``, ``10sa``, but also
  ``B12`` and ``3D``) are one ``mixed`` token. OCR turns ö into 6 and l into
  1, and we want to see such a word whole, not as ``6`` plus ``verens``.
  Deciding which mixed tokens are damage is left to :mod:`ocrfix.detect`.
- URLs, domain names and e-mail addresses are matched first and kept whole,
  so that nothing tries to correct the words inside them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import regex

#: A run of letters (with combining marks), such as ``Socialnämnden``.
WORD = "word"
#: A run mixing letters and digits, such as ``6verens``, ``f4`` or ``B12``.
MIXED = "mixed"
#: Digits, with decimal or thousands separators inside: ``42``, ``3,5``, ``1.000``.
NUMBER = "number"
#: Whitespace, including line breaks.
SPACE = "space"
#: One punctuation mark or symbol (``-``, ``%``, ``|``, ``{``), with any
#: combining marks that follow it.
PUNCT = "punct"
#: A web address: ``https://…``, ``www.…`` or a bare domain such as ``kommun.se``.
URL = "url"
#: An e-mail address.
EMAIL = "email"

#: All token kinds.
KINDS: tuple[str, ...] = (EMAIL, URL, MIXED, WORD, NUMBER, SPACE, PUNCT)

# Top-level domains we accept in a bare domain name (``kommun.se``). The list
# is short on purpose: a period followed by a common word after a missing
# space (``dagen.Nu``) must stay two words, so Swedish words such as "nu" and
# "de" are left out.
_TLDS = "se|com|org|net|eu|info|io|fi|dk|uk|gov|edu"

# The characters that end a sentence or close a bracket: a URL that is
# followed by them (``se www.kommun.se.``) does not include them.
_URL_TAIL = r"""[^\s<>"'.,;:!?)\]}]"""

TOKEN_RE = regex.compile(
    rf"""
    # An e-mail address first: its local part would otherwise be read as
    # words. Label counts are bounded so that a long run like "a.b.c.d…"
    # costs linear time, not quadratic.
    (?P<email> [\p{{L}}\p{{N}}_%+]++ (?:[.-][\p{{L}}\p{{N}}_%+]++){{0,8}}+
               @ [\p{{L}}\p{{N}}-]++ (?:\.[\p{{L}}\p{{N}}-]++){{1,8}}+ )
  | (?P<url>
    # A URL with a scheme or www. Greedy, then back off to the last
    # character that is not sentence punctuation ("se https://x.se/a.").
      (?:https?://|ftp://|www\.) [^\s<>"]* (?<={_URL_TAIL})
    # A bare domain name with a known top-level domain, maybe with a path.
    | [\p{{L}}\p{{N}}][\p{{L}}\p{{N}}-]*+ (?:\.[\p{{L}}\p{{N}}][\p{{L}}\p{{N}}-]*+){{0,8}}?
      \.(?:{_TLDS}) (?![\p{{L}}\p{{N}}])
      (?:/[^\s<>"]* {_URL_TAIL})?
    )
    # Letters and digits in one run: digits then a letter (6verens, 10sa),
    # or letters then a digit (f4, fullf6lja). Only decimal digits: "m²"
    # is a word and a number, not OCR damage.
  | (?P<mixed> (?: \p{{Nd}}++ \p{{L}} | (?:\p{{L}}\p{{M}}*)++ \p{{Nd}} ) [\p{{L}}\p{{M}}\p{{Nd}}]*+ )
  | (?P<word> (?:\p{{L}}\p{{M}}*)++ )
  | (?P<number> \p{{N}}++ (?:[.,]\p{{N}}++)*+ )
  | (?P<space> \s++ )
    # Anything else is one mark or symbol. A stray combining mark at the
    # start of the text, or after a space, also ends up here.
  | (?P<punct> [^\s\p{{L}}\p{{N}}] \p{{M}}*+ )
    """,
    regex.VERBOSE | regex.VERSION1,
)


def iter_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """
    Yield ``(kind, start, end)`` for every token of ``text``, in order.

    The kinds are the module constants (:data:`WORD`, :data:`MIXED`,
    :data:`NUMBER`, :data:`SPACE`, :data:`PUNCT`, :data:`URL`,
    :data:`EMAIL`). No substrings are made; slice the text when you need one.

    >>> text = "barn- och ungdomsvården"
    >>> [text[s:e] for kind, s, e in iter_tokens(text) if kind == WORD]
    ['barn', 'och', 'ungdomsvården']
    """
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup
        assert kind is not None  # every branch is a named group
        start, end = match.span()
        yield kind, start, end


# Quotes and brackets that may stand between a sentence's end and its first word.
_OPENERS = "\"'”“«»("


def capital_expected(text: str, start: int) -> bool:
    """True where Swedish requires a capital: the start of the text, of a paragraph, or of
    a sentence (after `.`, `!` or `?`). A single line break is not enough: lines wrap in
    the middle of sentences.

    >>> capital_expected("Beslut om\\nåtgärder", 10), capital_expected("Slut. Nu", 6)
    (False, True)
    """
    i = start - 1
    newlines = 0
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        newlines += text[i] == "\n"
        i -= 1
    return i < 0 or newlines >= 2 or text[i] in ".!?"


def is_capitalised(token: str) -> bool:
    """True for a token written as a name is (`Umeå`, `Frölnndaviken`), not in capitals.

    >>> is_capitalised("Umeå"), is_capitalised("EU"), is_capitalised("umeå")
    (True, False, False)
    """
    return token[:1].isupper() and not token.isupper()


def capital_explained(text: str, start: int) -> bool:
    """True where a capital says nothing about the word: where a capital is expected, and
    also after a colon or at the start of a line (headings, list items, table labels).
    A capital anywhere else suggests a name.

    >>> capital_explained("Beslut om\\nÅtgärder", 10), capital_explained("bor i Umeå", 6)
    (True, False)
    """
    i = start - 1
    while i >= 0 and text[i] in " \t" + _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:\n"



def match_case(word: str, token: str) -> str:
    """Give `word` the case pattern of `token`: `ärenden` for `Arenden` is `Ärenden`.

    >>> match_case("ärenden", "Arenden"), match_case("nuläge", "NULAGE"), match_case("på", "pd")
    ('Ärenden', 'NULÄGE', 'på')
    """
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if token[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Runs of letters and digits, for the `re` module, whose scanning of a simple class is several
# times faster than TOKEN_RE's alternation; see word_tokens.
_ALNUM_RUN_RE = re.compile(r"[^\W_]+")
# What may start a web or e-mail address: near one, TOKEN_RE itself decides.
_ADDRESS_HINT_RE = re.compile(
    rf"@|://|www\.|\.(?:{_TLDS})(?![^\W_])", re.IGNORECASE
)
_CHUNK_START_RE = regex.compile(r"(?r)\S*")
_CHUNK_END_RE = regex.compile(r"\S*")


def word_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """
    Yield ``(kind, start, end)`` for the :data:`WORD` and :data:`MIXED` tokens of ``text``:
    exactly those of :func:`iter_tokens`, found faster.

    A run of letters is a word unless an address or a combining mark is involved, and most
    runs are; the rest (runs with digits, runs beside a combining mark, runs in a stretch that
    may hold an address) are tokenized by TOKEN_RE, one whitespace-delimited chunk at a time
    (no token crosses whitespace, so a chunk tokenizes as it does in the whole text).

    >>> text = "Se www.kommun.se, 6verens! 3,5kg"
    >>> [(kind, text[s:e]) for kind, s, e in word_tokens(text)]
    [('word', 'Se'), ('mixed', '6verens'), ('word', 'kg')]
    """
    slow: list[tuple[int, int]] = []  # chunks near an address hint
    for hint in _ADDRESS_HINT_RE.finditer(text):
        slow.append(_chunk(text, hint.start()))
    slow_index = 0
    done = 0  # tokens before this offset have been yielded
    for run in _ALNUM_RUN_RE.finditer(text):
        start, end = run.span()
        if start < done:
            continue
        while slow_index < len(slow) and slow[slow_index][1] <= start:
            slow_index += 1
        in_slow = slow_index < len(slow) and slow[slow_index][0] <= start
        after = text[end : end + 1]
        if (
            not in_slow
            and run.group().isalpha()
            and not (after > "\x7f" and unicodedata.category(after)[0] == "M")
        ):
            yield WORD, start, end
            continue
        # The chunk's runs before this one were words, yielded already: TOKEN_RE reads a run
        # of letters the same whatever follows it, unless a mark or an address is involved,
        # and then the chunk is taken from its start.
        chunk_start, chunk_end = _chunk(text, start)
        for match in TOKEN_RE.finditer(text, chunk_start, chunk_end):
            kind = match.lastgroup
            if (kind == WORD or kind == MIXED) and match.start() >= start:
                yield kind, match.start(), match.end()
        done = chunk_end


# A run of letters and digits that is all letters, two or more (see has_word_token).
_LETTER_RUN_RE = re.compile(r"(?<![^\W_])[^\W\d_]{2,}(?![^\W_])")


def has_word_token(text: str) -> bool:
    """Whether ``text`` holds a :data:`WORD` or :data:`MIXED` token of two characters or more
    (as :func:`word_tokens` finds them); in most texts its first run of letters says so.

    >>> has_word_token("12 + 3 = 15"), has_word_token("– 6v"), has_word_token("se www.a.se")
    (False, True, True)
    """
    first = _LETTER_RUN_RE.search(text)
    if first is not None:
        start, end = first.span()
        chunk_start, chunk_end = _chunk(text, start)
        after = text[end : end + 1]
        if _ADDRESS_HINT_RE.search(text, chunk_start, chunk_end) is None and not (
            after > "\x7f" and unicodedata.category(after)[0] == "M"
        ):
            return True
    return any(end - start >= 2 for _, start, end in word_tokens(text))


def _chunk(text: str, at: int) -> tuple[int, int]:
    """The whitespace-delimited chunk of ``text`` around offset ``at``."""
    before = _CHUNK_START_RE.match(text, 0, at)
    after = _CHUNK_END_RE.match(text, at)
    assert before is not None and after is not None  # both may match the empty string
    return before.start(), after.end()
