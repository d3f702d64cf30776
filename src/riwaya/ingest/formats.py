"""Formats: decoded text (plain, HTML, JSON, JSONL) -> :class:`RawDocument` or :class:`Failure`.

One place for every record rule. Files and dumps read leniently: ``FIELDS`` lists the names a
field may go by, and a bad record becomes a Failure while its neighbours are read. Records
posted to the HTTP API read strictly (``text`` plus the string fields ``POSTED_FIELDS``): any
problem refuses the whole request with :class:`RecordsRefused`, so that nothing is stored.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from riwaya.errors import IngestError
from riwaya.ingest.decode import decode
from riwaya.model import Failure, RawDocument

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_CSV = "meta.csv"
WRAPPERS = ("articles", "items", "data", "records")  # an object holding the list of articles
MAX_JSON_DEPTH = 64  # arrays/objects inside each other in one record or sidecar

# Record fields, first match wins (JSON records, NAME.meta.json and meta.csv rows alike).
FIELDS = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher"),
    "date": ("date", "published", "published_at", "date_published", "pubdate", "pub_date"),
    "author": ("author", "authors", "byline"),
    "crawled": ("date_extracted", "crawled", "crawled_at", "date_crawled"),
    "section": ("section", "category"),
    "record": ("id", "_id", "guid"),  # a record's own id: who it is in its file when it has no url
}
POSTED_FIELDS = ("title", "outlet", "url", "published")  # besides "text"; each a string when given

Sibling = Callable[[str], "bytes | None"]


def documents(
    text: str, name: str, suffix: str, base: dict[str, Any], sibling: Sibling
) -> Iterator[RawDocument | Failure]:
    """The documents of one decoded input; ``suffix`` picks the reader (sniffed when unknown).

    ``base`` (encoding facts) goes into every document's meta; ``sibling(file)`` reads a file
    beside the input, for the sidecar metadata of plain text."""
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES:
        suffix = sniff(text)
    if suffix in JSON_SUFFIXES:
        yield from from_json(text, name, base)
    elif suffix in HTML_SUFFIXES:
        yield from_html(text, name, base)
    else:
        yield RawDocument(text, name, {"format": "txt", **base, **sidecar_meta(name, sibling)})


def sniff(text: str) -> str:
    """The format of input without a known suffix (stdin): HTML, JSON or plain text."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div")):
        return ".html"
    if head[:1] in ("[", "{"):
        return ".json"
    return ".txt"


# --- HTML ------------------------------------------------------------------------------------
def from_html(html: str, source: str, base: dict[str, Any]) -> RawDocument | Failure:
    """Main text and metadata with trafilatura; truncated or garbage HTML is best effort or a Failure."""
    import trafilatura  # a core dependency; imported on first use (0.13 s)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
            text = (doc.text if doc is not None else None) or trafilatura.baseline(html)[1]
    except Exception as exc:  # noqa: BLE001 - a broken page must not stop the batch
        return Failure(source, "ingest", f"HTML could not be parsed ({type(exc).__name__}: {exc})")
    if not text or not text.strip():
        return Failure(
            source,
            "ingest",
            "no main text found in the HTML page (empty, truncated or not an article); "
            "save the article page itself",
        )
    return RawDocument(text, source, {"format": "html", **base, **_html_meta(doc)})


