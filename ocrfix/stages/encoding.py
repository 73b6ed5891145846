"""Repair text that went through the wrong character encoding.

The generic cases are ftfy's: UTF-8 read as Windows-1252 or Latin-1 (`fÃ¶r`), twice
(`fÃƒÂ¶r`), HTML entities (`f&ouml;r`). We run ftfy with the fixes that concern encodings
only (its quote uncurling would break Swedish ”citat”), word by word, and turn each change it
makes into an edit.

What ftfy cannot know without a Swedish lexicon we add, each decision checked word by word
against the lexicon:

- DOS code page 850 (or 437) read as Windows-1252: `f”r`, `h„r`, `p†`, `™stersj”n`;
- Mac Roman read as Windows-1252: `fšr`, `besvŠr`, `pŒ`;
- 7-bit Swedish, ISO 646-SE / SEN 850200: `f|r`, `h{r`, `p}`, `[` `\\` `]` for Ä Ö Å;
- U+FFFD where a lossy decode lost a letter: `f�r`, `tr�dde`; where two readings are both
  words (`för`, `får`), their frequencies and the context model (ocrfix.neighbours) decide.

    >>> from ocrfix.config import Config
    >>> text = "Vi m}ste g|ra det h{r f”r att sn„llt v†rda fšr barnen. Varf�r?"
    >>> [(e.before, e.after) for e in fix_encoding(text, Config())][:4]
    [('m}ste', 'måste'), ('g|ra', 'göra'), ('h{r', 'här'), ('f”r', 'för')]

A legacy reading is used only where the document shows it: the words it mends must outnumber
the words it would break, so brackets and bars in code, e-mail and ordinary text survive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import regex

from ocrfix.config import Config
from ocrfix.edits import Edit, apply_edits, compose_edits
from ocrfix.lexicon import Lexicon, get_lexicon
from ocrfix.neighbours import get_context_model
from ocrfix.stages import context
from ocrfix.tokens import capital_expected

if TYPE_CHECKING:  # imported where it is first needed: ftfy takes a third of ocrfix's import
    import ftfy

STAGE = "fix_encoding"

# Characters that only appear in the text through the damage we look for: a line without
# any (and without `&`) needs no look at all. Non-ASCII covers mojibake, code pages and
# U+FFFD; ISO 646-SE uses ASCII punctuation, checked separately.
_ISO646_MAP = str.maketrans(
    {"{": "ä", "|": "ö", "}": "å", "[": "Ä", "\\": "Ö", "]": "Å", "`": "é"}
)
_ISO646_CHARS = "{|}[\\]`"
# A run of letters and ISO 646-SE letters with at least one real letter beside one of them.
_ISO646_TOKEN_RE = regex.compile(
    r"[\p{L}{|}\[\\\]`]*(?:\p{L}[{|}\[\\\]`]|[{|}\[\\\]`]\p{L})[\p{L}{|}\[\\\]`]*"
)
# A run of non-space characters: the unit ftfy is given.
# C1 controls and the no-break space count as part of a word here: they are what the second
# byte of a UTF-8 letter becomes when read as Latin-1 (`Ã\x85` for `Å`, `Ã\xa0` for `à`).
_SPACED_WORD_RE = regex.compile(r"(?:[^\s]|[\x80-\x9f\xa0])+")
_SPACED_WORD_BACK_RE = regex.compile(r"(?r)(?:[^\s]|[\x80-\x9f\xa0])*")
# A word with damage in it: letters and anything that is not space or ordinary punctuation.
_DAMAGED_TOKEN_RE = regex.compile(r"[^\s.,;:!?()\"'«»“]+")
_DAMAGED_TOKEN_BACK_RE = regex.compile(r"(?r)[^\s.,;:!?()\"'«»“]*")
# Runs of letters and ISO 646-SE letters, where _ISO646_TOKEN_RE's tokens lie.
_ISO646_CHAR_RE = regex.compile(r"[{|}\[\\\]`]")
_ISO646_RUN_RE = regex.compile(r"[\p{L}{|}\[\\\]`]+")
_ISO646_RUN_BACK_RE = regex.compile(r"(?r)[\p{L}{|}\[\\\]`]*")
_REPLACEMENT_RE = regex.compile("\ufffd")
_REPLACEMENT = "\ufffd"


def _suspect_pattern() -> regex.Pattern[str]:
    """One pattern for every sign of encoding damage; clean Swedish matches none of them."""
    legacy: set[str] = set()
    for _name, _codec, signature in _legacy_readings():
        legacy |= signature - {_REPLACEMENT}
    # Characters clean Swedish text uses on their own (quotes, dashes, ellipsis, the euro):
    # suspect only between two letters, where `f”r` has them.
    typographic = {c for c in legacy if c in "”“„‚…–—€"}
    anywhere = "".join(sorted(legacy - typographic))
    between = "".join(sorted(typographic))
    branches = [
        # UTF-8 read as Windows-1252 or Latin-1: a lead byte and a continuation byte.
        _UTF8_SEQUENCE_RE.pattern,
        # A letter lost to U+FFFD, and C1 control characters (UTF-8 read as Latin-1).
        "[\ufffd\x80-\x9f]",
        # HTML character references: `&ouml;`, `&#229;`, `&#xE5;`.
        r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});",
        # Code page 850 and Mac Roman letters shown as Windows-1252 symbols.
        f"[{regex.escape(anywhere)}]",
        f"(?<=\\p{{L}})[{regex.escape(between)}](?=\\p{{L}})",
        # ISO 646-SE: `{|}[\\]` and the backquote inside a word, or starting one.
        r"(?<=\p{L})[{|}\[\\\]`]|[{|}\[\\\]`](?=\p{L}{2})",
    ]
    return regex.compile("|".join(f"(?:{b})" for b in branches))


def _sloppy_cp1252(byte_range: range) -> str:
    """The bytes as Windows-1252 reads them, the five it leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D) as Latin-1 reads them: what software that decodes anyway makes of them
    (ftfy's "sloppy-windows-1252", without importing ftfy for it)."""
    return "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in byte_range)


# A UTF-8 sequence of two or three bytes read as Windows-1252: a lead byte (Ã for å/ä/ö,
# â for quotes and dashes) and continuation bytes 0x80–0xBF.
_CONTINUATION = regex.escape(_sloppy_cp1252(range(0x80, 0xC0)))
_UTF8_SEQUENCE_RE = regex.compile(
    f"[{regex.escape(_sloppy_cp1252(range(0xC2, 0xE0)))}][{_CONTINUATION}]"
    f"|[{regex.escape(_sloppy_cp1252(range(0xE0, 0xF0)))}][{_CONTINUATION}]{{2}}"
)
_LOST_QUOTE = "â€\ufffd"
# Sentence punctuation around a word; not the symbols that stand for letters in the damage.
_EDGE_PUNCTUATION_RE = regex.compile(r"^[.,;:!?\"'()]+|[.,;:!?\"'()]+$")
# ... and once a reading is made, typographic quotes and dashes are punctuation too.
_EDGE_PUNCTUATION_AFTER_RE = regex.compile(r"^[.,;:!?\"'()”“„«»–—]+|[.,;:!?\"'()”“„«»–—]+$")
_WORD_RE = regex.compile(r"\p{L}+(?:-\p{L}+)*")
_ALNUM_WORD_RE = regex.compile(r"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*")
# What a lost byte most often was in Swedish text: the letters outside ASCII.
_LOST_LETTERS = "åäöéüÅÄÖÉÜ"
# The letters of the bytes Windows-1252 lacks (0x81 0x8D 0x8F 0x90 0x9D), per legacy codec.
_LOST_BYTE_LETTERS = {
    codec: "".join(
        c for c in bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]).decode(codec) if c.isalpha()
    )
    for codec in ("cp850", "mac_roman")
}

