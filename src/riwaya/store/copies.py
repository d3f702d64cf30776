"""Which publication an article is, and republished copies (a wire text in two outlets).

An article's id is a hash of its cleaned text, so two outlets publishing the same text would
share it. The store keeps both: the first one stored keeps the text's id; every other
publication of the same text gets an id of its own (:func:`copy_id`) and ``copy_of`` naming the
first. A publication is its url, else its file (a JSON record without a url: its file and
outlet, never its position in the file, which changes when records are added).
"""

from __future__ import annotations

import re
from typing import Any

from riwaya.model import Article, article_id, iter_spans

RECORD = re.compile(r"#\d+$")  # "file.json#3": record 3 of a JSON/JSONL file


def publication_key(url: str | None, source: str | None, outlet: str | None) -> str:
    """What tells two publications of one text apart: the url, else the file (with the outlet
    for a JSON record, whose ``#n`` position is not an identity)."""
    if url:
        return url
    source = source or ""
    if RECORD.search(source):
        return f"{RECORD.sub('', source)}|{outlet or ''}"
    return source


def version_key(url: str | None, source: str | None) -> str | None:
    """What a new text supersedes: the article of the same url, else of the same file; a JSON
    record without a url has no identity apart from its text, so it supersedes nothing."""
    if url:
        return url
    if not source or RECORD.search(source):
        return None
    return source


def identity(text_id: str, key: str) -> str:
    """The key of ``known`` in analysis: this text as published at ``key``."""
    return f"{text_id}\t{key}"


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
