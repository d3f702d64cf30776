"""Claim lexicons, read from ``claim_cues.tsv``, ``claim_persons.tsv`` and ``count_words.tsv``.

Cue patterns are matched with the events :class:`~riwaya.components.events.lexicon.Lexicon`
(folded, clitic-stripped token readings, ``*`` = prefix). Person nouns come with their number
(singular, dual, plural) and the group a count of them covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from riwaya.components.events.lexicon import Entry, Lexicon, _pattern, count_words
from riwaya.components.events.tokens import Tok
from riwaya.resources import read_tsv
from riwaya.text.normalize import fold


@cache
def cues(kind: str) -> Lexicon:
    """The ``claim_cues.tsv`` patterns of one kind; ``Entry.value`` / ``extra`` are its columns."""
    rows = [r for r in read_tsv("claim_cues.tsv") if r[0] == kind]
    return Lexicon(
        [Entry(_pattern(r[1]), r[2] if len(r) > 2 else "", r[3] if len(r) > 3 else "") for r in rows]
    )


def match(kind: str, toks: list[Tok], i: int, hi: int) -> Entry | None:
    """The longest ``kind`` pattern starting at token ``i`` (ending by ``hi``), or None."""
    if i < 0 or i >= hi:
        return None
    return cues(kind).match_at(toks, i, hi)


def ends_at(kind: str, toks: list[Tok], end: int, lo: int) -> int | None:
    """Where a ``kind`` pattern ending just before token ``end`` starts (longest first), or None."""
    for width in (4, 3, 2, 1):
        j = end - width
        if j >= lo and (entry := cues(kind).match_at(toks, j, end)) and j + len(entry.tokens) == end:
            return j
    return None


@dataclass(frozen=True)
class Person:
    """A person noun form: its number (``sg``, ``du``, ``pl``) and the group it counts."""

    number: str
    group: str


@cache
def persons() -> dict[str, Person]:
    """Folded form -> :class:`Person`; singular forms also with the accusative alif."""
    out: dict[str, Person] = {}
    for row in read_tsv("claim_persons.tsv"):
        sg, du, pl, group = (*row, "", "", "")[:4]
        for number, cell in (("pl", pl), ("du", du), ("sg", sg)):
            for form in filter(None, (f.strip() for f in cell.split(","))):
                if form == "-":
                    continue
                key = fold(form)
                out[key] = Person(number, group)
                if number == "sg" and not key.endswith("ه"):
                    out[key + "ا"] = Person(number, group)
    return out


def person(tok: Tok) -> Person | None:
    """The person noun a token is (any reading), or None."""
    table = persons()
    return next((table[k] for k in sorted(tok.keys, key=len) if k in table), None)


def is_person_like(tok: Tok) -> bool:
    """A person noun, or آخر* (آخرون، آخرين) that stands for one."""
    return person(tok) is not None or any(k.startswith("اخر") for k in tok.keys)


@cache
def number_words() -> dict[str, int]:
    """Folded number word -> value (``count_words.tsv``)."""
    return count_words()


def word_value(tok: Tok) -> int | None:
    """The value of a number word (any reading, ``ال`` stripped), or None."""
    words = number_words()
    for key in sorted(tok.keys, key=len):
        for k in (key, key[2:] if key.startswith("ال") else key):
            if k in words:
                return words[k]
    return None


def digit_value(tok: Tok) -> int | None:
    """A token written only in digits (Latin or Arabic-Indic, an optional و before), or None."""
    text = fold(tok.surface)
    text = text[1:] if text[:1] == "و" else text
    if text and text.isdigit() and len(text) <= 6:
        return int(text)
    return None


def has_key(tok: Tok, *words: str) -> bool:
    """Whether one of the token's readings is one of the (folded) ``words``."""
    return any(fold(w) in tok.keys for w in words)
