"""Corpus damage profiles from Python: learn_profile, Config(profile=...), the HTML report.

The corpus is a few pages written here as Tesseract's Danish model reads Swedish: it prints
`å` for `ä` throughout (`Socialnåmnden`, `årenden`, `år` for `är`). Nothing here needs
files outside the repository.
"""

from __future__ import annotations

import dataclasses
import html
import json
import pickle
from pathlib import Path

import pytest
from test_report import REPORT_TAGS, parse_page

import ocrfix
from ocrfix.profile import FORMAT, Profile
from ocrfix.report import DOCUMENT_PROFILE_HEADING, damage_profiles, render_html

#: Pages of one corpus, read by an engine that prints `å` for `ä` (and never an `ä`).
DANISH_PAGES = [
    "Socialnåmnden har tagit emot fler årenden ån tidigare. Nåmnden anser att behovet år "
    "stort och att insatserna måste fortsåtta under nåsta år.",
    "Förvaltningen föreslår att nåmnden godkånner rapporten. Kostnaderna har ökat, och det "
    "år svårt att se hur de kan minska utan fårre tjånster.",
    "Bidraget betalas ut till familjer med låga inkomster. Dårfår behöver handlåggarna mer "
    "tid för varje årende, och våntetiderna har blivit långre.",
    "Kommunen ansvarar för att åldre personer får det stöd de behöver. Hemtjånsten har under "
    "året utökats, men personalen år fortfarande för liten.",
]

#: A page of that corpus too short to show its damage alone: `hjålper` is plainly misread,
#: but one misreading says too little to change the real word `år` (a year) into `är`.
SHORT_PAGE = "Det år viktigt att vi hjålper dem."
SHORT_ALONE = "Det år viktigt att vi hjälper dem."
SHORT_WITH_PROFILE = "Det är viktigt att vi hjälper dem."
#: A page of that corpus where `år` is a year, which the profile leaves alone: the numeral
#: before it shows the noun. (`ett bra år` becomes `ett bra är`: the context model's lift for
#: `bra år` does not outweigh how much commoner `är` is.)
YEAR_PAGE = "Det har gått tre år sedan dess."


def save_corpus_profile(directory: Path) -> Path:
    """The profile of DANISH_PAGES, saved in `directory`."""
    path = directory / "dansk.json"
    ocrfix.learn_profile(DANISH_PAGES, source="dansk modell").save(path)
    return path


@pytest.fixture(scope="module")
def corpus_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_corpus_profile(tmp_path_factory.mktemp("profile"))


# -- learning --------------------------------------------------------------------------------


def test_learn_profile_finds_what_the_engine_does() -> None:
    profile = ocrfix.learn_profile(DANISH_PAGES, source="dansk modell")
    assert isinstance(profile, ocrfix.Profile)
    ocr, truth, count, rate = profile.top(1)[0]
    assert (ocr, truth) == ("å", "ä")
    assert count >= 10 and rate > 0.5
    assert profile.documents == len(DANISH_PAGES)
    assert profile.source == "dansk modell"
    assert profile.describe().startswith("profile: dansk modell (4 documents, ")


def test_learn_profile_reads_its_texts_lazily_once() -> None:
    pages = (page for page in DANISH_PAGES)
    assert ocrfix.learn_profile(pages).documents == len(DANISH_PAGES)
    assert ocrfix.learn_profile([]).documents == 0
    assert ocrfix.learn_profile([]).source == "corpus"


def test_the_stages_before_the_word_stage_run_first() -> None:
    # HTML entities for å: the word stage alone would see `Socialn&`, `mnden`; the encoding
    # stage first makes `Socialnåmnden`, as a repair would.
    entities = [page.replace("å", "&#229;") for page in DANISH_PAGES]
    from ocrfix.stages.words import page_profile

    raw = page_profile(entities[0], ocrfix.Config())
    assert ("å", "ä") not in raw.confusions
    learned = ocrfix.learn_profile(entities)
    assert learned.confusions == ocrfix.learn_profile(DANISH_PAGES).confusions


