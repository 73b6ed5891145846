"""The open damage model: candidates from the index, the channel, and what a page teaches.

The pages here are written for these tests, in the manner of the engines the issue names:
Tesseract's German and Danish models, the English model (seed 004's damage), ocrad's
unreadable glyphs, and a 19th-century newspaper.
"""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys

import pytest
import regex

import ocrfix
from ocrfix.candidates import MAX_GLYPH_FORMS, get_index
from ocrfix.channel import (
    GLYPH_COST,
    LOOKALIKE_COST,
    MARK_COST,
    OTHER_COST,
    Channel,
    align,
    cost_by_parts,
    general_cost,
)
from ocrfix.config import Config
from ocrfix.folding import fold
from ocrfix.learn import Suspect, estimate
from ocrfix.profile import STRENGTH, Profile, open_prior
from ocrfix.readings import _aligned, readings_of
from ocrfix.stages.words import page_profile


def edits_of(text: str) -> dict[str, str]:
    return {e.before: e.after for e in ocrfix.explain(text).edits}


# -- the folded key and the index -----------------------------------------------------------------


_NEAR_FORMS = """
from ocrfix.candidates import get_index
from ocrfix.folding import fold
index = get_index()
for key in ("mane", "hande", "stadsbyggnadskontor", "kvinnorna"):
    print(index.near(fold(key), 2 if len(key) > 8 else 1))
"""


def test_the_packaged_index_is_one_object_however_it_is_asked_for() -> None:
    # Its caches are per object: two objects would each learn the same searches.
    assert get_index() is get_index("sv")


def test_near_forms_come_in_the_same_order_in_every_process() -> None:
    # Callers cut the list short, so an order that followed the hash seed (a set's) would
    # repair a page differently in different processes: `-j 2` unlike `-j 1`.
    outputs = set()
    for seed in ("1", "3"):
        environment = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", _NEAR_FORMS], capture_output=True, text=True, check=True,
            env=environment,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_misreadings_inside_a_letter_family_share_the_key() -> None:
    assert fold("föräldrarna") == fold("fåråldrarna") == fold("foraldrarna")
    assert fold("ti11") == fold("till") and fold("sorn") == fold("som")
    assert fold("ärenden") != fold("drenden")  # `d` for `ä` crosses families


@pytest.mark.parametrize(
    "token, word",
    [
        ("fåråldrarna", "föräldrarna"),  # three misreadings in the family: one look-up
        ("drenden", "ärenden"),  # one edit across families: a shared half
        ("handelstidnidgens", "handelstidningens"),
        ("ungdomsvarden", "ungdomsvården"),  # a compound no list holds
        ("bamtillägg", "barntillägg"),
    ],
)
def test_the_index_proposes_the_word(token: str, word: str) -> None:
    assert word in {w.lower() for w in get_index().search(token)}


def test_unreadable_glyphs_stand_for_any_letter() -> None:
    index = get_index()
    assert "förvaltningen" in index.search("förval[ningen", unknown=frozenset("["))
    assert "att" in index.search("a__", unknown=frozenset("_"))


@pytest.mark.parametrize(
    ("key", "word"),
    [("a__", "att"), ("f_rvaltn_ngen", "förvaltningen"), ("socialn__nden", "socialnämnden"),
     ("_rendet", "ärendet"), ("beslute_", "beslutet")],
)
def test_unreadable_glyphs_keep_the_known_letters_where_they_stand(key: str, word: str) -> None:
    index = get_index()
    folded = fold(key)
    found = index.with_unknown(folded, frozenset("_"))
    assert word in found
    # Each `_` is one letter, or two for one of them (a blob of touching letters).
    one_letter = regex.compile(regex.escape(folded).replace("_", "."))
    blob_layouts = [
        regex.compile(
            regex.escape(folded[:at]).replace("_", ".") + ".."
            + regex.escape(folded[at + 1:]).replace("_", ".")
        )
        for at, char in enumerate(folded) if char == "_"
    ]
    for form in found:
        form_key = fold(form)
        assert one_letter.fullmatch(form_key) or any(
            layout.fullmatch(form_key) for layout in blob_layouts
        ), form


