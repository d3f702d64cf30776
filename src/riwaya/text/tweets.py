"""Tweet signatures: the ``— Name (@handle) Date`` line a scraped tweet embed ends with.

The pieces (dash, author, handle, date) are defined once here. :data:`SIGNATURE` matches a
whole signature line (clean builds the ``tweets`` layer with it); :data:`TRAILING_HANDLE`
finds the handle that ends a line's text before its date (times reads signature lines with it
when clean found no tweet). Steps after clean read the ``tweets`` layer, not these patterns.
"""

from __future__ import annotations

import re

DASHES = "—–―-"  # em dash, en dash, horizontal bar, hyphen-minus
DASH = f"[{DASHES}]{{1,2}}"
AUTHOR = r"(?P<author>[^()\n]*?)"
HANDLE = r"\(@(?P<handle>[A-Za-z0-9_]{1,15})\)"  # a Twitter handle: 1-15 ASCII letters, digits or _
DATE = r"(?P<date>[^()\n]{6,40}?)"

SIGNATURE = re.compile(rf"{DASH}\s*{AUTHOR}\s*{HANDLE}\s*{DATE}\s*")
TRAILING_HANDLE = re.compile(rf"{HANDLE}\s*$")
