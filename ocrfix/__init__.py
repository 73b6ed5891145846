"""
ocrfix: repair damaged Swedish text.

Swedish text reaches us damaged in many ways: OCR engines read ``ä`` as
``d`` and ``ö`` as ``6``, files are decoded with the wrong encoding, å/ä/ö get
stripped, and page layout splits words and paragraphs. ocrfix repairs that
text, and it can tell you exactly what it changed and where.

>>> import ocrfix
>>> ocrfix.repair("Socialndmnden har tagit emot fler drenden.")
'Socialnämnden har tagit emot fler ärenden.'
>>> [(e.start, e.end, e.after, e.rule) for e in ocrfix.explain("Fo\\u0308rvaltningen").edits]
[(1, 3, 'ö', 'normalize_unicode.nfc')]

The stages, in the order they run, are named by the fields of :class:`Config`
(encoding, Unicode normalisation, layout, tables, words, diacritics); see
:mod:`ocrfix.pipeline` and the README.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ocrfix.bulk import repair_many
from ocrfix.config import Config
from ocrfix.decoding import BINARY_ERROR_TEXT, decode_bytes
from ocrfix.detect import detect
from ocrfix.edits import Edit, Finding, Repair, apply_edits
from ocrfix.errors import (
    BYTES_ERROR_TEXT,
    CONFIG_TYPE_ERROR_TEXT,
    TYPE_ERROR_TEXT,
    check_config,
    check_text,
)
from ocrfix.pipeline import Repairer
from ocrfix.profile import Profile
from ocrfix.report import damage_profiles, render_html
from ocrfix.stages.tables import tables

__version__ = "0.1.0"

__all__ = [
    "BINARY_ERROR_TEXT",
    "BYTES_ERROR_TEXT",
    "CONFIG_TYPE_ERROR_TEXT",
    "TYPE_ERROR_TEXT",
    "Config",
    "Edit",
    "Finding",
    "Profile",
    "Repair",
    "Repairer",
    "__version__",
    "apply_edits",
    "compiled",
    "decode_bytes",
    "detect",
    "explain",
    "html_report",
    "learn_profile",
    "repair",
    "repair_bytes",
    "repair_many",
    "tables",
]


def compiled() -> bool:
    """
    True when this install runs ocrfix's word stage compiled to C by mypyc, False when it
    runs the Python source. A wheel built where a C compiler was at hand (``pip install .``)
    is compiled, about a quarter faster on damaged pages; an editable install
    (``pip install -e .``), or one built with ``OCRFIX_PURE=1``, is not. Both repair alike.
    """
    from ocrfix.stages import words

    return not words.__file__.endswith(".py")


@functools.lru_cache(maxsize=32)
def _repairer(config: Config) -> Repairer:
    return Repairer(config)


def repair(text: str, config: Config | None = None) -> str:
    """
    Return ``text`` with its damage repaired.

    Text that needs no repair comes back unchanged, and repairing twice
    changes nothing more than repairing once:

    >>> repair("barn- och ungdomsvården")
    'barn- och ungdomsvården'

    ``config`` chooses the stages and thresholds (see :class:`Config`).
    Passing bytes is an error: decode them first.
    """
    check_text(text)
    return _repairer(check_config(config)).repair(text)


def explain(text: str, config: Config | None = None) -> Repair:
    """
    Repair ``text`` and say what was changed.

    Returns a :class:`Repair` whose ``edits`` index ``text`` itself, so
    ``apply_edits(text, result.edits) == result.text == repair(text)``:

    >>> result = explain("Fo\\u0308rvaltningen")
    >>> result.text
    'Förvaltningen'
    >>> apply_edits("Fo\\u0308rvaltningen", result.edits) == result.text
    True
    """
    check_text(text)
    return _repairer(check_config(config)).explain(text)


def repair_bytes(data: bytes, config: Config | None = None) -> str:
    """
    Decode ``data`` of unknown encoding and repair the text.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as
    such; other bytes are read as Windows-1252, Latin-1, DOS code page 850 or Mac Roman,
    whichever makes Swedish words (:func:`decode_bytes` also says which it chose):

    >>> repair_bytes("Parterna var 6verens om åtgärderna".encode("cp850"))
    'Parterna var överens om åtgärderna'

    Binary data is refused with a ValueError.
    """
    text, _encoding = decode_bytes(data)
    return repair(text, config)


def html_report(text: str, config: Config | None = None, *, title: str | None = None) -> str:
    """
    Repair ``text`` and return an HTML page that shows every edit.

    The page is self-contained (no script, nothing loaded from elsewhere; open it in
    any browser or attach it to a mail): the document with each edit highlighted in
    its stage's colour, the text before struck through and the text after beside
    it, the rule and confidence on hover, and counts by stage and by rule. ``title``
    heads the page. :func:`ocrfix.report.render_html` draws it from edits you already
    have.

    The page also shows the damage profile the word stage learns from ``text`` (its
    commonest misreadings, with counts and rates), and the corpus profile of
    ``config.profile`` when one is given (:func:`ocrfix.report.damage_profiles`).

    >>> page = html_report("Fo\\u0308rvaltningen", title="brev.txt")
    >>> page.count('<span class="edit stage-normalize_unicode"')
    1
    """
    config = check_config(config)
    edits = explain(text, config).edits
    return render_html(text, edits, title=title, profiles=damage_profiles(text, config))


def learn_profile(
    texts: Iterable[str], config: Config | None = None, *, source: str = ""
) -> Profile:
    """
    Learn the damage profile of a corpus: which misreadings its OCR engine makes, how often.

    Each text is repaired by the stages before the word stage (encoding, layout), then the
    word stage learns its profile from its unknown words, and the profiles are summed.
    ``source`` says where it was learned (shown by :meth:`Profile.describe`). Save it with
    :meth:`Profile.save` and repair with ``Config(profile=PATH)``: the misreadings the corpus
    shows are then expected on every page, also in real words. ``ocrfix profile learn`` is the
    same on the command line.

    >>> pages = ["Socialnåmnden har tagit emot fler årenden ån tidigare.",
    ...          "Nåmnden anser att behovet av fler tjånster år stort."]
    >>> profile = learn_profile(pages, source="dansk modell")
    >>> ocr, truth, count, rate = profile.top(1)[0]
    >>> (ocr, truth), profile.documents
    (('å', 'ä'), 2)
    """
    from ocrfix.learn import learn_corpus

    return learn_corpus(texts, config, source=source)
