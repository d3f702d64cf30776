"""A small BiLSTM-CRF stacked on the CRF tagger, run in numpy (no torch at tagging time).

Why: the CRF sees a fixed window of hand-made features; recall on people and organisations is
its weak spot. The stacked network reads the whole sentence, spells each word out (a character
CNN, so unseen transliterated names look like names) and takes the CRF's own label marginals as
input, so it learns where the CRF is unsure and what corrects it. It is trained (with torch, an
optional extra: ``pip install 'riwaya[train]'``) on out-of-fold CRF marginals, so it learns how
far the CRF can be trusted on text the CRF never saw (:mod:`riwaya.ner.neural_train`).

The weights ship as ``models/ner-crf.net1.npz`` and ``net2`` (:mod:`riwaya.ner.stack` runs them);
this module only needs numpy.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from riwaya.ner.data import LABELS
from riwaya.ner.features import word_features

__all__ = ["LABELS", "Network", "Vocab", "allowed_transitions", "viterbi"]
PAD, UNK = 0, 1
MAX_CHARS = 20
BOW, EOW = "<", ">"


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


def allowed_transitions() -> np.ndarray:
    """A [from, to] mask of BIO transitions: I-X only after B-X or I-X (row 9 = sentence start)."""
    n = len(LABELS)
    ok = np.ones((n + 1, n), dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            ok[:, j] = False
            ok[LABELS.index("B-" + lab[2:]), j] = ok[j, j] = True
    return ok


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class Network:
    """The trained network's forward pass and Viterbi decoding in numpy."""

    def __init__(self, weights: dict[str, np.ndarray], vocab: Vocab):
        self.w, self.vocab = weights, vocab
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
        if vec is None:
            ids = np.zeros(MAX_CHARS, dtype=np.int64)
            got = self.vocab.char_ids(word)
            ids[: len(got)] = got
            vec = self._conv(self.w["char.weight"][ids])
            if len(self._chars) < 200_000:
                self._chars[word] = vec
        return vec

    def _conv(self, x: np.ndarray) -> np.ndarray:
        weight, bias = self.w["conv.weight"], self.w["conv.bias"]  # (filters, dim, width)
        width = weight.shape[2]
        pad = np.zeros((width // 2, x.shape[1]), dtype=x.dtype)
        xp = np.concatenate([pad, x, pad])
        windows = np.stack([xp[k : k + len(x)] for k in range(width)], axis=2)  # (len, dim, width)
        out = windows.reshape(len(x), -1) @ weight.reshape(len(weight), -1).T + bias
        return np.maximum(out, 0).max(axis=0)

    def inputs(self, words: list[str], marginals: np.ndarray, context=None) -> np.ndarray:
        """Per word: stem embedding, character CNN, [context projection,] CRF marginals and logs."""
        stems = self.w["stem.weight"][[self.vocab.stem_id(w) for w in words]]
        chars = np.stack([self.char_vector(w) for w in words])
        parts = [stems, chars]
        if self.wants_context:
            parts.append(np.tanh(context @ self.w["ext.weight"].T + self.w["ext.bias"]))
        logs = np.log(marginals + 1e-4)
        return np.concatenate(parts + [marginals, logs], axis=1).astype(np.float32)

    @property
    def wants_context(self) -> bool:
        """True when the network reads :mod:`riwaya.ner.context` vectors."""
        return "ext.weight" in self.w

    def _lstm(self, x: np.ndarray, suffix: str) -> np.ndarray:
        """One LSTM direction over a padded batch (batch, time, dim); padding must come last."""
        w_ih, w_hh = self.w["lstm.weight_ih_l0" + suffix], self.w["lstm.weight_hh_l0" + suffix]
        pre = x @ w_ih.T + (self.w["lstm.bias_ih_l0" + suffix] + self.w["lstm.bias_hh_l0" + suffix])
        size = w_hh.shape[1]
        h = np.zeros((len(x), size), np.float32)
        c = np.zeros((len(x), size), np.float32)
        out = np.empty((*x.shape[:2], size), np.float32)
        for t in range(x.shape[1]):
            g = pre[:, t] + h @ w_hh.T  # gates in torch's order: input, forget, cell, output
            gate = _sigmoid(g)
            c = gate[:, size : 2 * size] * c + gate[:, :size] * np.tanh(g[:, 2 * size : 3 * size])
            h = gate[:, 3 * size :] * np.tanh(c)
            out[:, t] = h
        return out

    def emissions(self, words: list[str], marginals, context=None) -> np.ndarray:
        return self.emissions_batch([words], [marginals], [context])[0]

    def emissions_batch(
        self, sentences: list[list[str]], marginals: list, contexts: list
    ) -> list[np.ndarray]:
        """Label scores for several non-empty sentences at once (one LSTM step per position for
        the whole batch, which is what makes numpy tagging fast)."""
        xs = [
            self.inputs(w, np.asarray(m, dtype=np.float32), c)
            for w, m, c in zip(sentences, marginals, contexts, strict=True)
        ]
        lens = [len(x) for x in xs]
        batch = np.zeros((len(xs), max(lens), xs[0].shape[1]), np.float32)
        back = np.zeros_like(batch)
        for b, x in enumerate(xs):
            batch[b, : len(x)], back[b, : len(x)] = x, x[::-1]
        fwd, bwd = self._lstm(batch, ""), self._lstm(back, "_reverse")
        out = []
        for b, n in enumerate(lens):
            h = np.concatenate([fwd[b, :n], bwd[b, :n][::-1]], axis=1)
            out.append(h @ self.w["out.weight"].T + self.w["out.bias"])
        return out

    def tag(self, words: list[str], marginals, context=None) -> list[str]:
        if not words:
            return []
        return [LABELS[k] for k in viterbi(self.emissions(words, marginals, context), self.w["trans"])]


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
