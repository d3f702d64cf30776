"""An ``articles`` row and its ``spans`` rows back into an :class:`~riwaya.model.Article`."""

from __future__ import annotations

import json
import sqlite3

from riwaya.model import Article, Published, Span
from riwaya.text.tokens import tokenize


def article_from_row(db: sqlite3.Connection, row: sqlite3.Row) -> Article:
    """The article of an ``articles`` row with its stored layers (tokens derived on use)."""
    meta = json.loads(row["meta"] or "{}")
    meta["components"] = json.loads(row["components"] or "[]")
    article = Article(
        row["text"],
        row["raw"],
        id=row["id"],
        source=row["source"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        language=row["language"],
        published=Published.from_dict(json.loads(row["published"] or "{}")),
        version=row["version"],
        removals=json.loads(row["removals"] or "[]"),
        copy_of=row["copy_of"],
        failed_layers=json.loads(row["failed_layers"] or "[]"),
        meta=meta,
    )
    layers: dict[str, list[Span]] = {}
    for s in db.execute(
        'SELECT layer, start, "end", label, attrs FROM spans WHERE article = ? ORDER BY rowid',
        (row["id"],),
    ):
        span = (
            Span.from_dict(json.loads(s["attrs"]))
            if s["attrs"]
            else Span(s["start"], s["end"], s["label"] or "")
        )
        layers.setdefault(s["layer"], []).append(span)
    article.layers = layers
    _restore_derived(article)
    return article


def _restore_derived(article: Article) -> None:
    """Tokens are not stored (millions of rows); they are recomputed from the paragraphs on use."""
    if article.layers.get("paragraphs"):
        article.derive["tokens"] = _tokens_of


def _tokens_of(article: Article) -> list[Span]:
    return [t for p in article.layer("paragraphs") for t in tokenize(article.text, p.start, p.end)]
