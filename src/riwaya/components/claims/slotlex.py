"""Label-claim lexicons (``claim_slots.tsv``): plain and gapped cue patterns, and the found claims.

A plain pattern is matched like the count cues (folded, clitic-stripped readings, ``*`` = prefix).
A gapped pattern ``A ... B`` matches ``A``, then ``B`` within ``gap`` words with no punctuation
between (``فتح المسلح النار``، ``أعلنت حركة ... مسؤوليتها``); the words between are its gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from riwaya.components.events.lexicon import Entry, Lexicon, _pattern, _token_matches
from riwaya.components.events.tokens import Tok
from riwaya.resources import read_tsv

DEFAULT_GAP = 4


@dataclass(frozen=True)
class Hit:
    """A cue in tokens ``[a, b)``; for a gapped pattern its gap is ``[gap_a, gap_b)``."""

    a: int
    b: int
    value: str
    extra: str = ""
    gap_a: int = -1
    gap_b: int = -1


@dataclass(frozen=True)
class Label:
    """One label claim in tokens ``[first, last)``: slot, value and optional hedging / attrs."""

    slot: str
    value: Any
    first: int
    last: int
    hedged: bool | None = None
    extra: tuple = ()


@dataclass(frozen=True)
class Gapped:
    left: tuple[str, ...]
    right: tuple[str, ...]
    gap: int
    value: str


def _rows(kind: str) -> list[tuple[str, ...]]:
    return [r for r in read_tsv("claim_slots.tsv") if r[0] == kind]


@cache
def plain(kind: str) -> Lexicon:
    """The plain patterns of one kind."""
    return Lexicon(
        [
            Entry(_pattern(r[1]), r[2] if len(r) > 2 else "", r[3] if len(r) > 3 else "")
            for r in _rows(kind)
            if " ... " not in r[1]
        ]
    )


@cache
def gapped(kind: str) -> tuple[Gapped, ...]:
    """The gapped patterns of one kind."""
    out = []
    for r in _rows(kind):
        if " ... " in r[1]:
            left, right = r[1].split(" ... ")
            gap = int(r[3]) if len(r) > 3 and r[3].isdigit() else DEFAULT_GAP
            out.append(Gapped(_pattern(left), _pattern(right), gap, r[2] if len(r) > 2 else ""))
    return tuple(out)


def _seq_at(toks: list[Tok], i: int, hi: int, pat: tuple[str, ...]) -> bool:
    return i + len(pat) <= hi and all(_token_matches(toks[i + k], p) for k, p in enumerate(pat))


def _gapped_at(toks: list[Tok], i: int, hi: int, g: Gapped) -> Hit | None:
    if not _seq_at(toks, i, hi, g.left):
        return None
    start = i + len(g.left)
    for j in range(start, min(hi, start + g.gap + 1)):
        if _seq_at(toks, j, hi, g.right):
            return Hit(i, j + len(g.right), g.value, str(g.gap), start, j)
        if toks[j].punct and toks[j].surface not in "«»\"'“”":
            return None
    return None


def hit_at(kind: str, toks: list[Tok], i: int, hi: int) -> Hit | None:
    """The longest ``kind`` cue starting at token ``i`` (plain or gapped), or None."""
    best = None
    if i < hi and (entry := plain(kind).match_at(toks, i, hi)):
        best = Hit(i, i + len(entry.tokens), entry.value, entry.extra)
    for g in gapped(kind):
        hit = _gapped_at(toks, i, hi, g)
        if hit and (best is None or hit.b > best.b):
            best = hit
    return best


def find(kind: str, toks: list[Tok], lo: int, hi: int) -> list[Hit]:
    """Non-overlapping ``kind`` cues of tokens ``[lo, hi)``, left to right."""
    out, i = [], lo
    while i < hi:
        hit = hit_at(kind, toks, i, hi)
        if hit:
            out.append(hit)
            i = hit.b
        else:
            i += 1
    return out


def has(kind: str, toks: list[Tok], i: int, hi: int) -> bool:
    """Whether a ``kind`` cue starts at token ``i``."""
    return 0 <= i < hi and hit_at(kind, toks, i, hi) is not None
