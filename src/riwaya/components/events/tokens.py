"""Event tokens: the ``tokens`` layer read with every folded, clitic-stripped reading of a word."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from riwaya.model import Article, Span
from riwaya.text.normalize import fold
from riwaya.text.tokens import clitic_variants, light_segment

PUNCT = set(".,،؛;:!?؟()[]\"'«»“”‘’—-–…/")


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    surface: str
    keys: frozenset[str]
    definite: bool
    punct: bool


def make_token(text: str, start: int, end: int) -> Tok:
    """A token with every folded reading: clitic variants and a bare و/ف before short words."""
    surface = text[start:end]
    keys = set(clitic_variants(surface))
    folded = fold(surface)
    if len(folded) >= 3 and folded[0] in "وف":
        keys.add(folded[1:])
    definite = "ال" in light_segment(surface).prefixes
    return Tok(start, end, surface, frozenset(keys), definite, all(c in PUNCT for c in surface))


def spans_from(article: Article, layer: str, start: int, end: int) -> Iterator[Span]:
    """The spans of ``layer`` that start in ``[start, end)``, in layer order, found by bisection
    (a layer is sorted by start): an event reads its sentence's entities and times without
    scanning the whole article's, which made a long article's events quadratic."""
    spans = article.layer(layer)
    starts = _starts(spans)
    for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        yield spans[k]


_STARTS: dict[int, tuple[list[Span], list[int]]] = {}


def _starts(spans: list[Span]) -> list[int]:
    """The start offsets of a layer, computed once per layer list (the last few kept)."""
    held = _STARTS.get(id(spans))
    if held is None or held[0] is not spans or len(held[1]) != len(spans):
        if len(_STARTS) > 8:
            _STARTS.clear()
        held = _STARTS[id(spans)] = (spans, [s.start for s in spans])
    return held[1]


def article_tokens(article: Article) -> list[Tok]:
    return [make_token(article.text, s.start, s.end) for s in article.layer("tokens")]


def token_at(toks: list[Tok], lo: int, hi: int, offset: int) -> int:
    """Index of the first token in ``[lo, hi)`` ending after character ``offset`` (``hi - 1`` if none)."""
    return next((i for i in range(lo, hi) if toks[i].end > offset), hi - 1)
