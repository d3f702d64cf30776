"""Timeline and brief per story: what happened when, and what the outlets agree and differ on.

Two corpus stages over the ``stories`` result, each reading whatever richer layers exist:

* ``timeline`` (result key ``timeline``): one record per story, ``{story, title, entries,
  undated}``. Entries come from incidents (``incidents`` result), dated events (``events``
  layer, attr ``time``), dated time expressions (``times`` layer, attrs ``value``/``precision``)
  and publication dates. Each entry: ``date, precision, kind (incident|event|time|published),
  label, sources[{article, start, end, text}]``; the same date and label from several articles
  is one entry with several sources. An undated article is placed through its incident
  (``placed_by``) or listed in ``undated``.
* ``brief`` (result key ``briefs``, kept apart so stories stay stable between runs): one record
  per story, ``{story, agreed[], contested[], method}``. Agreed facts come first: incident
  comparison slots with status ``agree``, else sentences that several outlets support. Contested
  details (``conflict`` slots) say who says what. Every item cites its article and sentence span.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.stages.stories import term_vector
from riwaya.text.dates import iso_with_precision

WEEK = re.compile(r"(\d{4})-W(\d{2})$")
KIND_ORDER = {"incident": 0, "event": 1, "time": 2, "published": 3}


# --- shared helpers ---------------------------------------------------------------------------
def story_articles(story: dict[str, Any], by_id: dict[str, Article]) -> list[Article]:
    return [by_id[m["article"]] for m in story.get("articles", []) if m.get("article") in by_id]


def cite(article: Article, span: Span) -> dict[str, Any]:
    return {"article": article.id, "start": span.start, "end": span.end, "text": article.surface(span),
            "outlet": article.outlet_label}  # fmt: skip


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


def story_incidents(corpus: Corpus, ids: set[str]) -> list[dict[str, Any]]:
    """Incidents reported by any of ``ids``, in the order of the incidents result."""
    incidents, index = corpus.results.get("incidents", []), corpus.results_by_article("incidents")
    return [incidents[p] for p in sorted({p for a in ids for p in index.get(a, [])})]


# --- timeline -----------------------------------------------------------------------------------
class Entries:
    """Timeline entries keyed by (date, kind, label) so corroborating sources merge."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(self, when: tuple[str, str], kind: str, label: str, source: dict[str, Any], **extra: Any) -> None:
        key = (when[0], kind, label)
        entry = self.items.setdefault(
            key, {"date": when[0], "precision": when[1], "kind": kind, "label": label, "sources": [], **extra}
        )
        if not any(
            s["article"] == source["article"] and s["start"] == source["start"] for s in entry["sources"]
        ):
            entry["sources"].append(source)

    def ordered(self) -> list[dict[str, Any]]:
        return sorted(
            self.items.values(), key=lambda e: (_sort_date(e["date"]), KIND_ORDER[e["kind"]], e["label"])
        )


def _sort_date(iso: str) -> str:
    """Coarser dates sort before the days inside them: 2025-09 < 2025-09-14."""
    return iso + "-00" * (2 - iso.count("-"))


