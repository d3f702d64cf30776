"""Train, load and run the CRF tagger (python-crfsuite), plus the document-consistency pass.

The model file ships in ``riwaya/models/ner-crf.crfsuite``. Sentences are tagged one by one; then
:func:`propagate` makes the tags of a window of sentences consistent: a word sequence tagged as a
name in one sentence is tagged the same where it recurs untagged nearby (news repeats names).
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

from riwaya.components.entities.data import LABELS, Sentence, bio, chunks
from riwaya.components.entities.dense import load as load_dense
from riwaya.components.entities.features import sentence_features, word_features
from riwaya.components.entities.lexicon import load as load_lexicon
from riwaya.components.entities.lexicon import load_names
from riwaya.components.entities.repair import nationalities, repair, tag_clubs_in_context
from riwaya.errors import RiwayaError, require

MODEL_NAME = "ner-crf.crfsuite"
DEFAULT_PARAMS = {"c1": 0.02, "c2": 0.005, "max_iterations": 200, "feature.possible_transitions": True}


def model_path() -> Path:
    return Path(str(resources.files("riwaya") / "models" / MODEL_NAME))


def lexicon_path(model: Path) -> Path:
    return model.with_suffix(".lexicon.tsv")


def names_path(model: Path) -> Path:
    return model.with_suffix(".names.tsv")


def dense_path(model: Path) -> Path:
    return model.with_suffix(".dense.npz")


def second_pass_path(model: Path) -> Path:
    return model.with_suffix(".pass2.crfsuite")


def train(
    sentences: list[Sentence], out: str | Path, params: dict | None = None,
    lexicons: list[dict[str, str]] | None = None, hints: list[list[str]] | None = None,
    verbose: bool = False, domains: list[str] | None = None,
    names: dict[tuple[str, ...], str] | None = None, dense: list | None = None,
) -> Path:  # fmt: skip
    """Fit a CRF on ``sentences`` (with per-sentence name lexicons and document hints if given).

    ``domains`` marks sentences from other corpora (e.g. "wf"): their features also get a copy
    prefixed with the domain, so that corpus's own habits land on weights ANERcorp-style text
    never fires (feature augmentation for domain adaptation; no dev gain, unused when shipping).
    ``names`` is the other-corpus name list (:func:`riwaya.components.entities.lexicon.names`); ``dense`` the
    stacked MLP's out-of-fold predictions per sentence (:func:`riwaya.components.entities.dense.jackknife`).
    """
    crfsuite = require("pycrfsuite", "ner", "NER training")
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


class Tagger:
    """A loaded CRF: ``tag(words)`` gives BIO tags; ``tag_document`` adds the consistency pass."""

    repairs = True  # rule repairs of :mod:`riwaya.components.entities.repair` (scripts/ner_dev.py --norepair)

    def __init__(self, path: str | Path | None = None):
        crfsuite = require("pycrfsuite", "ner", "NER tagging")
        path = self.path = Path(path) if path else model_path()
        if not path.is_file():
            raise RiwayaError(f"NER model {str(path)!r} is missing; rebuild it with: riwaya train ner")
        self._tagger = crfsuite.Tagger()
        self._tagger.open(str(path))
        known = set(self._tagger.labels())
        self._columns = [lab if lab in known else None for lab in LABELS]  # a label never seen: 0.0
        self.lexicon = load_lexicon(lexicon_path(path))
        self.names = load_names(names_path(path))
        self.dense = load_dense(dense_path(path))
        self._second = None
        if second_pass_path(path).is_file():
            self._second = crfsuite.Tagger()
            self._second.open(str(second_pass_path(path)))

    def _features(self, words: list[str]) -> list[list[str]]:
        preds = self.dense.predict(words) if self.dense else None
        return sentence_features(words, self.lexicon, None, self.names, preds)

    def tag(self, words: list[str]) -> list[str]:
        return list(self._tagger.tag(self._features(words))) if words else []

    def marginals(self, words: list[str]) -> list[list[float]]:
        """Per token, the CRF's marginal probability of each label in :data:`LABELS` order."""
        if not words:
            return []
        self._tagger.set(self._features(words))
        return self._set_marginals(len(words))

    def tags_and_marginals(self, words: list[str]) -> tuple[list[str], list[list[float]]]:
        """The CRF's best tags and its per-token label marginals, from one feature extraction."""
        if not words:
            return [], []
        self._tagger.set(self._features(words))
        return list(self._tagger.tag()), self._set_marginals(len(words))

    def _set_marginals(self, n: int) -> list[list[float]]:
        """The marginals of the sentence last given to the CRF (``set``), in LABELS order."""
        marginal, columns = self._tagger.marginal, self._columns
        return [[marginal(lab, i) if lab else 0.0 for lab in columns] for i in range(n)]

    def tag_document(self, sentences: list[list[str]], window: int = 30) -> list[list[str]]:
        """Tag sentences; with a second-pass model, retag them knowing what the document says."""
        tagged = [self.tag(words) for words in sentences]
        if self._second is not None:
            hints = doc_hints(sentences, tagged, window or 30)
            tagged = [
                list(self._second.tag(sentence_features(w, self.lexicon, h, self.names))) if w else []
                for w, h in zip(sentences, hints, strict=True)
            ]
        return self.finish(sentences, tagged, window)

    def finish(self, sentences: list[list[str]], tagged: list[list[str]], window: int) -> list[list[str]]:
        """Rule repairs, then the document-consistency pass, on any tagger's output."""
        if self.repairs:
            tagged = [repair(w, t, self.lexicon) for w, t in zip(sentences, tagged, strict=True)]
            tagged = tag_clubs_in_context(sentences, tagged)
        return propagate(sentences, tagged, window) if window else tagged


