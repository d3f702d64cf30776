"""A small BiLSTM-CRF stacked on the CRF tagger, run in numpy (no torch at tagging time).

Why: the CRF sees a fixed window of hand-made features; recall on people and organisations is
its weak spot. The stacked network reads the whole sentence, spells each word out (a character
CNN, so unseen transliterated names look like names) and takes the CRF's own label marginals as
input, so it learns where the CRF is unsure and what corrects it. It is trained (with torch, an
optional extra: ``pip install 'riwaya[train]'``) on out-of-fold CRF marginals, so it learns how
far the CRF can be trusted on text the CRF never saw (:mod:`riwaya.training.ner_neural`).

The weights ship as ``models/ner-crf.net1.npz`` and ``net2`` (:mod:`riwaya.components.entities.stack` runs them);
this module only needs numpy.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from riwaya.components.entities.data import LABELS
from riwaya.components.entities.features import word_features

__all__ = ["LABELS", "Network", "Vocab", "allowed_transitions", "decode_bio", "to_bio", "to_bioes", "viterbi"]
BIOES = ("O", *(f"{p}-{t}" for t in ("PER", "ORG", "LOC", "MISC") for p in "BIES"))
PAD, UNK = 0, 1
MAX_CHARS = 20
BOW, EOW = "<", ">"
CHAR_CACHE = 200_000  # words whose character vectors stay cached


def stem_of(word: str) -> str:
    return word_features(word)[2]


def chars_of(word: str) -> str:
    """The folded word between boundary marks, cut to MAX_CHARS (clitics kept: وللكاظمي)."""
    return (BOW + word_features(word)[1] + EOW)[:MAX_CHARS]


class Vocab:
    """Stem and character ids; rare stems map to UNK (the character CNN still spells them)."""

    def __init__(self, stems: list[str], chars: list[str]):
        self.stems = {s: i + 2 for i, s in enumerate(stems)}
        self.chars = {c: i + 2 for i, c in enumerate(chars)}

    @classmethod
    def build(cls, sentences, min_count: int = 2) -> Vocab:
        stems, chars = Counter(), Counter()
        for words, _tags in sentences:
            for w in words:
                stems[stem_of(w)] += 1
                chars.update(chars_of(w))
        keep = lambda c: sorted(k for k, n in c.items() if n >= min_count)  # noqa: E731
        return cls(keep(stems), keep(chars))

    def to_json(self) -> str:
        return json.dumps({"stems": sorted(self.stems, key=self.stems.get),
                           "chars": sorted(self.chars, key=self.chars.get)}, ensure_ascii=False)  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Vocab:
        obj = json.loads(text)
        return cls(obj["stems"], obj["chars"])

    def stem_id(self, word: str) -> int:
        return self.stems.get(stem_of(word), UNK)

    def char_ids(self, word: str) -> list[int]:
        return [self.chars.get(c, UNK) for c in chars_of(word)]


def allowed_transitions(labels: tuple[str, ...] = LABELS) -> np.ndarray:
    """A [from, to] mask of legal transitions (last row: the sentence start). BIO: I-X only after
    B-X or I-X. BIOES (labels with E-): besides, after B-X or I-X only I-X or E-X."""
    bioes = any(lab.startswith("E-") for lab in labels)
    ok = np.ones((len(labels) + 1, len(labels)), dtype=bool)
    for i, src in enumerate((*labels, "O")):
        for j, dst in enumerate(labels):
            ok[i, j] = _may_follow(src, dst, bioes)
    return ok


def _may_follow(src: str, dst: str, bioes: bool) -> bool:
    if dst[:2] in ("I-", "E-"):
        return src[:2] in ("B-", "I-") and src[2:] == dst[2:]
    return not (bioes and src[:2] in ("B-", "I-"))


def to_bioes(tags: list[str]) -> list[str]:
    """BIO tags (legal: no I-X without B-X or I-X before it) as BIOES: a name's last word E-,
    a one-word name S-."""
    out = []
    for i, tag in enumerate(tags):
        ends = i + 1 == len(tags) or not tags[i + 1].startswith("I-")
        if tag != "O" and ends:
            tag = ("S-" if tag.startswith("B-") else "E-") + tag[2:]
        out.append(tag)
    return out


def to_bio(tags: list[str]) -> list[str]:
    """BIOES (or BIO) tags as BIO."""
    return [{"S-": "B-", "E-": "I-"}.get(t[:2], t[:2]) + t[2:] if t != "O" else t for t in tags]


def _char_conv(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """ReLU then max over positions of a same-padded 1-D convolution, for (words, chars, dim)
    input; ``weight`` is torch's (filters, dim, width)."""
    width = weight.shape[2]
    pad = np.zeros((len(x), width // 2, x.shape[2]), dtype=x.dtype)
    xp = np.concatenate([pad, x, pad], axis=1)
    windows = np.stack([xp[:, k : k + x.shape[1]] for k in range(width)], axis=3)  # (n, len, dim, width)
    out = windows.reshape(len(x), x.shape[1], -1) @ weight.reshape(len(weight), -1).T + bias
    return np.maximum(out, 0).max(axis=1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@dataclass
class Batch:
    """What every network reads of a batch, flattened once for all of them: the words, the CRF's
    marginals with their logs (``evidence``), the context vectors (or None) and sentence lengths."""

    sentences: list[list[str]]
    words: list[str]
    evidence: np.ndarray
    context: np.ndarray | None
    lens: list[int]

    @classmethod
    def of(cls, sentences: list[list[str]], marginals: list, contexts: list) -> Batch:
        rows = [np.asarray(m, dtype=np.float32).reshape(-1, len(LABELS)) for m in marginals]
        margs = np.concatenate(rows)
        have = [c for c in contexts if c is not None]
        return cls(
            sentences,
            [w for ws in sentences for w in ws],
            np.concatenate([margs, np.log(margs + 1e-4)], axis=1),
            np.concatenate(have) if len(have) == len(sentences) else None,
            [len(w) for w in sentences],
        )


class Network:
    """The trained network's forward pass and Viterbi decoding in numpy."""

    def __init__(self, weights: dict[str, np.ndarray], vocab: Vocab):
        self.w, self.vocab = weights, vocab
        # the labels it scores: BIO (LABELS) or BIOES, as it was trained
        self.labels = tuple(str(x) for x in weights["labels"]) if "labels" in weights else LABELS
        self._chars: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, path: str | Path) -> Network:
        with np.load(path, allow_pickle=False) as z:
            weights = {k: z[k] for k in z.files if k != "vocab"}
            vocab = Vocab.from_json(str(z["vocab"]))
        return cls(weights, vocab)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, vocab=np.array(self.vocab.to_json()), **self.w)

    def char_vector(self, word: str) -> np.ndarray:
        """The character CNN's max-pooled output for one word, cached (words repeat)."""
        vec = self._chars.get(word)
        return vec if vec is not None else self._char_vectors([word])[0]

    def _char_vectors(self, words: list[str]) -> np.ndarray:
        """The character CNN over several words in one matrix product; cached while room lasts."""
        ids = np.zeros((len(words), MAX_CHARS), dtype=np.int64)
        for i, word in enumerate(words):
            got = self.vocab.char_ids(word)
            ids[i, : len(got)] = got
        vecs = _char_conv(self.w["char.weight"][ids], self.w["conv.weight"], self.w["conv.bias"])
        for word, vec in zip(words, vecs, strict=True):
            if len(self._chars) < CHAR_CACHE:
                self._chars[word] = vec
        return vecs

    def prime(self, sentences: list[list[str]]) -> None:
        """Compute the character vectors of the sentences' uncached words in one go."""
        missing = list(dict.fromkeys(w for words in sentences for w in words if w not in self._chars))
        if missing:
            self._char_vectors(missing)

    def inputs(self, batch: Batch) -> np.ndarray:
        """Per word of the batch, one row: stem embedding, character CNN, [context projection,]
        CRF marginals and logs. Built for the whole batch at once: per-sentence pieces made the
        small numpy calls, not the arithmetic, the cost."""
        stems = self.w["stem.weight"][[self.vocab.stem_id(w) for w in batch.words]]
        chars = np.stack([self.char_vector(w) for w in batch.words])  # after prime(): cache hits
        parts = [stems, chars]
        if self.wants_context:
            parts.append(np.tanh(batch.context @ self.w["ext.weight"].T + self.w["ext.bias"]))
        return np.concatenate(parts + [batch.evidence], axis=1).astype(np.float32)

    @property
    def wants_context(self) -> bool:
        """True when the network reads :mod:`riwaya.components.entities.context` vectors."""
        return "ext.weight" in self.w

    def emissions(self, words: list[str], marginals, context=None) -> np.ndarray:
        return self.emissions_batch([words], [marginals], [context])[0]

    def emissions_batch(
        self, sentences: list[list[str]], marginals: list, contexts: list
    ) -> list[np.ndarray]:
        """Label scores for several non-empty sentences at once."""
        return emissions_together([self], sentences, marginals, contexts)[0]

    def recurrences(self, batch: Batch):
        """The LSTM's input pre-activations, forward and on reversed sentences, (2, batch, time,
        4 * hidden), with the matching hidden-to-hidden weights (2, hidden, 4 * hidden)."""
        self.prime(batch.sentences)
        hh = np.stack([self.w["lstm.weight_hh_l0"].T, self.w["lstm.weight_hh_l0_reverse"].T])
        return self._pre_activations(self.inputs(batch), batch.lens), hh

    def _pre_activations(self, rows: np.ndarray, lens: list[int]) -> np.ndarray:
        """Input-to-gate products of both directions for the real tokens in one matrix product
        (padding stays zero: it comes after every real step, so it changes no output)."""
        w, dirs = self.w, ("", "_reverse")
        w_ih = np.concatenate([w["lstm.weight_ih_l0" + d] for d in dirs])
        bias = np.concatenate([w["lstm.bias_ih_l0" + d] + w["lstm.bias_hh_l0" + d] for d in dirs])
        flat = rows @ w_ih.T + bias
        size = flat.shape[1] // 2  # 4 * hidden
        pre = np.zeros((2, len(lens), max(lens), size), np.float32)
        start = 0
        for b, n in enumerate(lens):
            part = flat[start : start + n]
            pre[0, b, :n], pre[1, b, :n] = part[:, :size], part[::-1, size:]
            start += n
        return pre

    def scores(self, fwd: np.ndarray, bwd: np.ndarray, lens: list[int]) -> list[np.ndarray]:
        """Per sentence, label scores from the two directions' hidden states."""
        out = []
        for b, n in enumerate(lens):
            h = np.concatenate([fwd[b, :n], bwd[b, :n][::-1]], axis=1)
            out.append(h @ self.w["out.weight"].T + self.w["out.bias"])
        return out

    def tag(self, words: list[str], marginals, context=None) -> list[str]:
        if not words:
            return []
        return decode_bio(self.emissions(words, marginals, context), self.w["trans"], self.labels)


def emissions_together(nets: list[Network], sentences: list[list[str]], marginals: list, contexts: list):
    """Each network's label scores for the same non-empty sentences, every LSTM direction of every
    network stepped in one loop. Why: a step is a few small matrix products, so numpy's per-call
    overhead, not arithmetic, is the cost; one loop for all of them pays it once."""
    batch = Batch.of(sentences, marginals, contexts)
    parts = [net.recurrences(batch) for net in nets]
    if len({hh.shape for _, hh in parts}) == 1:
        stepped = run_lstms(np.concatenate([p for p, _ in parts]), np.concatenate([h for _, h in parts]))
        hidden = [stepped[2 * k : 2 * k + 2] for k in range(len(nets))]
    else:  # networks of different sizes step apart
        hidden = [run_lstms(p, hh) for p, hh in parts]
    return [net.scores(h[0], h[1], batch.lens) for net, h in zip(nets, hidden, strict=True)]


def run_lstms(pre: np.ndarray, hh: np.ndarray) -> np.ndarray:
    """Hidden states of K independent LSTMs over padded batches, padding last: ``pre`` is
    (K, batch, time, 4 * hidden) input pre-activations, ``hh`` (K, hidden, 4 * hidden)."""
    size = hh.shape[1]
    h = np.zeros((*pre.shape[:2], size), np.float32)
    c = np.zeros_like(h)
    out = np.empty((*pre.shape[:3], size), np.float32)
    for t in range(pre.shape[2]):
        g = pre[:, :, t] + np.matmul(h, hh)  # gates in torch's order: input, forget, cell, output
        gate = _sigmoid(g)
        c = gate[..., size : 2 * size] * c + gate[..., :size] * np.tanh(g[..., 2 * size : 3 * size])
        h = gate[..., 3 * size :] * np.tanh(c)
        out[:, :, t] = h
    return out


def decode_bio(em: np.ndarray, trans: np.ndarray, labels: tuple[str, ...]) -> list[str]:
    """The best path of ``labels`` (BIO or BIOES) read back as BIO tags."""
    return to_bio([labels[k] for k in viterbi(em, trans)])


def viterbi(em: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best label path; ``trans`` is [from, to] with the last row for the sentence start."""
    n = em.shape[1]
    score, back = trans[n] + em[0], []
    for t in range(1, len(em)):
        cand = score[:, None] + trans[:n]
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + em[t]
    path = [int(score.argmax())]
    for ptr in reversed(back):
        path.append(int(ptr[path[-1]]))
    return path[::-1]
