"""Incidents and their comparison against a gold file (``riwaya eval events``).

Gold: ``{"incidents": [{"articles": [file names], "conflicts": [slots], "slots": {slot: [values]}}]}``.
The report: pairwise precision/recall/F1 of the incident clustering over articles, the share of
gold conflicts found, the conflicts found that gold does not list, and the share of gold slot
values found (each gold incident is matched with the predicted one that overlaps it most).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from riwaya.analysis import analyze
from riwaya.corpus import Corpus
from riwaya.evaluate.metrics import PRF
from riwaya.results import Comparison, SlotComparison
from riwaya.stages.compare import value_key


def pairs_of(groups: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for g in groups for a in g for b in g if a < b}


def evaluate_incidents(corpus: Corpus, gold: dict[str, Any]) -> dict[str, Any]:
    """Incident clustering pairwise F1 over articles, conflict recall, false conflicts, slot recall.

    Articles are named by file name; predicted incidents with one article make no pairs."""
    name = {a.id: Path(a.source or a.id).name for a in corpus.articles}
    compared = corpus.comparisons()
    predicted = [inc for inc in corpus.incidents() if len(inc.articles) > 1]
    pred_groups = [{name[a] for a in inc.articles} for inc in predicted]
    gold_groups = [set(g["articles"]) for g in gold["incidents"]]
    pairs = PRF.of_sets(pairs_of(gold_groups), pairs_of(pred_groups))
    report = {"pairwise_precision": round(pairs.precision, 4), "pairwise_recall": round(pairs.recall, 4),
              "pairwise_f1": round(pairs.f1, 4)}  # fmt: skip
    report |= conflict_scores([compared.get(inc.id) for inc in predicted], pred_groups, gold["incidents"])
    return report


def conflict_scores(
    comparisons: list[Comparison | None], pred_groups: list[set[str]], gold_incidents: list[dict[str, Any]]
) -> dict[str, Any]:
    """Conflict recall, false conflicts and slot value recall over the best-matching incidents."""
    conflicts, values = PRF(), PRF()
    false: list[str] = []
    for g in gold_incidents:
        best = _best_match(pred_groups, set(g["articles"]))
        slots = _slots(comparisons[best]) if best is not None else {}
        found = sum(s in slots and slots[s].status == "conflict" for s in g["conflicts"])
        wrong = [s for s, c in slots.items() if c.status == "conflict" and s not in g["conflicts"]]
        conflicts += PRF(found, len(g["conflicts"]), found + len(wrong))
        false += wrong
        for slot, wanted in g.get("slots", {}).items():
            got = {value_key(v.value) for v in slots[slot].values} if slot in slots else set()
            values += PRF(sum(value_key(v) in got for v in wanted), len(wanted), len(got))
    return {"conflict_recall": round(conflicts.recall, 4), "false_conflicts": sorted(false),
            "slot_value_recall": round(values.recall, 4)}  # fmt: skip


def _best_match(pred_groups: list[set[str]], articles: set[str]) -> int | None:
    """The predicted incident with the highest Jaccard overlap (the first on a tie)."""
    return max(range(len(pred_groups)), default=None,
               key=lambda i: len(pred_groups[i] & articles) / len(pred_groups[i] | articles))  # fmt: skip


def _slots(comparison: Comparison | None) -> dict[str, SlotComparison]:
    return {s.slot: s for s in comparison.slots} if comparison is not None else {}


def evaluate_demo(demo_dir: Path, gold_path: Path, pipeline: Any = None) -> dict[str, Any]:
    """Analyse the demo corpus in memory and score it against the gold file."""
    result = analyze([str(demo_dir)], db=None, pipeline=pipeline)
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return evaluate_incidents(result.corpus, gold)
