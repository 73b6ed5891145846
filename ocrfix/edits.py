"""
Edits: the record of every change ocrfix makes, and how to replay them.

ftfy can tell you *which* steps it took to fix a text, but not *where*. ocrfix
promises more: every change is an :class:`Edit` with a span in the text you
passed in, what was there before, what replaced it, the stage and rule that
made the change, and how sure we were. You can show the edits to a person,
filter them, or replay them with :func:`apply_edits`:

>>> original = "Socialno\\u0308mnden"
>>> edit = Edit(7, 9, "o\\u0308", "ö", "normalize_unicode", "normalize_unicode.nfc", 1.0)
>>> apply_edits(original, [edit])
'Socialnömnden'

The stages of the pipeline run one after another, and each one only sees the
text that the stage before it produced. Its edits index *that* text.
:func:`compose_edits` carries them back to offsets in the caller's input, so
that the final list of edits always describes the original text.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """
    One change to a text: replace ``text[start:end]`` (which is ``before``)
    with ``after``.

    ``start`` and ``end`` are character offsets (Python string indices) in the
    text the edit applies to; for the edits that :func:`ocrfix.explain`
    returns, that is always the text you passed in. An insertion has
    ``start == end`` and an empty ``before``; a deletion has an empty
    ``after``.

    ``stage`` names the pipeline stage that made the change (it is also the
    name of the :class:`ocrfix.Config` field that turns the stage on or off),
    ``rule`` names the rule inside the stage (``"normalize_unicode.nfc"``),
    and ``confidence`` is a number from 0 to 1.

    We check the cheap invariants when an edit is made, because an edit with
    a wrong span is a bug that is much easier to find here than three stages
    later:

    >>> Edit(3, 2, "", "x", "test", "test.rule", 1.0)
    Traceback (most recent call last):
      ...
    ValueError: edit 3:2 (test.rule) ends before it starts
    """

    start: int
    end: int
    before: str
    after: str
    stage: str
    rule: str
    confidence: float

    def __post_init__(self) -> None:
        if self.start < 0:
            raise ValueError(f"edit {self.start}:{self.end} ({self.rule}) starts before 0")
        if self.end < self.start:
            raise ValueError(f"edit {self.start}:{self.end} ({self.rule}) ends before it starts")
        if len(self.before) != self.end - self.start:
            raise ValueError(
                f"edit {self.start}:{self.end} ({self.rule}) spans {self.end - self.start} "
                f"characters but its 'before' text {self.before!r} has {len(self.before)}"
            )
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(
                f"edit {self.start}:{self.end} ({self.rule}) has confidence "
                f"{self.confidence!r}; it must be between 0 and 1"
            )

    def to_dict(self) -> dict[str, Any]:
        """
        The edit as a plain dict, ready for ``json.dumps``.

        >>> Edit(0, 1, "6", "ö", "fix_words", "fix_words.channel", 0.95).to_dict()["after"]
        'ö'
        """
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Repair:
    """
    What :func:`ocrfix.explain` returns: the repaired ``text`` and the
    ``edits`` that turn the input into it, sorted by position.

    ``apply_edits(original, repair.edits) == repair.text`` always holds.
    """

    text: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """
    One problem that :func:`ocrfix.detect` found, without changing anything.

    ``text`` is ``original[start:end]``; ``kind`` says what looks wrong
    (``"unnormalized"``, ``"unknown-word"``, ``"stripped-diacritics"``,
    ``"mixed-token"``, ``"wrong-encoding"``) and ``detail`` adds what we know, such as the word
    that a diacritic-stripped form probably was.
    """

    start: int
    end: int
    text: str
    kind: str
    detail: str = ""


def _start(edit: Edit) -> int:
    return edit.start


def _end(edit: Edit) -> int:
    return edit.end


def _in_order(edits: Iterable[Edit]) -> list[Edit]:
    """
    ``edits`` sorted by position, start and then end, keeping the order of edits at the same
    position: ``sorted(edits, key=lambda e: (e.start, e.end))``, but without a tuple made for
    each edit, and with no sorting at all when they come in order, as the stages return them
    (a long damaged text has hundreds of thousands of edits).
    """
    ordered = list(edits)
    if any(
        a.start > b.start or (a.start == b.start and a.end > b.end)
        for a, b in zip(ordered, itertools.islice(ordered, 1, None))
    ):
        # Two stable sorts, by the second key and then by the first, order by both.
        ordered.sort(key=_end)
        ordered.sort(key=_start)
    return ordered


# apply_edits joins the pieces of the new text this many at a time: a list of two short
# strings for each edit, each with some 50 bytes of overhead, costs more memory than the text
# itself when a long text has hundreds of thousands of edits.
_JOIN_PIECES = 4096


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """
    Replay edits on the text they index, and return the result.

    The edits may come in any order; we sort them by position. They must not
    overlap, every ``before`` must be what the text actually has at that
    span, and two insertions may not share an offset (their order would be
    a guess). Any of these problems raises :class:`ValueError` saying which
    edit is at fault, because silently producing some other text would make
    the explanation a lie.

    >>> fix = Edit(0, 13, "Socialndmnden", "Socialnämnden", "fix_words", "fix_words.channel", 0.97)
    >>> apply_edits("Socialndmnden har beslutat", [fix])
    'Socialnämnden har beslutat'
    >>> apply_edits("kort", [fix])
    Traceback (most recent call last):
      ...
    ValueError: edit 0:13 (fix_words.channel) is out of range for a text of 4 characters
    """
    ordered = _in_order(edits)
    if not ordered:
        return text
    chunks: list[str] = []
    pieces: list[str] = []
    pos = 0
    previous: Edit | None = None
    for edit in ordered:
        if edit.end > len(text):
            raise ValueError(
                f"edit {edit.start}:{edit.end} ({edit.rule}) is out of range "
                f"for a text of {len(text)} characters"
            )
        if previous is not None:
            if edit.start < previous.end:
                raise ValueError(
                    f"edit {edit.start}:{edit.end} ({edit.rule}) overlaps edit "
                    f"{previous.start}:{previous.end} ({previous.rule})"
                )
            if edit.start == edit.end == previous.start == previous.end:
                raise ValueError(
                    f"edits {edit.rule} and {previous.rule} both insert at offset "
                    f"{edit.start}; their order is ambiguous"
                )
        if not text.startswith(edit.before, edit.start):
            raise ValueError(
                f"edit {edit.start}:{edit.end} ({edit.rule}) expects {edit.before!r} "
                f"but the text has {text[edit.start:edit.end]!r}"
            )
        pieces.append(text[pos : edit.start])
        pieces.append(edit.after)
        pos = edit.end
        previous = edit
        if len(pieces) >= _JOIN_PIECES:
            chunks.append("".join(pieces))
            pieces.clear()
    pieces.append(text[pos:])
    if not chunks:
        return "".join(pieces)
    chunks.append("".join(pieces))
    return "".join(chunks)


def _shifted(edit: Edit, offset: int) -> Edit:
    return dataclasses.replace(edit, start=edit.start - offset, end=edit.end - offset)


def compose_edits(
    original: str, earlier: Sequence[Edit], later: Sequence[Edit]
) -> tuple[Edit, ...]:
    """
    Combine two rounds of edits into one round that indexes ``original``.

    ``earlier`` indexes ``original``; ``later`` indexes the text that
    ``apply_edits(original, earlier)`` produces. The result indexes
    ``original`` and does both at once::

        apply_edits(original, compose_edits(original, earlier, later))
            == apply_edits(apply_edits(original, earlier), later)

    This is the offset map of the pipeline: each stage works on the text it
    was given, and we carry its edits back to the caller's input here.

    A later edit that touches only text no earlier edit produced is moved to
    its place in the original and otherwise kept as it is. A later edit that
    rewrites text an earlier edit produced cannot be expressed separately, so
    the two are merged into one edit covering both spans: it takes the later
    stage's name, the rules of both joined with ``+``, and the lower of the two
    confidences. If the later edit undoes the earlier one, the merged edit
    changes nothing and is dropped.

    >>> nfc = Edit(7, 9, "o\\u0308", "ö", "normalize_unicode", "normalize_unicode.nfc", 1.0)
    >>> word = Edit(0, 12, "Socialnömden", "Socialnämnden", "fix_words", "fix_words.lexicon", 0.9)
    >>> [merged] = compose_edits("Socialno\\u0308mden", [nfc], [word])
    >>> merged.start, merged.end, merged.after, merged.rule
    (0, 13, 'Socialnämnden', 'normalize_unicode.nfc+fix_words.lexicon')
    """
    if not later:
        return tuple(_in_order(earlier))
    olds = _in_order(earlier)
    news = _in_order(later)
    if not olds:
        return tuple(news)

    # Where each earlier edit's output sits in the intermediate text, and the
    # running length change, so that positions outside those outputs can be
    # mapped back by subtraction. (Arrays, like `parent` below, and not lists of
    # int objects, at a quarter of the memory: a long text has very many edits.)
    out_starts = array("q")
    out_ends = array("q")
    shift_before = array("q")  # shift_before[i]: total growth from olds[:i]
    shift = 0
    for edit in olds:
        shift_before.append(shift)
        out_start = edit.start + shift
        out_starts.append(out_start)
        out_ends.append(out_start + len(edit.after))
        shift += len(edit.after) - (edit.end - edit.start)
    shift_before.append(shift)

    def start_to_original(pos: int) -> int:
        # Everything whose output ends at or before pos lies before pos,
        # including a deletion exactly at pos.
        return pos - shift_before[bisect.bisect_right(out_ends, pos)]

    def end_to_original(pos: int) -> int:
        # Like start_to_original, but a deletion exactly at pos lies after it.
        k = bisect.bisect_left(out_ends, pos)
        while k < len(olds) and out_ends[k] == pos and out_starts[k] < pos:
            k += 1
        return pos - shift_before[k]

    # Group earlier and later edits that touch into clusters (union-find). A later
    # edit joins the cluster of an earlier one, so a cluster with an earlier edit has
    # one as its root; a cluster without is a later edit alone.
    parent = array("q", range(len(olds) + len(news)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, new in enumerate(news):
        a, b = new.start, new.end
        i = bisect.bisect_left(out_ends, a)
        while i < len(olds) and out_starts[i] <= b:
            old = olds[i]
            overlaps = a < out_ends[i] and out_starts[i] < b
            # Two insertions at the same original offset would be ambiguous.
            same_gap = (
                a == b and old.start == old.end and a in (out_starts[i], out_ends[i])
            )
            if overlaps or same_gap:
                parent[find(len(olds) + j)] = find(i)
            i += 1

    # The clusters where later edits meet earlier ones, by root: the earlier edits'
    # indices and the later edits. Any other cluster is one edit alone, and needs no
    # entry (most are: a dict entry and two lists for each would cost more than the
    # edits themselves).
    merged: dict[int, tuple[list[int], list[Edit]]] = {}
    for j, new in enumerate(news):
        root = find(len(olds) + j)
        if root < len(olds):
            merged.setdefault(root, ([], []))[1].append(new)
    for i in range(len(olds)):
        cluster = merged.get(find(i))
        if cluster is not None:
            cluster[0].append(i)

    def merge(old_indices: list[int], members_new: list[Edit]) -> Edit | None:
        """The one edit a merged cluster makes, or None if it changes nothing."""
        members_old = [olds[i] for i in old_indices]
        # A merged cluster. Its span in the original runs from the first to
        # the last original position any member covers. A later edit's end
        # that falls strictly inside an earlier edit's output says nothing
        # about the original (that earlier edit's own span covers it).
        start = min(old.start for old in members_old)
        end = max(old.end for old in members_old)
        for new in members_new:
            start = min(start, start_to_original(new.start))
            if new.start == new.end:
                continue
            if not any(out_starts[i] < new.end < out_ends[i] for i in old_indices):
                end = max(end, end_to_original(new.end))
        before = original[start:end]
        middle = apply_edits(before, [_shifted(old, start) for old in members_old])
        # No earlier edit outside the cluster lies between `start` and the
        # cluster's first earlier edit, so the shift there is the same.
        middle_start = start + shift_before[old_indices[0]]
        after = apply_edits(middle, [_shifted(new, middle_start) for new in members_new])
        if after == before:
            return None
        members = (*members_old, *members_new)
        rules = dict.fromkeys(edit.rule for edit in members)
        return Edit(
            start,
            end,
            before,
            after,
            members_new[-1].stage,
            "+".join(rules),
            min(edit.confidence for edit in members),
        )

    # The clusters in the order of their first edits, earlier edits first: an
    # earlier edit alone is kept as it is, a later edit alone is moved to its place
    # in the original.
    result: list[Edit] = []
    for i, old in enumerate(olds):
        cluster = merged.get(find(i))
        if cluster is None:
            result.append(old)
        elif cluster[0][0] == i:
            joined = merge(*cluster)
            if joined is not None:
                result.append(joined)
    for j, new in enumerate(news):
        if find(len(olds) + j) != len(olds) + j:
            continue  # merged above
        start = start_to_original(new.start)
        end = start if new.start == new.end else end_to_original(new.end)
        if original[start:end] != new.before:
            raise ValueError(
                f"edit {new.start}:{new.end} ({new.rule}) expects {new.before!r} "
                f"but the text has {original[start:end]!r} at that place"
            )
        result.append(dataclasses.replace(new, start=start, end=end))
    return tuple(_in_order(result))
