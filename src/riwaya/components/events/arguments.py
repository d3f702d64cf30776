"""Event arguments: instruments, counts, casualties, outcome, time of day, target and actor."""

from __future__ import annotations

from typing import Any

from riwaya.components.events.counts import count_after, count_before, count_value, weapon_count
from riwaya.components.events.lexicon import cues, family, generic_words, negation, triggers, weapons
from riwaya.components.events.tokens import Tok, spans_from, token_at
from riwaya.components.events.triggers import Mention
from riwaya.model import Article, Span
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

SCOPE_TOKENS = 12
TARGET_MAX_TOKENS = 6
TOWARD = {fold(w) for w in ("إلى", "على", "ضد", "نحو")}


def arg(
    toks: list[Tok], first: int, last: int, role: str, value: Any = None, entity: str | None = None
) -> Span:
    attrs: dict[str, Any] = {"role": role, "value": value, "entity": entity}
    if role in ("target", "actor"):
        attrs["keys"] = content_keys(toks[first:last])
    return Span(toks[first].start, toks[last - 1].end, "", attrs)


def content_keys(toks: list[Tok]) -> list[str]:
    """Folded, clitic-stripped words that can identify a participant (titles, fillers, kinds of
    target, weapons and armed-actor nouns dropped: two attacks on "a base" share no participant)."""
    return sorted(
        {
            match_key(t.surface)
            for t in toks
            if not t.punct and len(match_key(t.surface)) >= 3 and not _common_word(t)
        }
    )


def _common_word(tok: Tok) -> bool:
    lexicons = [
        generic_words(),
        weapons(),
        *(cues(k) for k in ("stop", "target_head", "violence", "place_head")),
    ]
    return any(lex.match_at([tok], 0) for lex in lexicons)


def in_scope(toks: list[Tok], lo: int, hi: int, m: Mention, argument: Span) -> bool:
    """An argument belongs to the attack when it is near one of its triggers and no reporting
    verb (مؤكدا أن) or other event trigger stands closer: rhetoric after a quote cue is not a detail."""
    anchors = [(m.first, m.last), *m.extra_triggers]
    pos = next(i for i in range(lo, hi) if toks[i].end > argument.start)
    a, b = min(anchors, key=lambda ab: min(abs(pos - ab[0]), abs(pos - ab[1] + 1)))
    if min(abs(pos - a), abs(pos - b + 1)) > SCOPE_TOKENS:
        return False
    between = range(b, pos) if pos >= b else range(pos + 1, a)
    return not any(cues("say").match_at(toks, j) or _other_trigger(toks, j, anchors) for j in between)


def _other_trigger(toks: list[Tok], j: int, anchors: list[tuple[int, int]]) -> bool:
    entry = triggers().match_at(toks, j)
    same_attack = ("attack", "accusation", "responsibility")  # who did it: still about this attack
    return bool(entry) and family(entry.value) not in same_attack and not any(a <= j < b for a, b in anchors)


def dedupe_casualties(args: list[Span]) -> list[Span]:
    """One injured and one killed count per event: the first precise one wins over a bare mention."""
    out, seen = [], set()
    ranked = sorted(
        args,
        key=lambda a: (
            (a.attrs["role"], (a.attrs["value"] or {}).get("kind") == "some")
            if a.attrs["role"] in ("injured", "killed")
            else ("", False)
        ),
    )
    for a in ranked:
        if a.attrs["role"] in ("injured", "killed"):
            if a.attrs["role"] in seen:
                continue
            seen.add(a.attrs["role"])
        out.append(a)
    return sorted(out, key=lambda a: a.start)


def instrument_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    out = []
    for a, b, entry in weapons().find(toks, lo, hi):
        out.append(arg(toks, a, b, "instrument", entry.value))
        found = weapon_count(toks, a, entry.extra, lo)
        if found:
            out.append(arg(toks, found[1], b, "count", found[0] | {"of": entry.value}))
    return out


