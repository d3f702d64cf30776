"""Publication date: every signal with its evidence and confidence, then the best-supported day.

Metadata (a feed's or a page's own date) is taken as given. Otherwise the signals are:

- ``url``: a date in the article's URL (``/2015/08/09/``, print issues ``/20150722/``; patterns in
  ``published_url.tsv``);
- ``dateline``: a full date at the head of a line, after at most a place ("القاهرة 3 رجب 1437 هـ
  الموافق 10 أبريل 2016 م");
- ``text``: an absolute day the text calls today ("صباح اليوم الثلاثاء 9 يناير 2024");
- ``weekday``: "اليوم الأحد", "اليوم (الجمعة)", "غد الأحد", "أمس الجمعة": the weekday of the writing
  day, placed on the latest such day not after the crawl day (or another signal's day);
- ``tweet``: the latest dated embedded tweet;
- ``crawl``: the day a scraper fetched the page. Print editions and agency copies are crawled a day
  or more later, so it is an upper bound (``not_after``) and only a weak value.

Signals later than the crawl day are dropped; days named by several signals gain confidence;
the most confident day wins (``source`` and ``evidence`` are its strongest signal's) and every
signal is kept in ``Published.signals``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from riwaya.components.times.tagger import Timex
from riwaya.model import Article, Published, Span
from riwaya.resources import read_tsv
from riwaya.text.dates import iso_with_precision, nearest_year, start_of
from riwaya.text.tweets import TRAILING_HANDLE as TWEET_SIGNATURE

AGREEMENT_BONUS = 0.05  # each further signal naming the same day
WEEK = 7
DATELINE_WORDS = 4  # words a dateline may put before its date (a place, an agency)
DATELINE_LINES = 3  # the dateline is within the text's first lines
DATELINE_TAIL = 3  # words a dateline may put after its date (an agency: "واس", "(د ب أ)")
PREFERENCE = ("metadata", "text", "dateline", "url", "weekday", "tweet", "crawl")


@dataclass(frozen=True)
class Signal:
    """One clue to the publication day: the day, how sure, what says so, where (a span or the URL)."""

    day: date
    confidence: float
    source: str
    evidence: Span | None = None
    where: str | None = None

    def to_dict(self, text: str) -> dict:
        out = {"source": self.source, "value": self.day.isoformat(), "confidence": self.confidence}
        if self.evidence is not None:
            out["evidence"] = {"start": self.evidence.start, "end": self.evidence.end,
                               "text": text[self.evidence.start : self.evidence.end]}  # fmt: skip
        elif self.where:
            out["evidence"] = self.where
        return out


def publication_date(article: Article, found: list[Timex]) -> Published:
    """Metadata when present; else the best-supported signal's day (see the module); else unknown
    with a ``not_before`` bound (the latest absolute date the text mentions)."""
    if article.published.value and not article.published.inferred:
        return article.published
    bound = latest_absolute(found)
    crawl = crawl_day(article)
    refused = crawl is not None and bound is not None and len(bound) >= 10 and bound[:10] > crawl.isoformat()
    signals = text_signals(article, found) + url_signals(article.url)
    ceiling = crawl or max((s.day for s in signals), default=None)
    signals += weekday_signals(article.text, found, ceiling)
    if crawl is not None:
        signals = [s for s in signals if s.day <= crawl]
        if not refused:  # a text dated after the crawl is not this crawl's article
            signals.append(Signal(crawl, 0.5, "crawl", where="crawled"))
    return choose(article.text, signals, bound, crawl)


def choose(text: str, signals: list[Signal], bound: str | None, crawl: date | None) -> Published:
    """The day the signals support best, as a Published carrying them all."""
    not_after = crawl.isoformat() if crawl else None
    if not signals:
        return Published(None, None, inferred=True, source=None, not_before=bound, not_after=not_after)
    days = {s.day for s in signals}
    score = {d: support(d, signals) for d in days}
    best_day = max(days, key=lambda d: (score[d], -rank(strongest(d, signals).source)))
    best = strongest(best_day, signals)
    not_before = best.day.isoformat() if best.source == "tweet" else bound if best.source == "crawl" else None
    return Published(best_day.isoformat(), "day", inferred=True, confidence=score[best_day],
                     evidence=best.evidence, source=best.source, not_before=not_before, not_after=not_after,
                     signals=[s.to_dict(text) for s in signals])  # fmt: skip


def support(day: date, signals: list[Signal]) -> float:
    """The strongest confidence for ``day``, raised a little by each further independent source."""
    mine = [s for s in signals if s.day == day]
    sources = {s.source for s in mine}
    return round(min(0.99, max(s.confidence for s in mine) + AGREEMENT_BONUS * (len(sources) - 1)), 2)


def strongest(day: date, signals: list[Signal]) -> Signal:
    mine = [s for s in signals if s.day == day]
    return max(mine, key=lambda s: (s.confidence, -rank(s.source)))


def rank(source: str) -> int:
    return PREFERENCE.index(source) if source in PREFERENCE else len(PREFERENCE)


# ---------------------------------------------------------------- metadata: crawl day and URL


def crawl_day(article: Article) -> date | None:
    """The day a scraper fetched the page (``crawled`` metadata, e.g. SaudiNewsNet's ``date_extracted``)."""
    iso, precision = iso_with_precision(str(article.meta.get("crawled") or ""))
    return date.fromisoformat(iso[:10]) if iso and precision == "day" else None


@lru_cache(maxsize=1)
def url_patterns() -> tuple[tuple[re.Pattern[str], float], ...]:
    return tuple((re.compile(pattern), float(conf)) for pattern, conf in read_tsv("published_url.tsv"))


def url_signals(url: str | None) -> list[Signal]:
    """A valid day written in the URL (the first pattern of ``published_url.tsv`` that matches)."""
    for pattern, confidence in url_patterns():
        match = pattern.search(url or "")
        if match:
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            return [Signal(day, confidence, "url", where=url)]
    return []


# ---------------------------------------------------------------- the text's own dates


def text_signals(article: Article, found: list[Timex]) -> list[Signal]:
    """Self-dating phrases, datelines and embedded tweets."""
    tweets = tweet_dates(article, found)
    out = [s for s in [self_dated(article, found, tweets)] if s]
    out += dateline_signals(article.text, found)
    if tweets:
        day, evidence = max(tweets, key=lambda pair: pair[0])
        out.append(Signal(day, 0.6, "tweet", evidence))
    return out


def full_dates(found: list[Timex]) -> list[tuple[date, Timex]]:
    """Absolute dates with day, month and year written out (Hijri ones converted)."""
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


def dateline_signals(text: str, found: list[Timex]) -> list[Signal]:
    """A full date heading one of the first lines: at most a place or agency before it, and after
    it (and its "الموافق" gloss) only an agency or the line's end ("القاهرة 3 رجب 1437 هـ واس")."""
    head_end = _nth_line_end(text, DATELINE_LINES)
    dated = full_dates(found)
    for k, (day, t) in enumerate(dated):
        if t.start >= head_end:
            break
        line_start = text.rfind("\n", 0, t.start) + 1
        before = text[line_start : t.start]
        if _on_signature_line(text, t) or re.search(r"[.،,:!?؟@]", before) or before.lstrip()[:1] in "—-–":
            continue
        if len(before.split()) <= DATELINE_WORDS and _dateline_tail(text, [x for _, x in dated[k:]]):
            return [Signal(day, 0.85, "dateline", Span(t.start, t.end, "evidence"))]
    return []


def _dateline_tail(text: str, dates: list[Timex]) -> bool:
    """After the first of ``dates`` (and the dates glossing it), only a short tail ends the line."""
    end = dates[0].end
    for t in dates[1:]:
        if text[end : t.start].strip() not in ("", "الموافق", "(", ")", ") الموافق (", "- الموافق"):
            break
        end = t.end
    tail = text[end:].split("\n", 1)[0].strip().lstrip(")")
    return len(tail.split()) <= DATELINE_TAIL or tail[:1] in "-–—:("


def _nth_line_end(text: str, n: int) -> int:
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


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


def self_dated(article: Article, found: list[Timex], tweets: list[tuple[date, Span]]) -> Signal | None:
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


def _dated_today(t: Timex, found: list[Timex], tweets: list[tuple[date, Span]]) -> Signal | None:
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
    return Signal(day, round(confidence, 2), "text", evidence)


# ---------------------------------------------------------------- "today + weekday"


def weekday_signals(text: str, found: list[Timex], ceiling: date | None) -> list[Signal]:
    """ "اليوم الأحد" / "غد الأحد" / "اليوم (الجمعة)": the writing day's weekday, placed on the
    latest such day not after ``ceiling`` (the crawl day); surer when a full date agrees."""
    if ceiling is None:
        return []
    written = {d for d, _ in full_dates(found)}
    out = []
    for i, t in enumerate(found):
        stated = stated_weekday(text, found, i)
        if stated is None:
            continue
        day = ceiling - timedelta(days=(ceiling.isoweekday() - stated) % WEEK)
        confidence = 0.9 if day in written else 0.8 if day == ceiling else 0.7
        out.append(
            Signal(
                day,
                confidence,
                "weekday",
                Span(t.start, found[i + 1].end if _paired(text, found, i) else t.end, "evidence"),
            )
        )
    return out


def stated_weekday(text: str, found: list[Timex], i: int) -> int | None:
    """The ISO weekday of the writing day that expression ``i`` states, or None."""
    t = found[i]
    if t.spec.kind != "rel_day" or t.spec.fields.get("off") not in (-1, 0, 1):
        return None
    weekday = t.spec.fields.get("weekday")
    if weekday is None and _paired(text, found, i):
        weekday = found[i + 1].spec.fields["dow"]
    if weekday is None:
        return None
    return (weekday - 1 - t.spec.fields["off"]) % WEEK + 1


def _paired(text: str, found: list[Timex], i: int) -> bool:
    """ "اليوم (الجمعة)": a day word and a weekday in parentheses right after it."""
    if i + 1 >= len(found) or found[i + 1].spec.kind != "weekday" or found[i].spec.fields.get("weekday"):
        return False
    return text[found[i].end : found[i + 1].start].strip() in ("(", "،", ",", "")
