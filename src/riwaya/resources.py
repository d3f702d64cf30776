"""Language resources (lexicons, month names, reporting verbs, boilerplate) kept as data files.

Files live in ``riwaya/data/``: ``.txt`` files hold one entry per line (``#`` starts a comment),
``.tsv`` files hold tab-separated columns, ``.json`` files hold structured tables.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


def data_path(name: str):
    return resources.files("riwaya") / "data" / name


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file."""
    text = data_path(name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(col.strip() for col in ln.split("\t")) for ln in read_lines(name))


@cache
def read_json(name: str) -> Any:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


@cache
def boilerplate_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(reason, whole-line regex) pairs from ``boilerplate.tsv``."""
    return tuple(
        (reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in read_tsv("boilerplate.tsv")
    )
