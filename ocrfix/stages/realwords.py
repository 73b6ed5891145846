"""Real words that this page's engine misread: `giller` for `gäller`, `miste` for `måste`.

An engine that reads ä as i on a page makes non-words (`samhillet`) and real words (`giller`,
`hinder` for `händer`) alike. The lexicon catches only the first kind, and the word stage
corrects them; those sure corrections tell how this page was misread. We count them per
confusion and estimate the page's own rate of each, starting from the OCR table's rate:

    rate(i→ä) = (corrections i→ä on the page + STRENGTH · table rate)
                / (ä on the corrected page + STRENGTH)

Then every real word holding a confusion the page showed at least MIN_EVIDENCE times is
weighed against the words it could be a misreading of:

    P(giller)   against   P(gäller) · rate(i→ä)

so a rare word that a common word explains (`giller`, Zipf 2) yields on a page that reads ä
as i, while common words (`vin` against `vän`) stay. A page without such corrections is not
touched at all. Dropped marks (`for` for `för`) are the restore_diacritics stage's work.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

from ocrfix.channel import ConfusionModel, generate
from ocrfix.edits import Edit
from ocrfix.lexicon import STANDALONE, Lexicon, fold_diacritics
from ocrfix.stages.context import Fit, best_share, fit_scores
from ocrfix.tokens import match_case

STAGE = "fix_words"
RULE = "fix_words.page-confusion"
LOST_MARK_RULE = "fix_words.lost-mark"

# A confusion counts as this page's habit once its sure corrections used it this often.
MIN_EVIDENCE = 2
# The weight, in occurrences of the true letter, of the table's rate against the page's own.
STRENGTH = 10.0
# No confusion takes a letter more often than this: the page still prints most letters right.
MAX_RATE = 0.5
# At most this many confusions in one real word: a word two misreadings from another is
# already a stretch; three would make any word of the length into any other.
MAX_EDITS = 2


def _is_dropped_mark(ocr: str, truth: str) -> bool:
    return len(ocr) == 1 and len(truth) == 1 and ocr != truth and fold_diacritics(truth) == ocr


def page_confusions(
    used: Iterable[tuple[str, str]], corrected_text: str, table: ConfusionModel
) -> ConfusionModel | None:
    """This page's misreadings, with its own rates, as a confusion model; None if none.

    `used` lists the (ocr, truth) confusions of the word stage's sure corrections, and
    `corrected_text` is the page with them made.
    """
    counts = Counter(
        (ocr, truth)
        for ocr, truth in used
        if ocr and truth and not _is_dropped_mark(ocr, truth)
    )
    lower = corrected_text.lower()
    rows: dict[str, list[tuple[str, float]]] = {}
    for (ocr, truth), seen in counts.items():
        if seen < MIN_EVIDENCE:
            continue
        table_cost = dict(table.truths_for(ocr)).get(truth)
        prior = 10 ** -table_cost if table_cost is not None else 0.0
        rate = (seen + STRENGTH * prior) / (lower.count(truth) + STRENGTH)
        rows.setdefault(ocr, []).append((truth, -math.log10(min(MAX_RATE, rate))))
    if not rows:
        return None
    return ConfusionModel(
        {ocr: tuple(sorted(truths, key=lambda t: t[1])) for ocr, truths in rows.items()},
        {},
        max(len(ocr) for ocr in rows),
    )


def misread_word_edits(
    text: str,
    spans: Iterable[tuple[int, int]],
    lexicon: Lexicon,
    model: ConfusionModel,
    fit_at: Fits | None = None,
) -> list[Edit]:
    """Edits for the real words among `spans` that are likelier misreadings on this page.

    `fit_at(start, end)` gives the context model's fit for words at that place, if any.
    """
    edits = []
    sources = tuple(model.by_ocr)
    # Pages repeat their words, and a corpus its pages' damage: read each word once per
    # page model (the same confusions at the same rates).
    page = (id(lexicon), tuple(sorted(model.by_ocr.items())))
    known = _KNOWN_READINGS
    for start, end in spans:
        token = text[start:end]
        lower = token.lower()
        readings = known.get((page, lower))
        if readings is None:
            if len(known) >= _KNOWN_LIMIT:
                known.clear()
            readings = known[(page, lower)] = _readings(lower, lexicon, model, sources)
        if not readings:
            continue
        words = [lower, *readings]
        scores = [lexicon.zipf(lower)] + [lexicon.zipf(w) - readings[w] for w in readings]
        scores = fit_scores(scores, words, None if fit_at is None else fit_at(start, end))
        best, share = best_share(scores)
        if best == 0:
            continue
        after = match_case(words[best], token)
        edits.append(Edit(start, end, token, after, STAGE, RULE, round(share, 4)))
    return edits


_KNOWN_READINGS: dict[tuple[object, str], dict[str, float]] = {}
_KNOWN_LIMIT = 20_000  # readings remembered per process before starting again


def _readings(
    lower: str, lexicon: Lexicon, model: ConfusionModel, sources: tuple[str, ...]
) -> dict[str, float]:
    """The listed words `lower` may be a misreading of on this page, with their costs."""
    if not any(source in lower for source in sources):
        return {}
    return {
        c.word: c.channel_cost
        for c in generate(lower, lexicon, model, max_edits=MAX_EDITS)
        if c.word != lower and len(c.parts) == 1 and lexicon.zipf(c.word) > 0
        and _standalone(c.word, lexicon)
    }


def _standalone(word: str, lexicon: Lexicon) -> bool:
    entry = lexicon.lookup(word)
    return entry is not None and bool(entry.flags & STANDALONE)


MARKED_LETTERS = "åäö"


def misreads_marks(used: Iterable[tuple[str, str]]) -> bool:
    """Whether the page's sure corrections put back å, ä or ö at least MIN_EVIDENCE times."""
    return sum(1 for _, truth in used if truth in MARKED_LETTERS and truth) >= MIN_EVIDENCE


Fits = Callable[[int, int], Fit]


def lost_mark_edits(
    text: str,
    spans: Iterable[tuple[int, int]],
    lexicon: Lexicon,
    table: ConfusionModel,
    keep_zipf: float,
    fit_at: Fits | None = None,
) -> list[Edit]:
    """Edits for short non-words that are words with a lost å, ä or ö (`r` → `är`).

    For a page that misreads marks (misreads_marks): each token among `spans` is weighed as
    itself (Zipf `keep_zipf`) against every listed word it makes with one marked letter put
    back, at the table's cost of losing that letter.
    """
    lost_cost = {truth: cost for truth, cost in table.truths_for("") if truth in MARKED_LETTERS}
    edits = []
    for start, end in spans:
        token = text[start:end]
        lower = token.lower()
        readings: dict[str, tuple[float, str]] = {}
        for mark, cost in lost_cost.items():
            for i in range(len(lower) + 1):
                word = lower[:i] + mark + lower[i:]
                zipf = lexicon.zipf(word)
                if zipf > 0 and _standalone(word, lexicon) and word not in readings:
                    readings[word] = (zipf - cost, mark)
        if not readings:
            continue
        words = list(readings)
        scores = [readings[w][0] for w in words]
        scores = fit_scores(scores, words, None if fit_at is None else fit_at(start, end))
        best, share = best_share(scores, keep_zipf)
        rule = f"{LOST_MARK_RULE}:∅>{readings[words[best]][1]}"
        after = match_case(words[best], token)
        edits.append(Edit(start, end, token, after, STAGE, rule, round(share, 4)))
    return edits
