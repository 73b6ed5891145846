"""Repair words the OCR engine misread: `Socialndmnden` → `Socialnämnden`, `6verens` → `överens`.

This is a noisy-channel corrector. For a token the Swedish lexicon rejects we ask which words
the engine could have been looking at (:func:`ocrfix.channel.generate`) and weigh each by how
common the word is and how likely the engine was to print the token for it:

    score(word) = log10 P(word) + log10 P(token | word)

Keeping the token is a candidate too: it may be a name, a foreign word or a word no list
holds. A correction is made only when its share of the probability, against keeping and
against every other candidate, reaches ``Config.min_confidence``; that share is the edit's
confidence.

    >>> from ocrfix.config import Config
    >>> text = "Parterna var 6verens om att fullf6lja planen och ge mer stéd till dem."
    >>> [(e.before, e.after) for e in fix_words(text, Config())]
    [('6verens', 'överens'), ('fullf6lja', 'fullfölja'), ('stéd', 'stöd')]

Tokens the stage never touches: words the lexicon accepts (compounds included), words in
capitals up to five letters (abbreviations), single letters, abbreviations written with full
stops (`bl.a.`), web and e-mail addresses, and letter-digit codes (`B12`, `5kg`).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

import regex

from ocrfix.channel import Candidate, ConfusionModel, generate, get_confusions
from ocrfix.config import Config
from ocrfix.edits import Edit, apply_edits
from ocrfix.fuzzy import nearest
from ocrfix.lexicon import Lexicon, get_lexicon
from ocrfix.neighbours import get_context_model
from ocrfix.stages import context, realwords
from ocrfix.suspects import looks_misread, worth_looking_up
from ocrfix.tokens import (
    MIXED,
    WORD,
    capital_explained,
    iter_tokens,
    match_case,
    word_tokens,
)

STAGE = "fix_words"
RULE = "fix_words.ocr-confusion"
FUZZY_RULE = "fix_words.fuzzy"

# What one edit the confusion table never saw costs (−log10 P): less likely than the
# confusions it did see, most of which cost 0.1–3.
GENERIC_EDIT_COST = 3.5

# How likely a token the lexicon rejects is a genuine word after all (a name, a foreign word,
# an unlisted form), as a Zipf frequency: the "keep" candidate's prior. A lower-case token and
# a capitalised one mid-sentence (names are capitalised) differ. Estimated on Tesseract pages
# of LibreOffice help text (lexicon/SOURCES.md), never on the evaluation corpora.
KEEP_ZIPF = 0.5
KEEP_ZIPF_CAPITALISED = 1.5
# The share of word tokens of clean Swedish prose that the lexicon does not accept (names,
# foreign words, rare compounds): 1.1% measured on LibreOffice help text (lexicon/SOURCES.md).
CLEAN_UNKNOWN_SHARE = 0.01
# The weight, in words, of that clean prior when a document's own share is estimated.
PRIOR_WORDS = 50
# More unknown words than this share and a text is not Swedish prose (see is_swedish_prose).
MAX_UNKNOWN_SHARE = 0.4
MIN_WORDS_TO_JUDGE = 5

# Digits inside a word, or a capital after a small letter (`fSrvaltningen`), are almost
# never meant in Swedish.
KEEP_ZIPF_MIXED = -2.0
_CAPITAL_INSIDE_RE = regex.compile(r"\p{Ll}\p{Lu}")
# Lower-case letters with one digit that looks like a letter (0 o/ö, 1 l/i, 4 å/ä, 6 ö).
_LONG_WORD_WITH_OCR_DIGIT_RE = regex.compile(r"\p{Ll}{2,}[0146]\p{Ll}*|[0146]\p{Ll}{3,}")

# A listed form with no frequency (the curated sources list it, the web never used it) is
# rare; a compound the lexicon builds is rarer than its rarest part.
UNSEEN_LISTED_ZIPF = 1.0
COMPOUND_PENALTY_ZIPF = 1.0
MIN_COMPOUND_ZIPF = 0.0

# A line-end hyphen after a token, or before it (the token starts the next line).
_HYPHEN_AFTER_RE = regex.compile(r"[-¬\u00ad][ \t]*\r?\n")
_HYPHEN_BEFORE_RE = regex.compile(r"\p{L}[-¬\u00ad][ \t]*\r?\n[ \t]*\Z")

# Symbols OCR leaves inside a word where a letter was (`unders&kningar`, `tillr’ickligt`),
# and U+FFFD, a letter a wrong decoding lost (`tr�nga`: the encoding stage's business).
_GLUE = frozenset("&’'|@#*+=<>\\/^~`´\ufffd")

# Readings of a token within this many Zipf of the best, at most MAX_RIVALS of them, are
# weighed again with the token's neighbours: the context model moves a choice by a factor of
# a few hundred at most.
RIVAL_RANGE = 3.0
MAX_RIVALS = 4

# Corrections this sure count as evidence of how the page was damaged (the rates of
# ocrfix.stages.context), whatever floor the user sets for making edits.
EVIDENCE_CONFIDENCE = 0.9
# A guess from spelling distance alone (the fuzzy fallback) is made only when this sure:
# unlike the confusion table's costs, its distance cost was never learned from OCR output.
FUZZY_MIN_CONFIDENCE = 0.9

# A short word followed by a full stop is an abbreviation more often than a misreading.
ABBREVIATION_AROUND_RE = regex.compile(r"(?:\p{L}+\.)+\p{L}*")
MAX_UNKNOWN_ABBREVIATION = 4


def _prior_zipf(candidate: Candidate, lexicon: Lexicon) -> float:
    if len(candidate.parts) == 1:
        zipf = lexicon.zipf(candidate.word)
        return zipf if zipf > 0 else UNSEEN_LISTED_ZIPF
    part_zipfs = [lexicon.zipf(p) or UNSEEN_LISTED_ZIPF for p in candidate.parts]
    # No source lists this compound: it is rarer than any word the web has seen, and
    # rarer than its rarest part.
    zipf = min(UNSEEN_LISTED_ZIPF, min(part_zipfs) - COMPOUND_PENALTY_ZIPF)
    return max(MIN_COMPOUND_ZIPF, zipf)


def _at_line_end_hyphen(text: str, start: int, end: int) -> bool:
    """True for either half of a word hyphenated across a line end (`för-⏎delar`)."""
    if _HYPHEN_AFTER_RE.match(text, end):
        return True
    # Only the few characters before the token matter: look back a bounded window.
    return _HYPHEN_BEFORE_RE.search(text, max(0, start - 16), start) is not None


def _glued_to_letters(text: str, start: int, end: int) -> bool:
    """True for letters that a stray symbol joins to more letters: `unders&kningar`.

    Such a run is a piece of one mangled word, and a piece is not a word to correct.
    """
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    if before.endswith("\\"):
        return True  # `\section`: a command in markup, not a word of prose
    if before.endswith("\ufffd") or after.startswith("\ufffd"):
        return True  # U+FFFD is a lost letter of this very word, even at its start or end
    return bool(
        (len(after) == 2 and after[0] in _GLUE and after[1].isalpha())
        or (len(before) == 2 and before[1] in _GLUE and before[0].isalpha())
    )


def _in_abbreviation(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True when the token is part of an abbreviation written with full stops."""
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
    # of an abbreviation: `mer stéd.` ends a sentence, `s. 12` and `kap. 3` do not.
    rest = text[end + 1 : end + 3].lstrip()
    return bool(rest) and not rest[0].isupper()