# How many words a legacy reading must mend, and by how much more than it breaks, before a
# document is taken to be in that encoding.
MIN_MENDED = 2
MAX_ROUNDS = 3
# ... and how many, ten times more than it breaks, before its words no lexicon lists are
# read that way too (an order of magnitude of evidence).
MIN_MENDED_CERTAIN = 5
CONFIDENCE_LEGACY = 0.95
CONFIDENCE_FTFY = 1.0


@functools.lru_cache(maxsize=1)
def _ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy with the fixes that concern encodings only.

    Left to other stages or left alone: normalisation (our normalize_unicode), curly quotes
    (Swedish uses ” on purpose), line breaks, control characters, ligatures and character
    widths (not encoding damage), and lossy sequences: ftfy would turn `â€�` into `�`,
    losing that it was a quotation mark, which we restore ourselves.
    """
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html="auto",
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        # Not ours to mend: ftfy turns a lone surrogate into U+FFFD, which we would then
        # read as a lost letter (`fÃ¶r\ud800` became `förö`); it passes through instead.
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _ftfy_fix(line: str) -> tuple[str, str]:
    """ftfy's repair of one word, and a rule name from its plan."""
    import ftfy

    fixed, plan = ftfy.fix_and_explain(line, _ftfy_config())
    steps = []
    for action, parameter in plan or ():
        steps.append(parameter if action == "apply" else f"{action}:{parameter}")
    return fixed, "fix_encoding.ftfy:" + ">".join(steps)


