"""Repair words the OCR engine misread: `Socialndmnden` → `Socialnämnden`, `6verens` → `överens`.

This is a noisy-channel corrector whose channel is learned from the page in front of it:

1. **Readings.** Every token the Swedish lexicon rejects gets readings: the words the
   candidate index proposes for it (:mod:`ocrfix.candidates`), each aligned with the token
   into the misreadings it needs (:mod:`ocrfix.readings`).
2. **The page's profile.** The readings, weighed under the prior, show which misreadings this
   page's engine makes; counting them with every letter the page printed gives the page's
   damage profile, and from it the page's channel (:mod:`ocrfix.learn`,
   :mod:`ocrfix.profile`). A page read by the German model learns that it prints `ä` for
   `å`; one read by the Danish model, that it prints `å` for `ä` and never prints an `ä`.
3. **Decisions.** Each rejected token's readings are weighed again under the page's channel,
   and against keeping the token (it may be a name, a foreign word, a word no list holds):

       score(word) = log10 P(word) + log10 P(token | word)

   When readings are close, the token's neighbours weigh in (:mod:`ocrfix.neighbours`). A
   correction is made when its share of the probability reaches ``Config.min_confidence``;
   that share is the edit's confidence.
4. **Real words.** A word the lexicon accepts may still be a misreading (`år` for `är`,
   `for` for `för`): it is weighed against the words it could be misread from only at the
   rates the page's own evidence shows, so a clean page keeps every real word.

    >>> from ocrfix.config import Config
    >>> text = "Parterna var 6verens om att fullf6lja planen och ge mer stéd till dem."
    >>> [(e.before, e.after) for e in fix_words(text, Config())]
    [('6verens', 'överens'), ('fullf6lja', 'fullfölja'), ('stéd', 'stöd')]

Tokens the stage never touches: words in capitals up to five letters (abbreviations), single
letters on a page that shows no damage, abbreviations written with full stops (`bl.a.`), web
and e-mail addresses, letter-digit codes (`B12`, `5kg`) and the halves of a word a line-end
hyphen split (the layout stage joins them first).
"""

from __future__ import annotations

import functools
import math
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice, product

import regex

from ocrfix.candidates import CandidateIndex, get_index
from ocrfix.channel import UNKNOWN_GLYPHS, Channel
from ocrfix.config import Config
from ocrfix.edits import Edit, apply_edits, compose_edits
from ocrfix.folding import same_class
from ocrfix.historical import MODERN_TELLTALES, PLURAL_VERBS, modern_reading, strong_marker
from ocrfix.learn import Contributions, Suspect, channel_score, estimate
from ocrfix.lexicon import Lexicon, get_lexicon
from ocrfix.memo import recall, remember
from ocrfix.neighbours import ContextModel, get_context_model
from ocrfix.profile import (
    DROPPED_MARKS,
    Profile,
    clean_prior,
    corpus_prior,
    load_profile,
    open_prior,
)
from ocrfix.readings import CLOSE, OPEN, SAME_KEY, Reading, readings_of, shares
from ocrfix.registers import MIN_ENGLISH_LETTERS, code_lines, english_spans, english_zipf
from ocrfix.stages import context
from ocrfix.suspects import (
    MAX_ABBREVIATION_LENGTH,
    MAX_WORD_LENGTH,
    looks_misread,
    worth_looking_up,
)
from ocrfix.tokens import (
    MIXED,
    WORD,
    capital_expected,
    capital_explained,
    has_word_token,
    is_capitalised,
    iter_tokens,
    match_case,
    word_tokens,
)

STAGE = "fix_words"
RULE = "fix_words.ocr-confusion"
REAL_RULE = "fix_words.page-confusion"
GLYPH_RULE = "fix_words.unknown-glyph"
LOST_RULE = "fix_words.lost-mark"
RESTORE_STAGE = "restore_diacritics"
RESTORE_RULE = "restore_diacritics.document-rate"

# How likely a token the lexicon rejects is a genuine word after all (a name, a foreign word,
# an unlisted form), as a Zipf frequency: the "keep" reading's prior. A lower-case token and
# a capitalised one mid-sentence (names are capitalised) differ. Estimated on Tesseract pages
# of LibreOffice help text (lexicon/SOURCES.md), never on the evaluation corpora.
KEEP_ZIPF = 0.5
KEEP_ZIPF_CAPITALISED = 1.5
# Digits inside a word, or a capital after a small letter (`fSrvaltningen`), are almost
# never meant in Swedish.
KEEP_ZIPF_MIXED = -2.0
# A glyph the engine could not read (`Förval[ningen`) is never meant: such a token is
# kept only when no word explains it.
KEEP_ZIPF_GLYPH = -5.0
# Beyond this length a token's keep prior falls by this much a letter (see _keep_prior).
KEEP_LONG_FROM = 8
KEEP_ZIPF_PER_LETTER = 0.2
# The share of word tokens of clean Swedish prose that the lexicon does not accept (names,
# foreign words, rare compounds): 1.1% measured on LibreOffice help text (lexicon/SOURCES.md).
CLEAN_UNKNOWN_SHARE = 0.01
# The weight, in words, of that clean prior when a document's own share is estimated.
PRIOR_WORDS = 50
# More unknown words than this share and a text is not Swedish prose (see is_swedish_prose).
MAX_UNKNOWN_SHARE = 0.4
MIN_WORDS_TO_JUDGE = 5

_CAPITAL_INSIDE_RE = regex.compile(r"\p{Ll}\p{Lu}")
# Lower-case letters with one digit that looks like a letter (0 o/ö, 1 l/i, 4 å/ä, 6 ö).
_LONG_WORD_WITH_OCR_DIGIT_RE = regex.compile(r"\p{Ll}{2,}[0146]\p{Ll}*|[0146]\p{Ll}{3,}")


def _mixed_looks_misread(token: str) -> bool:
    """Whether a token of letters and digits is a word misread (`6verens`), not a code or a
    unit (`B12`, `5kg`)."""
    return looks_misread(token) or _LONG_WORD_WITH_OCR_DIGIT_RE.fullmatch(token) is not None


# A line-end hyphen after a token, or before it (the token starts the next line).
_HYPHEN_AFTER_RE = regex.compile(r"[-¬\u00ad][ \t]*\r?\n")
_HYPHEN_BEFORE_RE = regex.compile(r"\p{L}[-¬\u00ad][ \t]*\r?\n[ \t]*\Z")

# A word with glyphs the engine could not read, or read as a symbol (`Förval[ningen`,
# `föresl_r`, `a__`, `g&rdagsnummer`, `tillr’ickligt`): one token, read whole. `&` and `@`
# are what engines make of `å`; an apostrophe or a bar counts only between letters.
# A backslash is left out: in running text it escapes code (`\n`) or separates a path.
_GLYPHS = "".join(sorted(UNKNOWN_GLYPHS - {"\ufffd", "|", "\\"})) + "&@"
_EDGE_PUNCTUATION = "'’|[]{}"
_GLYPHS_AND_INNER = _GLYPHS + "'’|"
_GLYPH_OR_INNER_RE = regex.compile("[" + regex.escape(_GLYPHS_AND_INNER) + "]")
# Such a word is found from its glyphs, not among every run of letters (a page has few), as
# the run of letters and glyphs around each.
_RUN_MEMBER = r"[\p{L}" + regex.escape(_GLYPHS_AND_INNER) + "]"
_RUN_START_RE = regex.compile(f"(?r){_RUN_MEMBER}*")
_RUN_END_RE = regex.compile(f"{_RUN_MEMBER}+")
# A bar or an apostrophe between letters is a misread glyph only inside a real word's length.
MIN_LETTERS_AROUND_INNER = 4
_INNER_RE = regex.compile(r"(?<=\p{L})['’|](?=\p{L})")
# U+FFFD is a byte a wrong decoding lost: the encoding stage's business, not ours.
_LOST_BYTE = "\ufffd"

# Readings of a token within this many Zipf of the best, at most MAX_RIVALS of them, are
# weighed again with the token's neighbours: the context model moves a choice by a factor of
# a few hundred at most.
RIVAL_RANGE = 3.0
MAX_RIVALS = 4

# A reading that needs a misreading this costly (one no profile has shown: the general
# prior's "any letter may become any other") is a guess from spelling alone, and is made only
# when this sure.
GUESS_COST = 3.5
GUESS_MIN_CONFIDENCE = 0.9

# A real word is made another word by a misread shape (`år` for `är`, `giller` for `gäller`)
# only when this sure, as a guess from spelling alone is: it was printed as a word, and a
# wrong change breaks what the engine got right, where a wrong correction of a non-word
# breaks nothing. Putting back marks a page lost (`for` → `för`) follows the user's floor:
# on text typed without å/ä/ö it is the repair itself.
REAL_WORD_MIN_CONFIDENCE = GUESS_MIN_CONFIDENCE

# Corrections this sure count as evidence that a page is damaged (and its real words worth
# a look), whatever floor the user sets for making edits.
EVIDENCE_CONFIDENCE = 0.9

