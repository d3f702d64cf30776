"""ACLED-style CSV: one row per incident that ACLED's codebook covers.

The ACLED columns come first, in the codebook's names; riwaya's own columns (``riwaya_*``)
follow: the incident id, its type, which slots conflict or were revised, the outlets, the
independent origins and the spans to check. Incidents whose type has no ACLED sub-event type
(statements, meetings, accidents, other happenings) are not ACLED events and are left out;
the PLOVER export carries them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from riwaya.export.cells import write_csv
from riwaya.export.facts import IncidentFacts, incident_facts, slot_text
from riwaya.resources import read_tsv

ACLED_FIELDS = (
    "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "country", "admin1", "location", "source", "source_scale",
    "notes", "fatalities",
)  # fmt: skip
RIWAYA_FIELDS = (
    "riwaya_incident", "riwaya_type", "riwaya_date_basis", "riwaya_conflicts", "riwaya_revisions",
    "riwaya_outlets", "riwaya_origins", "riwaya_articles", "riwaya_location_ar", "riwaya_citations",
)  # fmt: skip
FIELDS = ACLED_FIELDS + RIWAYA_FIELDS
# ACLED's time_precision: 1 the day is known, 2 within about a week, 3 within the month
TIME_PRECISION = {"day": 1, "reported": 2, "month": 3, "year": 3}
UNIDENTIFIED = "Unidentified"


@cache
def acled_types() -> dict[str, tuple[str, bool]]:
    """ACLED sub-event type -> (event type, violent?)."""
    return {row[0]: (row[1], row[2] == "1") for row in read_tsv("acled_event_types.tsv")}


def to_acled(doc: dict[str, Any]) -> str:
    """The incidents of ``doc`` as ACLED-style CSV text (header included)."""
    return write_csv(FIELDS, acled_rows(doc))


def acled_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [acled_row(f) for f in incident_facts(doc) if f.codes.get("acled") in acled_types()]
    return sorted(rows, key=lambda r: (r["event_date"], r["riwaya_incident"]))


def acled_row(f: IncidentFacts) -> dict[str, Any]:
    sub = f.codes["acled"]
    event_type, violent = acled_types()[sub]
    return {
        "event_date": event_date(f),
        "year": (f.date or "")[:4],
        "time_precision": TIME_PRECISION.get(f.precision, ""),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": f.actors[0].label if f.actors else (UNIDENTIFIED if violent else ""),
        "assoc_actor_1": "; ".join(a.label for a in f.actors[1:]),
        "actor2": "; ".join(a.label for a in f.targets[:1]),
        "country": f.place.country if f.place else "",
        "admin1": "",
        "location": (f.place.name_en if f.place and not f.place.is_country else "") or "",
        "source": "; ".join(f.outlets),
        "source_scale": "",
        "notes": notes(f),
        "fatalities": f.fatalities if f.fatalities is not None else 0,
        **riwaya_columns(f),
    }


def event_date(f: IncidentFacts) -> str:
    """A full ISO day, as ACLED's ``event_date`` wants: a month or year is written as its first day."""
    if not f.date:
        return ""
    year, month, day = ([*f.date.split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}"


def notes(f: IncidentFacts) -> str:
    """The lead headline, then each conflict and revision in words, with origins."""
    parts = [sentence(f.headline) if f.headline else ""]
    if f.conflicts:
        parts.append("Sources conflict on " + "; ".join(slot_text(s) for s in f.conflicts) + ".")
    if f.revisions:
        parts.append("Revised over time: " + "; ".join(slot_text(s) for s in f.revisions) + ".")
    if f.date_basis == "reported":
        parts.append("Date is the first report's publication day.")
    return " ".join(p for p in parts if p)


def sentence(text: str) -> str:
    return text if text.endswith((".", "…", "؟", "?", "!")) else text + "."


def riwaya_columns(f: IncidentFacts) -> dict[str, Any]:
    return {
        "riwaya_incident": f.id,
        "riwaya_type": f.incident.get("type", ""),
        "riwaya_date_basis": f.date_basis,
        "riwaya_conflicts": "; ".join(s["slot"] for s in f.conflicts),
        "riwaya_revisions": "; ".join(s["slot"] for s in f.revisions),
        "riwaya_outlets": f.sources,
        "riwaya_origins": f.origins,
        "riwaya_articles": len(f.incident.get("articles", [])),
        "riwaya_location_ar": f.place.name if f.place else (f.incident.get("place") or ""),
        "riwaya_citations": "; ".join(f.citations),
    }
