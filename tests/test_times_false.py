"""False times: prayers, outlets named اليوم, case-number years, "مدراء عامين"."""

from __future__ import annotations

from datetime import date

from riwaya.components.times import tag

ANCHOR = date(2015, 7, 25)


def texts(text: str) -> list[str]:
    return [text[t.start : t.end] for t in tag(text, ANCHOR)]


def test_times_friday_prayer_is_not_a_date():
    assert texts("أمّ الشيخ المصلين في صلاة الجمعة بالمسجد الكبير.") == []
    assert texts("تحدث خطيب الجمعة عن الصبر.") == []


def test_times_friday_prayer_that_dates_an_event_keeps_the_friday():
    found = tag("وقع الانفجار بعد صلاة الجمعة قرب السوق.", ANCHOR)
    assert [(t.type, t.value) for t in found] == [("date", "2015-07-24")]


def test_times_outlet_names_holding_today_are_not_times():
    assert texts("عين اليوم – جدة\nافتتحت البلدية حديقة.") == []
    assert texts("قال المسؤول لصحيفة اليوم إن العمل مستمر.") == []
    assert texts("ونشرت «اليوم» تقريرا مفصلا.") == []
    assert texts("الدمام - اليوم\nافتتحت البلدية حديقة.") == []


def test_times_today_is_still_today():
    assert texts("افتتحت البلدية اليوم حديقة جديدة.") == ["اليوم"]


def test_times_case_number_years_are_not_times():
    assert texts("نظرت المحكمة في القضية رقم 12 لسنة 2014 جنايات.") == []
    assert texts("صدر القانون رقم 2010 بشأن المرور.") == []


def test_times_year_after_a_date_word_is_still_a_year():
    assert texts("صدر القرار في عام 2014 بعد نقاش.") == ["عام 2014"]


def test_times_general_managers_are_not_two_years():
    assert texts("عين الوزير مدراء عامين جددا.") == []
    assert texts("استمر المشروع عامين.") == ["عامين"]


def test_times_cents_are_not_a_future_cue():
    found = tag("انخفض الخام 45 سنتاً عند التسوية الاثنين.", ANCHOR)
    assert [t.value for t in found] == ["2015-07-20"]
