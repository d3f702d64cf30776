"""Claims and comparison: what each source says about an incident, and where they differ.

Per incident, every claim cites its article, span and source (the quoted speaker with the chain
it came through, or the outlet's own voice). Counts of killed, injured, arrested come from the
``claims`` layer (each goes to the incident whose mention shares its sentence, else to the
incident its article leads with); weapon, time of day, outcome, place and weapon counts from
the event arguments; the date from the lead mention's stated day; perpetrator and responsibility
from accusations and claims. Each slot is compared across outlets by
:mod:`riwaya.stages.slot_status` (agree, conflict, single, revision, uncertain), and each value
counts its **origins**: claims with the same wording, or from the same named speaker, in several
outlets are one origin (a wire copy, a ministry statement quoted by five papers). Result key
``comparison``: one :class:`riwaya.results.Comparison` per incident (by id).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from riwaya.components.events.lexicon import type_info
from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.results import COMPARISON, Claim, Comparison, Incident, SlotComparison, SlotValue
from riwaya.stages.corrections import keep_claims, rejected_claims
from riwaya.stages.leads import SECURITY, recent
from riwaya.stages.slot_status import COUNT_SLOTS, compatible, count_interval, slot_status, value_key
from riwaya.text.dates import iso_day
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

__all__ = ["compatible", "count_interval", "value_key", "compare"]

LAYER_SLOTS = (*COUNT_SLOTS, "weapon", "time_of_day", "perpetrator", "responsibility", "target", "place")
LEAD_SLOTS = ("time_of_day", "weapon")
TOLL_LEAD_CHARS = 600
LEAD_SLOT_CHARS = 300  # about the first paragraph or two, where a report states its toll
ARG_SLOTS = {"instrument": "weapon", "injured": "injured", "killed": "killed", "time_of_day": "time_of_day",
             "outcome": "outcome", "place": "place"}  # fmt: skip


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
                 source_of(article, event), article.outlet_label, event.attrs.get("modality"),
                 published=article.published.value)  # fmt: skip


def layer_slots(article: Article) -> set[str]:
    """The slots the article's ``claims`` layer states (counts always, when the layer ran): those
    come from the layer, which states them better than event arguments do."""
    if "claims" not in article.layers:
        return set()
    return set(COUNT_SLOTS) | {s.label for s in article.layers["claims"]}


def argument_claims(article: Article, event: Span, skip: set[str] | frozenset = frozenset()) -> list[Claim]:
    """Claims from an event's arguments, except the slots in ``skip``."""
    out = []
    for a in event.attrs.get("arguments", []):
        role, value = a.attrs.get("role"), a.attrs.get("value")
        if ARG_SLOTS.get(role) in skip:
            continue
        if role == "count" and isinstance(value, dict):
            out.append(claim(f"count:{value.get('of')}", {k: v for k, v in value.items() if k != "of"},
                             article, event, a))  # fmt: skip
        elif role in ARG_SLOTS and value is not None:
            out.append(claim(ARG_SLOTS[role], value, article, event, a))
    return out


def related_claims(article: Article, event: Span, skip: set[str] | frozenset = frozenset()) -> list[Claim]:
    """Perpetrator and responsibility claims from accusations and (denied) claims of
    responsibility, except the slots in ``skip``."""
    return [c for c in _related(article, event) if c.slot not in skip]


def _related(article: Article, event: Span) -> list[Claim]:
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


def incident_claims(
    incident: Incident, events: dict[str, tuple[Article, Span]], counts: list[Claim]
) -> list[Claim]:
    out: list[Claim] = []
    stated: dict[str, set[str]] = {}  # article id -> layer_slots, once per article
    for ids, claims_of in ((incident.events, argument_claims), (incident.related, related_claims)):
        for event_id in ids:
            if event_id in events:
                article, event = events[event_id]
                skip = stated.setdefault(article.id, layer_slots(article))
                out += claims_of(article, event, skip)
    return with_origins(out + counts + date_claims(incident, events))