@pytest.mark.parametrize(("key", "word"), [("_h", "och"), ("d_", "där"), ("g_om", "genom")])
def test_a_blob_mark_may_stand_for_two_touching_letters(key: str, word: str) -> None:
    # ocrad prints one `_` for letters it could not separate (`_h` for `och`).
    assert word in get_index().with_unknown(fold(key), frozenset("_"))
    assert word in get_index().search(key, unknown=frozenset("_"))


def test_a_short_token_with_a_glyph_is_read_as_its_commonest_words() -> None:
    # `_n` matches hundreds of forms; each layout gives its commonest few, one letter
    # (`en`, `in`) and two (`den`, `kan`), as many as the word stage weighs.
    words = {form.lower() for form in get_index().search("_n", unknown=frozenset("_"))}
    assert {"en", "in", "den", "kan", "man"} <= words
    assert len(words) <= 2 * MAX_GLYPH_FORMS


def test_a_word_spelt_both_ways_is_read_as_the_small_one_unless_a_name() -> None:
    # spaCy's table keeps a sentence's first word capitalised (`Finns`); Hunspell lists
    # names with their capital (`Umeå`), and wordfreq writes them small (`umeå`).
    lexicon = get_index().lexicon
    finns = _aligned("_nns", [("Finns", ("Finns",)), ("finns", ("finns",))], lexicon)
    umea = _aligned("umea", [("Umeå", ("Umeå",)), ("umeå", ("umeå",))], lexicon)
    assert [r.spelling for r in finns] == ["finns"]
    assert [r.spelling for r in umea] == ["Umeå"]
    assert ocrfix.repair("Det _nns inte mycket kvar att göra.") == (
        "Det finns inte mycket kvar att göra."
    )


def test_only_a_blob_mark_stands_for_two_letters() -> None:
    # `~` is a misread shape of one letter, not a blob: `~h` is never `och`.
    assert "och" not in get_index().with_unknown(fold("~h"), frozenset("~"))
    assert "genom" not in get_index().with_unknown(fold("g~om"), frozenset("~"))


def test_a_key_has_forms_exactly_when_forms_are_filed_under_it() -> None:
    index = get_index()
    # Keys short and long (past 16 letters the length mark is a capital letter), and keys
    # no word spells.
    words = ["är", "ärenden", "socialnämnden", "socialsekreterarnas", "arbetsmarknadsminister"]
    keys = [fold(w) for w in words] + [fold(w)[:-1] for w in words] + ["xqzv", "dr", ""]
    for key in keys:
        assert index.has_forms(key) == bool(index.forms(key)), key
    assert index.has_forms(fold("6verens")) and not index.has_forms(fold("qverens"))
    assert index.words_of_key(fold("qverens")) == [] and "är" in index.words_of_key(fold("ar"))


# -- the channel -----------------------------------------------------------------------------------


def test_the_general_prior_prices_any_misreading() -> None:
    channel = Channel()
    assert channel.run_cost("a", "å") == MARK_COST  # a mark lost
    assert channel.run_cost("rn", "m") == LOOKALIKE_COST  # glyphs of like shape
    assert channel.run_cost("_", "t") == GLYPH_COST  # an unreadable glyph
    assert channel.run_cost("q", "ä") == OTHER_COST  # anything else, at a cost
    assert MARK_COST < LOOKALIKE_COST < OTHER_COST


@pytest.mark.parametrize("channel", [Channel(), open_prior()], ids=["general", "open"])
def test_a_run_costs_the_cheapest_of_its_explanations(channel: Channel) -> None:
    # What it learned, the general prior's price of the whole run, or glyph by glyph at its
    # own prices; a bar is dearer alone (a look-alike) than inside a run (any glyph).
    glyphs, letters = "a|_rn", "alm"
    runs = {
        ("".join(ocr), "".join(truth))
        for ocr_length in range(4)
        for truth_length in range(1 if ocr_length else 2, 4)
        for ocr in itertools.product(glyphs, repeat=ocr_length)
        for truth in itertools.product(letters, repeat=truth_length)
    }
    for ocr, truth in sorted(runs):
        if len(ocr) <= 1 and len(truth) <= 1:
            continue
        cheapest = min(
            channel.costs.get((ocr, truth), math.inf),
            general_cost(ocr, truth),
            cost_by_parts(ocr, truth, channel.run_cost),
        )
        assert channel.run_cost(ocr, truth) == cheapest, (ocr, truth)


