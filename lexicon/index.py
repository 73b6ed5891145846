"""Build the candidate index of ocrfix from the packaged lexicon.

    python lexicon/index.py          # after lexicon/build.py; writes ocrfix/data/sv_index_*.marisa

The index answers "which words could this damaged token be?" without walking the lexicon
letter by letter (:mod:`ocrfix.candidates` reads it). It holds every form of the lexicon that
is made of letters, under its folded key (:func:`ocrfix.folding.fold`, which collapses the
letters OCR engines confuse), in six marisa tries:

- ``sv_index_forward.marisa``: ``LEN KEY \\0 FORM`` for every form, where LEN is one character
  coding the key's length. All forms with a given key are one prefix query; all keys of a
  given length that start with a given half are another.
- ``sv_index_keys.marisa``: ``LEN KEY``, every key once, for the first half.
- ``sv_index_backward.marisa``: ``LEN YEK``, every key reversed, for the second half.
- ``sv_index_deletes.marisa``: ``DELETE \\0 KEY`` for every key of up to MAX_DELETE_KEY
  letters and every way of deleting one letter from it (symmetric deletes): the keys one
  edit from a short token's are a few exact queries.
- ``sv_index_begin.marisa``: the keys of forms that may begin or continue a compound, so that
  ``prefixes()`` of a token's key gives every place where a compound may be split.
- ``sv_index_end.marisa``: the reversed keys of forms that may end a compound.

For a long token, an edit between two keys lies in one half of the longer one, so the other
half is shared exactly (the pigeonhole principle): two prefix queries per length find every
key within one edit of the token's, and any number of edits confined to one half. A short
token's halves are too short to narrow the search, so its neighbours come from the deletes.

The build reads only ``ocrfix/data/sv_lexicon.marisa`` and is deterministic: the keys are
sorted, and the same lexicon gives the same bytes. ``sv_index.json`` records the fold version,
the lexicon's sha256 and the counts; the reader checks both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import marisa_trie

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ocrfix.candidates import FORMAT, MAX_DELETE_KEY, length_mark  # noqa: E402
from ocrfix.folding import FOLD_VERSION, fold  # noqa: E402
from ocrfix.lexicon import BEGIN, END, MAX_WORD_LENGTH, MIDDLE, PREFIXES  # noqa: E402

DATA = REPO / "ocrfix" / "data"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(data: Path) -> dict:
    lexicon = marisa_trie.RecordTrie("<HH")
    lexicon.mmap(str(data / "sv_lexicon.marisa"))
    forward: list[str] = []
    keys: set[str] = set()
    backward: set[str] = set()
    deletes: set[str] = set()
    begin: set[str] = set()
    end: set[str] = set()
    for form, (_, flags) in lexicon.iteritems():
        # Only forms of letters: `barn-` and `t.ex.` are found another way.
        if not form.isalpha() or len(form) > MAX_WORD_LENGTH:
            continue
        key = fold(form)
        mark = length_mark(len(key))
        forward.append(f"{mark}{key}\0{form}")
        keys.add(f"{mark}{key}")
        backward.add(f"{mark}{key[::-1]}")
        if len(key) <= MAX_DELETE_KEY:
            for i in range(len(key)):
                deletes.add(f"{key[:i]}{key[i + 1:]}\0{key}")
        if flags & (BEGIN | MIDDLE) or form in PREFIXES:
            begin.add(key)
        if flags & END:
            end.add(key[::-1])
    counts = {}
    names = ("forward", "keys", "backward", "deletes", "begin", "end")
    for name, entries in zip(names, (forward, keys, backward, deletes, begin, end)):
        trie = marisa_trie.Trie(sorted(entries))
        path = data / f"sv_index_{name}.marisa"
        trie.save(str(path))
        counts[name] = len(trie)
    meta = {
        "format": FORMAT,
        "fold_version": FOLD_VERSION,
        "lexicon_sha256": _sha256(data / "sv_lexicon.marisa"),
        "counts": counts,
        "sha256": {name: _sha256(data / f"sv_index_{name}.marisa") for name in names},
    }
    (data / "sv_index.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the folder of sv_lexicon.marisa")
    args = parser.parse_args(argv)
    meta = build(args.data)
    print(json.dumps(meta["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
