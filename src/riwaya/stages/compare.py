"""Claims and comparison: what each source says about an incident, and where they differ.

Per incident, every event argument becomes a slot-level claim (weapon, count per weapon, injured,
killed, time of day, outcome, place, perpetrator, responsibility) that cites its article, span and
source (the quoted speaker with the chain it came through, or the outlet's own voice). The
comparison marks each slot ``agree``, ``conflict`` or ``single`` (one article). Counts compare as
intervals so vagueness is respected: 3 vs "a drone" (exactly 1) conflict, "several" vs 3 do not,
"about 8" vs 7 do not. Open slots (perpetrator, place, outcome) collect values but never conflict:
naming a different group or a wider place is not a contradiction. Result key ``comparison``: one
:class:`riwaya.results.Comparison` per incident (by id); the incidents are left as they are and
the export writes each comparison inside its incident.
"""

from __future__ import annotations

import json
import math
from typing import Any

from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.results import COMPARISON, Claim, Comparison, Incident, SlotComparison, SlotValue
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

INTERVALS = {
    "exact": lambda n: (n, n),
    "about": lambda n: (n - max(1, math.ceil(0.25 * n)), n + max(1, math.ceil(0.25 * n))),
    "at_least": lambda n: (n, math.inf),
    "at_most": lambda n: (0, n),
    "several": lambda n: (2, 10),
    "some": lambda n: (1, math.inf),
    "dozens": lambda n: (20, 99),
    "hundreds": lambda n: (100, 999),
    "thousands": lambda n: (1000, math.inf),
}
OPEN_SLOTS = ("perpetrator", "place", "outcome", "target")
ARG_SLOTS = {"instrument": "weapon", "injured": "injured", "killed": "killed", "time_of_day": "time_of_day",
             "outcome": "outcome", "place": "place"}  # fmt: skip


# --- values ----------------------------------------------------------------------------------
def count_interval(value: dict[str, Any]) -> tuple[float, float]:
    kind = value.get("kind", "exact")
    return INTERVALS.get(kind, INTERVALS["some"])(value.get("n") or 0)


def compatible(slot: str, a: Any, b: Any) -> bool:
    """Whether two values of one slot can both be true."""
    if slot in OPEN_SLOTS:
        return True
    if isinstance(a, dict) and isinstance(b, dict) and "kind" in a and "kind" in b:
        (alo, ahi), (blo, bhi) = count_interval(a), count_interval(b)
        return alo <= bhi and blo <= ahi
    return value_key(a) == value_key(b)


def value_key(value: Any) -> str:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "of"}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- sources ---------------------------------------------------------------------------------
def source_of(article: Article, event: Span) -> str:
    """``speaker ← via ← outlet``: who says it, through whom, in whose pages."""
    attributed = event.attrs.get("attributed_to") or {}
    outlet = article.outlet_label
    speaker = attributed.get("speaker")
    if attributed.get("kind") in ("quote", "cue") and speaker:
        chain = [speaker, *attributed.get("via", [])]
        return " ← ".join(chain if _same_name(chain[-1], outlet) else [*chain, outlet])
    return outlet


def _same_name(a: str, b: str) -> bool:
    """An outlet that relays its own reporter's words ends the chain once, not twice."""
    return " ".join(match_key(w) for w in a.split()) == " ".join(match_key(w) for w in b.split())


# --- claims ----------------------------------------------------------------------------------
def claim(slot: str, value: Any, article: Article, event: Span, span: Span) -> Claim:
    return Claim(slot, value, event.attrs["id"], article.id, span.start, span.end, article.surface(span),
                 source_of(article, event), article.outlet_label, event.attrs.get("modality"))  # fmt: skip


def argument_claims(article: Article, event: Span) -> list[Claim]:
    out = []
    for a in event.attrs.get("arguments", []):
        role, value = a.attrs.get("role"), a.attrs.get("value")
        if role == "count" and isinstance(value, dict):
            out.append(claim(f"count:{value.get('of')}", {k: v for k, v in value.items() if k != "of"},
                             article, event, a))  # fmt: skip
        elif role in ARG_SLOTS and value is not None:
            out.append(claim(ARG_SLOTS[role], value, article, event, a))
    return out


def related_claims(article: Article, event: Span) -> list[Claim]:
    """Perpetrator and responsibility claims from accusations and (denied) claims of responsibility."""
    etype, negative = event.attrs.get("type", ""), event.attrs.get("polarity") == "negative"
    actors = [a for a in event.attrs.get("arguments", []) if a.attrs.get("role") == "actor"]
    if etype == "responsibility.claim":
        value = "none claimed" if negative else "claimed"
        out = [claim("responsibility", value, article, event, event)]
        if not negative:
            out += [claim("perpetrator", _name(article, a), article, event, a) for a in actors]
        return out
    if etype == "responsibility.denial":
        return [claim("responsibility", "denied", article, event, event)]
    if etype == "accusation" and not negative:
        return [claim("perpetrator", _name(article, a), article, event, a) for a in actors]
    return []


def _name(article: Article, span: Span) -> str:
    return " ".join(fold(article.surface(span)).split())


def incident_claims(incident: Incident, events: dict[str, tuple[Article, Span]]) -> list[Claim]:
    out = []
    for event_id in incident.events:
        if event_id in events:
            out += argument_claims(*events[event_id])
    for event_id in incident.related:
        if event_id in events:
            out += related_claims(*events[event_id])
    return out


# --- comparison ------------------------------------------------------------------------------
def compare_slot(slot: str, claims: list[Claim]) -> SlotComparison:
    groups: dict[str, SlotValue] = {}
    for c in claims:
        g = groups.setdefault(value_key(c.value), SlotValue(c.value))
        if c.article not in g.articles:
            g.articles.append(c.article)
        if c.source not in g.sources:
            g.sources.append(c.source)
    values = list(groups.values())
    return SlotComparison(slot, slot_status(slot, values), values)


def slot_status(slot: str, values: list[SlotValue]) -> str:
    clash = any(not compatible(slot, a.value, b.value) for i, a in enumerate(values) for b in values[i + 1 :])
    if clash:
        return "conflict"
    articles = {art for v in values for art in v.articles}
    return "single" if len(articles) < 2 else "agree"


def comparison(claims: list[Claim]) -> list[SlotComparison]:
    slots: dict[str, list[Claim]] = {}
    for c in claims:
        slots.setdefault(c.slot, []).append(c)
    return [compare_slot(slot, items) for slot, items in sorted(slots.items())]


def compare_incident(incident: Incident, events: dict[str, tuple[Article, Span]]) -> Comparison:
    claims = incident_claims(incident, events)
    return Comparison(incident.id, claims, comparison(claims))


# --- the stage -------------------------------------------------------------------------------
@component("compare", version="1", level="corpus", requires=("incidents",), provides=("comparison",))
def compare(corpus: Corpus) -> None:
    events = {e.attrs["id"]: (a, e) for a in corpus.articles for e in a.layer("events")}
    corpus.put(COMPARISON, [compare_incident(incident, events) for incident in corpus.incidents()])
