"""Incidents: event mentions from many articles joined into the real-world happenings they report.

Joins are conservative and explained. Two mentions of incident-worthy types (attacks, threats,
arrests, visits...) join only when their families match, their times do not contradict each
other, and they share enough evidence: a participant word (``الكاظمي``, an entity key), the same
kind of target (a house), the same weapon, or a known date. A mention that names nobody (``الهجوم``
later in the same article) joins the only incident of its family in its article. Statements,
accusations, condemnations and claims of responsibility attach to the incident mentioned in the
same sentence. Every join keeps its reasons. An article without a publication date takes one
from its incident (via ``riwaya.components.times.component.redate`` when the times step provides it).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from riwaya.components.events.component import type_info
from riwaya.corpus import Corpus
from riwaya.model import Article, Published, Span
from riwaya.pipeline import component

MIN_JOIN_SCORE = 2
EXPLICIT_SLACK_DAYS = 2
PUBLISHED_LOOKBACK_DAYS = 8
DETAIL_ROLES = ("instrument", "count", "injured", "killed")


@dataclass
class Ref:
    """One event mention as incidents see it."""

    article: Article
    span: Span
    index: int
    explicit_time: str | None
    fallback_time: str | None

    @property
    def attrs(self) -> dict[str, Any]:
        return self.span.attrs

    @property
    def id(self) -> str:
        return self.attrs["id"]

    @property
    def family(self) -> str:
        return self.attrs.get("family") or type_info(self.attrs["type"])["family"]

    @property
    def keys(self) -> set[str]:
        return set(self.attrs.get("participants") or [])

    def role_values(self, role: str) -> set[Any]:
        return {a.attrs.get("value") for a in self.attrs.get("arguments", []) if a.attrs.get("role") == role}

    @property
    def has_details(self) -> bool:
        return any(a.attrs.get("role") in DETAIL_ROLES for a in self.attrs.get("arguments", []))


@dataclass
class Cluster:
    refs: list[Ref] = field(default_factory=list)
    joins: list[dict[str, Any]] = field(default_factory=list)
    related: list[Ref] = field(default_factory=list)


# --- time ----------------------------------------------------------------------------------
def interval(value: str | None, *, published: bool = False) -> tuple[date, date, bool] | None:
    """The days a TIMEX-like value can mean, and whether its year is known.

    ``2021-11-07`` is one day; ``2021-11`` a month; ``XXXX-11`` November of an unknown year.
    A publication date stands for the days just before it (news reports what just happened).
    """
    if not value:
        return None
    parts = value[:10].split("-")
    year_known = parts[0].isdigit()
    year = int(parts[0]) if year_known else 2000
    try:
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
        if month and day:
            lo = hi = date(year, month, day)
        elif month:
            lo, hi = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        else:
            lo, hi = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    if published:
        lo -= timedelta(days=PUBLISHED_LOOKBACK_DAYS)
    return lo, hi, year_known


def times_compatible(a: Ref, b: Ref) -> bool:
    """No contradiction between two mentions' times (unknown times never contradict)."""
    ia = interval(a.explicit_time) or interval(a.fallback_time, published=True)
    ib = interval(b.explicit_time) or interval(b.fallback_time, published=True)
    if ia is None or ib is None:
        return True
    (alo, ahi, ay), (blo, bhi, by) = ia, ib
    if not (ay and by):
        return alo.month == blo.month or ahi.month == bhi.month
    slack = timedelta(days=EXPLICIT_SLACK_DAYS)
    return alo - slack <= bhi and blo - slack <= ahi


def both_dated(a: Ref, b: Ref) -> bool:
    return all((interval(r.explicit_time) or interval(r.fallback_time) or (0, 0, False))[2] for r in (a, b))


# --- collecting and joining ---------------------------------------------------------------
def collect(corpus: Corpus) -> list[Ref]:
    refs = []
    for article in corpus.articles:
        published = article.published.value if article.published.source != "incident" else None
        for i, span in enumerate(article.layer("events")):
            refs.append(Ref(article, span, i, span.attrs.get("time"), published))
    return refs


def is_primary(ref: Ref) -> bool:
    """Incident-worthy, asserted as happening (not denied, not feared or threatened), and about
    one happening rather than a kind of happening (``هجمات`` in general stays an event only)."""
    info = type_info(ref.attrs["type"])
    asserted = ref.attrs.get("polarity") != "negative" and ref.attrs.get("modality") != "irrealis"
    return bool(info.get("incident")) and asserted and not ref.attrs.get("generic")


