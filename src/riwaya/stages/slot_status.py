"""The status of one slot of an incident across outlets: agree, conflict, single, revision, uncertain.

* Values are compared across **outlets**: one outlet repeating itself is ``single``.
* Counts compare as intervals (vague vs exact never conflicts; ``about n`` allows
  ``max(2, 10 %)``; ``at least n`` and ``several`` are lower bounds), and only within one
  counted group (the attackers killed are not the victims killed).
* A toll of people that rises is a **revision**, not a conflict: the clash disappears once the
  values a text marks as earlier (الحصيلة السابقة) are set aside, or once only the values from the
  highest one stated as a rise or latest count (ارتفعت الحصيلة، آخر حصيلة) up are kept, and those
  are higher than what they replace; or when the reports of a day at least ``LATER_DAYS`` after
  the first agree and give more than every earlier one (arrests that go on). Closer publication
  (crawl) times do not order reports reliably.
* Open slots (place, perpetrator, target) agree when one value contains the other (Ariha in
  Idlib); different values are ``uncertain``, since naming another place or actor is often a
  wider or narrower description, not a contradiction. Two specific weapons conflict.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from riwaya.results import Claim, SlotValue
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

LOWER_BOUND_KINDS = ("at_least", "several", "some", "dozens", "hundreds", "thousands")
VAGUE_FLOOR = {"several": 2, "some": 1, "dozens": 20, "hundreds": 100, "thousands": 1000}
OPEN_SLOTS = ("perpetrator", "place", "target", "outcome")
COUNT_SLOTS = ("killed", "injured", "arrested", "casualties")
# Parts of the day in order around the clock; neighbours name the same moment often enough
# (فجر for the small hours after midnight) that they never conflict.
# Generic weapon labels and the specific ones they cover (guideline section 4.4): a "bombing"
# agrees with a car bomb; two different specific devices conflict.
WEAPON_COVERS = {
    "explosion": {
        "bomb",
        "ied",
        "car_bomb",
        "truck_bomb",
        "suicide_bomb",
        "suicide_car_bomb",
        "suicide_vest",
    },
    "bomb": {"ied", "car_bomb", "truck_bomb", "suicide_bomb", "suicide_car_bomb", "suicide_vest"},
    "suicide_bomb": {"suicide_car_bomb", "suicide_vest"},
    "car_bomb": {"suicide_car_bomb"},
}
DAY_PARTS = ("dawn", "morning", "noon", "afternoon", "evening", "night")
LATER_DAYS = 2  # reports this many days apart are ordered by their days
DATE_SLACK_DAYS = 1  # publication days are crawl days: one day apart is uncertain, not a conflict


def count_interval(value: dict[str, Any]) -> tuple[float, float]:
    """The numbers a count can mean."""
    kind, n = value.get("kind", "exact"), value.get("n")
    if kind in LOWER_BOUND_KINDS:
        return (n if n is not None else VAGUE_FLOOR.get(kind, 1)), math.inf
    if n is None:
        return 1, math.inf
    if kind == "about":
        slack = max(2, math.ceil(0.1 * n))
        return n - slack, n + slack
    if kind == "at_most":
        return 0, n
    return n, n


def is_count(value: Any) -> bool:
    return isinstance(value, dict) and "kind" in value


def compatible(slot: str, a: Any, b: Any) -> bool:
    """Whether two values of one slot can both be true."""
    if is_count(a) and is_count(b):
        (alo, ahi), (blo, bhi) = count_interval(a), count_interval(b)
        return alo <= bhi and blo <= ahi
    if slot in OPEN_SLOTS:
        return _contains(a, b)
    if slot == "weapon" and isinstance(a, str) and isinstance(b, str):
        return a == b or b in WEAPON_COVERS.get(a, ()) or a in WEAPON_COVERS.get(b, ())
    if slot == "time_of_day" and a in DAY_PARTS and b in DAY_PARTS:
        gap = abs(DAY_PARTS.index(a) - DAY_PARTS.index(b))
        return min(gap, len(DAY_PARTS) - gap) <= 1
    return value_key(a) == value_key(b)


def near_dates(values: list[Any]) -> bool:
    """ISO days at most DATE_SLACK_DAYS apart."""
    days = sorted(date.fromisoformat(v) for v in values if isinstance(v, str) and len(v) == 10)
    return len(days) == len(values) and (days[-1] - days[0]).days <= DATE_SLACK_DAYS


def _contains(a: Any, b: Any) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _words(value: Any) -> set[str]:
    return {match_key(w) for w in fold(str(value)).replace(",", " ").split()} - {""}


def value_key(value: Any) -> str:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in ("of", "word")}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def slot_status(slot: str, values: list[SlotValue], claims: list[Claim]) -> str:
    """The slot's status from its distinct values and the claims behind them."""
    outlets = {c.outlet for c in claims}
    if _all_compatible(slot, [v.value for v in values]):
        return "single" if len(outlets) < 2 else "agree"
    if slot.split(":")[0] in COUNT_SLOTS and _revised(slot, claims):
        return "revision"
    if slot in OPEN_SLOTS or (slot == "date" and near_dates([v.value for v in values])):
        return "uncertain"
    return "conflict"


def _all_compatible(slot: str, values: list[Any]) -> bool:
    return all(compatible(slot, a, b) for i, a in enumerate(values) for b in values[i + 1 :])


def _revised(slot: str, claims: list[Claim]) -> bool:
    """Whether a rising toll explains the clash (see the module docstring)."""
    current = [c for c in claims if c.update != "earlier"]
    if len(current) < len(claims) and _all_compatible(slot, [c.value for c in current]):
        return True
    rises = [c for c in current if c.update == "rise"]
    if rises and _latest_explain(slot, current, max(count_interval(c.value)[0] for c in rises)):
        return True
    return _later_days_higher(slot, current)


def _later_days_higher(slot: str, claims: list[Claim]) -> bool:
    """Each day's reports agree among themselves, each day gives at least what the day before
    gave (never less), and the last day comes at least LATER_DAYS after the first (crawl days
    are not exact): arrests that go on, a toll that grows."""
    days = sorted({c.published[:10] for c in claims if c.published})
    if len(days) < 2 or (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days < LATER_DAYS:
        return False
    by_day = [[c for c in claims if c.published and c.published[:10] == day] for day in days]
    if not all(_all_compatible(slot, [c.value for c in group]) for group in by_day):
        return False  # reports of one day that already disagree are a conflict, not an update
    for before, after in zip(by_day, by_day[1:], strict=False):
        if min(count_interval(c.value)[0] for c in after) < max(count_interval(c.value)[1] for c in before):
            return False
    return True


def _latest_explain(slot: str, claims: list[Claim], floor: float) -> bool:
    """The values from ``floor`` up agree, and everything else is lower."""
    kept = [c for c in claims if count_interval(c.value)[0] >= floor]
    rest = [c for c in claims if c not in kept]
    if not kept or not rest or not _all_compatible(slot, [c.value for c in kept]):
        return False
    top = min(count_interval(c.value)[0] for c in kept)
    return all(count_interval(c.value)[1] <= top for c in rest)
