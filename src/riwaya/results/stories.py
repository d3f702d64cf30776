"""Stories, their timelines and briefs, and the citation (:class:`Cite`) they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cite:
    """A span of an article quoted as evidence; ``sentence``, ``inferred`` and ``placed_by``
    are written only when set (timeline sources)."""

    article: str
    start: int
    end: int
    text: str
    outlet: str | None = None
    sentence: Cite | None = None
    inferred: bool | None = None
    placed_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"article": self.article, "start": self.start, "end": self.end,
                               "text": self.text, "outlet": self.outlet}  # fmt: skip
        if self.sentence is not None:
            out["sentence"] = self.sentence.to_dict()
        if self.inferred is not None:
            out["inferred"] = self.inferred
        if self.placed_by is not None:
            out["placed_by"] = self.placed_by
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cite:
        sentence = cls.from_dict(d["sentence"]) if d.get("sentence") is not None else None
        return cls(d["article"], d["start"], d["end"], d["text"], d.get("outlet"), sentence,
                   d.get("inferred"), d.get("placed_by"))  # fmt: skip


@dataclass
class StoryMember:
    """An article's membership of a story: the score and the reason it joined."""

    article: str
    score: float
    reason: str
    signals: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "score": self.score, "reason": self.reason, "signals": self.signals}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryMember:
        return cls(d["article"], d.get("score"), d.get("reason"), d.get("signals") or {})


@dataclass
class StoryState:
    """What a later run needs to keep assigning articles online (packed centroid, top terms,
    entity counts, day range as ordinals, how many articles were ever added)."""

    centroid: str
    terms: dict[str, float]
    entities: dict[str, int]
    days: list[int | None]
    added: int

    def to_dict(self) -> dict[str, Any]:
        return {"centroid": self.centroid, "terms": self.terms, "entities": self.entities,
                "days": list(self.days), "added": self.added}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any], members: int) -> StoryState:
        days = list(d.get("days") or [None, None])[:2]
        return cls(d.get("centroid") or "", dict(d.get("terms") or {}), dict(d.get("entities") or {}),
                   days, int(d.get("added", members)))  # fmt: skip


@dataclass
class Story:
    """Articles that report one unfolding story (result key ``stories``), built by ``stories``;
    ``incidents``: the storyline's incidents (each in the story holding most of its leads)."""

    id: str
    title: str | None
    members: list[StoryMember]
    first: str | None
    last: str | None
    outlets: list[str]
    languages: list[str]
    state: StoryState
    incidents: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return [m.article for m in self.members]

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": [m.to_dict() for m in self.members],
                "first": self.first, "last": self.last, "size": self.size, "outlets": list(self.outlets),
                "languages": list(self.languages), "incidents": list(self.incidents),
                "state": self.state.to_dict()}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        members = [StoryMember.from_dict(m) for m in d.get("articles", [])]
        return cls(d["id"], d.get("title"), members, d.get("first"), d.get("last"),
                   list(d.get("outlets", [])), list(d.get("languages", [])),
                   StoryState.from_dict(d.get("state") or {}, len(members)),
                   list(d.get("incidents", [])))  # fmt: skip


@dataclass
class TimelineEntry:
    """A dated happening of a story: ``kind`` incident|event|time|published, its sources."""

    date: str | None
    precision: str | None
    kind: str
    label: str
    sources: list[Cite] = field(default_factory=list)
    incident: str | None = None

    @property
    def articles(self) -> list[str]:
        """Every article the entry cites (sources and their sentences)."""
        ids = [s.article for s in self.sources]
        ids += [s.sentence.article for s in self.sources if s.sentence is not None]
        return list(dict.fromkeys(ids))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date, "precision": self.precision, "kind": self.kind,
                               "label": self.label, "sources": [s.to_dict() for s in self.sources]}  # fmt: skip
        if self.incident is not None:
            out["incident"] = self.incident
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimelineEntry:
        return cls(d.get("date"), d.get("precision"), d["kind"], d["label"],
                   [Cite.from_dict(s) for s in d.get("sources", [])], d.get("incident"))  # fmt: skip


@dataclass
class Timeline:
    """One story's timeline (result key ``timeline``): dated entries and undated articles."""

    story: str
    title: str | None
    entries: list[TimelineEntry]
    undated: list[Cite]

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "title": self.title, "entries": [e.to_dict() for e in self.entries],
                "undated": [u.to_dict() for u in self.undated]}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Timeline:
        return cls(d["story"], d.get("title"), [TimelineEntry.from_dict(e) for e in d.get("entries", [])],
                   [Cite.from_dict(u) for u in d.get("undated", [])])  # fmt: skip


@dataclass
class BriefFact:
    """An agreed fact of a brief: a cited sentence, why it counts (``basis``), who states it.
    An agreed comparison slot has ``slot`` and ``sources``; a supported sentence ``centrality``."""

    cite: Cite
    basis: str
    outlets: list[str]
    slot: str | None = None
    sources: list[str] | None = None
    centrality: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out = self.cite.to_dict()
        if self.slot is not None:
            out["slot"] = self.slot
        out |= {"basis": self.basis, "outlets": list(self.outlets)}
        if self.sources is not None:
            out["sources"] = list(self.sources)
        if self.centrality is not None:
            out["centrality"] = self.centrality
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BriefFact:
        return cls(Cite.from_dict(d), d["basis"], list(d.get("outlets", [])), d.get("slot"),
                   d.get("sources"), d.get("centrality"))  # fmt: skip


@dataclass
class ContestedClaim:
    """One side of a contested slot: a cited sentence giving ``value``, and who says it."""

    cite: Cite
    value: Any
    sources: list[str]
    articles: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self.cite.to_dict() | {"value": self.value, "sources": list(self.sources),
                                      "articles": list(self.articles)}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ContestedClaim:
        return cls(Cite.from_dict(d), d.get("value"), list(d.get("sources", [])), list(d.get("articles", [])))


@dataclass
class ContestedSlot:
    slot: str
    claims: list[ContestedClaim]

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "claims": [c.to_dict() for c in self.claims]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ContestedSlot:
        return cls(d["slot"], [ContestedClaim.from_dict(c) for c in d.get("claims", [])])


@dataclass
class Brief:
    """What the outlets of one story agree on and contest (result key ``briefs``)."""

    story: str
    language: str
    method: str
    agreed: list[BriefFact]
    contested: list[ContestedSlot]

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "language": self.language, "method": self.method,
                "agreed": [a.to_dict() for a in self.agreed],
                "contested": [c.to_dict() for c in self.contested]}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Brief:
        return cls(d["story"], d.get("language", "ar"), d.get("method", ""),
                   [BriefFact.from_dict(a) for a in d.get("agreed", [])],
                   [ContestedSlot.from_dict(c) for c in d.get("contested", [])])  # fmt: skip
