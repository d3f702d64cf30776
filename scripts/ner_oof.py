"""Out-of-fold CRF marginals for stacking a neural tagger on the CRF (never the test split).

Usage: python scripts/ner_oof.py dev|full OUT_DIR [--fold=K] [--folds=N]
``dev``: eval = the K-th tenth of ANERcorp train (K=9, the last, by default), train = the rest;
``full``: train = all of it. ``--folds=N``: N out-of-fold CRFs (default: as shipped).
Writes OUT_DIR/{train,eval}.pkl: per sentence (words, gold tags, marginals [n x 9]).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from riwaya.components.entities import data, lexicon
from riwaya.paths import shared_path
from riwaya.training.ner_stack import FOLDS, out_of_fold_marginals


def main(argv):
    mode, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    sents = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
    fold = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--fold=")), 9)
    lo, hi = int(len(sents) * fold / 10), int(len(sents) * (fold + 1) / 10)  # as scripts/ner_dev.py
    train, held = (sents[:lo] + sents[hi:], sents[lo:hi]) if mode == "dev" else (sents, [])
    names = lexicon.names(
        data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
    )
    folds = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--folds=")), FOLDS)
    oof, marked = out_of_fold_marginals(train, names, out, folds, extra=held)
    _dump(out / "train.pkl", train, oof)
    if held:
        _dump(out / "eval.pkl", held, marked)


def _dump(path: Path, sentences, marginals) -> None:
    with open(path, "wb") as fh:
        pickle.dump([(w, t, m) for (w, t), m in zip(sentences, marginals, strict=True)], fh)


if __name__ == "__main__":
    main(sys.argv[1:])
