"""
The pipeline: run the repair stages in order and keep track of their edits.

A stage is a function ``stage(text, config) -> list[Edit]``. It looks at the
text it is given (the output of the stage before it), and returns edits in
that text's offsets; it never changes the text itself. The pipeline applies
the edits, and, when an explanation is wanted, carries them back to offsets
in the caller's input with :func:`ocrfix.edits.compose_edits`.

The stages, in order (:data:`STAGES`): :func:`ocrfix.stages.encoding.fix_encoding`
(wrong decodings), :func:`normalize_unicode` (NFC), :func:`ocrfix.stages.layout.dehyphenate`
and :func:`ocrfix.stages.paragraphs.join_paragraphs` (layout),
:func:`ocrfix.stages.tables.fix_tables` (table rows) and
:func:`ocrfix.stages.words.fix_words` (OCR misreadings, and real words that lost their
marks), and, when asked for, :func:`ocrfix.stages.modernize.modernize_spelling` (the spelling of
before 1906 in modern spelling). A text the stages changed goes through them again, until they change nothing
(:data:`MAX_PASSES`). A text over ``SEGMENT_CHARS`` is repaired in parts (:func:`segments`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ocrfix.config import Config
from ocrfix.edits import Edit, Repair, apply_edits, compose_edits
from ocrfix.errors import check_config, check_text
from ocrfix.stages.encoding import fix_encoding
from ocrfix.stages.layout import dehyphenate
from ocrfix.stages.modernize import modernize_spelling
from ocrfix.stages.paragraphs import join_paragraphs
from ocrfix.stages.tables import fix_tables
from ocrfix.stages.words import fix_words

Stage = Callable[[str, Config], list[Edit]]

NFC_STAGE = "normalize_unicode"
NFC_RULE = "normalize_unicode.nfc"

# Where NFC may change the text. NFC only ever combines a character with the
# ones that follow it, and no character below U+0300 can be combined into the
# character before it (they are all starters that compose with nothing to
# their left, and none changes on its own; tests/test_pipeline.py checks
# this against the Unicode database). So the text splits into independent
# pieces just before every such character, and we only need to look at runs
# of characters from U+0300 up, together with the one character before them.
_NFC_RUN_RE = re.compile("[\u0300-\U0010ffff]+")


def normalize_unicode(text: str, config: Config) -> list[Edit]:
    """
    Bring ``text`` to Unicode NFC, with one edit per changed span.

    Text copied from PDFs, and file names from macOS, often spell ``ö`` as
    ``o`` plus a combining diaeresis (NFD). It looks the same, but it is not
    the same string, so searching, counting and looking words up in a
    lexicon all fail on it. NFC puts such pairs back together.

    We make one edit for each place that changes, not one for the whole
    text, so that an explanation shows where the decomposed characters were:

    >>> for edit in normalize_unicode("Fo\\u0308rvaltningen sa\\u030ag", Config()):
    ...     print(edit.start, edit.end, ascii(edit.before), edit.after)
    1 3 'o\\u0308' ö
    16 18 'a\\u030a' å

    Text that is ASCII or already NFC costs only a quick check.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    for match in _NFC_RUN_RE.finditer(text):
        start, end = match.span()
        if start > 0:
            start -= 1  # the starter that the run's marks may combine with
        before = text[start:end]
        if unicodedata.is_normalized("NFC", before):
            continue
        after = unicodedata.normalize("NFC", before)
        # Report only what differs: in a long run of, say, Greek letters
        # with one decomposed character, the edit covers just that character.
        head = 0
        limit = min(len(before), len(after))
        while head < limit and before[head] == after[head]:
            head += 1
        tail = 0
        while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
            tail += 1
        edits.append(
            Edit(
                start + head,
                end - tail,
                before[head : len(before) - tail],
                after[head : len(after) - tail],
                NFC_STAGE,
                NFC_RULE,
                1.0,
            )
        )
    return edits


#: Every implemented stage, by name, in the order it runs. The name is also
#: the Config field that turns the stage on or off.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("fix_encoding", fix_encoding),
    (NFC_STAGE, normalize_unicode),
    ("fix_layout", dehyphenate),
    ("fix_layout", join_paragraphs),
    # Again: damage inside a word that a line-end or soft hyphen split (`fÃ-⏎¶r`) shows
    # only once layout has joined it. On text with no damage it costs one scan.
    ("fix_encoding", fix_encoding),
    ("fix_tables", fix_tables),
    ("fix_words", fix_words),
    # Off unless asked for: the spelling of before 1906 is not damage.
    ("modernize_spelling", modernize_spelling),
)