def _html_meta(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {"extraction": "baseline"}
    meta = {
        "title": doc.title,
        "date": doc.date,
        "outlet": doc.sitename or doc.hostname,
        "url": doc.url,
        "author": doc.author,
    }
    return {k: v for k, v in meta.items() if v}


# --- JSON and JSONL files --------------------------------------------------------------------
def from_json(text: str, source: str, base: dict[str, Any]) -> Iterator[RawDocument | Failure]:
    """One document or Failure per record; record ``i`` is named ``source#i``."""
    try:
        records = json_records(text)
    except ValueError as exc:
        yield Failure(
            source,
            "ingest",
            f"invalid JSON: {exc}; expected an object, an array of objects or one object per line (JSONL)",
        )
        return
    for i, record in enumerate(records):
        yield from_record(record, f"{source}#{i}", base)


def json_records(text: str) -> list[Any]:
    """A JSON array/object, an object wrapping a list of articles, or JSON Lines.

    A JSONL line that is not JSON becomes an :class:`IngestError` in the list (its neighbours are
    read); a whole text that is neither JSON nor JSONL raises ValueError."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError(_too_deep("the JSON text")) from exc
    except json.JSONDecodeError as whole_error:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) < 2:
            raise ValueError(str(whole_error)) from whole_error
        return [_json_line(ln, n) for n, ln in enumerate(lines, 1)]
    if isinstance(data, dict):
        inner = next((data[k] for k in WRAPPERS if isinstance(data.get(k), list)), None)
        return inner if inner is not None else [data]
    return data if isinstance(data, list) else [data]


def _json_line(line: str, number: int) -> Any:
    try:
        return json.loads(line)
    except RecursionError:
        return IngestError(f"line {number}: {_too_deep('the line')}")
    except json.JSONDecodeError as exc:
        return IngestError(f"line {number} is not valid JSON ({exc.msg}, column {exc.colno})")


def _reason(exc: Exception) -> str:
    known = (IngestError, ValueError, csv.Error)
    return str(exc) if isinstance(exc, known) else f"{type(exc).__name__}: {exc}"


def _too_deep(what: str) -> str:
    return (
        f"{what} is nested deeper than {MAX_JSON_DEPTH} levels (arrays or objects inside each other); "
        "an article record needs a few levels: flatten the record"
    )


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep arrays and objects nest in ``value`` (a scalar is 0), counted up to ``limit + 1``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (list, dict)):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def from_record(record: Any, source: str, base: dict[str, Any]) -> RawDocument | Failure:
    """A record of a file: its text and known fields under riwaya's names, or why not."""
    if isinstance(record, IngestError):
        return Failure(source, "ingest", str(record))
    if not isinstance(record, dict):
        return Failure(source, "ingest", f"JSON record is a {type(record).__name__}, expected an object")
    if json_depth(record) > MAX_JSON_DEPTH:
        return Failure(source, "ingest", _too_deep("the JSON record"))
    meta = record_meta(record)
    body = meta.pop("text", None)
    if not body or not body.strip():
        return Failure(source, "ingest", f"JSON record has no text; put it in one of {FIELDS['text']}")
    return RawDocument(body, source, {"format": "json", **base, **meta})


def record_meta(record: dict[str, Any]) -> dict[str, Any]:
    """Known fields of a record under riwaya's names (crawl time is kept apart from publication)."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    meta: dict[str, Any] = {}
    for key, names in FIELDS.items():
        value = next((lowered[n] for n in names if lowered.get(n) not in (None, "", [])), None)
        if value is not None:
            meta[key] = _plain(value)
    return meta


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return (
            "\n".join(str(v) for v in value) if all(isinstance(v, str) for v in value) else json.dumps(value)
        )
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value if isinstance(value, str) else str(value)


# --- sidecar metadata for plain text ---------------------------------------------------------
def sidecar_meta(name: str, sibling: Sibling) -> dict[str, Any]:
    """``NAME.meta.json`` beside ``NAME.txt`` wins over the ``meta.csv`` row of the same folder."""
    name = PurePosixPath(name.replace("\\", "/")).name
    meta: dict[str, Any] = {}
    sidecar = SIDECAR_CSV
    try:
        meta |= _csv_rows(sibling(SIDECAR_CSV) or b"").get(name, {})
        sidecar = Path(name).stem + SIDECAR_SUFFIX
        own = sibling(sidecar)
        meta |= _json_sidecar(own) if own else {}
    except Exception as exc:  # noqa: BLE001 - a bad sidecar costs its metadata, never the article
        reason = _too_deep(f"the {sidecar} sidecar") if isinstance(exc, RecursionError) else _reason(exc)
        return {"sidecar_error": f"sidecar metadata in {sidecar} ignored: {reason}; fix or remove that file"}
    return {**meta, "sidecar": True} if meta else {}


@lru_cache(maxsize=64)
def _csv_rows(data: bytes) -> dict[str, dict[str, Any]]:
    """``meta.csv`` rows by file name (columns file,outlet,url,date,title; others are kept too)."""
    if not data.strip():
        return {}
    rows = csv.DictReader(io.StringIO(decode(data)[0]))
    if not rows.fieldnames or "file" not in [f.strip().lower() for f in rows.fieldnames]:
        raise ValueError(f"{SIDECAR_CSV} needs a 'file' column; its header is {rows.fieldnames}")
    out = {}
    for row in rows:
        clean = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        out[PurePosixPath(clean.pop("file")).name] = record_meta(clean)
    return out


def _json_sidecar(data: bytes) -> dict[str, Any]:
    record = json.loads(decode(data)[0])
    if not isinstance(record, dict):
        raise ValueError(f"{SIDECAR_SUFFIX} must hold one JSON object, not a {type(record).__name__}")
    if json_depth(record) > MAX_JSON_DEPTH:
        raise ValueError(_too_deep(f"the {SIDECAR_SUFFIX} sidecar"))
    meta = record_meta(record)
    meta.pop("text", None)
    return meta


# --- records posted to the HTTP API ----------------------------------------------------------
class RecordsRefused(IngestError):
    """Posted records refused as a whole (nothing is stored).

    ``kind``: ``not_json``, ``shape`` (not an article list), ``too_many`` or ``problems``; then
    ``problems`` lists ``{"article": i, "field": name or None, "problem": why}`` per fault."""

    def __init__(self, kind: str, message: str, problems: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.kind, self.problems = kind, problems


def posted_records(text: str, max_records: int) -> list[dict[str, Any]]:
    """The articles of a JSON body: ``{"articles": [...]}``, a list, or one object; all valid."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise RecordsRefused("not_json", f"body is not usable JSON: {_too_deep('it')}") from exc
    except json.JSONDecodeError as exc:
        raise RecordsRefused(
            "not_json", f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    if json_depth(data) > MAX_JSON_DEPTH + 2:  # {"articles": [record]} wraps the records twice
        raise RecordsRefused("not_json", f"body is not usable JSON: {_too_deep('it')}")
    records = data.get("articles") if isinstance(data, dict) and "articles" in data else data
    records = [records] if isinstance(records, dict) else records
    if not isinstance(records, list) or not records:
        raise RecordsRefused(
            "shape", 'expected {"articles": [{"text": ...}, ...]}, a list of articles or one article object'
        )
    if len(records) > max_records:
        raise RecordsRefused(
            "too_many", f"{len(records)} articles in one request; send at most {max_records}"
        )
    problems = [p for i, r in enumerate(records) for p in record_problems(i, r)]
    if problems:
        message = f"{len(problems)} problem(s) in the articles; nothing was stored"
        raise RecordsRefused("problems", message, problems)
    return records


def record_problems(i: int, record: Any) -> list[dict[str, Any]]:
    """What keeps posted record ``i`` from being stored: no text, or a field that is not a string."""
    if not isinstance(record, dict):
        return [{"article": i, "field": None, "problem": f"expected an object, got {type(record).__name__}"}]
    out = []
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        out.append({"article": i, "field": "text", "problem": "required: a non-empty string"})
    for key in POSTED_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            out.append(
                {"article": i, "field": key, "problem": f"must be a string, got {type(record[key]).__name__}"}
            )
    return out


def posted_document(record: dict[str, Any], fmt: str) -> RawDocument:
    """A valid posted record as a document: its source is the url, else a digest of the text."""
    source = record.get("url") or "api:" + hashlib.sha256(record["text"].encode()).hexdigest()[:16]
    meta = {
        "format": fmt,
        "title": record.get("title"),
        "url": record.get("url"),
        "outlet": record.get("outlet"),
        "date": record.get("published") or record.get("date"),
    }
    return RawDocument(record["text"], source, {k: v for k, v in meta.items() if v is not None})
