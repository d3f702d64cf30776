"""The claim comparator (sentence-pair stance): hand features, word alignment, and the ANS gate.

The pairs below are fictional, written for these tests; no dataset text is copied here.
"""

from __future__ import annotations

import json

import pytest

from riwaya.evaluate import stance

RISE = "ارتفاع أسعار القمح في الأسواق المحلية"
FICTIONAL = [
    (RISE, "أسعار القمح ترتفع في الأسواق المحلية", "agree"),
    ("الحكومة توافق على خطة جديدة لدعم المزارعين", "موافقة حكومية على خطة جديدة تدعم المزارعين", "agree"),
    (RISE, "انخفاض أسعار القمح في الأسواق المحلية", "disagree"),
    ("مقتل 5 أشخاص في حادث سير على الطريق السريع", "مقتل 12 شخصا في حادث سير على الطريق السريع", "disagree"),
    ("البنك المركزي يرفع سعر الفائدة", "البنك المركزي يخفض سعر الفائدة", "disagree"),
    ("فريق النخيل يفوز بكأس الدوري للمرة الثالثة", "افتتاح معرض دولي للكتاب في مدينة ساحلية", "other"),
    ("وزارة الصحة تحذر من موجة حر شديدة", "انتخاب رئيس جديد لنادي الشطرنج", "other"),
]


def test_stance_contrast_features_see_numbers_negation_and_antonyms():
    numbers_differ, one_has_number, negation_one_side, _, antonym, *_ = stance.contrast_features(
        "مقتل 5 أشخاص في الهجوم", "مقتل 12 شخصا في الهجوم"
    )
    assert (numbers_differ, one_has_number, negation_one_side, antonym) == (1.0, 0.0, 0.0, 0.0)
    assert stance.contrast_features("الوزير يحضر الاجتماع", "الوزير لم يحضر الاجتماع")[2] == 1.0
    assert stance.contrast_features(RISE, "انخفاض أسعار القمح في الأسواق المحلية")[4] == 1.0
    assert stance.contrast_features(RISE, RISE) == [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_stance_alignment_counts_the_words_without_a_partner():
    same = stance.alignment_features(RISE, RISE, stance.default_embedder())
    assert same[:2] == [1.0, 1.0] and same[2:6] == [0.0] * 4
    swapped = stance.alignment_features(
        RISE, "انخفاض أسعار القمح في الأسواق المحلية", stance.default_embedder()
    )
    assert swapped[5] == 1.0 and swapped[11] == 1.0  # one word each side below 0.99, the rest exact
    assert len(swapped) == 2 * (2 + len(stance.ALIGN_BELOW))


def test_stance_blocks_have_one_row_per_pair():
    pairs = [(a, b) for a, b, _ in FICTIONAL]
    features = stance.Features(pairs)
    blocks = features.blocks(pairs[:3])
    assert {k: v.shape[0] for k, v in blocks.items()} == {k: 3 for k in blocks}
    assert blocks["u"].shape[1] == 512 and blocks["diff_words"].shape[1] == 4 * 512


@pytest.mark.slow
def test_stance_comparator_trained_on_ans_reads_fictional_pairs(shared):
    pairs, labels = stance.read_pairs(shared / "data" / "ans" / "stance" / "train.csv")
    predict = stance.train_comparator(pairs, labels, C=0.003, weighting=None)
    assert predict([(a, b) for a, b, _ in FICTIONAL]) == [label for _, _, label in FICTIONAL]


@pytest.mark.slow
def test_stance_ans_comparator_beats_the_feature_baselines(shared, monkeypatch):
    """ANS stance, trained on train only; one setting each (the full dev search: riwaya eval stance)."""
    monkeypatch.setattr(stance, "C_GRID", (0.1,))
    monkeypatch.setattr(stance, "USE_C_GRID", (0.003,))
    monkeypatch.setattr(stance, "WEIGHTINGS", (None,))
    models = ("baseline_overlap", "baseline_features", "comparator")
    report = stance.evaluate(shared / "data" / "ans" / "stance", models)
    print(json.dumps(report["test_macro_f1"]))
    f1 = report["test_macro_f1"]
    assert report["comparator"]["dev_macro_f1"] >= 0.75
    assert f1["comparator"] >= 0.65
    assert f1["comparator"] > max(f1["baseline_overlap"], f1["baseline_features"]) + 0.15
