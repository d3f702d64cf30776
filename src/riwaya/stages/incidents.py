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
from datetime import date, timedelta

from riwaya.components.events.lexicon import codes, type_info
from riwaya.components.times import component as times
from riwaya.corpus import Corpus
from riwaya.model import Article, Published, Span
from riwaya.pipeline import component
from riwaya.results import Incident, Join
from riwaya.stages.corrections import correct_incidents
from riwaya.stages.incident_evidence import Cluster, Ref, coref_article, is_primary, salient
from riwaya.stages.incident_joins import MAX_DAYS, cosine, join_leads
from riwaya.stages.leads import REACTIONS, SECURITY, Lead, lead_of, lead_text
from riwaya.stages.stories.lexical import Idf, corpus_idf, term_vector
from riwaya.text.dates import iso_day

SECONDARY_MATCH = 0.3  # an article's other happening joins an incident its sentence matches this well
ANCHORED_MATCH = 0.1  # ... or this well when the sentence names a participant of its leads


# --- collecting and joining ---------------------------------------------------------------
def collect(corpus: Corpus) -> list[Ref]:
    refs = []
    for article in corpus.articles:
        published = article.published.value if article.published.source != "incident" else None
        for i, span in enumerate(article.layer("events")):
            refs.append(Ref(article, span, i, span.attrs.get("time"), published))
    return refs


# --- across articles ------------------------------------------------------------------------
def lead_clusters(
    corpus: Corpus, refs: list[Ref], idf: Idf
) -> tuple[list[Cluster], dict[str, list[Cluster]]]:
    """One incident per group of joined leads, holding each lead's happening in its article;
    and the article's other happenings (its mentions of other incidents), by article id."""
    by_article: dict[str, list[Ref]] = {}
    for ref in refs:
        by_article.setdefault(ref.article.id, []).append(ref)
    local = {aid: coref_article([r for r in rs if is_primary(r)]) for aid, rs in by_article.items()}
    leads = [lead for a in corpus.articles if (lead := lead_of(a, idf)) is not None]
    clusters, others = [], {aid: list(cs) for aid, cs in local.items()}
    for group in join_leads(leads):
        cluster = Cluster()
        for i in group.members:
            local_cluster = _lead_refs(leads[i], by_article.get(leads[i].article.id, []), others)
            cluster.refs += local_cluster.refs
            cluster.joins += local_cluster.joins
            cluster.leads.append(leads[i])
        cluster.joins += [_lead_join(leads[i], leads[j], reasons) for i, j, reasons in group.reasons]
        clusters.append(cluster)
    return clusters, others


def _lead_refs(lead: Lead, refs: list[Ref], others: dict[str, list[Cluster]]) -> Cluster:
    """The mentions of the lead's happening in its article (its local cluster, with the reasons
    they were joined, taken out of the article's other happenings), or the lead mention alone."""
    if lead.mention is None:
        return Cluster()
    for c in others.get(lead.article.id, []):
        if any(r.span is lead.mention for r in c.refs):
            others[lead.article.id].remove(c)
            return c
    return Cluster([r for r in refs if r.span is lead.mention])


def _lead_join(a: Lead, b: Lead, reasons: tuple[str, ...]) -> Join:
    ids = tuple(lead.mention.attrs["id"] if lead.mention is not None else lead.article.id for lead in (a, b))
    return Join(ids, reasons)


def attach_secondary(clusters: list[Cluster], others: dict[str, list[Cluster]], idf: Idf) -> None:
    """An article's other happenings join the incident their sentence's words match (same family
    group, days close); a reaction lead (condemnation, statement) then reacts to that incident."""
    centroids = [_centroid(c) for c in clusters]
    postings: dict[str, list[int]] = {}
    for k, centroid in enumerate(centroids):
        for term in centroid:
            postings.setdefault(term, []).append(k)
    owner = {lead.article.id: k for k, c in enumerate(clusters) for lead in c.leads}
    for aid, local in others.items():
        for c in local:
            if not salient(c):
                continue
            ref = c.refs[0]
            words, names = term_vector(_sentence_text(ref), idf), _sentence_names(ref)
            sharing = {k for t in words for k in postings.get(t, ())}  # no shared term: cosine 0
            best = max(
                ((cosine(words, centroids[k]), k) for k in _compatible(clusters, ref, sharing)),
                default=(0.0, -1),
            )
            named = best[1] >= 0 and names & {n for lead in clusters[best[1]].leads for n in lead.names}
            if best[0] < (ANCHORED_MATCH if named else SECONDARY_MATCH) or best[1] == owner.get(aid):
                continue
            target = clusters[best[1]]
            anchor = target.refs[0].id if target.refs else target.leads[0].article.id
            target.refs += c.refs
            target.joins.append(
                Join(
                    (ref.id, anchor),
                    (f"mentioned in another article's lead: words alike {best[0]:.2f}",),
                )
            )
            if aid in owner and clusters[owner[aid]].leads[0].family in REACTIONS | {"meeting", "phone_call"}:
                clusters[owner[aid]].reacts_to.append(best[1])


