"""Evidence that event mentions report one happening: the mention view (:class:`Ref`), what
their times allow, what they share, and the grouping of one article's mentions (coreference).

Used by :mod:`riwaya.stages.incidents`; every function returns its reasons in words so that
each join of an incident can say why it was made.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from riwaya.components.events.lexicon import type_info
from riwaya.model import Article, Span
from riwaya.results import Join

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
    """A happening being built: its mentions, the article leads it holds, why they were joined."""

    refs: list[Ref] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    related: list[Ref] = field(default_factory=list)
    leads: list[Any] = field(default_factory=list)
    reacts_to: list[int] = field(default_factory=list)


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
            best[1].joins.append(Join((ref.id, best[1].refs[0].id), ("same article", *reasons)))
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
