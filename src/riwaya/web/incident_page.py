"""What an incident page shows: the happening, each outlet's account side by side with links
to the sentence it cites, its conflicts and revisions in words, and the reports over time."""

from __future__ import annotations

from typing import Any

from riwaya.display import count_phrase, slot_name, status_name, type_name, value_text
from riwaya.text.normalize import fold
from riwaya.web.pages import NotFound, incident_row, most_reported
from riwaya.web.snapshot import Reader, Snapshot
from riwaya.web.views import comparison_matrix

DISPUTED = ("conflict", "revision")


def incident_page(reader: Reader, snap: Snapshot, incident_id: str) -> dict[str, Any]:
    """The incident ``incident_id`` with its articles (earliest first), matrix, accounts,
    explained disputes, stories and linked incidents; :class:`NotFound` when absent."""
    incident = snap.incidents.get(incident_id)
    record = snap.incident_records.get(incident_id)
    if incident is None or record is None:
        raise NotFound(f"no incident {incident_id!r} in this store; stories list their incidents at /")
    summaries = reader.summaries(list(record.articles))
    articles = sorted(
        summaries.values(), key=lambda a: ((a["published"] or {}).get("value") or "9999", a["id"])
    )
    outlet_of = {a["id"]: a["outlet_label"] for a in articles}
    comparison = snap.comparisons.get(incident_id)
    return {
        "incident": incident,
        "title": next((a["title"] for a in articles if a["id"] in record.leads and a.get("title")), None)
        or type_name(record.type),
        "articles": articles,
        "outlet_of": outlet_of,
        "matrix": comparison_matrix(comparison, outlet_of),
        "accounts": accounts(comparison, outlet_of),
        "disputes": [explain(s) for s in incident.get("comparison", []) if s.get("status") in DISPUTED],
        "stories": [s for s in snap.story_records.values() if incident_id in s.incidents],
        "reacts_to": snap.incidents.get(record.reacts_to) if record.reacts_to else None,
        "reactions": [i for i in snap.incident_records.values() if i.reacts_to == incident_id],
        "corrections": corrections_of(snap, set(record.articles), incident_id),
        "claims": comparison.claims if comparison else [],
    }


def corrections_of(snap: Snapshot, articles: set[str], incident_id: str) -> list[dict[str, Any]]:
    """The corrections that touched this incident: named it when made, or name its articles."""
    found = []
    for c in snap.items("corrections"):
        named = (
            set(c.get("articles", []))
            | set(c.get("into", []))
            | ({c["article"]} if "article" in c else set())
        )
        if incident_id in c.get("incidents", []) or named & articles:
            found.append(c)
    return found


def accounts(comparison, outlet_of: dict[str, str]) -> list[dict[str, Any]]:
    """Per outlet, each claim as the page lists it: slot, value, the words, and the link to the
    cited sentence in its article."""
    if comparison is None:
        return []
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for claim in comparison.claims:
        outlet = outlet_of.get(claim.article) or claim.outlet
        by_outlet.setdefault(outlet, []).append({
            "slot": slot_name(claim.slot), "value": value_text(claim.value), "text": claim.text,
            "source": claim.source, "href": cited_href(claim.article, claim.start, claim.end),
        })  # fmt: skip
    return [{"outlet": o, "claims": c} for o, c in by_outlet.items()]


def cited_href(article: str, start: int, end: int) -> str:
    """The article page with ``[start, end)`` highlighted and scrolled to."""
    return f"/articles/{article}?hl={start}-{end}#cited"


def explain(slot: dict[str, Any]) -> str:
    """A conflict or revision in one Arabic sentence, with how many independent origins say each
    value: ``تختلف المصادر في عدد المسيّرات: 1 بحسب أصلين مستقلين، و3 بحسب ...``."""
    said = "، و".join(
        f"{value_text(v.get('value'))} ({count_phrase(v.get('origins', 0), 'origin')})"
        for v in slot.get("values", [])
    )
    if slot.get("status") == "revision":
        return f"تغيّر {slot_name(slot['slot'])} مع الوقت ({status_name('revision')}): {said}."
    return f"تختلف المصادر في {slot_name(slot['slot'])}: {said}."


def incident_list(snap: Snapshot, filters: dict[str, str], limit: int, offset: int):
    """(how many match, one page of incident rows, the types present) for the incidents list:
    of a type (or its family prefix), dated within [since, until], whose type name, place or id
    contains ``q`` (folded); contested first, then the most reported."""
    wanted = [i for i in snap.incident_records.values() if _matches(i, filters)]
    ordered = most_reported(wanted, snap.comparisons)
    types = sorted({i.type for i in snap.incident_records.values()})
    return (
        len(ordered),
        [incident_row(i, snap.comparisons.get(i.id)) for i in ordered[offset : offset + limit]],
        types,
    )


def _matches(incident, filters: dict[str, str]) -> bool:
    kind, since, until, q = (filters.get(k) or "" for k in ("type", "since", "until", "q"))
    if kind and incident.type != kind and not incident.type.startswith(kind + "."):
        return False
    if (since or until) and not incident.date:
        return False
    if since and incident.date < since or until and incident.date[: len(until)] > until:
        return False
    if q:
        haystack = fold(" ".join([type_name(incident.type), incident.place or "", incident.id]))
        return fold(q) in haystack
    return True