def test_a_page_channel_draws_the_pages_counts_towards_the_prior() -> None:
    # rate = (count + STRENGTH · the prior's rate) / (letters[truth] + STRENGTH), with a
    # token's own evidence (`own`) left out of both counts when asked.
    prior = open_prior()
    page = Profile()
    page.add_letters("är" * 10 + "ä" * 6)
    page.add_confusion("d", "ä", 6.0)
    channel = page.channel(prior)
    prior_rate = 10 ** -prior.run_cost("d", "ä")

    def cost(count: float, seen: float) -> float:
        return -math.log10((count + STRENGTH * prior_rate) / (seen + STRENGTH))

    assert channel.run_cost("d", "ä") == pytest.approx(cost(6.0, 16.0))
    assert channel.run_cost_without("d", "ä", 2.0) == pytest.approx(cost(4.0, 14.0))
    assert channel.run_cost_without("d", "ä", 20.0) == pytest.approx(cost(0.0, 0.0))
    # A page that drops the ring of `å` drops the dots of `ä` too: they are pooled.
    page.add_letters("å" * 10)
    page.add_confusion("a", "å", 8.0)
    unpooled = Profile(letters=dict(page.letters)).channel(prior).run_cost("a", "ä")
    assert page.channel(prior).run_cost("a", "ä") < unpooled


def test_a_reading_is_aligned_into_runs_of_misreadings() -> None:
    assert align("socialndmnden", "socialnämnden") == ((("d", "ä"),), "socialnmnden")
    runs, _ = align("a__", "att")
    assert runs == (("_", "t"), ("_", "t"))  # each glyph is its own evidence


# -- what a page teaches ---------------------------------------------------------------------------


def test_the_estimate_learns_a_misreading_from_the_pages_unknown_words() -> None:
    letters = Profile()
    letters.add_letters("på frågan om året och många andra ord skrivna rätt " * 3)
    suspects = [Suspect(t, readings_of(t), 0.0, 1) for t in ("pä", "frän", "mänga", "mäste")]
    profile, contributions = estimate(letters, suspects, open_prior())
    assert profile.confusions[("ä", "å")] > 3.5
    # Each token's own evidence is kept apart, so that no token teaches itself.
    assert contributions["pä"][("ä", "å")] == pytest.approx(1.0, abs=0.05)


def test_one_token_does_not_make_its_own_misreading_a_habit() -> None:
    # `uniq` could be `unik` with `q` read for `k`: nothing else on the page says so.
    text = "cat rapport.txt | sort | uniq -c | sort -rn > ut.txt"
    assert ocrfix.repair(text) == text


GERMAN_MODEL_PAGE = (
    "Vi har varit pä mötet och hört frän nämnden att man mäste se över hur skolan "
    "innehäller sina lokaler. Det är mänga som väntar pä svar."
)
DANISH_MODEL_PAGE = (
    "Socialnåmnden har tagit emot fler årenden ån tidigare, och dårfår behöver "
    "handläggarna mer ståd i sitt arbete. Det år viktigt att nåmnden får veta det."
)


def test_a_page_read_by_the_german_model_gets_its_a_ring_back() -> None:
    assert ocrfix.repair(GERMAN_MODEL_PAGE) == (
        "Vi har varit på mötet och hört från nämnden att man måste se över hur skolan "
        "innehåller sina lokaler. Det är många som väntar på svar."
    )


