"""Rewrite Swedish printed before the 1906 spelling reform in modern spelling, on request.

With ``Config(modernize_spelling=True)`` this stage runs after the word stage, which has
repaired the text's OCR damage and kept its historical forms as printed. It rewrites each
form the period's spelling rules explain (:mod:`ocrfix.historical`) in its modern spelling,
one edit per word, named by the rules used (`modernize_spelling.hv>v`):

    >>> from ocrfix.config import Config
    >>> text = "Hvad de voro glada, när qvinnan kom hem öfver bron med godt hjerta."
    >>> [(e.before, e.after, e.rule) for e in modernize_spelling(text, Config())][:3]
    [('Hvad', 'Vad', 'modernize_spelling.hv>v'), ('voro', 'var', 'modernize_spelling.plural-verb'), ('qvinnan', 'kvinnan', 'modernize_spelling.qv>kv')]

Precision first: a word is rewritten only when a rule of the period makes a word of it, and
the variants that modern damage produces too (`e` for `ä`: `der`, `hjerta`) only in a text
that the period's own marks show to be historical. A form the rules do not explain stays.
"""

from __future__ import annotations

from ocrfix.config import Config
from ocrfix.edits import Edit
from ocrfix.historical import modern_reading
from ocrfix.lexicon import get_lexicon
from ocrfix.tokens import capital_explained, match_case

STAGE = "modernize_spelling"

# A form that a strong rule of the period explains is rewritten this sure; a variant that
# only a historical text makes historical (`der` → `där`) a little less.
STRONG_CONFIDENCE = 0.95
VARIANT_CONFIDENCE = 0.9


def modernize_spelling(text: str, config: Config) -> list[Edit]:
    """Edits that put the historical forms of `text` in modern spelling."""
    from ocrfix.stages.words import historical_words  # the word stage sorts the tokens

    words = historical_words(text, config)
    if not words:
        return []
    lexicon = get_lexicon(config.lexicon)
    edits = []
    for start, end, strong in words:
        token = text[start:end]
        if token[:1].isupper() and not capital_explained(text, start):
            continue  # a name keeps the spelling its bearer gave it (`Hvitfeldt`, `Qvarnström`)
        reading = modern_reading(token, lexicon)
        if reading is None:
            continue
        modern, rules = reading
        after = match_case(modern, token)
        if after == token:
            continue
        confidence = STRONG_CONFIDENCE if strong else VARIANT_CONFIDENCE
        edits.append(
            Edit(start, end, token, after, STAGE, f"{STAGE}." + "+".join(rules), confidence)
        )
    return edits
