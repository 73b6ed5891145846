"""The packaged Swedish lexicon: membership, case, compounds, stripped forms, variants."""

from __future__ import annotations

import pytest

from ocrfix.lexicon import Lexicon, fold_diacritics, get_lexicon


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return get_lexicon()


def test_loaded_once_and_shared():
    assert get_lexicon() is get_lexicon("sv")


@pytest.mark.parametrize(
    "word",
    ["och", "för", "socialnämnden", "ärenden", "överens", "fullfölja", "också", "människor",
     "i", "å", "ö"],
)
def test_common_words_are_words(lex, word):
    assert word in lex
    assert lex.is_word(word)


@pytest.mark.parametrize(
    "damaged",
    # OCR misreadings from the design document: ä→d, ö→6, ä→i, ö→0, l→1, å→4.
    ["ndmnden", "Socialndmnden", "drenden", "6verens", "fullf6lja", "fordndring", "frimst",
     "stindigt", "uppmirksammats", "10sa", "1dn", "f4", "handldggningsrutiner"],
)
def test_ocr_damage_is_rejected(lex, damaged):
    assert not lex.is_word(damaged)


@pytest.mark.parametrize("letter", ["r", "s", "p", "f", "j", "R"])
def test_lone_letters_other_than_i_a_o_are_not_words(lex, letter):
    # Swedish has three one-letter words; OCR leaves `r` for `är` and `p` for `på`.
    assert not lex.is_word(letter)


@pytest.mark.parametrize(
    "word, parts",
    [
        ("pensionsrätt", ("pensions", "rätt")),
        ("barntillägg", ("barn", "tillägg")),
        ("strömmingsförsäljningen", ("strömmings", "försäljningen")),
        ("Stockholmskommuner", ("Stockholms", "kommuner")),
        ("veckodagarna", ("vecko", "dagarna")),
    ],
)
def test_compounds_split_with_linking_forms(lex, word, parts):
    assert lex.split_compound(word) == parts
    assert lex.is_word(word)


@pytest.mark.parametrize(
    "word",
    ["pensionsrätt", "barntillägg", "inkomstprövat", "strömmingsförsäljningen",
     "socialsekreterarnas", "Stockholmskommuner", "handläggningsrutiner"],
)
def test_unseen_compounds_are_swedish(lex, word):
    assert lex.is_word(word)


def test_triple_consonant_is_written_double_at_the_joint(lex):
    # `stopp` + `punkt` keeps three p's in writing, `fall` + `lucka` drops one: both analyse.
    assert lex.split_compound("busshållplatsen") is not None
    parts = lex.split_compound("tullokal")
    assert parts is not None and parts[0] == "tull"


@pytest.mark.parametrize(
    "word, parts",
    [
        ("funktionshinderområdet", ("funktions", "hinder", "området")),
        ("fotbollsförbundsordförandeval", ("fotbolls", "förbunds", "ordförande", "val")),
    ],
)
def test_the_fewest_parts_are_found_past_the_splits_that_fail(lex, word, parts):
    # Fewer parts do not make these; the search for more meets again the rests it could
    # not split into fewer, and must not give up on the word for that.
    assert lex.split_compound(word) == parts


def test_split_compound_refuses_non_words(lex):
    assert lex.split_compound("ndmnden") is None
    assert lex.split_compound("ab") is None
    assert lex.split_compound("för6lja") is None


@pytest.mark.parametrize(
    "word, expected",
    [("Arenden", False), ("Ärenden", True), ("NULÄGE", True), ("NULAGE", False),
     ("SOCIALNÄMNDEN", True), ("Och", True)],
)
def test_case_is_handled(lex, word, expected):
    assert lex.is_word(word) is expected


@pytest.mark.parametrize(
    "stripped, restored",
    [("maste", "måste"), ("ocksa", "också"), ("nagot", "något"), ("battre", "bättre"),
     ("manniskor", "människor"), ("darfor", "därför"), ("sjalv", "själv"), ("fran", "från")],
)
def test_stripped_forms_are_not_words(lex, stripped, restored):
    assert not lex.is_word(stripped)
    assert lex.is_stripped(stripped)
    assert lex.variants(stripped)[0][0] == restored


