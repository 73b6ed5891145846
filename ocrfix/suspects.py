"""
Token shapes that say "look closer" or "leave alone", before any lexicon is asked.

Both :mod:`ocrfix.detect` and the word-repair stage need the same judgements: a word in
capitals is an abbreviation (`IFO`, `KSL`), a lone letter is a list marker or an initial,
and a token that mixes letters and digits is damage only in the shapes OCR produces
(`6verens`, `f4`), not in codes and units (`B12`, `5kg`).
"""

from __future__ import annotations

#: Longer than any Swedish word (see ocrfix.lexicon.MAX_WORD_LENGTH).
MAX_WORD_LENGTH = 64

#: Words in capitals up to this length are taken as abbreviations (IFO, KSL,
#: APT, SKR) and not looked up: the lexicon cannot know them all.
MAX_ABBREVIATION_LENGTH = 5

#: What may follow a number without it being OCR damage: units and Swedish
#: ordinal endings, compared in lower case ("5kg", "24h", "100kr", "3st").
NUMBER_SUFFIXES = frozenset(
    """
    a e st kr tkr mkr mdkr sek kg g mg hg t km m cm mm dm l dl cl ml
    h min s ms kwh mwh kw mw mhz ghz kb mb gb tb mbit
    kvm ggr tal talet
    """.split()
)

#: Digits that OCR engines put in place of letters: 0 for o/ö, 1 for l/i,
#: 4 for å/ä, 6 for ö. A lower-case word ending in these (``f4``, ``ti11``)
#: is probably a misread word.
OCR_DIGITS = frozenset("0146")

#: Digits that OCR prints for å, ä or ö (4 for the ring or dots over a, 6 for ö).
_MARK_DIGITS = frozenset("46")

#: Lower-case letter-then-digit tokens that are ordinary names of things.
KNOWN_CODES = frozenset({"a4", "a6", "mp4"})


def worth_looking_up(word: str) -> bool:
    """Whether a word token is worth asking the lexicon about.

    >>> [w for w in ["drenden", "IFO", "r", "NULAGE"] if worth_looking_up(w)]
    ['drenden', 'NULAGE']
    """
    # A single letter is a word, an initial or a list marker; we cannot judge it. A run of
    # letters longer than any word is no misread word either (and would cost its length
    # squared to search).
    if len(word) <= 1 or len(word) > MAX_WORD_LENGTH:
        return False
    # Short words in capitals are abbreviations: IFO, KSL, APT.
    return not (word.isupper() and len(word) <= MAX_ABBREVIATION_LENGTH)


def looks_misread(token: str) -> bool:
    """
    Whether a token mixing letters and digits looks like OCR damage.

    OCR reads ö as 6, å as 4 and l as 1, which leaves digits inside
    lower-case words. Codes, units and ordinals mix letters and digits too,
    and they must not be reported, so we look at the shape of the token:

    >>> [t for t in ["6verens", "fullf6lja", "10sa", "f4", "ti11", "4r"] if looks_misread(t)]
    ['6verens', 'fullf6lja', '10sa', 'f4', 'ti11', '4r']
    >>> codes = ["B12", "3D", "2a", "5kg", "24h", "CO2", "mp3", "covid19", "v10", "A4", "1b"]
    >>> [t for t in codes if looks_misread(t)]
    []
    """
    runs = _runs(token)
    letters = "".join(run for is_digit, run in runs if not is_digit)
    digits = "".join(run for is_digit, run in runs if is_digit)
    digits_first = runs[0][0]
    digit_inside = len(runs) >= 3 and not digits_first
    if letters.isupper():
        # Codes are written in capitals (B12, 3D, CO2, E4, SE2). Only a
        # longer word in capitals with single misread digits is damage:
        # NUL4GE, 6VERENS.
        return (
            len(letters) >= 4
            and (digit_inside or digits_first)
            and all(len(run) == 1 for is_digit, run in runs if is_digit)
        )
    if digit_inside:
        # Letters on both sides of a digit: fullf6lja, f6r, n4r.
        return True
    if digits_first:
        # 6verens and 10sa are damage; 2a, 3e, 5kg and 1990tal are not. One look-alike
        # digit before one letter is a short word with a mark (4r är, 4n än, 6n ön).
        if letters.lower() in NUMBER_SUFFIXES:
            return False
        return len(letters) >= 2 or (len(runs) == 2 and digits in _MARK_DIGITS)
    # Letters then digits: f4 and ti11 are damage; mp3, covid19, v10 are not.
    return (
        token.lower() not in KNOWN_CODES
        and letters.lower() != "v"
        and len(letters) <= 3
        and len(digits) <= 2
        and set(digits) <= OCR_DIGITS
    )


def _runs(token: str) -> list[tuple[bool, str]]:
    """Split a token into runs of digits and non-digits: ``(is_digit, run)``."""
    runs: list[tuple[bool, str]] = []
    for char in token:
        is_digit = char.isdecimal()
        if runs and runs[-1][0] == is_digit:
            runs[-1] = (is_digit, runs[-1][1] + char)
        else:
            runs.append((is_digit, char))
    return runs
