"""Canonical entities across the corpus, conservatively: a missed join is better than a wrong one.

Article entities (from the ``entities`` layer) join when they share type and key (``same key``),
when their keys are spelling variants (``spelling variant``, see :mod:`riwaya.components.entities.linking`), or
when a one-word person key is the surname of exactly one multi-word person in the corpus (``short
form``) written in two articles at least. A surname shared by two people in the corpus joins
neither, nor does a bare given name (تميم، رضا: many people answer to it across a corpus). Places
listed under another name (الولايات المتحدة الأمريكية -> الولايات المتحدة, ``entity_place_aliases.tsv``)
are filed under that name (``other name of``). An entity's ``name`` is its most common full
spelling, or the listed spelling of a place alias or of a public figure (``gazetteer_people.tsv``).
Every join is kept in ``merges`` with its reason. ``name_en`` comes from a Latin-script name
written beside a mention (tweet signatures), else from the country table or the small table
``entity_names_en.tsv``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from riwaya.components.entities.features import ARABIC
from riwaya.components.entities.gazetteer import kunya_forms
from riwaya.components.entities.linking import (
    distinct_names,
    is_tail,
    name_key,
    skeleton,
    undoubled,
    variant_keys,
)
from riwaya.corpus import Corpus
from riwaya.model import Article
from riwaya.pipeline import component
from riwaya.resources import read_tsv
from riwaya.results import CanonicalEntity, EntityMention, Merge
from riwaya.stages.corrections import correct_entities
from riwaya.text.normalize import fold

KIN_WORDS = frozenset({"ابو", "ام", "ابن", "بن", "بنت", "بني", "ال"})  # folded: أبو، أم، ابن ...
LATIN_NAME = r"[A-Z][A-Za-z'’.]+(?:[ -](?:[A-Z][A-Za-z'’.]+|al|el|bin|ibn|de|van))*[ -][A-Z][A-Za-z'’]+"
LATIN_BEFORE = re.compile(rf"({LATIN_NAME})[ \t]*$")
LATIN_AFTER = re.compile(rf"^[ \t]*\(?({LATIN_NAME})")


@dataclass
class Group:
    """Article entities joined so far, with the reasons they joined."""

    type: str
    key: tuple[str, ...]
    members: list[dict[str, Any]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


@component("canonical_entities", version="4", level="corpus", requires=("entities",), provides=("entities",))
def canonical_entities(corpus: Corpus) -> None:
    corpus.put("entities", correct_entities(canonicalize(corpus.articles), corpus.corrections()))


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
    for rec in records.values():  # an English name is its own Latin name
        rec["name_en"] = (
            latin_name(article.text, rec["mentions"]) if ARABIC.search(rec["name"]) else rec["name"]
        )
    return [r for r in records.values() if r["key"]]


def canonicalize(articles: list[Article]) -> list[CanonicalEntity]:
    """The canonical entities of ``articles``, each with its mentions and the reasons of its joins."""
    groups = GroupIndex()
    records = [_filed_under_arabic(_filed_under_alias(r)) for a in articles for r in article_entities(a)]
    seen = Counter((r["type"], r["key"]) for r in records)  # the usual spelling founds the group
    order = sorted(records, key=lambda r: (-len(r["key"]), -seen[(r["type"], r["key"])], "alias_of" in r))
    for rec in order:  # a place's usual name founds its group, so other names join it with a reason
        group = _join(rec, groups, seen)
        group.members.append(rec)
    return [_export(g) for g in _join_dropped_middle_names(groups.groups)]


class GroupIndex:
    """The groups so far, with blocking keys so that a record is only compared with groups it
    could join: a 30k-article corpus has 40k groups, and comparing every record with every
    group took most of an hour. Candidates are a superset of the groups that
    :func:`variant_keys` or :func:`is_tail` accept, so the joins are exactly those of a full scan."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.exact: dict[tuple[str, tuple[str, ...]], Group] = {}
        self.blocks: dict[tuple, list[int]] = {}

    def add(self, group: Group) -> Group:
        self.exact[(group.type, group.key)] = group
        for block in set(_blocks(group.type, group.key)) | set(_tail_blocks(group)):
            self.blocks.setdefault(block, []).append(len(self.groups))
        self.groups.append(group)
        return group

    def candidates(self, kind: str, key: tuple[str, ...]) -> list[Group]:
        """Groups sharing a block with ``key``, in creation order (as a full scan meets them)."""
        found = {i for block in _blocks(kind, key) for i in self.blocks.get(block, ())}
        return [self.groups[i] for i in sorted(found)]

    def with_surname(self, key: tuple[str, ...]) -> list[Group]:
        return [self.groups[i] for i in self.blocks.get(("tail", key[-1]), ())]