class Rival(NamedTuple):
    """One reading of a rejected token: the word, its score and the confusions used."""

    word: str
    score: float  # log10 P(word) + log10 P(token | word)
    confusions: tuple[tuple[str, str], ...]


class Verdict(NamedTuple):
    """What to do with one rejected token, and the confusions that explain it."""

    after: str
    confidence: float
    rule: str
    confusions: tuple[tuple[str, str], ...]
    # The readings in the running (the chosen one first) and keeping the token's score, so
    # that the token's neighbours can weigh in where it occurs (in_context).
    rivals: tuple[Rival, ...] = ()
    keep_score: float = -math.inf

    def in_context(self, fit: Callable[[list[str]], list[float] | None]) -> Verdict:
        """This verdict with each reading weighed by how well it fits the neighbours.

        `fit` gives a factor per word (lower case), or None when it cannot compare them.
        """
        if len(self.rivals) < 2:
            return self
        factors = fit([rival.word.lower() for rival in self.rivals])
        if factors is None:
            return self
        scores = [r.score + math.log10(f) for r, f in zip(self.rivals, factors)]
        best, confidence = context.best_share(scores, self.keep_score)
        chosen = self.rivals[best]
        rule = self.rule.split(":")[0]
        if rule == RULE:
            rule = _rule_for(chosen.confusions)
        return self._replace(
            after=chosen.word, confidence=confidence, rule=rule, confusions=chosen.confusions
        )


