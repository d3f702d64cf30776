"""Leads: what each article leads with (headline and first paragraph), as incidents join them.

An article's lead is the happening its headline and first paragraph report: the family of its
first event mention there (a condemnation or statement in the headline is the lead itself; an
arrest, accusation or claim about an attack named beside it is news about the attack), the day
(the lead mention's stated date, else the publication day), the places and named participants of
the lead (keys of the entities layer, never plain words) and a TF-IDF vector of its words. The
headline is read with the events trigger lexicon (it is metadata, not a span layer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from riwaya.components.entities.linking import name_key
from riwaya.components.events.lexicon import cues, family
from riwaya.components.events.tokens import make_token
from riwaya.components.events.triggers import sentence_mentions
from riwaya.model import Article, Span
from riwaya.resources import read_lines
from riwaya.stages.stories.lexical import Idf, term_vector
from riwaya.text.dates import iso_day

LEAD_CHARS = 400
STATED_WINDOW_DAYS = 7
DATELINE_CHARS = 40  # a first paragraph this short is a dateline or byline (عين اليوم – القاهرة)
WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)
# Families that report one violent happening from different angles: the attack itself, the arrest
# of its perpetrators, who is blamed for it or claims it. They join each other; others join alike.
SECURITY = frozenset({"attack", "accident", "arrest", "accusation", "responsibility"})
REACTIONS = frozenset({"condemnation", "statement"})


@dataclass
class Lead:
    """The lead of one article."""

    article: Article
    family: str
    mention: Span | None
    day: date | None
    stated: bool
    places: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    terms: dict[str, float] = field(default_factory=dict)
    follow_up: bool = False

    @property
    def group(self) -> str:
        return "security" if self.family in SECURITY else self.family


def lead_text(article: Article) -> tuple[str, int]:
    """Headline plus the body's first paragraphs (datelines skipped) up to LEAD_CHARS, and the
    body offset where the lead ends."""
    end = 0
    for para in article.layer("paragraphs"):
        end = para.end
        if para.end - para.start >= DATELINE_CHARS and end >= min(LEAD_CHARS, len(article.text)) // 2:
            break
    end = end or min(len(article.text), LEAD_CHARS)
    return f"{article.title or ''}\n{article.text[:end]}", end


def headline_families(title: str | None) -> list[str]:
    """Families of the event triggers and headline cues (``lead`` in event_cues.tsv: تصف، يبحث،
    ضبط ...) in a headline, in reading order; a headline that counts dead or wounded without
    naming the kind of happening (مقتل شرطي وإصابة 3) reports violence, read as an attack."""
    if not title:
        return []
    toks = [make_token(title, m.start(), m.end()) for m in WORDS.finditer(title)]
    found = [(m.first, family(m.type)) for m in sentence_mentions(toks, 0, len(toks), -1)]
    found += [(i, entry.value) for i, _j, entry in cues("lead").find(toks, 0, len(toks))]
    families = [f for _i, f in sorted(found)]
    if not any(f in SECURITY for f in families) and any(
        cues(k).find(toks, 0, len(toks)) for k in ("killed", "injured")
    ):
        families.append("attack")
    return families


def lead_family(headline: list[str], lead_events: list[Span]) -> str:
    """The lead's family: a reaction heading the headline is the lead; otherwise a violent
    happening named in the headline or lead comes first; otherwise the first family named."""
    named = headline + [e.attrs.get("family") or family(e.attrs["type"]) for e in lead_events]
    if not named:
        return "other"  # a headline that names no kind of happening: joined only on names and words
    if headline and headline[0] in REACTIONS | {"meeting", "phone_call"}:
        return headline[0]
    violent = [f for f in named if f in SECURITY]
    if violent:
        return next((f for f in violent if f in ("attack", "accident")), violent[0])
    return named[0]


def lead_of(article: Article, idf: Idf) -> Lead | None:
    """The article's lead (family ``other`` when neither headline nor lead names a kind of
    happening), or None for an article without text."""
    text, end = lead_text(article)
    events = article.layer("events")
    in_lead = [e for e in events if e.start < end]
    if not article.text.strip():
        return None
    fam = lead_family(headline_families(article.title), in_lead)
    mention = next((e for e in in_lead if _family_of(e) == fam), None)
    if mention is None:
        mention = next((e for e in events if _family_of(e) == fam), in_lead[0] if in_lead else None)
    day, stated = lead_day(article, mention)
    places, names = lead_entities(article, end)
    follow = is_follow_up(fam, in_lead)
    return Lead(article, fam, mention, day, stated, places, names, term_vector(text, idf), follow)


def is_follow_up(fam: str, lead_events: list[Span]) -> bool:
    """Whether the lead reports news about a known violent happening: arrests, blame or a claim,
    or an attack named as one already known (الهجوم الذي استهدف ..., هذا الاعتداء)."""
    if fam in ("arrest", "accusation", "responsibility"):
        return True
    return any(e.attrs.get("family") == "attack" and (e.attrs.get("definite") or e.attrs.get("anaphoric"))
               for e in lead_events)  # fmt: skip


def _family_of(event: Span) -> str:
    return event.attrs.get("family") or family(event.attrs["type"])


def lead_day(article: Article, mention: Span | None) -> tuple[date | None, bool]:
    """The lead mention's stated day when it is a full date in the week before publication (a
    lead reports what just happened; an older or later date is a comparison or a misreading),
    else the publication day."""
    published = iso_day(article.published.value)
    stated = iso_day(mention.attrs.get("time")) if mention is not None else None
    if recent(stated, published):
        return stated, True
    return published, False


def recent(stated: date | None, published: date | None) -> bool:
    """Whether a stated day falls in the STATED_WINDOW_DAYS before publication (any stated day
    counts when the publication day is unknown)."""
    return stated is not None and (published is None or 0 <= (published - stated).days <= STATED_WINDOW_DAYS)


def lead_entities(article: Article, end: int) -> tuple[set[str], set[str]]:
    """Keys of the places and of the named people and organisations in the body's lead."""
    places, names = set(), set()
    for ent in article.layer("entities"):
        key = ent.attrs.get("key")
        if ent.start >= end or not key or ent.attrs.get("role"):
            continue
        if ent.label in ("LOC", "GPE", "FAC"):
            places.add(key)
        elif ent.label in ("PER", "ORG"):
            names.add(key)
    return places, names


@cache
def countries() -> frozenset[str]:
    """Entity keys of country names (سوريا and سورية alike): sharing a country says little about
    sharing a happening."""
    keys = set()
    for line in read_lines("gazetteer_countries.txt"):
        key = " ".join(name_key(line.split()))
        keys |= {key, key[:-1] + "ه"} if key.endswith("يا") else {key}
    return frozenset(keys)