def layer_claims(corpus: Corpus) -> dict[str, list[Claim]]:
    """Incident id -> the claims of the ``claims`` layer that are about it: the incident of
    the nearest event mention in the claim's sentence, else the one the article leads with. A
    sentence whose only happening belongs to no incident (a past attack recalled, a passing
    mention) gives its counts to nobody rather than to the wrong incident."""
    owner = {e: inc.id for inc in corpus.incidents() for e in inc.events}
    lead = corpus.lead_incidents()
    out: dict[str, list[Claim]] = {}
    for article in corpus.articles:
        sentences = article.layer("sentences")
        for span in article.layers.get("claims", []):
            if span.label not in LAYER_SLOTS:
                continue
            inside = _sentence_events(article, sentences, span)
            owned = [e for e in inside if e.attrs["id"] in owner]
            event = min(owned, key=lambda e: abs(e.start - span.start), default=None)
            if event is None and any(_other_happening(e, span.label) for e in inside):
                continue
            if event is not None and _told_of_another(inside, event, span, owner):
                continue
            incident = owner[event.attrs["id"]] if event is not None else lead.get(article.id)
            if incident is not None:
                out.setdefault(incident, []).append(layer_claim(article, span, event))
    return out


def _told_of_another(inside: list[Span], event: Span, span: Span, owner: dict[str, str]) -> bool:
    """Whether a claim other than a count sits nearer a happening no incident holds than the
    owned event: مساء الأحد beside the army's deployment, with the attack named later on."""
    if span.label in COUNT_SLOTS:
        return False
    nearest = min(inside, key=lambda e: abs(e.start - span.start))
    return nearest is not event and nearest.attrs["id"] not in owner and _other_happening(nearest, span.label)


def _other_happening(event: Span, slot: str) -> bool:
    """Whether an event no incident holds makes its sentence about another happening: a violent
    one for counts (a statement sentence still gives its figures to the lead), any happening
    riwaya clusters for the time, weapon and the rest (the army deployed on Sunday evening)."""
    if slot in COUNT_SLOTS:
        return event.attrs.get("family") in SECURITY
    return bool(type_info(event.attrs["type"]).get("incident"))


def _sentence_events(article: Article, sentences: list[Span], span: Span) -> list[Span]:
    sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
    if sentence is None:
        return []
    return [e for e in article.layer("events") if sentence.start <= e.start < sentence.end]


def layer_claim(article: Article, span: Span, event: Span | None) -> Claim:
    attrs = span.attrs
    source = _layer_source(article, attrs.get("source"))
    counted = attrs.get("counted")
    slot = span.label if counted in (None, "all", "victims") else f"{span.label}:{counted}"
    value = attrs["value"]
    if span.label == "responsibility" and isinstance(value, dict):  # one vocabulary with events'
        value = str(value.get("status", "")).replace("_", " ")
    return Claim(slot, value, event.attrs["id"] if event is not None else "", article.id,
                 span.start, span.end, article.surface(span), source, article.outlet_label, None,
                 bool(attrs.get("hedged")), None, attrs.get("update"), article.published.value)  # fmt: skip


def _layer_source(article: Article, attributed: Any) -> str:
    if isinstance(attributed, dict) and attributed.get("speaker"):
        chain = [attributed["speaker"], *attributed.get("via", [])]
        return " ← ".join(
            chain if _same_name(chain[-1], article.outlet_label) else [*chain, article.outlet_label]
        )
    return article.outlet_label


def date_claims(incident: Incident, events: dict[str, tuple[Article, Span]]) -> list[Claim]:
    """For each article leading with the incident, the day its first mention of it states: a full
    date in the week before publication (an older or later one is a comparison or a misreading)."""
    seen, out = set(), []
    for event_id in incident.events:
        article, event = events.get(event_id, (None, None))
        if article is None or article.id in seen or article.id not in incident.leads or _known(event):
            continue
        time_arg = next((a for a in event.attrs.get("arguments", []) if a.attrs.get("role") == "time"), None)
        day = iso_day(str(time_arg.attrs.get("value") or "")) if time_arg is not None else None
        if recent(day, iso_day(article.published.value)):
            seen.add(article.id)
            out.append(claim("date", day.isoformat(), article, event, time_arg))
    return out


def _known(event: Span) -> bool:
    """A mention of a happening already known (الهجوم الذي استهدف, هذا الاعتداء): the time in its
    sentence is usually the new report's, not the happening's."""
    return bool(event.attrs.get("anaphoric") or event.attrs.get("definite"))


