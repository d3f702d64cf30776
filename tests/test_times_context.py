"""Values from context: glosses, clocks on their day, past-event weekdays, anaphora, corrections."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.components.times import tag
from riwaya.components.times.component import redate, times
from riwaya.model import Article, Published

ANCHOR = date(2015, 7, 25)  # a Saturday


def values(text: str, anchor: date | None = ANCHOR) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.value) for t in tag(text, anchor)]


def test_times_weekday_glossed_by_a_date_takes_that_date():
    text = "تبدأ الدورة يوم الأحد (13 مارس 2016م) في القاعة."
    assert values(text, date(2016, 3, 12)) == [("يوم الأحد", "2016-03-13"), ("13 مارس 2016م", "2016-03-13")]


def test_times_weekday_with_a_disagreeing_gloss_keeps_its_own_value():
    text = "اجتمع المجلس يوم الخميس (26 يوليو 2015 م)."
    assert values(text)[0] == ("يوم الخميس", "2015-07-23")


def test_times_clock_takes_the_day_written_before_it():
    text = "تبدأ الهدنة غد الأحد الساعة العاشرة وخمس وعشرين دقيقة مساءً بحسب البيان."
    assert values(text) == [("غد الأحد", "2015-07-26"),
                            ("الساعة العاشرة وخمس وعشرين دقيقة مساءً", "2015-07-26T22:25")]  # fmt: skip


def test_times_clock_and_dated_timestamp_are_one_time():
    assert values("نشر الخبر 9:14 م - 3 أغسطس 2016 على الموقع") == [
        ("9:14 م - 3 أغسطس 2016", "2016-08-03T21:14")
    ]


def test_times_past_event_weekday_resolves_against_the_event_date():
    text = "وقع الهجوم على القرية في 5 يونيو 2015، وقتل فيه يوم الجمعة عشرة أشخاص."
    assert values(text)[-1] == ("يوم الجمعة", "2015-06-05")


def test_times_weekday_in_a_sentence_about_today_keeps_the_anchor_week():
    text = "أعلن الوزير في 24 يوليو 2015 خطة وناقشها البرلمان يوم الخميس."
    assert values(text)[-1] == ("يوم الخميس", "2015-07-23")


def test_times_anaphora_take_the_last_resolved_time():
    text = "افتتح الجسر في 3 مارس 2014، وكان المرور آنذاك خفيفا، ثم أغلق في اليوم التالي للصيانة."
    assert values(text) == [
        ("3 مارس 2014", "2014-03-03"),
        ("آنذاك", "2014-03-03"),
        ("في اليوم التالي", "2014-03-04"),
    ]


def test_times_anaphor_without_antecedent_stays_unresolved():
    assert values("وكانت المدينة آنذاك صغيرة.") == [("آنذاك", None)]


def test_times_eve_before_a_day_is_the_day_before():
    assert values("التقى الوفدان عشية الأحد في الفندق.") == [("عشية الأحد", "2015-07-18")]


def test_times_editor_correction_of_a_day_word():
    assert values("ارتفعت الأسعار الليلة «أمس» في السوق.") == [("الليلة «أمس»", "2015-07-24")]
    assert values("ارتفعت الأسعار غداً «بعد غد» في السوق.") == [("غداً «بعد غد»", "2015-07-27")]


def test_times_streaks_and_counted_past_spans():
    text = "تظاهر السكان للأسبوع الثاني على التوالي، وسقط المطر خلال الست والثلاثين ساعة الماضية."
    assert [v for _, v in values(text)] == ["P2W", "PT36H"]


@settings(max_examples=40, deadline=None)
@given(
    head=st.text(alphabet="ابتثجحخ دذ\n،.()«»", max_size=25),
    middle=st.text(alphabet="ابت ثجح،", max_size=12),
)
def test_times_context_spans_stay_inside_the_text_and_apart(head, middle):
    text = f"{head}وقع الحادث في 5 يونيو 2015 {middle} آنذاك الساعة 9:14 م - 3 أغسطس 2016 الليلة «أمس»"
    found = tag(text, ANCHOR)
    spans = [(t.start, t.end) for t in found]
    assert spans == sorted(spans) and len(found) >= 3
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


def test_times_redate_keeps_context_values():
    article = Article("وصل الوفد غد الأحد الساعة 8:30 مساءً، وكان الجو آنذاك حارا.")
    times(article)
    assert [s.attrs["value"] for s in article.layer("times")] == [
        None,
        "XXXX-XX-XXT20:30",
        "XXXX-XX-XXT20:30",
    ]
    redate(article, Published("2015-07-25", "day", source="incident"))
    assert [s.attrs["value"] for s in article.layer("times")] == [
        "2015-07-26",
        "2015-07-26T20:30",
        "2015-07-26",
    ]
