"""Swedish that is not modern prose: the spelling of before 1906, English, and code."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ocrfix
from ocrfix import Config
from ocrfix.historical import modern_reading, strong_marker
from ocrfix.lexicon import get_lexicon
from ocrfix.registers import (
    DATA_PATH,
    FORMAT,
    META_PATH,
    _KNOWN_SIGNS,
    EnglishWords,
    _found_signs,
    _signs,
    code_lines,
    english_spans,
    get_english,
    is_code_line,
)

# Written for these tests in the orthography of the 1880s.
OLD_PAGE = (
    "Hvad som der händt, vet ingen. Qvinnan gick hem öfver bron, och hennes hjerta var "
    "godt. De voro alla samlade i salen, hvarest man skulle lefva i frid med hvarandra, och "
    "ingen af dem hade sett hvilken väg han tagit."
)
OLD_PAGE_MODERN = (
    "Vad som där hänt, vet ingen. Kvinnan gick hem över bron, och hennes hjärta var "
    "gott. De var alla samlade i salen, varest man skulle leva i frid med varandra, och "
    "ingen av dem hade sett vilken väg han tagit."
)


@pytest.mark.parametrize(
    "old, modern, rules",
    [
        ("hvilken", "vilken", ("hv>v",)),
        ("qvinnorna", "kvinnorna", ("qv>kv",)),
        ("öfver", "över", ("fv>v",)),
        ("godt", "gott", ("dt>tt",)),
        ("twå", "två", ("w>v",)),
        ("voro", "var", ("plural-verb",)),
        ("hjerta", "hjärta", ("e>ä",)),
    ],
)
def test_the_rules_of_the_period_give_the_modern_reading(
    old: str, modern: str, rules: tuple[str, ...]
) -> None:
    assert modern_reading(old, get_lexicon()) == (modern, rules)


def test_variants_that_damage_makes_too_are_no_marks_of_the_period() -> None:
    lexicon = get_lexicon()
    assert strong_marker("hvilken", lexicon) is not None
    assert strong_marker("hjerta", lexicon) is None  # e for ä: only in a text shown old
    assert modern_reading("drenden", lexicon) is None


def test_historical_spelling_is_kept_as_printed() -> None:
    assert ocrfix.explain(OLD_PAGE).edits == ()


def test_ocr_damage_in_historical_text_is_still_repaired() -> None:
    damaged = OLD_PAGE.replace("samlade", "sarnlade").replace("bron", "br0n")
    assert ocrfix.repair(damaged) == OLD_PAGE


def test_modernize_spelling_rewrites_it_in_modern_spelling() -> None:
    result = ocrfix.explain(OLD_PAGE, Config(modernize_spelling=True))
    assert result.text == OLD_PAGE_MODERN
    rules = {e.before: e.rule for e in result.edits}
    assert rules["Hvad"] == "modernize_spelling.hv>v"
    assert rules["voro"] == "modernize_spelling.plural-verb"
    assert all(e.stage == "modernize_spelling" for e in result.edits)
    assert ocrfix.repair(OLD_PAGE_MODERN, Config(modernize_spelling=True)) == OLD_PAGE_MODERN


def test_one_old_form_quoted_in_modern_prose_does_not_make_it_historical() -> None:
    text = (
        "Nämnden har under året tagit emot fler ärenden än tidigare, och handläggarna har "
        "arbetat hårt för att hinna med. Bemanningen har varit ett problem under hela "
        "perioden, och flera tjänster har stått vakanta i månader. Förvaltningen har därför "
        "anlitat konsulter och omfördelat arbetet mellan enheterna. Samtidigt har det "
        "förebyggande arbetet fått stå tillbaka, vilket nämnden ser allvarligt på. I rapporten "
        "citeras en gammal skrift, Hvad vi vilja, men annars är språket modernt, och nämnden "
        "vill se fler insatser i år, der det behövdes mest."
    )
    # One mark in a page that spells `därför` and `vilket` the modern way is a quotation:
    # `der` is not read as the period's spelling of `där` here.
    kinds = {f.text: f.kind for f in ocrfix.detect(text)}
    assert kinds["Hvad"] == "historical-spelling"
    assert kinds.get("der") != "historical-spelling"
    assert "Hvad vi vilja" in ocrfix.repair(text)


def test_a_word_typed_without_its_marks_is_not_the_periods_spelling() -> None:
    # The rules alone read `ifran` as `ivran` (`f` for `v`), but the lexicon lists it as
    # `ifrån` typed without its ring, and Swedish wrote å/ä/ö before 1906 as it does now.
    text = "Han kom hem ifran Göteborg igår och måste åka tillbaka till sin familj på kvällen."
    assert strong_marker("ifran", get_lexicon()) is not None
    assert ocrfix.repair(text) == text.replace("ifran", "ifrån")
    assert "historical-spelling" not in {f.kind for f in ocrfix.detect(text)}


def test_detect_reports_the_historical_spelling() -> None:
    findings = [(f.text, f.kind, f.detail) for f in ocrfix.detect("Hvad de voro glada.")]
    assert ("Hvad", "historical-spelling", "vad (hv>v)") in findings
    assert ("voro", "historical-spelling", "var (plural-verb)") in findings


def test_the_command_line_modernizes_on_request() -> None:
    line = "Hvad de voro glada, när qvinnan kom hem.\n"
    run = [sys.executable, "-m", "ocrfix", "repair"]
    kept = subprocess.run(run, input=line, capture_output=True, text=True, check=True)
    assert kept.stdout == line
    modern = subprocess.run(
        [*run, "--modernize"], input=line, capture_output=True, text=True, check=True
    )
    assert modern.stdout == "Vad de var glada, när kvinnan kom hem.\n"


# -- English and code --------------------------------------------------------------------------


def test_a_run_of_english_words_is_english() -> None:
    text = "Vi använde the quick brown fox som testmening."
    assert [text[a:b] for a, b in english_spans(text, get_lexicon())] == [
        "the", "quick", "brown", "fox"
    ]
    assert ocrfix.repair(text) == text
    assert ("the quick brown fox", "english") in {
        (f.text, f.kind) for f in ocrfix.detect(text)
    }


def test_a_lone_english_looking_word_is_weighed_not_trusted() -> None:
    # `bam` is an English word, and here `barn` misread; `roots` is English quoted.
    assert ocrfix.repair("Det var bam som lekte i parken.") == "Det var barn som lekte i parken."
    text = "Undvik att använda roots privilegier i onödan."
    assert ocrfix.repair(text) == text


def test_the_english_list_gives_frequencies_of_common_words_only() -> None:
    english = get_english()
    assert english.zipf("the") > 7 > english.zipf("roots") > 3
    assert english.zipf("barn") < english.zipf("roots")
    assert english.zipf("ärenden") == english.zipf("xqzv") == 0.0
    assert english.zipf("The") == 0.0  # it holds lower case; callers fold first
    # The packaged trie is the one its metadata describes.
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(DATA_PATH.read_bytes()).hexdigest()
    assert meta["words"] == len(english)


def test_an_english_list_that_does_not_match_its_metadata_is_refused(tmp_path: Path) -> None:
    packaged = get_english()
    trie, meta = tmp_path / "en.marisa", tmp_path / "en.json"
    trie.write_bytes(DATA_PATH.read_bytes())
    meta.write_text(f'{{"format": "{FORMAT}", "words": {len(packaged)}}}', encoding="utf-8")
    assert EnglishWords(trie, meta).zipf("the") == packaged.zipf("the")

    meta.write_text(f'{{"format": "{FORMAT}", "words": 12}}', encoding="utf-8")
    with pytest.raises(ValueError, match="12; rebuild it with lexicon/english.py"):
        EnglishWords(trie, meta)
    meta.write_text('{"format": "ocrfix-english/1"}', encoding="utf-8")
    with pytest.raises(ValueError, match="format 'ocrfix-english/1', expected"):
        EnglishWords(trie, meta)
    meta.write_text("word\t401\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read the English word list's metadata"):
        EnglishWords(trie, meta)
    with pytest.raises(ValueError, match="cannot read"):
        EnglishWords(trie, tmp_path / "missing.json")
    meta.write_text(f'{{"format": "{FORMAT}", "words": {len(packaged)}}}', encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="English word list not found"):
        EnglishWords(tmp_path / "missing.marisa", meta)


@pytest.mark.parametrize(
    "line, code",
    [
        ("sort -rn data.txt | uniq -c > ut.txt", True),
        ("for (int i = 0; i < n; i++) { summa += värden[i]; }", True),
        ("Sätt max_antal till 10 och kör python skript.py --verbose igen.", True),
        ("Förval[ningen har föresl_r att nämnden ska anta planen.", False),  # OCR glyphs
        ("5kapa5 en kamra_lg | 5in 8g8n5kap", False),  # OCR of ocrad, not code
        ("Nämnden beslutade att anta planen.", False),
    ],
)
def test_lines_of_code(line: str, code: bool) -> None:
    assert is_code_line(line) is code


@pytest.mark.parametrize("line", ["ls -l |", "sort -rn data.txt | uniq -c", "x = 1;"])
def test_a_line_has_the_same_signs_with_its_line_end_or_without(line: str) -> None:
    # What is remembered of a line is reused for it with or without its line end, except
    # where a pipe or a redirection ends it: only a line end after it makes that a sign.
    with_end = line + "\n"
    for first, second in ((line, with_end), (with_end, line)):
        _KNOWN_SIGNS.clear()
        assert (_signs(first), _signs(second)) == (_found_signs(first), _found_signs(second))
    assert (_found_signs(line) == _found_signs(with_end)) is (not line.endswith("|"))


def test_a_block_of_code_is_judged_whole() -> None:
    text = 'Skriptet:\n\nfor f in *.txt; do\n    wc -w "$f"\ndone\n\nDet räknar orden.'
    assert [text[a:b] for a, b in code_lines(text)] == ['for f in *.txt; do\n', '    wc -w "$f"\n']
    assert ocrfix.repair(text) == text
