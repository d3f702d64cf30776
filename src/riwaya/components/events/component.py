"""Events: typed event mentions per article, with arguments, polarity, modality and attribution.

A trigger lexicon (``event_triggers.tsv``) is matched over folded, clitic-stripped tokens; each
match becomes an ``events`` span over the trigger, labelled with a type from the taxonomy in
``event_types.json`` (which maps every type to CAMEO, PLOVER and ACLED). Arguments are read from
the trigger's sentence: weapons and their counts (``3 طائرات`` = 3, ``نحو 8 صواريخ`` = about 8,
``عدد من`` = several, an indefinite singular = 1, a dual = 2), casualties, outcome, time of day,
target, actor and place. Several attack triggers in one sentence describe one attack, so they
make one event. Entities, times and quotes are used when those layers ran (better targets,
places, dates and attribution) and approximated from cue words when they did not.
"""

from __future__ import annotations

import bisect

from riwaya.components.events.arguments import (
    actor_or_object_args,
    casualty_args,
    dedupe_casualties,
    event_time,
    in_scope,
    instrument_args,
    outcome_args,
    participant_keys,
    target_args,
    time_of_day_args,
)
from riwaya.components.events.attribution import attribution
from riwaya.components.events.lexicon import codes, family
from riwaya.components.events.places import place_args, time_args
from riwaya.components.events.polarity import anaphoric, generic_reason, has_definite_head, modality, polarity
from riwaya.components.events.tokens import Tok, article_tokens
from riwaya.components.events.triggers import Mention, refine_type, sentence_mentions
from riwaya.model import Article, Span
from riwaya.pipeline import component


@component(
    "events",
    version="2",
    requires=("sentences", "tokens"),
    provides=("events",),
    optional=("entities", "times", "quotes", "tweets"),
)
def events(article: Article) -> None:
    article.add_layer("events", extract_events(article))


def extract_events(article: Article) -> list[Span]:
    """Every event mention of the article as a span over its trigger (reads ``tokens``, ``sentences``)."""
    toks = article_tokens(article)
    starts = [t.start for t in toks]
    spans: list[Span] = []
    for s_index, sentence in enumerate(article.layer("sentences")):
        lo, hi = _token_range(starts, sentence)
        for mention in sentence_mentions(toks, lo, hi, s_index):
            spans.append(build_event(article, toks, lo, hi, mention, len(spans), sentence))
    return spans


def _token_range(starts: list[int], sentence: Span) -> tuple[int, int]:
    return bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)


def build_event(
    article: Article, toks: list[Tok], lo: int, hi: int, m: Mention, n: int, sentence: Span
) -> Span:
    start, end = toks[m.first].start, toks[m.last - 1].end
    args = event_arguments(article, toks, lo, hi, m)
    event_type = refine_type(m.type, args)
    attrs = {
        "id": f"{article.id}:e{n}",
        "article": article.id,
        "type": event_type,
        "family": family(event_type),
        "codes": codes(event_type),
        "trigger": Span(start, end),
        "arguments": args,
        "time": event_time(args),
        "polarity": polarity(toks, lo, m),
        "modality": modality(toks, lo, hi, m),
        "attributed_to": attribution(article, toks, lo, hi, start, end),
        "sentence": m.sentence,
        "definite": toks[m.first].definite or has_definite_head(toks, m),
        "anaphoric": anaphoric(toks, lo, hi, m),
        "generic": generic_reason(toks, lo, m, args),
        "participants": participant_keys(article, args),
    }
    return Span(start, end, event_type, attrs)


def event_arguments(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    fam = family(m.type)
    args: list[Span] = []
    if fam == "attack":
        scoped = instrument_args(toks, lo, hi) + casualty_args(toks, lo, hi)
        scoped += outcome_args(toks, lo, hi) + time_of_day_args(toks, lo, hi)
        args += dedupe_casualties([a for a in scoped if in_scope(toks, lo, hi, m, a)])
        args += target_args(toks, lo, hi, m)
    elif fam in ("accusation", "responsibility", "condemnation", "threat"):
        args += actor_or_object_args(article, toks, lo, hi, m)
    else:
        args += target_args(toks, lo, hi, m)
    args += time_args(article, toks, lo, hi) + place_args(article, toks, lo, hi, m)
    return args
