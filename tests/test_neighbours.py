"""The context model: neighbour counts, their file format, and what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix.neighbours import (
    BOUNDARY,
    NUMBER,
    ContextModel,
    NeighbourCounts,
    get_context_model,
    neighbours,
    sentence_words,
)

FAMILY = {"vara", "våra", "år", "är"}.__contains__
TRAINING = (
    "Våra barn går i skolan. Det kan vara svårt att vara förälder. "
    "Våra barn leker. Han är 5 år gammal. Det är bra att vara ute."
)


def frequency(word: str) -> float:
    return 1e-4  # every neighbour equally common: only the counts speak


@pytest.fixture(scope="module")
def counts() -> NeighbourCounts:
    counts = NeighbourCounts()
    counts.add_text(TRAINING, FAMILY)
    return counts


def test_sentences_and_clauses_bound_the_neighbours():
    assert list(sentence_words("Vi kom 1990; sedan gick vi.\n\nNy rad")) == [
        ["vi", "kom", NUMBER], ["sedan", "gick", "vi"], ["ny", "rad"]
    ]


def test_neighbours_are_read_as_corrected():
    text = "Han sa att manga man far hjälp. Slut"
    start = text.index("man ")
    assert neighbours(text, start, start + 3) == ("manga", "far")
    corrected = {text.index("manga"): "många", text.index("far"): "får"}
    assert neighbours(text, start, start + 3, corrected) == ("många", "får")
    assert neighbours(text, 0, 3)[0] == BOUNDARY
    assert neighbours(text, text.index("hjälp"), text.index("."))[1] == BOUNDARY


def test_counts_of_family_words_and_their_neighbours(counts):
    assert counts.count["våra"] == 2 and counts.count["vara"] == 3
    assert counts.right["våra"]["barn"] == 2
    assert counts.left["år"][NUMBER] == 1
    assert counts.left["vara"]["att"] == 2
    assert counts.right_class["våra"]["-rn"] == 2  # `barn` by its last two letters
    assert counts.left_class["vara"]["att"] == 2  # a short word is its own class


@pytest.mark.parametrize("name", ["model.tsv", "model.json"])
def test_the_file_formats_round_trip(counts, tmp_path: Path, name: str):
    path = tmp_path / name
    counts.save(path, note="test")
    assert NeighbourCounts.load(path) == counts


def test_the_text_form_has_one_record_a_line_neighbour_first_on_the_left(counts, tmp_path):
    path = tmp_path / "model.tsv"
    counts.save(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#ocrfix-context v1"
    assert "L\tatt\tvara\t2" in lines and "R\tvåra\tbarn\t2" in lines
    assert "LK\tatt\tvara\t2" in lines and "RK\tvåra\t-rn\t2" in lines


def test_added_counts_are_summed(counts):
    both = NeighbourCounts()
    both.update(counts)
    both.update(counts)
    assert both.count["vara"] == 6 and both.left["vara"]["att"] == 4
    assert both.right_class["våra"]["-rn"] == 4 and counts.left["vara"]["att"] == 2


def test_a_file_that_is_no_model_is_refused(tmp_path: Path):
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an ocrfix context model"):
        NeighbourCounts.load(wrong)
    broken = tmp_path / "broken.tsv"
    broken.write_text("#ocrfix-context v1\nC\tvara\tmany\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.tsv:2: not a context record"):
        NeighbourCounts.load(broken)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"format": "ocrfix-context/2", "count": {"vara": 1}', "not an ocrfix context model"),
        ('{"format": "ocrfix-context/9"}', "format 'ocrfix-context/9', expected"),
        ('{"format": "ocrfix-context/2", "count": {"vara": "many"}, "classes": {}}',
         "'count' is not a table of counts"),
        ('{"format": "ocrfix-context/2", "count": {}, "classes": {}, "left": {"vara": 2}, '
         '"right": {}, "left_class": {}, "right_class": {}}',
         "'left' is not a table of counts by word"),
    ],
)
def test_a_json_file_that_is_no_model_is_refused(tmp_path: Path, content: str, message: str):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        NeighbourCounts.load(path)


def test_neighbours_move_the_choice(counts):
    model = ContextModel(counts)
    at_school = model.fits(["vara", "våra"], BOUNDARY, "barn", frequency)
    infinitive = model.fits(["vara", "våra"], "att", "ute", frequency)
    assert at_school is not None and infinitive is not None
    assert at_school[1] > at_school[0]
    assert infinitive[0] > infinitive[1]
    # A word the training text never saw cannot be compared with one it did.
    assert model.fits(["vara", "vår"], "att", "ute", frequency) is None


def test_the_packaged_model_knows_the_common_confusable_words():
    model = get_context_model()
    for word in ("för", "för", "är", "år", "vara", "våra", "man", "män", "så", "på"):
        assert model.counts.count[word] > 0
