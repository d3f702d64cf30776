"""The claim comparator on sentence pairs: do two statements agree, contradict, or neither?

Evaluated on the ANS stance set (headline pairs labelled agree / disagree / other). The
comparator uses what the incident comparison uses: numbers that differ, negation on one side
only, antonym pairs (``ارتفاع``/``انخفاض``), plus lexical overlap and the words that differ
between the two sentences (folded, clitic-stripped). A small logistic regression is trained on
the train split; the dev split picks the regularisation; the test split is read once for the
report. The baseline is the same model on lexical-overlap features only (TF-IDF cosine, Jaccard).
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
from riwaya.text.normalize import fold, to_ascii_digits
from riwaya.text.tokens import match_key

LABELS = ("agree", "disagree", "other")
WORD = re.compile(f"[\\w{BLOCK}]+")
NEGATIONS = frozenset(
    fold(w)
    for w, kind, _form in read_tsv("negation.tsv")
    if kind in ("particle", "copula", "privative", "adjectival", "denial")
)
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)


def read_pairs(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("stance") in LABELS]
    return [(r["s1"], r["s2"]) for r in rows], [r["stance"] for r in rows]


def words(s: str) -> list[str]:
    return [match_key(w) for w in WORD.findall(to_ascii_digits(s))]


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


def overlap_features(s1: str, s2: str, vectorizer: Any) -> list[float]:
    a, b = set(words(s1)), set(words(s2))
    m = vectorizer.transform([" ".join(words(s1)), " ".join(words(s2))])
    cosine = float((m[0] @ m[1].T).toarray()[0, 0])
    return [cosine, len(a & b) / max(1, len(a | b)), abs(len(a) - len(b)) / max(1, len(a | b))]


def difference_text(s1: str, s2: str) -> str:
    """The words on one side only, tagged by side: what a contradiction usually lives in."""
    a, b = set(words(s1)), set(words(s2))
    return " ".join([f"L_{w}" for w in sorted(a - b)] + [f"R_{w}" for w in sorted(b - a)])


class Comparator:
    """Overlap (+ contrast + difference words unless ``baseline``) -> logistic regression."""

    def __init__(self, baseline: bool = False, C: float = 1.0):
        self.baseline, self.C = baseline, C

    def fit(self, pairs: list[tuple[str, str]], labels: list[str]) -> Comparator:
        text = require("sklearn.feature_extraction.text", "eval", "riwaya eval stance")
        linear = require("sklearn.linear_model", "eval", "riwaya eval stance")
        corpus = [" ".join(words(s)) for p in pairs for s in p]
        self.vectorizer = text.TfidfVectorizer(token_pattern=r"\S+").fit(corpus)
        self.diff = text.TfidfVectorizer(token_pattern=r"\S+", min_df=2, sublinear_tf=True)
        self.diff.fit([difference_text(*p) for p in pairs])
        self.model = linear.LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        self.model.fit(self.features(pairs), labels)
        return self

    def features(self, pairs: list[tuple[str, str]]):
        dense = [overlap_features(a, b, self.vectorizer) + ([] if self.baseline else contrast_features(a, b))
                 for a, b in pairs]  # fmt: skip
        matrix = csr_matrix(np.array(dense))
        if self.baseline:
            return matrix
        return hstack([matrix, self.diff.transform([difference_text(*p) for p in pairs])]).tocsr()

    def predict(self, pairs: list[tuple[str, str]]) -> list[str]:
        return list(self.model.predict(self.features(pairs)))


def label_scores(gold: list[str], pred: list[str]) -> dict[str, PRF]:
    """One PRF per label of :data:`LABELS` over aligned gold and predicted labels."""
    pairs = list(zip(gold, pred, strict=True))
    return {
        label: PRF(sum(g == p == label for g, p in pairs), gold.count(label), pred.count(label))
        for label in LABELS
    }


def macro_f1(gold: list[str], pred: list[str]) -> float:
    return metrics.macro_f1(label_scores(gold, pred).values())


def tuned(baseline: bool, train, dev) -> tuple[Comparator, float]:
    """The C with the best dev macro-F1 (dev only chooses; test is never looked at here)."""
    best = max(C_GRID, key=lambda c: macro_f1(dev[1], Comparator(baseline, c).fit(*train).predict(dev[0])))
    return Comparator(baseline, best).fit(*train), best


def evaluate(folder: Path) -> dict[str, Any]:
    """Train on train, choose on dev, report test macro-F1 for the comparator and the baseline."""
    train, dev, test = (read_pairs(folder / f"{split}.csv") for split in ("train", "dev", "test"))
    report: dict[str, Any] = {"test_pairs": len(test[1])}
    for name, baseline in (("baseline_overlap", True), ("comparator", False)):
        model, c = tuned(baseline, train, dev)
        report[name] = {"C": c, "dev_macro_f1": round(macro_f1(dev[1], model.predict(dev[0])), 4),
                        "test_macro_f1": round(macro_f1(test[1], model.predict(test[0])), 4)}  # fmt: skip
    return report