def with_origins(claims: list[Claim]) -> list[Claim]:
    """Each claim with its origin: the same wording or the same named speaker is one origin."""
    out = []
    for c in claims:
        speaker = c.source.split(" ← ")[0] if " ← " in c.source else None
        origin = f"speaker:{_key(speaker)}" if speaker else f"text:{_key(c.text)}"
        out.append(Claim(**{**c.__dict__, "origin": origin}))
    return out


def _key(text: str) -> str:
    return " ".join(match_key(w) for w in fold(text).split())


# --- comparison ------------------------------------------------------------------------------
def compare_slot(slot: str, claims: list[Claim]) -> SlotComparison:
    """A slot's values (every claim), and its status. For counts of people the status compares
    each article's **toll**: the highest figure its lead states (else its first figure). The
    smaller figures of groups inside a toll (two soldiers among twelve dead, the gunman) are
    listed with their articles but do not make a conflict."""
    values = slot_values(claims)
    base = slot.split(":")[0]
    deciding = (
        toll_claims(claims) if base in COUNT_SLOTS else lead_claims(claims) if base in LEAD_SLOTS else claims
    )
    return SlotComparison(slot, slot_status(slot, slot_values(deciding), deciding), values)


def toll_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per article: its latest figure when the text says the toll rose (ارتفعت الحصيلة),
    else the highest count within its first TOLL_LEAD_CHARS characters not marked as the earlier
    toll, else its first count."""
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article, []).append(c)
    out = []
    for items in by_article.values():
        current = [c for c in items if c.update != "earlier"] or items
        rises = [c for c in current if c.update == "rise"]
        lead = (
            rises
            or [c for c in current if c.start < TOLL_LEAD_CHARS]
            or [min(current, key=lambda c: c.start)]
        )
        out.append(max(lead, key=lambda c: (count_interval(c.value)[0], -c.start)))
    return out


def lead_claims(claims: list[Claim]) -> list[Claim]:
    """The claims within each article's first LEAD_SLOT_CHARS characters (its lead sentence,
    about): the time and weapon of the happening itself, not of a later step (the evacuation
    flights at noon, the gunfire during the rescue), and those a named source states anywhere
    (a rocket according to a security source). Other claims are listed with their values but do
    not decide the status."""
    return [c for c in claims if c.start < LEAD_SLOT_CHARS or " ← " in c.source]


def slot_values(claims: list[Claim]) -> list[SlotValue]:
    """The distinct values of a slot, each with its articles, sources, outlets and origins."""
    groups: dict[str, SlotValue] = {}
    origins: dict[str, set[str]] = {}
    for c in claims:
        g = groups.setdefault(value_key(c.value), SlotValue(c.value))
        for items, item in ((g.articles, c.article), (g.sources, c.source), (g.outlets, c.outlet)):
            if item not in items:
                items.append(item)
        origins.setdefault(value_key(c.value), set()).add(c.origin or c.text)
    for key, g in groups.items():
        g.origins = len(origins[key])
    return list(groups.values())


def comparison(claims: list[Claim]) -> list[SlotComparison]:
    slots: dict[str, list[Claim]] = {}
    for c in claims:
        slots.setdefault(c.slot, []).append(c)
    for c in slots.get("casualties", []):  # "no casualties": nobody killed, nobody injured
        if isinstance(c.value, dict) and c.value.get("n") == 0 and c.value.get("kind") == "exact":
            for slot in ("killed", "injured"):
                if slot in slots:
                    slots[slot].append(replace(c, slot=slot))
    return [compare_slot(slot, items) for slot, items in sorted(slots.items())]


def compare_incident(
    incident: Incident,
    events: dict[str, tuple[Article, Span]],
    counts: list[Claim] | None = None,
    rejected: dict[tuple, dict[str, Any]] | None = None,
) -> Comparison:
    """The incident's claims (less those a person rejected) and the comparison of each slot."""
    claims = keep_claims(incident_claims(incident, events, counts or []), rejected or {})
    return Comparison(incident.id, claims, comparison(claims))


# --- the stage -------------------------------------------------------------------------------
@component("compare", version="2", level="corpus", requires=("incidents",), provides=("comparison",))
def compare(corpus: Corpus) -> None:
    events = {e.attrs["id"]: (a, e) for a in corpus.articles for e in a.layer("events")}
    counts = layer_claims(corpus)
    rejected = rejected_claims(corpus.corrections())
    corpus.put(
        COMPARISON,
        [compare_incident(inc, events, counts.get(inc.id), rejected) for inc in corpus.incidents()],
    )
