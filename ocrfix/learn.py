"""Learning a damage profile from the text itself.

A page read by an unknown engine teaches its own damage. Its tokens that no lexicon knows
(`åven`, `samhållet`, `pä`) each have readings (:mod:`ocrfix.readings`); weighed under the
current channel, each reading's share is evidence of the misreadings it needs. Counting
that evidence, with every letter the page printed, gives a profile (:class:`Profile`), and
the profile a better channel; two or three rounds settle (expectation-maximisation, with
the prior as pseudo-counts):

    >>> from ocrfix.readings import readings_of
    >>> from ocrfix.profile import Profile, open_prior
    >>> letters = Profile()
    >>> letters.add_letters("på frågan om året och många andra ord skrivna rätt" * 3)
    >>> suspects = [Suspect(t, readings_of(t), 0.0, 1) for t in ("pä", "frän", "mänga")]
    >>> profile, _ = estimate(letters, suspects, open_prior())
    >>> profile.confusions[("ä", "å")] > 2.5
    True

A corpus profile is the sum of its pages' profiles (:func:`learn_corpus`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ocrfix.channel import Channel
from ocrfix.config import Config
from ocrfix.profile import PosteriorChannel, Profile
from ocrfix.readings import Reading, shares

#: Rounds of re-estimation: the first learns from the prior's verdicts, the second from a
#: channel that already knows the page; more rarely changes a decision.
ROUNDS = 2
#: Readings with less of a token's probability than this add nothing to the counts.
MIN_SHARE = 0.2


class Suspect(NamedTuple):
    """A token no lexicon knows, as the estimate needs it."""

    token: str  # lower case
    readings: tuple[Reading, ...]
    keep_zipf: float  # the prior that the token is genuine, as a Zipf frequency
    occurrences: int  # how often the page has it


Contributions = dict[tuple[str, str], float]


def estimate(
    letters: Profile,
    suspects: Sequence[Suspect],
    prior: Channel,
    *,
    rounds: int = ROUNDS,
) -> tuple[Profile, dict[str, Contributions]]:
    """The profile of a page whose letters are counted in `letters` and whose unknown tokens
    are `suspects`, weighed under `prior` drawn towards what the page shows; and what each
    suspect token added to its counts.

    Each token is weighed by the evidence of the others (its own contribution left out), so
    that no misreading becomes the page's habit on the word of the one token that needs it.
    """
    profile = letters
    contributions: dict[str, Contributions] = {}
    for _ in range(max(1, rounds)):
        channel = profile.channel(prior)
        learned = Profile(
            letters=dict(letters.letters), documents=1, source=letters.source or "page"
        )
        new_contributions: dict[str, Contributions] = {}
        for suspect in suspects:
            if not suspect.readings:
                continue
            own = contributions.get(suspect.token)
            scores = [channel_score(reading, channel, own) for reading in suspect.readings]
            keep = suspect.keep_zipf - channel.keep_cost(suspect.token)
            weights, _ = shares(scores, keep)
            mine: Contributions = {}
            for reading, weight in zip(suspect.readings, weights):
                if weight < MIN_SHARE:
                    continue
                weight *= suspect.occurrences
                for run in reading.runs:
                    mine[run] = mine.get(run, 0.0) + weight
            for (ocr, truth), weight in mine.items():
                learned.add_confusion(ocr, truth, weight)
                # The letters the page meant there, which it did not print.
                for char in truth:
                    learned.letters[char] = learned.letters.get(char, 0.0) + weight
            if mine:
                new_contributions[suspect.token] = mine
        profile = learned
        contributions = new_contributions
    return profile, contributions


def channel_score(reading: Reading, channel: Channel, own: Contributions | None) -> float:
    """The reading's score under `channel`, leaving out the evidence `own` (what the token
    itself added to the channel's counts)."""
    if not own or not isinstance(channel, PosteriorChannel):
        return reading.score(channel)
    cost = 0.0
    for ocr, truth in reading.runs:
        mine = own.get((ocr, truth))
        cost += channel.run_cost(ocr, truth) if mine is None else channel.run_cost_without(
            ocr, truth, mine
        )
    return reading.zipf - cost - channel.keep_cost(reading.kept)


def learn_corpus(
    texts: Iterable[object], config: Config | None = None, *, source: str = ""
) -> Profile:
    """The profile of a corpus: the sum of its documents' profiles, each learned as the word
    stage learns a page's, from the text the stages before it make (encoding, Unicode,
    layout and tables are repaired first, so the misreadings counted are those the word stage
    would see). `texts` is read once, lazily: a generator over a corpus larger than memory is
    fine. A text over ``ocrfix.pipeline.SEGMENT_CHARS`` is learned from in parts, as it is
    repaired; it still counts as one document.

    This is what :func:`ocrfix.learn_profile` and ``ocrfix profile learn`` run.
    """
    import dataclasses

    from ocrfix.errors import check_config, check_text
    from ocrfix.pipeline import SEGMENT_CHARS, Repairer, segments
    from ocrfix.stages.words import page_profile

    cfg = check_config(config)
    before = Repairer(dataclasses.replace(cfg, fix_words=False))
    total = Profile(source=source or "corpus")
    # `texts` is typed as what it may hold, not as what it should: check_text names a bad
    # item (compiled, a loop over an Iterable[str] would refuse it first, less helpfully).
    for item in texts:
        text = check_text(item)
        spans = segments(text) if len(text) > SEGMENT_CHARS else [(0, len(text))]
        for start, end in spans:
            page = page_profile(before.repair(text[start:end]), cfg)
            page.documents = 0
            total.update(page)
        total.documents += 1
    return total

