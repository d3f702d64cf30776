"""The shipped NER tagger: the CRF, then small BiLSTM-CRF networks stacked on what it says.

Why: the CRF alone stalls near 0.71 F1 on ANERcorp; recall on people and organisations is the
gap. Each network of :mod:`riwaya.components.entities.neural` reads the CRF's label marginals, the word spelled
out, its stem, and USE v3 context vectors (:mod:`riwaya.components.entities.context`) for the whole sentence,
and corrects the CRF where it is unsure; the networks' label scores are averaged and decoded
once. Rule repairs and the document-consistency pass of :class:`~riwaya.components.entities.crf.Tagger` follow.
A sentence whose every word the CRF labels with a marginal of at least :data:`GATE` keeps the
CRF's tags: on dev that changed F1 by -0.001 and +0.003 and halves the work (models/README.md).

Networks ship beside the CRF as ``ner-crf.net1.npz``, ``ner-crf.net2.npz``; without them the CRF
tags alone. :func:`train` rebuilds them (torch, the optional ``train`` extra): five CRFs each mark
the fifth of the training set they never saw, so the networks learn how far to trust the CRF on
unseen text, not on text it has memorised.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from riwaya.components.entities import neural
from riwaya.components.entities.crf import Tagger, model_path, train_with_lexicons
from riwaya.components.entities.data import LABELS, Sentence
from riwaya.errors import RiwayaError

FOLDS = 5
SEEDS = (1, 2)
HPARAMS = {
    "epochs": 15,
    "ext_proj": 128,
    "ext_dropout": 0.5,
    "scheme": "bioes",
}  # chosen on dev (models/README.md)
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
            from riwaya.components.entities.context import encoder

            contexts = encoder().sentences(sentences)
        per_net = neural.emissions_together(self.nets, sentences, margs, contexts)
        return [np.mean(scores, axis=0) for scores in zip(*per_net, strict=True)]


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread. Why: ``analyze --jobs N`` runs N worker
    processes; each letting BLAS spread the USE matrix products over every core made a 2-job run
    on 2 cores 7.6 times slower than one job (threads spinning against each other). Parallelism
    comes from the jobs."""
    return _blas_controller().limit(limits=1, user_api="blas")


def load(path: str | Path | None = None, stacked: bool = True) -> Tagger:
    """The tagger for a model file: stacked when networks lie beside it (and ``stacked``)."""
    model = Path(path) if path else model_path()
    return StackedTagger(model) if stacked and net_paths(model) else Tagger(model)


def out_of_fold_marginals(
    sentences: list[Sentence], names: dict, workdir: Path, folds: int = FOLDS, extra: list | None = None
) -> tuple[list, list]:
    """CRF marginals for each training sentence from a CRF that never saw it, and (when ``extra``
    sentences are given) marginals for those from a CRF trained on all ``sentences``."""
    size = -(-len(sentences) // folds)
    jobs = [(sentences[: k * size] + sentences[(k + 1) * size :], sentences[k * size : (k + 1) * size],
             names, str(workdir / f"fold{k}.crfsuite")) for k in range(folds)]  # fmt: skip
    if extra:
        jobs.append((sentences, extra, names, str(workdir / "all.crfsuite")))
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_fit_and_mark, jobs))
    return [m for part in results[:folds] for m in part], (results[folds] if extra else [])


def _fit_and_mark(args) -> list:
    """Train a CRF the shipped way on ``train`` and return its marginals for ``held``."""
    train_part, held, names, out = args
    tagger = Tagger(train_with_lexicons(train_part, names, out))
    return [tagger.marginals(words) for words, _ in held]


def train(sentences: list[Sentence], names: dict, model: Path, workdir: Path, log=print) -> list[Path]:
    """Train the networks for the CRF at ``model`` (already trained on ``sentences``) and save
    them beside it; the out-of-fold CRFs go to ``workdir``."""
    from riwaya.components.entities.context import encoder
    from riwaya.training import ner_neural as neural_train

    workdir.mkdir(parents=True, exist_ok=True)
    log(f"out-of-fold CRF marginals ({FOLDS} CRFs) in {workdir}")
    marginals, _ = out_of_fold_marginals(sentences, names, workdir)
    contexts = encoder().sentences([w for w, _ in sentences])
    items = [(w, t, m, c) for (w, t), m, c in zip(sentences, marginals, contexts, strict=True) if w]
    paths = []
    for k, seed in enumerate(SEEDS, 1):
        weights, vocab, _hp = neural_train.train(items, HPARAMS | {"seed": seed}, log=log)
        paths.append(model.parent / (model.name.removesuffix(".crfsuite") + f".net{k}.npz"))
        neural.Network(weights, vocab).save(paths[-1])
    return paths