@lru_cache(maxsize=4)
def tagger(path: str | None = None, stacked: bool | None = None) -> Tagger:
    """The shipped tagger (the CRF with the networks stacked on it), loaded once per process;
    ``stacked=None`` follows :func:`stacked_by_default`."""
    from riwaya.components.entities.stack import load

    return load(path, stacked_by_default() if stacked is None else stacked)


def stacked_by_default() -> bool:
    """The stacked tagger is the default (better on every type, 0.744 against 0.720 F1 on ANERcorp
    test) but tags about 12k-14k tokens/s per core against the CRF's 40k-78k
    (models/README.md); ``RIWAYA_NER=crf`` picks the CRF alone, e.g. for a first pass over a very
    large corpus."""
    mode = os.environ.get("RIWAYA_NER", "stacked")
    if mode not in ("stacked", "crf"):
        raise RiwayaError(f"RIWAYA_NER is {mode!r}; set it to 'stacked' (the default) or 'crf'")
    return mode == "stacked"


def doc_hints(sentences: list[list[str]], tagged: list[list[str]], window: int) -> list[list[str]]:
    """Per token, the name type its stem got most often in its window of sentences ('' if none)."""
    hints = []
    for lo in range(0, len(sentences), window):
        block = range(lo, min(lo + window, len(sentences)))
        votes: dict[str, Counter] = defaultdict(Counter)
        for k in block:
            for start, end, kind in chunks(tagged[k]):
                for w in sentences[k][start:end]:
                    votes[word_features(w)[2]][kind] += 1
        for k in block:
            stems = (word_features(w)[2] for w in sentences[k])
            hints.append([votes[s].most_common(1)[0][0] if s in votes else "" for s in stems])
    return hints


def propagate(sentences: list[list[str]], tagged: list[list[str]], window: int) -> list[list[str]]:
    """Tag untagged recurrences of names (by stem sequence) seen within ``window`` sentences."""
    stems = [[word_features(w)[2] for w in words] for words in sentences]
    out = [list(t) for t in tagged]
    for lo in range(0, len(sentences), window):
        names = _names_in(stems[lo : lo + window], tagged[lo : lo + window])
        for k in range(lo, min(lo + window, len(sentences))):
            _fill(stems[k], out[k], names)
    return out


def _names_in(stems, tagged) -> dict[tuple[str, ...], str]:
    """Names to spread over a window: every name but MISC, short words and a lone adjective of
    origin (السوداني tagged alone once would make every "الرئيس السوداني" a person; the surname
    of a full name seen nearby, محمد شياع السوداني, still spreads through :func:`_surnames`)."""
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for st, tags in zip(stems, tagged, strict=True):
        for start, end, kind in chunks(tags):
            key = tuple(st[start:end])
            if kind != "MISC" and all(len(s) >= 3 for s in key) and not _lone_origin(key):
                votes[key][kind] += 1
    names = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    return names | _surnames(names)