def distinct(keys: set[str]) -> list[str]:
    """Shared participant keys with one per participant (كاظمي inside مصطفي كاظمي counts once)."""
    words = sorted(keys, key=lambda k: -len(k.split()))
    kept: list[str] = []
    for key in words:
        if not any(set(key.split()) <= set(k.split()) for k in kept):
            kept.append(key)
    return sorted(kept)


def common_values(a: Ref, b: Ref, role: str) -> list[str]:
    return sorted(str(v) for v in (a.role_values(role) & b.role_values(role)) if v and v != "survivor")


def join_evidence(a: Ref, b: Ref) -> tuple[int, list[str]]:
    """How strongly two mentions from different articles look like one happening, and why.

    They need the same family, compatible times and a shared participant. Attacks may join with
    one side undated (an article recalling the attack); other families are common enough (threats
    against a politician, meetings, elections) that both sides must be dated and agree."""
    if a.family != b.family or not times_compatible(a, b):
        return 0, []
    if a.family != "attack" and not both_dated(a, b):
        return 0, []
    shared = distinct(a.keys & b.keys)
    if not shared:
        return 0, []
    reasons = [f"same type family: {a.family}", f"shared participant: {', '.join(shared)}"]
    score = len(shared)
    for role, label in (
        ("target", "same kind of target"),
        ("instrument", "same weapon"),
        ("place", "same place"),
    ):
        common = common_values(a, b, role)
        if common:
            score += 1
            reasons.append(f"{label}: {', '.join(common)}")
    if a.explicit_time and b.explicit_time and a.explicit_time[:4].isdigit() and both_dated(a, b):
        score += 1
        reasons.append("stated dates agree")
    return score, reasons


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


# --- within one article: event coreference ---------------------------------------------------
def local_evidence(ref: Ref, c: Cluster) -> list[str] | None:
    """Why ``ref`` is another mention of the article's happening ``c`` (None: it cannot be;
    []: nothing says it is). Explicit times and kinds of target must not contradict."""
    if c.refs[0].family != ref.family or not all(times_compatible(ref, r) for r in c.refs):
        return None
    kinds = {v for v in ref.role_values("target") if v and v != "survivor"}
    theirs = {v for r in c.refs for v in r.role_values("target") if v and v != "survivor"}
    if kinds and theirs and not kinds & theirs:
        return None
    reasons = []
    shared = distinct(ref.keys & {k for r in c.refs for k in r.keys})
    if shared:
        reasons.append(f"shared participant: {', '.join(shared)}")
    for role, label in (
        ("target", "same kind of target"),
        ("instrument", "same weapon"),
        ("place", "same place"),
    ):
        common = sorted({v for r in c.refs for v in common_values(ref, r, role)})
        if common:
            reasons.append(f"{label}: {', '.join(common)}")
    day = ref.explicit_time if ref.explicit_time and len(ref.explicit_time) >= 10 else None
    if day and any(r.explicit_time == day for r in c.refs):
        reasons.append(f"same stated date: {day}")
    sentence = ref.attrs.get("sentence")
    if sentence is not None and any(abs(sentence - (r.attrs.get("sentence") or -9)) <= 1 for r in c.refs):
        reasons.append("told in the next sentence")
    return reasons


def coref_article(refs: list[Ref]) -> list[Cluster]:
    """Mentions of one article grouped into its happenings, in reading order.

    A mention joins the happening it shares a participant, target, weapon or place with (the best
    supported); an anaphoric mention (الهجوم، هذا الاعتداء، تلك التهديدات) or a bare one (no
    participant, no detail) joins the happening of its family told most often, latest on a tie."""
    clusters: list[Cluster] = []
    for ref in refs:
        scored = [(ev, c) for c in clusters if (ev := local_evidence(ref, c)) is not None]
        best = max(scored, key=lambda ec: (len(ec[0]), len(ec[1].refs), clusters.index(ec[1])), default=None)
        reasons = best[0] if best else []
        if best and not reasons and (ref.attrs.get("anaphoric") or not (ref.keys or ref.has_details)):
            kind = "anaphoric" if ref.attrs.get("anaphoric") else "bare"
            reasons = [f"{kind} mention of the article's {ref.family} happening"]
        if best and reasons:
            best[1].joins.append(
                {"events": [ref.id, best[1].refs[0].id], "reasons": ["same article", *reasons]}
            )
            best[1].refs.append(ref)
        else:
            clusters.append(Cluster([ref]))
    return clusters


