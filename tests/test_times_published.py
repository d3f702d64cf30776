"""Publication dates: self-dating phrases, embedded tweets, metadata, and the seed articles."""

from __future__ import annotations

from riwaya.analysis import process_document
from riwaya.components.times.component import times
from riwaya.ingest.sources import iter_documents
from riwaya.model import Article, Published
from riwaya.pipeline import Pipeline


def run_times(text: str, published: Published | None = None) -> Article:
    article = Article(text, published=published)
    times(article)
    return article


def test_times_published_from_self_dating_phrase_with_year():
    article = run_times(
        "عنوان\nأعلنت الحكومة صباح اليوم الثلاثاء 9 يناير 2024 خطة جديدة، وكانت قد التقت أمس."
    )
    pub = article.published
    assert (pub.value, pub.precision, pub.source) == ("2024-01-09", "day", "text")
    assert article.surface(pub.evidence).endswith("9 يناير 2024")
    assert [s.attrs["value"] for s in article.layer("times")][-1] == "2024-01-08"


def test_times_published_year_from_tweet_signature():
    text = (
        "قال الوزير اليوم الخميس، الرابع من مارس، إنه سيستقيل.\nنص التغريدة\n— وزير (@minister) March 4, 2021"
    )
    pub = run_times(text).published
    assert (pub.value, pub.source) == ("2021-03-04", "text")


def test_times_published_unknown_keeps_bound():
    pub = run_times("وكانت الحرب قد بدأت في مايو 2019 واستمرت حتى نوفمبر 2020.").published
    assert pub.value is None and pub.not_before == "2020-11"


def test_times_published_metadata_wins():
    meta = Published("2022-02-02", "day", source="metadata")
    article = run_times("وقع الحادث أمس في المدينة.", meta)
    assert article.published.source == "metadata"
    assert article.layer("times")[0].attrs["value"] == "2022-02-01"


def test_times_published_falls_back_to_crawl_day():
    article = Article("وقع الحادث أمس في المدينة.", meta={"crawled": "2015-07-21 02:51:32"})
    times(article)
    pub = article.published
    assert (pub.value, pub.precision, pub.source, pub.inferred) == ("2015-07-21", "day", "crawl", True)
    assert article.layer("times")[0].attrs["value"] == "2015-07-20"


def test_times_published_text_date_beats_crawl_and_later_text_rejects_it():
    text = "أعلنت الحكومة صباح اليوم الثلاثاء 9 يناير 2024 خطة جديدة."
    assert run_times_meta(text, "2024-01-12").published.source == "text"
    later = run_times_meta("ستبدأ الانتخابات في 5 مارس 2030.", "2024-01-12").published
    assert later.value is None and later.not_before == "2030-03-05"


def run_times_meta(text: str, crawled: str) -> Article:
    article = Article(text, meta={"crawled": crawled})
    times(article)
    return article


def _seed_articles(seeds_dir):
    pipeline = Pipeline.build(["clean", "segment", "times"])
    out = []
    for doc in iter_documents([str(seeds_dir)]):
        article, _ = process_document(doc, pipeline)
        if isinstance(article, Article):
            out.append(article)
    return out


def test_times_seeds_get_publication_dates(seeds_dir):
    articles = _seed_articles(seeds_dir)
    self_dated = [a for a in articles if a.published.source == "text"]
    assert any(a.published.value == "2021-11-07" and a.published.precision == "day" for a in self_dated)
    for article in articles:
        tweet_days = [s.attrs.get("date")[:10] for s in article.layer("tweets") if s.attrs.get("date")]
        if tweet_days and article.published.value:
            assert article.published.value >= max(tweet_days)
        relative = [s for s in article.layer("times") if s.attrs["anchor"]]
        if article.published.precision == "day":
            assert all(s.attrs["anchor"] == article.published.value for s in relative)
    # the anchors checked above (day-precision articles), not just any anchors
    assert (
        sum(
            bool(s.attrs["anchor"])
            for a in articles
            if a.published.precision == "day"
            for s in a.layer("times")
        )
        >= 3
    )
