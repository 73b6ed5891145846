"""Swedish as it was printed before the 1906 spelling reform: `hvilken`, `qvinna`, `lefva`.

Much of the Swedish text that needs OCR repair is older than the reform: newspapers,
parliamentary records, books. Its spelling is not damage. Each historical form has a modern
reading that the spelling rules of the period give (:data:`RULES`), and it is a word when
that reading is one, so a lexicon of modern Swedish still recognises the old forms:

>>> from ocrfix.lexicon import get_lexicon
>>> lexicon = get_lexicon()
>>> [modern_reading(w, lexicon) for w in ("hvilken", "qvinnorna", "lefva", "hjerta")]
[('vilken', ('hv>v',)), ('kvinnorna', ('qv>kv',)), ('leva', ('fv>v',)), ('hjärta', ('e>ä',))]
>>> modern_reading("drenden", lexicon) is None
True

The rules are few and explicit: they generate the modern spelling, they do not guess. Some
are marks of the period on their own (`hv-`, `qv-`, `-fv-`, `w` for `v`, `-dt`, the plural
verb forms `voro`, `gingo`): a text that holds them is historical (:func:`strong_marker`).
Another is only a variant (`e` for `ä`: `der`, `jemte`, `hjerta`), which modern OCR damage can
produce too, so it counts only in a text the strong marks show to be historical.

The word stage keeps historical forms as they are printed (and still repairs OCR damage
around and inside them); with ``Config(modernize_spelling=True)`` they are rewritten in
modern spelling (:mod:`ocrfix.stages.modernize`).
"""

from __future__ import annotations

import regex

from ocrfix.lexicon import Lexicon

# The spelling rules of the period, as (name, historical pattern, modern replacement), on
# lower-case words. Each is a fact of Swedish orthography before 1906.
RULES: tuple[tuple[str, str, str], ...] = (
    # `hv` at the start of a word: hvilken, hvad, hvar, hvem, hvarje, hvita.
    ("hv>v", r"^hv", "v"),
    # `qv` everywhere: qvinna, qvar, qväll, qvarter.
    ("qv>kv", r"qv", "kv"),
    # `fv` for `v`: lefva, hafva, gifva, öfver, skrifva.
    ("fv>v", r"fv", "v"),
    # `f` for `v` after a vowel, `l` or `r` at the end of a word or part, or before `n`, `l`,
    # `r`, `d`, `s`, `k`, `v` or `g`: af, lif, haf, sjelf, half; lefnad, öfrigt, afseende,
    # hofkapell, löfverk, afgick (not before `t`: efter, ofta, kraft keep their `f`).
    ("f>v", r"(?<=[aeiouyåäölr])f(?=$|[nlrdskvg])", "v"),
    # `w` for `v`: twå, swenska (older prints).
    ("w>v", r"w", "v"),
    # `-rne` for `-rna` in definite plurals: vägarne, gossarne, noteringarne.
    ("rne>rna", r"rne$", "rna"),
    # `-dt` for `-t` or `-tt` in neuter and supine forms: hårdt, sagdt; godt, ondt.
    ("dt>t", r"dt$", "t"),
    ("dt>tt", r"dt$", "tt"),
    # `e` where modern spelling has `ä`: hjerta, verld, jemte, der, sednare's `e` stays.
    ("e>ä", r"e", "ä"),
)

#: Rules that alone show a text to be historical; the others are variants that OCR damage
#: or other languages produce too.
STRONG_RULES = frozenset({"hv>v", "qv>kv", "fv>v", "f>v", "w>v", "rne>rna", "dt>t", "dt>tt"})

# The plural forms of the past tense of common strong verbs (and `äro`), which the reform
# dropped for the singular: de voro → de var, vi gingo → vi gick. (`hafva` is `ha` after
# `att` and `har` after `de`: not one reading, so it stays.)
PLURAL_VERBS: dict[str, str] = {
    "voro": "var", "äro": "är", "gingo": "gick", "kommo": "kom", "sågo": "såg",
    "stodo": "stod", "funno": "fann", "blefvo": "blev", "blevo": "blev", "gåfvo": "gav",
    "gåvo": "gav", "togo": "tog", "drogo": "drog", "foro": "for", "sutto": "satt",
    "lågo": "låg", "drucko": "drack", "sjöngo": "sjöng", "skrefvo": "skrev",
    "skrevo": "skrev", "läto": "lät", "fingo": "fick", "höllo": "höll", "sprungo": "sprang",
    "fördo": "förde", "gjorde": "gjorde", "sade": "sade", "funnos": "fanns",
    "gåvos": "gavs", "sågos": "sågs",
}
PLURAL_RULE = "plural-verb"

# The commonest words that the spelling of before 1906 wrote otherwise (af, öfver, äfven, hvad,
# hvilken, qvinna, sjelf, der, godt): a text that spells them the modern way is modern, whatever
# old title it quotes.
MODERN_TELLTALES = frozenset(
    "av över även vad vem vilken vilket vilka varje varandra kvinna kvinnor kvinnan kvar "
    "kväll själv själva där därför därefter gott ont".split()
)

# How many rules one word may need at most (`sjelfva` is e>ä and fv>v), and what each costs
# a reading, in Zipf, when readings are compared.
MAX_RULES = 3
RULE_COST_ZIPF = 1.0

_COMPILED = tuple((name, regex.compile(pattern), replacement) for name, pattern, replacement in RULES)


def _rewritings(word: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every spelling the rules make of `word` (lower case), with the rules used."""
    found: dict[str, tuple[str, ...]] = {}
    frontier: list[tuple[str, tuple[str, ...]]] = [(word, ())]
    for _ in range(MAX_RULES):
        grown: list[tuple[str, tuple[str, ...]]] = []
        for spelling, used in frontier:
            for name, pattern, replacement in _COMPILED:
                if name in used or (name.startswith("dt>") and any(u.startswith("dt>")
                                                                     for u in used)):
                    continue
                for match in pattern.finditer(spelling):
                    rewritten = spelling[: match.start()] + replacement + spelling[match.end():]
                    if rewritten not in found and rewritten != word:
                        found[rewritten] = (*used, name)
                        grown.append((rewritten, (*used, name)))
        frontier = grown
    return list(found.items())


def modern_reading(word: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]] | None:
    """The modern spelling of a historical word form, and the rules that make it; None when
    the rules make no word of it. The likeliest of several readings wins (`der` → `där`)."""
    lower = word.lower()
    plural = PLURAL_VERBS.get(lower)
    if plural is not None:
        return plural, (PLURAL_RULE,)
    best: tuple[float, str, tuple[str, ...]] | None = None
    for spelling, used in _rewritings(lower):
        if not lexicon.is_word(spelling):
            continue
        # The commoner word, each rule it needs counting against it (`elfven` is `älven`,
        # two rules, not the rare `älfven`, one).
        score = lexicon.zipf(spelling) - RULE_COST_ZIPF * len(used)
        if best is None or score > best[0]:
            best = (score, spelling, used)
    return (best[1], best[2]) if best is not None else None


def strong_marker(word: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]] | None:
    """The modern reading of `word` if a rule that marks the period made it (see the
    module), else None."""
    reading = modern_reading(word, lexicon)
    if reading is None:
        return None
    modern, used = reading
    if used == (PLURAL_RULE,) or any(rule in STRONG_RULES for rule in used):
        return reading
    return None

