"""Counts: how many weapons, casualties or attackers a sentence names, exactly or vaguely."""

from __future__ import annotations

from typing import Any

from riwaya.components.events.lexicon import count_words, cues
from riwaya.components.events.tokens import Tok


def count_value(n: int | None, kind: str = "exact") -> dict[str, Any]:
    """A count as riwaya compares it: ``{"n": 3, "kind": "exact"}``; kinds in compare.INTERVALS."""
    return {"n": n, "kind": kind}


def number_of(tok: Tok) -> int | None:
    digits = "".join(ch for ch in next(iter(sorted(tok.keys, key=len)), "") if ch.isdigit())
    if digits and len(digits) <= 6:
        return int(digits)
    words = count_words()
    return next((words[k] for k in tok.keys if k in words), None)


def count_before(toks: list[Tok], i: int, lo: int) -> tuple[dict[str, Any], int] | None:
    """The count written just before token ``i`` and where it starts: a number (with an
    approximator such as نحو) or a vague quantity (عدد من)."""
    if i - 1 >= lo and (n := number_of(toks[i - 1])) is not None:
        approx = _approximator(toks, i - 1, lo)
        first = i - 1 - (len(approx[1]) if approx else 0)
        return count_value(n, approx[0] if approx else "exact"), first
    for width in (2, 1):
        j = i - width
        if j >= lo and (entry := cues("vague").match_at(toks[:i], j)) and j + len(entry.tokens) == i:
            return count_value(None, entry.value), j
    return None


def _approximator(toks: list[Tok], i: int, lo: int) -> tuple[str, tuple[str, ...]] | None:
    for width in (2, 1):
        j = i - width
        if j >= lo and (entry := cues("approx").match_at(toks[:i], j)) and j + len(entry.tokens) == i:
            return entry.value, entry.tokens
    return None


def weapon_count(toks: list[Tok], first: int, number: str, lo: int) -> tuple[dict[str, Any], int] | None:
    """How many of a weapon: a written count, else 1 for an indefinite singular, 2 for a dual."""
    written = count_before(toks, first, lo)
    if written or toks[first].definite:
        return written
    value = {"sg": count_value(1), "du": count_value(2)}.get(number)
    return (value, first) if value else None


def count_after(toks: list[Tok], i: int, hi: int) -> dict[str, Any] | None:
    """A count just after a casualty word (``إصابة عدد من``, ``مقتل 3``)."""
    for j in range(i, min(i + 3, hi)):
        if (entry := cues("vague").match_at(toks[:hi], j)) is not None:
            return count_value(None, entry.value)
        if (n := number_of(toks[j])) is not None:
            approx = _approximator(toks, j, i)
            return count_value(n, approx[0] if approx else "exact")
    return None
