"""Incidents: event mentions from many articles joined into the real-world happenings they report.

Joins are conservative and explained. Two mentions of incident-worthy types (attacks, threats,
arrests, visits...) join only when their families match, their times do not contradict each
other, and they share enough evidence: a participant word (``الكاظمي``, an entity key), the same
kind of target (a house), the same weapon, or a known date. A mention that names nobody (``الهجوم``
later in the same article) joins the only incident of its family in its article. Statements,
accusations, condemnations and claims of responsibility attach to the incident mentioned in the
same sentence. Every join keeps its reasons. An article without a publication date takes one
from its incident (through ``riwaya.components.times.component.redate``). Result key ``incidents``:
:class:`riwaya.results.Incident` records; the mention-level evidence is
:mod:`riwaya.stages.incident_evidence`.
"""

from __future__ import annotations

from collections import Counter

from riwaya.components.events.lexicon import type_info
from riwaya.components.times import component as times
from riwaya.corpus import Corpus
from riwaya.model import Article, Published, Span
from riwaya.pipeline import component
from riwaya.results import Incident, Join
from riwaya.stages.incident_evidence import Cluster, Ref, coref_article, is_primary, join_evidence, salient

MIN_JOIN_SCORE = 2


# --- collecting and joining ---------------------------------------------------------------
def collect(corpus: Corpus) -> list[Ref]:
    refs = []
    for article in corpus.articles:
        published = article.published.value if article.published.source != "incident" else None
        for i, span in enumerate(article.layer("events")):
            refs.append(Ref(article, span, i, span.attrs.get("time"), published))
    return refs


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
                joins.append(Join((pair[0].id, pair[1].id), tuple(reasons)))
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


def merge_groups(local: list[Cluster], uf: UnionFind, joins: list[Join]) -> list[Cluster]:
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
        if join.events[0] in owner:
            owner[join.events[0]].joins.append(join)
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


def record(c: Cluster, n: int) -> Incident:
    refs = sorted(c.refs, key=lambda r: (r.article.id, r.index))
    return Incident(
        id=f"incident-{n}",
        type=incident_type(c),
        family=refs[0].family,
        date=incident_date(c),
        place=incident_place(c),
        articles=sorted({r.article.id for r in refs}),
        events=[r.id for r in refs],
        related=[r.id for r in c.related],
        joins=list(c.joins),
    )


# --- the stage -----------------------------------------------------------------------------
@component("incidents", version="1", level="corpus", requires=("events",), provides=("incidents",))
def incidents(corpus: Corpus) -> None:
    corpus.put("incidents", build_incidents(corpus))


def build_incidents(corpus: Corpus) -> list[Incident]:
    refs = collect(corpus)
    primary = [r for r in refs if is_primary(r)]
    clusters = cluster(primary)
    attach_related([r for r in refs if not type_info(r.attrs["type"]).get("incident")], clusters)
    clusters.sort(key=lambda c: (-len({r.article.id for r in c.refs}), -len(c.refs), c.refs[0].id))
    records = [record(c, n + 1) for n, c in enumerate(clusters)]
    date_undated_articles(corpus, records)
    return records


def date_undated_articles(corpus: Corpus, records: list[Incident]) -> None:
    """An article without a date takes its main incident's date (as a lower bound when it only
    recalls the incident with a time of its own)."""
    by_id = corpus.by_id()
    events = {e.attrs["id"]: e for a in corpus.articles for e in a.layer("events")}
    for rec in records:
        if not rec.date or len(rec.date) < 10 or len(rec.articles) < 2:
            continue
        for article_id in rec.articles:
            article = by_id[article_id]
            if article.published.value or article.published.not_before:
                continue
            own = [events[e] for e in rec.events if e.startswith(article_id + ":")]
            recalled = any(e.attrs.get("time") for e in own)
            set_published(article, incident_published(rec, own, recalled))


def incident_published(rec: Incident, own: list[Span], recalled: bool) -> Published:
    evidence = Span(own[0].start, own[0].end) if own else None
    if recalled:
        return Published(None, None, True, 0.3, evidence, "incident", not_before=rec.date)
    return Published(rec.date, "day", True, 0.5, evidence, "incident", not_before=rec.date)


def set_published(article: Article, published: Published) -> None:
    """Through the times step's hook (it also re-resolves the article's relative times)."""
    times.redate(article, published)
