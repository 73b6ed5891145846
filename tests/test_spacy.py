"""
ocrfix.integrations.spacy: a spaCy pipeline whose tokenizer repairs the text with ocrfix, the
extensions that lead back to the original text, nlp.pipe on two processes (fork and spawn),
and the tokenizer and its settings kept by nlp.to_disk and spacy.load.

spaCy is in the `test` extra; without it this module fails to import rather than being
skipped. Everything runs on spacy.blank("sv"): no model is downloaded.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import inspect
import multiprocessing
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

import ocrfix
from ocrfix.integrations.spacy import (
    TOKENIZER_NAME,
    OcrfixTokenizer,
    create_tokenizer,
    wrap_tokenizer,
)

SENTENCE = "Socialndmnden har tagit emot fler drenden."
DAMAGED = [
    SENTENCE,
    "Parterna var 6verens om att fullf6lja planen.",
    "Kommunfullmdktige beslutade att avsld motionen.",
    "FrÃ¥gan behandlas pÃ¥ nÃ¤sta mÃ¶te.",  # mojibake: UTF-8 read as Windows-1252
    "Fo\u0308rvaltningen har tagit fram ett fo\u0308rslag.",  # decomposed ö (NFD)
    "Det är svårt att hitta arbete i Stockholms-\nregionen och i Uppsala.",
    "Det ar viktigt for oss att ga dit, for det ar bra.",  # lost å/ä/ö
    "Byggnadsndmnden gav bygglov f6r  tillbyggnaden i h6st.",  # two spaces: a space token
    "för\u00advaltningen och nämnden",  # a soft hyphen, deleted
]
CLEAN = [
    "Socialnämnden har tagit emot fler ärenden.",
    "barn- och ungdomsvården, IT-stöd",
    "Kommunen har 12 500 invånare.\n\nMötet avslutades klockan 16.30.",
    "Hej!",
    "   ",
    "",
]
TEXTS = [text for pair in zip(DAMAGED, CLEAN + CLEAN) for text in pair] + DAMAGED[len(CLEAN) :]


def _ocrfix_nlp(**settings: Any) -> Language:
    tokenizer = {"@tokenizers": TOKENIZER_NAME, **settings}
    return spacy.blank("sv", config={"nlp": {"tokenizer": tokenizer}})


@pytest.fixture(scope="module")
def nlp() -> Language:
    return _ocrfix_nlp()


def _summary(doc: Doc) -> tuple[Any, ...]:
    """Everything the integration adds to a Doc, to compare Docs made in different ways."""
    return (
        doc.text,
        doc._.ocr_original,
        doc._.ocr_edits,
        [(t.text, t.whitespace_, t._.ocr_offsets, t._.ocr_original, t._.ocr_changed) for t in doc],
    )


# -- the repaired text and the way back ---------------------------------------------------


def test_the_doc_text_is_what_ocrfix_repair_makes(nlp: Language) -> None:
    for text in TEXTS:
        doc = nlp(text)
        assert doc.text == ocrfix.repair(text)
        assert doc._.ocr_original == text
        assert doc._.ocr_edits == ocrfix.explain(text).edits
        # The pipeline's own tokenizer tokenized the repaired text.
        assert isinstance(nlp.tokenizer, OcrfixTokenizer)
        assert [t.text for t in doc] == [t.text for t in nlp.tokenizer.base(doc.text)]


def test_tokens_map_back_to_the_characters_they_came_from(nlp: Language) -> None:
    doc = nlp(SENTENCE)
    assert doc.text == "Socialnämnden har tagit emot fler ärenden."
    rows = [(t.text, t._.ocr_original, t._.ocr_offsets, t._.ocr_changed) for t in doc]
    assert rows == [
        ("Socialnämnden", "Socialndmnden", (0, 13), True),
        ("har", "har", (14, 17), False),
        ("tagit", "tagit", (18, 23), False),
        ("emot", "emot", (24, 28), False),
        ("fler", "fler", (29, 33), False),
        ("ärenden", "drenden", (34, 41), True),
        (".", ".", (41, 42), False),
    ]
    span = doc[4:6]  # an entity, say
    assert (span.text, span._.ocr_original, span._.ocr_offsets) == (
        "fler ärenden",
        "fler drenden",
        (29, 41),
    )
    assert span._.ocr_changed and not doc[1:4]._.ocr_changed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "FrÃ¥gan behandlas pÃ¥ nÃ¤sta mÃ¶te.",
            [("Frågan", "FrÃ¥gan"), ("på", "pÃ¥"), ("nästa", "nÃ¤sta"), ("möte", "mÃ¶te")],
        ),
        ("Fo\u0308rvaltningen har", [("Förvaltningen", "Fo\u0308rvaltningen")]),
        # The edit is "-\nregionen " -> "regionen\n": the word takes the hyphen and line break,
        # the line break token the space.
        (
            "i Stockholms-\nregionen och",
            [("Stockholmsregionen", "Stockholms-\nregionen"), ("\n", " ")],
        ),
        ("för\u00advaltningen och", [("förvaltningen", "för\u00advaltningen")]),
        (
            "Det ar viktigt for oss att ga dit, for det ar bra.",
            [("är", "ar"), ("för", "for"), ("gå", "ga"), ("för", "for"), ("är", "ar")],
        ),
    ],
)
def test_changed_tokens_of_every_stage(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    doc = nlp(text)
    assert [(t.text, t._.ocr_original) for t in doc if t._.ocr_changed] == expected


def test_offsets_are_consistent_for_every_token(nlp: Language) -> None:
    for text in TEXTS:
        doc = nlp(text)
        previous_end = 0
        for token in doc:
            start, end = token._.ocr_offsets
            assert previous_end <= start <= end <= len(text), (text, token.text)
            assert token._.ocr_original == text[start:end]
            assert token._.ocr_changed == (token._.ocr_original != token.text)
            previous_end = end
        # Every changed part of the input is some token's, or whitespace between tokens.
        for edit in doc._.ocr_edits:
            covering = [
                t for t in doc if t._.ocr_offsets[0] < edit.end and edit.start < t._.ocr_offsets[1]
            ]
            assert covering or edit.before.isspace() or not edit.before, (text, edit)


def test_a_text_without_damage_round_trips(nlp: Language) -> None:
    for text in CLEAN:
        doc = nlp(text)
        assert doc.text == text == doc._.ocr_original
        assert doc._.ocr_edits == ()
        for token in doc:
            assert token._.ocr_original == token.text
            assert token._.ocr_offsets == (token.idx, token.idx + len(token.text))
            assert not token._.ocr_changed


def test_deletions_and_insertions_at_token_boundaries(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Edits the stages rarely make, at the places where the mapping has choices to make.
    def explain(text: str, config: ocrfix.Config | None = None) -> ocrfix.Repair:
        edits = (
            ocrfix.Edit(3, 4, "\u00ad", "", "test", "test.delete-after-word", 1.0),
            ocrfix.Edit(5, 6, "|", "", "test", "test.delete-before-word", 1.0),
            ocrfix.Edit(12, 12, "", "ä", "test", "test.insert", 1.0),
        )
        return ocrfix.Repair(ocrfix.apply_edits(text, edits), edits)

    monkeypatch.setattr(ocrfix, "explain", explain)
    doc = nlp("ord\u00ad |nästa r")
    assert doc.text == "ord nästa är"
    assert [(t.text, t._.ocr_original) for t in doc] == [
        ("ord", "ord\u00ad"),  # a deletion right after a word is the word's
        ("nästa", "|nästa"),  # ... and right after whitespace, the next word's
        ("är", "r"),
    ]


# -- many texts, processes, pickling, serialisation ----------------------------------------


def test_pipe_in_batches_and_on_two_processes_is_one_by_one(nlp: Language) -> None:
    one_by_one = [_summary(nlp(text)) for text in TEXTS]
    assert [_summary(doc) for doc in nlp.pipe(TEXTS, batch_size=3)] == one_by_one
    assert [_summary(doc) for doc in nlp.pipe(TEXTS, batch_size=2, n_process=2)] == one_by_one


@Language.component("ocrfix_test_probe")
def _probe(doc: Doc) -> Doc:
    """Note which process made the Doc and how often that process has loaded the lexicon."""
    from ocrfix.lexicon import _load_lexicon

    doc.user_data["probe"] = [os.getpid(), _load_lexicon.cache_info().misses]
    return doc


@pytest.fixture
def spawn() -> Iterator[None]:
    # Under "spawn" nothing is inherited: the pipeline is pickled to each worker, and each
    # worker starts with empty caches (under "fork" it would inherit ours).
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)


def test_two_spawned_processes_pickle_the_pipeline_and_load_the_lexicon_once_each(
    spawn: None,
) -> None:
    nlp = _ocrfix_nlp(min_confidence=0.9)
    nlp.add_pipe("ocrfix_test_probe")
    texts = TEXTS * 2
    docs = list(nlp.pipe(texts, batch_size=2, n_process=2))
    assert [_summary(doc) for doc in docs] == [_summary(nlp(text)) for text in texts]
    config = ocrfix.Config(min_confidence=0.9)
    assert [doc.text for doc in docs] == [ocrfix.repair(text, config) for text in texts]
    loads: dict[int, set[int]] = {}
    for doc in docs:
        pid, count = doc.user_data["probe"]
        loads.setdefault(pid, set()).add(count)
    assert os.getpid() not in loads and len(loads) == 2
    # Each worker loaded the lexicon on its first text and never again (several batches each).
    assert loads == {pid: {1} for pid in loads}


def test_the_tokenizer_pickles_with_its_settings(nlp: Language) -> None:
    config = ocrfix.Config(min_confidence=0.9, restore_diacritics=False)
    tokenizer = OcrfixTokenizer(spacy.blank("sv").tokenizer, config)
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert isinstance(copy, OcrfixTokenizer) and copy.config == config
    assert _summary(copy(SENTENCE)) == _summary(tokenizer(SENTENCE))
    assert _summary(pickle.loads(pickle.dumps(nlp))(SENTENCE)) == _summary(nlp(SENTENCE))


def test_the_record_survives_doc_bytes(nlp: Language) -> None:
    doc = nlp(TEXTS[6])
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _summary(copy) == _summary(doc)


def test_to_disk_and_spacy_load_keep_the_tokenizer_and_its_settings(tmp_path: Path) -> None:
    nlp = _ocrfix_nlp(min_confidence=0.9, restore_diacritics=False)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert isinstance(loaded.tokenizer, OcrfixTokenizer)
    assert loaded.tokenizer.config == ocrfix.Config(min_confidence=0.9, restore_diacritics=False)
    # The settings matter: at 0.9 the less sure correction (`1dn` → `län`, 0.78) is not
    # made, and without restore_diacritics "ar" stays.
    doc = loaded("Vi kan inte 1dn ut fler drenden, det ar bra.")
    assert doc.text == "Vi kan inte 1dn ut fler ärenden, det ar bra."
    assert _summary(doc) == _summary(nlp(doc._.ocr_original))
    assert loaded.config["nlp"]["tokenizer"] == nlp.config["nlp"]["tokenizer"]


def test_wrap_tokenizer_keeps_the_pipeline_tokenizer_and_is_saved(tmp_path: Path) -> None:
    nlp = spacy.blank("sv")
    plain: Any = nlp.tokenizer
    plain.add_special_case("t.o.m.", [{"ORTH": "t.o.m."}])
    first = wrap_tokenizer(nlp)
    tokenizer = wrap_tokenizer(nlp, ocrfix.Config(min_confidence=0.9))  # replaces, no double wrap
    assert nlp.tokenizer is tokenizer and tokenizer.base is first.base
    assert tokenizer.config.min_confidence == 0.9
    text = "Gäller t.o.m. maj, fler drenden."
    assert [t.text for t in nlp(text)] == ["Gäller", "t.o.m.", "maj", ",", "fler", "ärenden", "."]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert isinstance(loaded.tokenizer, OcrfixTokenizer)
    assert loaded.tokenizer.config == ocrfix.Config(min_confidence=0.9)
    assert _summary(loaded(text)) == _summary(nlp(text))  # the special case came back too
    assert loaded.config["nlp"]["tokenizer"]["base"] == {"@tokenizers": "spacy.Tokenizer.v1"}


def test_a_saved_pipeline_without_ocrfix_loads_with_it(tmp_path: Path) -> None:
    plain = spacy.blank("sv")
    plain.to_disk(tmp_path / "plain")
    override = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "min_confidence": 0.9}}}
    nlp = spacy.load(tmp_path / "plain", config=override)
    assert isinstance(nlp.tokenizer, OcrfixTokenizer)
    assert nlp.tokenizer.config == ocrfix.Config(min_confidence=0.9)
    assert nlp(SENTENCE).text == ocrfix.repair(SENTENCE, ocrfix.Config(min_confidence=0.9))


def test_spacy_load_finds_the_tokenizer_without_importing_it_and_ocrfix_never_imports_spacy(
    tmp_path: Path,
) -> None:
    _ocrfix_nlp(min_confidence=0.9).to_disk(tmp_path / "pipeline")
    code = (
        "import sys, ocrfix; assert 'spacy' not in sys.modules, 'import ocrfix imported spaCy'; "
        "import spacy; nlp = spacy.load(sys.argv[1]); "
        "print(type(nlp.tokenizer).__name__, nlp.tokenizer.config.min_confidence, "
        "nlp('fler drenden')._.ocr_original)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pipeline")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["OcrfixTokenizer", "0.9", "fler", "drenden"]


def test_the_entry_point_and_the_registry_name_the_factory() -> None:
    entry_points = importlib.metadata.entry_points(group="spacy_tokenizers")
    [entry_point] = [ep for ep in entry_points if ep.name == TOKENIZER_NAME]
    assert entry_point.load() is create_tokenizer
    assert registry.tokenizers.get(TOKENIZER_NAME) is create_tokenizer


def test_the_config_settings_are_the_config_fields_with_their_defaults() -> None:
    parameters = inspect.signature(create_tokenizer).parameters
    fields = {field.name: field.default for field in dataclasses.fields(ocrfix.Config)}
    assert {name: p.default for name, p in parameters.items() if name != "base"} == fields


# -- mistakes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"min_confidence": 1.5}, "min_confidence must be between 0 and 1"),
        ({"restore_diacritics": "yes"}, "restore_diacritics"),
        ({"fix_words": 1}, "fix_words"),
        ({"min_confidnce": 0.9}, "min_confidnce"),
    ],
)
def test_wrong_settings_fail_when_the_pipeline_is_made(
    settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(Exception, match=message):
        _ocrfix_nlp(**settings)


def test_a_doc_without_a_record_says_so(nlp: Language) -> None:
    plain = spacy.blank("sv")(SENTENCE)
    with pytest.raises(ValueError, match="not made by ocrfix's tokenizer"):
        _ = plain._.ocr_original
    with pytest.raises(ValueError, match="not made by ocrfix's tokenizer"):
        _ = plain[0]._.ocr_original
    part = nlp(SENTENCE)[4:6].as_doc(copy_user_data=True)
    with pytest.raises(ValueError, match="no longer fits"):
        _ = part[1]._.ocr_original


def test_wrong_arguments_are_refused(nlp: Language) -> None:
    with pytest.raises(TypeError, match="wraps a tokenizer"):
        OcrfixTokenizer("nlp.tokenizer")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="twice"):
        OcrfixTokenizer(nlp.tokenizer)
    with pytest.raises(TypeError, match="Config"):
        settings: Any = {"min_confidence": 0.9}
        OcrfixTokenizer(spacy.blank("sv").tokenizer, settings)
    with pytest.raises(TypeError, match="spaCy Language"):
        wrap_tokenizer(nlp.tokenizer)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        nlp.tokenizer(b"fler drenden")  # type: ignore[arg-type]
