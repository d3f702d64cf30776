"""PLOVER/CAMEO event data as JSONL: one event per incident, every incident type included.

Each line holds the PLOVER fields (``event_type``, ``mode``, ``actor``, ``recipient``,
``location``, ``date``) beside the CAMEO code and the ACLED sub-event type of the same
incident, its sources with the spans that cite it, and riwaya's own record of it (conflicts,
revisions, fatalities, independent origins). Types PLOVER has no category for (a statement,
an accident) have ``event_type`` null and keep their riwaya type and CAMEO code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from riwaya.export.facts import Actor, IncidentFacts, incident_facts
from riwaya.resources import read_tsv

PLOVER_VERSION = "riwaya-plover/1"


@cache
def plover_modes() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("plover_modes.tsv")}


def to_plover(doc: dict[str, Any]) -> str:
    """The incidents of ``doc`` as PLOVER-style JSONL text, one event per line."""
    return "".join(line + "\n" for line in plover_lines(doc))


def plover_lines(doc: dict[str, Any]) -> Iterator[str]:
    events = sorted((plover_event(f) for f in incident_facts(doc)), key=lambda e: (e["date"] or "", e["id"]))
    for event in events:
        yield json.dumps(event, ensure_ascii=False, sort_keys=True)


def plover_event(f: IncidentFacts) -> dict[str, Any]:
    codes = f.codes
    return {
        "id": f.id,
        "version": PLOVER_VERSION,
        "date": f.date,
        "date_precision": f.precision,
        "event_type": codes.get("plover"),
        "mode": plover_modes().get(f.incident.get("type", "")),
        "cameo": codes.get("cameo"),
        "acled_sub_event_type": codes.get("acled"),
        "actor": party(f.actors),
        "recipient": party(f.targets),
        "location": location(f),
        "sources": f.outlets,
        "citations": f.citations,
        "text": f.headline,
        "riwaya": {
            "type": f.incident.get("type"),
            "family": f.incident.get("family"),
            "articles": list(f.incident.get("articles", [])),
            "reacts_to": f.incident.get("reacts_to"),
            "fatalities": f.fatalities,
            "conflicts": [s["slot"] for s in f.conflicts],
            "revisions": [s["slot"] for s in f.revisions],
            "origins": f.origins,
        },
    }


def party(actors: list[Actor]) -> dict[str, Any] | None:
    """The first actor of a role, with the others of that role as ``associated``."""
    if not actors:
        return None
    return actors[0].to_dict() | {"associated": [a.to_dict() for a in actors[1:]]}


def location(f: IncidentFacts) -> dict[str, Any] | None:
    if f.place is None:
        return {"name": f.incident["place"]} if f.incident.get("place") else None
    return {"name": f.place.name, "name_en": f.place.name_en, "country": f.place.country,
            "country_iso3": f.place.iso3, "feature": f.place.kind}  # fmt: skip
