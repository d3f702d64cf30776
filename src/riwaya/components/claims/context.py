"""What a count claim's sentence says about it: hedging, toll updates and who says it."""

from __future__ import annotations

from typing import Any

from riwaya.components.claims.finder import Found
from riwaya.components.claims.lexicon import cues
from riwaya.components.events.attribution import attribution
from riwaya.components.events.tokens import Tok
from riwaya.model import Article, Span


def hedged(toks: list[Tok], lo: int, hi: int) -> bool:
    """Whether the sentence carries an explicit uncertainty marker (يشتبه، حصيلة مؤقتة ...)."""
    return bool(cues("hedge").find(toks, lo, hi))


def update(toks: list[Tok], lo: int, hi: int, claim: Found) -> str | None:
    """``rise`` (ارتفعت حصيلة، آخر حصيلة) or ``earlier`` (الحصيلة السابقة، في وقت سابق): the cue of
    the sentence nearest the claim, or None."""
    hits = cues("update").find(toks, lo, hi)
    if not hits:
        return None
    a, _b, entry = min(hits, key=lambda h: abs(h[0] - claim.first))
    return entry.value


def claim_span(article: Article, toks: list[Tok], lo: int, hi: int, claim: Found, flags: dict) -> Span:
    """The ``claims`` span of one found claim, with its attrs."""
    start, end = toks[claim.first].start, toks[claim.last - 1].end
    count = claim.count
    attrs: dict[str, Any] = {
        "slot": claim.slot,
        "value": {"n": count.n, "kind": count.kind},
        "hedged": flags["hedged"],
        "source": attribution(article, toks, lo, hi, start, end),
    }
    if count.word and count.kind in ("several", "about", "at_least", "at_most"):
        attrs["word"] = count.word
    if claim.counted:
        attrs["counted"] = claim.counted
    if (upd := update(toks, lo, hi, claim)) is not None:
        attrs["update"] = upd
    return Span(start, end, claim.slot, attrs)
