"""Where and when an event happened: a located place in the trigger's scope, and its times."""

from __future__ import annotations

from riwaya.components.events.arguments import arg, in_scope
from riwaya.components.events.counts import number_of
from riwaya.components.events.lexicon import Entry, Lexicon, cues, family
from riwaya.components.events.tokens import Tok, spans_from, token_at
from riwaya.components.events.triggers import Mention
from riwaya.model import Article, Span
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key


def time_args(article: Article, toks: list[Tok], lo: int, hi: int) -> list[Span]:
    """Times from the times layer inside the sentence; without it, month names (``في نوفمبر``)."""
    if lo >= hi:
        return []
    start, end = toks[lo].start, toks[hi - 1].end
    if "times" in article.layers:
        return [
            Span(t.start, t.end, "", {"role": "time", "value": t.attrs.get("value"), "entity": None})
            for t in spans_from(article, "times", start, end)
            if t.end <= end and t.attrs.get("type", "date") in ("date", "time")
        ]
    return [_month_arg(toks, a, b, e, hi) for a, b, e in cues("month").find(toks, lo, hi)]


def _month_arg(toks: list[Tok], a: int, b: int, e: Entry, hi: int) -> Span:
    year = number_of(toks[b]) if b < hi else None
    if year is not None and 1900 < year < 2100:
        return arg(toks, a, b + 1, "time", f"{year:04d}-{int(e.value):02d}")
    return arg(toks, a, b, "time", f"XXXX-{int(e.value):02d}")


def place_args(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Where the event happened: the nearest place attached to it by a locative preposition
    (في بغداد، ببغداد، في العاصمة بغداد، منزله في المنطقة الخضراء), in the trigger's scope. A
    country named as a backer or actor (الموالية لإيران، أذرع طهران) is not where it happened."""
    if lo >= hi:
        return []
    candidates = (
        entity_places(article, toks, lo, hi, m)
        if "entities" in article.layers
        else cue_places(toks, lo, hi, m)
    )
    inside = [c for c in candidates if in_scope(toks, lo, hi, m, c)]
    return [min(inside, key=lambda c: _distance(toks, lo, hi, m, c))] if inside else []


def _distance(toks: list[Tok], lo: int, hi: int, m: Mention, span: Span) -> int:
    pos = token_at(toks, lo, hi, span.start)
    return min(min(abs(pos - a), abs(pos - b + 1)) for a, b in [(m.first, m.last), *m.extra_triggers])


def entity_places(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    start, end = toks[lo].start, toks[hi - 1].end
    out = []
    for e in spans_from(article, "entities", start, end):
        if e.label not in ("LOC", "GPE") or e.end > end:
            continue
        core = fold(e.attrs.get("key") or article.surface(e)).split()[0]
        if located(toks, lo, token_at(toks, lo, hi, e.start), core, family(m.type)):
            attrs = {"role": "place", "value": e.attrs.get("key"), "entity": e.attrs.get("entity")}
            out.append(Span(e.start, e.end, "", attrs))
    return out


def located(toks: list[Tok], lo: int, i: int, core: str, fam: str) -> bool:
    """Whether the place word at token ``i`` follows a locative preposition (its own clitic ب,
    or في/قرب/شمال... before it, skipping up to two place nouns such as العاصمة or منطقة)."""
    if _clitic_b(toks[i], core):
        return True
    j = i - 1
    while j >= lo and i - j <= 3 and cues("place_head").match_at(toks, j):
        if _clitic_b(toks[j], match_key(toks[j].surface)):
            return True
        j -= 1
    if j < lo or toks[j].punct:
        return False
    kinds = ["locative"] + (["locative_to"] if fam in ("meeting", "deployment") else [])
    kinds += ["locative_on"] if fam == "attack" else []
    return any(_ends_at(cues(kind), toks, j) for kind in kinds)


def _clitic_b(tok: Tok, core: str) -> bool:
    """ببغداد, وبالعاصمة, بمدينة: a ب proclitic glued before ``core`` (a folded stem)."""
    folded = fold(tok.surface)
    at = folded.find(core) if core else -1
    if at <= 0 and core.startswith("ب") and folded.startswith(("بب", "وبب")):
        return True
    return at > 0 and "ب" in folded[:at].replace("ال", "")


def _ends_at(lexicon: Lexicon, toks: list[Tok], j: int) -> bool:
    """A lexicon entry that ends exactly at token ``j`` (one or two tokens long)."""
    for k in (j, j - 1):
        entry = lexicon.match_at(toks, k) if k >= 0 else None
        if entry and k + len(entry.tokens) == j + 1:
            return True
    return False


def cue_places(toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Without an entities layer: a place noun after a locative (في مدينة الريحان) and the name after it."""
    out = []
    for a, _b, _e in cues("place_head").find(toks, lo, hi):
        name = a + 1
        if name >= hi or toks[name].punct or cues("stop").match_at(toks, name):
            continue
        if located(toks, lo, name, match_key(toks[name].surface), family(m.type)):
            last = (
                name + 1 if name + 1 < hi and toks[name + 1].definite and not toks[name + 1].punct else name
            )
            if not cues("stop").match_at(toks, last):
                value = " ".join(match_key(t.surface) for t in toks[name : last + 1])
                out.append(arg(toks, name, last + 1, "place", value))
    return out
