"""Publication date from every signal: URL, dateline, today + weekday, crawl day as upper bound."""

from __future__ import annotations

from riwaya.components.times.component import times
from riwaya.model import Article, Published


def run(text: str, url: str | None = None, crawled: str | None = None) -> Published:
    article = Article(text, url=url, meta={"crawled": crawled} if crawled else {})
    times(article)
    return article.published


def sources(pub: Published) -> set[str]:
    return {s["source"] for s in pub.signals or []}


def test_times_signals_url_date_beats_crawl_day():
    pub = run(
        "افتتحت البلدية الحديقة أمس.", "http://news.example/2015/08/09/story.html", "2015-08-10 09:00:00"
    )
    assert (pub.value, pub.source, pub.not_after) == ("2015-08-09", "url", "2015-08-10")
    assert sources(pub) == {"url", "crawl"} and pub.confidence > 0.5


def test_times_signals_print_issue_url():
    pub = run("نص الخبر.", "http://paper.example/Issues/20150810/Con1.htm", "2015-08-10 19:00:00")
    assert (pub.value, pub.source, pub.confidence) == ("2015-08-10", "url", 0.9)  # url and crawl agree


def test_times_signals_today_weekday_before_a_late_crawl():
    pub = run("عنوان\nأعلنت الشركة اليوم الأربعاء نتائجها.", crawled="2015-07-31 04:11:00")
    assert (pub.value, pub.source) == ("2015-07-29", "weekday")
    assert pub.evidence is not None and pub.confidence == 0.7


def test_times_signals_tomorrow_weekday_dates_the_writing_day():
    pub = run("تبدأ الهدنة غد الأحد في كل المدن.", crawled="2015-07-25 23:00:00")
    assert (pub.value, pub.source) == ("2015-07-25", "weekday")


def test_times_signals_today_in_parentheses():
    pub = run("أعلنت الحركة اليوم (الجمعة) اسم قائدها.", crawled="2015-07-31 22:00:00")
    assert (pub.value, pub.source, pub.confidence) == ("2015-07-31", "weekday", 0.85)


def test_times_signals_dateline_with_hijri_and_gregorian():
    text = "عنوان\nالقاهرة 20 شوال 1436 هـ الموافق 5 أغسطس 2015 م واس\nأكد الوزير موقف بلاده."
    pub = run(text, crawled="2015-08-06 08:00:00")
    assert (pub.value, pub.source) == ("2015-08-05", "dateline")
    assert text[pub.evidence.start : pub.evidence.end].startswith("20 شوال")


def test_times_signals_after_the_crawl_day_are_dropped():
    pub = run("نص.", "http://news.example/2015/08/12/story.html", "2015-08-10 09:00:00")
    assert (pub.value, pub.source) == ("2015-08-10", "crawl") and sources(pub) == {"crawl"}


def test_times_signals_round_trip_through_dict():
    article = Article(
        "افتتحت البلدية الحديقة اليوم الأحد.",
        url="http://x.example/2015/08/09/a",
        meta={"crawled": "2015-08-09"},
    )
    times(article)
    data = article.published.to_dict(article.text)
    assert Published.from_dict(data) == article.published
    assert [s["source"] for s in data["signals"]] == ["url", "weekday", "crawl"]


def test_times_signals_metadata_is_kept_as_given():
    article = Article(
        "اليوم الأحد افتتحت البلدية الحديقة.", published=Published("2015-08-09", "day", source="metadata")
    )
    times(article)
    assert article.published.signals is None and article.published.source == "metadata"


def test_times_signals_date_inside_a_sentence_is_no_dateline():
    pub = run("في 3 مارس 2015 وصل الوفد إلى المدينة وعقد اجتماعا مطولا.")
    assert pub.value is None and pub.signals is None and pub.not_before == "2015-03-03"


def test_times_signals_only_a_dateline():
    pub = run("الرياض 20 شوال 1436 هـ")
    assert (pub.value, pub.source, pub.confidence) == ("2015-08-05", "dateline", 0.85)