def salient(c: Cluster) -> bool:
    """Whether an article's happening is an incident of its own, not background: told more than
    once, in the headline or lead, or with details (counts, casualties, a stated date)."""
    if len(c.refs) > 1 or any(r.has_details for r in c.refs):
        return True
    ref = c.refs[0]
    paragraphs = ref.article.layer("paragraphs")
    lead_end = paragraphs[min(1, len(paragraphs) - 1)].end if paragraphs else 0
    stated = bool(ref.explicit_time and ref.explicit_time[:4].isdigit() and len(ref.explicit_time) >= 7)
    return ref.span.start < lead_end or stated


# --- across articles -----------------------------------------------------------------------
def cluster(primary: list[Ref]) -> list[Cluster]:
    """Happenings per article (coreference), joined across articles; background dropped."""
    by_article: dict[str, list[Ref]] = {}
    for ref in primary:
        by_article.setdefault(ref.article.id, []).append(ref)
    local = [c for refs in by_article.values() for c in coref_article(refs)]
    uf, joins = UnionFind(len(local)), []
    sharing = participant_index(local)
    for i, ci in enumerate(local):
        for j in later_sharing(i, ci, sharing):
            cj = local[j]
            if ci.refs[0].article is cj.refs[0].article or ci.refs[0].family != cj.refs[0].family:
                continue
            score, reasons, pair = max(((*join_evidence(a, b), (a, b)) for a in ci.refs for b in cj.refs),
                                       key=lambda t: t[0])  # fmt: skip
            if score >= MIN_JOIN_SCORE and uf.find(i) != uf.find(j):
                uf.union(i, j)
                joins.append({"events": [pair[0].id, pair[1].id], "reasons": reasons})
    return merge_groups(local, uf, joins)


def participant_index(local: list[Cluster]) -> dict[tuple[str, str], list[int]]:
    """(family, participant key) -> the local clusters holding it, in order. Two clusters can
    only join when they share a participant (see :func:`join_evidence`), so only clusters that
    share one are compared: all pairs of 60k happenings would take most of an hour."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(local):
        for block in {(r.family, key) for r in c.refs for key in r.keys}:
            index.setdefault(block, []).append(i)
    return index


def later_sharing(i: int, c: Cluster, index: dict[tuple[str, str], list[int]]) -> list[int]:
    """The clusters after ``i`` sharing a participant with it, ascending (as a full scan)."""
    found = {j for block in {(r.family, k) for r in c.refs for k in r.keys} for j in index[block] if j > i}
    return sorted(found)


def merge_groups(local: list[Cluster], uf: UnionFind, joins: list[dict[str, Any]]) -> list[Cluster]:
    groups: dict[int, list[Cluster]] = {}
    for i, c in enumerate(local):
        groups.setdefault(uf.find(i), []).append(c)
    merged = []
    for members in groups.values():
        if not any(salient(c) for c in members):
            continue
        c = Cluster([r for m in members for r in m.refs], [j for m in members for j in m.joins])
        merged.append(c)
    owner = {r.id: c for c in merged for r in c.refs}
    for join in joins:
        if join["events"][0] in owner:
            owner[join["events"][0]].joins.append(join)
    return merged


def main_incident(article: Article, fam: str, clusters: list[Cluster]) -> Cluster | None:
    """The incident of this family the article mentions most often (None on a tie or none)."""
    counts = sorted(
        ((sum(r.article is article for r in c.refs), len({r.article.id for r in c.refs}), i)
         for i, c in enumerate(clusters) if c.refs[0].family == fam),
        reverse=True,
    )  # fmt: skip
    counts = [c for c in counts if c[0] > 0]
    if not counts or (len(counts) > 1 and counts[0][:2] == counts[1][:2]):
        return None
    return clusters[counts[0][2]]


def attach_related(refs: list[Ref], clusters: list[Cluster]) -> None:
    """Claims, accusations, condemnations and statements join the incident named in their sentence,
    else their article's main attack incident."""
    where = {(r.article.id, r.attrs.get("sentence")): c for c in clusters for r in c.refs}
    for ref in refs:
        found = where.get((ref.article.id, ref.attrs.get("sentence")))
        if found is None and ref.family in ("responsibility", "accusation"):
            found = main_incident(ref.article, "attack", clusters)
        if found is not None:
            found.related.append(ref)


