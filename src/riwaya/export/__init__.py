"""Export: the versioned JSON document (``"schema": "riwaya/1"``), JSONL and CSV. The event-data
formats (ACLED, PLOVER, GraphML) and the Markdown brief are written from this document by the
modules of this package; :mod:`riwaya.export.formats` names them all.

Top-level keys ``entities, times, quotes, events, incidents, stories, timeline`` are always
present. A key comes from the corpus results when a corpus stage produced it, otherwise from
the article layer of the same name (each span becomes an object with ``article`` added).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from riwaya.corpus import Corpus
from riwaya.errors import SpanError
from riwaya.export.cells import write_csv
from riwaya.model import SCHEMA, Article

TOP_KEYS = ("entities", "times", "quotes", "events", "incidents", "stories", "timeline")


def article_record(article: Article) -> dict[str, Any]:
    """An article's fields; ``copy_of`` and ``failed_layers`` only where they apply."""
    record = {
        "id": article.id,
        "source": article.url or article.source,
        "outlet": article.outlet,
        "title": article.title,
        "language": article.language,
        "published": article.published.to_dict(article.text),
        "version": article.version,
        "text": article.text,
        "removed": [{k: r[k] for k in ("raw_start", "raw_end", "text", "reason")} for r in article.removals],
        "tweets": layer_records(article, "tweets"),
    }
    if article.copy_of:
        record["copy_of"] = article.copy_of
    if article.failed_layers:
        record["failed_layers"] = [dict(f) for f in article.failed_layers]
    return record


def layer_records(article: Article, layer: str) -> list[dict[str, Any]]:
    return [{"article": article.id, **span.to_dict(article.text)} for span in article.layer(layer)]


def build(corpus: Corpus, *, failures: list[dict] | None = None) -> dict[str, Any]:
    """The riwaya/1 document of ``corpus``: its articles, then each result (records written with
    ``to_dict``, comparisons inside their incidents) or the article layer of the same name."""
    results = corpus.results
    lead = corpus.lead_incidents()
    articles = [article_record(a) | {"incident": lead.get(a.id)} for a in corpus.articles]
    doc: dict[str, Any] = {"schema": SCHEMA, "articles": articles}
    for key in TOP_KEYS:
        if key in results:
            doc[key] = results[key]
        else:
            doc[key] = [rec for a in corpus.articles for rec in layer_records(a, key)]
    for key, items in results.items():
        doc.setdefault(key, items)
    doc["failures"] = failures or []
    return doc


def check_spans(doc: dict[str, Any]) -> int:
    """Verify ``text[start:end]`` of every annotation in an export; returns how many were checked.

    Nested objects without their own ``article`` inherit the nearest enclosing one.
    """
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    checked = 0
    for article_id, obj in _annotated(doc, texts):
        text = texts[article_id]
        if text[obj["start"] : obj["end"]] != obj["text"]:
            raise SpanError(
                f"span [{obj['start']}, {obj['end']}) of article {article_id} reads "
                f"{text[obj['start'] : obj['end']]!r} but the export says {obj['text']!r}"
            )
        checked += 1
    return checked


def _annotated(doc: dict[str, Any], texts: dict[str, str]) -> Iterator[tuple[str, dict]]:
    stack: list[tuple[Any, str | None]] = [
        (doc[k], None) for k in doc if k not in ("articles", "schema", "failures")
    ]
    stack += [(a.get("tweets", []), a["id"]) for a in doc["articles"]]
    stack += [(a["published"], a["id"]) for a in doc["articles"]]
    while stack:
        value, article_id = stack.pop()
        if isinstance(value, list):
            stack.extend((v, article_id) for v in value)
        elif isinstance(value, dict):
            article_id = (
                value.get("article", article_id) if isinstance(value.get("article"), str) else article_id
            )
            if {"start", "end", "text"} <= value.keys() and article_id in texts:
                yield article_id, value
            stack.extend((v, article_id) for v in value.values() if isinstance(v, (list, dict)))


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


def to_jsonl(doc: dict[str, Any]) -> Iterator[str]:
    """One object per line, each with a ``type`` (article, entity, time, quote ...)."""
    yield json.dumps({"type": "schema", "schema": doc["schema"]})
    for key in list_keys(doc):
        for item in doc[key]:
            yield json.dumps({"type": SINGULAR.get(key, key), **item}, ensure_ascii=False)


SINGULAR = {
    "articles": "article", "entities": "entity", "times": "time", "quotes": "quote",
    "events": "event", "incidents": "incident", "stories": "story", "timeline": "timeline_entry",
    "briefs": "brief", "failures": "failure",
}  # fmt: skip


def list_keys(doc: dict[str, Any]) -> list[str]:
    """Articles, the fixed top-level keys, any extra corpus keys (e.g. briefs), then failures."""
    extra = [
        k for k, v in doc.items() if isinstance(v, list) and k not in ("articles", *TOP_KEYS, "failures")
    ]
    return ["articles", *TOP_KEYS, *sorted(extra), "failures"]


CSV_FIELDS = ("kind", "article", "start", "end", "text", "label", "detail")


def to_csv(doc: dict[str, Any]) -> str:
    """A flat table: one row per article and per top-level annotation (nested parts in ``detail``);
    cells a spreadsheet would run as formulas are written as text (:mod:`riwaya.export.cells`)."""
    rows = [{"kind": "article", "article": a["id"], "text": a["title"] or "", "label": a["outlet"] or "",
             "detail": json.dumps(a["published"])} for a in doc["articles"]]  # fmt: skip
    rows += [_csv_row(key, item) for key in list_keys(doc)[1:-1] for item in doc[key]]
    return write_csv(CSV_FIELDS, rows)


def _csv_row(key: str, item: dict[str, Any]) -> dict[str, Any]:
    simple = {k: item.get(k, "") for k in ("article", "start", "end", "text", "label")}
    rest = {k: v for k, v in item.items() if k not in simple}
    return {"kind": key, **simple, "detail": json.dumps(rest, ensure_ascii=False)}