def _recode(token: str, codec: str) -> str | None:
    """`token` as it reads when its Windows-1252 bytes are decoded with `codec`.

    Five bytes have no Windows-1252 character (0x81, 0x8D, 0x8F, 0x90, 0x9D); a decoder
    that met one left U+FFFD. In code page 850 0x8F is `Å` and 0x90 `É`, in Mac Roman 0x81
    is `Å`: so a U+FFFD in such a word is read as the letter those bytes are in `codec`,
    the first that makes the word Swedish being chosen by the caller's lexicon check.
    """
    pieces = token.split(_REPLACEMENT)
    try:
        decoded = [piece.encode("cp1252").decode(codec) for piece in pieces]
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if len(decoded) == 1:
        return decoded[0]
    if len(decoded) > 3:
        return None
    lost = _LOST_BYTE_LETTERS.get(codec, "")
    readings = [decoded[0]]
    for piece in decoded[1:]:
        readings = [r + letter + piece for r in readings for letter in lost]
    lexicon = get_lexicon()
    for reading in readings:
        if _letters_are_word(reading, lexicon):
            return reading
    return None


def _utf8(token: str) -> str | None:
    """`token` with each UTF-8 sequence that was read as Windows-1252 decoded again.

    ftfy does this for whole lines; a line that mixes correct letters with mojibake
    (`Mötet … Ã¥rsrÃ¤kningen`) can defeat it, so we also do it word by word. A quotation
    mark whose last byte was lost (`â€�`) is `”`: Swedish opens and closes quotations with
    U+201D, whose last byte, 0x9D, is one Windows-1252 lacks.
    """
    fixed = _UTF8_SEQUENCE_RE.sub(_decode_utf8_sequence, token).replace(_LOST_QUOTE, "”")
    return fixed if fixed != token else None


def _decode_utf8_sequence(match: regex.Match[str]) -> str:
    try:
        return bytes(_CP1252_BYTE[char] for char in match.group()).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return match.group()


# Each character of _sloppy_cp1252 over the bytes that the sequences hold, and its byte.
_CP1252_BYTE = dict(zip(_sloppy_cp1252(range(0x80, 0x100)), range(0x80, 0x100)))


def _iso646(token: str) -> str:
    return token.translate(_ISO646_MAP)


def _resolve_lost(
    token: str, lexicon: Lexicon, capital: bool, fit: context.Fit | None = None
) -> tuple[str, float] | None:
    """`token` with each U+FFFD replaced so that it is a word, and that reading's share.

    Every reading that makes a Swedish word is weighed by the word's frequency; the share of
    the best is the confidence (`f�r`: `för` is more frequent than `får`, but not so much
    that the choice is safe without context). A lost first letter is a capital when the word
    begins a sentence (`capital`) or the word is in capitals.
    """
    count = token.count(_REPLACEMENT)
    if count == 0 or count > 3:
        return None
    letters = [c for c in token if c.isalpha()]
    if not letters:
        # A U+FFFD with no letter beside it was as often a symbol (a dash, a quote, a
        # bullet) as the one-letter words `å` and `ö`.
        return None
    upper = len(letters) > 1 and all(c.isupper() for c in letters)
    inside = _LOST_LETTERS.upper() if upper else _LOST_LETTERS.lower()
    first = _LOST_LETTERS.upper() if (upper or capital) else _LOST_LETTERS.lower()
    readings: list[str] = [""]
    for i, char in enumerate(token):
        if char != _REPLACEMENT:
            options = char
        elif i == 0 or not token[i - 1].isalpha():
            options = first
        else:
            options = inside
        readings = [r + o for r in readings for o in options]
    weights = {r: 10 ** lexicon.zipf(r) for r in readings if _letters_are_word(r, lexicon)}
    if not weights:
        return None
    if fit is not None and len(weights) > 1:
        # Both readings are words (`för`, `får`): the neighbours may tell them apart.
        words = [_EDGE_PUNCTUATION_RE.sub("", r).lower() for r in weights]
        weights = context.fit_weights(weights, words, fit)
    best = max(weights, key=weights.__getitem__)
    return best, weights[best] / sum(weights.values())


