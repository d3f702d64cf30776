"""Train, load and run the CRF tagger (python-crfsuite), plus the document-consistency pass.

The model file ships in ``riwaya/models/ner-crf.crfsuite``. Sentences are tagged one by one; then
:func:`propagate` makes the tags of a window of sentences consistent: a word sequence tagged as a
name in one sentence is tagged the same where it recurs untagged nearby (news repeats names).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from riwaya.errors import RiwayaError, require
from riwaya.ner.data import Sentence, chunks
from riwaya.ner.features import sentence_features, word_features
from riwaya.ner.lexicon import load as load_lexicon

MODEL_NAME = "ner-crf.crfsuite"
DEFAULT_PARAMS = {"c1": 0.02, "c2": 0.005, "max_iterations": 200, "feature.possible_transitions": True}


def model_path() -> Path:
    return Path(str(resources.files("riwaya") / "models" / MODEL_NAME))


def lexicon_path(model: Path) -> Path:
    return model.with_suffix(".lexicon.tsv")


def train(
    sentences: list[Sentence], out: str | Path, params: dict | None = None,
    lexicons: list[dict[str, str]] | None = None, verbose: bool = False,
) -> Path:  # fmt: skip
    """Fit a CRF on ``sentences`` (with a per-sentence name lexicon if given) and write it to ``out``."""
    crfsuite = require("pycrfsuite", "ner", "NER training")
    trainer = crfsuite.Trainer(verbose=verbose)
    lexicons = lexicons or [None] * len(sentences)
    for (words, tags), lex in zip(sentences, lexicons, strict=True):
        trainer.append(sentence_features(words, lex), tags)
    trainer.set_params(DEFAULT_PARAMS | (params or {}))
    t0 = time.perf_counter()
    trainer.train(str(out))
    print(f"trained on {len(sentences)} sentences in {time.perf_counter() - t0:.0f} s -> {out}")
    return Path(out)


class Tagger:
    """A loaded CRF: ``tag(words)`` gives BIO tags; ``tag_document`` adds the consistency pass."""

    def __init__(self, path: str | Path | None = None):
        crfsuite = require("pycrfsuite", "ner", "NER tagging")
        path = Path(path) if path else model_path()
        if not path.is_file():
            raise RiwayaError(f"NER model {str(path)!r} is missing; rebuild it with: riwaya train ner")
        self._tagger = crfsuite.Tagger()
        self._tagger.open(str(path))
        self.lexicon = load_lexicon(lexicon_path(path))

    def tag(self, words: list[str]) -> list[str]:
        if not words:
            return []
        return list(self._tagger.tag(sentence_features(words, self.lexicon)))

    def tag_document(self, sentences: list[list[str]], window: int = 30) -> list[list[str]]:
        tagged = [self.tag(words) for words in sentences]
        return propagate(sentences, tagged, window) if window else tagged


@lru_cache(maxsize=4)
def tagger(path: str | None = None) -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger(path)


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
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for st, tags in zip(stems, tagged, strict=True):
        for start, end, kind in chunks(tags):
            key = tuple(st[start:end])
            if kind != "MISC" and all(len(s) >= 3 for s in key):
                votes[key][kind] += 1
    names = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    return names | _surnames(names)


def _surnames(names: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """The last word of multi-word person names, when no two of them share it (short forms)."""
    full = [k for k, kind in names.items() if kind == "PER" and len(k) > 1 and k[:-1] not in names]
    tails = Counter(k[-1] for k in full)
    return {(t,): "PER" for t, n in tails.items() if n == 1 and len(t) >= 4 and (t,) not in names}


def _fill(stems: list[str], tags: list[str], names: dict[tuple[str, ...], str]) -> None:
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in sorted(names, key=len, reverse=True):
        by_first[key[0]].append(key)
    for i, stem in enumerate(stems):
        for key in by_first.get(stem, ()):
            n = len(key)
            if tuple(stems[i : i + n]) == key and all(t == "O" for t in tags[i : i + n]):
                tags[i : i + n] = [f"B-{names[key]}"] + [f"I-{names[key]}"] * (n - 1)
                break
