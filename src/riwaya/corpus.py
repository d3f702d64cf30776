"""The corpus that corpus-level stages see: every current article plus their shared results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riwaya.model import Article


@dataclass
class Corpus:
    """Articles in ingest order and corpus results keyed by export key.

    ``results`` holds lists of JSON-ready dicts in the export schema (``entities``,
    ``incidents``, ``stories``, ``timeline`` ...). Every dict that points into an article
    carries ``article, start, end`` (directly or on nested objects).
    """

    articles: list[Article] = field(default_factory=list)
    results: dict[str, list[Any]] = field(default_factory=dict)
    _indexes: dict[str, tuple[tuple, Any]] = field(default_factory=dict, repr=False, compare=False)

    def by_id(self) -> dict[str, Article]:
        """Articles by id (built once per article list: stages ask for it once per story)."""
        return self.indexed("by_id", self.articles, lambda: {a.id: a for a in self.articles})

    def results_by_article(self, key: str) -> dict[str, list[int]]:
        """Positions in ``results[key]`` of the items listing each article id in ``articles``."""

        def build() -> dict[str, list[int]]:
            index: dict[str, list[int]] = {}
            for pos, item in enumerate(self.results.get(key, [])):
                for ident in dict.fromkeys(item.get("articles", []) if isinstance(item, dict) else []):
                    index.setdefault(ident, []).append(pos)
            return index

        return self.indexed(f"results:{key}", self.results.get(key, []), build)

    def indexed(self, name: str, source: list, build) -> Any:
        """``build()`` cached until ``source`` is replaced or changes length."""
        stamp = (id(source), len(source))
        if name not in self._indexes or self._indexes[name][0] != stamp:
            self._indexes[name] = (stamp, build())
        return self._indexes[name][1]

    def __len__(self) -> int:
        return len(self.articles)