def test_learn_profile_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError, match="given bytes"):
        ocrfix.learn_profile([b"bytes"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="ocrfix.Config"):
        ocrfix.learn_profile(DANISH_PAGES, {"min_confidence": 0.9})  # type: ignore[arg-type]


def test_a_saved_profile_reads_back_the_same(tmp_path: Path) -> None:
    profile = ocrfix.learn_profile(DANISH_PAGES, source="dansk modell")
    path = tmp_path / "p.json"
    profile.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    again = Profile.load(path)
    assert again.to_json() == profile.to_json()
    assert again.describe() == profile.describe()
    for row, saved in zip(profile.top(3), again.top(3), strict=True):
        assert saved[:2] == row[:2]
        assert saved[2:] == pytest.approx(row[2:], abs=0.01)  # counts kept to 3 decimals


# -- Config(profile=...) ------------------------------------------------------------------------


def test_config_takes_a_profile_path(corpus_profile: Path) -> None:
    config = ocrfix.Config(profile=corpus_profile)  # type: ignore[arg-type]  # a PathLike
    assert config.profile == str(corpus_profile)
    assert ocrfix.Config().profile is None
    assert hash(config) == hash(ocrfix.Config(profile=str(corpus_profile)))
    assert pickle.loads(pickle.dumps(config)) == config
    assert dataclasses.replace(config, min_confidence=0.9).profile == str(corpus_profile)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nope", "profile must be a profile made by 'ocrfix profile learn': {path}: not an "
                 "ocrfix profile (bad JSON: Expecting value)"),
        ('{"format": "ocrfix-context/1"}',
         "profile must be a profile made by 'ocrfix profile learn': {path}: not an ocrfix "
         "profile (expected format 'ocrfix-profile/1')"),
        ('{"format": "ocrfix-profile/1", "letters": {}}',
         "profile must be a profile made by 'ocrfix profile learn': {path}: a malformed "
         "ocrfix profile ('confusions')"),
    ],
)
def test_config_refuses_a_file_that_is_not_a_profile(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        ocrfix.Config(profile=str(path))
    assert str(info.value) == message.format(path=path)


def test_config_refuses_a_profile_that_is_not_a_file(tmp_path: Path) -> None:
    for path in (tmp_path / "absent.json", tmp_path):
        with pytest.raises(ValueError) as info:
            ocrfix.Config(profile=str(path))
        assert str(info.value) == f"profile must be a profile file, got {str(path)!r}"
    with pytest.raises(ValueError) as info:
        ocrfix.Config(profile=7)  # type: ignore[arg-type]
    assert str(info.value) == "profile must be a path or None, got 7 (int)"


# -- repairing with a profile ----------------------------------------------------------------------


def test_a_corpus_profile_repairs_what_a_short_page_cannot_show(corpus_profile: Path) -> None:
    config = ocrfix.Config(profile=str(corpus_profile))
    assert ocrfix.repair(SHORT_PAGE) == SHORT_ALONE
    assert ocrfix.repair(SHORT_PAGE, config) == SHORT_WITH_PROFILE
    result = ocrfix.explain(SHORT_PAGE, config)
    assert [(e.before, e.after) for e in result.edits] == [("år", "är"), ("hjålper", "hjälper")]
    assert ocrfix.apply_edits(SHORT_PAGE, result.edits) == SHORT_WITH_PROFILE
    # A real `år` (a year) stays, and so does clean text.
    assert ocrfix.repair(YEAR_PAGE, config) == YEAR_PAGE
    assert ocrfix.repair("Nämnden har tagit emot fler ärenden.", config) == (
        "Nämnden har tagit emot fler ärenden."
    )


def test_worker_processes_repair_with_the_profile(corpus_profile: Path) -> None:
    config = ocrfix.Config(profile=str(corpus_profile))
    repaired = list(ocrfix.repair_many([SHORT_PAGE, YEAR_PAGE], config, processes=2))
    assert repaired == [SHORT_WITH_PROFILE, YEAR_PAGE]


# -- the HTML report -------------------------------------------------------------------------------


def test_the_report_shows_the_documents_profile_and_the_corpus_profile(
    corpus_profile: Path,
) -> None:
    page = parse_page(ocrfix.html_report(" ".join(DANISH_PAGES[:2]), title="sida.txt"))
    rows = page.rows["profile-1"]
    assert rows[0][:2] == ["å", "ä"]
    assert float(rows[0][2]) >= 5 and rows[0][3].endswith("%")
    assert "profile-2" not in page.rows

    config = ocrfix.Config(profile=str(corpus_profile))
    text = ocrfix.html_report(SHORT_PAGE, config)
    page = parse_page(text)
    assert page.rows["profile-1"][0][:2] == ["å", "ä"]  # this page: hjålper
    assert page.rows["profile-2"][0][:2] == ["å", "ä"]  # the corpus
    assert html.escape(f"corpus {corpus_profile}") in text
    assert "learned from dansk modell (4 documents, " in text


def test_damage_profiles_follow_the_config(corpus_profile: Path) -> None:
    profiles = damage_profiles(SHORT_PAGE, ocrfix.Config(profile=str(corpus_profile)))
    assert list(profiles) == [DOCUMENT_PROFILE_HEADING, f"corpus {corpus_profile}"]
    assert profiles[DOCUMENT_PROFILE_HEADING].documents == 1
    assert damage_profiles(SHORT_PAGE, ocrfix.Config(fix_words=False)) == {}
    page = ocrfix.html_report(SHORT_PAGE, ocrfix.Config(fix_words=False))
    assert 'id="profiles"' not in page


def test_the_profile_table_is_escaped() -> None:
    hostile = Profile(
        confusions={("<b>", "&"): 3.0, ("</td><script>", "\"'"): 2.0, ("", "ä"): 1.0},
        letters={"&": 6.0, '"': 4.0, "'": 4.0, "ä": 2.0, "": 100.0},
        documents=2,
        source="<script>alert(1)</script>",
    )
    text = render_html("a < b", [], profiles={"<img src=x onerror=alert(2)>": hostile})
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    page = parse_page(text)
    assert {tag for tag, _ in page.tags} <= REPORT_TAGS
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert page.rows["profile-1"] == [
        ["<b>", "&", "3.0", "50.0%"],
        ["</td><script>", "\"'", "2.0", "50.0%"],
        ["\u2205", "ä", "1.0", "50.0%"],
    ]
    assert "learned from &lt;script&gt;alert(1)&lt;/script&gt; (2 documents, 100 letters)" in text
    assert "Damage profile: &lt;img src=x onerror=alert(2)&gt;" in text


def test_an_empty_profile_says_so() -> None:
    text = render_html("", [], profiles={"this document": Profile(source="this document")})
    assert "No misreadings learned." in text
    assert "profile-1" not in parse_page(text).rows


# -- spaCy ----------------------------------------------------------------------------------------


def test_a_spacy_pipeline_keeps_the_profile(corpus_profile: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from ocrfix.integrations.spacy import wrap_tokenizer

    nlp = spacy.blank("sv", config={"nlp": {"tokenizer": {
        "@tokenizers": "ocrfix.Tokenizer.v1", "profile": str(corpus_profile)}}})
    assert nlp(SHORT_PAGE).text == SHORT_WITH_PROFILE
    nlp.to_disk(tmp_path / "pipeline")
    assert spacy.load(tmp_path / "pipeline")(SHORT_PAGE).text == SHORT_WITH_PROFILE

    other = spacy.blank("sv")
    wrap_tokenizer(other, ocrfix.Config(profile=str(corpus_profile)))
    assert other.config["nlp"]["tokenizer"]["profile"] == str(corpus_profile)
    assert other(SHORT_PAGE).text == SHORT_WITH_PROFILE

    with pytest.raises(ValueError, match="profile must be a profile file"):
        spacy.blank("sv", config={"nlp": {"tokenizer": {
            "@tokenizers": "ocrfix.Tokenizer.v1", "profile": str(tmp_path / "absent.json")}}})
