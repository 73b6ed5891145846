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
