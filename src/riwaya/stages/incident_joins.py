"""Joining article leads into incidents: one incident per real-world happening, conservatively.

Two leads (:class:`riwaya.stages.leads.Lead`) of different articles may report one happening
when they are of one family group, their days are at most ``MAX_DAYS`` apart (``FOLLOW_UP_DAYS``
when the later one reports arrests, blame or findings about a known attack), and their words
agree: for violent happenings (attacks, accidents, arrests, blame, claims) a TF-IDF cosine of
headline + lead of at least ``WEAK`` with a shared named place, person or organisation (an
entity key, never a plain word), or of at least ``ALONE`` with a day known; for statements,
meetings, threats and the rest a shared named participant, both days known and ``WEAK``. Two
leads that name different places (countries aside) need ``STRONG`` plus ``PLACE_MARGIN``; two
whose lead mentions name different kinds of target need ``STRONG``.
Incidents grow by average link: two groups merge only when their leads agree on average and
no pair of them is days apart, so one shared word cannot chain a day's news into one incident.
Every join keeps its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from riwaya.stages.leads import Lead, countries

MAX_DAYS = 2
FOLLOW_UP_DAYS = 10  # a follow-up (arrests, blame, findings) may come this long after the happening
STRONG = 0.35
WEAK = 0.12
ALONE = 0.7  # words alike enough to join with no shared named place or participant
PLACE_MARGIN = 0.15
AVERAGE_LINK = 0.12
MAX_POSTING = 60  # terms in more leads of a group than this do not propose candidates


@dataclass
class LeadGroup:
    members: list[int]
    reasons: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Of two unit vectors: the sum over their shared terms (intersected as key sets, in C)."""
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def days_apart(a: Lead, b: Lead) -> int | None:
    if a.day is None or b.day is None:
        return None
    return abs((a.day - b.day).days)


def pair_evidence(a: Lead, b: Lead) -> tuple[float, tuple[str, ...]] | None:
    """The score and reasons for taking two leads as one happening, or None."""
    if a.group != b.group or a.article is b.article:
        return None
    gap = days_apart(a, b)
    if gap is not None and gap > max_gap(a, b):
        return None
    sim = cosine(a.terms, b.terms)
    own_places = {p for p in a.places if p not in countries()}, {p for p in b.places if p not in countries()}
    shared_places = sorted(own_places[0] & own_places[1])
    shared_names = sorted(a.names & b.names)
    reasons = [f"same kind of lead: {a.family}/{b.family}", f"headline and lead words alike: {sim:.2f}"]
    if gap is not None:
        reasons.append(f"days apart: {gap}")
    if shared_places:
        reasons.append(f"same place: {', '.join(shared_places)}")
    if shared_names:
        reasons.append(f"shared participant: {', '.join(shared_names)}")
    apart = own_places[0] and own_places[1] and not shared_places
    if apart and sim < STRONG + PLACE_MARGIN:
        return None
    kinds = target_kinds(a), target_kinds(b)
    if kinds[0] and kinds[1] and not kinds[0] & kinds[1] and sim < STRONG:
        return None  # a house and an airport hit in one city on one day are two attacks
    if a.group != "security":  # a statement, meeting or threat is joined by who makes it
        floor = STRONG if a.family == "other" else WEAK  # an unnamed kind of happening needs more
        return (sim, tuple(reasons)) if gap is not None and shared_names and sim >= floor else None
    anchored = shared_places or shared_names
    if (sim >= STRONG and (a.day or b.day) and (anchored or sim >= ALONE)) or (sim >= WEAK and anchored):
        return sim, tuple(reasons)
    return None


def target_kinds(lead: Lead) -> set[str]:
    """The kinds of target the lead mention names (house, airport, base ...)."""
    if lead.mention is None:
        return set()
    args = lead.mention.attrs.get("arguments", [])
    return {a.attrs["value"] for a in args if a.attrs.get("role") == "target" and a.attrs.get("value")} - {
        "survivor"
    }


def max_gap(a: Lead, b: Lead) -> int:
    """MAX_DAYS, or FOLLOW_UP_DAYS when the later lead is a follow-up of a violent happening."""
    later = a if (a.day or date.min) >= (b.day or date.min) else b
    return FOLLOW_UP_DAYS if later.follow_up and later.group == "security" else MAX_DAYS


def candidate_pairs(leads: list[Lead]) -> list[tuple[int, int]]:
    """Pairs of leads sharing a not-too-common term (all other pairs score below ``WEAK``... or
    share nothing): an inverted index instead of all pairs."""
    postings: dict[tuple[str, str], list[int]] = {}
    for i, lead in enumerate(leads):
        for term in lead.terms:
            postings.setdefault((lead.group, term), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) <= MAX_POSTING:
            pairs.update((ids[x], ids[y]) for x in range(len(ids)) for y in range(x + 1, len(ids)))
    return sorted(pairs)


def join_leads(leads: list[Lead]) -> list[LeadGroup]:
    """Leads grouped into happenings (average link over accepted pairs, best pairs first)."""
    scored = []
    for i, j in candidate_pairs(leads):
        found = pair_evidence(leads[i], leads[j])
        if found is not None:
            scored.append((found[0], i, j, found[1]))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    sims = {(i, j): score for score, i, j, _r in scored}
    owner = {i: LeadGroup([i]) for i in range(len(leads))}
    for _score, i, j, reasons in scored:
        gi, gj = owner[i], owner[j]
        if gi is gj or not _may_merge(leads, gi, gj, sims):
            continue
        gi.members += gj.members
        gi.reasons += [*gj.reasons, (i, j, reasons)]
        for m in gj.members:
            owner[m] = gi
    unique = {id(g): g for g in owner.values()}
    return sorted(unique.values(), key=lambda g: min(g.members))


def _may_merge(leads: list[Lead], a: LeadGroup, b: LeadGroup, sims: dict[tuple[int, int], float]) -> bool:
    """Average cosine across the two groups at least AVERAGE_LINK and no two leads days apart
    (``sims``: the cosines computed so far, by pair)."""
    total = 0.0
    for i in a.members:
        for j in b.members:
            gap = days_apart(leads[i], leads[j])
            if gap is not None and gap > max_gap(leads[i], leads[j]):
                return False
            key = (min(i, j), max(i, j))
            if key not in sims:
                sims[key] = cosine(leads[i].terms, leads[j].terms)
            total += sims[key]
    return total / (len(a.members) * len(b.members)) >= AVERAGE_LINK
