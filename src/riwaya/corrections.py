"""Corrections that last: a person splits or merges incidents, merges or splits entities, or
rejects a claim; riwaya stores who, when and why, re-runs the corpus stages, and re-applies the
correction on every later run (:mod:`riwaya.stages.corrections` says how each kind applies).

A correction is given by the ids a page shows (``incident-3``, ``per-…``) and stored by keys that
survive re-analysis (the incident's lead articles; entity ids; a claim's article and span). It is
undone, never deleted: ``undone`` records who undid it and when, and the history stays.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from riwaya.analysis import run_store_stages
from riwaya.errors import RiwayaError
from riwaya.pipeline import Pipeline
from riwaya.store.sqlite import Store

KINDS = ("merge_incidents", "split_incident", "reject_claim", "merge_entities", "split_entity")
OPPOSITE = {"merge_incidents": "split_incident", "split_incident": "merge_incidents",
            "merge_entities": "split_entity", "split_entity": "merge_entities"}  # fmt: skip


class CorrectionError(RiwayaError):
    """A correction that cannot be made; ``status`` is the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def list_corrections(db: str) -> list[dict[str, Any]]:
    with Store(db) as store:
        return list(store.results().get("corrections", []))


def add_correction(db: str, kind: str, *, who: str, why: str, **given: Any) -> dict[str, Any]:
    """Make and store one correction, then recompute the corpus results with it. ``given``:
    ``incident``/``into`` (merge_incidents), ``incident``/``articles`` (split_incident),
    ``incident``/``slot``/``article``/``start``/``end`` (reject_claim), ``entities``
    (merge_entities), ``entity``/``spellings`` (split_entity)."""
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction kind {kind!r}; use one of {', '.join(KINDS)}")
    if not (who or "").strip() or not (why or "").strip():
        raise CorrectionError("a correction needs who makes it and why (who, why)")
    with Store(db) as store:
        results = store.results()
        existing = list(results.get("corrections", []))
        target = resolve(kind, given, results)
        refuse_contradiction(kind, target, existing)
        made = {"id": f"c{len(existing) + 1}", "kind": kind, **target, "who": who.strip(), "why": why.strip(),
                "at": now(), "undone": None, "applied": None}  # fmt: skip
        recompute(store, [*existing, made])
    return made


def undo_correction(db: str, correction_id: str, *, who: str) -> dict[str, Any]:
    """Mark a correction undone (who, when) and recompute without it."""
    with Store(db) as store:
        existing = [dict(c) for c in store.results().get("corrections", [])]
        found = next((c for c in existing if c["id"] == correction_id), None)
        if found is None:
            raise CorrectionError(f"no correction {correction_id!r}; list them at /api/corrections", 404)
        if found.get("undone"):
            raise CorrectionError(
                f"correction {correction_id} was already undone at {found['undone']['at']}", 409
            )
        found["undone"] = {"who": who.strip() or "unknown", "at": now()}
        recompute(store, existing)
    return found


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def recompute(store: Store, corrections: list[dict[str, Any]]) -> None:
    """Store ``corrections`` and the corpus results computed with them, in one transaction."""
    pipeline = Pipeline.build()

    def run():
        corpus, changed = run_store_stages(store, pipeline, given={"corrections": corrections})
        return dict(corpus.results), changed

    store.save_with_results([], run)


# --- from page ids to lasting keys -------------------------------------------------------------
def resolve(kind: str, given: dict[str, Any], results: dict[str, list[Any]]) -> dict[str, Any]:
    """The stored target of a correction: lead articles instead of incident ids."""
    incidents = {i["id"]: i for i in results.get("incidents", [])}
    entities = {e["id"]: e for e in results.get("entities", [])}
    if kind == "merge_incidents":
        a, b = _incident(incidents, given.get("incident")), _incident(incidents, given.get("into"))
        if a["id"] == b["id"]:
            raise CorrectionError(f"{a['id']} cannot be merged into itself")
        return {"articles": _leads(a), "into": _leads(b), "incidents": [a["id"], b["id"]]}
    if kind == "split_incident":
        inc = _incident(incidents, given.get("incident"))
        moving = [a for a in given.get("articles") or [] if a in inc["articles"]]
        if not moving or len(moving) == len(inc["articles"]):
            raise CorrectionError(f"name some but not all of the articles of {inc['id']} to split off")
        return {"articles": moving, "incidents": [inc["id"]]}
    if kind == "reject_claim":
        return _claim(_incident(incidents, given.get("incident")), given)
    if kind == "merge_entities":
        ids = list(dict.fromkeys(given.get("entities") or []))
        missing = [e for e in ids if e not in entities]
        if len(ids) < 2 or missing:
            raise CorrectionError(
                f"name two or more entities that exist (unknown: {missing})", 404 if missing else 400
            )
        return {"entities": ids}
    return _spellings(entities, given)


def _incident(incidents: dict[str, dict], ident: Any) -> dict[str, Any]:
    if ident not in incidents:
        raise CorrectionError(
            f"no incident {ident!r} in this store (ids change when articles are re-analysed)", 404
        )
    return incidents[ident]


def _leads(incident: dict[str, Any]) -> list[str]:
    return list(incident.get("leads") or incident["articles"])


def _claim(incident: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    key = (given.get("slot"), given.get("article"), given.get("start"), given.get("end"))
    for c in incident.get("claims", []):
        if (c["slot"], c["article"], c["start"], c["end"]) == key:
            return {"slot": c["slot"], "article": c["article"], "start": c["start"], "end": c["end"],
                    "text": c["text"], "value": c["value"], "incidents": [incident["id"]]}  # fmt: skip
    raise CorrectionError(f"{incident['id']} has no {key[0]!r} claim at {key[1]}:{key[2]}-{key[3]}", 404)


def _spellings(entities: dict[str, dict], given: dict[str, Any]) -> dict[str, Any]:
    entity = entities.get(given.get("entity"))
    if entity is None:
        raise CorrectionError(f"no entity {given.get('entity')!r} in this store", 404)
    written = {m["text"] for m in entity["mentions"]}
    spellings = [s for s in given.get("spellings") or [] if s in written]
    if not spellings or set(spellings) == written:
        raise CorrectionError(
            f"name some but not all spellings of {entity['id']} (it has: {sorted(written)})"
        )
    return {"entity": entity["id"], "spellings": spellings}


def refuse_contradiction(kind: str, target: dict[str, Any], existing: list[dict[str, Any]]) -> None:
    """A correction that undoes an active one is refused: undo that one instead (409)."""
    opposite = OPPOSITE.get(kind)
    mine = _touched(target)
    for c in existing:
        if c["kind"] == opposite and not c.get("undone") and mine & _touched(c):
            raise CorrectionError(
                f"this contradicts correction {c['id']} ({c['kind']} by {c['who']}); undo it first", 409
            )


def _touched(c: dict[str, Any]) -> set[str]:
    return {
        *c.get("articles", []),
        *c.get("into", []),
        *c.get("entities", []),
        *([c["entity"]] if "entity" in c else []),
    }