def _blocks(kind: str, key: tuple[str, ...]):
    """Multi-word variants share a word in place; one-word variants share a skeleton (4+
    letters) or a one-deletion form (what one edit apart implies, for 4+ letters)."""
    if len(key) > 1:
        yield from ((kind, len(key), i, word) for i, word in enumerate(key))
        return
    word = key[0] if key else ""
    if len(word) >= 4:
        yield (kind, 1, "skeleton", skeleton(word))
        yield (kind, 1, "undoubled", undoubled(word))
        yield (kind, 1, "edit", word)
        yield from ((kind, 1, "edit", word[:i] + word[i + 1 :]) for i in range(len(word)))


def _tail_blocks(group: Group):
    if group.type == "PER" and len(group.key) > 1:
        yield ("tail", group.key[-1])


def _join(rec: dict[str, Any], groups: GroupIndex, seen: Counter) -> Group:
    kind, key = rec["type"], rec["key"]
    if (kind, key) in groups.exact:
        return _merged(groups.exact[(kind, key)], rec, rec.get("alias_of", "same key"))
    variants = [g for g in groups.candidates(kind, key) if variant_keys(key, g.key)]
    if len(variants) == 1:
        return _merged(variants[0], rec, f"spelling variant of {variants[0].members[0]['name']}")
    if kind == "PER" and len(key) == 1 and key[0] not in distinct_names():
        fulls = {
            id(g): g
            for g in groups.with_surname(key)
            if is_tail(key, g.key) and _attested(g, seen[(kind, key)])
        }
        if len(fulls) == 1:
            full = next(iter(fulls.values()))
            return _merged(
                full, rec, f"short form of {full.members[0]['name']} (only person with this surname)"
            )
    return groups.add(Group(kind, key))


def _filed_under_alias(rec: dict[str, Any]) -> dict[str, Any]:
    """A place written under another of its names gets that name's key (and says so)."""
    alias = _place_aliases().get(rec["key"]) if rec["type"] == "LOC" else None
    if alias:
        rec["key"], rec["alias_of"], rec["listed_name"] = alias[0], f"other name of {alias[1]}", alias[1]
    return rec


def _filed_under_arabic(rec: dict[str, Any]) -> dict[str, Any]:
    """An English name whose Arabic form the name tables list (Mustafa al-Kadhimi, Iraq) gets
    the Arabic name's key, so English and Arabic coverage of one actor join (``English name of``)."""
    if ARABIC.search(rec["name"]):
        return rec
    key, arabic = _arabic_names().get(rec["name"].lower(), ((), ""))
    if key:
        rec["key"], rec["alias_of"] = key, f"English name of {arabic}"
    return rec


