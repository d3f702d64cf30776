"""Which publication an article is, and republished copies (a wire text in two outlets).

An article's id is a hash of its cleaned text, so two outlets publishing the same text would
share it. The store keeps both: the first one stored keeps the text's id; every other
publication of the same text gets an id of its own (:func:`copy_id`) and ``copy_of`` naming the
first. A publication is its url, else its file (a JSON record without a url: its ``id`` field,
else its file and outlet; never its position in the file, which changes when records are
added). A change of title or date alone is another edition: a version with an id of its own
(:func:`edition_id`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from riwaya.model import Article, article_id, iter_spans

RECORD = re.compile(r"#\d+$")  # "file.json#3": record 3 of a JSON/JSONL file


def publication_key(
    url: str | None, source: str | None, outlet: str | None, record: str | None = None
) -> str:
    """What tells two publications of one text apart: the url, else the file (a JSON record:
    its ``id`` field in its file, else its file and outlet; never its ``#n`` position)."""
    if url:
        return url
    source = source or ""
    if RECORD.search(source):
        base = RECORD.sub("", source)
        return f"{base}#id={record}" if record else f"{base}|{outlet or ''}"
    return source


def lineage(url: str | None, source: str | None, outlet: str | None, record: str | None, text_id: str) -> str:
    """Which versions supersede each other: the url, else the file (a zip member is
    ``archive!member``), else a JSON record's ``id`` field in its file. A record with neither
    is known only by its text in its file: a new text of it is a new article, a new title or
    date of the same text a new version."""
    key = publication_key(url, source, outlet, record)
    if url or (source and not RECORD.search(source)) or record:
        return key
    return f"{key}|{text_id}"


def edition(meta: dict[str, Any]) -> str:
    """The metadata that makes a version when it changes alone: the title and the date given
    with the text (a JSON field, a page's metadata, a sidecar), before cleaning reads them."""
    return json.dumps([meta.get("title") or None, meta.get("date") or None], ensure_ascii=False)


def edition_id(base: str, key: str) -> str:
    """The id of another edition (title, date) of the article ``base`` (same text, same place)."""
    return article_id(f"{base}\nedition {key}")


def identity(text_id: str, key: str, edition_key: str = "") -> str:
    """The key of ``known`` in analysis: this text as published at ``key`` in this edition."""
    return f"{text_id}\t{key}\t{edition_key}"


def copy_id(original: str, key: str) -> str:
    """The id of the publication ``key`` of the text whose first article is ``original``."""
    return article_id(f"{original}\n{key}")


def reidentify(article: Article, new_id: str) -> None:
    """Give an annotated article another id: span attributes that name the old id (an event's
    ``article``, its ``<id>:e<n>``) are rewritten to the new one."""
    old = article.id
    for spans in article.layers.values():
        for span in spans:
            for inner in iter_spans(span):
                _rename(inner.attrs, old, new_id)
    article.id = new_id


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        if value == old:
            return new
        return new + value[len(old) :] if value.startswith(f"{old}:") else value
    if isinstance(value, dict):
        for k, v in value.items():
            value[k] = _rename(v, old, new)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            value[i] = _rename(v, old, new)
    return value


def backfill_versions(db: sqlite3.Connection) -> None:
    """Migration 6: the lineage and identity of the articles stored before it. Their edition is
    unknown (null): the metadata they were read with was not kept, so a later run adopts the
    edition it reads instead of taking it for a change."""
    rows = db.execute("SELECT id, copy_of, url, source, outlet FROM articles").fetchall()
    updates = []
    for art, copy_of, url, source, outlet in rows:
        text_id = copy_of or art  # no editions existed: the text id is the copy's original or its own
        pub = publication_key(url, source, outlet)
        updates.append((lineage(url, source, outlet, None, text_id), identity(text_id, pub), art))
    db.executemany("UPDATE articles SET lineage = ?, identity = ? WHERE id = ?", updates)