def test_a_page_read_by_the_danish_model_gets_its_dots_back() -> None:
    assert ocrfix.repair(DANISH_MODEL_PAGE) == (
        "Socialnämnden har tagit emot fler ärenden än tidigare, och därför behöver "
        "handläggarna mer stöd i sitt arbete. Det är viktigt att nämnden får veta det."
    )
    profile = page_profile(DANISH_MODEL_PAGE, Config())
    (ocr, truth, count, _), *_ = profile.top(1)
    assert (ocr, truth) == ("å", "ä") and count > 3.5


# Seed 004's kind of damage (Tesseract's English model): ä read as d, i or é, ö as 6 or 0,
# l as 1. The words are repaired by what the page shows, not by a rule for them.
ENGLISH_MODEL_PAGE = (
    "Socialndmnden har under aret tagit emot fler drenden dn tidigare. For nidrvarande "
    "har vi en stindigt pagaende rekrytering, och rattssikerheten ska kunna upprétthillas. "
    "Nyanstillda far vara medhandlidggare och inte ta huvudansvar. Flera atgarder har "
    "vidtagits for att 10sa situationen, och KSL (Kommunf6rbundet Stockholms 1dn) har "
    "utarbetat en handlingsplan."
)


@pytest.mark.parametrize(
    "damaged, meant",
    [
        ("nidrvarande", "närvarande"),
        ("upprétthillas", "upprätthållas"),
        ("medhandlidggare", "medhandläggare"),
        ("10sa", "lösa"),
        ("1dn", "län"),
    ],
)
def test_a_page_read_by_the_english_model_teaches_its_own_misreadings(
    damaged: str, meant: str
) -> None:
    assert edits_of(ENGLISH_MODEL_PAGE)[damaged] == meant


def test_glyph_shapes_any_engine_confuses() -> None:
    text = (
        "Det var sorn vanligt att nämnden kornmer att besluta skyndsarnt om förmånerna. "
        "Bamtillägg betalas ut varje månad. Pensionstörmåner betalas också ut."
    )
    assert ocrfix.repair(text) == (
        "Det var som vanligt att nämnden kommer att besluta skyndsamt om förmånerna. "
        "Barntillägg betalas ut varje månad. Pensionsförmåner betalas också ut."
    )


def test_words_with_unreadable_glyphs_become_words_or_stay() -> None:
    # `kva_ale[` reads as `kvartalet`, the blob mark `_` standing for the touching `rt`.
    text = "Förval[ningen har föresl_r att nämnden ska anta planen för kva_ale[ tre."
    assert ocrfix.repair(text) == (
        "Förvaltningen har föreslår att nämnden ska anta planen för kvartalet tre."
    )


NEWSPAPER_PAGE = (
    "Stockholm den 14 mars. Enligt HandelstidniDgens g&rdagsnnmmer har ångaren Carl Johan "
    "kommit in till Frölnndaviken med en last spannmål från Hull. Biksgäldskontoret har "
    "meddelat att det nya lånet skall återbetalas inom tio år, och frågan om en ändring i "
    "Riksdagsordningcn skall behandlas vid nästa riksdag. Regeringen har äveu föreslagit nya "
    "anslag till järnvägarna i norra Sverige, och kammaren väntas besluta i saken nnder "
    "veckan. Flera fartyg ligger ännu infrusna i hamuen."
)


@pytest.mark.parametrize(
    "damaged, meant",
    [
        ("HandelstidniDgens", "Handelstidningens"),
        ("g&rdagsnnmmer", "gårdagsnummer"),
        ("Frölnndaviken", "Frölundaviken"),
        ("Biksgäldskontoret", "Riksgäldskontoret"),
        ("Riksdagsordningcn", "Riksdagsordningen"),
    ],
)
def test_a_nineteenth_century_newspaper_page(damaged: str, meant: str) -> None:
    assert edits_of(NEWSPAPER_PAGE)[damaged] == meant


def test_a_clean_page_teaches_nothing_and_keeps_its_real_words() -> None:
    text = (
        "Vi for till Umeå i våras och var nöjda med resan. Det var svart ute när vi kom "
        "fram, men stämningen var god och mötet blev av som planerat."
    )
    assert ocrfix.explain(text).edits == ()
    assert page_profile(text, Config()).confusions == {}
