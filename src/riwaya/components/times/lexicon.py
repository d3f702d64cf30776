"""The tagger's vocabulary, read from ``months.tsv``, ``numbers.tsv`` (plus ``time_numbers.tsv``),
``time_words.tsv``, ``time_holidays.tsv`` and ``time_false.tsv``.

Every word is folded with :func:`riwaya.text.normalize.fold` (the tagger runs over the folded view),
and each table becomes a regex alternation (longest first, so "كانون الثاني" beats "كانون").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from riwaya.resources import read_tsv
from riwaya.text.normalize import fold


@dataclass(frozen=True)
class Month:
    number: int
    calendar: str
    ambiguous: bool


def alternation(words) -> str:
    """A non-capturing group matching any of ``words`` (longest first; spaces match any run)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def squeeze(phrase: str) -> str:
    """A matched phrase with whitespace runs collapsed, to look it up in the tables."""
    return " ".join(phrase.split())


@lru_cache(maxsize=1)
def months() -> dict[str, Month]:
    return {
        fold(name): Month(int(num), cal, amb == "1")
        for name, num, cal, _series, amb in read_tsv("months.tsv")
    }


@lru_cache(maxsize=1)
def numbers() -> dict[str, dict[str, int]]:
    """``kind -> {folded word: value}`` for cardinals, ordinals and clock hours."""
    table: dict[str, dict[str, int]] = {}
    for word, value, kind in read_tsv("numbers.tsv") + read_tsv("time_numbers.tsv"):
        table.setdefault(kind, {})[fold(word)] = int(value)
    return table


@lru_cache(maxsize=1)
def time_words() -> dict[str, dict[str, str]]:
    """``kind -> {folded phrase: value}`` (weekdays, day words, parts of day, units ...)."""
    table: dict[str, dict[str, str]] = {}
    for phrase, kind, value in read_tsv("time_words.tsv"):
        table.setdefault(kind, {})[fold(phrase)] = value
    return table


@lru_cache(maxsize=1)
def holidays() -> dict[str, tuple[int, int]]:
    """``{folded name: (Hijri month, Hijri day)}`` for holidays read as dates (عيد الفطر)."""
    return {fold(name): (int(month), int(day)) for name, month, day in read_tsv("time_holidays.tsv")}


@lru_cache(maxsize=1)
def false_words() -> dict[str, frozenset[str]]:
    """``kind -> folded phrases`` of the contexts that make a time word something else."""
    table: dict[str, set[str]] = {}
    for phrase, kind in read_tsv("time_false.tsv"):
        table.setdefault(kind, set()).add(fold(phrase))
    return {kind: frozenset(phrases) for kind, phrases in table.items()}


def words(kind: str) -> str:
    return alternation(time_words()[kind])


def month_words(*, calendar: str | None = None, safe_only: bool = False) -> str:
    chosen = [
        name for name, m in months().items()
        if (calendar is None or m.calendar == calendar) and not (safe_only and m.ambiguous)
    ]  # fmt: skip
    return alternation(chosen)


def cardinal_value(phrase: str) -> int | None:
    """Digits or number words ("ثلاثة"، "خمسة وعشرين"، "احد عشر") to an int."""
    phrase = squeeze(phrase)
    if phrase.isdigit():
        return int(phrase)
    table = numbers()
    units, tens = table["unit"], table["ten"] | table["hundred"]
    parts = [p.removeprefix("و") if p not in units and p not in tens else p for p in phrase.split(" ")]
    if len(parts) == 2 and parts[1] in ("عشر", "عشره"):
        return 10 + units.get(parts[0], 0) if parts[0] in units else None
    total = 0
    for part in parts:
        if part not in units and part not in tens:
            return None
        total += units.get(part, tens.get(part, 0))
    return total


def ordinal_value(phrase: str) -> int | None:
    """ "السابع" -> 7, "الحادي عشر" -> 11, "الخامس والعشرين" -> 25."""
    parts = squeeze(phrase).split(" ")
    table = numbers()
    units, tens = table["ord_unit"], table["ord_ten"]
    if len(parts) == 1:
        return units.get(parts[0], tens.get(parts[0]))
    if len(parts) == 2 and parts[1] == "عشر" and parts[0] in units:
        return 10 + units[parts[0]]
    if len(parts) == 2 and parts[0] in units and parts[1].removeprefix("و") in tens:
        return units[parts[0]] + tens[parts[1].removeprefix("و")]
    return None


def ordinal_words() -> str:
    """Regex for an ordinal day word, simple or compound."""
    table = numbers()
    units, tens = alternation(table["ord_unit"]), alternation(table["ord_ten"])
    return rf"(?:{units}\s+عشر|{units}\s+و{tens}|{tens}|{units})"


def cardinal_words() -> str:
    table = numbers()
    units, tens = alternation(table["unit"]), alternation(table["ten"] | table["hundred"])
    return rf"(?:{units}\s+و{tens}|{units}\s+عشره?|{tens}|{units})"
