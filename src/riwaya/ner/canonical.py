"""Canonical entities across the corpus, conservatively: a missed join is better than a wrong one.

Article entities (from the ``entities`` layer) join when they share type and key (``same key``),
when their keys are spelling variants (``spelling variant``, see :mod:`riwaya.ner.linking`), or
when a one-word person key is the surname of exactly one multi-word person in the corpus (``short
form``). A surname shared by two people in the corpus joins neither. Every join is kept in
``merges`` with its reason. ``name_en`` comes from a Latin-script name written beside a mention
(tweet signatures), else from the country table or the small table ``entity_names_en.tsv``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from riwaya.model import Article
from riwaya.ner.linking import is_tail, variant_keys
from riwaya.normalize import fold
from riwaya.resources import read_tsv

LATIN_NAME = r"[A-Z][A-Za-z'’.]+(?:[ -](?:[A-Z][A-Za-z'’.]+|al|el|bin|ibn|de|van))*[ -][A-Z][A-Za-z'’]+"
LATIN_BEFORE = re.compile(rf"({LATIN_NAME})[ \t]*$")
LATIN_AFTER = re.compile(rf"^[ \t]*\(?({LATIN_NAME})")


@dataclass
class Group:
    """Article entities joined so far, with the reasons they joined."""

    type: str
    key: tuple[str, ...]
    members: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, str]] = field(default_factory=list)


def article_entities(article: Article) -> list[dict[str, Any]]:
    """One record per article-local entity: type, key, name, mentions (with ``role``)."""
    records: dict[str, dict[str, Any]] = {}
    for span in article.layer("entities"):
        rec = records.setdefault(span.attrs["entity"], {
            "article": article.id, "type": span.label, "key": tuple(span.attrs["key"].split()),
            "name": span.attrs["name"], "mentions": [],
        })  # fmt: skip
        mention = {"article": article.id, "start": span.start, "end": span.end,
                   "text": article.text[span.start : span.end]}  # fmt: skip
        if span.attrs.get("role"):
            mention["role"] = True
        rec["mentions"].append(mention)
    for rec in records.values():
        rec["name_en"] = latin_name(article.text, rec["mentions"])
    return [r for r in records.values() if r["key"]]


def canonicalize(articles: list[Article]) -> list[dict[str, Any]]:
    """Export-shaped canonical entities (``id, type, name, name_en?, aliases, mentions, merges``)."""
    groups: list[Group] = []
    index: dict[tuple[str, tuple[str, ...]], Group] = {}
    for rec in sorted((r for a in articles for r in article_entities(a)), key=lambda r: -len(r["key"])):
        group = _join(rec, groups, index)
        group.members.append(rec)
    return [_export(g) for g in groups]


def _join(rec: dict[str, Any], groups: list[Group], index) -> Group:
    kind, key = rec["type"], rec["key"]
    if (kind, key) in index:
        return _merged(index[(kind, key)], rec, "same key")
    variants = [g for g in groups if g.type == kind and variant_keys(key, g.key)]
    if len(variants) == 1:
        return _merged(variants[0], rec, f"spelling variant of {variants[0].members[0]['name']}")
    if kind == "PER" and len(key) == 1:
        fulls = {id(g): g for g in groups if g.type == "PER" and is_tail(key, g.key)}
        if len(fulls) == 1:
            full = next(iter(fulls.values()))
            return _merged(
                full, rec, f"short form of {full.members[0]['name']} (only person with this surname)"
            )
    group = Group(kind, key)
    groups.append(group)
    index[(kind, key)] = group
    return group


def _merged(group: Group, rec: dict[str, Any], reason: str) -> Group:
    group.merges.append({"from": f"{rec['article']}:{rec['name']}", "reason": reason})
    return group


def _export(group: Group) -> dict[str, Any]:
    names = Counter(m["name"] for m in group.members if len(m["key"]) == len(group.key))
    name = names.most_common(1)[0][0]
    mentions = sorted((m for rec in group.members for m in rec["mentions"]),
                      key=lambda m: (m["article"], m["start"]))  # fmt: skip
    forms = {m["text"] for m in mentions if not m.get("role")} | {r["name"] for r in group.members}
    aliases = sorted(forms - {name})
    out: dict[str, Any] = {"id": entity_id(group.type, group.key), "type": group.type, "name": name}
    name_en = Counter(r["name_en"] for r in group.members if r["name_en"]).most_common(1)
    if name_en or known_name_en(name):
        out["name_en"] = name_en[0][0] if name_en else known_name_en(name)
    return out | {"aliases": aliases, "mentions": mentions, "merges": group.merges}


def entity_id(kind: str, key: tuple[str, ...]) -> str:
    """Stable across runs: the same type and key always give the same id."""
    digest = hashlib.sha1(f"{kind}|{' '.join(key)}".encode()).hexdigest()[:10]
    return f"{kind.lower()}-{digest}"


def latin_name(text: str, mentions: list[dict[str, Any]]) -> str | None:
    """A Latin-script name written right beside a mention (``Mustafa Al-Kadhimi مصطفى الكاظمي``)."""
    for m in mentions:
        if m.get("role"):
            continue
        before = LATIN_BEFORE.search(text[max(0, m["start"] - 60) : m["start"]])
        after = LATIN_AFTER.match(text[m["end"] : m["end"] + 60])
        if before or after:
            return (before or after).group(1)
    return None


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    rows = read_tsv("entity_names_en.tsv") + read_tsv("gazetteer_countries_en.tsv")
    return {fold(r[0]): r[1] for r in rows if len(r) == 2}


def known_name_en(name: str) -> str | None:
    return _name_table().get(fold(name))
