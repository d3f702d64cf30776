"""Places for event data: an Arabic place name to its English name and country.

Read from ``place_countries.tsv`` (built by ``scripts/build_places.py`` from CLDR and GeoNames),
with the short and long names of ``entity_place_aliases.tsv`` (السعودية beside its CLDR name).
Names are matched folded (alef, yeh, teh marbuta, diacritics; the article ``ال`` tried both
ways), so ``العراق``, ``عراق`` and ``بغداد`` all resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from riwaya.resources import read_tsv
from riwaya.text.normalize import fold


@dataclass(frozen=True)
class Place:
    """A resolved place: ``name`` as the text gives it, the English name, its country."""

    name: str
    name_en: str
    country: str
    iso3: str
    kind: str

    @property
    def is_country(self) -> bool:
        return self.kind == "country"


@cache
def _places() -> dict[str, tuple[str, str, str, str]]:
    table: dict[str, tuple[str, str, str, str]] = {}
    for row in read_tsv("place_countries.tsv"):
        name, name_en, country, iso3, kind = row[:5]
        for key in _keys(name):
            if key not in table or kind == "country":
                table[key] = (name_en, country, iso3, kind)
    for names in read_tsv("entity_place_aliases.tsv"):  # one place, two names: each finds the other
        known = next((table[k] for n in names[:2] for k in _keys(n) if k in table), None)
        for key in (k for n in names[:2] for k in _keys(n)) if known else ():
            table.setdefault(key, known)
    return table


def _keys(name: str) -> list[str]:
    key = fold(name).strip()
    bare = key[2:] if key.startswith("ال") and len(key) > 4 else key
    return list(dict.fromkeys([key, bare]))


def find_place(name: str | None) -> Place | None:
    """The place ``name`` denotes, or ``None`` when the gazetteer does not know it."""
    if not name:
        return None
    table = _places()
    for key in _keys(name):
        if key in table:
            return Place(name, *table[key])
    return None
