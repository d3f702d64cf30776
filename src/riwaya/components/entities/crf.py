"""Load and run the CRF tagger (python-crfsuite), plus the document-consistency pass.

The model file ships in ``riwaya/models/ner-crf.crfsuite`` (rebuilt by
:mod:`riwaya.training.ner_crf`). Sentences are tagged one by one; then
:func:`propagate` makes the tags of a window of sentences consistent: a word sequence tagged as a
name in one sentence is tagged the same where it recurs untagged nearby (news repeats names).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from importlib import resources
from itertools import combinations
from pathlib import Path

from riwaya.components.entities.data import LABELS, bio, chunks
from riwaya.components.entities.dense import load as load_dense
from riwaya.components.entities.features import sentence_features, word_features
from riwaya.components.entities.lexicon import load as load_lexicon
from riwaya.components.entities.lexicon import load_names
from riwaya.components.entities.linking import variant_keys
from riwaya.components.entities.repair import nationalities, repair, tag_clubs_in_context
from riwaya.errors import RiwayaError, require

MODEL_NAME = "ner-crf.crfsuite"


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


class Tagger:
    """A loaded CRF: ``tag(words)`` gives BIO tags; ``tag_document`` adds the consistency pass."""

    repairs = True  # rule repairs of :mod:`riwaya.components.entities.repair` (scripts/ner_dev.py --norepair)

    def __init__(self, path: str | Path | None = None):
        crfsuite = require("pycrfsuite", "core", "NER tagging")
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
