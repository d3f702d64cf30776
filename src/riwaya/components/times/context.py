"""Context: values that depend on the expressions around one, after each is resolved on its own.

:func:`in_context` takes the resolved expressions of a text (in text order) and returns them with
- a **gloss** applied: a weekday written beside a full date ("يوم الأحد (3 رجب 1437هـ)",
  "26 يونيو (الجمعة)") takes that date when the weekdays agree, and a Hijri month written before
  "الموافق" + a Gregorian day inside it ("(3/ رجب 1437هـ) الموافق (10/ 4/ 2016م)") takes that day;
- a **clock** on the day written beside it ("10/ 4/ 2016م الساعة 10:25 مساءً"); a clock and a date
  joined by a dash ("9:14 م - 3 أغسطس 2016") become one expression;
- a **past-event weekday** resolved against the event's own date when its sentence gives one
  ("وقع الهجوم في 3 يونيو ... يوم الجمعة" is the Friday nearest 3 June, not the last one);
- an editor's **correction** of a wire's day word ("الليلة «أمس»") read as the corrected word, one span;
- **anaphora** (آنذاك، في ذلك الوقت، في اليوم التالي، عشية) given the last resolved time, moved by
  their day offset; "عشية" before an expression is the day before it, one span.
Nothing here changes offsets except the merges, which only join adjacent expressions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from riwaya.text.dates import iso_day
from riwaya.text.normalize import fold

if TYPE_CHECKING:
    from riwaya.components.times.tagger import Timex

GLOSS_GAP = re.compile(r"^[\s(),،]*(?:الموافق)?[\s()]*$")
CLOCK_GAP = re.compile(r"^[\s(),،]*(?:من\s+|يوم\s+|الموافق\s+)?[\s(]*$")
DASH_GAP = re.compile(r"^\s*[-–—،,]\s*$")
EVE_GAP = re.compile(r"^\s+$")
CORRECTION_GAP = re.compile(r"^\s*[«(]$")
SENTENCE_END = re.compile(r"[.!?؟\n]")
EVENT_WINDOW = 3  # a weekday within this many days of its sentence's explicit date is that week's
STALE_DAYS = 6  # an explicit date this many days before the anchor marks a past event's sentence


def in_context(text: str, found: list[Timex], anchor: date | None) -> list[Timex]:
    """``found`` (resolved, in text order) with glosses, clocks, event weekdays and anaphora filled in."""
    out = _corrections(text, _merge_clock_dates(text, list(found)))
    for i, t in enumerate(out):
        out[i] = _glossed(text, out, i) or _event_weekday(text, out, i, anchor) or t
    for i in range(len(out)):
        out[i] = _clock_day(text, out, i) or out[i]
    return _anaphora(text, out)


def gap(text: str, a: Timex, b: Timex) -> str:
    """The folded text between two expressions (``a`` before ``b``)."""
    return fold(text[a.end : b.start])


def day_of(t: Timex) -> date | None:
    """The day a day-precision value names."""
    return iso_day(t.value) if t.precision == "day" or (t.type == "time" and t.value) else None


def is_weekday(t: Timex) -> bool:
    return t.spec.kind == "weekday" and not t.spec.fields.get("dir")


def explicit_day(t: Timex) -> date | None:
    """The day of an absolute date written with its month ("26 يوليو 2015"، "10 شوال")."""
    f = t.spec.fields
    return day_of(t) if t.spec.kind == "abs" and f.get("m") and f.get("d") else None


def with_day(t: Timex, day: date, start: int | None = None, end: int | None = None) -> Timex:
    """``t`` naming ``day`` (its part of day or clock kept)."""
    suffix = t.value[10:] if t.value and iso_day(t.value) else ""
    if t.type == "time" and t.spec.kind == "clock":
        suffix = "T" + t.spec.fields["clock"]
    elif t.spec.fields.get("part"):
        suffix = "T" + t.spec.fields["part"]
    return replace(t, value=day.isoformat() + suffix, precision="day" if t.type != "time" else t.precision,
                   start=t.start if start is None else start, end=t.end if end is None else end)  # fmt: skip


# ---------------------------------------------------------------- glosses


def _glossed(text: str, out: list[Timex], i: int) -> Timex | None:
    t = out[i]
    if is_weekday(t):
        for j in (i + 1, i - 1):
            if 0 <= j < len(out) and (day := explicit_day(out[j])) and _adjacent(text, t, out[j], GLOSS_GAP):
                if day.isoweekday() == t.spec.fields["dow"]:
                    return with_day(t, day)
    if t.hijri and t.precision == "month" and i + 1 < len(out) and "الموافق" in gap(text, t, out[i + 1]):
        day, (first, last) = explicit_day(out[i + 1]), _interval(t.value)
        if day and first and last and first <= day <= last and GLOSS_GAP.match(gap(text, t, out[i + 1])):
            return replace(t, value=day.isoformat(), precision="day")
    return None


def _adjacent(text: str, a: Timex, b: Timex, pattern: re.Pattern[str]) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(pattern.match(gap(text, first, second)))


def _interval(value: str | None) -> tuple[date | None, date | None]:
    parts = (value or "").split("/")
    return (iso_day(parts[0]), iso_day(parts[-1])) if len(parts) == 2 else (None, None)


# ---------------------------------------------------------------- past-event weekdays


def _event_weekday(text: str, out: list[Timex], i: int, anchor: date | None) -> Timex | None:
    """A bare weekday in a sentence whose explicit date lies well before the anchor."""
    t = out[i]
    if anchor is None or not is_weekday(t) or t.spec.fields.get("future"):
        return None
    sentence_start = max((m.end() for m in SENTENCE_END.finditer(text, 0, t.start)), default=0)
    dates = [d for o in out[:i] if o.start >= sentence_start and (d := explicit_day(o))]
    if not dates or dates[-1] > anchor - timedelta(days=STALE_DAYS):
        return None
    ref, dow = dates[-1], t.spec.fields["dow"]
    for shift in sorted(range(-EVENT_WINDOW, EVENT_WINDOW + 1), key=abs):
        if (ref + timedelta(days=shift)).isoweekday() == dow:
            return with_day(t, ref + timedelta(days=shift))
    return None


# ---------------------------------------------------------------- clocks


def _merge_clock_dates(text: str, out: list[Timex]) -> list[Timex]:
    """ "9:14 م - 3 أغسطس 2016": a clock, a dash and a full date become one time on that day."""
    merged: list[Timex] = []
    for t in out:
        prev = merged[-1] if merged else None
        if (
            prev
            and prev.spec.kind == "clock"
            and (day := explicit_day(t))
            and DASH_GAP.match(gap(text, prev, t))
        ):
            merged[-1] = with_day(prev, day, end=t.end)
            continue
        merged.append(t)
    return merged


def _clock_day(text: str, out: list[Timex], i: int) -> Timex | None:
    """A clock takes the day of the date written right before it, else right after it."""
    t = out[i]
    if t.spec.kind != "clock":
        return None
    for j in (i - 1, i + 1):
        if 0 <= j < len(out) and (day := day_of(out[j])) and out[j].type == "date":
            if _adjacent(text, t, out[j], CLOCK_GAP):
                return with_day(t, day)
    return None


def _corrections(text: str, out: list[Timex]) -> list[Timex]:
    """ "الليلة «أمس»": a day word followed by another in guillemets or parentheses is corrected by it."""
    merged: list[Timex] = []
    for t in out:
        prev = merged[-1] if merged else None
        if (
            prev
            and prev.spec.kind == t.spec.kind == "rel_day"
            and CORRECTION_GAP.match(text[prev.end : t.start])
        ):
            close = t.end + 1 if text[t.end : t.end + 1] in ("»", ")") else t.end
            merged[-1] = replace(t, start=prev.start, end=close)
            continue
        merged.append(t)
    return merged


# ---------------------------------------------------------------- anaphora


def _anaphora(text: str, out: list[Timex]) -> list[Timex]:
    result: list[Timex] = []
    skip = False
    for i, t in enumerate(out):
        if skip:
            skip = False
            continue
        if t.spec.kind != "anaphor":
            result.append(t)
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if t.spec.fields.get("eve") and nxt and (day := day_of(nxt)) and EVE_GAP.match(gap(text, t, nxt)):
            result.append(
                replace(t, value=(day - timedelta(days=1)).isoformat(), precision="day", end=nxt.end)
            )
            skip = True
            continue
        result.append(_antecedent_value(t, result))
    return result


def _antecedent_value(t: Timex, before: list[Timex]) -> Timex:
    """The anaphor ``t`` naming the last resolved date or time before it (moved by its offset)."""
    for prev in reversed(before):
        if prev.type not in ("date", "time") or not prev.value or prev.value.endswith("_REF"):
            continue
        off = t.spec.fields.get("off", 0)
        day = day_of(prev)
        if day is not None:
            return replace(t, value=(day + timedelta(days=off)).isoformat(), precision="day")
        if off == 0:
            return replace(t, value=prev.value, precision=prev.precision)
        return t
    return t
