"""A small dense tagger stacked under the CRF: its best BIO label per token becomes a CRF feature.

A per-token MLP over a window of subword vectors (the USE v3 Arabic pieces of
:mod:`riwaya.components.entities.clusters`, reduced by PCA) can say "this looks like a foreign
surname" for words the CRF never saw. Its label and a confidence bucket go to the CRF as features.

Everything the tagger needs (projected piece vectors, the MLP's weights) is one small ``.npz``
next to the CRF model (:func:`load`; absent, the feature is off); the forward pass is plain numpy.
:mod:`riwaya.training.ner_dense` fits one. No dense model ships: it did not help on dev
(``src/riwaya/models/README.md``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from riwaya.components.entities.clusters import NOT_LETTER, PieceTable
from riwaya.components.entities.features import shape
from riwaya.text.tokens import light_segment

DIM = 64
WINDOW = (-2, -1, 0, 1, 2)
FLAGS = ("ar", "lat", "num", "punct", "def", "clitic", "novec", "pad")
Prediction = tuple[str, float, float]  # best label, its probability, P(not O)


class Embedder:
    """Word -> vector: mean of PCA-projected piece vectors of the word's stem, plus flags."""

    def __init__(self, table: PieceTable):
        self.table = table
        self.embed = lru_cache(maxsize=200000)(self._embed)

    def _embed(self, word: str) -> np.ndarray:
        """Stem vector, whole-word vector and flags of one word, cached (names repeat)."""
        seg = light_segment(word[:40])
        stem_vec = piece_mean(self.table, seg.stem)
        word_vec = piece_mean(self.table, word[:40]) if seg.prefixes else stem_vec
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


def piece_mean(table: PieceTable, word: str) -> np.ndarray | None:
    """Unnormalised mean piece vector of the word's Arabic letters (a projection stays linear)."""
    letters = NOT_LETTER.sub("", word)
    ids = [i for i in table.segment(letters) if i >= 0] if letters else []
    return table.vectors[ids].mean(axis=0) if ids else None


class Dense:
    """A fitted embedder + MLP; ``predict(words)`` gives (label, probability) per token."""

    def __init__(self, emb: Embedder, weights: list[np.ndarray], biases: list[np.ndarray], labels):
        self.emb, self.weights, self.biases, self.labels = emb, weights, biases, list(labels)

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
