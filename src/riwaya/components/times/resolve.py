"""Resolution: a :class:`~riwaya.components.times.builders.Spec` plus an anchor date -> a TIMEX3 value.

Values follow TIMEX3 / ISO 8601: ``2021-11-07``, ``2021-11-07TEV`` (part of day), ``2021-W43``,
``2021-11``, ``2021``, ``2021-Q1``, ``2021-WI``, intervals ``a/b`` (ranges and Hijri months or
years, which straddle Gregorian ones), durations ``P3W``/``PT48H``, and ``PAST_REF`` etc.
A relative expression with no anchor resolves to ``None`` (typed, unresolved); a day and month
without a year and without an anchor gives ``XXXX-MM-DD``. A Hijri expression always resolves to
Gregorian values (hijridate, Umm al-Qura), with ``calendar="hijri"`` and its Hijri reading
(``1436-10-25``, ``1436-10``, ``1436/1437``) kept beside the value; it is never read as a Gregorian year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hijridate import Gregorian, Hijri

from riwaya.components.times.builders import Spec
from riwaya.text.dates import add_months, iso_week, nearest_year

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
MONTHS_AHEAD = 2  # a bare month name up to this many months after the anchor's is this year's (upcoming)


@dataclass(frozen=True)
class Resolved:
    value: str | None
    precision: str | None
    anchored: bool  # True when the anchor date was used
    hijri: str | None = None  # the Hijri reading (``1436-10-25``) of a Hijri expression


NONE = Resolved(None, None, False)


def resolve(spec: Spec, anchor: date | None) -> Resolved:
    """Resolve ``spec`` against ``anchor``; never raises on odd input (returns an unresolved value)."""
    try:
        return RESOLVERS[spec.kind](spec.fields, anchor)
    except (ValueError, OverflowError, KeyError):
        return NONE


def _with_part(day: date, fields: dict[str, Any]) -> str:
    iso = day.isoformat()
    if fields.get("part"):
        return f"{iso}T{fields['part']}"
    return iso


def hijri_to_gregorian(y: int, m: int | None, d: int | None) -> tuple[str, str]:
    """A Hijri date as a Gregorian day, or an interval for a Hijri month or year.
    Raises ValueError (or OverflowError) outside hijridate's range (1343-1500 AH)."""
    if d:
        return Hijri(y, m, d).to_gregorian().isoformat(), "day"
    first, last = hijri_bounds(y, m, y, m)
    return f"{first.isoformat()}/{last.isoformat()}", "month" if m else "year"


def hijri_bounds(y1: int, m1: int | None, y2: int, m2: int | None) -> tuple[date, date]:
    """First Gregorian day of Hijri month ``m1`` (or year ``y1``), last of ``m2`` (or year ``y2``)."""
    first = Hijri(y1, m1 or 1, 1).to_gregorian()
    last_month = Hijri(y2, m2 or 12, 1)
    return first, last_month.to_gregorian() + timedelta(days=last_month.month_length() - 1)


def hijri_reading(y: int, m: int | None, d: int | None) -> str:
    """``1436-10-25``, ``1436-10`` or ``1436``: a Hijri date written as ISO digits."""
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def hijri_year_near(anchor: date, month: int, direction: int, day: int | None = None) -> int:
    """The Hijri year that puts ``month`` (and ``day``) nearest the anchor; ``direction`` -1/+1
    keeps it before/after the anchor's Hijri month."""
    today = Gregorian.fromdate(anchor).to_hijri()
    if direction < 0:
        return today.year if month < today.month else today.year - 1
    if direction > 0:
        return today.year if month > today.month else today.year + 1
    years = (today.year - 1, today.year, today.year + 1)
    return min(years, key=lambda y: abs((Hijri(y, month, min(day or 15, 29)).to_gregorian() - anchor).days))


def resolve_abs(f: dict[str, Any], anchor: date | None) -> Resolved:
    if f.get("dayword") is not None and anchor is not None and not f.get("y") and not f.get("m"):
        return resolve_rel_day({"off": f["dayword"], "part": f.get("part")}, anchor)
    y, m, d = f.get("y"), f.get("m"), f.get("d")
    if f.get("hijri"):
        if y is None:
            if anchor is None:
                return NONE
            y = hijri_year_near(anchor, m or 1, f.get("dir", 0), d)
        value, precision = hijri_to_gregorian(y, m, d)
        value = f"{value}T{f['part']}" if f.get("part") and precision == "day" else value
        return Resolved(value, precision, anchor is not None and f.get("y") is None, hijri_reading(y, m, d))
    if y is None:
        if anchor is None:
            return Resolved(f"XXXX-{m:02d}-{d:02d}" if d else f"XXXX-{m:02d}", "day" if d else "month", False)
        y = nearest_year(anchor, m, d or 1, f.get("dir", 0))
        return Resolved(_abs_value(y, m, d, f), "day" if d else "month", True)
    return Resolved(_abs_value(y, m, d, f), "day" if d else "month" if m else "year", False)


def _abs_value(y: int, m: int | None, d: int | None, f: dict[str, Any]) -> str:
    if d:
        return _with_part(date(y, m, d), f)
    return f"{y:04d}-{m:02d}" if m else f"{y:04d}"


def resolve_day_of_month(f: dict[str, Any], anchor: date | None) -> Resolved:
    if anchor is None:
        return NONE
    month = add_months(anchor.replace(day=1), f.get("off", 0))
    return Resolved(month.replace(day=f["d"]).isoformat(), "day", True)


