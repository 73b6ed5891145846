"""
Repair damaged Swedish text inside a spaCy pipeline, and keep the way back to the original.

Install with ``pip install 'ocrfix[spacy]'``. Make a pipeline whose tokenizer is ocrfix's:

>>> import spacy
>>> import ocrfix.integrations.spacy  # registers "ocrfix.Tokenizer.v1" (spacy.load needs no import)
>>> nlp = spacy.blank("sv", config={"nlp": {"tokenizer": {"@tokenizers": "ocrfix.Tokenizer.v1"}}})
>>> doc = nlp("Socialndmnden har tagit emot fler drenden.")
>>> doc.text
'Socialnämnden har tagit emot fler ärenden.'
>>> [(token.text, token._.ocr_original) for token in doc if token._.ocr_changed]
[('Socialnämnden', 'Socialndmnden'), ('ärenden', 'drenden')]
>>> doc._.ocr_original
'Socialndmnden har tagit emot fler drenden.'
>>> doc[5]._.ocr_offsets, [edit.rule for edit in doc._.ocr_edits]
((34, 41), ['fix_words.ocr-confusion:d>ä', 'fix_words.ocr-confusion:d>ä'])

or wrap the tokenizer of a pipeline you already have (a loaded ``sv_core_news_sm``, say):

>>> from ocrfix.integrations.spacy import wrap_tokenizer
>>> nlp = spacy.blank("sv")
>>> tokenizer = wrap_tokenizer(nlp, ocrfix.Config(min_confidence=0.9))
>>> nlp("Parterna var 6verens.").text
'Parterna var överens.'

Every Doc's text is exactly ``ocrfix.repair(text, config)``; the tokens, and everything the
later components find, are those of the repaired text.

Why a tokenizer and not a pipeline component
--------------------------------------------

A spaCy ``Doc`` is its tokens: ``doc.text`` is made of them and cannot change once the
tokenizer has made them, and every pipeline component (``nlp.add_pipe(...)``) runs after the
tokenizer, on a finished Doc. A component could therefore only *annotate* damage, while the
models after it (tagger, parser, NER) would still read ``Socialndmnden``, which is the thing
repair is for. So ocrfix sits where the text becomes a Doc: :class:`OcrfixTokenizer` repairs
the text with :func:`ocrfix.explain`, lets the pipeline's own tokenizer tokenize the repaired
text (so the language's tokenisation rules and special cases still apply), and records the
repair in the Doc. It is registered as ``ocrfix.Tokenizer.v1`` in ``spacy.registry.tokenizers``
(and published as a ``spacy_tokenizers`` entry point, so ``spacy.load`` finds it without an
import), which is spaCy's documented way to make a custom tokenizer part of a pipeline's
config, saved by ``nlp.to_disk`` and rebuilt by ``spacy.load``. There is deliberately no
annotate-only ``nlp.add_pipe("ocrfix")`` component: :func:`ocrfix.detect` already reports
damage without changing the text, on ``doc.text`` like on any other string.

The settings
------------

The tokenizer's settings are the fields of :class:`ocrfix.Config`, set in the
``[nlp.tokenizer]`` block of the pipeline's config::

    [nlp.tokenizer]
    @tokenizers = "ocrfix.Tokenizer.v1"
    min_confidence = 0.9
    restore_diacritics = "auto"

    [nlp.tokenizer.base]
    @tokenizers = "spacy.Tokenizer.v1"

Every field has its Config default, and the values are checked by Config as it is made, so a
wrong one fails when the pipeline is built, naming the field. ``base`` is the tokenizer that
tokenizes the repaired text: the language's default tokenizer when it is left out (``null``),
or any registered tokenizer. ``context_model`` and ``profile`` are paths, which have to exist
where the pipeline is loaded. :func:`wrap_tokenizer` writes this block for you; assigning
``nlp.tokenizer = OcrfixTokenizer(nlp.tokenizer, config)`` works too, and pickles, but as
with any tokenizer assigned in code, spaCy does not record it in ``nlp.config``, so
``nlp.to_disk`` would save a pipeline that loads without it.

``nlp.to_disk`` saves the base tokenizer's own data (its rules and special cases) in the
format of the base tokenizer, so a pipeline saved with ocrfix can also be loaded without it
(``spacy.load(path, config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})``).

The way back to the original text
---------------------------------

The tokenizer keeps what the input was and which edits ocrfix made in ``doc.user_data``
(plain lists and numbers, so it survives ``Doc.to_bytes``, ``DocBin(store_user_data=True)``
and ``nlp.pipe(..., n_process=2)``), and these read-only extensions read it:

``doc._.ocr_original``
    The text the tokenizer was given.
``doc._.ocr_edits``
    The :class:`ocrfix.Edit` objects, with offsets into ``doc._.ocr_original``, as
    :func:`ocrfix.explain` returns them.
``token._.ocr_offsets``, ``span._.ocr_offsets``
    ``(start, end)``: where the token (or span, an entity say) came from in the original.
``token._.ocr_original``, ``span._.ocr_original``
    That part of the original text: ``ärenden`` came from ``drenden``.
``token._.ocr_changed``, ``span._.ocr_changed``
    Whether the original differs from the token's (or span's) text.

The offsets come from the edits: outside them, repaired and original text are the same
characters, shifted, and inside an edit the characters its ``before`` and ``after`` share are
aligned too (``drenden`` → ``ärenden`` changed only the first letter), so a token maps to
exactly the original characters it came from. A changed part with nothing shared stays whole
(the mojibake ``Ã¥`` that became ``å``), and a token boundary that falls inside a changed part
gives the tokens on both sides of it the whole part. Characters an
edit deleted (a soft hyphen, the hyphen and line break of ``Stockholms-⏎regionen``) belong to
the token before them, or to the token after them when whitespace comes before that token.

A Doc that did not come from this tokenizer (made with another pipeline, a DocBin saved
without user data, ``Doc.from_docs``, ``span.as_doc()``) has no record, or a record of another
text, and the extensions say so with a ValueError rather than give offsets that do not fit.

Many texts, and processes
-------------------------

``nlp.pipe(texts, batch_size=..., n_process=2)`` works: the tokenizer pickles as its base
tokenizer and its :class:`ocrfix.Config` (a small frozen dataclass). ocrfix loads its lexicon
and tables lazily, once per process, and keeps one repairer per Config, so each worker
process loads them on its first text and reuses them for every later one (with the ``fork``
start method, the workers inherit whatever the parent has loaded). Each text is repaired as
one document, exactly as ``ocrfix.repair`` repairs it on its own.
"""

