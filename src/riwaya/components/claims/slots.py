"""Label claims of one sentence as ``claims`` spans: weapon, time of day, responsibility, perpetrator.

Each claim keeps ``slot``, ``value``, ``hedged`` (the sentence's hedge, or the cue's own for blame and
attacker phrases) and ``source`` (attributed like the count claims); a clock time adds ``clock``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riwaya.components.claims.actors import attacker_claims, blame_claims, responsibility_claims
from riwaya.components.claims.daytime import time_claims
from riwaya.components.claims.slotlex import Label
from riwaya.components.claims.weapons import weapon_claims
from riwaya.components.events.attribution import attribution
from riwaya.components.events.tokens import Tok
from riwaya.model import Article, Span


@dataclass(frozen=True)
class SentenceContext:
    """What every sentence's label claims read: the article, its tokens, the tokens of ``times``
    spans, the token ranges of entities and the vehicle kinds the article names."""

    article: Article
    toks: list[Tok]
    in_times: frozenset[int]
    entities: list[tuple[int, int]]
    vehicles: set[str]


def find_labels(ctx: SentenceContext, lo: int, hi: int) -> list[Label]:
    """Every label claim of tokens ``[lo, hi)``."""
    toks, text = ctx.toks, ctx.article.text
    weapons = weapon_claims(toks, lo, hi, ctx.vehicles)
    return [
        *weapons,
        *time_claims(toks, lo, hi, ctx.in_times),
        *responsibility_claims(toks, lo, hi, text, ctx.entities),
        *blame_claims(toks, lo, hi, text, ctx.entities),
        *attacker_claims(toks, lo, hi, text, ctx.entities, weapons),
    ]


def label_claims(ctx: SentenceContext, lo: int, hi: int, hedged: bool) -> list[Span]:
    """The ``claims`` spans of the sentence's label claims."""
    return [label_span(ctx, lo, hi, label, hedged) for label in find_labels(ctx, lo, hi)]


def label_span(ctx: SentenceContext, lo: int, hi: int, label: Label, hedged: bool) -> Span:
    """One label claim as a span, with its attrs."""
    toks = ctx.toks
    start, end = toks[label.first].start, toks[label.last - 1].end
    attrs: dict[str, Any] = {
        "slot": label.slot,
        "value": label.value,
        "hedged": hedged if label.hedged is None else label.hedged or hedged,
        "source": attribution(ctx.article, toks, lo, hi, start, end),
        **dict(label.extra),
    }
    return Span(start, end, label.slot, attrs)
