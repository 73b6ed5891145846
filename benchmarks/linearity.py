"""Does a stage's cost grow linearly with its input? Seconds at two sizes, and their ratio.

    python benchmarks/linearity.py

Each stage runs on a text and on the same text four times over; a linear stage takes about
4× as long, a quadratic one 16×. Timing lives here, not in the tests: the machines the tests
run on are shared and noisy.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrfix import Config  # noqa: E402
from ocrfix.stages.encoding import fix_encoding  # noqa: E402
from ocrfix.stages.layout import dehyphenate  # noqa: E402
from ocrfix.stages.paragraphs import join_paragraphs  # noqa: E402
from ocrfix.stages.tables import fix_tables  # noqa: E402
from ocrfix.stages.words import fix_words  # noqa: E402

PAGE = (
    "Arbetsbelastningen är fortfarande hög. I snitt har varje heltidsanställd\n\n"
    "socialsekreterare ca 22 ärenden i hela Stockholms-\nregionen, barn- och ungdomsvården.\n"
    "Kategori 2013 2014 Diff\nEnsamkommande\n\nflyktingbarn 10 20 100%\n"
    "Vi m}ste g|ra det h{r fÃ¶r att Socialndmnden ska 6verens.\n\n"
)


def seconds(stage: Callable[[str, Config], object], text: str) -> float:
    start = time.perf_counter()
    stage(text, Config())
    return time.perf_counter() - start


def main() -> int:
    small = PAGE * 2_000
    large = small * 4
    print(f"{'stage':<18} {'small s':>8} {'4x s':>8} {'ratio':>6}   (linear ≈ 4, quadratic ≈ 16)")
    for stage in (fix_encoding, dehyphenate, join_paragraphs, fix_tables, fix_words):
        seconds(stage, PAGE)  # load the lexicon and caches first
        a, b = seconds(stage, small), seconds(stage, large)
        print(f"{stage.__name__:<18} {a:8.3f} {b:8.3f} {b / a:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
