"""Times: every temporal expression as a ``times`` span, and a publication date for every article.

The article component tags the text once (:func:`riwaya.components.times.tag`), decides the publication
date (metadata first, then a self-dating phrase, then the latest dated embedded tweet, else
unknown with a ``not_before`` bound), and resolves the relative expressions against it.
:func:`redate` re-resolves an article against a date found later (the incidents stage uses it
for undated articles). Evaluation lives in :mod:`riwaya.evaluate.times`.
"""

from __future__ import annotations

from datetime import date

from riwaya.components.times.tagger import Timex, reresolve, tag
from riwaya.model import Article, Published, Span
from riwaya.pipeline import component
from riwaya.text.dates import iso_with_precision, nearest_year, start_of
from riwaya.text.tweets import TRAILING_HANDLE as TWEET_SIGNATURE


@component(
    "times", version="2", requires=("sentences",), optional=("tweets",), provides=("times", "published")
)
def times(article: Article) -> None:
    found = tag(article.text)
    article.published = publication_date(article, found)
    set_times_layer(article, found, anchor_of(article.published))


def redate(article: Article, published: Published) -> None:
    """Give ``article`` a new publication date and re-resolve its ``times`` layer against it."""
    article.published = published
    set_times_layer(article, tag(article.text), anchor_of(published))


def anchor_of(published: Published) -> date | None:
    """Relative expressions resolve only against a day-precision publication date."""
    if published.value and published.precision == "day":
        return date.fromisoformat(published.value[:10])
    return None


def set_times_layer(article: Article, found: list[Timex], anchor: date | None) -> None:
    spans = [Span(t.start, t.end, "", reresolve(t, anchor).attrs()) for t in found]
    article.add_layer("times", spans)


# ---------------------------------------------------------------- publication date


def publication_date(article: Article, found: list[Timex]) -> Published:
    """Metadata when present; else a self-dating phrase; else the latest dated tweet; else unknown."""
    bound = latest_absolute(found)
    if article.published.value and not article.published.inferred:
        return article.published
    tweets = tweet_dates(article, found)
    inferred = self_dated(article, found, tweets) or from_tweets(tweets) or from_crawl(article, bound)
    if inferred is not None:
        return inferred
    return Published(None, None, inferred=True, source=None, not_before=bound)


def from_crawl(article: Article, bound: str | None) -> Published | None:
    """The day a scraper fetched the page (``crawled`` metadata, e.g. SaudiNewsNet's
    ``date_extracted``): the article is not newer, and daily crawls are mostly that day or the
    day after, so it is a low-confidence publication day rather than no date at all."""
    iso, precision = iso_with_precision(str(article.meta.get("crawled") or ""))
    if not iso or precision != "day":
        return None
    day = iso[:10]
    if bound and len(bound) >= 10 and bound[:10] > day:
        return None  # the text dates itself after the crawl: the metadata is not this article's
    return Published(day, "day", inferred=True, confidence=0.5, source="crawl", not_before=bound)


def full_dates(found: list[Timex]) -> list[tuple[date, Timex]]:
    """Absolute dates with day, month and year written out."""
    out = []
    for t in found:
        f = t.spec.fields
        if t.spec.kind == "abs" and f.get("y") and f.get("m") and f.get("d") and t.value:
            out.append((date.fromisoformat(t.value[:10]), t))
    return out


def latest_absolute(found: list[Timex]) -> str | None:
    """The latest absolute date mentioned (any precision): the article is not older than that."""
    values = [t.value for t in found if t.spec.kind == "abs" and t.spec.fields.get("y") and t.value]
    dated = [(start_of(v), v.split("/")[0][:10]) for v in values if start_of(v)]
    return max(dated)[1] if dated else None


def tweet_dates(article: Article, found: list[Timex]) -> list[tuple[date, Span]]:
    """Dates of embedded tweets: the ``tweets`` layer when clean provides it, else signature lines."""
    layer = article.layer("tweets")
    if layer:
        out = []
        for tweet in layer:
            iso, precision = iso_with_precision(str(tweet.attrs.get("date") or ""))
            if iso and precision == "day":
                where = (
                    tweet.attrs.get("signature") if isinstance(tweet.attrs.get("signature"), Span) else tweet
                )
                out.append((date.fromisoformat(iso), Span(where.start, where.end, "evidence")))
        return out
    return [
        (day, Span(t.start, t.end, "evidence"))
        for day, t in full_dates(found)
        if _on_signature_line(article.text, t)
    ]


def _on_signature_line(text: str, timex: Timex) -> bool:
    line_start = text.rfind("\n", 0, timex.start) + 1
    line = text[line_start : timex.start]
    return line.lstrip().startswith(("—", "-", "–")) and bool(TWEET_SIGNATURE.search(line))


def self_dated(article: Article, found: list[Timex], tweets: list[tuple[date, Span]]) -> Published | None:
    """ "صباح اليوم الأحد، السابع من نوفمبر": an absolute day the text calls today."""
    for i, t in enumerate(found):
        f = t.spec.fields
        today = f.get("dayword") == 0 or (i > 0 and _today_before(article.text, found[i - 1], t))
        if t.spec.kind == "abs" and today and f.get("m") and f.get("d") and not f.get("hijri"):
            return _dated_today(t, found, tweets)
    return None


def _today_before(text: str, previous: Timex, current: Timex) -> bool:
    gap = text[previous.end : current.start]
    is_today = previous.spec.kind == "rel_day" and previous.spec.fields.get("off") == 0
    return is_today and len(gap) <= 3 and "\n" not in gap


def _dated_today(t: Timex, found: list[Timex], tweets: list[tuple[date, Span]]) -> Published | None:
    f = t.spec.fields
    evidence = Span(t.start, t.end, "evidence")
    year, confidence = f.get("y"), 0.9
    if year is None:
        seen = [d for d, _ in full_dates(found)] + [d for d, _ in tweets]
        if not seen:
            return None
        year, confidence = nearest_year(max(seen), f["m"], f["d"]), 0.8
    day = date(year, f["m"], f["d"])
    if f.get("weekday") and day.isoweekday() != f["weekday"]:
        confidence -= 0.3
    return Published(day.isoformat(), "day", inferred=True, confidence=round(confidence, 2), evidence=evidence,
                     source="text", not_before=None)  # fmt: skip


def from_tweets(tweets: list[tuple[date, Span]]) -> Published | None:
    """The latest embedded tweet's day: the article cannot be older, and is usually that day."""
    if not tweets:
        return None
    day, evidence = max(tweets, key=lambda pair: pair[0])
    return Published(day.isoformat(), "day", inferred=True, confidence=0.6, evidence=evidence,
                     source="tweet", not_before=day.isoformat())  # fmt: skip
