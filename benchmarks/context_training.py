"""How much training the context model on a user's own clean text helps: a two-fold split.

    python benchmarks/context_training.py CORPUS_DIR [CORPUS_DIR ...]

A corpus directory holds pairs NAME.ocr.txt / NAME.gt.txt. Its pairs are split in two halves
by name order. For each half, the context model is trained on the *other* half's ground truth
(``ocrfix.neighbours.train``, added to the packaged model, as ``ocrfix lexicon train`` does)
and this half's OCR text is repaired with the packaged model and with the trained one. The
table gives WER and CER reduction for both, and the clean damage of each (the model repairs
the half's own ground truth). No text is ever scored with a model trained on it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import load_pairs  # noqa: E402
from scoring import Tally, errors  # noqa: E402

import ocrfix  # noqa: E402
from ocrfix import neighbours  # noqa: E402


def evaluate(pairs: list[tuple[str, str, str]], config: ocrfix.Config, tally: Tally) -> None:
    for _name, ocr, truth in pairs:
        tally.add(
            errors(ocr, truth),
            errors(ocrfix.repair(ocr, config), truth),
            errors(ocrfix.repair(truth, config), truth),
        )


def run(corpus: Path, workdir: Path) -> list[tuple[str, dict[str, float | int]]]:
    pairs = load_pairs(corpus)
    middle = len(pairs) // 2
    halves = [pairs[:middle], pairs[middle:]]
    packaged, trained = Tally(), Tally()
    for index, test in enumerate(halves):
        train = halves[1 - index]
        model_path = workdir / f"{corpus.name}-fold{index}.tsv"
        neighbours.train([truth for _, _, truth in train]).save(model_path)
        evaluate(test, ocrfix.Config(), packaged)
        evaluate(test, ocrfix.Config(context_model=str(model_path)), trained)
    return [("packaged model", packaged.figures()), ("trained on the other half", trained.figures())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print("| corpus | context model | WER before % | WER after % | WER reduction "
          "| CER reduction | clean damage WER % |")
    print("|---|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in args.corpus:
            for label, f in run(corpus, Path(tmp)):
                print(
                    f"| {corpus.name} | {label} | {100 * f['wer_before']:.2f} "
                    f"| {100 * f['wer_after']:.2f} | {f['wer_reduction']:+.3f} "
                    f"| {f['cer_reduction']:+.3f} | {100 * f['clean_damage_wer']:.3f} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
