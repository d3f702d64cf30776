"""Claims: every statement of how many people were killed, injured or arrested, per article.

Each sentence's count statements (:mod:`riwaya.components.claims.finder`) become a ``claims``
span over the minimal phrase holding the number and its predicate or head noun (``لقي تسعة
أشخاص مصرعهم``، ``وأصيب 47 آخرون``، ``مقتل شرطيين``), labelled with its slot (killed, injured,
arrested, casualties). Attrs: ``slot``, ``value`` (``{"n", "kind"}``: exact, about, at_least,
at_most, several), ``word`` (the vague quantifier), ``hedged``, ``counted`` (the group counted,
when the text says it), ``update`` (``rise`` / ``earlier``) and ``source`` (as events attribute:
the quote that holds it, a reporting cue or the outlet). Numbers inside time expressions are
never counts.

Label claims (:mod:`~riwaya.components.claims.slots`) follow the same span and attrs scheme:
``weapon`` (gunfire, ied, car_bomb ...), ``time_of_day`` (dawn ... night, with ``clock``),
``responsibility`` (``{"status", "by"}``) and ``perpetrator`` (the actor as written, folded).
"""

from __future__ import annotations

import bisect

from riwaya.components.claims.context import claim_span, hedged
from riwaya.components.claims.sentence import find_claims
from riwaya.components.claims.slots import SentenceContext, label_claims
from riwaya.components.claims.weapons import article_vehicles
from riwaya.components.events.tokens import Tok, article_tokens
from riwaya.model import Article, Span
from riwaya.pipeline import component


@component(
    "claims",
    version="2",
    requires=("sentences", "tokens"),
    provides=("claims",),
    optional=("events", "times", "quotes", "entities"),
)
def claims(article: Article) -> None:
    article.add_layer("claims", extract_claims(article))


def extract_claims(article: Article) -> list[Span]:
    """Every count claim of the article, in text order (reads ``tokens`` and ``sentences``)."""
    toks = article_tokens(article)
    blocked = time_tokens(article, toks)
    starts = [t.start for t in toks]
    spans: list[Span] = []
    ctx = SentenceContext(article, toks, blocked, entity_tokens(article, toks), article_vehicles(toks))
    for sentence in article.layer("sentences"):
        lo, hi = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        found = find_claims(toks, lo, hi, blocked)
        flags = {"hedged": hedged(toks, lo, hi)}
        spans += [claim_span(article, toks, lo, hi, f, flags) for f in found]
        spans += label_claims(ctx, lo, hi, flags["hedged"])
    return sorted(spans, key=lambda s: (s.start, s.end))


def entity_tokens(article: Article, toks: list[Tok]) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` of the ``entities`` spans, when that layer ran."""
    if "entities" not in article.layers:
        return []
    starts = [t.start for t in toks]
    out = []
    for span in article.layer("entities"):
        a, b = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        if b > a:
            out.append((a, b))
    return out


def time_tokens(article: Article, toks: list[Tok]) -> frozenset[int]:
    """Indices of tokens inside a ``times`` span (dates, clock times), when that layer ran."""
    if "times" not in article.layers:
        return frozenset()
    out = set()
    starts = [t.start for t in toks]
    for span in article.layer("times"):
        i = bisect.bisect_left(starts, span.start)
        while i < len(toks) and toks[i].start < span.end:
            out.add(i)
            i += 1
    return frozenset(out)
