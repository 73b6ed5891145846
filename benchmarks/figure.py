"""
Draw the benchmark figure of the documentation: word error rate before and after repair, per
corpus, for ocrfix and its peers (symspell, Hunspell).

    python -m pip install matplotlib
    python benchmarks/figure.py                 # writes docs/img/benchmark-wer.png
    python benchmarks/figure.py --out FILE.png

The script runs no benchmark: it draws the figures published in benchmarks/README.md, copied
below by hand. After a new `benchmarks/quality.py` run, update README.md first, then the
numbers here, then run this script and commit the PNG. The output is the same bytes for the
same numbers and the same matplotlib version (no timestamp or version is embedded).
"""

from __future__ import annotations

import argparse
from pathlib import Path

# From benchmarks/README.md, "quality.py: ocrfix and its peers", section "Results": the columns
# "WER before %" and "WER after %" of the rows ocrfix, symspell and hunspell on the pair corpora
# ocr-eng (Tesseract's English model reading Swedish) and ocr-swe (its Swedish model), 43 pairs
# each with the same ground truth; ocrfix 0.1.0, symspellpy 6.10.1 with wordfreq 3.1.1, Hunspell
# 1.7.1 with hunspell-sv 2026.10.25.
WER_BEFORE = {"ocr-eng": 32.11, "ocr-swe": 4.85}
WER_AFTER = {
    "ocr-eng": {"ocrfix": 3.81, "symspell": 23.51, "hunspell": 25.87},
    "ocr-swe": {"ocrfix": 0.76, "symspell": 5.62, "hunspell": 5.29},
}
CORPUS_TITLES = {
    "ocr-eng": "ocr-eng: Tesseract's English model",
    "ocr-swe": "ocr-swe: Tesseract's Swedish model",
}
SYSTEMS = ("ocrfix", "symspell", "hunspell")

BAR_COLOURS = {
    "before": "#9e9e9e",
    "ocrfix": "#1f6fb4",
    "symspell": "#e08a2c",
    "hunspell": "#c0504d",
}

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "img" / "benchmark-wer.png"


def draw(out: Path) -> None:
    """Write the figure to `out` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    corpora = list(WER_BEFORE)
    labels = ["input", *SYSTEMS]
    fig, axes = plt.subplots(1, len(corpora), figsize=(9, 3.8), dpi=100)
    for ax, corpus in zip(axes, corpora):
        values = [WER_BEFORE[corpus], *(WER_AFTER[corpus][s] for s in SYSTEMS)]
        colours = [BAR_COLOURS["before"], *(BAR_COLOURS[s] for s in SYSTEMS)]
        bars = ax.bar(labels, values, color=colours, width=0.65)
        top = max(values)
        for bar, value in zip(bars, values):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                value + top * 0.015,
                f"{value:.2f}",
                ha="center",
                va="bottom",
                fontsize=9,
            )
        ax.axhline(WER_BEFORE[corpus], color=BAR_COLOURS["before"], linewidth=0.8, linestyle="--")
        ax.set_title(CORPUS_TITLES[corpus], fontsize=10)
        ax.set_ylim(0, top * 1.15)
        ax.set_ylabel("word error rate, %")
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(
        "WER before repair (input) and after each system: lower is better; "
        "above the dashed line is worse than the input",
        fontsize=10,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # No Software/date metadata: the same numbers give the same bytes.
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    args = parser.parse_args(argv)
    draw(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
