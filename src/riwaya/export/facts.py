"""What the event-data exports say about one incident, read from a riwaya/1 document.

Every event-data format (ACLED CSV, PLOVER JSONL, GraphML, the Markdown brief) reads the
same :class:`IncidentFacts`: its date and how precise it is, its actors by role as canonical
entities, its place and country, its fatalities, its conflicts and revisions, its outlets and
independent origins, and the article spans that cite it. Nothing here reads the store: the
input is the exported document, so a file written earlier converts the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from riwaya.export.places import Place, find_place
from riwaya.model import outlet_label
from riwaya.resources import read_json

UNKNOWN_OUTLET = "unknown source"
HEADLINE_CHARS = 160
ACTOR_ROLES = ("actor", "perpetrator", "agent")
TARGET_ROLES = ("target", "victim")


@dataclass
class Actor:
    """A participant of an incident: the canonical entity when one is found, else the words."""

    name: str
    name_en: str | None
    entity: str | None
    type: str | None
    mentions: int

    @property
    def label(self) -> str:
        return self.name_en or self.name

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en, "entity": self.entity, "type": self.type}


@dataclass
class IncidentFacts:
    """One incident as event data: every field an event-data row needs, with its citations."""

    incident: dict[str, Any]
    date: str | None
    precision: str
    date_basis: str
    actors: list[Actor]
    targets: list[Actor]
    place: Place | None
    fatalities: int | None
    conflicts: list[dict[str, Any]]
    revisions: list[dict[str, Any]]
    outlets: list[str]
    sources: int
    origins: int
    headline: str | None
    citations: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.incident["id"]

    @property
    def codes(self) -> dict[str, Any]:
        return self.incident.get("codes") or {}


def incident_facts(doc: dict[str, Any]) -> list[IncidentFacts]:
    """The facts of every incident of ``doc``, in the document's order."""
    index = DocIndex(doc)
    return [facts_of(inc, index) for inc in doc.get("incidents", [])]


