"""Out-of-fold CRF marginals for stacking a neural tagger on the CRF (never the test split).

Usage: python scripts/ner_oof.py dev|full OUT_DIR [--fold=K]
``dev``: eval = the K-th tenth of ANERcorp train (K=9, the last, by default), train = the rest;
``full``: train = all of it.
Writes OUT_DIR/{train,eval}.pkl: per sentence (words, gold tags, marginals [n x 9]).
"""

from __future__ import annotations

import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from riwaya.ner import crf, data, lexicon
from riwaya.paths import shared_path

FOLDS = 5


def fit_and_mark(args):
    """Train a CRF the shipped way on ``train`` and return marginals for ``held``."""
    train, held, names, out = args
    tagger = crf.Tagger(crf.train_with_lexicons(train, names, out))
    return [tagger.marginals(words) for words, _ in held]


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
    size = -(-len(train) // FOLDS)
    jobs = [(train[: k * size] + train[(k + 1) * size :], train[k * size : (k + 1) * size], names,
             str(out / f"fold{k}.crfsuite")) for k in range(FOLDS)]  # fmt: skip
    if held:
        jobs.append((train, held, names, str(out / "all.crfsuite")))
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(fit_and_mark, jobs))
    oof = [m for part in results[:FOLDS] for m in part]
    _dump(out / "train.pkl", train, oof)
    if held:
        _dump(out / "eval.pkl", held, results[FOLDS])


def _dump(path: Path, sentences, marginals) -> None:
    with open(path, "wb") as fh:
        pickle.dump([(w, t, m) for (w, t), m in zip(sentences, marginals, strict=True)], fh)


if __name__ == "__main__":
    main(sys.argv[1:])
