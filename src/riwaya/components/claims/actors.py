"""Responsibility and perpetrator claims of one sentence (guideline §4.5, §4.9).

``responsibility`` is a claim or denial by the actor itself: ``تبنت حركة ... الهجوم``، ``أعلنت
جماعة ... مسؤوليتها``، ``نفت ... مسؤوليتها`` (value ``{"status", "by"}``, ``by`` the actor as
written) or ``لم تعلن أي جهة مسؤوليتها`` (none_claimed, by null). ``perpetrator`` is who the text
says did it or whom a speaker blames, as written and folded: an attacker phrase next to an attack
verb or weapon (مسلحون مجهولون أطلقوا النار، انتحاري من طالبان), or the actor of a blame cue
(اتهمت ... إيران بـ، حمّل ... مسؤولية، تلمح إلى تورط ...), hedged for accusations and hints
(اتهم، أصابع الاتهام، تلمح، رجحت، يشتبه) but not for حمّل ... مسؤولية.
"""

from __future__ import annotations

from riwaya.components.claims.slotlex import Hit, Label, has, hit_at
from riwaya.components.events.lexicon import negation
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold

MAX_ACTOR = 6
QUOTES = set("«»\"'“”")
THAT = {fold(w) for w in ("أن", "إن", "ان")}


def _clean(text: str, toks: list[Tok], a: int, b: int) -> str:
    """The surface of tokens ``[a, b)``, without quotes around it or a leading و."""
    raw = text[toks[a].start : toks[b - 1].end].strip("«»\"'“” ")
    return raw[1:] if raw[:1] == "و" and fold(raw[1:]) and len(raw.split()[0]) > 3 else raw


def _after(toks: list[Tok], k: int, hi: int, entities: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The actor phrase right after token ``k``: an entity starting there, else the words up to a
    stop word or punctuation (at most :data:`MAX_ACTOR`)."""
    while k < hi and toks[k].surface in QUOTES:
        k += 1
    for a, b in entities:
        if a == k:
            return a, min(b, hi)
    end = k
    while end < hi and end - k < MAX_ACTOR and not has("actor_stop", toks, end, hi):
        if toks[end].punct and toks[end].surface not in QUOTES:
            break
        end += 1
    return (k, end) if end > k else None


def _within(toks: list[Tok], a: int, b: int, entities: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last entity inside tokens ``[a, b)``, else the whole range when it is short."""
    inside = [(x, y) for x, y in entities if a <= x and y <= b]
    if inside:
        return inside[-1]
    return _drop_subject(toks, a, b) if 0 < b - a <= 4 else None


def _drop_subject(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    """Without the speaker's definite subject before an indefinite object (الحكومة جماعة ...)."""
    k = a
    while k < b and toks[k].definite:
        k += 1
    return (k, b) if a < k < b else (a, b)


def _negated(toks: list[Tok], i: int, lo: int) -> bool:
    return i > lo and negation().match_at(toks, i - 1, i) is not None


def responsibility_claims(
    toks: list[Tok], lo: int, hi: int, text: str, entities: list[tuple[int, int]]
) -> list[Label]:
    """Claims and denials of responsibility, and statements that nobody claimed it."""
    out: list[Label] = []
    i = lo
    while i < hi:
        if none := hit_at("resp_none", toks, i, hi):
            out.append(Label("responsibility", {"status": "none_claimed", "by": None}, none.a, none.b))
            i = none.b
            continue
        hit = hit_at("resp", toks, i, hi)
        if hit is None or _negated(toks, i, lo) or _has_that(toks, hit):
            i += 1
            continue
        actor = _resp_actor(toks, hi, hit, entities)
        by = _clean(text, toks, *actor) if actor else None
        end = max(hit.b, actor[1]) if actor else hit.b
        out.append(Label("responsibility", {"status": hit.value, "by": by}, hit.a, end))
        i = end
    return out


def _has_that(toks: list[Tok], hit: Hit) -> bool:
    """A gapped cue whose gap holds أن: the verb is a speech verb of another clause."""
    return hit.gap_a >= 0 and any(fold(t.surface) in THAT for t in toks[hit.gap_a : hit.gap_b])


def _resp_actor(
    toks: list[Tok], hi: int, hit: Hit, entities: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if hit.gap_a >= 0:
        return (hit.gap_a, hit.gap_b) if hit.gap_b > hit.gap_a else None
    return _after(toks, hit.b, hi, entities)


def blame_claims(
    toks: list[Tok], lo: int, hi: int, text: str, entities: list[tuple[int, int]]
) -> list[Label]:
    """Actors a speaker blames: in the gap of a blame cue or right after a blame_after cue."""
    out: list[Label] = []
    for i in range(lo, hi):
        if hit := hit_at("blame", toks, i, hi):
            actor = _within(toks, hit.gap_a, hit.gap_b, entities) if hit.gap_b > hit.gap_a else None
        elif hit := hit_at("blame_after", toks, i, hi):
            actor = _after(toks, hit.b, hi, entities)
        else:
            continue
        if actor is None or _negated(toks, i, lo) or any(lab.first <= i < lab.last for lab in out):
            continue
        value = fold(_clean(text, toks, *actor))
        out.append(Label("perpetrator", value, hit.a, max(hit.b, actor[1]), hedged=hit.value == "hedged"))
    return out


def attacker_claims(
    toks: list[Tok], lo: int, hi: int, text: str, entities: list[tuple[int, int]], weapons: list[Label]
) -> list[Label]:
    """Attacker phrases next to an attack verb or a weapon cue (مسلحان مجهولان أطلقا النار)."""
    out: list[Label] = []
    i = lo
    while i < hi:
        hit = hit_at("actor", toks, i, hi)
        if hit is None or not _acts(toks, lo, hi, hit, weapons):
            i += 1
            continue
        named = _named(toks, hit.b, hi, entities)
        if hit.extra == "named" and named is None:
            i += 1
            continue
        a, b = named or (hit.a, hit.b)
        hedged = any(has("actor_hedge", toks, k, hi) for k in range(b, min(hi, b + 2)))
        out.append(Label("perpetrator", fold(_clean(text, toks, a, b)), hit.a, b, hedged=hedged or None))
        i = max(b, hit.b)
    return out


def _acts(toks: list[Tok], lo: int, hi: int, hit: Hit, weapons: list[Label]) -> bool:
    """An attack verb within two words of the phrase, or a weapon claim within three."""
    near = [*range(max(lo, hit.a - 2), hit.a), *range(hit.b, min(hi, hit.b + 2))]
    if any(has("actor_verb", toks, k, hi) for k in near):
        return True
    return any(w.first - 3 <= hit.b <= w.first or w.last <= hit.a <= w.last + 3 for w in weapons)


def _named(toks: list[Tok], k: int, hi: int, entities: list[tuple[int, int]]) -> tuple[int, int] | None:
    """``من`` + an entity right after an attacker noun (انتحاري من طالبان): that entity."""
    if k < hi and fold(toks[k].surface) == "من":
        return next(((a, b) for a, b in entities if a == k + 1 and b <= hi), None)
    return None