class DocIndex:
    """Lookups over one document: articles, events and canonical entities by mention."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.articles = {a["id"]: a for a in doc.get("articles", [])}
        self.events = {e["id"]: e for e in doc.get("events", []) if "id" in e}
        self.entities = {e["id"]: e for e in doc.get("entities", []) if "id" in e}
        self.mentions: dict[str, list[tuple[int, int, str]]] = {}
        for ent in doc.get("entities", []):
            for m in ent.get("mentions", []):
                self.mentions.setdefault(m["article"], []).append((m["start"], m["end"], ent["id"]))

    def entity_at(self, article: str, start: int, end: int) -> dict[str, Any] | None:
        """The canonical entity whose mention overlaps ``[start, end)`` most, if any."""
        best, best_overlap = None, 0
        for s, e, ent in self.mentions.get(article, ()):
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
        return self.entities.get(best) if best else None


def facts_of(inc: dict[str, Any], index: DocIndex) -> IncidentFacts:
    slots = {s["slot"]: s for s in inc.get("comparison", [])}
    date, precision, basis = incident_date(inc, index)
    events = [index.events[e] for e in inc.get("events", []) if e in index.events]
    leads = [index.articles[a] for a in inc.get("leads") or inc.get("articles", []) if a in index.articles]
    return IncidentFacts(
        incident=inc,
        date=date,
        precision=precision,
        date_basis=basis,
        actors=participants(events, ACTOR_ROLES, index),
        targets=participants(events, TARGET_ROLES, index),
        place=find_place(inc.get("place")),
        fatalities=fatalities(slots.get("killed"), inc),
        conflicts=[s for s in inc.get("comparison", []) if s["status"] == "conflict"],
        revisions=[s for s in inc.get("comparison", []) if s["status"] == "revision"],
        outlets=sorted(
            {outlet_name(index.articles[a]) for a in inc.get("articles", []) if a in index.articles}
        ),
        sources=len(
            {source_label(index.articles[a]) for a in inc.get("articles", []) if a in index.articles}
        ),
        origins=independent_origins(inc.get("articles", []), index),
        headline=headline(leads),
        citations=citations(inc, events, index),
    )


def incident_date(inc: dict[str, Any], index: DocIndex) -> tuple[str | None, str, str]:
    """(ISO date, precision, basis): the incident's own date (``incident``), else the earliest
    publication day of its articles (``reported``: the happening is no later than that)."""
    if inc.get("date"):
        return inc["date"], {10: "day", 7: "month", 4: "year"}.get(len(inc["date"]), "day"), "incident"
    days = sorted(
        index.articles[a]["published"]["value"][:10]
        for a in inc.get("articles", [])
        if a in index.articles and (index.articles[a].get("published") or {}).get("value")
    )
    return (days[0], "reported", "reported") if days else (None, "unknown", "none")


def participants(events: list[dict[str, Any]], roles: tuple[str, ...], index: DocIndex) -> list[Actor]:
    """Arguments of ``roles`` over the incident's events, most often named first; arguments on
    the same canonical entity count as one actor."""
    counts: Counter[str] = Counter()
    found: dict[str, Actor] = {}
    for ev in events:
        article = ev.get("article") or ev["id"].split(":", 1)[0]
        for arg in ev.get("arguments", []):
            if arg.get("role") not in roles:
                continue
            ent = index.entity_at(article, arg["start"], arg["end"])
            key = ent["id"] if ent else arg["text"]
            counts[key] += 1
            found.setdefault(key, actor_of(ent, arg["text"]))
    for key, n in counts.items():
        found[key].mentions = n
    return [found[k] for k, _ in counts.most_common()]


def actor_of(entity: dict[str, Any] | None, words: str) -> Actor:
    if entity is None:
        return Actor(words, None, None, None, 0)
    return Actor(entity["name"], entity.get("name_en"), entity["id"], entity.get("type"), 0)


def fatalities(killed: dict[str, Any] | None, inc: dict[str, Any]) -> int | None:
    """Deaths as event coders count them: the latest figure of a revised toll, the lowest of
    conflicting ones (the conservative reading), 0 for a violent incident no source gives a
    toll for, ``None`` for a non-violent one without a toll."""
    if killed is None:
        return 0 if inc.get("family") == "attack" else None
    values = [v for v in killed.get("values", []) if isinstance(v.get("value"), dict)]
    if not values:
        return 0
    if killed["status"] == "revision":
        return int(values[-1]["value"].get("n") or 0)
    return min(int(v["value"].get("n") or 0) for v in values)


def independent_origins(articles: list[str], index: DocIndex) -> int:
    """Articles that are not copies of another article of the same incident."""
    ids = set(articles)
    return sum(1 for a in ids if a in index.articles and index.articles[a].get("copy_of") not in ids)


def citations(inc: dict[str, Any], events: list[dict[str, Any]], index: DocIndex) -> list[str]:
    """``article:start-end`` of each lead article's first event trigger, then of every claim
    in a conflicting or revised slot (the spans a reader checks first)."""
    out: list[str] = []
    leads = set(inc.get("leads") or [])
    for ev in events:
        article = ev.get("article") or ev["id"].split(":", 1)[0]
        if article in leads:
            out.append(f"{article}:{ev['start']}-{ev['end']}")
            leads.discard(article)
    disputed = {s["slot"] for s in inc.get("comparison", []) if s["status"] in ("conflict", "revision")}
    out += [f"{c['article']}:{c['start']}-{c['end']}" for c in inc.get("claims", []) if c["slot"] in disputed]
    return list(dict.fromkeys(out))


def headline(leads: list[dict[str, Any]], limit: int = HEADLINE_CHARS) -> str | None:
    """The title of the first-published lead article, cut at a word before ``limit`` characters."""
    titled = [a for a in leads if a.get("title")]
    if not titled:
        return None
    first = min(titled, key=lambda a: (a.get("published") or {}).get("value") or "9999")
    title = " ".join(first["title"].split())
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


def source_label(article: dict[str, Any]) -> str:
    """What tells two sources apart: :func:`riwaya.model.outlet_label` of the exported article."""
    source = article.get("source")
    url = source if source and "://" in source else None
    return outlet_label(article.get("outlet"), url, source, article["id"])


def outlet_name(article: dict[str, Any], unknown: str = UNKNOWN_OUTLET) -> str:
    """The outlet from metadata, else the host of the article's URL, else ``unknown`` (never a
    file name)."""
    if article.get("outlet"):
        return article["outlet"]
    source = article.get("source") or ""
    host = urlsplit(source).hostname if "://" in source else None
    return host.removeprefix("www.") if host else unknown


def value_text(value: Any) -> str:
    """A claim value in plain English: ``3``, ``at least 12``, ``several (2+)``, ``drone``."""
    if isinstance(value, dict) and "n" in value:
        return count_text(value.get("n"), value.get("kind") or "exact")
    return str(value)


def count_text(n: Any, kind: str) -> str:
    pattern = _count_kinds().get(kind, "{n} ({kind})")
    return pattern.format(n=n, kind=kind)


@cache
def _count_kinds() -> dict[str, str]:
    return read_json("display_en.json")["count_kinds"]


def slot_text(slot: dict[str, Any]) -> str:
    """``count:drone 1 (2 origins) vs 3 (2 origins)``: a slot's values with their origins."""
    values = " vs ".join(
        f"{value_text(v['value'])} ({v.get('origins', 0)} origin{'s' if v.get('origins', 0) != 1 else ''})"
        for v in slot.get("values", [])
    )
    return f"{slot['slot']} {values}"