# A misreading is this page's habit (and real words are weighed against it) once the page's
# evidence holds this many of it (two corrections, each nearly sure), at this rate of its
# letter at least.
MIN_EVIDENCE = 1.5
MIN_RATE = 0.02
# Lost marks are pooled over å, ä, ö and é (see ocrfix.profile.PosteriorChannel), and one
# sure correction that put a mark back is enough to weigh real words with: the pooled rate
# it gives (about one in ten) moves only words whose marked form is far commoner.
MIN_DROPPED_EVIDENCE = 0.9
# Misreadings across letter families (`d` for `ä`) that cost at most this are tried on a
# token as variants, at most MAX_VARIANTS of them.
VARIANT_MAX_COST = 2.6
MAX_VARIANTS = 24
# Readings of a token weighed at most (the likeliest under the open prior).
MAX_READINGS = 8
# What a process remembers of tokens (ocrfix.memo), in entries: a token's readings (about
# 400 bytes each with its key), a real word's (300 bytes), the open prior's cost of a run.
_READINGS_LIMIT = 30_000
_REAL_READINGS_LIMIT = 20_000
_HOPEFUL_LIMIT = 20_000
# Misreadings (ocr, truth), cheapest first; a lost letter is ("", letter).
Confusions = tuple[tuple[str, str], ...]
# A letter lost (`r` for `är`) is looked for only in tokens this short: in longer ones the
# index finds it.
MAX_LOST_LETTER_TOKEN = 3

# The least frequency of a word a two-letter token may be read as.
SHORT_WORD_MIN_ZIPF = 4.0

_VOWEL_RE = regex.compile(r"[aeiouyåäöéèáàüAEIOUYÅÄÖÉÈÁÀÜ]")
# A capitalised word this short before a full stop and a capital is a title (`Hr.`).
MAX_TITLE = 3
# A short word followed by a full stop is an abbreviation more often than a misreading.
ABBREVIATION_AROUND_RE = regex.compile(r"(?:\p{L}+\.)+\p{L}*")
MAX_UNKNOWN_ABBREVIATION = 4

# The one-letter Swedish words; any other small letter standing alone in prose is a word
# that lost letters (`r` for `är`, `s` for `så`), a list marker, or a symbol.
ONE_LETTER_WORDS = frozenset("iåö")
# How likely a lone letter is meant as it stands (a list marker, an initial, a variable).
LONE_LETTER_ZIPF = 4.0


def damage_adjustment(rejected: int, words: int) -> float:
    """How much less likely (in Zipf units) an unknown word is genuine in this document.

    Clean Swedish has about CLEAN_UNKNOWN_SHARE of its words outside the lexicon. Where a
    document has more, the extra are damage, so any one unknown word is that much less
    likely to be genuine: log10(CLEAN_UNKNOWN_SHARE / share), never above 0. The share is
    smoothed as if PRIOR_WORDS clean words came first, so a short snippet cannot swing it.

    >>> damage_adjustment(1, 200), round(damage_adjustment(40, 200), 1)
    (0.0, -1.2)
    """
    if not words or not rejected:
        return 0.0
    share = (rejected + PRIOR_WORDS * CLEAN_UNKNOWN_SHARE) / (words + PRIOR_WORDS)
    return min(0.0, math.log10(CLEAN_UNKNOWN_SHARE / share))


def is_swedish_prose(rejected: int, words: int) -> bool:
    """False when most of a text's words are not Swedish: code, another language, a list.

    Damaged Swedish OCR still has most of its words intact (a page read by an English
    model keeps about three in four); a text where more than MAX_UNKNOWN_SHARE of the words
    are unknown is not Swedish prose, and its words are not ours to correct.

    >>> is_swedish_prose(50, 250), is_swedish_prose(5, 8), is_swedish_prose(2, 4)
    (True, False, True)

    Fewer than MIN_WORDS_TO_JUDGE words say too little to judge.
    """
    return words < MIN_WORDS_TO_JUDGE or rejected / words <= MAX_UNKNOWN_SHARE


# -- where a token stands ----------------------------------------------------------------------


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the line (or lines) holding text[start:end] begins and ends, line break aside."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, line_end if line_end >= 0 else len(text)


def _at_line_end_hyphen(text: str, start: int, end: int) -> bool:
    """True for either half of a word hyphenated across a line end (`för-⏎delar`)."""
    if _HYPHEN_AFTER_RE.match(text, end):
        return True
    # Only the few characters before the token matter: look back a bounded window.
    return _HYPHEN_BEFORE_RE.search(text, max(0, start - 16), start) is not None


def _beside_lost_byte(text: str, start: int, end: int) -> bool:
    """True for letters beside U+FFFD (a lost letter of this word) or after a backslash
    (`\\section`: a command in markup, not a word of prose)."""
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    return before in (_LOST_BYTE, "\\") or after == _LOST_BYTE


_OPTION_AFTER_RE = regex.compile(r"[ \t]+(?:--?|/)[A-Za-z]+\b(?![-/])")
# A file name's extension is this long at most (`rapport.docx`, `data.tar.gz`), and so is
# a command's short option (`sort -rn`, `ls -la`).
MAX_EXTENSION = 4
MAX_OPTION = 4


def _in_code(text: str, start: int, end: int) -> bool:
    """True for a token that is code, not prose: inside `backticks` on its line, the
    extension of a file name (`rapport.docx`), a command's option (`sort -rn`), a tag or an
    attribute of markup (`<cite>`, `cite=""`)."""
    if start >= 2 and text[start - 1] == "." and text[start - 2].isalnum():
        if end - start <= MAX_EXTENSION:
            return True
    if start and text[start - 1] == "-" and (start < 2 or text[start - 2] in " \t\n-"):
        if end - start <= MAX_OPTION:
            return True
    if (start and text[start - 1] == "<") or text.startswith("</", start - 2) or (
        text.startswith("=", end)
    ):
        return True  # markup and code: `<cite>`, `</p>`, `cite=""`, `namn=värde`
    if _OPTION_AFTER_RE.match(text, end):
        return True  # a command before its option: `dir /s`, `ls -la`
    if "`" in text:
        line_start, line_end = _line_bounds(text, start, end)
        opened = text.count("`", line_start, start) % 2 == 1
        return opened and text.find("`", end, line_end) >= 0
    return False


_HYPHEN_PART_BEFORE_RE = regex.compile(r"(\p{L}+)-\Z")
_HYPHEN_PART_AFTER_RE = regex.compile(r"-(\p{L}+)")


def _beside_foreign_part(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True for a part of a hyphenated word whose other part is no Swedish word: a name or a
    foreign word in a hyphenated name is foreign too (`debian-installer`), while a Swedish
    part, or an abbreviation in capitals (`IT-stöd`, `DATE-rad`), says nothing."""
    before = _HYPHEN_PART_BEFORE_RE.search(text, max(0, start - MAX_WORD_LENGTH), start)
    after = _HYPHEN_PART_AFTER_RE.match(text, end)
    for part in (before, after):
        if part is None:
            continue
        word = part.group(1)
        if not (word.isupper() and len(word) <= MAX_ABBREVIATION_LENGTH) and not (
            lexicon.is_word(word)
        ):
            return True
    return False


# The runs of a reading that only puts back an `i` printed as an `l` (one thin stroke).
_THIN_STROKE_RUNS = (("l", "i"),)
# A token with more `l`s than this is not tried with its `l`s read as `i` (2^n spellings).
MAX_THIN_STROKES = 4


def _vowels_read_as_l(token: str, lexicon: Lexicon) -> bool:
    """True when `token`, which has no vowel, is a word with some of its `l`s read as `i`:
    an engine that prints `i` as `l` leaves a word with none (`flnns`, `tlll`), where
    `Sthlm` and `kl` are abbreviations however they are read."""
    if not 0 < token.count("l") <= MAX_THIN_STROKES:
        return False
    # Every spelling with each `l` kept or read as `i`, the token itself (the first) left out.
    spellings = product(*(("l", "i") if char == "l" else char for char in token))
    return any(lexicon.is_word("".join(chars)) for chars in islice(spellings, 1, None))


def _in_abbreviation(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True when the token is an abbreviation: one written with full stops, or a word of
    Latin letters with no vowel, capitalised or of three letters or more (`Hr`, `Dr`, `rdr`,
    `tkr`); a Swedish word has a vowel, and OCR that loses one leaves short lower-case tokens
    (`fr`, `dr`). Not a word whose `i` was printed as `l` (see _vowels_read_as_l)."""
    token = text[start:end]
    if token.isascii() and not _VOWEL_RE.search(token) and (
        token[:1].isupper() or len(token) >= 3
    ):
        return not _vowels_read_as_l(token, lexicon)
    if end >= len(text) or text[end] != ".":
        return False
    left = start
    while left >= 2 and text[left - 1] == "." and text[left - 2].isalpha():
        left -= 2
        while left > 0 and text[left - 1].isalpha():
            left -= 1
    match = ABBREVIATION_AROUND_RE.match(text, left)
    if match is not None:
        span = match.group()
        if lexicon.is_abbreviation(span) or lexicon.is_abbreviation(span + "."):
            return True
    if end - start > MAX_UNKNOWN_ABBREVIATION:
        return False
    # A full stop that ends the sentence (the text ends, or a capital follows) is no sign
    # of an abbreviation: `mer stéd.` ends a sentence, `s. 12` and `kap. 3` do not; but a
    # short capitalised word before a name is a title (`Hr. Lind`, `Dr. Ek`).
    rest = text[end + 1 : end + 3].lstrip()
    if text[start].isupper() and end - start <= MAX_TITLE and rest[:1].isupper():
        return True
    return bool(rest) and not rest[0].isupper()


def _stands_alone(text: str, start: int, end: int) -> bool:
    """True for a letter between spaces, as a word stands (not `a)`, `x=`, `t.ex`)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before in " \t\n" and after in " \t\n,"


def _stands_as_word(text: str, start: int, end: int) -> bool:
    """True for a token between spaces or punctuation, as a word stands (not `ll` in
    `h÷ll`, a word a sign broke)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in "(\"'“‘«") and (
        after.isspace() or after in ".,;:!?)\"'”’»-"
    )


