"""CSV cells that a spreadsheet shows as text: never a formula, never a control character."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet reads it literally: a string starting with ``= + - @``, tab or
    carriage return gets a leading apostrophe (OWASP's CSV-injection advice); numbers stay
    numbers (a negative number is data, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows as CSV text with a header, every cell passed through :func:`safe_cell`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k, "")) for k in fields})
    return buf.getvalue()
