"""
Finding damage without changing anything.

:func:`detect` reads a text and reports what looks wrong, with offsets into
the text, so that you can measure how damaged a corpus is, show problems to
a person, or decide whether a document needs repair at all. It never edits.

It reports these kinds of :class:`~ocrfix.edits.Finding`:

``wrong-encoding``
    A word that went through the wrong character encoding: ``fÃ¶r``, ``f”r``,
    ``f|r``, ``f�r``. ``detail`` gives the reading and the rule that found it.
``unnormalized``
    Characters that are not in Unicode NFC (an ``o`` followed by a combining
    diaeresis instead of ``ö``). They look right, so ``detail`` spells out
    the code points: ``NFC changes U+006F U+0308 to U+00F6``.
``stripped-diacritics``
    A word that the lexicon knows as ``å``/``ä``/``ö`` gone missing, such as
    ``maste`` for ``måste``. ``detail`` gives the likeliest original.
``unknown-word``
    A word the Swedish lexicon does not accept, neither as a known form nor
    as a compound of known words: ``Socialndmnden``, ``stéd``, ``frimst``.
``mixed-token``
    Letters and digits run together the way OCR misreads them: ``6verens``
    (ö read as 6), ``10sa`` (lö read as 10), ``f4`` (å read as 4). Codes,
    units and ordinals (``B12``, ``3D``, ``2a``, ``5kg``) are left alone.

Three more kinds say what is not modern Swedish prose, which the repair leaves as it is:

``historical-spelling``
    A word spelt as before the 1906 reform (``hvilken``, ``qvinna``, ``lefva``, and in a
    text those show to be historical, ``hjerta``). ``detail`` gives the modern spelling and
    the rules of the period that make it: ``vilken (hv>v)`` (:mod:`ocrfix.historical`).
``english``
    A run of English words (``the quick brown fox``, ``roots``): :mod:`ocrfix.registers`.
``code``
    A line of code, a command or configuration (``sort -rn | uniq -c``).

Words are checked against the lexicon named by ``Config.lexicon``, which is
loaded the first time a word needs checking (not when ocrfix is imported).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Protocol

from ocrfix.config import Config
from ocrfix.edits import Finding
from ocrfix.errors import check_config, check_text
from ocrfix.pipeline import normalize_unicode
from ocrfix.stages.encoding import fix_encoding
from ocrfix.suspects import looks_misread, worth_looking_up
from ocrfix.tokens import MIXED, WORD, iter_tokens

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

UNNORMALIZED = "unnormalized"
UNKNOWN_WORD = "unknown-word"
STRIPPED_DIACRITICS = "stripped-diacritics"
MIXED_TOKEN = "mixed-token"
WRONG_ENCODING = "wrong-encoding"

MIXED_TOKEN_DETAIL = "digits among letters, probably misread by OCR"
HISTORICAL_SPELLING = "historical-spelling"
ENGLISH = "english"
CODE = "code"

class LexiconLike(Protocol):
    """What :func:`detect` needs from a lexicon (see :mod:`ocrfix.lexicon`)."""

    def is_word(self, word: str) -> bool: ...

    def is_stripped(self, word: str) -> bool: ...

    def variants(self, word: str) -> list[tuple[str, float]]: ...


def get_lexicon(name: str) -> LexiconLike:
    """
    Load the lexicon called ``name`` (cached by :mod:`ocrfix.lexicon`).

    The import happens here, not at the top of the module, so that
    ``import ocrfix`` stays cheap.
    """
    from ocrfix.lexicon import get_lexicon as _get_lexicon

    lexicon: LexiconLike = _get_lexicon(name)
    return lexicon


def detect(text: str, config: Config | None = None) -> list[Finding]:
    """
    Report what looks damaged in ``text``, sorted by position.

    The text is not changed. ``config.lexicon`` chooses the lexicon; the
    stage switches in the config do not limit what is reported.

    Decomposed characters are found without any lexicon:

    >>> [(f.kind, f.detail) for f in detect("1 ma\\u030anad")]
    [('unnormalized', 'NFC changes U+0061 U+030A to U+00E5')]
    """
    check_text(text)
    config = check_config(config)
    findings = [
        Finding(
            edit.start,
            edit.end,
            edit.before,
            UNNORMALIZED,
            f"NFC changes {_code_points(edit.before)} to {_code_points(edit.after)}",
        )
        for edit in normalize_unicode(text, config)
    ]
    # Wrong decodings first: a word that is mojibake is reported as that, not as unknown.
    encoding = [
        Finding(edit.start, edit.end, edit.before, WRONG_ENCODING, f"{edit.after} ({edit.rule})")
        for edit in fix_encoding(text, config)
    ]
    findings.extend(encoding)
    held: list[LexiconLike] = []

    def lexicon() -> LexiconLike:
        """The lexicon, asked for once and only when a word needs it."""
        if not held:
            held.append(get_lexicon(config.lexicon))
        return held[0]

    registers = _register_findings(text, config, lexicon)
    findings.extend(registers)
    # A word reported as mojibake, old spelling, English or code is not also unknown.
    spans = sorted((f.start, f.end) for f in encoding + registers)
    findings.extend(
        finding
        for finding in _token_findings(text, lexicon)
        if all(finding.end <= start or finding.start >= end for start, end in spans)
    )
    findings.sort(key=lambda finding: (finding.start, finding.end))
    return findings


def _register_findings(
    text: str, config: Config, get: Callable[[], LexiconLike]
) -> list[Finding]:
    """Historical spelling, English and code: text that is not modern Swedish prose."""
    from ocrfix.historical import modern_reading
    from ocrfix.lexicon import Lexicon
    from ocrfix.registers import code_lines, english_spans
    from ocrfix.stages.words import historical_words

    found: list[Finding] = []
    code = code_lines(text)
    for start, end in code:
        line = text[start:end].rstrip("\r\n")
        found.append(Finding(start, start + len(line), line, CODE, "a line of code"))
    if not any(
        kind == WORD and worth_looking_up(text[start:end])
        for kind, start, end in iter_tokens(text)
    ):
        return found
    lexicon = get()
    if not isinstance(lexicon, Lexicon):
        return found  # a stand-in lexicon knows no frequencies to tell English by
    historical = historical_words(text, config)
    for start, end, _ in historical:
        word = text[start:end]
        reading = modern_reading(word, lexicon)
        detail = f"{reading[0]} ({'+'.join(reading[1])})" if reading else ""
        found.append(Finding(start, end, word, HISTORICAL_SPELLING, detail))
    old = {(start, end) for start, end, _ in historical}
    english = [span for span in english_spans(text, lexicon) if span not in old]
    for a, b in _runs(text, english):
        if not any(a >= start and b <= end for start, end in code):
            found.append(Finding(a, b, text[a:b], ENGLISH, "English"))
    return found


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` (sorted) joined where only spaces and phrase punctuation stand between them."""
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        if runs and not text[runs[-1][1] : start].strip(" ,'’\"”“:;()-"):
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _token_findings(text: str, get: Callable[[], LexiconLike]) -> Iterator[Finding]:
    lexicon: LexiconLike | None = None
    verdicts: dict[str, tuple[str, str] | None] = {}
    for kind, start, end in iter_tokens(text):
        if kind == WORD:
            word = text[start:end]
            if not word.isascii():
                word = unicodedata.normalize("NFC", word)
            if word not in verdicts:
                if not worth_looking_up(word):
                    verdicts[word] = None
                else:
                    if lexicon is None:
                        lexicon = get()
                    verdicts[word] = _judge_word(word, lexicon)
            verdict = verdicts[word]
            if verdict is not None:
                yield Finding(start, end, text[start:end], *verdict)
        elif kind == MIXED:
            token = text[start:end]
            if looks_misread(token):
                yield Finding(
                    start, end, token, MIXED_TOKEN, MIXED_TOKEN_DETAIL
                )


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)


def _judge_word(word: str, lexicon: LexiconLike) -> tuple[str, str] | None:
    # We ask about stripped diacritics first. Large word lists include the
    # common artefacts ("maste" occurs on the web), so a word can be both
    # "known" and a probable artefact; the lexicon decides which it is.
    if lexicon.is_stripped(word):
        variants = lexicon.variants(word)
        return (STRIPPED_DIACRITICS, variants[0][0] if variants else "")
    if lexicon.is_word(word):
        return None
    return (UNKNOWN_WORD, "not in the lexicon")
