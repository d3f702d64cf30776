"""The stacked NER tagger: the CRF, then small BiLSTM-CRF networks stacked on what it says.

Each network of :mod:`riwaya.components.entities.neural` reads the CRF's label marginals, the
word spelled out, its stem, and USE v3 context vectors (:mod:`riwaya.components.entities.context`)
for the whole sentence, and corrects the CRF where it is unsure; the networks' label scores are
averaged and decoded once. Rule repairs and the document-consistency pass of
:class:`~riwaya.components.entities.crf.Tagger` follow. A sentence whose every word the CRF
labels with a marginal of at least :data:`GATE` keeps the CRF's tags (why these choices, with
their dev scores: ``src/riwaya/models/README.md``).

Networks ship beside the CRF as ``ner-crf.net1.npz``, ``ner-crf.net2.npz``;
:func:`riwaya.components.entities.shipped.load` stacks them when present.
:mod:`riwaya.training.ner_stack` rebuilds them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from riwaya.components.entities import neural
from riwaya.components.entities.context import encoder
from riwaya.components.entities.crf import Tagger
from riwaya.components.entities.data import LABELS
from riwaya.errors import RiwayaError

BATCH = 32  # sentences per numpy LSTM batch
GATE = 0.95  # sentences whose every word the CRF labels with at least this marginal skip the networks


def net_paths(model: Path) -> list[Path]:
    """The networks shipped beside a CRF model file (``X.crfsuite`` -> ``X.net1.npz`` ...)."""
    return sorted(model.parent.glob(model.name.removesuffix(".crfsuite") + ".net*.npz"))


class StackedTagger(Tagger):
    """A CRF plus the networks stacked on it; ``tag_document`` as for the CRF alone."""

    def __init__(self, path: str | Path | None = None, nets: list[Path] | None = None, gate: float = GATE):
        super().__init__(path)
        self.gate = gate
        self.nets = [neural.Network.load(p) for p in (nets or net_paths(self.path))]
        self.trans = np.mean([net.w["trans"] for net in self.nets], axis=0)
        self.labels = self.nets[0].labels if self.nets else LABELS
        if any(net.labels != self.labels for net in self.nets):
            raise RiwayaError(
                f"the stacked networks beside {self.path} score different label sets "
                f"({sorted({len(net.labels) for net in self.nets})} labels); retrain them together "
                "with `riwaya train ner`"
            )

    def tag_document(self, sentences: list[list[str]], window: int = 30) -> list[list[str]]:
        return self.finish(sentences, self.tag_sentences(sentences), window)

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags per sentence: the CRF's where it is sure of every word, else the networks',
        sentences of similar length batched through them."""
        out: list[list[str]] = [[] for _ in sentences]
        unsure, margs = [], {}
        for i, words in enumerate(sentences):
            tags, marg = self.tags_and_marginals(words)
            marg = margs[i] = np.asarray(marg, dtype=np.float32).reshape(len(words), len(LABELS))
            out[i] = tags
            if words and marg.max(axis=1).min() < self.gate:
                unsure.append(i)
        unsure.sort(key=lambda i: len(sentences[i]))
        for lo in range(0, len(unsure), BATCH):
            chunk = unsure[lo : lo + BATCH]
            scores = self.emissions([sentences[i] for i in chunk], [margs[i] for i in chunk])
            for i, em in zip(chunk, scores, strict=True):
                out[i] = neural.decode_bio(em, self.trans, self.labels)
        return out

    def emissions(
        self, sentences: list[list[str]], margs: list[np.ndarray] | None = None
    ) -> list[np.ndarray]:
        """The networks' averaged label scores for non-empty sentences."""
        if margs is None:
            margs = [np.asarray(self.marginals(w), dtype=np.float32) for w in sentences]
        with one_blas_thread():
            return self._emissions(sentences, margs)

    def _emissions(self, sentences: list[list[str]], margs: list[np.ndarray]) -> list[np.ndarray]:
        contexts: list = [None] * len(sentences)
        if any(net.wants_context for net in self.nets):
            contexts = encoder().sentences(sentences)
        per_net = neural.emissions_together(self.nets, sentences, margs, contexts)
        return [np.mean(scores, axis=0) for scores in zip(*per_net, strict=True)]


def _blas_controller():
    """A fresh controller (0.5 ms): one made earlier misses a BLAS loaded since (scipy's own)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which every loaded BLAS (numpy's, scipy's) uses one thread. Why: ``analyze --jobs N`` runs N worker
    processes; each letting BLAS spread the USE matrix products over every core made a 2-job run
    on 2 cores 7.6 times slower than one job (threads spinning against each other). Parallelism
    comes from the jobs."""
    return _blas_controller().limit(limits=1, user_api="blas")