def casualty_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    out = []
    for kind in ("injured", "killed"):
        for a, b, entry in cues(kind).find(toks, lo, hi):
            if _negated_near(toks, a, lo):
                if entry.value == "noun":  # لم يسفر عن إصابات: none; لم يصب بأذى is about one person
                    out.append(arg(toks, a, b, kind, count_value(0)))
                continue
            before = count_before(toks, a, lo)
            count = before[0] if before else count_after(toks, b, hi) or count_value(None, "some")
            out.append(arg(toks, a, b, kind, count))
    return out


def _negated_near(toks: list[Tok], i: int, lo: int) -> bool:
    return any(negation().match_at(toks, j) for j in range(max(lo, i - 4), i))


def outcome_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    return [arg(toks, a, b, "outcome", e.value) for a, b, e in cues("outcome").find(toks, lo, hi)]


def time_of_day_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    """Morning / evening / night, unless it is a deadline (``حتى مساء``) rather than when it happened."""
    out = []
    for a, b, e in cues("time_of_day").find(toks, lo, hi):
        if a > lo and cues("time_block").match_at(toks, a - 1):
            continue
        out.append(arg(toks, a, b, "time_of_day", e.value))
    return out


def noun_phrase(toks: list[Tok], i: int, hi: int) -> tuple[int, int]:
    """Tokens from ``i`` up to punctuation, a stop word or a trigger, at most TARGET_MAX_TOKENS."""
    j = i
    while j < hi and j - i < TARGET_MAX_TOKENS and not toks[j].punct:
        if j > i and (cues("stop").match_at(toks, j) or triggers().match_at(toks, j)):
            break
        j += 1
    return i, j


