"""Small, shared date helpers: ISO strings with an explicit precision."""

from __future__ import annotations

import re
from datetime import date, datetime

ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: str | None) -> date | None:
    """The day a value starting with a full ISO date names (``2021-11-07TMO`` -> 7 Nov 2021);
    None for a month, a week, an unknown year or no value."""
    if not value or not ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def iso_with_precision(value: str) -> tuple[str | None, str | None]:
    """``"2021-11-07T10:00"`` -> ``("2021-11-07", "day")``; unknown formats -> ``(None, None)``."""
    match = ISO.match(value.strip())
    if match:
        year, month, day = match.groups()
        if day:
            return _valid(f"{int(year):04d}-{int(month):02d}-{int(day):02d}", "day")
        if month:
            return _valid(f"{int(year):04d}-{int(month):02d}", "month")
        return f"{int(year):04d}", "year"
    return _parse_free(value)


def _valid(iso: str, precision: str) -> tuple[str | None, str | None]:
    try:
        date.fromisoformat(iso if precision == "day" else iso + "-01")
    except ValueError:
        return None, None
    return iso, precision


def _parse_free(value: str) -> tuple[str | None, str | None]:
    """RFC 2822 and other free-form metadata dates (feeds, HTML meta tags)."""
    from email.utils import parsedate_to_datetime

    try:
        parsed: datetime = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None, None
    return parsed.date().isoformat(), "day"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (the day of month is clamped to the target month)."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def iso_week(day: date) -> str:
    """TIMEX3 week value, e.g. ``2021-W43``."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def nearest_year(anchor: date, month: int, day: int, direction: int = 0) -> int:
    """The year that puts ``month``/``day`` closest to ``anchor``.

    ``direction`` -1 keeps it strictly before the anchor ("السابع من أكتوبر الماضي"),
    +1 strictly after; 0 takes whichever of last, this or next year is nearest.
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, min(day, 28) if month == 2 and day == 29 else day))
        except ValueError:
            continue
    if direction < 0:
        candidates = [c for c in candidates if c < anchor] or candidates
        return max(candidates).year
    if direction > 0:
        candidates = [c for c in candidates if c > anchor] or candidates
        return min(candidates).year
    return min(candidates, key=lambda c: abs((c - anchor).days)).year


def start_of(value: str) -> date | None:
    """The first day an ISO value (``2021``, ``2021-11``, ``2021-11-07``, ``a/b``) covers."""
    head = value.split("/")[0]
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?", head)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
