"""People's corrections, re-applied by the corpus stages on every run.

A correction (result key ``corrections``, written by :mod:`riwaya.corrections`) names what it
changes by keys that survive re-analysis: article ids (hashes of the text) and spans, and
entity ids (hashes of type and name), never the positional incident ids. Each corpus stage
applies the kinds that concern it after computing its own result:

- ``incidents``: ``merge_incidents`` (the incidents led by ``articles`` and by ``into``
  become one) and ``split_incident`` (``articles`` leave their incident for a new one);
- ``canonical_entities``: ``merge_entities`` (``entities[1:]`` join ``entities[0]``) and
  ``split_entity`` (the mentions written as one of ``spellings`` leave ``entity``);
- ``compare``: ``reject_claim`` (the claim of ``slot`` at ``article`` ``[start, end)`` is
  dropped before the slots are compared).

Corrections apply in the order they were made; an undone one (``undone`` set) is skipped. Each
records how its last application went in ``applied`` (``true``, or the reason it could not
apply, e.g. its articles are gone), so the page and the export can say so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from riwaya.results import CanonicalEntity, Claim, Incident, Join, Merge

INCIDENT_KINDS = ("merge_incidents", "split_incident")
ENTITY_KINDS = ("merge_entities", "split_entity")
CLAIM_KINDS = ("reject_claim",)


def active(corrections: list[dict[str, Any]], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return [c for c in corrections if c.get("kind") in kinds and not c.get("undone")]


def _by_person(c: dict[str, Any], what: str) -> str:
    return (
        f"{what} by {c.get('who') or 'a person'} (correction {c['id']}): {c.get('why') or 'no reason given'}"
    )


# --- incidents -------------------------------------------------------------------------------
def correct_incidents(records: list[Incident], corrections: list[dict[str, Any]]) -> list[Incident]:
    """``records`` with every active incident correction applied, in order."""
    for c in active(corrections, INCIDENT_KINDS):
        records, c["applied"] = (merge_incidents if c["kind"] == "merge_incidents" else split_incident)(
            records, c
        )
    return records


def _holding(records: list[Incident], articles: list[str]) -> Incident | None:
    """The incident led by most of ``articles`` (then holding most of them)."""
    wanted = set(articles)
    scored = [(len(wanted & set(r.leads)), len(wanted & set(r.articles)), r) for r in records]
    best = max(scored, key=lambda s: (s[0], s[1]), default=(0, 0, None))
    return best[2] if best[1] else None


def merge_incidents(records: list[Incident], c: dict[str, Any]) -> tuple[list[Incident], Any]:
    source, target = _holding(records, c["articles"]), _holding(records, c["into"])
    if source is None or target is None:
        return records, "its articles are no longer in the store"
    if source is target:
        return records, True  # already one incident
    merged = replace(
        target,
        articles=list(dict.fromkeys(target.articles + source.articles)),
        leads=list(dict.fromkeys(target.leads + source.leads)),
        events=list(dict.fromkeys(target.events + source.events)),
        related=list(dict.fromkeys(target.related + source.related)),
        joins=[*target.joins, *source.joins, Join((), (_by_person(c, "merged"),))],
    )
    return [merged if r is target else r for r in records if r is not source], True


def split_incident(records: list[Incident], c: dict[str, Any]) -> tuple[list[Incident], Any]:
    origin = _holding(records, c["articles"])
    moving = set(c["articles"]) & set(origin.articles) if origin else set()
    if not moving:
        return records, "its articles are no longer in the store"
    if moving == set(origin.articles):
        return records, True  # already on their own
    kept = replace(origin, articles=[a for a in origin.articles if a not in moving],
                   leads=[a for a in origin.leads if a not in moving],
                   events=[e for e in origin.events if e.split(":")[0] not in moving],
                   related=[e for e in origin.related if e.split(":")[0] not in moving])  # fmt: skip
    new = replace(origin, id=_next_id(records), articles=[a for a in origin.articles if a in moving],
                  leads=[a for a in origin.leads if a in moving],
                  events=[e for e in origin.events if e.split(":")[0] in moving],
                  related=[e for e in origin.related if e.split(":")[0] in moving],
                  joins=[Join((), (_by_person(c, f"split from {origin.id}"),))], reacts_to=None)  # fmt: skip
    return [kept if r is origin else r for r in records] + [new], True


def _next_id(records: list[Incident]) -> str:
    numbers = [int(r.id.rsplit("-", 1)[1]) for r in records if r.id.rsplit("-", 1)[-1].isdigit()]
    return f"incident-{max(numbers, default=0) + 1}"


# --- entities --------------------------------------------------------------------------------
def correct_entities(
    records: list[CanonicalEntity], corrections: list[dict[str, Any]]
) -> list[CanonicalEntity]:
    """``records`` with every active entity correction applied, in order."""
    for c in active(corrections, ENTITY_KINDS):
        records, c["applied"] = (merge_entities if c["kind"] == "merge_entities" else split_entity)(
            records, c
        )
    return records


def merge_entities(records: list[CanonicalEntity], c: dict[str, Any]) -> tuple[list[CanonicalEntity], Any]:
    by_id = {r.id: r for r in records}
    keep, others = by_id.get(c["entities"][0]), [by_id[e] for e in c["entities"][1:] if e in by_id]
    if keep is None or not others:
        return records, "one of its entities is no longer in the store"
    gone = {o.id for o in others}
    merged = replace(keep, mentions=keep.mentions + [m for o in others for m in o.mentions],
                     aliases=list(dict.fromkeys(keep.aliases + [o.name for o in others])),
                     merges=keep.merges + [Merge(o.id, _by_person(c, "merged")) for o in others])  # fmt: skip
    return [merged if r is keep else r for r in records if r.id not in gone], True


def split_entity(records: list[CanonicalEntity], c: dict[str, Any]) -> tuple[list[CanonicalEntity], Any]:
    origin = next((r for r in records if r.id == c["entity"]), None)
    spellings = set(c["spellings"])
    moving = [m for m in origin.mentions if m.text in spellings] if origin else []
    if not moving:
        return records, "its entity or spellings are no longer in the store"
    if len(moving) == len(origin.mentions):
        return records, True
    kept = replace(origin, mentions=[m for m in origin.mentions if m.text not in spellings])
    new = CanonicalEntity(f"{origin.id}-{c['id']}", origin.type, moving[0].text, None, [], moving,
                          [Merge(origin.id, _by_person(c, f"split from {origin.id}"))])  # fmt: skip
    return [kept if r is origin else r for r in records] + [new], True


# --- claims ----------------------------------------------------------------------------------
def rejected_claims(corrections: list[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
    """(slot, article, start, end) -> the correction that rejects that claim."""
    return {(c["slot"], c["article"], c["start"], c["end"]): c for c in active(corrections, CLAIM_KINDS)}


def keep_claims(claims: list[Claim], rejected: dict[tuple, dict[str, Any]]) -> list[Claim]:
    """``claims`` without the rejected ones (each rejection found is marked applied)."""
    kept = []
    for claim in claims:
        c = rejected.get((claim.slot, claim.article, claim.start, claim.end))
        if c is None:
            kept.append(claim)
        else:
            c["applied"] = True
    return kept