def _keep_prior(text: str, start: int, end: int, kind: str, lexicon: Lexicon) -> float:
    """The prior, as a Zipf frequency, that the rejected token text[start:end] is genuine."""
    token = text[start:end]
    if kind == MIXED:
        # `milj6`: a word with one look-alike digit, or a code (`covid9`)?
        return KEEP_ZIPF_MIXED if looks_misread(token) else KEEP_ZIPF
    if kind == _MARKED:
        return KEEP_ZIPF_GLYPH
    if _CAPITAL_INSIDE_RE.search(token) and not token.isupper():
        return KEEP_ZIPF_MIXED
    keep = KEEP_ZIPF
    if token.istitle() and not capital_explained(text, start):
        keep = KEEP_ZIPF_CAPITALISED
    english = english_zipf(token, lexicon) if len(token) >= MIN_ENGLISH_LETTERS else None
    if english is not None:
        # An English word quoted in Swedish text (`roots`, `installer`).
        keep = max(keep, english - ENGLISH_IN_SWEDISH_ZIPF)
    # Swedish long words are compounds, which the lexicon reads: a long token it cannot
    # read is likelier a misread word than a genuine one.
    return keep - KEEP_ZIPF_PER_LETTER * max(0, len(token) - KEEP_LONG_FROM)


_MARKED = "marked"  # the kind of a token with glyphs the engine could not read


# -- the page -----------------------------------------------------------------------------------


@dataclass
class _Page:
    """The word tokens of a page, sorted into what the stage does with each."""

    words: int = 0
    # Rejected tokens: (start, end, kind), and lone letters and short tokens kept for the
    # real-word step, which needs the page's evidence.
    rejected: list[tuple[int, int, str]] = field(default_factory=list)
    lone: list[tuple[int, int]] = field(default_factory=list)
    accepted: list[tuple[int, int]] = field(default_factory=list)
    letters: Profile = field(default_factory=Profile)
    # Words in the spelling of before 1906 (`hvilken`, `hjerta`): kept as printed.
    historical: list[tuple[int, int]] = field(default_factory=list)
    markers: int = 0  # of them, how many the period's own rules mark (ocrfix.historical)
    is_historical: bool = False


_ADDRESS_RE = regex.compile(r"://|www\.|@\S*\.|\.(?:se|com|org|net|nu)/|[?&]\w+=")


def _in_address(text: str, start: int, end: int) -> bool:
    """True inside a web or e-mail address (`?a=1&reg=se&not=0`): its symbols are syntax."""
    chunk_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    chunk_end = min(
        (i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text)
    )
    return _ADDRESS_RE.search(text, chunk_start, chunk_end) is not None


def _stray_bracket(text: str, at: int, *, at_end: bool = False) -> bool:
    """True for a bracket at text[at] that is no bracket: an opening one at a word's end, a
    closing one at a word's start, or one whose partner is neither on its line nor on the
    line next to it on the partner's side (printed text wraps inside brackets)."""
    char = text[at]
    if char not in "[]":
        return False
    if (char == "[") == at_end:
        return True  # `de[`, `]till`
    line_start, line_end = _line_bounds(text, at, at)
    if char == "[":
        return text.find("]", at, _line_bounds(text, at, line_end + 1)[1]) < 0
    return text.rfind("[", _line_bounds(text, max(0, line_start - 1), at)[0], at) < 0


def _marked_spans(text: str) -> list[tuple[int, int, bool]]:
    """Spans of words holding glyphs the engine could not read (`Förval[ningen`, `a__`), each
    with whether it is to be read: one that is code, an address or a name in capitals is
    left whole (`a[i]`, `R&D`), and so are its pieces."""
    if not any(char in text for char in _GLYPHS_AND_INNER):
        return []
    spans = []
    run_end = 0
    for glyph in _GLYPH_OR_INNER_RE.finditer(text):
        at = glyph.start()
        if at < run_end:
            continue  # a glyph of the run just read
        # The run of letters and glyphs around it (a plain word has none: it is not read).
        before = _RUN_START_RE.match(text, 0, at)
        after = _RUN_END_RE.match(text, at)
        assert before is not None and after is not None  # both match (the first may be empty)
        start, end = before.start(), after.end()
        run_end = end
        run = text[start:end]
        # Brackets that close are an index or a template in code (`a[i]`).
        code = ("[" in run and "]" in run) or ("{" in run and "}" in run)
        # Quotes, bars and brackets at the edges are punctuation, not glyphs of the word,
        # except a bracket that cannot be one: one that opens at a word's end (`de[`), or
        # closes at its start, or never closes (`[till` with no `]` on its line).
        while start < end and text[start] in _EDGE_PUNCTUATION and not (
            _stray_bracket(text, start)
        ):
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCTUATION and not (
            _stray_bracket(text, end - 1, at_end=True)
        ):
            end -= 1
        token = text[start:end]
        letters = sum(char.isalpha() for char in token)
        marks = len(token) - letters - len(_INNER_RE.findall(token))
        inner = len(token) - letters - marks
        if not letters or len(token) < 2 or (not marks and not inner):
            continue
        readable = not (
            code
            # `a|b`, `l'a`: a separator or an elision, not a glyph of one word
            or (not marks and letters < MIN_LETTERS_AROUND_INNER)
            or _in_address(text, start, end)
            or marks > letters + 1  # more glyph than word: a rule, a row of underscores
            # a name or an abbreviation in capitals (`R&D`, `AT&T`, `H&M`); one capital
            # alone that begins the token may begin any word (`P_` for `På`)
            or (
                (letters > 1 or not token[0].isalpha())
                and all(char.isupper() for char in token if char.isalpha())
            )
            # a code or a number with a symbol (`A_1`, `3&4`)
            or (start and text[start - 1].isdigit())
            or (end < len(text) and text[end].isdigit())
        )
        spans.append((start, end, readable))
    return spans


def _tokens_in(text: str, regions: list[tuple[int, int]] | None) -> Iterable[tuple[str, int, int]]:
    if regions is None:
        yield from word_tokens(text)
        return
    for region_start, region_end in regions:
        for kind, start, end in iter_tokens(text[region_start:region_end]):
            if kind == WORD or kind == MIXED:
                yield kind, region_start + start, region_start + end


def _sort_tokens(
    text: str, lexicon: Lexicon, regions: list[tuple[int, int]] | None = None,
    *, count_letters: bool = True,
) -> _Page:
    """The page's word tokens sorted into what the stage does with them; only those inside
    `regions` (whitespace-delimited spans, in order) when given. `count_letters` counts the
    letters of the words it accepts (the page's evidence of letters printed right)."""
    page = _Page()
    if regions is None:
        marked = _marked_spans(text)
    else:
        marked = [
            (a + start, b + start, readable)
            for start, end in regions
            for a, b, readable in _marked_spans(text[start:end])
        ]
    marked_index = 0
    letters = Counter[str]()
    for start, end, readable in marked:
        page.words += 1
        if readable and not (_at_line_end_hyphen(text, start, end) or _in_code(text, start, end)):
            page.rejected.append((start, end, _MARKED))
    for kind, start, end in _tokens_in(text, regions):
        while marked_index < len(marked) and marked[marked_index][1] <= start:
            marked_index += 1
        if marked_index < len(marked) and marked[marked_index][0] <= start:
            continue  # a piece of a word with an unreadable glyph: read whole above
        token = text[start:end]
        page.words += 1
        if kind == WORD:
            if len(token) == 1:
                if token.islower() and token not in ONE_LETTER_WORDS and (
                    _stands_alone(text, start, end)
                ):
                    page.lone.append((start, end))
                continue
            if not worth_looking_up(token):
                letters[token.lower()] += 1
                continue
            if lexicon.is_word(token):
                letters[token.lower()] += 1
                page.accepted.append((start, end))
                continue
            if _in_abbreviation(text, start, end, lexicon):
                continue
        elif not _mixed_looks_misread(token):
            continue
        if _at_line_end_hyphen(text, start, end) or _beside_lost_byte(text, start, end):
            continue  # half a word: the layout stage joins it first, or a lost byte
        if _in_code(text, start, end) or _beside_foreign_part(text, start, end, lexicon):
            continue
        page.rejected.append((start, end, kind))
    page.rejected.sort()
    _set_aside_historical(text, page, lexicon)
    if page.rejected:
        page.rejected = _not_in_other_registers(text, page.rejected, lexicon)
    if count_letters:
        for token, count in letters.items():
            page.letters.add_letters(token, count)
    return page