def _lone_origin(key: tuple[str, ...]) -> bool:
    return len(key) == 1 and key[0] in nationalities()


def _surnames(names: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """The last word of multi-word person names, when no two people share it (short forms); one
    name spelt two ways (صطفى الكاظمي، مصطفى الكاظمي, a typo) is one person."""
    from riwaya.components.entities.linking import variant_keys

    by_tail: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key, kind in names.items():
        if kind == "PER" and len(key) > 1 and key[:-1] not in names:
            by_tail[key[-1]].append(key)
    return {(tail,): "PER" for tail, keys in by_tail.items() if len(tail) >= 4 and (tail,) not in names
            and all(variant_keys(a, b) for a, b in combinations(keys, 2))}  # fmt: skip


def _fill(stems: list[str], tags: list[str], names: dict[tuple[str, ...], str]) -> None:
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in sorted(names, key=len, reverse=True):
        by_first[key[0]].append(key)
    for i, stem in enumerate(stems):
        for key in by_first.get(stem, ()):
            n = len(key)
            if tuple(stems[i : i + n]) == key and all(t == "O" for t in tags[i : i + n]):
                tags[i : i + n] = bio(names[key], n)
                break


def train_stacked(
    sentences: list[Sentence], out: str | Path, params: dict | None = None, folds: int = 5
) -> Path:
    """First-pass CRF, then a second pass trained on jackknifed first-pass document hints.

    Each fold is tagged by a first-pass model that never saw it, so the second pass learns how far
    "this stem was a name elsewhere in the document" can be trusted on unseen text.
    """
    from riwaya.components.entities import lexicon

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


def train_shipped(
    out: str | Path | None = None, params: dict | None = None, stacked: bool = True, log=print
) -> Path:
    """Rebuild the shipped model from ANERcorp train in ../shared/data (what ``riwaya train ner`` runs).

    Settings were chosen on the last 10% of train as dev (scripts/ner_dev.py): the jackknife name
    lexicon helped (+0.03 F1), and so did a WikiFANE name list as its own feature (+0.01); AQMAR or
    WikiFANE as extra training data hurt, and a stacked second pass with document hints
    (:func:`train_stacked`) did not help (0.682 vs 0.689), so none of those is used. With
    ``stacked`` (and torch installed) the networks of :mod:`riwaya.components.entities.stack` are trained next.
    """
    from riwaya.components.entities import data, lexicon
    from riwaya.paths import shared_path

    sentences = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
    wikifane = data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
    names = lexicon.names(wikifane)
    model = train_with_lexicons(sentences, names, out or model_path(), params)
    if stacked:
        _train_networks(sentences, names, model, log)
    return model


def _train_networks(sentences: list[Sentence], names: dict, model: Path, log) -> None:
    """The stacked networks need torch; without it say how to get it and keep the CRF alone."""
    import importlib.util
    import tempfile

    from riwaya.components.entities import stack

    if importlib.util.find_spec("torch") is None:
        log("torch is not installed: trained the CRF only; for the stacked networks run "
            "pip install 'riwaya[train]' and train again (or pass --crf-only to silence this)")  # fmt: skip
        return
    with tempfile.TemporaryDirectory() as work:
        for path in stack.train(sentences, names, model, Path(work), log):
            log(f"saved {path}")


def train_with_lexicons(
    sentences: list[Sentence], names: dict[tuple[str, ...], str], out: str | Path, params: dict | None = None
) -> Path:
    """The shipped recipe on any training set: name lexicon and name list beside the model, the
    CRF trained on jackknifed lexicons (also used by scripts/ner_oof.py for each fold)."""
    from riwaya.components.entities import lexicon

    out = Path(out)
    lexicon.save(lexicon.build(sentences), lexicon_path(out))
    lexicon.save_names(names, names_path(out))
    return train(sentences, out, params, lexicon.jackknife(sentences, []), names=names)
