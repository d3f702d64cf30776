"""Hijri years, months, ranges and holidays: Gregorian ISO values, Hijri reading kept beside them."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.components.times import tag

ANCHOR = date(2015, 7, 25)  # 9 Shawwal 1436


def only(text: str, anchor: date | None = ANCHOR):
    found = tag(text, anchor)
    assert len(found) == 1, [(text[t.start : t.end], t.value) for t in found]
    return found[0]


def test_times_hijri_year_range_is_an_interval_never_a_gregorian_year():
    t = only("خطة الوزارة للعام المالي 1436-1437هـ تشمل مدارس جديدة.")
    assert t.value == "2014-10-25/2016-10-01"
    assert t.attrs()["calendar"] == "hijri" and t.attrs()["hijri"] == "1436/1437"


def test_times_hijri_year_range_with_slash():
    assert only("في العام الدراسي 1436/1437هـ").value == "2014-10-25/2016-10-01"


def test_times_hijri_day_range_converts_both_ends():
    t = only("يقام المعرض من 20 إلى 21 ربيع الآخر 1437ه في المدينة.")
    assert (t.value, t.attrs()["hijri"]) == ("2016-01-30/2016-01-31", "1437-04-20/1437-04-21")


def test_times_hijri_first_of_month_without_year_is_the_nearest_one():
    t = only("تبدأ الإجازة غرة رمضان حسب التقويم.", date(2016, 5, 20))
    assert (t.value, t.attrs()["hijri"]) == ("2016-06-06", "1437-09-01")


def test_times_hijri_day_without_year_takes_the_anchor_year():
    t = only("وقع الحادث يوم الثلاثاء 12 شوال قرب السوق.")
    assert (t.value, t.attrs()["hijri"]) == ("2015-07-28", "1436-10-12")


def test_times_bare_year_in_hijri_range_is_hijri():
    t = only("أنجزت البلدية المشروع في عام 1436 كاملا.")
    assert t.value == "2014-10-25/2015-10-13" and t.attrs()["calendar"] == "hijri"


def test_times_year_with_gregorian_era_stays_gregorian():
    t = only("بنيت القلعة عام 1492 م على التل.")
    assert t.value == "1492" and "calendar" not in t.attrs()


def test_times_holiday_is_a_hijri_day():
    t = only("ألقى الخطيب كلمته في عيد الفطر أمام الجموع.")
    assert (t.value, t.attrs()["hijri"]) == ("2015-07-17", "1436-10-01")


def test_times_hijri_date_between_slashes():
    t = only("صدر القرار في 14/ شوال / 1436هـ بعد الاجتماع.")
    assert t.value == "2015-07-30" and t.attrs()["hijri"] == "1436-10-14"


def test_times_hijri_month_glossed_by_gregorian_day_takes_it():
    found = tag("يبدأ الموسم (0/ رمضان 1436هـ) الموافق (20/ 6/ 2015م) في المدينة.", ANCHOR)
    assert [t.value for t in found] == ["2015-06-20", "2015-06-20"]


@settings(max_examples=40, deadline=None)
@given(
    prefix=st.text(alphabet="ابتثجحخ دذرزس\n،.", max_size=30),
    year=st.integers(1400, 1460),
    era=st.sampled_from(["هـ", "ه", " هـ", " للهجرة"]),
)
def test_times_hijri_years_never_come_out_gregorian(prefix, year, era):
    text = f"{prefix} في عام {year}{era} "
    found = [t for t in tag(text, ANCHOR) if str(year) in text[t.start : t.end]]
    assert len(found) == 1
    t = found[0]
    assert text[t.start : t.end].endswith(era.strip())
    assert int(t.value[:4]) >= 1979 and t.attrs()["calendar"] == "hijri"
