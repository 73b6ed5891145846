"""Paragraph joining: sentences that a blank line or a page break cut in two."""

from __future__ import annotations

import pytest

from ocrfix import Config, Edit, apply_edits
from ocrfix.pipeline import run_stage
from ocrfix.stages import paragraphs as paragraphs_module
from ocrfix.stages.paragraphs import join_paragraphs
from ocrfix.stages.tables import fix_tables

# Seed 004's kind of page (../shared/seeds/004…): sentences cut by stray blank lines, a page
# break with its page number, a heading, a list and a table.
PAGE = (
    "NULÄGE\n"
    "\n"
    "rekrytering pågår.\n"
    "\n"
    "I jämförelse med andra kommuner så uppvisar Värmdö kommun inga anmärkningsvärda\n"
    "avvikelser inom barn- och ungdomsvården varken när det gäller kostnader eller antal\n"
    "\n"
    "årsarbetare.\n"
    "Arbetsbelastningen är fortfarande hög för handläggarna. I snitt har varje "
    "heltidsanställd\n"
    "\n"
    "socialsekreterare ca 22 ärenden varav 13 utredningar. Detta innebär att vi behöver se\n"
    "\n"
    "- 7 -\n"
    "\f\n"
    "över arbetsfördelning och arbetssätt.\n"
    "\n"
    "Åtgärder:\n"
    "- ett utökat administrativt stöd till\n"
    "\n"
    "handläggarna\n"
    "\n"
    "Kategori 2012 2013 Diff\n"
    "Barngruppen 108 91 -16%\n"
    "Ensamkommande\n"
    "\n"
    "flyktingbarn 10 20 100%\n"
)
JOINED = (
    "NULÄGE\n"
    "\n"
    "rekrytering pågår.\n"
    "\n"
    "I jämförelse med andra kommuner så uppvisar Värmdö kommun inga anmärkningsvärda\n"
    "avvikelser inom barn- och ungdomsvården varken när det gäller kostnader eller antal\n"
    "årsarbetare.\n"
    "Arbetsbelastningen är fortfarande hög för handläggarna. I snitt har varje "
    "heltidsanställd\n"
    "socialsekreterare ca 22 ärenden varav 13 utredningar. Detta innebär att vi behöver se\n"
    "över arbetsfördelning och arbetssätt.\n"
    "\n"
    "Åtgärder:\n"
    "- ett utökat administrativt stöd till\n"
    "\n"
    "handläggarna\n"
    "\n"
    "Kategori 2012 2013 Diff\n"
    "Barngruppen 108 91 -16%\n"
    "Ensamkommande\n"
    "\n"
    "flyktingbarn 10 20 100%\n"
)


def joined(text: str) -> tuple[str, list[Edit]]:
    edits = run_stage(join_paragraphs, text, Config())
    return apply_edits(text, edits), edits


def test_page_is_joined_where_sentences_were_cut() -> None:
    text, edits = joined(PAGE)
    assert text == JOINED
    assert [edit.after for edit in edits] == ["\n", "\n", "\n"]
    assert edits[-1].before == "\n\n- 7 -\n\f\n"
    for edit in edits:
        assert PAGE[edit.start : edit.end] == edit.before
        assert (edit.stage, edit.rule) == ("fix_layout", "fix_layout.join-paragraph")
    assert join_paragraphs(text, Config()) == []


def test_the_edit_spans_from_the_last_visible_character_to_the_next() -> None:
    text = "Vi har fortfarande en hög arbetsbelastning i gruppen och  \n \n\f  därför stöd."
    [edit] = join_paragraphs(text, Config())
    assert text[: edit.start].endswith("och")
    assert text[edit.end :].startswith("därför")
    assert edit.after == "\n"


def test_windows_line_ends_stay_windows_line_ends() -> None:
    text = "Första raden i stycket\r\nfortsätter här och\r\n\r\nslutar här.\r\n"
    assert joined(text)[0] == "Första raden i stycket\r\nfortsätter här och\r\nslutar här.\r\n"


@pytest.mark.parametrize(
    "text",
    [
        "Under året pågick ett rekryteringsarbete.\n\nvi fortsätter nästa år.",
        "Följande gäller för alla enheter inom förvaltningen:\n\nbarn under 18 år.",
        "Han sa att det var ”omöjligt att hinna.”\n\nsedan gick han.",
        "BAKGRUND\n\nunder våren var läget oroligt.",
        "Rekrytering\n\nunder sommaren pågick arbetet.",
        "Punkter som har tagits upp:\n- ett utökat stöd till\n\nhandläggarna",
        "Punkter som har tagits upp under mötet med\n\na) handläggarna",
        "Arbetssituationen har uppmärksammats i hela Stockholms-\n\nregionen.",
        "Arbetet har varit intensivt inom den sociala barn-\n\noch ungdomsvården.",
        "Barngruppen 108 91 -16%\n\nungdomsgruppen 199 179 -10%",
        "Barngruppen 108 91 -16%\nEnsamkommande\n\nflyktingbarn 10 20 100%\n",
        "Under året har arbetsbelastningen varit hög och\n\nArbetssättet ses över.",
        "En rad\nen rad till\noch en tredje.",
    ],
    ids=[
        "sentence end", "colon", "quotation", "heading in capitals", "short heading",
        "list item", "next part a list item", "hyphen", "suspended compound", "table row",
        "wrapped table label", "upper case next", "plain line breaks",
    ],
)
def test_parts_that_must_stay_apart(text: str) -> None:
    assert join_paragraphs(text, Config()) == []


def test_page_number_forms() -> None:
    for number in ("12", "- 12 -", "12 (40)", "12/40", "Sida 12 av 40", "s. 12"):
        text = f"Vi har en hög arbetsbelastning\ni gruppen och\n\n{number}\n\ndärför stöd."
        assert joined(text)[0].endswith("gruppen och\ndärför stöd."), number


@pytest.mark.parametrize(
    "gap",
    ["\n\n", "\n \t\n", "\n12\n", "\n - 12 -  \n", "\r\nSida 3 av 9\r\n", "\n\f", "\f\n",
     "\n\n12\n\n13\n\n"],
    ids=["blank line", "blank line of spaces", "page number", "page number in dashes",
         "page number, CRLF", "form feed", "form feed first", "two page numbers"],
)
@pytest.mark.parametrize("start", ["därför", "6verens"])
def test_every_kind_of_break_before_a_lower_case_line_is_joined(gap: str, start: str) -> None:
    text = f"Vi har en hög arbetsbelastning\ni gruppen och{gap}{start} stöd."
    edits = join_paragraphs(text, Config())
    assert [(e.before, e.after) for e in edits] == [(gap, "\r\n" if "\r\n" in gap else "\n")]


def test_a_page_with_no_break_before_a_lower_case_line_is_not_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def walked(text: str) -> None:
        raise AssertionError("the lines were walked")

    monkeypatch.setattr(paragraphs_module, "_lines", walked)
    # Breaks before capitals, and lines in lower case after plain line breaks: no join.
    text = "Vi har en hög\narbetsbelastning.\n\nDärför stöd\n12\nI gruppen\nsom ska\n"
    assert join_paragraphs(text, Config()) == []


def test_table_and_paragraph_stages_agree_in_either_order() -> None:
    def run(text: str, *stages) -> str:  # type: ignore[no-untyped-def]
        for stage in stages:
            text = apply_edits(text, stage(text, Config()))
        return text

    assert run(PAGE, fix_tables, join_paragraphs) == run(PAGE, join_paragraphs, fix_tables)