# --- records -------------------------------------------------------------------------------
def incident_type(c: Cluster) -> str:
    """The most frequent specific type (drone strike over plain attack)."""
    counts = Counter(r.attrs["type"] for r in c.refs)
    specific = [t for t in counts if "." in t and not t.endswith("assassination")]
    pool = specific or list(counts)
    return max(pool, key=lambda t: (counts[t], t))


def incident_date(c: Cluster) -> str | None:
    """The most precise, most often stated day; else the earliest publication date.

    Times stated by first-hand mentions win over those of anaphoric ones ("the shelling came
    after clashes on Friday": Friday dates the clashes, not the attack). A time of day
    (2021-11-07TMO) counts for its day.
    """
    primary = [r for r in c.refs if not r.attrs.get("anaphoric")]
    for refs in (primary, c.refs):
        explicit = Counter(
            r.explicit_time[:10] for r in refs if r.explicit_time and r.explicit_time[:4].isdigit()
        )
        if explicit:
            return max(explicit, key=lambda v: (len(v), explicit[v]))
    dates = sorted(r.fallback_time for r in c.refs if r.fallback_time)
    return dates[0] if dates else None


def incident_place(c: Cluster) -> str | None:
    """The place most reports give (compared by its folded key), as the words they most use."""
    said = [
        (a.attrs.get("value") or r.article.surface(a), r.article.surface(a))
        for r in c.refs for a in r.attrs.get("arguments", []) if a.attrs.get("role") == "place"
    ]  # fmt: skip
    if not said:
        return None
    key = Counter(k for k, _ in said).most_common(1)[0][0]
    return Counter(words for k, words in said if k == key).most_common(1)[0][0]


def record(c: Cluster, n: int) -> dict[str, Any]:
    refs = sorted(c.refs, key=lambda r: (r.article.id, r.index))
    return {
        "id": f"incident-{n}",
        "type": incident_type(c),
        "family": refs[0].family,
        "date": incident_date(c),
        "place": incident_place(c),
        "articles": sorted({r.article.id for r in refs}),
        "events": [r.id for r in refs],
        "related": [r.id for r in c.related],
        "joins": c.joins,
    }


# --- the stage -----------------------------------------------------------------------------
@component("incidents", version="1", level="corpus", requires=("events",), provides=("incidents",))
def incidents(corpus: Corpus) -> None:
    corpus.results["incidents"] = build_incidents(corpus)


def build_incidents(corpus: Corpus) -> list[dict[str, Any]]:
    refs = collect(corpus)
    primary = [r for r in refs if is_primary(r)]
    clusters = cluster(primary)
    attach_related([r for r in refs if not type_info(r.attrs["type"]).get("incident")], clusters)
    clusters.sort(key=lambda c: (-len({r.article.id for r in c.refs}), -len(c.refs), c.refs[0].id))
    records = [record(c, n + 1) for n, c in enumerate(clusters)]
    date_undated_articles(corpus, records)
    return records


def date_undated_articles(corpus: Corpus, records: list[dict[str, Any]]) -> None:
    """An article without a date takes its main incident's date (as a lower bound when it only
    recalls the incident with a time of its own)."""
    by_id = corpus.by_id()
    events = {e.attrs["id"]: e for a in corpus.articles for e in a.layer("events")}
    for rec in records:
        if not rec["date"] or len(rec["date"]) < 10 or len(rec["articles"]) < 2:
            continue
        for article_id in rec["articles"]:
            article = by_id[article_id]
            if article.published.value or article.published.not_before:
                continue
            own = [events[e] for e in rec["events"] if e.startswith(article_id + ":")]
            recalled = any(e.attrs.get("time") for e in own)
            set_published(article, incident_published(rec, own, recalled))


def incident_published(rec: dict[str, Any], own: list[Span], recalled: bool) -> Published:
    evidence = Span(own[0].start, own[0].end) if own else None
    if recalled:
        return Published(None, None, True, 0.3, evidence, "incident", not_before=rec["date"])
    return Published(rec["date"], "day", True, 0.5, evidence, "incident", not_before=rec["date"])


def set_published(article: Article, published: Published) -> None:
    """Through the times step's hook when there is one (it also re-resolves relative times)."""
    try:
        from riwaya.components.times import component as times
    except ImportError:
        times = None
    hook = getattr(times, "redate", None)
    if callable(hook):
        hook(article, published)
    else:
        article.published = published
