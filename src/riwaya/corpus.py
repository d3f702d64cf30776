"""The corpus that corpus-level stages see: every current article plus their typed results."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from riwaya.model import Article
from riwaya.results import COMPARISON, Comparison, Incident, dump_results, parse_results

# Records computed from another key's records: replacing that key drops them (they would be stale).
DERIVED = {"incidents": (COMPARISON,)}


class Corpus:
    """Articles in ingest order and the corpus results as typed records.

    ``records[key]`` holds the records of :mod:`riwaya.results` (``entities``, ``incidents``,
    ``comparison``, ``stories``, ``timeline``, ``briefs``); a stage sets its own key with
    :meth:`put`. ``results`` is the read-only riwaya/1 form of them (what the store saves and
    the export writes): built from ``records`` on each access. ``Corpus(articles, results)``
    reads export-shaped results (the store's) into records.
    """

    def __init__(self, articles: list[Article] | None = None, results: dict[str, list[Any]] | None = None):
        self.articles: list[Article] = list(articles or [])
        self.records: dict[str, list[Any]] = parse_results(results or {})
        self._indexes: dict[str, tuple[tuple, Any]] = {}

    def put(self, key: str, records: list[Any]) -> None:
        """Replace the records of ``key`` (and drop what was derived from the old ones)."""
        for derived in DERIVED.get(key, ()):
            self.records.pop(derived, None)
        self.records[key] = records

    def get(self, key: str) -> list[Any]:
        return self.records.get(key, [])

    @property
    def results(self) -> Mapping[str, list[Any]]:
        """The records as export objects, keyed like the export (comparisons inside incidents)."""
        return MappingProxyType(dump_results(self.records))

    def by_id(self) -> dict[str, Article]:
        """Articles by id (built once per article list: stages ask for it once per story)."""
        return self.indexed("by_id", self.articles, lambda: {a.id: a for a in self.articles})

    def corrections(self) -> list[dict[str, Any]]:
        """The people's corrections (:mod:`riwaya.stages.corrections`), in the order made: user
        input the corpus stages re-apply, not a layer any stage provides."""
        return self.get("corrections")

    def incidents(self) -> list[Incident]:
        return self.get("incidents")

    def comparisons(self) -> dict[str, Comparison]:
        """The compare stage's records by incident id."""
        found = self.get(COMPARISON)
        return self.indexed("comparisons", found, lambda: {c.incident: c for c in found})

    def lead_incidents(self) -> dict[str, str]:
        """Article id -> the id of the incident it leads with (articles without one are absent)."""
        found = self.incidents()
        return self.indexed("lead_incidents", found, lambda: {a: inc.id for inc in found for a in inc.leads})

    def incidents_by_article(self) -> dict[str, list[int]]:
        """Positions in the incidents of those reported by each article id."""

        def build() -> dict[str, list[int]]:
            index: dict[str, list[int]] = {}
            for pos, incident in enumerate(self.incidents()):
                for ident in dict.fromkeys(incident.articles):
                    index.setdefault(ident, []).append(pos)
            return index

        return self.indexed("incidents_by_article", self.incidents(), build)

    def indexed(self, name: str, source: list, build) -> Any:
        """``build()`` cached until ``source`` is replaced or changes length."""
        stamp = (id(source), len(source))
        if name not in self._indexes or self._indexes[name][0] != stamp:
            self._indexes[name] = (stamp, build())
        return self._indexes[name][1]

    def __len__(self) -> int:
        return len(self.articles)
