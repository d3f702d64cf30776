"""Small, shared date helpers: ISO strings with an explicit precision."""

from __future__ import annotations

import re
from datetime import date, datetime

ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


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