import bisect
import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, Optional, Union

import ocrfix
from ocrfix.config import Config
from ocrfix.edits import Edit
from ocrfix.errors import check_config, check_text
from ocrfix.integrations import missing_extra

# No ``from __future__ import annotations`` here: spaCy's config system reads the annotations
# of the registered function at run time to check the values of a config.

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token
    from spacy.util import registry
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise missing_extra(__name__, "spaCy", "spacy", exc) from exc

__all__ = [
    "TOKENIZER_NAME",
    "OcrfixTokenizer",
    "create_tokenizer",
    "wrap_tokenizer",
]

#: The name of the tokenizer in ``spacy.registry.tokenizers``.
TOKENIZER_NAME = "ocrfix.Tokenizer.v1"

# The key of the repair record in doc.user_data. spaCy's own keys are tuples beginning with
# "._."; a plain string cannot collide with them.
_RECORD_KEY = "ocrfix.repair"
_RECORD_VERSION = 1

_DEFAULTS = Config()


class OcrfixTokenizer:
    """
    A spaCy tokenizer that repairs the text with ocrfix, then tokenizes the repaired text with
    ``base``.

    ``base`` is the tokenizer to wrap, usually the pipeline's own (``nlp.tokenizer``), and
    ``config`` the :class:`ocrfix.Config` to repair with (None: the defaults). Attributes the
    wrapper does not have are the base tokenizer's (``add_special_case``, ``rules``,
    ``explain``), and ``to_disk``/``from_disk``/``to_bytes``/``from_bytes`` save and load the
    base tokenizer's data; the settings are in the pipeline's config (see the module's
    documentation).
    """

    def __init__(self, base: Callable[[str], Doc], config: Config | None = None) -> None:
        if isinstance(base, OcrfixTokenizer):
            raise TypeError(
                "OcrfixTokenizer would wrap another OcrfixTokenizer and repair every text "
                "twice; wrap its base tokenizer (tokenizer.base) instead"
            )
        if not callable(base):
            raise TypeError(
                f"OcrfixTokenizer wraps a tokenizer (a callable from str to Doc, usually "
                f"nlp.tokenizer), but it was given {type(base).__name__}"
            )
        self.base = base
        self.config = check_config(config)

    def __call__(self, text: str) -> Doc:
        """Repair ``text``, tokenize the repaired text and record the repair in the Doc."""
        repair = ocrfix.explain(check_text(text), self.config)
        doc = self.base(repair.text)
        doc.user_data[_RECORD_KEY] = _record(text, repair)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts, one by one (``batch_size`` is accepted and ignored)."""
        for text in texts:
            yield self(text)

    @property
    def vocab(self) -> Any:
        """The base tokenizer's vocabulary."""
        return self.base.vocab  # type: ignore[attr-defined]

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        """Save the base tokenizer's data to ``path``, as the base tokenizer does."""
        self._base_method("to_disk")(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> "OcrfixTokenizer":
        """Load the base tokenizer's data from ``path``."""
        self._base_method("from_disk")(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        """The base tokenizer's data, as the base tokenizer serialises it."""
        data: bytes = self._base_method("to_bytes")(**kwargs)
        return data

    def from_bytes(self, bytes_data: bytes, **kwargs: Any) -> "OcrfixTokenizer":
        """Load the base tokenizer's data from ``bytes_data``."""
        self._base_method("from_bytes")(bytes_data, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes the wrapper lacks. Private and special names are never
        # forwarded: pickle looks some up on an instance whose __dict__ is still empty.
        if name.startswith("_") or "base" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["base"], name)

    def __repr__(self) -> str:
        return f"OcrfixTokenizer({self.base!r}, {self.config!r})"

    def _base_method(self, name: str) -> Callable[..., Any]:
        method = getattr(self.base, name, None)
        if method is None:
            raise TypeError(
                f"the base tokenizer {type(self.base).__name__} has no {name}(), which spaCy "
                "needs to save and load a pipeline"
            )
        result: Callable[..., Any] = method
        return result


def create_tokenizer(
    normalize_unicode: bool = _DEFAULTS.normalize_unicode,
    fix_encoding: bool = _DEFAULTS.fix_encoding,
    fix_layout: bool = _DEFAULTS.fix_layout,
    fix_tables: bool = _DEFAULTS.fix_tables,
    fix_words: bool = _DEFAULTS.fix_words,
    restore_diacritics: Union[bool, Literal["auto"]] = _DEFAULTS.restore_diacritics,
    min_confidence: float = _DEFAULTS.min_confidence,
    lexicon: str = _DEFAULTS.lexicon,
    context_model: Optional[str] = _DEFAULTS.context_model,
    profile: Optional[str] = _DEFAULTS.profile,
    modernize_spelling: bool = _DEFAULTS.modernize_spelling,
    base: Optional[Callable[[Language], Callable[[str], Doc]]] = None,
) -> Callable[[Language], OcrfixTokenizer]:
    """
    ``ocrfix.Tokenizer.v1``: the tokenizer of the ``[nlp.tokenizer]`` block of a config.

    The arguments but ``base`` are the fields of :class:`ocrfix.Config`, checked here, so a
    wrong value fails as the pipeline is built. ``base`` makes the tokenizer that tokenizes
    the repaired text (a registered tokenizer such as ``spacy.Tokenizer.v1``); None means the
    language's default tokenizer.
    """
    config = Config(
        normalize_unicode=normalize_unicode,
        fix_encoding=fix_encoding,
        fix_layout=fix_layout,
        fix_tables=fix_tables,
        fix_words=fix_words,
        restore_diacritics=restore_diacritics,
        min_confidence=min_confidence,
        lexicon=lexicon,
        context_model=context_model,
        profile=profile,
        modernize_spelling=modernize_spelling,
    )
    make_base = base
    if make_base is None:
        default: Callable[[], Callable[[Language], Callable[[str], Doc]]]
        default = registry.tokenizers.get("spacy.Tokenizer.v1")
        make_base = default()

    def make_tokenizer(nlp: Language) -> OcrfixTokenizer:
        return OcrfixTokenizer(make_base(nlp), config)

    return make_tokenizer


# The call form of @registry.tokenizers(TOKENIZER_NAME): catalogue is untyped, and a decorator
# from it would make create_tokenizer untyped for mypy.
registry.tokenizers.register(TOKENIZER_NAME, func=create_tokenizer)


def wrap_tokenizer(nlp: Language, config: Config | None = None) -> OcrfixTokenizer:
    """
    Make ``nlp`` repair its texts with ``config``, and record that in ``nlp.config``.

    Wraps the pipeline's tokenizer (with its special cases) in an :class:`OcrfixTokenizer`
    and writes the ``[nlp.tokenizer]`` block, with the old block as ``base``, so that
    ``nlp.to_disk`` saves a pipeline that ``spacy.load`` rebuilds with the same tokenizer and
    settings. If the tokenizer is already ocrfix's, its settings are replaced. Returns the new
    tokenizer.
    """
    config = check_config(config)
    if not isinstance(nlp, Language):
        raise TypeError(
            f"wrap_tokenizer needs a spaCy Language (spacy.blank('sv'), spacy.load(...)), "
            f"but it was given {type(nlp).__name__}"
        )
    current = nlp.tokenizer
    block: dict[str, Any] = dict(nlp.config["nlp"]["tokenizer"])
    if isinstance(current, OcrfixTokenizer):
        base, base_block = current.base, block.get("base")
    else:
        base, base_block = current, block
    tokenizer = OcrfixTokenizer(base, config)
    nlp.tokenizer = tokenizer
    nlp.config["nlp"]["tokenizer"] = {
        "@tokenizers": TOKENIZER_NAME,
        **{field.name: getattr(config, field.name) for field in dataclasses.fields(Config)},
        "base": base_block,
    }
    return tokenizer


# -- the record in doc.user_data, and the extensions that read it ----------------------------


def _record(original: str, repair: ocrfix.Repair) -> dict[str, Any]:
    """What the Doc keeps of a repair: msgpack-friendly, so it survives Doc.to_bytes."""
    edits: list[list[Any]] = []
    # The changed parts of the edits, each as [original start, end, repaired start, end]: an
    # edit without the characters its before and after share, so that offsets map exactly.
    spans: list[list[int]] = []
    shift = 0
    for edit in repair.edits:
        edits.append(
            [edit.start, edit.end, edit.before, edit.after, edit.stage, edit.rule, edit.confidence]
        )
        out_start = edit.start + shift
        matcher = difflib.SequenceMatcher(None, edit.before, edit.after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                spans.append([edit.start + i1, edit.start + i2, out_start + j1, out_start + j2])
        shift += len(edit.after) - len(edit.before)
    return {
        "version": _RECORD_VERSION,
        "original": original,
        "length": len(repair.text),
        "edits": edits,
        "spans": spans,
    }


def _record_of(doc: Doc) -> dict[str, Any]:
    record = doc.user_data.get(_RECORD_KEY)
    if not isinstance(record, dict) or record.get("version") != _RECORD_VERSION:
        raise ValueError(
            "this Doc was not made by ocrfix's tokenizer (or lost its user data on the way), "
            "so it has no record of a repair; make it with a pipeline whose tokenizer is "
            f"{TOKENIZER_NAME!r} (see ocrfix.integrations.spacy.wrap_tokenizer)"
        )
    if record["length"] != len(doc.text):
        raise ValueError(
            f"this Doc's text has {len(doc.text)} characters, but ocrfix's record is of a "
            f"repaired text of {record['length']}: the Doc was cut or joined after "
            "tokenisation (span.as_doc(), Doc.from_docs), so the record no longer fits it"
        )
    return record


def _to_original(spans: list[list[int]], pos: int, *, end: bool, take_deletions: bool) -> int:
    """
    The original offset of the repaired offset ``pos``.

    Inside the output of a changed part (``spans``), a start maps to the part's original start
    and an end to its original end. At a boundary, a part that deleted text there lies before
    ``pos`` for an end, and for a start unless ``take_deletions``.
    """
    # The changed parts whose output ends at or before pos.
    i = bisect.bisect_right(spans, pos, key=lambda span: span[3])
    if not end and take_deletions:
        while i > 0 and spans[i - 1][2] == spans[i - 1][3] == pos:
            i -= 1
    if i < len(spans) and spans[i][2] < pos < spans[i][3]:
        return spans[i][1] if end else spans[i][0]
    if i == 0:
        return pos
    previous = spans[i - 1]
    return previous[1] + (pos - previous[3])


def _offsets(doc: Doc, start: int, end: int) -> tuple[int, int]:
    spans: list[list[int]] = _record_of(doc)["spans"]
    take_deletions = start == 0 or doc.text[start - 1].isspace()
    original_start = _to_original(spans, start, end=False, take_deletions=take_deletions)
    original_end = _to_original(spans, end, end=True, take_deletions=True)
    return original_start, max(original_start, original_end)


def _doc_original(doc: Doc) -> str:
    original: str = _record_of(doc)["original"]
    return original


def _doc_edits(doc: Doc) -> tuple[Edit, ...]:
    return tuple(
        Edit(int(s), int(e), before, after, stage, rule, float(confidence))
        for s, e, before, after, stage, rule, confidence in _record_of(doc)["edits"]
    )


def _token_offsets(token: Token) -> tuple[int, int]:
    return _offsets(token.doc, token.idx, token.idx + len(token.text))


def _token_original(token: Token) -> str:
    start, end = _token_offsets(token)
    return _doc_original(token.doc)[start:end]


def _token_changed(token: Token) -> bool:
    return bool(_token_original(token) != token.text)


def _span_offsets(span: Span) -> tuple[int, int]:
    return _offsets(span.doc, span.start_char, span.end_char)


def _span_original(span: Span) -> str:
    start, end = _span_offsets(span)
    return _doc_original(span.doc)[start:end]


def _span_changed(span: Span) -> bool:
    return bool(_span_original(span) != span.text)


def _register_extensions() -> None:
    extensions: list[tuple[Any, str, Callable[[Any], object]]] = [
        (Doc, "ocr_original", _doc_original),
        (Doc, "ocr_edits", _doc_edits),
        (Token, "ocr_original", _token_original),
        (Token, "ocr_offsets", _token_offsets),
        (Token, "ocr_changed", _token_changed),
        (Span, "ocr_original", _span_original),
        (Span, "ocr_offsets", _span_offsets),
        (Span, "ocr_changed", _span_changed),
    ]
    for cls, name, getter in extensions:
        if cls.has_extension(name):
            existing = cls.get_extension(name)[2]  # (default, method, getter, setter)
            if getattr(existing, "__module__", None) != __name__:
                raise ImportError(
                    f"cannot register the spaCy extension {cls.__name__}._.{name} for ocrfix: "
                    f"another library has registered one of that name ({existing!r})"
                )
        cls.set_extension(name, getter=getter, force=True)


_register_extensions()
