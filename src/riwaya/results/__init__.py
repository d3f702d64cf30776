"""Typed corpus results: the records the corpus stages build and everyone else reads by name.

Each record's ``to_dict()`` is exactly its riwaya/1 export object (same keys, order, values) and
``from_dict()`` reads that object back (what the store holds). The comparison of an incident is
its own record (:class:`Comparison`, built by the compare stage, keyed by incident id); the
export writes it inside the incident (:func:`incident_dict`). :func:`parse_results` and
:func:`dump_results` convert a whole ``{key: [objects]}`` mapping in both directions.
"""

from __future__ import annotations

from typing import Any

from riwaya.results.entities import CanonicalEntity, EntityMention, Merge
from riwaya.results.incidents import (
    Account,
    Claim,
    Comparison,
    Incident,
    Join,
    SlotComparison,
    SlotValue,
    incident_dict,
)
from riwaya.results.stories import (
    Brief,
    BriefFact,
    Cite,
    ContestedClaim,
    ContestedSlot,
    Story,
    StoryMember,
    StoryState,
    Timeline,
    TimelineEntry,
)

__all__ = [
    "COMPARISON",
    "RECORDS",
    "Account",
    "Brief",
    "BriefFact",
    "CanonicalEntity",
    "Cite",
    "Claim",
    "Comparison",
    "ContestedClaim",
    "ContestedSlot",
    "EntityMention",
    "Incident",
    "Join",
    "Merge",
    "SlotComparison",
    "SlotValue",
    "Story",
    "StoryMember",
    "StoryState",
    "Timeline",
    "TimelineEntry",
    "dump_results",
    "incident_dict",
    "parse_results",
]

RECORDS = {"entities": CanonicalEntity, "incidents": Incident, "stories": Story, "timeline": Timeline,
           "briefs": Brief}  # fmt: skip
COMPARISON = "comparison"  # records key of the compare stage; exported inside the incidents


def parse_results(results: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Export-shaped results (the store's) as records; an incident's comparison becomes a
    :class:`Comparison` under ``comparison``. Keys riwaya does not know stay as they are."""
    out: dict[str, list[Any]] = {}
    for key, items in results.items():
        kind = RECORDS.get(key)
        out[key] = [kind.from_dict(item) for item in items] if kind else list(items)
        if key == "incidents" and any("comparison" in item for item in items):
            out[COMPARISON] = [Comparison.from_dict(i, i["id"]) for i in items if "comparison" in i]
    return out


def dump_results(records: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Records as export objects: the inverse of :func:`parse_results`."""
    compared = {c.incident: c for c in records.get(COMPARISON, [])}
    out: dict[str, list[Any]] = {}
    for key, items in records.items():
        if key == COMPARISON:
            continue
        if key == "incidents":
            out[key] = [incident_dict(i, compared.get(i.id)) for i in items]
        else:
            out[key] = [i.to_dict() for i in items] if key in RECORDS else list(items)
    return out
