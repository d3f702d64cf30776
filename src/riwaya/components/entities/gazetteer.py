"""Gazetteers and cue-word lists as folded, clitic-stripped lookup tables.

Single words map to the classes they belong to (``TITLE``, ``SAY``, ``ORGHEAD``, ``LOCCUE``,
``GIVEN``); multi-word names (countries, cities, outlets) are matched over folded stems, longest
first, and reported as ``B-CLASS``/``I-CLASS`` per token.
"""

from __future__ import annotations

from functools import lru_cache

from riwaya.components.entities.data import bio
from riwaya.resources import read_lines, read_tsv
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

WORD_LISTS = {
    "TITLE": "gazetteer_titles.txt",
    "SAY": "gazetteer_say.txt",
    "ORGHEAD": "gazetteer_org_heads.txt",
    "LOCCUE": "gazetteer_loc_cues.txt",
    "GIVEN": "gazetteer_given_names.txt",
}
NAME_LISTS = {
    "COUNTRY": "gazetteer_countries.txt",
    "CITY": "gazetteer_cities.txt",
    "OUTLET": "gazetteer_outlets.txt",
}
MAX_NAME_WORDS = 5


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Folded word (and its clitic-stripped key) -> the cue classes it belongs to."""
    table: dict[str, set[str]] = {}
    for cls, name in WORD_LISTS.items():
        for entry in read_lines(name):
            for key in {fold(entry), match_key(entry)}:
                table.setdefault(key, set()).add(cls)
    return {k: tuple(sorted(v)) for k, v in table.items()}


@lru_cache(maxsize=1)
def name_table() -> dict[tuple[str, ...], str]:
    """Tuple of folded stems -> class, for every multi- or single-word name."""
    table: dict[tuple[str, ...], str] = {}
    for cls, name in NAME_LISTS.items():
        for entry in read_lines(name):
            key = tuple(match_key(w) for w in entry.split())
            if 0 < len(key) <= MAX_NAME_WORDS:
                table.setdefault(key, cls)
    return table


def classes_of(word: str) -> tuple[str, ...]:
    table = word_classes()
    return table.get(fold(word)) or table.get(match_key(word)) or ()


@lru_cache(maxsize=1)
def name_starts() -> frozenset[str]:
    return frozenset(key[0] for key in name_table())


def name_tags(stems: list[str]) -> list[str]:
    """Per token ``B-CLASS``/``I-CLASS``/'' from the longest gazetteer name starting there."""
    table, starts, tags, i = name_table(), name_starts(), [""] * len(stems), 0
    while i < len(stems):
        if stems[i] not in starts:
            i += 1
            continue
        for n in range(min(MAX_NAME_WORDS, len(stems) - i), 0, -1):
            cls = table.get(tuple(stems[i : i + n]))
            if cls:
                tags[i : i + n] = bio(cls, n)
                i += n - 1
                break
        i += 1
    return tags


@lru_cache(maxsize=1)
def organisation_table() -> frozenset[tuple[str, ...]]:
    """Stem tuples of organisations named in two words or more: the outlets the CRF knows plus the
    organisations list (which only the repair rules read: the CRF was trained without it)."""
    names = [*read_lines(NAME_LISTS["OUTLET"]), *read_lines("gazetteer_organisations.txt")]
    return _multiword_keys(names)


@lru_cache(maxsize=1)
def people_table() -> frozenset[tuple[str, ...]]:
    """Stem tuples of the listed public figures named in two words or more
    (``gazetteer_people.tsv``, read by the repair rules only)."""
    return _multiword_keys([form for row in read_tsv("gazetteer_people.tsv") for form in kunya_forms(row[0])])


KUNYA = "ابو"  # "father of": أبو مهدي، أبو بكر (folded)
KUNYA_CASES = ("ابي", "ابا")  # the same word in the genitive and accusative: دم الشهيد أبي مهدي


def kunya_forms(name: str) -> list[str]:
    """A listed name and, when it starts with a kunya (أبو مهدي المهندس), the forms news text
    also uses: أبي/أبا for the case endings and the kunya glued to the next word (ابومهدي
    المهندس, common in scraped text)."""
    words = name.split()
    if len(words) < 2 or fold(words[0]) != KUNYA:
        return [name]
    rest = " ".join(words[1:])
    glued = " ".join([KUNYA + words[1], *words[2:]])
    return [name, *(f"{case} {rest}" for case in KUNYA_CASES), glued]


def _multiword_keys(names) -> frozenset[tuple[str, ...]]:
    keys = (tuple(match_key(w) for w in name.split()) for name in names)
    return frozenset(k for k in keys if 2 <= len(k) <= MAX_NAME_WORDS)