# A run of this many English words is English: one alone may be Swedish misread (`bam`), and
# is weighed instead (see _keep_prior).
MIN_ENGLISH_RUN = 2
# How much less likely an English word is in a Swedish text than in an English one (Zipf):
# the keep prior of a rejected token that is an English word is its English Zipf less this.
ENGLISH_IN_SWEDISH_ZIPF = 2.0


def _not_in_other_registers(
    text: str, rejected: list[tuple[int, int, str]], lexicon: Lexicon
) -> list[tuple[int, int, str]]:
    """The rejected tokens that are not English or code (ocrfix.registers), judged line by
    line: a line of code, or a run of English words, is not misread Swedish."""
    code_judged: dict[int, bool] = {}
    english_judged: dict[int, set[tuple[int, int]]] = {}
    kept = []
    for start, end, kind in rejected:
        line_start, line_end = _line_bounds(text, start, end)
        code = code_judged.get(line_start)
        if code is None:
            # The line with the lines around it: a block of code is judged whole.
            around_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
            around_end = text.find("\n", line_end + 1)
            around_end = around_end if around_end >= 0 else len(text)
            code = code_judged[line_start] = any(
                a <= line_start - around_start < b
                for a, b in code_lines(text[around_start:around_end])
            )
        if code:
            continue
        if kind == WORD and english_zipf(text[start:end], lexicon) is not None:
            # Only a word that may be English can stand in a run of English.
            english = english_judged.get(line_start)
            if english is None:
                english = english_judged[line_start] = {
                    (line_start + a, line_start + b)
                    for a, b in english_spans(
                        text[line_start:line_end], lexicon, min_words=MIN_ENGLISH_RUN
                    )
                }
            if (start, end) in english:
                continue
        kept.append((start, end, kind))
    return kept


# A word that may be in the spelling of before 1906: one of the strong rules of
# ocrfix.historical could apply to it (a cheap look before asking the lexicon).
_HISTORICAL_HINT_RE = regex.compile(
    r"^hv|qv|fv|w|dt$|[aeiouyåäölr]f(?:$|[nlrd])|^(?:" + "|".join(PLURAL_VERBS) + r")$",
    regex.IGNORECASE,
)
# A text is in the spelling of before 1906 when this share of its words are marked by the
# period's own rules, and more than are spelt the modern way where the period wrote them
# otherwise (MODERN_TELLTALES): about one in twenty words of such text is marked (`hvad`,
# `af`, `öfver`, `voro`), and hardly one in ten thousand of modern text (a quoted title), so
# one mark in a sentence is telling, and one `hvad` in a page of modern prose is not.
MIN_HISTORICAL_MARKERS = 1
MIN_HISTORICAL_SHARE = 0.01


def _set_aside_historical(text: str, page: _Page, lexicon: Lexicon) -> None:
    """Move the page's words in historical spelling out of its rejected tokens, and decide
    whether the page is historical (see ocrfix.historical)."""
    marked: list[tuple[int, int]] = []
    for start, end, kind in page.rejected:
        token = text[start:end]
        if kind == WORD and _HISTORICAL_HINT_RE.search(token):
            if strong_marker(token, lexicon) is not None and not _typed_without_marks(
                token, lexicon
            ):
                marked.append((start, end))
    # Old forms a modern list also holds (`af`, `öfver`) mark the period too, when their
    # modern spelling is far commoner.
    accepted_markers = telltales = 0
    for start, end in page.accepted:
        token = text[start:end]
        if token.lower() in MODERN_TELLTALES:
            telltales += 1
        elif _old_form_of_listed_word(token, lexicon):
            accepted_markers += 1
    page.markers = len(marked) + accepted_markers
    page.is_historical = (
        page.markers >= MIN_HISTORICAL_MARKERS
        and page.markers >= MIN_HISTORICAL_SHARE * page.words
        and page.markers > telltales
    )
    historical = set(marked)
    if page.is_historical:
        # In such a text, the variants of the period are its spelling too (`der`, `hjerta`).
        for start, end, kind in page.rejected:
            if kind == WORD and (start, end) not in historical:
                if modern_reading(text[start:end], lexicon) is not None:
                    historical.add((start, end))
    if historical:
        page.historical = sorted(historical)
        page.rejected = [r for r in page.rejected if (r[0], r[1]) not in historical]


def _typed_without_marks(token: str, lexicon: Lexicon) -> bool:
    """True for a form the lexicon lists only as a word typed without its å/ä/ö (`ifran`
    for `ifrån`). Swedish wrote those letters before 1906 as it does now, so such a form
    is stripped text, not the period's spelling (`ifran` is not `ivran` with `f` for `v`):
    it does not mark a page as historical, and on a modern page it is repaired."""
    found = lexicon.entry(token)
    return found is not None and found.is_stripped_form


def historical_words(text: str, config: Config) -> list[tuple[int, int, bool]]:
    """The words of `text` in the spelling of before 1906, each with whether a rule that
    marks the period explains it: every such word of a historical text (as
    _set_aside_historical decides), and in another the ones the period's own marks explain.
    Old forms a modern list also holds (`af`, `öfver`) count in a historical text."""
    if not _has_words(text):
        return []
    lexicon = _models_for(config).lexicon
    page = _sort_tokens(text, lexicon, count_letters=False)
    found = []
    for start, end in page.historical:
        token = text[start:end]
        found.append((start, end, strong_marker(token, lexicon) is not None))
    if page.is_historical:
        found.extend(
            (start, end, True)
            for start, end in page.accepted
            if _old_form_of_listed_word(text[start:end], lexicon)
        )
    return sorted(found)


# An old form a modern list holds counts as a mark of the period when its modern spelling is
# this much commoner (Zipf): `öfver` against `över`, not `golf` against `golv`.
HISTORICAL_MARGIN_ZIPF = 1.0


# Answers of _old_form_of_listed_word, at most this many (about 150 bytes each).
_OLD_FORMS: dict[tuple[Lexicon, str], bool] = {}
_OLD_FORMS_LIMIT = 50_000


def _old_form_of_listed_word(token: str, lexicon: Lexicon) -> bool:
    """True for a word the lexicon accepts that a strong rule of the period explains as the
    old form of a far commoner word (`öfver` for `över`, `af` for `av`). Asked of every word
    of every page, so the answer is remembered (ocrfix.memo)."""
    key = (lexicon, token)
    known = _OLD_FORMS.get(key)
    if known is None:
        reading = strong_marker(token, lexicon) if _HISTORICAL_HINT_RE.search(token) else None
        known = reading is not None and (
            lexicon.zipf(reading[0]) >= lexicon.zipf(token) + HISTORICAL_MARGIN_ZIPF
        )
        remember(_OLD_FORMS, key, known, _OLD_FORMS_LIMIT)
    return known


# -- the models a page is read with ---------------------------------------------------------------


@dataclass(frozen=True)
class _Models:
    """What the stage reads pages with, for one Config: loaded once per process."""

    lexicon: Lexicon
    index: CandidateIndex
    open_prior: Channel  # for tokens no lexicon knows
    clean_prior: Channel  # for real words
    corpus: Profile | None  # a corpus profile the user gave (Config.profile)
    # What each run of non-space characters holds, judged once per process (_quick_edits):
    # a corpus repeats its words, and most of them are clean. The runs that are one word the
    # lexicon accepts are kept apart, keys only, so that a page's clean runs are passed over
    # with one look-up each.
    clean_chunks: dict[str, None] = field(default_factory=dict)
    chunks: dict[str, _ChunkStats] = field(default_factory=dict)
    # The prior's cheap misreadings across letter families (_variant_confusions).
    variant_confusions: Confusions = ()
    # The readings worth weighing of each token (_readings), by (token, the misreadings that
    # make its variants, scope, name): pages repeat their tokens, and a corpus its misreadings.
    readings: dict[tuple[str, Confusions, str, bool], tuple[Reading, ...]] = field(
        default_factory=dict
    )
    # The same for real words (_real_readings): a corpus repeats its words.
    real_readings: dict[tuple[str, Confusions, tuple[str, ...]], tuple[Reading, ...]] = field(
        default_factory=dict
    )
    # The open prior's cost of each run with the letter families made cheap (_hopeful_score).
    hopeful_costs: dict[tuple[str, str], float] = field(default_factory=dict)


@functools.lru_cache(maxsize=8)
def _models(lexicon_name: str, profile_path: str | None) -> _Models:
    lexicon = get_lexicon(lexicon_name)
    index = get_index(lexicon_name)
    opened, clean = open_prior(), clean_prior()
    corpus = None
    if profile_path is not None:
        corpus = load_profile(profile_path)
        opened = corpus_prior(corpus, opened)
        clean = corpus_prior(corpus, clean, min_count=_MIN_CORPUS_EVIDENCE)
    return _Models(
        lexicon, index, opened, clean, corpus,
        variant_confusions=_variant_confusions(opened, corpus),
    )


_MIN_CORPUS_EVIDENCE = 5.0


def _models_for(config: Config) -> _Models:
    return _models(config.lexicon, getattr(config, "profile", None))