def _letters_are_word(token: str, lexicon: Lexicon, edges: regex.Pattern[str] | None = None) -> bool:
    """True when `token`, less punctuation at its ends, is a Swedish word.

    A symbol in the letters (`kr„vande`, `sm†`) makes it no word, whatever its pieces are.
    """
    core = (edges or _EDGE_PUNCTUATION_RE).sub("", token)
    return bool(core) and _WORD_RE.fullmatch(core) is not None and lexicon.is_word(core)


class _Reading:
    """A reading of damaged tokens, and the evidence for it in one document.

    Only tokens that carry the reading's signature (characters it turns into Swedish letters:
    `”` and `„` for code page 850, `š` and `Š` for Mac Roman, `{` and `|` for ISO 646-SE)
    are weighed. A token is mended when its reading is a Swedish word and the token was not;
    it is left unexplained when the reading is not a word. The document is taken to be in
    the encoding when mended tokens outnumber unexplained ones. A sign with no letter beside
    it is neither: its reading is applied only in a document taken to be in the encoding.
    """

    def __init__(
        self,
        name: str,
        transform: Callable[[str], str | None],
        signature: Callable[[str], bool],
        min_mended: int = MIN_MENDED,
        letters_suffice: bool = False,
    ) -> None:
        self.name = name
        self.transform = transform
        self.signature = signature
        self.min_mended = min_mended
        # When the reading itself is the evidence, a result of letters is enough.
        self.letters_suffice = letters_suffice
        self.mended: dict[str, str] = {}
        self.mended_signs: dict[str, str] = {}  # signs alone whose reading is a word
        self.mended_count = 0
        self.unexplained = 0

    def weigh(self, token: str, lexicon: Lexicon) -> None:
        if not self.signature(token):
            return
        after = self.transform(token)
        if after is None or after == token:
            self.unexplained += 1
            return
        is_word = _letters_are_word(after, lexicon, _EDGE_PUNCTUATION_AFTER_RE) or (
            self.letters_suffice
            and _ALNUM_WORD_RE.fullmatch(_EDGE_PUNCTUATION_AFTER_RE.sub("", after)) is not None
        )
        if not any(char.isalpha() for char in token):
            # A sign with no letter beside it (`”` after a bracket) is as often punctuation
            # as the one-letter words `å` and `ö`: no evidence either way, read as a word
            # only in a document that its other words show to be in this encoding.
            if is_word:
                self.mended_signs[token] = after
            return
        if is_word and not _letters_are_word(token, lexicon):
            self.mended[token] = after
            self.mended_count += 1
        else:
            self.unexplained += 1

    @property
    def convincing(self) -> bool:
        return self.mended_count >= self.min_mended and self.mended_count > self.unexplained

    @property
    def certain(self) -> bool:
        """The document is plainly in this encoding: then so are its unlisted words."""
        return (
            self.mended_count >= MIN_MENDED_CERTAIN
            and self.mended_count >= 10 * self.unexplained
        )

    def reading_of(self, token: str) -> str | None:
        """What `token` reads as, where this reading is to be applied to it."""
        after = self.mended.get(token) or self.mended_signs.get(token)
        if after is None and self.certain:
            candidate = self.transform(token)
            if candidate and candidate != token:
                core = _EDGE_PUNCTUATION_AFTER_RE.sub("", candidate)
                if _WORD_RE.fullmatch(core):
                    after = candidate  # `hemma†ren` → `hemmaåren`, a compound no list has
        return after


def _signature_chars(codec: str) -> frozenset[str]:
    """Characters of Windows-1252 that are no Swedish letter but read as one in `codec`."""
    chars = set()
    for byte in range(0x80, 0x100):
        try:
            shown = bytes([byte]).decode("cp1252")
            meant = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
        if meant in _SWEDISH_LETTERS and shown not in _SWEDISH_LETTERS:
            chars.add(shown)
    return frozenset(chars)


_SWEDISH_LETTERS = frozenset("åäöéüÅÄÖÉÜ")