def _compatible(clusters: list[Cluster], ref: Ref, among: set[int]) -> list[int]:
    """Incidents (of ``among``) of the mention's family group that had happened when its
    article appeared."""
    group = "security" if ref.family in SECURITY else ref.family
    published = iso_day(ref.article.published.value)
    return [k for k in sorted(among)
            if clusters[k].leads and clusters[k].leads[0].group == group and not _after(clusters[k], published)]  # fmt: skip


def _after(c: Cluster, published: date | None) -> bool:
    days = [lead.day for lead in c.leads if lead.day is not None]
    return bool(published and days) and min(days) > published + timedelta(days=MAX_DAYS)


def _centroid(c: Cluster) -> dict[str, float]:
    total: dict[str, float] = {}
    for lead in c.leads:
        for t, w in lead.terms.items():
            total[t] = total.get(t, 0.0) + w
    norm = sum(w * w for w in total.values()) ** 0.5 or 1.0
    return {t: w / norm for t, w in total.items()}


def _sentence_names(ref: Ref) -> set[str]:
    """Entity keys of the people and organisations named in the mention's sentence."""
    sentences = ref.article.layer("sentences")
    s = ref.attrs.get("sentence")
    if s is None or s >= len(sentences):
        return set()
    lo, hi = sentences[s].start, sentences[s].end
    return {e.attrs["key"] for e in ref.article.layer("entities")
            if lo <= e.start < hi and e.label in ("PER", "ORG") and e.attrs.get("key")}  # fmt: skip


def _sentence_text(ref: Ref) -> str:
    sentences = ref.article.layer("sentences")
    s = ref.attrs.get("sentence")
    return (
        ref.article.surface(sentences[s])
        if s is not None and s < len(sentences)
        else ref.article.surface(ref.span)
    )


def main_incident(article: Article, fam: str, clusters: list[Cluster]) -> Cluster | None:
    """The incident of this family the article mentions most often (None on a tie or none)."""
    counts = sorted(
        ((sum(r.article is article for r in c.refs), len({r.article.id for r in c.refs}), i)
         for i, c in enumerate(clusters) if c.refs and c.refs[0].family == fam),
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


def record(c: Cluster, n: int, ids: list[str]) -> Incident:
    refs = sorted(c.refs, key=lambda r: (r.article.id, r.index))
    lead_articles = sorted({lead.article.id for lead in c.leads})
    kind = incident_type(c) if refs else c.leads[0].family
    return Incident(
        id=ids[n],
        type=kind,
        family=c.leads[0].family if c.leads else refs[0].family,
        date=incident_date(c) or _lead_date(c),
        place=incident_place(c),
        articles=sorted({r.article.id for r in refs} | set(lead_articles)),
        events=[r.id for r in refs],
        related=[r.id for r in c.related],
        joins=list(c.joins),
        leads=lead_articles,
        reacts_to=ids[c.reacts_to[0]] if c.reacts_to else None,
        codes=_codes(kind),
    )


def _codes(kind: str) -> dict:
    """CAMEO/PLOVER/ACLED codes of a type; a lead family without a type of its own (a claim of
    responsibility named only in the headline) has none."""
    try:
        return codes(kind)
    except KeyError:
        return {}


def _lead_date(c: Cluster) -> str | None:
    days = sorted(lead.day.isoformat() for lead in c.leads if lead.day is not None)
    return days[0] if days else None


# --- the stage -----------------------------------------------------------------------------
@component("incidents", version="2", level="corpus", requires=("events",), provides=("incidents",))
def incidents(corpus: Corpus) -> None:
    corpus.put("incidents", correct_incidents(build_incidents(corpus), corpus.corrections()))


def build_incidents(corpus: Corpus) -> list[Incident]:
    """Incidents from the articles' leads, with the other articles that mention them."""
    refs = collect(corpus)
    idf = corpus_idf(lead_text(a)[0] for a in corpus.articles)
    clusters, others = lead_clusters(corpus, refs, idf)
    attach_secondary(clusters, others, idf)
    attach_related([r for r in refs if not type_info(r.attrs["type"]).get("incident")], clusters)
    order = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k].leads), -len(clusters[k].refs), k))
    ids = [""] * len(clusters)
    for n, k in enumerate(order):
        ids[k] = f"incident-{n + 1}"
    records = sorted(
        (record(clusters[k], k, ids) for k in range(len(clusters))), key=lambda r: int(r.id.split("-")[1])
    )
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
