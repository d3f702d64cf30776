"""Event lexicons: triggers, argument cues, weapons, count words, negation and the type taxonomy.

Patterns are folded token by token and matched over a token's readings (``*`` = prefix),
longest first. The taxonomy (``event_types.json``) maps every type to CAMEO, PLOVER and ACLED.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from riwaya.components.events.tokens import Tok
from riwaya.resources import read_json, read_tsv
from riwaya.text.normalize import fold

NEGATION_KINDS = ("particle", "copula", "privative")  # negation.tsv kinds (base forms) events reads


@dataclass(frozen=True)
class Entry:
    """One lexicon pattern (folded token patterns, ``*`` = prefix) and what it means."""

    tokens: tuple[str, ...]
    value: str
    extra: str = ""


def _pattern(text: str) -> tuple[str, ...]:
    """Fold a pattern token by token; ``ة*`` becomes a bare prefix so ``زيارة*`` finds زيارته."""
    return tuple(fold(tok.replace("ة*", "*")) for tok in text.split())


class Lexicon:
    """Multi-token patterns matched longest first over token key sets.

    Entries are indexed by their first token (exact keys, and prefixes for ``*`` patterns),
    so a position only tries the few entries that can start there.
    """

    def __init__(self, entries: list[Entry]):
        self.entries = sorted(entries, key=lambda e: -len(e.tokens))
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        for rank, entry in enumerate(self.entries):
            first = entry.tokens[0]
            index = self.prefix if first.endswith("*") else self.exact
            index.setdefault(first.rstrip("*") if first.endswith("*") else first, []).append(rank)
        self.longest_prefix = max((len(p) for p in self.prefix), default=0)
        self._seen: dict[frozenset[str], list[int]] = {}

    def _candidates(self, tok: Tok) -> list[int]:
        found = self._seen.get(tok.keys)
        if found is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            found = self._seen[tok.keys] = self._lookup(tok)
        return found

    def _lookup(self, tok: Tok) -> list[int]:
        ranks: set[int] = set()
        for key in tok.keys:
            ranks.update(self.exact.get(key, ()))
            for n in range(min(len(key), self.longest_prefix) + 1):
                ranks.update(self.prefix.get(key[:n], ()))
        return sorted(ranks)

    def match_at(self, toks: list[Tok], i: int, hi: int | None = None) -> Entry | None:
        hi = len(toks) if hi is None else hi
        for rank in self._candidates(toks[i]):
            entry = self.entries[rank]
            if i + len(entry.tokens) <= hi and all(
                _token_matches(toks[i + k], pat) for k, pat in enumerate(entry.tokens) if k
            ):
                return entry
        return None

    def find(self, toks: list[Tok], lo: int, hi: int) -> list[tuple[int, int, Entry]]:
        """Non-overlapping matches ``(first, last+1, entry)`` within tokens ``[lo, hi)``."""
        out, i = [], lo
        while i < hi:
            entry = self.match_at(toks, i, hi)
            if entry:
                out.append((i, i + len(entry.tokens), entry))
                i += len(entry.tokens)
            else:
                i += 1
        return out


def _token_matches(tok: Tok, pattern: str) -> bool:
    if pattern.endswith("*"):
        return any(k.startswith(pattern[:-1]) for k in tok.keys)
    return pattern in tok.keys


@cache
def triggers() -> Lexicon:
    return Lexicon(
        [Entry(_pattern(r[0]), r[1], r[2] if len(r) > 2 else "") for r in read_tsv("event_triggers.tsv")]
    )


@cache
def cues(kind: str) -> Lexicon:
    rows = [r for r in read_tsv("event_cues.tsv") if r[0] == kind]
    return Lexicon([Entry(_pattern(r[1]), r[2] if len(r) > 2 else "") for r in rows])


@cache
def negation() -> Lexicon:
    """Negation words before a trigger or casualty word: the base forms of ``NEGATION_KINDS``."""
    rows = read_tsv("negation.tsv")
    return Lexicon(
        [Entry(_pattern(w), "neg") for w, kind, form in rows if kind in NEGATION_KINDS and form == "base"]
    )


@cache
def weapons() -> Lexicon:
    return Lexicon([Entry(_pattern(r[0]), r[1], r[2]) for r in read_tsv("event_weapons.tsv")])


@cache
def count_words() -> dict[str, int]:
    return {fold(word): int(value) for word, value in read_tsv("count_words.tsv")}


@cache
def event_types() -> dict[str, dict[str, Any]]:
    return read_json("event_types.json")["types"]


def type_info(event_type: str) -> dict[str, Any]:
    return event_types().get(event_type) or event_types()[event_type.split(".")[0]]


def codes(event_type: str) -> dict[str, Any]:
    info = type_info(event_type)
    return {"cameo": info["cameo"], "plover": info["plover"], "acled": info["acled"]}


def family(event_type: str) -> str:
    return type_info(event_type)["family"]


@cache
def generic_words() -> Lexicon:
    return cues("generic")