@functools.lru_cache(maxsize=1)
def _legacy_readings() -> tuple[tuple[str, str, frozenset[str]], ...]:
    return tuple(
        (name, codec, _signature_chars(codec) | {_REPLACEMENT})
        for name, codec in (("cp850", "cp850"), ("mac-roman", "mac_roman"))
    )


SUSPECT_RE = _suspect_pattern()


def _signature_pattern() -> regex.Pattern[str]:
    """Any character some reading turns into a letter: a token without one is no candidate.

    Most tokens of a page with some damage are plain Swedish words (`för`, `ärenden`); this
    lets the readings skip them with one scan instead of weighing them all.
    """
    chars: set[str] = set(_ISO646_CHARS) | set(_LOST_QUOTE)
    chars |= set(_sloppy_cp1252(range(0x80, 0xC0)))  # UTF-8 continuation bytes as cp1252
    for _name, _codec, signature in _legacy_readings():
        chars |= signature
    return regex.compile(f"[{regex.escape(''.join(sorted(chars)))}]")


_SIGNATURE_RE = _signature_pattern()


def fix_encoding(text: str, config: Config) -> list[Edit]:
    """The encoding stage: edits that undo wrong decodings in `text`.

    Damage comes in layers (text encoded twice, or mojibake beside a lost byte), so the
    repair is repeated on its own result, as ftfy does, until nothing changes.
    """
    original = text
    edits: tuple[Edit, ...] = ()
    for _ in range(MAX_ROUNDS):
        round_edits = _one_round(text, config)
        if not round_edits:
            break
        text = apply_edits(text, round_edits)
        edits = compose_edits(original, edits, round_edits)
    return list(edits)


def _carries_any(chars: frozenset[str]) -> Callable[[str], bool]:
    """A test for tokens that carry one of `chars`: a reading's signature."""

    def carries(token: str) -> bool:
        return any(c in chars for c in token)

    return carries


def _enclosing(
    text: str,
    mark: regex.Pattern[str],
    back: regex.Pattern[str],
    forward: regex.Pattern[str],
) -> Iterator[tuple[int, int]]:
    """The spans of the `forward` runs (words) of `text` that hold a match of `mark`, in
    order; made as they are asked for, as a damaged document has very many.

    Found from the marks, not word by word: most words of most pages carry none, and
    one scan for the marks costs far less than a look at every word. `back` is `forward`'s
    character class matched in reverse, from a mark back to its word's start.
    """
    reached = 0
    for match in mark.finditer(text):
        if match.start() < reached:
            continue  # a second mark in a word already taken
        run = forward.match(text, match.start())
        if run is None:
            continue  # the mark is not a character words are made of
        start = back.match(text, 0, match.start()).start()  # type: ignore[union-attr]
        yield start, run.end()
        reached = run.end()


def _trigger_pattern() -> re.Pattern[str]:
    """Every character some branch of SUSPECT_RE needs, as one class for the `re` module,
    which scans a class many times faster than `regex` scans SUSPECT_RE."""
    chars: set[str] = set(_ISO646_CHARS) | {"&", _REPLACEMENT}
    chars |= {chr(c) for c in range(0x80, 0xA0)}  # C1 controls
    chars |= set(_sloppy_cp1252(range(0x80, 0xC0)))  # UTF-8 continuation bytes as cp1252
    for _name, _codec, signature in _legacy_readings():
        chars |= signature
    return re.compile(f"[{re.escape(''.join(sorted(chars)))}]")


_TRIGGER_RE = _trigger_pattern()
# How far a SUSPECT_RE match reaches around the trigger character it holds: a UTF-8
# sequence starts two characters before its last byte, an HTML reference ends 34 after `&`.
_REACH_BEFORE, _REACH_AFTER = 3, 40


def _has_suspect(text: str) -> bool:
    """Whether SUSPECT_RE matches anywhere in `text`, looked for only around the characters
    every match needs (clean Swedish has few)."""
    for trigger in _TRIGGER_RE.finditer(text):
        at = trigger.start()
        if SUSPECT_RE.search(text, max(0, at - _REACH_BEFORE), at + _REACH_AFTER):
            return True
    return False


