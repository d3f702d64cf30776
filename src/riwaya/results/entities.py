"""Canonical entities: one actor across the corpus, its mentions and the joins that made it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EntityMention:
    article: str
    start: int
    end: int
    text: str
    role: bool = False  # a role phrase (المحافظ) standing for the entity

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.role:
            out["role"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EntityMention:
        return cls(d["article"], d["start"], d["end"], d["text"], bool(d.get("role")))


@dataclass(frozen=True)
class Merge:
    """One join into a canonical entity: which article entity (``article:name``) and why."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"from": self.source, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Merge:
        return cls(d["from"], d["reason"])


@dataclass
class CanonicalEntity:
    """One actor across the corpus (result key ``entities``), built by ``canonical_entities``."""

    id: str
    type: str
    name: str
    name_en: str | None
    aliases: list[str]
    mentions: list[EntityMention]
    merges: list[Merge]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        if self.name_en is not None:
            out["name_en"] = self.name_en
        return out | {"aliases": list(self.aliases), "mentions": [m.to_dict() for m in self.mentions],
                      "merges": [m.to_dict() for m in self.merges]}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CanonicalEntity:
        return cls(d["id"], d["type"], d["name"], d.get("name_en"), list(d["aliases"]),
                   [EntityMention.from_dict(m) for m in d["mentions"]],
                   [Merge.from_dict(m) for m in d["merges"]])  # fmt: skip