def target_args(toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """What was attacked: a named target head (منزل X) anywhere in the sentence, else the phrase
    right after the trigger; and who survived (نجا X)."""
    out = []
    for a, _b, e in cues("target_head").find(toks, lo, hi):
        first, last = noun_phrase(toks, a, hi)
        out.append(arg(toks, first, last, "target", e.value))
    if not out and m.last < hi and not toks[m.last].punct:
        start = m.last + 1 if cues("stop").match_at(toks, m.last) else m.last
        first, last = noun_phrase(toks, start, hi)
        if last > first and not weapons().match_at(toks, first):
            out.append(arg(toks, first, last, "target"))
    for _a, b, e in cues("outcome").find(toks, lo, hi):
        if e.value == "survived" and b < hi and not cues("stop").match_at(toks, b):
            first, last = noun_phrase(toks, b, hi)
            if last > first:
                out.append(arg(toks, first, last, "target", "survivor"))
    return out


def actor_or_object_args(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Who is accused / claims / carried it out (an actor), or who is condemned / threatened (a target)."""
    if family(m.type) not in ("accusation", "responsibility"):
        first, last = _phrase_after(toks, m.last, hi)
        return [arg(toks, first, last, "target")] if last > first else []
    found = actor_phrase(article, toks, lo, hi, m)
    return [arg(toks, found[0], found[1], "actor", entity=found[2])] if found else []


def _phrase_after(toks: list[Tok], start: int, hi: int) -> tuple[int, int]:
    """The noun phrase after a trigger, or after إلى/على/ضد within the next few tokens."""
    for j in range(start, min(start + 4, hi)):
        if toks[j].punct or triggers().match_at(toks, j):
            break
        if fold(toks[j].surface) in TOWARD:
            start = j + 1
            break
    if start >= hi or toks[start].punct:
        return start, start
    if cues("stop").match_at(toks, start):
        start += 1
    return noun_phrase(toks, start, hi)


def actor_phrase(
    article: Article, toks: list[Tok], lo: int, hi: int, m: Mention
) -> tuple[int, int, str | None] | None:
    """The perpetrator named by an accusation or claim: an ORG/PER/NORP entity, or a phrase headed
    by an actor noun (جماعة، ميليشيات، فصائل) or a definite noun, trimmed at prepositions and verbs.

    Where it stands depends on the cue: after it (تتهم X، أصابع الاتهام إلى X، تورط X، تبنت X),
    before it (X نفذت الهجوم), or after the announcing verb (أعلنت X مسؤوليتها)."""
    starts = [m.last]
    if fold(toks[m.first].surface).lstrip("وف").startswith("نفذ"):
        starts = [_clause_start(toks, lo, m.first), m.last]
    elif cues("announce").find(toks, max(lo, m.first - 6), m.first):
        starts = [cues("announce").find(toks, max(lo, m.first - 6), m.first)[-1][1]]
    for start in starts:
        first, last = _phrase_after(toks, start, hi) if start == m.last else (start, start)
        if start != m.last:
            first, last = start, start
            while last < m.first and last - first < TARGET_MAX_TOKENS and not _ends_actor(toks, last, first):
                last += 1
        found = _trim_actor(article, toks, first, last)
        if found:
            return found
    return None


def _clause_start(toks: list[Tok], lo: int, i: int) -> int:
    """Back from token ``i`` to just after the nearest أن/إن, punctuation or reporting verb."""
    j = i
    while j > lo and i - j < TARGET_MAX_TOKENS and not toks[j - 1].punct:
        if fold(toks[j - 1].surface) in ("ان", "انه", "بان", "لان") or cues("say").match_at(toks, j - 1):
            break
        j -= 1
    return j


def _ends_actor(toks: list[Tok], j: int, first: int) -> bool:
    tok = toks[j]
    return tok.punct or (
        j > first
        and bool(
            cues("stop").match_at(toks, j)
            or cues("actor_stop").match_at(toks, j)
            or triggers().match_at(toks, j)
        )
    )


def _trim_actor(
    article: Article, toks: list[Tok], first: int, last: int
) -> tuple[int, int, str | None] | None:
    """Keep the phrase only if it names an actor; cut it at the first stop word, verb cue or pronoun."""
    while first < last and (triggers().match_at(toks, first) or cues("actor_stop").match_at(toks, first)):
        first += 1
    end = first
    while end < last and not _ends_actor(toks, end, first):
        end += 1
    if end <= first:
        return None
    lo_off, hi_off = toks[first].start, toks[end - 1].end
    for ent in spans_from(article, "entities", lo_off, hi_off):
        if ent.label in ("ORG", "PER", "NORP", "GPE", "LOC"):
            if cues("actor_head").match_at(toks, first) or ent.start == lo_off:
                break
            return (
                token_at(toks, first, end, ent.start),
                token_at(toks, first, end, ent.end - 1) + 1,
                ent.attrs.get("entity"),
            )
    if cues("actor_head").match_at(toks, first) or (
        toks[first].definite and "entities" not in article.layers
    ):
        return first, end, None
    return (first, end, None) if _entity_at(article, lo_off) else None


def _entity_at(article: Article, offset: int) -> bool:
    return any(
        e.start == offset and e.label in ("ORG", "PER", "NORP", "GPE", "LOC")
        for e in spans_from(article, "entities", offset, offset + 1)
    )


def event_time(args: list[Span]) -> str | None:
    return next((a.attrs["value"] for a in args if a.attrs["role"] == "time" and a.attrs["value"]), None)


def participant_keys(article: Article, args: list[Span]) -> list[str]:
    """What incidents join on: content words of targets and actors, plus the canonical key of
    any person or organisation inside them when the entities layer ran (places are left out:
    two threats "in Iraq" are not one threat)."""
    roles = [a for a in args if a.attrs["role"] in ("target", "actor")]
    keys = {k for a in roles for k in a.attrs.get("keys", [])}
    places: set[str] = set()
    inside = (
        ent for a in roles for ent in spans_from(article, "entities", a.start, a.end) if ent.end <= a.end
    )
    for ent in inside:
        if ent.attrs.get("key"):
            if ent.label in ("LOC", "GPE"):  # a shared country or city says little about who
                places |= {ent.attrs["key"], *(match_key(w) for w in article.surface(ent).split())}
            else:
                keys.add(ent.attrs["key"])
    return sorted(keys - places)
