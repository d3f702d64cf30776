"""Timeline per story: what happened when (result key ``timeline``, :class:`riwaya.results.Timeline`).

A corpus stage over the ``stories`` result, reading whatever richer results and layers exist.
Entries come from incidents (``incidents`` result), dated events (``events`` layer, attr
``time``), dated time expressions (``times`` layer, attrs ``value``/``precision``) and
publication dates. Each entry: ``date, precision, kind (incident|event|time|published), label,
sources``; the same date and label from several articles is one entry with several sources. An
undated article is placed through its incident (``placed_by``) or listed in ``undated``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.results import Cite, Incident, Story, Timeline, TimelineEntry
from riwaya.text.dates import iso_with_precision

WEEK = re.compile(r"(\d{4})-W(\d{2})$")
KIND_ORDER = {"incident": 0, "event": 1, "time": 2, "published": 3}


# --- shared with the brief ---------------------------------------------------------------------
def story_articles(story: Story, by_id: dict[str, Article]) -> list[Article]:
    return [by_id[m.article] for m in story.members if m.article in by_id]


def cite(article: Article, span: Span) -> Cite:
    return Cite(article.id, span.start, span.end, article.surface(span), article.outlet_label)


def sentence_at(article: Article, pos: int) -> Span:
    """The sentence holding offset ``pos`` (the whole text when there is no sentences layer)."""
    for sent in article.layer("sentences"):
        if sent.start <= pos < sent.end:
            return sent
    return Span(0, len(article.text))


def dated(value: Any) -> tuple[str, str] | None:
    """(ISO value, precision) for values that name a year; None for XXXX-.. and unknowns."""
    if not isinstance(value, str) or not value[:4].isdigit():
        return None
    week = WEEK.match(value)
    if week:
        return date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat(), "week"
    iso, precision = iso_with_precision(value)
    return (iso, precision) if iso else None


def story_incidents(corpus: Corpus, ids: set[str]) -> list[Incident]:
    """Incidents reported by any of ``ids``, in the order of the incidents result."""
    incidents, index = corpus.incidents(), corpus.incidents_by_article()
    return [incidents[p] for p in sorted({p for a in ids for p in index.get(a, [])})]


# --- timeline -----------------------------------------------------------------------------------
class Entries:
    """Timeline entries keyed by (date, kind, label) so corroborating sources merge."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], TimelineEntry] = {}

    def add(
        self, when: tuple[str, str], kind: str, label: str, source: Cite, incident: str | None = None
    ) -> None:
        key = (when[0], kind, label)
        entry = self.items.setdefault(key, TimelineEntry(when[0], when[1], kind, label, [], incident))
        if not any(s.article == source.article and s.start == source.start for s in entry.sources):
            entry.sources.append(source)

    def ordered(self) -> list[TimelineEntry]:
        return sorted(self.items.values(), key=lambda e: (_sort_date(e.date), KIND_ORDER[e.kind], e.label))


def _sort_date(iso: str) -> str:
    """Coarser dates sort before the days inside them: 2025-09 < 2025-09-14."""
    return iso + "-00" * (2 - iso.count("-"))


def story_timeline(story: Story, corpus: Corpus) -> Timeline:
    articles = story_articles(story, corpus.by_id())
    incidents = story_incidents(corpus, {a.id for a in articles})
    entries, in_incident = Entries(), {}
    _incident_entries(incidents, articles, entries, in_incident)
    for article in articles:
        _event_entries(article, entries, in_incident)
        _time_entries(article, entries)
    undated = _published_entries(articles, incidents, entries)
    return Timeline(story.id, story.title, entries.ordered(), undated)


def _incident_entries(
    incidents: list[Incident], articles, entries: Entries, in_incident: dict[str, str]
) -> None:
    events = {e.attrs.get("id"): (a, e) for a in articles for e in a.layer("events")}
    for inc in incidents:
        when = dated(inc.date)
        for event_id in inc.events:
            in_incident[event_id] = inc.id
            if when and event_id in events:
                article, span = events[event_id]
                label = " · ".join(str(x) for x in (inc.type, inc.place) if x)
                entries.add(when, "incident", label, cite(article, span), incident=inc.id)


def _event_entries(article: Article, entries: Entries, in_incident: dict[str, str]) -> None:
    for event in article.layer("events"):
        when = dated(event.attrs.get("time"))
        if when and event.attrs.get("id") not in in_incident:
            entries.add(when, "event", event.label, cite(article, event))


def _time_entries(article: Article, entries: Entries) -> None:
    for span in article.layer("times"):
        when = dated(span.attrs.get("value"))
        if when and span.attrs.get("type", "date") in ("date", "time"):
            source = cite(article, span)
            source.sentence = cite(article, sentence_at(article, span.start))
            entries.add(when, "time", "mentioned date", source)


def _published_entries(articles: list[Article], incidents: list[Incident], entries: Entries) -> list[Cite]:
    """Publication dates; an undated article takes its incident's date, else stays undated."""
    undated = []
    for article in articles:
        head = article.layer("title")[0] if article.layer("title") else sentence_at(article, 0)
        source = cite(article, head)
        when = dated(article.published.value)
        if when:
            source.inferred = article.published.inferred
            entries.add(when, "published", "article published", source)
            continue
        inc = next((i for i in incidents if article.id in i.articles and dated(i.date)), None)
        if inc:
            source.placed_by = inc.id
            entries.add(dated(inc.date), "published", "article (placed by its incident)", source)
        else:
            undated.append(source)
    return undated


@component("timeline", version="1", level="corpus", requires=("stories",),
           optional=("incidents", "comparison", "events", "times"), provides=("timeline",))  # fmt: skip
def timeline_stage(corpus: Corpus) -> None:
    corpus.put("timeline", [story_timeline(s, corpus) for s in corpus.get("stories")])