def _one_round(text: str, config: Config) -> list[Edit]:
    if not _has_suspect(text):
        return []  # the common case: clean text costs one scan for a character class
    edits: list[Edit] = []
    # 1. ftfy, word by word: mojibake lies within words, and a word at a time keeps the cost
    # linear however long a line is (and lets a line mix clean and damaged words).
    # A document repeats its damaged words: each is fixed once, and its edits share one
    # string for it (a long damaged document has hundreds of thousands of edits).
    fixes: dict[str, tuple[str, str, str]] = {}
    for start, end in _enclosing(text, SUSPECT_RE, _SPACED_WORD_BACK_RE, _SPACED_WORD_RE):
        word = text[start:end]
        known = fixes.get(word)
        if known is None:
            known = fixes[word] = (word, *_ftfy_fix(word))
        word, fixed, rule = known
        if fixed != word:
            edits.append(Edit(start, end, word, fixed, STAGE, rule, CONFIDENCE_FTFY))
    # 2. The Swedish readings, weighed over the whole document, on words ftfy left alone.
    # Which characters an edit already covers: one byte each, so a check costs the length of
    # the word, not the number of edits (a long damaged document has very many).
    covered = bytearray(len(text))

    def cover(start: int, end: int) -> None:
        covered[start:end] = b"\x01" * (end - start)

    def untouched(start: int, end: int) -> bool:
        return not any(covered[start:end])

    for edit in edits:
        cover(edit.start, edit.end)

    readings = [
        _Reading(name, functools.partial(_recode, codec=codec), _carries_any(chars))
        for name, codec, chars in _legacy_readings()
    ]
    iso = _Reading("iso646-se", _iso646, lambda token: True)
    # A UTF-8 sequence read as Windows-1252 (`Ã¥`) inside a word is evidence enough on its
    # own: Swedish never writes Ã before such a character.
    utf8 = _Reading(
        "utf-8",
        _utf8,
        lambda token: _UTF8_SEQUENCE_RE.search(token) is not None or _LOST_QUOTE in token,
        min_mended=1,
        letters_suffice=True,
    )
    # The candidates, the tokens (words) below, and the ISO 646-SE tokens are each taken as
    # they are found, never all held at once: a long damaged document has millions.
    lexicon: Lexicon | None = None  # loaded at the first candidate: most texts have none
    for start, end in _enclosing(text, _SIGNATURE_RE, _DAMAGED_TOKEN_BACK_RE, _DAMAGED_TOKEN_RE):
        if untouched(start, end):
            if lexicon is None:
                lexicon = get_lexicon(config.lexicon)
            token = text[start:end]
            for reading in (*readings, utf8):
                reading.weigh(token, lexicon)
    if lexicon is None:
        return sorted(edits, key=lambda e: e.start)

    def iso_tokens() -> Iterator[regex.Match[str]]:
        runs = _enclosing(text, _ISO646_CHAR_RE, _ISO646_RUN_BACK_RE, _ISO646_RUN_RE)
        for start, end in runs:
            yield from _ISO646_TOKEN_RE.finditer(text, start, end)

    for match in iso_tokens():
        if untouched(match.start(), match.end()):
            iso.weigh(match.group(), lexicon)
    best = max(readings, key=lambda r: r.mended_count - r.unexplained)
    chosen = [r for r in (utf8, best, iso) if r.convincing]
    shared: dict[str, str] = {}  # one string for each token and reading, as in step 1
    for reading in chosen:
        matches = iso_tokens() if reading is iso else _DAMAGED_TOKEN_RE.finditer(text)
        rule = f"{STAGE}.{reading.name}"
        for match in matches:
            token = match.group()
            after = reading.reading_of(token)
            if after is None or not untouched(match.start(), match.end()):
                continue
            token = shared.setdefault(token, token)
            after = shared.setdefault(after, after)
            edits.append(
                Edit(match.start(), match.end(), token, after, STAGE, rule, CONFIDENCE_LEGACY)
            )
            cover(match.start(), match.end())
    # 3. Letters lost as U+FFFD, one word at a time.
    if _REPLACEMENT in text:
        lost = _enclosing(text, _REPLACEMENT_RE, _DAMAGED_TOKEN_BACK_RE, _DAMAGED_TOKEN_RE)
        for start, end in lost:
            token = text[start:end]
            if not untouched(start, end):
                continue
            capital = capital_expected(text, start)
            fit = context.fit_at(
                get_context_model(config.context_model), lexicon, text, start, end
            )
            resolved = _resolve_lost(token, lexicon, capital, fit)
            if resolved is not None:
                after, share = resolved
                rule = f"{STAGE}.replacement-character"
                confidence = round(share, 4)
                edits.append(Edit(start, end, token, after, STAGE, rule, confidence))
    return sorted(edits, key=lambda e: e.start)
