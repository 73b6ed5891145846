"""The tokenizer: kinds, offsets, and that tokens tile the text."""

from __future__ import annotations

import random

import pytest

from ocrfix.tokens import EMAIL, KINDS, MIXED, NUMBER, PUNCT, SPACE, URL, WORD, iter_tokens


def tokens(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in iter_tokens(text)]


def non_space(text: str) -> list[tuple[str, str]]:
    return [token for token in tokens(text) if token[0] != SPACE]


def test_swedish_words_with_hyphens_and_punctuation() -> None:
    assert non_space("barn- och ungdomsvården, IT-stöd.") == [
        (WORD, "barn"), (PUNCT, "-"), (WORD, "och"), (WORD, "ungdomsvården"),
        (PUNCT, ","), (WORD, "IT"), (PUNCT, "-"), (WORD, "stöd"), (PUNCT, "."),
    ]


def test_decomposed_letters_stay_in_their_word() -> None:
    assert tokens("Fo\u0308rvaltningen") == [(WORD, "Fo\u0308rvaltningen")]


@pytest.mark.parametrize("token", ["6verens", "fullf6lja", "f4", "10sa", "1dn", "B12", "3D", "2a"])
def test_letters_and_digits_together_are_one_mixed_token(token: str) -> None:
    assert tokens(token) == [(MIXED, token)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("412", [(NUMBER, "412")]),
        ("3,5", [(NUMBER, "3,5")]),
        ("1.000", [(NUMBER, "1.000")]),
        ("1990-talet", [(NUMBER, "1990"), (PUNCT, "-"), (WORD, "talet")]),
        ("m²", [(WORD, "m"), (NUMBER, "²")]),
        ("100%", [(NUMBER, "100"), (PUNCT, "%")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.kommun.se/ifo?id=3.", [(URL, "https://www.kommun.se/ifo?id=3"), (PUNCT, ".")]),
        ("(www.kommun.se)", [(PUNCT, "("), (URL, "www.kommun.se"), (PUNCT, ")")]),
        ("kommun.se/socialtjanst,", [(URL, "kommun.se/socialtjanst"), (PUNCT, ",")]),
        ("kommun.se", [(URL, "kommun.se")]),
        ("anna.svensson@exempel-kommun.se.", [(EMAIL, "anna.svensson@exempel-kommun.se"), (PUNCT, ".")]),
    ],
)
def test_urls_and_email_stay_whole(text: str, expected: list[tuple[str, str]]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize("text", ["dagen.Nu", "kommun.sex", "t.ex.", "bl.a."])
def test_words_around_periods_are_not_domains(text: str) -> None:
    assert URL not in {kind for kind, _ in tokens(text)}


def test_code_like_text() -> None:
    assert non_space("{a|b}") == [
        (PUNCT, "{"), (WORD, "a"), (PUNCT, "|"), (WORD, "b"), (PUNCT, "}"),
    ]


def test_space_includes_line_breaks() -> None:
    assert tokens("a \r\n\tb") == [(WORD, "a"), (SPACE, " \r\n\t"), (WORD, "b")]


def test_stray_combining_mark_is_punctuation() -> None:
    assert tokens("\u0308a") == [(PUNCT, "\u0308"), (WORD, "a")]


def test_empty_text_has_no_tokens() -> None:
    assert tokens("") == []


def test_tokens_tile_random_text() -> None:
    alphabet = "aåäöAÅÄÖ06 -.,:@/\n\t{}|\u0308\u030a²½€'\"wh" + "ptsx"
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        pos = 0
        for kind, start, end in iter_tokens(text):
            assert kind in KINDS
            assert start == pos and end > start
            pos = end
        assert pos == len(text)


def test_long_runs_tokenize_in_linear_time() -> None:
    # Quadratic behaviour would take minutes here.
    for text in ["a." * 50_000, "-" * 100_000, "x@" * 50_000, "a" * 100_000 + "1"]:
        assert sum(end - start for _, start, end in iter_tokens(text)) == len(text)


def test_word_tokens_are_the_word_and_mixed_tokens_of_iter_tokens() -> None:
    import random

    from ocrfix.tokens import MIXED, WORD, word_tokens

    # Letters, digits, marks, separators and the pieces of addresses, in random strings.
    alphabet = "ab cdeåäö6 1,.-@:/\u0308_²kg\nwww.se%+é"
    rng = random.Random(7)
    samples = ["Se www.kommun.se, 6verens! 3,5kg", "Fo\u0308rvaltningen a.b@x.se m²"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in samples:
        expected = [t for t in iter_tokens(text) if t[0] in (WORD, MIXED)]
        assert list(word_tokens(text)) == expected, text
