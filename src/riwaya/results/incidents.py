"""Incidents and the compare stage's record of each: claims, slot comparisons, accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Join:
    """Why two event mentions (ids) were taken for one happening."""

    events: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"events": list(self.events), "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Join:
        return cls(tuple(d["events"]), tuple(d["reasons"]))


@dataclass
class Incident:
    """A real-world happening that event mentions of several articles report (``incidents``).

    ``leads``: the articles whose headline and lead report it (each article leads with at most
    one incident); ``articles``: every article that reports it, leads and mentions alike;
    ``reacts_to``: the incident a reaction (condemnation, statement) is about."""

    id: str
    type: str
    family: str
    date: str | None
    place: str | None
    articles: list[str]
    events: list[str]
    related: list[str]
    joins: list[Join]
    leads: list[str] = field(default_factory=list)
    reacts_to: str | None = None
    codes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "codes": dict(self.codes), "family": self.family, "date": self.date,
                "place": self.place, "articles": list(self.articles), "leads": list(self.leads),
                "reacts_to": self.reacts_to, "events": list(self.events),
                "related": list(self.related), "joins": [j.to_dict() for j in self.joins]}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        return cls(d["id"], d["type"], d["family"], d.get("date"), d.get("place"), list(d["articles"]),
                   list(d["events"]), list(d.get("related", [])),
                   [Join.from_dict(j) for j in d.get("joins", [])], list(d.get("leads", [])),
                   d.get("reacts_to"), dict(d.get("codes") or {}))  # fmt: skip


ACCOUNT_FIELDS = ("slot", "value", "article", "start", "end", "source")


@dataclass(frozen=True)
class Claim:
    """What one source says for one slot of an incident, cited to its article span."""

    slot: str
    value: Any
    event: str
    article: str
    start: int
    end: int
    text: str
    source: str
    outlet: str
    modality: str | None
    hedged: bool = False
    origin: str | None = None
    update: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "value": self.value, "event": self.event, "article": self.article,
                "start": self.start, "end": self.end, "text": self.text, "source": self.source,
                "outlet": self.outlet, "modality": self.modality, "hedged": self.hedged,
                "origin": self.origin, "update": self.update, "published": self.published}  # fmt: skip

    def account_dict(self) -> dict[str, Any]:
        """The claim as an outlet's account lists it."""
        whole = self.to_dict()
        return {k: whole[k] for k in ACCOUNT_FIELDS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(d["slot"], d["value"], d["event"], d["article"], d["start"], d["end"], d["text"],
                   d["source"], d["outlet"], d.get("modality"), bool(d.get("hedged")), d.get("origin"),
                   d.get("update"), d.get("published"))  # fmt: skip


@dataclass
class SlotValue:
    """One distinct value of a slot, with the articles and sources that give it."""

    value: Any
    articles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    origins: int = 0
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "articles": list(self.articles), "sources": list(self.sources),
                "outlets": list(self.outlets), "origins": self.origins}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SlotValue:
        return cls(d["value"], list(d.get("articles", [])), list(d.get("sources", [])), d.get("origins", 0),
                   list(d.get("outlets", [])))  # fmt: skip


@dataclass
class SlotComparison:
    """A slot's values across sources and its ``status``: agree, conflict, single, revision or
    uncertain (see :mod:`riwaya.stages.slot_status`)."""

    slot: str
    status: str
    values: list[SlotValue]

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "status": self.status, "values": [v.to_dict() for v in self.values]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SlotComparison:
        return cls(d["slot"], d["status"], [SlotValue.from_dict(v) for v in d.get("values", [])])


@dataclass
class Account:
    """One outlet's claims about one incident."""

    outlet: str
    articles: list[str]
    claims: list[Claim]

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "articles": list(self.articles),
                "claims": [c.account_dict() for c in self.claims]}  # fmt: skip


@dataclass
class Comparison:
    """The compare stage's record for one incident (by ``incident`` id): its claims and the
    comparison of each slot. Its ``to_dict`` is the part the export writes inside the incident."""

    incident: str
    claims: list[Claim]
    slots: list[SlotComparison]

    @property
    def accounts(self) -> list[Account]:
        """One outlet's version of the incident: its articles and its claims together."""
        by_outlet: dict[str, Account] = {}
        for c in self.claims:
            acc = by_outlet.setdefault(c.outlet, Account(c.outlet, [], []))
            if c.article not in acc.articles:
                acc.articles.append(c.article)
            acc.claims.append(c)
        return list(by_outlet.values())

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.claims],
                "comparison": [s.to_dict() for s in self.slots],
                "accounts": [a.to_dict() for a in self.accounts]}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any], incident: str) -> Comparison:
        """From an exported incident (its accounts follow from the claims)."""
        claims = [Claim.from_dict(c) for c in d.get("claims", [])]
        return cls(incident, claims, [SlotComparison.from_dict(s) for s in d.get("comparison", [])])


def incident_dict(incident: Incident, comparison: Comparison | None) -> dict[str, Any]:
    """The exported incident: its own fields, then its comparison's when there is one."""
    out = incident.to_dict()
    return out | comparison.to_dict() if comparison is not None else out