def resolve_rel_day(f: dict[str, Any], anchor: date | None) -> Resolved:
    if anchor is None:
        return NONE
    return Resolved(_with_part(anchor + timedelta(days=f["off"]), f), "day", True)


def resolve_weekday(f: dict[str, Any], anchor: date | None) -> Resolved:
    """Latest such day on or before the anchor; الماضي/المقبل exclude the anchor day itself."""
    if anchor is None:
        return NONE
    back = (anchor.isoweekday() - f["dow"]) % 7
    ahead = (f["dow"] - anchor.isoweekday()) % 7
    if f.get("dir", 0) < 0:
        day = anchor - timedelta(days=back or 7)
    elif f.get("dir", 0) > 0:
        day = anchor + timedelta(days=ahead or 7)
    elif f.get("future"):
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    return Resolved(_with_part(day, f), "day", True)


def resolve_rel_unit(f: dict[str, Any], anchor: date | None) -> Resolved:
    if anchor is None:
        return NONE
    unit, off = f["unit"], f.get("off", 0)
    if unit == "W":
        value = iso_week(anchor + timedelta(weeks=off))
        return Resolved(value + ("-WE" if f.get("edge") == "END" else ""), "week", True)
    if unit == "M":
        return Resolved(add_months(anchor.replace(day=1), off).strftime("%Y-%m"), "month", True)
    return Resolved(f"{anchor.year + off:04d}", "year", True)


def resolve_month_rel(f: dict[str, Any], anchor: date | None) -> Resolved:
    """A month name without a year: the nearest such month in the direction the text implies."""
    if anchor is None:
        return Resolved(None, "month", False)
    m, direction = f["m"], f.get("dir", 0)
    if f.get("hijri"):
        year = hijri_year_near(anchor, m, direction)
        value, precision = hijri_to_gregorian(year, m, None)
        return Resolved(value, precision, True, hijri_reading(year, m, None))
    if direction < 0:
        year = anchor.year if m < anchor.month else anchor.year - 1
    elif direction > 0:
        year = anchor.year if m > anchor.month else anchor.year + 1
    elif f.get("future") or 0 < m - anchor.month <= MONTHS_AHEAD:
        year = anchor.year if m >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if m <= anchor.month else anchor.year - 1
    return Resolved(f"{year:04d}-{m:02d}", "month", True)


def resolve_offset(f: dict[str, Any], anchor: date | None) -> Resolved:
    if anchor is None:
        return NONE
    unit, n = f["unit"], f["n"] * f["sign"]
    if unit == "D":
        return Resolved((anchor + timedelta(days=n)).isoformat(), "day", True)
    if unit == "W":
        return Resolved(iso_week(anchor + timedelta(weeks=n)), "week", True)
    if unit == "M":
        return Resolved(add_months(anchor.replace(day=1), n).strftime("%Y-%m"), "month", True)
    if unit in ("Y", "DE"):
        return Resolved(f"{anchor.year + n * (10 if unit == 'DE' else 1):04d}", "year", True)
    return Resolved(anchor.isoformat(), "day", True)


def resolve_range(f: dict[str, Any], anchor: date | None) -> Resolved:
    """``a/b`` from the first day ``a`` covers to the last ``b`` covers (Hijri ends converted)."""
    hijri = bool(f.get("hijri"))
    a = resolve_abs(f["a"] | {"hijri": hijri}, anchor)
    b = resolve_abs(f["b"] | {"hijri": hijri}, anchor)
    if a.value is None or b.value is None:
        return NONE
    if not hijri:
        return Resolved(f"{a.value}/{b.value}", a.precision, a.anchored or b.anchored)
    start, end = a.value.split("/")[0], b.value.split("/")[-1]
    return Resolved(f"{start}/{end}", a.precision, a.anchored or b.anchored, f"{a.hijri}/{b.hijri}")


def resolve_season(f: dict[str, Any], anchor: date | None) -> Resolved:
    if f.get("y"):
        return Resolved(f"{f['y']:04d}-{f['s']}", "season", False)
    if anchor is None:
        return NONE
    start, direction = SEASON_START[f["s"]], f.get("dir", 0)
    if direction < 0:
        year = anchor.year if start + 3 <= anchor.month else anchor.year - 1
    elif direction > 0:
        year = anchor.year if start > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return Resolved(f"{year:04d}-{f['s']}", "season", True)


def resolve_quarter(f: dict[str, Any], anchor: date | None) -> Resolved:
    year = f.get("y") or (anchor.year if anchor else None)
    if year is None or not f.get("q"):
        return NONE
    return Resolved(f"{year:04d}-Q{f['q']}", "quarter", f.get("y") is None)


def resolve_clock(f: dict[str, Any], anchor: date | None) -> Resolved:
    day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return Resolved(f"{day}T{f['clock']}", "minute", anchor is not None)


def resolve_literal(f: dict[str, Any], anchor: date | None) -> Resolved:
    return Resolved(f["value"], f.get("precision"), False)


RESOLVERS: dict[str, Callable[[dict[str, Any], date | None], Resolved]] = {
    "abs": resolve_abs,
    "day_of_month": resolve_day_of_month,
    "rel_day": resolve_rel_day,
    "weekday": resolve_weekday,
    "rel_unit": resolve_rel_unit,
    "month_rel": resolve_month_rel,
    "offset": resolve_offset,
    "range": resolve_range,
    "season": resolve_season,
    "quarter": resolve_quarter,
    "clock": resolve_clock,
    "literal": resolve_literal,
    "anaphor": lambda f, anchor: NONE,  # filled from the last resolved time by times.context
    "duration": resolve_literal,
    "ref": resolve_literal,
    "set": resolve_literal,
}
