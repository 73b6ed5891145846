"""Real words the page's engine misread, judged by the page's own sure corrections."""

from __future__ import annotations

import ocrfix
from ocrfix.channel import get_confusions
from ocrfix.stages.realwords import MIN_EVIDENCE, page_confusions

# An engine that reads ä as i: `samhillet`, `manniskor`, ... are non-words it corrects
# surely, and `giller` (a rare real word) is `gäller` on such a page.
PAGE_READING_A_AS_I = (
    "Samhillet har forindrats. Det giller inte bara familjen utan hela samhillet, "
    "och virderingar om arbete och familj har indrats under de senaste tio iren. "
    "Kvinnornas stillning i samhillet har stirkts och minnen tar ett storre ansvar."
)


def test_a_page_that_reads_a_as_i_gets_its_real_words_back():
    repaired = ocrfix.explain(PAGE_READING_A_AS_I)
    assert "Det gäller inte bara" in repaired.text
    (edit,) = [e for e in repaired.edits if e.before == "giller"]
    assert edit.rule == "fix_words.page-confusion"
    assert 0.5 <= edit.confidence <= 1.0


def test_a_clean_page_keeps_a_rare_real_word():
    text = "Gillet samlades i gillestugan, och alla giller firades med sång och dans."
    assert ocrfix.repair(text) == text


def test_a_confusion_needs_evidence_on_the_page():
    table = get_confusions()
    assert page_confusions([("i", "ä")] * (MIN_EVIDENCE - 1), "ä" * 50, table) is None
    model = page_confusions([("i", "ä")] * 10, "ä" * 50, table)
    assert model is not None and [t for t, _ in model.truths_for("i")] == ["ä"]
    # Dropped marks are the restore_diacritics stage's evidence, not this one's.
    assert page_confusions([("a", "ä")] * 10, "ä" * 50, table) is None


# An engine that drops or mangles å/ä/ö: the non-words show it, and on such a page `r` and
# `fr` are `är` and `för`.
PAGE_LOSING_MARKS = (
    "Manniskor i samhallet r oftast overens om att det behovs fler bostader fr unga, "
    "men politikerna har annu inte natt nagon losning pa problemet."
)


def test_short_tokens_get_a_lost_mark_back_on_a_page_that_loses_marks():
    repaired = ocrfix.explain(PAGE_LOSING_MARKS)
    assert "samhället är oftast överens" in repaired.text
    assert "bostäder för unga" in repaired.text
    rules = {e.before: e.rule for e in repaired.edits}
    assert rules["r"] == "fix_words.lost-mark:∅>ä"
    assert rules["fr"] == "fix_words.lost-mark:∅>ö"


def test_short_tokens_on_a_clean_page_are_left_alone():
    text = "Formatet nn och gg visar dag och månad, och r betyder rad i tabellen fr o m i dag."
    assert ocrfix.repair(text) == text
