"""The one metrics type of every evaluation: counts first, scores derived from them.

``PRF(correct, gold, predicted)`` holds the counts of one comparison (a layer, a type, a slot);
``.to_dict()`` is the JSON shape every ``riwaya eval`` command prints. Adding two PRFs adds
their counts (micro-averaging); :func:`macro_f1` averages the F1 of several.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """Counts of one comparison: ``correct`` predictions out of ``predicted``, against ``gold``."""

    correct: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.correct + other.correct, self.gold + other.gold, self.predicted + other.predicted)

    @classmethod
    def of_sets(cls, gold: set, predicted: set) -> PRF:
        """Exact-match counts of two sets of hashable items (spans, pairs, values)."""
        return cls(len(gold & predicted), len(gold), len(predicted))

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
        }

    def brief(self, digits: int = 3) -> dict[str, float]:
        """The short form ``{p, r, f1}``, each rounded to ``digits``."""
        return {
            "p": round(self.precision, digits),
            "r": round(self.recall, digits),
            "f1": round(self.f1, digits),
        }


def macro_f1(scores: Iterable[PRF]) -> float:
    """The mean F1 of several comparisons (0.0 for none)."""
    values = [s.f1 for s in scores]
    return sum(values) / len(values) if values else 0.0