def _variant_confusions(channel: Channel, profile: Profile | None) -> Confusions:
    """Misreadings across letter families cheap enough to try on every token: the prior's
    and the page's, cheapest first. A lost letter is ("", letter)."""
    known = set(channel.costs)
    if profile is not None:
        known.update(profile.confusions)
    found = []
    for ocr, truth in known:
        if not truth or len(ocr) > 2 or len(truth) > 2 or (not ocr and len(truth) > 1):
            continue
        if len(ocr) == len(truth) == 1 and same_class(ocr, truth):
            continue  # the folded key finds these without help
        cost = channel.run_cost(ocr, truth)
        if cost <= VARIANT_MAX_COST:
            found.append((cost, ocr, truth))
    found.sort()
    return tuple((ocr, truth) for _, ocr, truth in found)


def _applicable(token: str, confusions: Confusions) -> Confusions:
    """The misreadings of `confusions` that make variants of `token` (see _variants): those
    whose printed letters it holds, and a lost letter in a token short enough. The variants
    follow from these alone, so they key what is remembered of a token, in less memory."""
    short = len(token) <= MAX_LOST_LETTER_TOKEN
    # From a list, not a generator: asked for every token of every page, and quicker so.
    return tuple([pair for pair in confusions if (pair[0] in token if pair[0] else short)])


