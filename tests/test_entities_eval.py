"""Evaluation gate: the shipped NER model on ANERcorp test (exact span, micro F1). No training here."""

from __future__ import annotations

import pytest

from riwaya.entities import evaluate_ner
from riwaya.ner.crf import model_path

ANERCORP_TEST_F1_FLOOR = 0.707  # measured 0.717 (riwaya eval ner --data .../anercorp/test.txt)


@pytest.mark.skipif(not model_path().is_file(), reason="NER model missing: riwaya train ner")
def test_entities_anercorp_test_f1_stays_above_floor(shared):
    result = evaluate_ner(shared / "data" / "anercorp" / "test.txt", "anercorp")
    assert result["micro"]["f1"] >= ANERCORP_TEST_F1_FLOOR, result["micro"]
    assert result["LOC"]["f1"] > result["MISC"]["f1"]  # places are the easy type; a broken model flips this