def _rule_for(confusions: tuple[tuple[str, str], ...]) -> str:
    return RULE + ":" + ",".join(f"{o or '∅'}>{t or '∅'}" for o, t in confusions)


class WordRepairer:
    """Decides tokens, remembering its verdicts: a document repeats its words."""

    def __init__(self, lexicon: Lexicon, model: ConfusionModel) -> None:
        self.lexicon = lexicon
        self.model = model
        self._verdicts: dict[tuple[str, float, bool], Verdict | None] = {}
        # (word tokens, rejected tokens, any live token) of each run of non-space
        # characters seen so far (see _live_chunks).
        self.chunk_stats: dict[str, tuple[int, int, bool]] = {}

    def decide(self, token: str, keep_zipf: float, *, fuzzy: bool = True) -> Verdict | None:
        """(replacement, confidence, rule) for a rejected token, or None to keep it.

        `fuzzy` allows the fallback to frequent words near the token when the confusion
        table explains nothing.
        """
        key = (token, keep_zipf, fuzzy)
        if key in self._verdicts:
            return self._verdicts[key]
        verdict = self._decide(token, keep_zipf, fuzzy)
        if len(self._verdicts) > 50_000:
            self._verdicts.clear()
        self._verdicts[key] = verdict
        return verdict

    def _decide(self, token: str, keep_zipf: float, fuzzy: bool) -> Verdict | None:
        candidates = generate(token, self.lexicon, self.model)
        rule = RULE
        if not candidates and fuzzy:
            # Nothing the table knows explains the token: try the frequent words near it.
            rule = FUZZY_RULE
            candidates = [
                Candidate(word, (word,), GENERIC_EDIT_COST * distance, ())
                for word, distance in nearest(token)
            ]
        if not candidates:
            return None
        scores = [_prior_zipf(c, self.lexicon) - c.channel_cost for c in candidates]
        best, confidence = context.best_share(scores, keep_zipf)
        top = scores[best]
        chosen = candidates[best]
        if chosen.word == token.lower():
            return None  # only the case differed
        if rule == FUZZY_RULE and confidence < FUZZY_MIN_CONFIDENCE:
            return None
        if rule == RULE:
            rule = _rule_for(chosen.edits)
        # Readings close enough to the best that a word's neighbours could turn the choice.
        order = sorted(range(len(candidates)), key=lambda i: -scores[i])
        rivals = tuple(
            Rival(match_case(candidates[i].word, token), scores[i], candidates[i].edits)
            for i in order[:MAX_RIVALS]
            if scores[i] >= top - RIVAL_RANGE and candidates[i].word != token.lower()
        )
        return Verdict(
            match_case(chosen.word, token), confidence, rule, chosen.edits, rivals, keep_zipf
        )


@functools.lru_cache(maxsize=4)
def _get_repairer(lexicon_name: str) -> WordRepairer:
    return WordRepairer(get_lexicon(lexicon_name), get_confusions())


# The one-letter Swedish words; any other small letter standing alone in prose is a word
# that lost letters (`r` for `är`, `s` for `så`), a list marker, or a symbol.
ONE_LETTER_WORDS = frozenset("iåö")
# Marker (a keep prior no token has) for such a lone letter among the suspects.
LONE_LETTER = -math.inf