@lru_cache(maxsize=1)
def _arabic_names() -> dict[str, tuple[tuple[str, ...], str]]:
    """Lowercased Latin name (or English alias, ``entity_names_en_aliases.tsv``) -> (key, name)
    of the first Arabic name listed with it."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    aliases = [(arabic, latin) for latin, arabic in read_tsv("entity_names_en_aliases.tsv")]
    for arabic, latin in _name_rows() + aliases:
        out.setdefault(latin.lower(), (name_key(arabic.split()), arabic))
    return out


@lru_cache(maxsize=1)
def _place_aliases() -> dict[tuple[str, ...], tuple[tuple[str, ...], str]]:
    rows = read_tsv("entity_place_aliases.tsv")
    return {name_key(alias.split()): (name_key(name.split()), name) for alias, name in rows}


def _join_dropped_middle_names(groups: list[Group]) -> list[Group]:
    """خالد العطار joins خالد منصور العطار when no other full name of the corpus starts and ends
    with those words and the two share a role (both called المحافظ): the first-and-family form
    of a longer name. Without a shared role the two stay apart (a cousin may share both words).
    On SaudiNewsNet (30k articles) this made 14 joins, 13 of one person (رجب أردوغان، عمر البشير،
    محمد ظريف ...) and one of two mis-tagged facility names."""
    longer: dict[tuple[str, str], list[Group]] = {}
    for g in groups:
        if g.type == "PER" and len(g.key) >= 3 and not KIN_WORDS & set(g.key) and _name_like_middle(g):
            longer.setdefault((g.key[0], g.key[-1]), []).append(g)
    dropped = set()
    for g in groups:
        fulls = longer.get((g.key[0], g.key[-1]), []) if g.type == "PER" and len(g.key) == 2 else []
        roles = _roles(g) if len(fulls) == 1 else {}
        shared = sorted(roles.keys() & _roles(fulls[0]).keys()) if roles else []
        if shared:
            full = fulls[0]
            full.members += g.members
            reason = f"{full.members[0]['name']} without the middle name (same role: {roles[shared[0]]})"
            full.merges += [*g.merges, Merge(f"{g.members[0]['article']}:{g.members[0]['name']}", reason)]
            dropped.add(id(g))
    return [g for g in groups if id(g) not in dropped]


def _name_like_middle(group: Group) -> bool:
    """No adjective of relation in the middle (الملك خالد الدولي بالرياض: a mis-tagged airport)."""
    middle = [fold(w) for w in group.members[0]["name"].split()[1:-1]]
    return not any(w.startswith("ال") and w.endswith(("ي", "يه")) for w in middle)


def _roles(group: Group) -> dict[str, str]:
    """The role phrases the group's mentions were called by (المحافظ، رئيس الوزراء), folded -> as written."""
    return {fold(m["text"]): m["text"] for rec in group.members for m in rec["mentions"] if m.get("role")}


def _attested(group: Group, bare: int) -> bool:
    """A full name written in two articles at least, and in as many as the bare word is (``bare``
    records), not a kunya or kin phrase (أبو أسامة، ابن هشام). A one-off span is often a tagging
    slip (محمد بن سلمان مسك هارفارد); a bare word far more common than the one full name that
    ends with it names other people too (رضا beside محمد رضا)."""
    articles = len({m["article"] for m in group.members})
    return group.key[0] not in KIN_WORDS and articles >= max(2, bare)


def _listed_person(group: Group) -> str | None:
    """The listed spelling of a public figure (``gazetteer_people.tsv``) whose key the group has:
    one stable name for the entity whatever spelling the text used (ابومهدي المهندس, أبي مهدي)."""
    return _people_names().get(group.key) if group.type == "PER" else None


@lru_cache(maxsize=1)
def _people_names() -> dict[tuple[str, ...], str]:
    return {name_key(row[0].split()): row[0] for row in read_tsv("gazetteer_people.tsv")}


def _merged(group: Group, rec: dict[str, Any], reason: str) -> Group:
    group.merges.append(Merge(f"{rec['article']}:{rec['name']}", reason))
    return group


def _export(group: Group) -> CanonicalEntity:
    names = Counter(m["name"] for m in group.members if len(m["key"]) == len(group.key))
    listed = [m["listed_name"] for m in group.members if "listed_name" in m]
    name = listed[0] if listed else _listed_person(group) or names.most_common(1)[0][0]
    mentions = sorted((m for rec in group.members for m in rec["mentions"]),
                      key=lambda m: (m["article"], m["start"]))  # fmt: skip
    forms = {m["text"] for m in mentions if not m.get("role")} | {r["name"] for r in group.members}
    aliases = sorted(forms - {name})
    name_en = Counter(r["name_en"] for r in group.members if r["name_en"]).most_common(1)
    english = name_en[0][0] if name_en else known_name_en(name)
    return CanonicalEntity(
        entity_id(group.type, group.key), group.type, name, english or None, aliases,
        [EntityMention(m["article"], m["start"], m["end"], m["text"], bool(m.get("role"))) for m in mentions],
        list(group.merges),
    )  # fmt: skip


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


def _name_rows() -> list[tuple[str, ...]]:
    """(Arabic name, Latin name) rows of the organisation/place, people and country tables."""
    rows = (
        read_tsv("entity_names_en.tsv")
        + read_tsv("gazetteer_people.tsv")
        + read_tsv("gazetteer_countries_en.tsv")
    )
    return [r for r in rows if len(r) == 2]


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    return {fold(form): r[1] for r in _name_rows() for form in kunya_forms(r[0])}


def known_name_en(name: str) -> str | None:
    return _name_table().get(fold(name))
