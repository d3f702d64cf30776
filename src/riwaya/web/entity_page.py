"""What an entity page shows: the names and spellings of one canonical entity with the reason
for each merge, its mentions per outlet, quotes by it and about it, the incidents it takes part
in as actor or target, and when it was reported."""

from __future__ import annotations

from collections import Counter
from typing import Any

from riwaya.display import merge_reason
from riwaya.web.pages import NotFound
from riwaya.web.snapshot import Reader, Snapshot

ACTOR_ROLES = {
    "actor": "فاعل",
    "perpetrator": "فاعل",
    "agent": "فاعل",
    "target": "مستهدف",
    "victim": "مستهدف",
}
QUOTES_SHOWN = 50


def entity_page(reader: Reader, snap: Snapshot, entity_id: str) -> dict[str, Any]:
    """The canonical entity ``entity_id`` and what the store says of it; :class:`NotFound` if absent."""
    entity = snap.entities.get(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id!r} in this store; entities are listed on each story page")
    mentions = entity.get("mentions", [])
    ids = list(dict.fromkeys(m["article"] for m in mentions))
    summaries = reader.summaries(ids)
    by_article: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        by_article.setdefault(m["article"], []).append((m["start"], m["end"]))
    quotes_by, quotes_about = quotes_of(reader.spans_of(ids, "quotes"), by_article)
    return {
        "entity": entity,
        "spellings": spellings(mentions),
        "merges": merges(entity.get("merges", [])),
        "outlets": per_outlet(mentions, summaries),
        "quotes_by": quotes_by[:QUOTES_SHOWN],
        "quotes_about": quotes_about[:QUOTES_SHOWN],
        "incidents": incidents_of(reader.spans_of(ids, "events"), by_article, snap),
        "reports": sorted(
            summaries.values(), key=lambda a: ((a["published"] or {}).get("value") or "9999", a["id"])
        ),
        "outlet_of": {a: s["outlet_label"] for a, s in summaries.items()},
        "corrections": [
            c
            for c in snap.items("corrections")
            if entity_id in c.get("entities", []) or c.get("entity") == entity_id
        ],  # fmt: skip
    }


def merges(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each (spelling, reason) once, with how many mentions joined that way."""
    counts = Counter((m["from"].split(":", 1)[-1], merge_reason(m["reason"])) for m in raw)
    return [{"name": name, "reason": reason, "times": n} for (name, reason), n in counts.items()]


def spellings(mentions: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Each way the texts write the entity, most frequent first, with its count."""
    return Counter(m["text"] for m in mentions).most_common()


def per_outlet(mentions: list[dict[str, Any]], summaries: dict[str, dict]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    for m in mentions:
        outlet = (summaries.get(m["article"]) or {}).get("outlet_label") or "مصدر غير معروف"
        counts[outlet] += 1
        articles.setdefault(outlet, set()).add(m["article"])
    return [{"outlet": o, "mentions": n, "articles": len(articles[o])} for o, n in counts.most_common()]


def _inside(span: dict | None, places: list[tuple[int, int]]) -> bool:
    return bool(span) and any(s < span["end"] and span["start"] < e for s, e in places)


def quotes_of(quotes: list[dict[str, Any]], by_article: dict[str, list[tuple[int, int]]]):
    """(quotes whose speaker is a mention of the entity, quotes whose content mentions it)."""
    said, about = [], []
    for q in quotes:
        places = by_article.get(q["article"], [])
        if _inside(q.get("speaker"), places):
            said.append(q)
        elif _inside(q.get("content"), places):
            about.append(q)
    return said, about


def incidents_of(events: list[dict[str, Any]], by_article: dict, snap: Snapshot) -> list[dict[str, Any]]:
    """Incidents whose events name the entity in an actor or target argument, with the role."""
    incident_of = {e: inc.id for inc in snap.incident_records.values() for e in inc.events}
    found: dict[str, set[str]] = {}
    for ev in events:
        incident = incident_of.get(ev.get("id"))
        if incident is None:
            continue
        for arg in ev.get("arguments", []):
            if arg.get("role") in ACTOR_ROLES and _inside(arg, by_article.get(ev["article"], [])):
                found.setdefault(incident, set()).add(ACTOR_ROLES[arg["role"]])
    return [snap.incidents[i] | {"roles": sorted(r)} for i, r in found.items() if i in snap.incidents]