def story_timeline(story: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    articles = story_articles(story, corpus.by_id())
    incidents = story_incidents(corpus, {a.id for a in articles})
    entries, in_incident = Entries(), {}
    _incident_entries(incidents, articles, entries, in_incident)
    for article in articles:
        _event_entries(article, entries, in_incident)
        _time_entries(article, entries)
    undated = _published_entries(articles, incidents, entries)
    return {
        "story": story["id"],
        "title": story.get("title"),
        "entries": entries.ordered(),
        "undated": undated,
    }


def _incident_entries(incidents, articles, entries: Entries, in_incident: dict[str, str]) -> None:
    events = {e.attrs.get("id"): (a, e) for a in articles for e in a.layer("events")}
    for inc in incidents:
        when = dated(inc.get("date"))
        for event_id in inc.get("events", []):
            in_incident[event_id] = inc["id"]
            if when and event_id in events:
                article, span = events[event_id]
                label = " · ".join(str(x) for x in (inc.get("type"), inc.get("place")) if x)
                entries.add(when, "incident", label, cite(article, span), incident=inc["id"])


def _event_entries(article: Article, entries: Entries, in_incident: dict[str, str]) -> None:
    for event in article.layer("events"):
        when = dated(event.attrs.get("time"))
        if when and event.attrs.get("id") not in in_incident:
            entries.add(when, "event", event.label, cite(article, event))


def _time_entries(article: Article, entries: Entries) -> None:
    for span in article.layer("times"):
        when = dated(span.attrs.get("value"))
        if when and span.attrs.get("type", "date") in ("date", "time"):
            sentence = cite(article, sentence_at(article, span.start))
            entries.add(when, "time", "mentioned date", {**cite(article, span), "sentence": sentence})


def _published_entries(articles, incidents, entries: Entries) -> list[dict[str, Any]]:
    """Publication dates; an undated article takes its incident's date, else stays undated."""
    undated = []
    for article in articles:
        head = article.layer("title")[0] if article.layer("title") else sentence_at(article, 0)
        when = dated(article.published.value)
        if when:
            entries.add(
                when,
                "published",
                "article published",
                {**cite(article, head), "inferred": article.published.inferred},
            )
            continue
        inc = next(
            (i for i in incidents if article.id in i.get("articles", []) and dated(i.get("date"))), None
        )
        if inc:
            entries.add(dated(inc["date"]), "published", "article (placed by its incident)",
                        {**cite(article, head), "placed_by": inc["id"]})  # fmt: skip
        else:
            undated.append(cite(article, head))
    return undated


@component("timeline", version="1", level="corpus", requires=("stories",),
           optional=("incidents", "comparison", "events", "times"), provides=("timeline",))  # fmt: skip
def timeline_stage(corpus: Corpus) -> None:
    corpus.results["timeline"] = [story_timeline(s, corpus) for s in corpus.results.get("stories", [])]


# --- brief ----------------------------------------------------------------------------------------
MAX_AGREED = 5
SUPPORT_SIMILARITY = 0.35  # two sentences from different outlets state the same fact
REDUNDANT = 0.5  # a candidate this close to a chosen sentence adds nothing
MIN_SENTENCE, MAX_SENTENCE = 30, 400


def story_brief(story: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    articles = [a for a in story_articles(story, corpus.by_id()) if a.language in (None, "ar")]
    by_id = {a.id: a for a in articles}
    slots = [s for inc in story_incidents(corpus, set(by_id)) for s in inc.get("comparison", [])]
    claims = [c for inc in story_incidents(corpus, set(by_id)) for c in inc.get("claims", [])]
    agreed = [_slot_item(s, claims, by_id) for s in slots if s.get("status") == "agree"]
    minority = _minority_values(slots)
    agreed = sorted((i for i in agreed if i and i["slot"].partition(":")[2] not in minority),
                    key=lambda i: -len(i["outlets"]))  # fmt: skip
    contested = [_conflict_item(s, claims, by_id) for s in slots if s.get("status") == "conflict"]
    method = "incident comparison" if agreed or contested else "cross-outlet sentence support"
    if not agreed:
        agreed = supported_sentences(articles)
    return {"story": story["id"], "language": "ar", "method": method, "agreed": agreed,
            "contested": [c for c in contested if c["claims"]]}  # fmt: skip


def _minority_values(slots: list[dict[str, Any]]) -> set[str]:
    """Values on the smaller side of a conflict: their details (count:rocket) are not agreed facts."""
    out = set()
    for slot in slots:
        values = slot.get("values", []) if slot.get("status") == "conflict" else []
        ranked = sorted(values, key=lambda v: -len(v.get("articles", [])))
        out.update(str(v.get("value")) for v in ranked[1:])
    return out


def _claim_sentence(claim: dict[str, Any], by_id: dict[str, Article]) -> dict[str, Any] | None:
    article = by_id.get(claim.get("article"))
    if article is None or not isinstance(claim.get("start"), int):
        return None
    return cite(article, sentence_at(article, claim["start"]))


def _slot_item(slot: dict[str, Any], claims, by_id) -> dict[str, Any] | None:
    """An agreed slot, told by the first sentence that states it, with every supporting outlet."""
    mine = [c for c in claims if c.get("slot") == slot.get("slot") and c.get("article") in by_id]
    sentence = next((s for s in map(lambda c: _claim_sentence(c, by_id), mine) if s), None)
    if sentence is None:
        return None
    outlets = sorted({c.get("outlet") or c["article"] for c in mine})
    return {**sentence, "slot": slot["slot"], "basis": f"{len(outlets)} outlet(s) agree on {slot['slot']}",
            "outlets": outlets, "sources": sorted({c.get("source") for c in mine if c.get("source")})}  # fmt: skip


def _conflict_item(slot: dict[str, Any], claims, by_id) -> dict[str, Any]:
    """Who says what: one cited sentence per distinct value, with the sources behind it."""
    out = []
    for value in slot.get("values", []):
        mine = [
            c for c in claims if c.get("slot") == slot.get("slot") and c.get("value") == value.get("value")
        ]
        sentence = next((s for s in (_claim_sentence(c, by_id) for c in mine) if s), None)
        if sentence:
            out.append({**sentence, "value": value.get("value"), "sources": value.get("sources", []),
                        "articles": value.get("articles", [])})  # fmt: skip
    return {"slot": slot.get("slot"), "claims": out}


def supported_sentences(articles: list[Article]) -> list[dict[str, Any]]:
    """Fallback: sentences several outlets support, ranked by support then centrality (MMR-style)."""
    pool = [(a, s, term_vector(a.surface(s))) for a in articles for s in a.layer("sentences")
            if MIN_SENTENCE <= s.end - s.start <= MAX_SENTENCE]  # fmt: skip
    pool = [p for p in pool if p[2]]
    centroid = _mean(v for _, _, v in pool)
    scored = sorted(
        ((_support(p, pool), _cosine(p[2], centroid), n, p) for n, p in enumerate(pool)),
        key=lambda t: (-len(t[0]), -t[1], t[2]),
    )
    chosen: list[tuple] = []
    for outlets, centrality, _, item in scored:
        if len(chosen) >= MAX_AGREED or (not outlets and chosen):
            break
        if all(_cosine(item[2], c[2]) < REDUNDANT for c, _ in chosen):
            meta = {"outlets": sorted(outlets | {item[0].outlet_label}), "centrality": round(centrality, 3)}
            chosen.append((item, meta))
    return [_support_record(a, s, meta) for (a, s, _), meta in chosen]


def _support_record(article: Article, span: Span, meta: dict[str, Any]) -> dict[str, Any]:
    n = len(meta["outlets"])
    basis = f"stated by {n} outlets" if n > 1 else "single source: no other outlet states it"
    return {**cite(article, span), "basis": basis, **meta}


def _support(item, pool) -> set[str]:
    """Other outlets with a sentence saying much the same thing."""
    own = item[0].outlet_label
    return {
        a.outlet_label
        for a, _, v in pool
        if a.outlet_label != own and _cosine(item[2], v) >= SUPPORT_SIMILARITY
    }


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _mean(vectors) -> dict[str, float]:
    total: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
    norm = sum(w * w for w in total.values()) ** 0.5
    return {t: w / norm for t, w in total.items()} if norm else {}


@component("brief", version="1", level="corpus", requires=("stories",),
           optional=("incidents", "comparison", "sentences"), provides=("briefs",))  # fmt: skip
def brief_stage(corpus: Corpus) -> None:
    corpus.results["briefs"] = [story_brief(s, corpus) for s in corpus.results.get("stories", [])]
