"""Helpers for the events/incidents/compare tests: fictional articles built without ingest."""

from __future__ import annotations

import re

from riwaya.components.segment import segment
from riwaya.model import Article, Published, Span


def make_article(
    text: str, *, outlet: str = "صحيفة المثال", published: str | None = None, source: str = "t.txt"
) -> Article:
    """An article with paragraphs and sentences, as clean + segment would leave it."""
    article = Article(
        text, source=source, outlet=outlet, published=Published(published, "day" if published else None)
    )
    paras = [Span(m.start(), m.end(), "paragraph") for m in re.finditer(r"[^\n]+", text)]
    article.add_layer("paragraphs", paras)
    segment(article)
    return article


def minimal_pipeline_names() -> list[str]:
    """Our steps alone (no NER/times/quotes), so these tests measure events in degraded mode."""
    return ["clean", "segment", "events", "incidents", "compare"]


def add_entities(article: Article, names: list[tuple[str, str, str]]) -> Article:
    """An entities layer from (surface, label, key) triples: every occurrence of each surface."""
    spans = [
        Span(m.start(), m.end(), label, {"entity": f"{label.lower()}-{n}", "key": key, "name": surface})
        for n, (surface, label, key) in enumerate(names)
        for m in re.finditer(re.escape(surface), article.text)
    ]
    article.add_layer("entities", spans)
    return article