def _stands_alone(text: str, start: int, end: int) -> bool:
    """True for a letter between spaces, as a word stands (not `a)`, `x=`, `t.ex`)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before in " \t\n" and after in " \t\n,"


def _suspects(text: str) -> tuple[list[tuple[int, int, str, float]], int]:
    """Tokens worth a look, and how many word tokens were seen.

    Each suspect is (start, end, kind, LONE_LETTER) for a lone letter, else (start, end,
    kind, KEEP_UNSET): its keep prior is worked out only if the lexicon rejects it.
    """
    suspects: list[tuple[int, int, str, float]] = []
    words = 0
    for kind, start, end in word_tokens(text):
        token = text[start:end]
        if kind == WORD:
            words += 1
            if len(token) == 1:
                if token.islower() and token not in ONE_LETTER_WORDS and (
                    _stands_alone(text, start, end)
                ):
                    suspects.append((start, end, kind, LONE_LETTER))
                continue
            if not worth_looking_up(token):
                continue
        else:
            words += 1
            if not (looks_misread(token) or _LONG_WORD_WITH_OCR_DIGIT_RE.fullmatch(token)):
                continue
        suspects.append((start, end, kind, KEEP_UNSET))
    return suspects, words


# Marker: a suspect's keep prior is not worked out yet (see _keep_prior).
KEEP_UNSET = math.nan


def _keep_prior(text: str, start: int, end: int, kind: str) -> float:
    """The prior, as a Zipf frequency, that the suspect token text[start:end] is genuine."""
    token = text[start:end]
    if kind == MIXED:
        # `milj6`: a word with one look-alike digit, or a code (`covid9`)?
        return KEEP_ZIPF_MIXED if looks_misread(token) else KEEP_ZIPF
    if _CAPITAL_INSIDE_RE.search(token) and not token.isupper():
        return KEEP_ZIPF_MIXED
    if token.istitle() and not capital_explained(text, start):
        return KEEP_ZIPF_CAPITALISED
    return KEEP_ZIPF


# Marker for a two-letter token the lexicon rejects (`pd`, `fr`): see _short_verdict.
SHORT_KEEP = math.inf


def _short_verdict(repairer: WordRepairer, token: str, adjustment: float) -> Verdict | None:
    """A two-letter token's correction, only if it puts back an å, ä or ö (`pd` → `på`).

    The short Swedish words with marks (på, så, är, än, få, för) are among the commonest of
    all, and their marked letter is the one OCR mangles or drops; any other reading of two
    letters (`ci` → `cm`?) would be a guess about an abbreviation or a code.
    """
    verdict = repairer.decide(token, round(KEEP_ZIPF + adjustment, 2), fuzzy=False)
    if verdict is None or not any(truth and truth in "åäö" for _, truth in verdict.confusions):
        return None
    return verdict


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


# A vertical bar alone where a sentence begins, before a word in lower case: Tesseract reads
# the serif capital I as |, and `I` (in) begins many Swedish sentences (`| dag` is `I dag`).
# A digit glued to lower case (`| 6verens`) is such a word misread: this stage mends it, and
# a second repair would then see the bar (repair must be idempotent).
_BAR_FOR_I_RE = regex.compile(
    r"(?:^|(?<=[.!?…][ \t]{1,3}))\|(?= \d?\p{Ll})", regex.MULTILINE
)
BAR_RULE = "fix_words.bar-for-capital-i"
BAR_CONFIDENCE = 0.95


def _bars_for_capital_i(text: str) -> list[Edit]:
    """`| dag var det kallt.` → `I dag …`; a line with more bars is a table or a pipe."""
    edits = []
    for match in _BAR_FOR_I_RE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if line.count("|") == 1:
            edits.append(
                Edit(match.start(), match.end(), "|", "I", STAGE, BAR_RULE, BAR_CONFIDENCE)
            )
    return edits


# A text longer than this is repaired in segments of about this size, cut at blank lines:
# what the stage learns of a page's damage is learned per segment (a long text is many
# pages, each read and damaged in its own way), and memory stays bounded however long the
# text is.
SEGMENT_CHARS = 200_000


def fix_words(text: str, config: Config) -> list[Edit]:
    """The word-repair stage: edits for the tokens of `text` that are misread words."""
    if len(text) <= SEGMENT_CHARS:
        return _fix_segment(text, config)
    edits: list[Edit] = []
    for start, end in _segments(text):
        edits.extend(
            Edit(e.start + start, e.end + start, e.before, e.after, e.stage, e.rule,
                 e.confidence)
            for e in _fix_segment(text[start:end], config)
        )
    return edits


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


# The lowest keep prior any occurrence of a token can get: a mixed-case token in a text
# whose damage_adjustment is at its floor (log10 of CLEAN_UNKNOWN_SHARE).
_LOWEST_KEEP = KEEP_ZIPF_MIXED + math.log10(CLEAN_UNKNOWN_SHARE)


def _live_chunks(chunks: Iterable[str], repairer: WordRepairer) -> set[str] | None:
    """The distinct runs of non-space characters (`chunks`, from `text.split()`) that hold
    a token some reading could correct; None when there are too many to look for one by one.

    Most text is clean, and its words repeat from page to page: each distinct run is split
    into tokens once per process. A token is live
    unless the lexicon accepts it or no reading of it wins even against the weakest keep
    prior. Real words, lone letters and two-letter tokens change only on a page that some
    sure correction shows damaged, so they are not live on their own.
    """
    known = repairer.chunk_stats
    live: set[str] = set()
    for chunk in chunks:
        stats = known.get(chunk)
        if stats is None:
            stats = _chunk_stats(chunk, repairer)
            if len(known) >= _CHUNK_LIMIT:
                known.clear()
            known[chunk] = stats
        if stats[2]:
            live.add(chunk)
            if len(live) > MAX_LIVE_CHUNKS:
                return None
    return live


_CHUNK_LIMIT = 200_000  # runs remembered per process before starting again
# Texts at least this long are first looked at run by run (_live_chunks); a shorter one
# costs little to look at word by word.
INERT_CHECK_CHARS = 2_000
# More runs with live tokens than this and the page is damaged: read it word by word.
MAX_LIVE_CHUNKS = 40


def _chunk_stats(chunk: str, repairer: WordRepairer) -> tuple[int, int, bool]:
    """(word tokens, rejected tokens, any live token) of one run of non-space characters."""
    words = rejected = 0
    live = chunk == "|"  # perhaps a capital I (_bars_for_capital_i)
    lexicon = repairer.lexicon
    for kind, start, end in iter_tokens(chunk):
        token = chunk[start:end]
        if kind == WORD:
            words += 1
            if len(token) == 1 or not worth_looking_up(token) or lexicon.is_word(token):
                continue
            rejected += 1
            live = live or _is_live(token, kind, repairer)
        elif kind == MIXED:
            words += 1
            if looks_misread(token) or _LONG_WORD_WITH_OCR_DIGIT_RE.fullmatch(token):
                rejected += 1
                live = live or _is_live(token, kind, repairer)
    return words, rejected, live


def _is_live(token: str, kind: str, repairer: WordRepairer) -> bool:
    """Whether some reading of a rejected token wins against the weakest keep prior."""
    if kind == WORD and len(token) <= 2 and not repairer.lexicon.is_stripped(token):
        return _short_verdict(repairer, token, _LOWEST_KEEP - KEEP_ZIPF) is not None
    fuzzy = kind == WORD
    return repairer.decide(token, round(_LOWEST_KEEP, 2), fuzzy=fuzzy) is not None


def _quick_edits(
    text: str, chunks: Counter[str], live: set[str], config: Config, repairer: WordRepairer
) -> list[Edit] | None:
    """The stage's edits for a page whose live tokens are few (see _live_chunks), found
    without reading it word by word; None when a sure correction shows the page damaged,
    for then its real words must be looked at too (the full reading, _fix_segment)."""
    # The page's counts come from its runs, without the word-by-word reading's exceptions
    # (abbreviations, halves of hyphenated words): a page with few live tokens has few of
    # those, and the counts only set how much an unknown word is trusted.
    words = rejected_total = 0
    for chunk, count in chunks.items():
        chunk_words, chunk_rejected, _ = repairer.chunk_stats.get(chunk) or _chunk_stats(
            chunk, repairer
        )
        words += chunk_words * count
        rejected_total += chunk_rejected * count
    if not is_swedish_prose(rejected_total, words):
        return []
    adjustment = damage_adjustment(rejected_total, words)
    edits: list[Edit] = _bars_for_capital_i(text) if "|" in text else []
    if not live - {"|"}:
        return edits
    pattern = regex.compile(
        r"(?<!\S)(?:"
        + "|".join(regex.escape(c) for c in sorted(live - {"|"}, key=len, reverse=True))
        + r")(?!\S)"
    )
    lexicon = repairer.lexicon
    for match in pattern.finditer(text):
        base = match.start()
        for kind, a, b in iter_tokens(match.group()):
            start, end = base + a, base + b
            token = text[start:end]
            if kind not in (WORD, MIXED) or not _occurrence_is_live(text, start, end, kind,
                                                                    repairer):
                continue
            keep_zipf = _keep_prior(text, start, end, kind)
            if kind == WORD and len(token) <= 2 and not lexicon.is_stripped(token):
                keep_zipf = SHORT_KEEP
            verdict = _read(text, start, end, keep_zipf, adjustment, config, repairer)
            if verdict is None:
                continue
            if verdict.confidence >= EVIDENCE_CONFIDENCE:
                return None
            edits.append(Edit(start, end, token, verdict.after, STAGE, verdict.rule,
                              round(verdict.confidence, 4)))
    edits.sort(key=lambda e: e.start)
    return edits


def _read(
    text: str,
    start: int,
    end: int,
    keep_zipf: float,
    adjustment: float,
    config: Config,
    repairer: WordRepairer,
    corrections: Mapping[int, str] | None = None,
) -> Verdict | None:
    """The verdict on the rejected token text[start:end]: its readings against its keep
    prior (SHORT_KEEP for a two-letter token) lowered by the page's damage (`adjustment`),
    then, when readings are close, against its neighbours (read as `corrections` has them)."""
    token = text[start:end]
    if keep_zipf == SHORT_KEEP:
        verdict = _short_verdict(repairer, token, adjustment)
    else:
        # Whole-word guesses need a word in plain Swedish spelling, not a name of code in
        # mixed case (`ActiveX`, `dBASE`).
        fuzzy = token.isalpha() and (token.islower() or token.istitle())
        verdict = repairer.decide(token, round(keep_zipf + adjustment, 2), fuzzy=fuzzy)
    if verdict is not None and len(verdict.rivals) > 1:
        model = get_context_model(config.context_model)
        fit = context.fit_at(model, repairer.lexicon, text, start, end, corrections)
        verdict = verdict.in_context(fit)
    return verdict


def _occurrence_is_live(
    text: str, start: int, end: int, kind: str, repairer: WordRepairer
) -> bool:
    """A live token (see _chunk_stats) that the full reading would also decide here."""
    token = text[start:end]
    lexicon = repairer.lexicon
    if kind == WORD:
        if len(token) == 1 or not worth_looking_up(token) or lexicon.is_word(token):
            return False
        if _in_abbreviation(text, start, end, lexicon):
            return False
    elif not (looks_misread(token) or _LONG_WORD_WITH_OCR_DIGIT_RE.fullmatch(token)):
        return False
    if _at_line_end_hyphen(text, start, end) or _glued_to_letters(text, start, end):
        return False
    return _is_live(token, kind, repairer)


def _fix_segment(text: str, config: Config) -> list[Edit]:
    if len(text) >= INERT_CHECK_CHARS:
        repairer = _get_repairer(config.lexicon)
        chunks = Counter(text.split())  # one C-level pass, shared by the two looks
        live = _live_chunks(chunks, repairer)
        if live is not None:
            quick = _quick_edits(text, chunks, live, config, repairer)
            if quick is not None:
                return quick
    suspects, words = _suspects(text)
    if all(keep_zipf == LONE_LETTER for *_, keep_zipf in suspects):
        return []  # no word to look up: nothing can show damage, and lone letters need it
    bars = _bars_for_capital_i(text) if "|" in text else []
    repairer = _get_repairer(config.lexicon)
    lexicon = repairer.lexicon
    rejected = []
    confusable: list[tuple[int, int]] = []
    accepted: list[tuple[int, int]] = []
    lost: list[tuple[int, int]] = []  # short tokens that may have lost a marked letter
    for start, end, kind, keep_zipf in suspects:
        token = text[start:end]
        if keep_zipf == LONE_LETTER:
            lost.append((start, end))
            continue
        if kind == WORD and lexicon.is_word(token):
            if lexicon.is_confusable(token):
                confusable.append((start, end))
            else:
                accepted.append((start, end))
            continue
        if kind == WORD and _in_abbreviation(text, start, end, lexicon):
            continue
        keep_zipf = _keep_prior(text, start, end, kind)
        if kind == WORD and len(token) <= 2 and not lexicon.is_stripped(token):
            # Two letters are too little to tell a misreading from an abbreviation or a
            # code (`ci`, `cm`), except where the misreading lost a mark: see _short_verdict.
            keep_zipf = SHORT_KEEP
        if _at_line_end_hyphen(text, start, end) or _glued_to_letters(text, start, end):
            continue  # half a word: the layout stage joins it first, or OCR broke it
        rejected.append((start, end, token, keep_zipf))
    if not is_swedish_prose(len(rejected), words):
        return []
    adjustment = damage_adjustment(len(rejected), words)
    edits: list[Edit] = bars
    used: list[tuple[str, str]] = []
    corrections: dict[int, str] = {}  # start → correction made, for reading neighbours
    floor = config.min_confidence
    for start, end, token, keep_zipf in rejected:
        verdict = _read(text, start, end, keep_zipf, adjustment, config, repairer, corrections)
        if verdict is None:
            if keep_zipf == SHORT_KEEP and token.isalpha():
                lost.append((start, end))
            continue
        if verdict.confidence >= floor:
            corrections[start] = verdict.after
        edits.append(
            Edit(start, end, token, verdict.after, STAGE, verdict.rule, round(verdict.confidence, 4))
        )
        if verdict.confidence >= EVIDENCE_CONFIDENCE:
            used.extend(verdict.confusions)
    if lost and realwords.misreads_marks(used):
        # `r` for `är`, `fr` for `för`: on a page that misreads å/ä/ö, a short token that
        # is no word may have lost one (ocrfix.stages.realwords).
        model = get_context_model(config.context_model)
        found = realwords.lost_mark_edits(
            text, lost, lexicon, repairer.model, round(KEEP_ZIPF + adjustment, 2),
            functools.partial(context.fit_at, model, lexicon, text, corrections=corrections),
        )
        corrections.update((e.start, e.after) for e in found if e.confidence >= floor)
        edits.extend(found)
    if accepted and used:
        # Real words this page's engine made of other words (`giller` for `gäller`), judged
        # by the misreadings its own sure corrections show (ocrfix.stages.realwords).
        sure = [e for e in edits if e.confidence >= EVIDENCE_CONFIDENCE]
        page_model = realwords.page_confusions(used, apply_edits(text, sure), repairer.model)
        if page_model is not None:
            model = get_context_model(config.context_model)
            found = realwords.misread_word_edits(
                text, accepted, lexicon, page_model,
                functools.partial(context.fit_at, model, lexicon, text, corrections=corrections),
            )
            corrections.update((e.start, e.after) for e in found if e.confidence >= floor)
            edits.extend(found)
    if confusable and config.restore_diacritics is not False:
        # Real words that lost their marks (`for` for `för`), weighed with the rates this
        # document's own corrections show (ocrfix.stages.context).
        rates = None
        if config.restore_diacritics is True:
            rates = context.forced_rates()
        elif context.lost_marks(used):
            sure = [e for e in edits if e.confidence >= EVIDENCE_CONFIDENCE]
            rates = context.document_rates(used, apply_edits(text, sure))
        if rates is not None:
            model = get_context_model(config.context_model)
            edits.extend(
                context.restore_edits(text, confusable, lexicon, rates, model, corrections)
            )
    edits.sort(key=lambda e: e.start)
    return edits