def _variants(token: str, confusions: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """`token` with one misreading undone, for each place each misreading could be; a lost
    letter is put back only in a token of up to MAX_LOST_LETTER_TOKEN letters (`fr` →
    `för`), in a longer one the index finds it."""
    out: list[str] = []
    for ocr, truth in confusions:
        if not ocr:
            if len(token) <= MAX_LOST_LETTER_TOKEN:
                out.extend(_lost_letter_variants(token, truth))
            continue
        at = token.find(ocr)
        while at >= 0:
            out.append(token[:at] + truth + token[at + len(ocr) :])
            if len(out) >= MAX_VARIANTS:
                return tuple(dict.fromkeys(out))
            at = token.find(ocr, at + 1)
    return tuple(dict.fromkeys(out))


def _lost_letter_variants(token: str, letters: Iterable[str]) -> tuple[str, ...]:
    """`token` with one of `letters` put back at each place (`r` → `är`, `fr` → `för`)."""
    return tuple(
        dict.fromkeys(
            token[:i] + letter + token[i:] for letter in letters for i in range(len(token) + 1)
        )
    )


# -- deciding -----------------------------------------------------------------------------------


@dataclass
class _Verdict:
    reading: Reading | None  # None: keep the token
    confidence: float
    rivals: list[tuple[Reading, float]]  # readings within RIVAL_RANGE of the best, scored
    keep_score: float


def _weigh(
    readings: tuple[Reading, ...], channel: Channel, keep_score: float,
    own: Contributions | None = None,
) -> _Verdict:
    """The readings weighed under `channel` (without the evidence `own`, the token's own
    contribution to the channel) and against keeping the token."""
    scored = [(r, channel_score(r, channel, own)) for r in readings]
    scored = [(r, s) for r, s in scored if s > -math.inf]
    if not scored:
        return _Verdict(None, 1.0, [], keep_score)
    scored.sort(key=lambda item: -item[1])
    weights, keep_share = shares([s for _, s in scored], keep_score)
    top = scored[0][1]
    rivals = [(r, s) for r, s in scored[:MAX_RIVALS] if s >= top - RIVAL_RANGE]
    if keep_share >= weights[0]:
        return _Verdict(None, keep_share, rivals, keep_score)
    return _Verdict(scored[0][0], weights[0], rivals, keep_score)


def _in_context(
    verdict: _Verdict, token: str, fit: context.Fit, *, keep_is_word: bool
) -> _Verdict:
    """The verdict with its close readings (and keeping a real word) weighed by how well
    each fits the token's neighbours."""
    words = [r.word for r, _ in verdict.rivals]
    if keep_is_word:
        words.append(token)
    if len(words) < 2:
        return verdict
    factors = fit(words)
    if factors is None:
        return verdict
    scores = [s + math.log10(f) for (_, s), f in zip(verdict.rivals, factors)]
    keep = verdict.keep_score
    if keep_is_word:
        keep += math.log10(factors[-1])
    weights, keep_share = shares(scores, keep)
    best = max(range(len(weights)), key=weights.__getitem__)
    if keep_share >= weights[best]:
        return _Verdict(None, keep_share, verdict.rivals, keep)
    return _Verdict(verdict.rivals[best][0], weights[best], verdict.rivals, keep)


# A page may misread a letter family wholesale (a page that lost its marks prints `a` for
# every `å`), so a reading is kept for weighing as if such misreadings cost only this.
HOPEFUL_FAMILY_COST = 0.5


def _hopeful_score(reading: Reading, models: _Models) -> float:
    """The reading's score under the open prior as a page that misreads whole letter
    families could make it."""
    cost = 0.0
    prior = models.open_prior
    known = models.hopeful_costs
    for run in reading.runs:
        run_cost = known.get(run)
        if run_cost is None:
            ocr, truth = run
            run_cost = prior.run_cost(ocr, truth)
            if len(ocr) == len(truth) == 1 and same_class(ocr, truth):
                run_cost = min(run_cost, HOPEFUL_FAMILY_COST)
            remember(known, run, run_cost, _HOPEFUL_LIMIT)
        cost += run_cost
    return reading.zipf - cost


def _is_guess(reading: Reading, channel: Channel, own: Contributions | None) -> bool:
    """True for a reading that needs a misreading no profile has shown (the token's own
    evidence, `own`, left out), only the general prior's "any letter may become any other"
    (`uniq` → `unik`)."""
    for run in reading.runs:
        single = Reading(reading.word, reading.parts, (run,), "", 0.0)
        if -channel_score(single, channel, own) >= GUESS_COST:
            return True
    return False


def _rule(base: str, reading: Reading) -> str:
    return base + ":" + ",".join(f"{o or '∅'}>{t or '∅'}" for o, t in reading.runs)


# Capitals without a mark (see _output).
_PLAIN_CAPITALS = frozenset(string.ascii_uppercase)


def _output(reading: Reading, token: str, text: str, start: int) -> str:
    """The reading written as the token was: `Ärenden` for `Arenden`, `NULÄGE` for `NULAGE`;
    a name keeps its capital (`Umeå` for `umea`). A plain capital that the reading replaces,
    where prose writes a small letter, was the engine's misreading of that letter: a mark
    makes a small letter as tall as a capital (`att Aven som` is `att även som`), and `I` is
    `l` (`Iyfte`). A capital with a mark was seen as a capital (`Ängra` is `Ångra`, a name
    in a manual)."""
    spelling = reading.spelling
    if spelling[:1].isupper() and not (len(token) > 1 and token.isupper()):
        return spelling
    written = match_case(spelling.lower(), token)
    if token == "l" and written == "i" and capital_expected(text, start):
        # `l` and `I` are one thin stroke in most sans-serif fonts, so the lone letter shows
        # no case: read as `i`, a sentence's first word, it is `I` (`I dag`).
        return "I"
    if (
        token[:1] in _PLAIN_CAPITALS
        and not token.isupper()
        and reading.word[:1] != token[:1].lower()
        and _small_letter_expected(text, start)
    ):
        return written[:1].lower() + written[1:]
    return written


def _small_letter_expected(text: str, start: int) -> bool:
    """True where running Swedish prose writes a small letter: after a comma, after a number
    and a hyphen (`10-åriga`), and after a word in lower case or the first word of a
    sentence (`att Aven`, `Men Låt`), on the same line or the line before (a paragraph
    wraps). Not after another capitalised word: a heading may capitalise each word
    (`Ärenden Årsrapport`)."""
    i = start - 1
    if i >= 1 and text[i] == "-" and text[i - 1].isdigit():
        return True
    i = _skip_to_previous(text, i)
    if i >= 0 and text[i] == ",":
        return True
    end = i + 1
    while i >= 0 and text[i].isalpha():
        i -= 1
    if end == i + 1:
        return False  # no word before: a number, a sign, the start of the text
    if text[i + 1].islower():
        return True
    before = _skip_to_previous(text, i)
    return before >= 0 and text[before] in ".!?"


def _skip_to_previous(text: str, i: int) -> int:
    """The index of the last character at or before `i` that is not a space, a tab or the
    first line end met: a second line end (a blank line, which ends a paragraph) stops it."""
    i = _before_spaces(text, i)
    if i >= 0 and text[i] == "\n":
        i = _before_spaces(text, i - 1)
    return i


def _before_spaces(text: str, i: int) -> int:
    """The index of the last character at or before `i` that is not a space or a tab."""
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i


# -- the stage ----------------------------------------------------------------------------------

# A text longer than this is repaired in segments of about this size, cut at blank lines:
# what the stage learns of a page's damage is learned per segment (a long text is many
# pages, each read and damaged in its own way), and memory stays bounded however long the
# text is.
SEGMENT_CHARS = 200_000


def fix_words(text: str, config: Config) -> list[Edit]:
    """The word-repair stage: edits for the tokens of `text` that are misread words."""
    if len(text) <= SEGMENT_CHARS:
        return _settled(text, config)
    edits: list[Edit] = []
    for start, end in _segments(text):
        edits.extend(
            Edit(e.start + start, e.end + start, e.before, e.after, e.stage, e.rule,
                 e.confidence)
            for e in _settled(text[start:end], config)
        )
    return edits


# A page's corrections change what it teaches (its unknown words are fewer, its damage
# plainer), so the page is read again until a reading changes nothing, at most this often:
# a second repair must have nothing left to do.
WORD_ROUNDS = 3


def _settled(text: str, config: Config) -> list[Edit]:
    """The segment's edits, read again on its corrected text until they settle."""
    floor = config.min_confidence
    edits: tuple[Edit, ...] = ()
    current = text
    for _ in range(WORD_ROUNDS):
        found = [e for e in _fix_segment(current, config) if e.confidence >= floor]
        if not found:
            break
        edits = compose_edits(text, edits, found)
        current = apply_edits(current, found)
    return list(edits)


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans of about SEGMENT_CHARS that tile `text`, each ending after a blank line (or a
    line end, or a space, if there is none near: a segment never cuts a word)."""
    spans = []
    start = 0
    while len(text) - start > SEGMENT_CHARS:
        goal = start + SEGMENT_CHARS
        end = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + SEGMENT_CHARS // 2, goal)
            if found >= 0:
                end = found + len(separator)
                break
        if end < 0:
            end = goal  # one "word" of 100,000 characters: no word to cut
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _readings(
    models: _Models, token: str, confusions: Confusions, scope: str, name: bool
) -> tuple[Reading, ...]:
    """The readings of a rejected token (lower case) worth weighing: the MAX_READINGS
    likeliest under the open prior (the page can change their order, but a reading far down
    it never wins). `confusions` are the misreadings tried as variants, `scope` how far the
    index looks (readings.CLOSE, OPEN), `name` whether the token is capitalised."""
    applicable = _applicable(token, confusions)
    key = (token, applicable, scope, name)
    known = recall(models.readings, key)
    if known is not None:
        return known
    variants = _variants(token, applicable)
    found = readings_of(token, variants, index=models.index, scope=scope, name=name)
    if len(token) <= 2:
        # Two letters are too few to tell a misreading from an abbreviation or a code
        # (`ci`, `cm`), except where it misread å, ä or ö, the letters OCR gets wrong
        # most, in one of the common short words (`pä` → `på`, `fr` → `för`, `äv` → `av`;
        # not a rare form like `öb`).
        # A token holding a mark for a glyph the engine could not read (`_h`) is no
        # abbreviation or code: any common word may be it (`och`). Nor, where it has no
        # vowel, is one whose `l` is an `i` (`vl` → `vi`: a thin stroke misread, see
        # _vowels_read_as_l).
        unread = not UNKNOWN_GLYPHS.isdisjoint(token)
        thin = _VOWEL_RE.search(token) is None
        found = tuple(
            r for r in found
            if (unread or _touches_marks(r.runs) or (thin and r.runs == _THIN_STROKE_RUNS))
            and r.zipf >= SHORT_WORD_MIN_ZIPF
        )
    if len(found) > MAX_READINGS:
        found = tuple(sorted(found, key=lambda r: -_hopeful_score(r, models))[:MAX_READINGS])
    return remember(models.readings, key, found, _READINGS_LIMIT)


def _real_readings(
    models: _Models, word: str, confusions: Confusions, lost: tuple[str, ...]
) -> tuple[Reading, ...]:
    """The readings of a real word (lower case) as another word that the lexicon accepts:
    those spelt like it up to the letter families, and its variants under `confusions` and,
    if it is short, with one of the `lost` letters put back."""
    applicable = _applicable(word, confusions)
    if len(word) > MAX_LOST_LETTER_TOKEN:
        lost = ()
    key = (word, applicable, lost)
    known = recall(models.real_readings, key)
    if known is None:
        variants = _variants(word, applicable)
        if lost:
            variants += _lost_letter_variants(word, lost)
        found = readings_of(word, variants, index=models.index, scope=SAME_KEY)
        known = tuple(r for r in found if r.zipf > 0 and models.lexicon.is_word(r.word))
        remember(models.real_readings, key, known, _REAL_READINGS_LIMIT)
    return known


class _Reader:
    """Reads one page: its tokens, its profile, its decisions."""

    def __init__(
        self, text: str, config: Config, models: _Models,
        regions: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.config = config
        self.models = models
        self.lexicon = models.lexicon
        self.page = _sort_tokens(text, models.lexicon, regions)
        self.adjustment = damage_adjustment(len(self.page.rejected), self.page.words)
        self.variant_confusions = models.variant_confusions
        self.contributions: dict[str, Contributions] = {}
        # Readings with edits outside the letter families and the prior's variants are
        # looked for on a page that looks damaged (see _quick_edits).
        self.scope = OPEN
        self._fit_model: ContextModel | None = None
        # The page's channel, once profile() has learned it.
        self.channel: Channel = models.open_prior

    # -- readings of rejected tokens ------------------------------------------------------

    def readings(self, token: str, name: bool = False) -> tuple[Reading, ...]:
        """The readings of a rejected token (lower case) worth weighing (see _readings)."""
        return _readings(self.models, token, self.variant_confusions, self.scope, name)

    def keep_zipf(self, start: int, end: int, kind: str) -> float:
        return _keep_prior(self.text, start, end, kind, self.lexicon) + self.adjustment

    def profile(self) -> Profile:
        """This page's damage profile, learned from its rejected tokens; its channel (drawn
        towards the open prior) is kept as `channel`."""
        groups: dict[str, list[tuple[int, int, str]]] = {}
        for start, end, kind in self.page.rejected:
            groups.setdefault(self.text[start:end].lower(), []).append((start, end, kind))
        suspects = []
        for token, spans in groups.items():
            start, end, kind = spans[0]
            suspects.append(
                Suspect(token, self.readings(token, is_capitalised(self.text[start:end])),
                        self.keep_zipf(start, end, kind), len(spans))
            )
        profile, self.contributions = estimate(
            self.page.letters, suspects, self.models.open_prior
        )
        # What the page taught may make new variants worth trying (`d` for `ä`). The channel
        # is kept: the page's tokens are weighed under it next, and it remembers its costs.
        self.channel = profile.channel(self.models.open_prior)
        self.variant_confusions = _variant_confusions(self.channel, profile)
        return profile

    # -- context -------------------------------------------------------------------------

    def fit(self, start: int, end: int, corrections: dict[int, str]) -> context.Fit:
        if self._fit_model is None:
            self._fit_model = get_context_model(self.config.context_model)
        return context.fit_at(self._fit_model, self.lexicon, self.text, start, end, corrections)

    # -- decisions -----------------------------------------------------------------------

    def rejected_edits(self, channel: Channel, corrections: dict[int, str]) -> list[Edit]:
        edits = []
        text = self.text
        floor = self.config.min_confidence
        for start, end, kind in self.page.rejected:
            token = text[start:end]
            lower = token.lower()
            readings = self.readings(lower, is_capitalised(token))
            if not readings:
                continue
            keep = self.keep_zipf(start, end, kind) - channel.keep_cost(lower)
            verdict = _weigh(readings, channel, keep, self.contributions.get(lower))
            if len(verdict.rivals) > 1:
                verdict = _in_context(
                    verdict, lower, self.fit(start, end, corrections), keep_is_word=False
                )
            if verdict.reading is None:
                continue
            after = _output(verdict.reading, token, text, start)
            if after == token:
                continue
            if kind == _MARKED and not self.lexicon.is_word(after):
                continue  # a word with an unreadable glyph becomes a word, or stays
            if verdict.reading.runs == _THIN_STROKE_RUNS and not _stands_as_word(
                text, start, end
            ):
                continue  # `ll` in `h÷ll` is a piece of a word a sign broke, not `li`
            own = self.contributions.get(lower)
            if verdict.confidence < GUESS_MIN_CONFIDENCE and _is_guess(
                verdict.reading, channel, own
            ):
                continue
            if verdict.confidence >= floor:
                corrections[start] = after
            rule = GLYPH_RULE if kind == _MARKED else RULE
            edits.append(Edit(start, end, token, after, STAGE, _rule(rule, verdict.reading),
                              round(verdict.confidence, 4)))
        return edits

    def real_word_edits(
        self, channel: Channel, confusions: Confusions, lost: list[str],
        corrections: dict[int, str],
    ) -> list[Edit]:
        """Edits for real words (and lone letters) that the page's evidence says are
        misreadings: `confusions` are the misreadings the page shows, `lost` the letters it
        loses."""
        text = self.text
        lexicon = self.lexicon
        floor = self.config.min_confidence
        edits = []
        weighed: dict[str, _Verdict] = {}
        lost_letters = tuple(lost)
        spans = [(s, e, True) for s, e in self.page.accepted]
        spans += [(s, e, False) for s, e in self.page.lone]
        spans.sort()
        for start, end, is_word in spans:
            token = text[start:end]
            lower = token.lower()
            verdict = weighed.get(lower)
            if verdict is None:
                readings = _real_readings(self.models, lower, confusions, lost_letters)
                if not readings:
                    # Most real words have none: nothing to weigh keeping the word against.
                    weighed[lower] = _Verdict(None, 1.0, [], 0.0)
                    continue
                keep = (lexicon.zipf(lower) if is_word else LONE_LETTER_ZIPF)
                keep -= channel.keep_cost(lower)
                verdict = weighed[lower] = _weigh(readings, channel, keep)
            if not verdict.rivals or (
                verdict.reading is None
                and verdict.rivals[0][1] < verdict.keep_score - RIVAL_RANGE
            ):
                continue  # no reading near enough for the neighbours to turn the choice
            decided = _in_context(
                verdict, lower, self.fit(start, end, corrections), keep_is_word=is_word
            )
            if decided.reading is None:
                continue
            after = _output(decided.reading, token, text, start)
            if after == token:
                continue
            reading = decided.reading
            restores = _only_marks(reading.runs)
            if is_word and not restores and decided.confidence < REAL_WORD_MIN_CONFIDENCE:
                continue
            if decided.confidence >= floor:
                corrections[start] = after
            if restores:
                stage, rule = RESTORE_STAGE, RESTORE_RULE
            elif not is_word:
                stage, rule = STAGE, _rule(LOST_RULE, reading)
            else:
                stage, rule = STAGE, _rule(REAL_RULE, reading)
            edits.append(Edit(start, end, token, after, stage, rule,
                              round(decided.confidence, 4)))
        return edits


def _touches_marks(runs: Iterable[tuple[str, str]]) -> bool:
    """True when some run puts back, takes away or changes å, ä or ö."""
    return any(char in "åäö" for ocr, truth in runs for char in ocr + truth)


def _page_habits(profile: Profile, channel: Channel) -> tuple[Confusions, list[str]]:
    """The misreadings a page's evidence shows as its habits: substitutions (ocr, truth)
    and the letters it loses."""
    confusions: list[tuple[float, str, str]] = []
    lost: list[str] = []
    found = dict(profile.confusions)
    # Marks are lost together (see PosteriorChannel): their evidence is pooled.
    dropped = sum(found.get(pair, 0.0) for pair in DROPPED_MARKS)
    marked = sum(profile.occurrences(truth) for _, truth in DROPPED_MARKS)
    if dropped >= MIN_DROPPED_EVIDENCE and dropped >= MIN_RATE * marked:
        for pair in DROPPED_MARKS:
            found[pair] = max(found.get(pair, 0.0), MIN_EVIDENCE)
    for (ocr, truth), count in found.items():
        if count < MIN_EVIDENCE or not truth or len(truth) > 2 or len(ocr) > 2:
            continue
        if (ocr, truth) not in DROPPED_MARKS and profile.rate(ocr, truth) < MIN_RATE:
            continue
        if not ocr:
            if len(truth) == 1 and truth in "åäö":
                lost.append(truth)
            continue
        confusions.append((channel.run_cost(ocr, truth), ocr, truth))
    confusions.sort()
    return tuple((o, t) for _, o, t in confusions), sorted(lost)


def page_profile(text: str, config: Config) -> Profile:
    """The damage profile the word stage learns from `text` (one page or document)."""
    reader = _Reader(text, config, _models_for(config))
    profile = reader.profile()
    profile.documents = 1
    return profile


# Texts at least this long are first looked at run by run (_quick_edits): all of them, for a
# page read whole costs many times more than its runs looked up.
INERT_CHECK_CHARS = 0
# More runs with rejected tokens than this and the page is damaged: read it word by word.
MAX_LIVE_CHUNKS = 20
# A page whose unknown words make this much of a damage adjustment (about twice the share
# clean Swedish has) looks damaged: read it word by word.
DAMAGED_ADJUSTMENT = -0.3
# Runs of non-space characters remembered per process (see _chunk_stats; ocrfix.memo): clean
# ones (about 60 bytes each), and the others (350 bytes each).
_CLEAN_CHUNK_LIMIT = 100_000
_CHUNK_LIMIT = 20_000


@dataclass
class _ChunkStats:
    words: int
    rejected: int
    foreign: int  # rejected plain words (see is_swedish_prose)
    live: bool  # it holds a rejected token (or is a bar that may be a capital I)
    markers: int = 0  # words in the spelling of before 1906 (see _set_aside_historical)
    # Its rejected tokens, in lower case, each with whether it is capitalised.
    rejected_tokens: tuple[tuple[str, bool], ...] = ()
    readable: bool | None = None  # whether one of them has a reading: see _readable
    # Set with `readable`: whether one of them has a reading that only puts back å/ä/ö/é
    # marks (`fargprofil`).
    unmarked: bool = False


def _readable(stats: _ChunkStats, models: _Models) -> bool:
    """Whether one of a run's rejected tokens has a reading on a page that looks clean (see
    _quick_edits), and whether one only lacks its marks (`unmarked`); asked once per run."""
    if stats.readable is None:
        found = [
            reading
            for token, name in stats.rejected_tokens
            for reading in _readings(models, token, models.variant_confusions, CLOSE, name)
        ]
        stats.readable = bool(found)
        stats.unmarked = any(_only_marks(reading.runs) for reading in found)
    return stats.readable


def _only_marks(runs: Iterable[tuple[str, str]]) -> bool:
    """True when the runs only put marks back on letters (`a` → `ä`), as on a word typed
    or printed without them."""
    return all(run in DROPPED_MARKS for run in runs)


# Punctuation that may stand around a word in a run of non-space characters (not brackets:
# OCR engines print them for letters, see _stray_bracket).
_AROUND_WORD = ",.;:!?()\"'«»”“’‘-–—/"
_AROUND_WORD_AND_GLYPHS = _AROUND_WORD + _GLYPHS
_CLEAN_WORD = _ChunkStats(1, 0, 0, False)
_NO_WORD = _ChunkStats(0, 0, 0, False)
_LETTER_RE = regex.compile(r"\p{L}")


def _chunk_stats(chunk: str, models: _Models) -> _ChunkStats:
    """What one run of non-space characters holds (see _quick_edits); remembered."""
    core = chunk.strip(_AROUND_WORD)
    # The common case, a word (with punctuation around it), is judged without tokenizing.
    if core.isalpha() and (
        len(core) == len(chunk) or core == chunk.strip(_AROUND_WORD_AND_GLYPHS)
    ) and (len(core) == 1 or models.lexicon.is_word(core) or not worth_looking_up(core)):
        remember(models.clean_chunks, chunk, None, _CLEAN_CHUNK_LIMIT)
        return _CLEAN_WORD
    # A run without a letter (a number, a dash, a sign) holds no word; a bar may be an I.
    if chunk != "|" and _LETTER_RE.search(chunk) is None:
        return remember(models.chunks, chunk, _NO_WORD, _CHUNK_LIMIT)
    words = _accepted_tokens(chunk, models.lexicon)
    if words is not None:
        return remember(models.chunks, chunk, _ChunkStats(words, 0, 0, False), _CHUNK_LIMIT)
    page = _sort_tokens(chunk, models.lexicon, count_letters=False)
    foreign = sum(1 for *_, kind in page.rejected if kind == WORD)
    live = chunk == "|" or bool(page.rejected)
    rejected_tokens = tuple(
        (chunk[start:end].lower(), is_capitalised(chunk[start:end]))
        for start, end, _ in page.rejected
    )
    stats = _ChunkStats(
        page.words, len(page.rejected), foreign, live, page.markers, rejected_tokens
    )
    return remember(models.chunks, chunk, stats, _CHUNK_LIMIT)


def _accepted_tokens(chunk: str, lexicon: Lexicon) -> int | None:
    """How many word tokens a run of non-space characters holds (`IT-stöd`: 2, `F5,`: 1),
    when _sort_tokens would accept every one of them and find no mark of old spelling; None
    when it may not, and must be asked. A cheaper path to the common answer."""
    if _GLYPH_OR_INNER_RE.search(chunk) is not None:
        return None  # a glyph the engine could not read: see _marked_spans
    words = 0
    for kind, start, end in word_tokens(chunk):
        token = chunk[start:end]
        words += 1
        if kind == WORD:
            if len(token) == 1 or not worth_looking_up(token):
                continue
            if not lexicon.is_word(token) or _HISTORICAL_HINT_RE.search(token):
                return None
        elif _mixed_looks_misread(token):
            return None
    return words


def _quick_edits(models: _Models, text: str, config: Config) -> list[Edit] | None:
    """The stage's edits for a page that looks clean, found without reading it word by word;
    None when the page must be read whole.

    Most text is clean, and its words repeat from page to page: each distinct run of
    non-space characters is judged once per process (_chunk_stats). On a page with no more
    unknown words than clean Swedish has, an unknown word is most likely a name or a word no
    list holds; only the misreadings OCR makes most are looked for in it (the letter
    families, and the prior's variants such as `d` for `ä`): a rarer misreading, or a new
    compound, would not win against keeping the word there anyway. A page with more unknown
    words than that of which some look misread (one that is not a plain word, that such a
    reading replaces, or that only lacks its å/ä/ö), or with many live ones, or with a sure
    correction (which shows the page damaged and its real words worth a look), is read
    whole."""
    chunks = Counter(text.split())  # one C-level pass
    words = sum(chunks.values())  # each clean run is one word; the others are counted below
    rejected = foreign = markers = 0
    live: list[tuple[str, _ChunkStats]] = []
    known = models.chunks
    clean = models.clean_chunks
    # (A loop over the page's runs: a set difference with the remembered ones would cost
    # as many steps as there are remembered runs, on every page.)
    for chunk in [chunk for chunk in chunks if chunk not in clean]:
        stats = known.get(chunk)
        if stats is None:
            stats = _chunk_stats(chunk, models)
            if stats is _CLEAN_WORD:
                continue
        count = chunks[chunk]
        markers += stats.markers * count
        words += (stats.words - 1) * count
        rejected += stats.rejected * count
        foreign += stats.foreign * count
        if stats.live:
            live.append((chunk, stats))
            if len(live) > MAX_LIVE_CHUNKS:
                return None
    if not is_swedish_prose(foreign, words):
        return []
    if markers >= MIN_HISTORICAL_MARKERS and markers >= MIN_HISTORICAL_SHARE * words:
        return None  # perhaps spelt before 1906: the whole page decides (_set_aside_historical)
    adjustment = damage_adjustment(rejected, words)
    # Many unknown words make a page look damaged when some look misread: a token that is not
    # a plain word (a digit or a glyph among letters: `foreign` counts the plain ones), one
    # with a letter Swedish does not write, or one that a reading among OCR's common
    # misreadings replaces or only gives back its marks (the dearest tests, last). Plain
    # words with none of these are names and terms, which technical text has many of.
    many_unknown = adjustment < DAMAGED_ADJUSTMENT
    if many_unknown and (rejected > foreign or _has_foreign_letters(live)):
        return None
    # A run none of whose tokens has a reading stays as it is wherever it stands: most of
    # the unknown words of clean text (names) are such runs, and the page need not be read.
    readable = [
        (chunk, stats) for chunk, stats in live if chunk != "|" and _readable(stats, models)
    ]
    if not readable:
        return _bars(text, models.lexicon)
    # Among many unknown words, one that only lacks its å/ä/ö is Swedish stripped of them
    # (`fargprofil`), and the page's own evidence puts them back.
    if many_unknown and any(stats.unmarked for _, stats in readable):
        return None
    quick = _Reader(text, config, models, _run_spans(text, (chunk for chunk, _ in readable)))
    quick.adjustment = adjustment
    quick.scope = CLOSE
    corrections: dict[int, str] = {}
    found = quick.rejected_edits(models.open_prior, corrections)
    # Among many unknown words, one that a close reading replaces is a sign of damage, and
    # the page's own evidence decides it (`välfostrade` stays on a page that prints `ä`
    # right); terms that all keep their spelling against their readings (`Sub`, `Calc`) are
    # no such sign.
    if (many_unknown and found) or any(edit.confidence >= EVIDENCE_CONFIDENCE for edit in found):
        return None
    edits = _bars(text, models.lexicon) + found
    edits.sort(key=lambda e: e.start)
    return edits


# The letters Swedish writes. A model for another language prints its own letters for å, ä
# and ö (`ü`, `ø`, `æ`), so an unknown word with any other letter looks misread.
_SWEDISH_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäöé")


def _has_foreign_letters(live: list[tuple[str, _ChunkStats]]) -> bool:
    """Whether a rejected token of the runs `live` has a letter Swedish does not write."""
    return any(
        not _SWEDISH_LETTERS.issuperset(char for char in token if char.isalpha())
        for _, stats in live
        for token, _ in stats.rejected_tokens
    )


_NON_SPACE_RE = regex.compile(r"\S")


def _run_spans(text: str, runs: Iterable[str]) -> list[tuple[int, int]]:
    """Where `text` has each of `runs` (runs of non-space characters) standing whole, in
    order: a few str.find calls, cheaper than compiling a pattern for each page."""
    spans = []
    for run in runs:
        at = text.find(run)
        while at >= 0:
            end = at + len(run)
            if not (at and _NON_SPACE_RE.match(text, at - 1)) and not (
                end < len(text) and _NON_SPACE_RE.match(text, end)
            ):
                spans.append((at, end))
            at = text.find(run, at + 1)
    return sorted(spans)


def _has_words(text: str) -> bool:
    """Whether `text` holds a token of two letters or more, or a glyph that may be a letter:
    without one there is nothing to look up (and the lexicon is not loaded)."""
    return has_word_token(text) or any(char in text for char in _GLYPHS)


def _fix_segment(text: str, config: Config) -> list[Edit]:
    if not _has_words(text):
        return _bars_for_capital_i(text) if "|" in text else []
    models = _models_for(config)
    if (
        len(text) >= INERT_CHECK_CHARS
        and config.restore_diacritics != True  # noqa: E712  (True, not "auto")
        and models.corpus is None
    ):
        quick = _quick_edits(models, text, config)
        if quick is not None:
            return quick
    reader = _Reader(text, config, models)
    page = reader.page
    forced = config.restore_diacritics is True
    if not page.rejected and not page.lone and not forced and models.corpus is None:
        return _bars(text, models.lexicon)
    # Letters mixed with digits or glyphs are damage, not another language: only unknown
    # plain words say a text is not Swedish.
    foreign = sum(1 for *_, kind in page.rejected if kind == WORD)
    if not is_swedish_prose(foreign, page.words):
        return []
    profile = reader.profile()
    channel = reader.channel
    corrections: dict[int, str] = {}
    edits = _bars(text, models.lexicon)
    found = reader.rejected_edits(channel, corrections)
    edits.extend(found)
    if config.restore_diacritics is not False and (page.accepted or page.lone):
        real = _real_channel(config, profile, models)
        if real is not None:
            channel_real, confusions, lost = real
            edits.extend(reader.real_word_edits(channel_real, confusions, lost, corrections))
    edits.sort(key=lambda e: e.start)
    return edits


def _real_channel(
    config: Config, profile: Profile, models: _Models
) -> tuple[Channel, Confusions, list[str]] | None:
    """The channel real words are weighed with, and the misreadings and lost letters to
    look for; None when the page shows no habit to weigh them against."""
    if config.restore_diacritics is True:
        # The text is Swedish typed without å/ä/ö: every marked letter may have been printed
        # plain, and only the words (and their neighbours) decide.
        forced = Profile(source="stripped")
        for ocr, truth in DROPPED_MARKS:
            forced.confusions[(ocr, truth)] = 1.0
            forced.letters[truth] = 1.0
        channel = forced.channel(models.clean_prior, strength=0.0)
        return channel, tuple(DROPPED_MARKS), []
    channel = profile.channel(models.clean_prior)
    confusions, lost = _page_habits(profile, channel)
    if models.corpus is not None:
        more, more_lost = _page_habits(models.corpus, channel)
        confusions = tuple(dict.fromkeys(confusions + more))
        lost = sorted(set(lost) | set(more_lost))
    if not confusions and not lost:
        return None
    return channel, confusions, lost


# A vertical bar alone where a sentence begins, before a word in lower case: Tesseract reads
# the serif capital I as |, and `I` (in) begins many Swedish sentences (`| dag` is `I dag`).
# A digit glued to lower case (`| 6verens`) is such a word misread: this stage mends it, and
# a second repair would then see the bar (repair must be idempotent).
# A bar standing alone between two words in lower case: the preposition `i`, whose single
# stroke an engine read as a bar (`barnen | staden`), when both words are Swedish; between
# other tokens it is a pipe or a menu path (`sort | uniq`, `Arkiv | Spara`). The line may
# wrap after it (`roll |⏎samhället`).
_LONE_BAR_RE = regex.compile(r"(?<=(\p{Ll}+)[ \t])\|(?=(?:[ \t]|[ \t]*\r?\n[ \t]*)(\p{Ll}+))")
BAR_I_RULE = "fix_words.bar-for-i"
_BAR_FOR_I_RE = regex.compile(
    r"(?:^|(?<=[.!?…][ \t]{1,3}))\|(?= (?:\d|\p{Ll}))", regex.MULTILINE
)
BAR_RULE = "fix_words.bar-for-capital-i"
BAR_CONFIDENCE = 0.95


def _bars_for_i(text: str, lexicon: Lexicon) -> list[Edit]:
    """`barnen | staden` → `barnen i staden` (see _LONE_BAR_RE); a line with more bars is a
    table or a pipe."""
    found = [
        match.start()
        for match in _LONE_BAR_RE.finditer(text)
        if lexicon.is_word(match.group(1)) and lexicon.is_word(match.group(2))
    ]
    edits = []
    for at in found:
        # Every bar of the line must be such a bar: one more, and the line is a table row.
        line_start, line_end = _line_bounds(text, at, at)
        bars = text.count("|", line_start, line_end)
        if bars == sum(1 for other in found if line_start <= other < line_end):
            edits.append(Edit(at, at + 1, "|", "i", STAGE, BAR_I_RULE, BAR_CONFIDENCE))
    return edits


def _bars(text: str, lexicon: Lexicon) -> list[Edit]:
    """The bars of `text` that are the word i (or I): _bars_for_capital_i and _bars_for_i."""
    if "|" not in text:
        return []
    return sorted(_bars_for_capital_i(text) + _bars_for_i(text, lexicon), key=lambda e: e.start)


def _bars_for_capital_i(text: str) -> list[Edit]:
    """`| dag var det kallt.` → `I dag …`; a line with more bars is a table or a pipe."""
    edits = []
    for match in _BAR_FOR_I_RE.finditer(text):
        line_start, line_end = _line_bounds(text, match.start(), match.end())
        if text.count("|", line_start, line_end) == 1:
            edits.append(
                Edit(match.start(), match.end(), "|", "I", STAGE, BAR_RULE, BAR_CONFIDENCE)
            )
    return edits


__all__ = [
    "fix_words", "page_profile", "historical_words", "damage_adjustment", "is_swedish_prose",
    "iter_tokens",
]