@pytest.mark.parametrize(
    "word, variant",
    [("for", "för"), ("var", "vår"), ("man", "män"), ("har", "här"), ("vara", "våra"),
     ("svart", "svårt"), ("bade", "både"), ("vart", "vårt")],
)
def test_confusable_words_stay_words_with_their_variants(lex, word, variant):
    assert lex.is_word(word)
    assert lex.is_confusable(word)
    variants = dict(lex.variants(word))
    assert variant in variants
    assert variants[variant] > 0 and lex.zipf(word) > 0


def test_an_unlisted_compound_gives_way_to_a_listed_word_with_marks(lex):
    # `hus` + `hall` would be a compound, but `hushåll` is the word that was meant.
    assert not lex.is_word("hushall")
    assert lex.is_stripped("hushall")


def test_variants_keep_case(lex):
    assert lex.variants("NULAGE")[0][0] == "NULÄGE"
    assert lex.variants("Arenden")[0][0] == "Ärenden"


def test_frequencies_are_ordered(lex):
    assert lex.zipf("och") > lex.zipf("socialnämnden") > 0
    assert lex.zipf("ndmnden") == 0.0


def test_hyphenated_words(lex):
    assert lex.is_word("IT-stöd")
    assert lex.is_word("barn-")  # a suspended compound: `barn- och ungdomsvården`
    assert not lex.is_word("-")
    assert not lex.is_word("dr-enden")


def test_abbreviations(lex):
    assert lex.is_abbreviation("t.ex.")
    assert lex.is_abbreviation("bl.a.")
    assert not lex.is_abbreviation("och")


def test_non_strings_are_not_members(lex):
    assert None not in lex
    assert 3 not in lex


def test_fold_diacritics():
    assert fold_diacritics("Åsa är på väg, é") == "Asa ar pa vag, e"


def test_lexicon_from_a_missing_path_fails_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="lexicon file not found"):
        Lexicon(tmp_path / "nope.marisa")


def test_lexicon_with_a_wrong_format_is_refused(tmp_path):
    import shutil

    src = get_lexicon().path
    dst = tmp_path / "other.marisa"
    shutil.copy(src, dst)
    (tmp_path / "other.json").write_text('{"format": "something-else/9"}', encoding="utf-8")
    with pytest.raises(ValueError, match="rebuild it"):
        Lexicon(dst)


def test_the_packaged_forms_are_those_the_build_wrote():
    # lexicon/build.py records the sha256 of both tries: a forms file left from another
    # build would change which prefixes compounds are split at.
    import hashlib

    lexicon = get_lexicon()
    forms = lexicon.path.with_name("sv_lexicon_forms.marisa")
    assert hashlib.sha256(lexicon.path.read_bytes()).hexdigest() == lexicon.meta["sha256"]
    assert hashlib.sha256(forms.read_bytes()).hexdigest() == lexicon.meta["forms_sha256"]


def test_a_lexicon_without_its_forms_file_splits_compounds_the_same(tmp_path):
    import shutil

    src = get_lexicon().path
    dst = tmp_path / "own.marisa"
    shutil.copy(src, dst)
    shutil.copy(src.with_suffix(".json"), dst.with_suffix(".json"))
    own = Lexicon(dst)
    words = ["Stockholmskommuner", "socialsekreterarnas", "fallucka", "ndmnden", "hushall",
             "radfortsättningsfunktionen", "Frölundaviken"]
    packaged = get_lexicon()
    assert [own.split_compound(w) for w in words] == [packaged.split_compound(w) for w in words]


def test_a_forms_file_of_another_lexicon_is_refused(tmp_path):
    import shutil

    import marisa_trie

    src = get_lexicon().path
    dst = tmp_path / "own.marisa"
    shutil.copy(src, dst)
    marisa_trie.Trie(["och", "att"]).save(str(tmp_path / "own_forms.marisa"))
    with pytest.raises(ValueError, match="own_forms.marisa: 2 forms.*--forms-only"):
        Lexicon(dst)


@pytest.mark.parametrize("word", ["hushall", "Hushall", "HUSHALL", "statsrad"])
def test_a_compound_gives_way_to_a_listed_word_differing_in_marks(lex, word):
    # `hus` + `hall` would do, but `hushåll` is listed: the word lost its ring.
    assert lex.split_compound(word) is not None
    assert not lex.is_word(word)


def test_a_compound_with_no_listed_variant_is_a_word(lex):
    assert lex.split_compound("barnomsorgen") is not None and not lex.variants("barnomsorgen")
    assert lex.is_word("barnomsorgen")
