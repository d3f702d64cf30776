"""Train the networks of :mod:`riwaya.components.entities.stack` (torch, the ``train`` extra).

Five CRFs each mark the fifth of the training set they never saw (:func:`out_of_fold_marginals`),
so the networks learn how far to trust the CRF on unseen text, not on text it has memorised;
:func:`train` then fits one network per seed in :data:`SEEDS` and saves them beside the CRF.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from riwaya.components.entities import neural
from riwaya.components.entities.context import encoder
from riwaya.components.entities.crf import Tagger
from riwaya.components.entities.data import Sentence
from riwaya.training import ner_neural
from riwaya.training.ner_crf import train_with_lexicons

FOLDS = 5
SEEDS = (1, 2)
HPARAMS = {
    "epochs": 15,
    "ext_proj": 128,
    "ext_dropout": 0.5,
    "scheme": "bioes",
}  # chosen on dev (models/README.md)


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
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"out-of-fold CRF marginals ({FOLDS} CRFs) in {workdir}")
    marginals, _ = out_of_fold_marginals(sentences, names, workdir)
    contexts = encoder().sentences([w for w, _ in sentences])
    items = [(w, t, m, c) for (w, t), m, c in zip(sentences, marginals, contexts, strict=True) if w]
    paths = []
    for k, seed in enumerate(SEEDS, 1):
        weights, vocab, _hp = ner_neural.train(items, HPARAMS | {"seed": seed}, log=log)
        paths.append(model.parent / (model.name.removesuffix(".crfsuite") + f".net{k}.npz"))
        neural.Network(weights, vocab).save(paths[-1])
    return paths
