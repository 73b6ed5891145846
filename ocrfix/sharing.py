"""What one worker process of a pool worked out, handed to the others.

The dearest first sighting on a damaged page is a token's candidate search
(:mod:`ocrfix.readings`), and a corpus repeats its misreadings: N worker processes would each
search for the same tokens, where one process searches once. So each worker of
:func:`ocrfix.bulk.parallel_imap` hands on the searches it made with each chunk's results
(:func:`take`), and the pool gives them to the other workers with their next chunks
(:func:`give`). A search's result depends on the token and the lexicon's index alone, so one
made in another process is exactly the one this process would have made: outputs do not
change, only who works them out.

The searches travel as :mod:`marshal` data (plain tuples of strings and floats), between
processes of one interpreter: quicker to write and read than pickled named tuples.
"""

from __future__ import annotations

import marshal

from ocrfix.candidates import get_index
from ocrfix.readings import add_searches, made_searches, new_searches, record_searches

__all__ = ["start", "take", "give"]


def start() -> None:
    """Note the searches this process makes from now on, to hand them on (:func:`take`)."""
    record_searches()


def take(lexicon_name: str) -> bytes | None:
    """The searches made in the index of lexicon `lexicon_name` since the last take, as
    bytes for :func:`give`; None when there are none."""
    if not made_searches():
        return None  # and the index need not be opened: a clean corpus never opens it
    searches = new_searches(get_index(lexicon_name))
    return marshal.dumps(searches) if searches else None


def give(lexicon_name: str, data: bytes) -> int:
    """Remember the searches of another process's :func:`take`; how many were new here."""
    return add_searches(get_index(lexicon_name), marshal.loads(data))
