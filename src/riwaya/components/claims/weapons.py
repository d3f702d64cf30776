"""Weapon or method claims of one sentence (guideline §4.4): cue phrases and their labels.

Each ``weapon`` cue of ``claim_slots.tsv`` names a label (إطلاق النار = gunfire، عبوة ناسفة = ied،
سيارة مفخخة = car_bomb، غارة جوية = air_strike ...). Cues a word or two apart combine when one
label specialises the other (انفجار + عبوة ناسفة = ied; انتحاري + سيارة مفخخة = suicide_car_bomb;
برصاص رجل أطلق النار = one gunfire claim). A collision is ``bus_truck_collision`` in an article
that names a bus and a truck, else ``collision``.
"""

from __future__ import annotations

from riwaya.components.claims.slotlex import Hit, Label, find, has
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold

BOMB_SPECIFIC = ("ied", "car_bomb", "truck_bomb", "suicide_bomb", "suicide_car_bomb", "suicide_vest")
SUICIDE = {
    "suicide_vest": "suicide_bomb",
    "car_bomb": "suicide_car_bomb",
    "truck_bomb": "suicide_car_bomb",
    "suicide_car_bomb": "suicide_car_bomb",
    "bomb": "suicide_bomb",
    "explosion": "suicide_bomb",
}
JOIN_GAP = 2


def combine(a: str, b: str) -> str | None:
    """The label of two neighbouring cues when they describe one weapon, else None."""
    if a == b:
        return a
    if "explosion" in (a, b):
        other = b if a == "explosion" else a
        return other if other == "bomb" or other in BOMB_SPECIFIC else None
    if "bomb" in (a, b):
        other = b if a == "bomb" else a
        return other if other in BOMB_SPECIFIC or other == "air_strike" else None
    if "suicide_bomb" in (a, b):
        return SUICIDE.get(b if a == "suicide_bomb" else a)
    return None


def weapon_claims(toks: list[Tok], lo: int, hi: int, vehicles: set[str]) -> list[Label]:
    """Every weapon claim of the sentence in tokens ``[lo, hi)``; ``vehicles``: the article's
    vehicle kinds (bus, truck)."""
    out: list[Label] = []
    for hit in find("weapon", toks, lo, hi):
        if hit.extra == "np" and not _states_method(toks, lo, hi, hit):
            continue
        label = _label(hit.value, vehicles)
        if out and _near(toks, out[-1].last, hit) and (joined := combine(out[-1].value, label)):
            out[-1] = Label("weapon", joined, out[-1].first, hit.b)
            continue
        out.append(Label("weapon", label, hit.a, hit.b))
    return [c for c in out if not _refers_back(toks, lo, hi, c)]


def _refers_back(toks: list[Tok], lo: int, hi: int, claim: Label) -> bool:
    """A lone definite noun (التفجير، الانفجار) names a weapon already told, unless an attack verb
    takes it (استخدموا القنابل)."""
    if claim.last - claim.first != 1 or not toks[claim.first].definite:
        return False
    return not (claim.first > lo and has("actor_verb", toks, claim.first - 1, hi))


def _states_method(toks: list[Tok], lo: int, hi: int, hit: Hit) -> bool:
    """A noun phrase (إطلاق النار) states the method after ب/ل or تبادل, or before its target;
    alone it refers back to the shooting (وبدأ إطلاق النار، جراء إطلاق النار)."""
    if fold(toks[hit.a].surface)[:1] in ("ب", "ل"):
        return True
    if hit.a > lo and fold(toks[hit.a - 1].surface).lstrip("و").startswith("تبادل"):
        return True
    return any(has("np_after", toks, k, hi) for k in range(hit.b, min(hi, hit.b + 2)))


def _label(value: str, vehicles: set[str]) -> str:
    if value == "collision" and {"bus", "truck"} <= vehicles:
        return "bus_truck_collision"
    return value


def _near(toks: list[Tok], end: int, hit: Hit) -> bool:
    """At most :data:`JOIN_GAP` words and no punctuation between a claim's end and a cue."""
    between = toks[end : hit.a]
    return len(between) <= JOIN_GAP and not any(t.punct for t in between)


def article_vehicles(toks: list[Tok]) -> set[str]:
    """The vehicle kinds (bus, truck) the article names."""
    return {hit.value for hit in find("vehicle", toks, 0, len(toks))}
