"""The temporal tagger: values on hand-written sentences, offsets, gold floors, seed articles."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.components.times import tag
from riwaya.components.times.component import redate
from riwaya.evaluate.times import GOLD, read_jsonl, read_wojood, riwaya_predict, score
from riwaya.model import Article, Published

SUNDAY = date(2021, 11, 7)


def values(text: str, anchor: date | None = SUNDAY) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.value) for t in tag(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وصل الوفد في الخامس من كانون الثاني 2020 إلى المدينة",
            ("الخامس من كانون الثاني 2020", "2020-01-05"),
        ),
        ("وقع الانفجار في ١٢ جانفي ٢٠١٩ قرب الميناء", ("١٢ جانفي ٢٠١٩", "2019-01-12")),
        ("غادر الوزير مساء الخميس إلى عمان", ("مساء الخميس", "2021-11-04TEV")),
        ("وكان اللقاء قد عقد الأربعاء الماضي", ("الأربعاء الماضي", "2021-11-03")),
        ("وتعهد الرئيس بالرد خلال أسبوعين", ("أسبوعين", "P2W")),
        ("واستقال المدير قبل 5 أيام", ("قبل 5 أيام", "2021-11-02")),
        ("ونشر الحساب تغريدة في March 3, 2020 ثم حذفها", ("March 3, 2020", "2020-03-03")),
        ("وافتتح المسجد في 10 رمضان 1442 هـ بحضور الأهالي", ("10 رمضان 1442 هـ", "2021-04-22")),
        ("ومن المقرر أن يلتقي الطرفان السبت في الدوحة", ("السبت", "2021-11-13")),
    ],
)
def test_times_tagger_resolves_against_anchor(text, expected):
    assert expected in values(text)


def test_times_tagger_leaves_relative_unresolved_without_anchor():
    found = tag("اعتقل المشتبه به أمس قرب الحدود", None)
    assert [(t.type, t.value) for t in found] == [("date", None)]


def test_times_tagger_ignores_counts_and_names():
    assert values("قتل 2019 شخصا وأصيب رجب حسن في الحادث") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="اليوم أمس 7 نوفمبر2021السبتقبلأيام،()/ \n", max_size=60))
def test_times_tagger_spans_stay_inside_text(text):
    for t in tag(text, SUNDAY):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end].strip() == text[t.start : t.end]


def test_times_gold_value_accuracy_floor():
    result = score(read_jsonl(GOLD), riwaya_predict)
    assert result["gold"] >= 150
    assert result["value_acc"] >= 0.95
    assert result["exact"]["f1"] >= 0.95


def test_times_wojood_date_detection_floor(shared):
    result = score(read_wojood(shared / "data" / "wojood-sample" / "test.txt"), riwaya_predict,
                   gold_types=["DATE"], ignore_types=["TIME"])  # fmt: skip
    assert result["exact"]["f1"] >= 0.85
    assert result["overlap"]["f1"] >= 0.93


def test_times_redate_reresolves_layer():
    article = Article("وقع الهجوم مساء الأحد قرب السوق.")
    redate(article, Published("2021-11-10", "day", inferred=True, source="incident"))
    assert [s.attrs["value"] for s in article.layer("times")] == ["2021-11-07TEV"]
