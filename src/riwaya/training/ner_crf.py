"""Train the CRF of :mod:`riwaya.components.entities.crf` (python-crfsuite).

:func:`train` fits one CRF on labelled sentences; :func:`train_with_lexicons` is the shipped
recipe (name lexicon and name list written beside the model); :func:`train_stacked` a
second-pass variant measured on dev and not shipped (``scripts/ner_dev.py --stack``).
"""

from __future__ import annotations

import time
from pathlib import Path

from riwaya.components.entities import lexicon
from riwaya.components.entities.crf import Tagger, doc_hints, lexicon_path, names_path, second_pass_path
from riwaya.components.entities.data import Sentence
from riwaya.components.entities.features import sentence_features
from riwaya.errors import require

DEFAULT_PARAMS = {"c1": 0.02, "c2": 0.005, "max_iterations": 200, "feature.possible_transitions": True}


def train(
    sentences: list[Sentence], out: str | Path, params: dict | None = None,
    lexicons: list[dict[str, str]] | None = None, hints: list[list[str]] | None = None,
    verbose: bool = False, domains: list[str] | None = None,
    names: dict[tuple[str, ...], str] | None = None, dense: list | None = None,
) -> Path:  # fmt: skip
    """Fit a CRF on ``sentences`` (with per-sentence name lexicons and document hints if given).

    ``domains`` marks sentences from other corpora (e.g. "wf"): their features also get a copy
    prefixed with the domain (feature augmentation for domain adaptation; unused when shipping).
    ``names`` is the other-corpus name list (:func:`riwaya.components.entities.lexicon.names`);
    ``dense`` the stacked MLP's out-of-fold predictions per sentence
    (:func:`riwaya.training.ner_dense.jackknife`).
    """
    crfsuite = require("pycrfsuite", "core", "NER training")
    trainer = crfsuite.Trainer(verbose=verbose)
    lexicons = lexicons or [None] * len(sentences)
    hints = hints or [None] * len(sentences)
    domains = domains or [""] * len(sentences)
    dense = dense or [None] * len(sentences)
    rows = zip(sentences, lexicons, hints, domains, dense, strict=True)
    for (words, tags), lex, hint, dom, preds in rows:
        feats = sentence_features(words, lex, hint, names, preds)
        if dom:
            feats = [f + [f"{dom}:{x}" for x in f] for f in feats]
        trainer.append(feats, tags)
    params = DEFAULT_PARAMS | (params or {})
    trainer.select(params.get("algorithm", "lbfgs"), "crf1d")
    known = set(trainer.params())  # each algorithm takes its own settings (ap has no c1/c2)
    trainer.set_params({k: v for k, v in params.items() if k in known})
    t0 = time.perf_counter()
    trainer.train(str(out))
    print(f"trained on {len(sentences)} sentences in {time.perf_counter() - t0:.0f} s -> {out}")
    return Path(out)


def train_stacked(
    sentences: list[Sentence], out: str | Path, params: dict | None = None, folds: int = 5
) -> Path:
    """First-pass CRF, then a second pass trained on jackknifed first-pass document hints.

    Each fold is tagged by a first-pass model that never saw it, so the second pass learns how far
    "this stem was a name elsewhere in the document" can be trusted on unseen text.
    """
    out = Path(out)
    lexicons = lexicon.jackknife(sentences, [], folds)
    size = -(-len(sentences) // folds)
    first: list[list[str]] = []
    for k in range(folds):
        held = range(k * size, min((k + 1) * size, len(sentences)))
        rest = [i for i in range(len(sentences)) if i not in held]
        fold_model = out.with_suffix(f".fold{k}.tmp")
        train([sentences[i] for i in rest], fold_model, params, [lexicons[i] for i in rest])
        tagger = Tagger(fold_model)
        for i in held:
            tagger.lexicon = lexicons[i]
            first.append(tagger.tag(sentences[i][0]))
        fold_model.unlink()
    hints = doc_hints([w for w, _ in sentences], first, 30)
    lexicon.save(lexicon.build(sentences), lexicon_path(out))
    train(sentences, second_pass_path(out), params, lexicons, hints)
    return train(sentences, out, params, lexicons)


def train_with_lexicons(
    sentences: list[Sentence], names: dict[tuple[str, ...], str], out: str | Path, params: dict | None = None
) -> Path:
    """The shipped recipe on any training set: name lexicon and name list beside the model, the
    CRF trained on jackknifed lexicons (also used by scripts/ner_oof.py for each fold)."""
    out = Path(out)
    lexicon.save(lexicon.build(sentences), lexicon_path(out))
    lexicon.save_names(names, names_path(out))
    return train(sentences, out, params, lexicon.jackknife(sentences, []), names=names)
