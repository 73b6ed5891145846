"""Build the packaged context model, ocrfix/data/sv_context.json, from clean Swedish text.

    apt-get install libreoffice-help-sv gimp-help-sv gnome-user-docs manpages-sv
    python lexicon/swedish_text.py > /tmp/sv_text.txt
    python lexicon/context.py /tmp/sv_text.txt          # writes ocrfix/data/sv_context.json

The model counts the neighbours of every confusable word (ocrfix.neighbours); which words are
confusable is the packaged lexicon's answer, so build the lexicon first. Users train the same
counts on their own text with ``ocrfix lexicon train``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrfix.lexicon import get_lexicon  # noqa: E402
from ocrfix.neighbours import DATA_PATH, NeighbourCounts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="+", type=Path, help="clean Swedish text, UTF-8")
    parser.add_argument("-o", "--output", type=Path, default=DATA_PATH)
    args = parser.parse_args()
    lexicon = get_lexicon()
    counts = NeighbourCounts()
    for path in args.text:
        counts.add_text(path.read_text(encoding="utf-8"), lexicon.is_confusable)
    names = ", ".join(p.name for p in args.text)
    counts.save(args.output, note=f"neighbours of confusable words, counted in {names}")
    print(
        f"{args.output}: {len(counts.count)} words seen {sum(counts.count.values())} times, "
        f"{len(counts.left)} left and {len(counts.right)} right pairs",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