# Stages read each other's results: a row the table stage mends can make the line above a
# paragraph to join, a word the word stage mends can turn the mojibake beside it into a
# sequence the encoding stage knows. So a text that a pass changed goes through the stages
# again, until a pass changes nothing (and a second repair then has nothing left to do).
# A text no pass changes costs one pass. A later pass in which no stage before the last
# changed anything ends there: the last stage (words, the costly one) made that very text.
# The bound keeps the cost linear whatever happens.
MAX_PASSES = 3


def run_stage(stage: Stage, text: str, config: Config) -> list[Edit]:
    """The edits one stage makes in `text`, less those below ``config.min_confidence``.

    This is how `repair` runs each stage; call it to try one stage on its own.
    """
    floor = config.min_confidence
    return [edit for edit in stage(text, config) if edit.confidence >= floor]


class Repairer:
    """
    Runs the stages that a :class:`Config` turns on.

    Making a Repairer is cheap; it is useful when you repair many texts with
    the same settings.

    >>> repairer = Repairer(Config())
    >>> repairer.repair("sta\\u0308dning")
    'städning'
    >>> [edit.rule for edit in repairer.explain("sta\\u0308dning").edits]
    ['normalize_unicode.nfc']
    """

    __slots__ = ("config", "_stages")

    def __init__(self, config: Config | None = None) -> None:
        self.config: Config = check_config(config)
        self._stages: tuple[Stage, ...] = tuple(
            stage for name, stage in STAGES if getattr(self.config, name)
        )

    def _run(self, text: str, *, explain: bool) -> Repair:
        """Run the stages over `text` (again while they change it: MAX_PASSES); the edits are
        composed into input offsets only when an explanation is wanted (else they are empty)."""
        original = text
        edits: tuple[Edit, ...] = ()
        # The text each stage last found nothing in: a stage depends on its text and the
        # config alone, so it would find nothing there again (the encoding stage runs twice
        # a pass, and layout leaves most texts as they were).
        idle: dict[Stage, str] = {}
        for number in range(MAX_PASSES):
            changed = False
            for stage in self._stages:
                if number and not changed and stage is self._stages[-1]:
                    break  # the last stage made this very text; it has nothing more to do
                if idle.get(stage) is text:
                    continue
                stage_edits = run_stage(stage, text, self.config)
                if not stage_edits:
                    idle[stage] = text
                else:
                    changed = True
                    text = apply_edits(text, stage_edits)
                    if explain:
                        edits = compose_edits(original, edits, stage_edits)
            if not changed:
                break
        return Repair(text, edits)

    def repair(self, text: str) -> str:
        """Return the repaired text."""
        check_text(text)
        if len(text) > SEGMENT_CHARS:
            return "".join(self._run(text[a:b], explain=False).text for a, b in segments(text))
        return self._run(text, explain=False).text

    def explain(self, text: str) -> Repair:
        """Return the repaired text and the edits, in offsets of ``text``."""
        check_text(text)
        if len(text) <= SEGMENT_CHARS:
            return self._run(text, explain=True)
        parts: list[str] = []
        edits: list[Edit] = []
        for a, b in segments(text):
            part = self._run(text[a:b], explain=True)
            parts.append(part.text)
            edits.extend(
                Edit(e.start + a, e.end + a, e.before, e.after, e.stage, e.rule, e.confidence)
                for e in part.edits
            )
        return Repair("".join(parts), tuple(edits))

# A text longer than this is repaired in parts of about this size, each cut after a
# paragraph that ends a sentence: nothing any stage does reaches across such a cut (a
# sentence that ended is never joined to the next paragraph, a table row or a hyphenated
# word never ends in a full stop), and memory stays bounded however long the text is.
SEGMENT_CHARS = 1_000_000
_CUT_RE = re.compile(r"[.!?:][ \t]*\r?\n[ \t]*\r?\n")


def segments(text: str) -> list[tuple[int, int]]:
    """Spans that tile `text`, each of at most about SEGMENT_CHARS, cut as described above;
    a text with no such cut in reach stays whole there."""
    spans = []
    start = 0
    while len(text) - start > SEGMENT_CHARS:
        cut = None
        for cut in _CUT_RE.finditer(text, start + SEGMENT_CHARS // 2, start + SEGMENT_CHARS):
            pass  # the last cut in reach
        if cut is None:
            cut = _CUT_RE.search(text, start + SEGMENT_CHARS)
            if cut is None:
                break
        spans.append((start, cut.end()))
        start = cut.end()
    spans.append((start, len(text)))
    return spans
