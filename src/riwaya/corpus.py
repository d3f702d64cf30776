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

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def __len__(self) -> int:
        return len(self.articles)
