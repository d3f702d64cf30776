"""What ``riwaya train ner`` runs: the shipped NER models rebuilt from ANERcorp train.

:func:`train_shipped` trains the CRF the shipped way (:mod:`riwaya.training.ner_crf`), then, with
torch installed, the networks stacked on it (:mod:`riwaya.training.ner_stack`). The settings
and why they were chosen on dev are in ``src/riwaya/models/README.md``.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from riwaya.components.entities import data, lexicon
from riwaya.components.entities.crf import model_path
from riwaya.components.entities.data import Sentence
from riwaya.paths import shared_path
from riwaya.training import ner_stack
from riwaya.training.ner_crf import train_with_lexicons


def train_shipped(
    out: str | Path | None = None, params: dict | None = None, stacked: bool = True, log=print
) -> Path:
    """Rebuild the shipped model from ANERcorp train in ../shared/data, with the WikiFANE name
    list as its own feature; with ``stacked`` (and torch installed) the stacked networks next."""
    sentences = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
    wikifane = data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
    names = lexicon.names(wikifane)
    model = train_with_lexicons(sentences, names, out or model_path(), params)
    if stacked:
        _train_networks(sentences, names, model, log)
    return model


def _train_networks(sentences: list[Sentence], names: dict, model: Path, log) -> None:
    """The stacked networks need torch; without it say how to get it and keep the CRF alone."""
    if importlib.util.find_spec("torch") is None:
        log("torch is not installed: trained the CRF only; for the stacked networks run "
            "pip install 'riwaya[train]' and train again (or pass --crf-only to silence this)")  # fmt: skip
        return
    with tempfile.TemporaryDirectory() as work:
        for path in ner_stack.train(sentences, names, model, Path(work), log):
            log(f"saved {path}")
