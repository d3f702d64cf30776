"""Who an event is attributed to: the quote that holds its trigger, a reporting cue, or the outlet."""

from __future__ import annotations

from typing import Any

from riwaya.components.events.arguments import noun_phrase
from riwaya.components.events.lexicon import cues
from riwaya.components.events.tokens import Tok
from riwaya.model import Article, Span
from riwaya.text.normalize import fold


def attribution(article: Article, toks: list[Tok], lo: int, hi: int, start: int, end: int) -> dict[str, Any]:
    """The quote whose content holds the trigger; without a quotes layer, a reporting cue; else the outlet."""
    if "quotes" in article.layers:
        for quote in article.layer("quotes"):
            content = quote.attrs.get("content")
            if isinstance(content, Span) and content.start <= start and end <= content.end:
                return quote_source(article, quote)
    else:
        found = cue_source(article, toks, lo, hi, start)
        if found:
            return found
    return {"kind": "outlet", "name": article.outlet_label}


def quote_source(article: Article, quote: Span) -> dict[str, Any]:
    speaker = quote.attrs.get("speaker")
    via = quote.attrs.get("via") or []
    return {
        "kind": "quote",
        "quote": quote.attrs.get("id"),
        "speaker": article.surface(speaker) if isinstance(speaker, Span) else None,
        "entity": speaker.attrs.get("entity") if isinstance(speaker, Span) else None,
        "via": [article.surface(v) for v in via if isinstance(v, Span)],
    }


def cue_source(
    article: Article, toks: list[Tok], lo: int, hi: int, trigger_start: int
) -> dict[str, Any] | None:
    """``X قال/أفاد (Y) أن ...`` before the trigger: speaker X (or the phrase after the cue), via Y."""
    for a, b, _e in cues("say").find(toks, lo, hi):
        if toks[a].start >= trigger_start:
            break
        before = [t for t in toks[lo:a] if fold(t.surface) not in ("و", "وكان", "كان", "وقد")]
        after_first, after_last = noun_phrase(toks, b, hi)
        after = toks[after_first:after_last]
        if before and len(before) <= 5:
            return _cue_dict(article, before, after)
        if after:
            return _cue_dict(article, after, [])
    return None


def _cue_dict(article: Article, speaker: list[Tok], via: list[Tok]) -> dict[str, Any]:
    text = article.text
    return {
        "kind": "cue",
        "speaker": text[speaker[0].start : speaker[-1].end],
        "entity": None,
        "via": [text[via[0].start : via[-1].end]] if via else [],
    }
