"""The JSON routes under ``/api``: reads, export, and ingest (POST /api/articles, in
:mod:`riwaya.web.ingest`).

Lists answer ``{"items", "total", "limit", "offset", "next_offset"}``. ``/api/export`` streams
its body; the whole store needs the bearer token, a page (``?limit=N`` articles, at most
:data:`MAX_EXPORT_LIMIT`) does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import StreamingResponse

from riwaya import analysis as run
from riwaya.corpus import Corpus
from riwaya.export import build as build_export
from riwaya.export import to_jsonl
from riwaya.export.formats import FORMATS
from riwaya.web.ingest import install_ingest_route
from riwaya.web.pages import NotFound, article_page, story_data, story_list
from riwaya.web.params import (
    ARTICLE_ID,
    Limit,
    Offset,
    Reading,
    check_token,
    page,
    path_id,
    path_text,
)

MAX_EXPORT_LIMIT = 200  # articles in one export page without the token
EXPORT_CHUNK = 64 * 1024  # characters per streamed chunk


def install_api_routes(app: FastAPI) -> None:
    """Every ``/api`` route; the GET routes first, then ingest."""
    _read_routes(app)
    for key in ("incidents", "entities"):
        _list_and_get(app, key)
    for key in ("quotes", "events", "times"):
        _layer_list(app, key)
    _timeline_and_comparison(app)
    _export_route(app)
    install_ingest_route(app)


# reads -----------------------------------------------------------------------------------
def _collection(request: Request, key: str, limit: int, offset: int, article: str | None = None) -> dict:
    """A corpus result list when a stage produced ``key``, else the article layer of that name."""
    with Reading(request) as (reader, snap):
        if key in snap.results and article is None:
            items = snap.items(key)
            return page(items[offset : offset + limit], len(items), limit, offset)
        if key in snap.results:
            items = [i for i in snap.items(key) if isinstance(i, dict) and i.get("article") == article]
            return page(items[offset : offset + limit], len(items), limit, offset)
        total, items = reader.layer_page(key, limit, offset, article)
        return page(items, total, limit, offset)


def _by_id(request: Request, kind: str, ident: str) -> dict[str, Any]:
    with Reading(request) as (_, snap):
        found = getattr(snap, kind).get(ident)
    if found is None:
        raise NotFound(f"no {kind[:-1]} {ident!r} in this store; list them at /api/{kind}")
    return found


def _read_routes(app: FastAPI) -> None:
    @app.get("/api/health", tags=["meta"])
    def health(request: Request) -> dict:
        with Reading(request) as (reader, snap):
            articles, results = reader.count_articles(), sorted(snap.results)
        return {"status": "ok", "articles": articles, "results": results,
                "updating": request.app.state.ingest.updating}  # fmt: skip

    @app.get("/api/articles", tags=["articles"])
    def articles(
        request: Request,
        limit: int = Limit,
        offset: int = Offset,
        q: str | None = Query(None, max_length=500, description="full-text search (Arabic-normalised)"),
        outlet: str | None = Query(None, max_length=200),
    ) -> dict:
        """Current articles in store order, or the ones matching ``q`` best first."""
        with Reading(request) as (reader, _):
            total, items = reader.search(q, limit, offset) if q else reader.articles(limit, offset, outlet)
        return page(items, total, limit, offset)

    @app.get("/api/search", tags=["articles"])
    def search(
        request: Request,
        q: str = Query(..., min_length=1, max_length=500),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Full-text search: "الامريكية" finds الأميركية and الأمريكية; each hit has a snippet."""
        with Reading(request) as (reader, _):
            total, items = reader.search(q, limit, offset)
        return page(items, total, limit, offset) | {"query": q}

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(request: Request, article_id: str = path_id()) -> dict:
        """One article (a unique id prefix is enough) with every annotation layer."""
        with Reading(request) as (reader, _):
            return article_page(reader, article_id)["article"]

    @app.get("/api/stories", tags=["stories"])
    def stories(request: Request, limit: int = Limit, offset: int = Offset) -> dict:
        with Reading(request) as (reader, snap):
            total, items = story_list(reader, snap, limit, offset)
        return page(items, total, limit, offset)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def story(request: Request, story_id: str = path_text()) -> dict:
        """A story with its articles, timeline, incidents (comparison), quotes and entities."""
        with Reading(request) as (reader, snap):
            return story_data(reader, snap, story_id)


def _list_and_get(app: FastAPI, key: str) -> None:
    def listing(
        request: Request,
        limit: int = Limit,
        offset: int = Offset,
        article: str | None = Query(None, pattern=ARTICLE_ID),
    ) -> dict:
        return _collection(request, key, limit, offset, article)

    def one(request: Request, ident: str = path_text()) -> dict:
        return _by_id(request, key, ident)

    app.get(f"/api/{key}", tags=[key], name=f"list {key}")(listing)
    app.get(f"/api/{key}/{{ident}}", tags=[key], name=f"get one of {key}")(one)


def _layer_list(app: FastAPI, key: str) -> None:
    def listing(
        request: Request,
        limit: int = Limit,
        offset: int = Offset,
        article: str | None = Query(None, pattern=ARTICLE_ID),
    ) -> dict:
        return _collection(request, key, limit, offset, article)

    app.get(f"/api/{key}", tags=[key], name=f"list {key}")(listing)


def _timeline_and_comparison(app: FastAPI) -> None:
    @app.get("/api/timeline", tags=["stories"])
    def timeline(
        request: Request,
        story: str | None = Query(None, max_length=200),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Dated entries (with precision and sources), of one story or of all."""
        with Reading(request) as (_, snap):
            if story is None:
                items = snap.timeline_entries
            elif story not in snap.stories:
                raise NotFound(f"no story {story!r} in this store; list stories at /api/stories")
            else:
                items = snap.story_timeline(story)
        return page(items[offset : offset + limit], len(items), limit, offset)

    @app.get("/api/comparison", tags=["incidents"])
    def comparison(
        request: Request,
        incident: str | None = Query(None, max_length=200),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict:
        """Per incident: each slot's status (agree|conflict|single|revision|uncertain) and the values by source."""
        with Reading(request) as (_, snap):
            chosen = (
                snap.incidents if incident is None else {incident: _by_id(request, "incidents", incident)}
            )
        items = [
            {
                "incident": i,
                "type": inc.get("type"),
                "date": inc.get("date"),
                "comparison": inc.get("comparison", []),
            }
            for i, inc in chosen.items()
        ]
        return page(items[offset : offset + limit], len(items), limit, offset)


def _export_route(app: FastAPI) -> None:
    @app.get("/api/export", tags=["export"])
    def export(
        request: Request,
        format: str = Query("json", pattern=f"^({'|'.join(FORMATS)})$"),
        limit: int | None = Query(
            None,
            ge=1,
            le=MAX_EXPORT_LIMIT,
            description=f"export a page of at most {MAX_EXPORT_LIMIT} articles (no token needed)",
        ),
        offset: int = Offset,
    ) -> StreamingResponse:
        """The store in the export schema riwaya/1 (json, jsonl, csv), as event data (acled,
        plover, graphml) or as the Markdown brief (brief), streamed; see docs/export.md. The whole
        store needs the bearer token; ``?limit=N&offset=K`` exports a page of articles with the
        corpus results that name them, without it."""
        if limit is None:
            check_token(
                request,
                "the whole-store export",
                f"or export a page with ?limit=N (N up to {MAX_EXPORT_LIMIT})",
            )
        doc = (
            run.load(request.app.state.db).export() if limit is None else _export_page(request, limit, offset)
        )
        chunks = _lines(doc) if format == "jsonl" else _chunks(FORMATS[format].write(doc))
        return StreamingResponse(chunks, media_type=FORMATS[format].media_type + "; charset=utf-8")


def _export_page(request: Request, limit: int, offset: int) -> dict[str, Any]:
    """The riwaya/1 document of articles ``offset`` to ``offset + limit`` (store order) and of the
    corpus result items that name one of them; no failures."""
    with Reading(request) as (reader, snap):
        ids = [r[0] for r in reader.db.execute(
            "SELECT id FROM articles WHERE current = 1 ORDER BY rowid LIMIT ? OFFSET ?", (limit, offset)
        )]  # fmt: skip
        articles = [reader.load_article(i) for i in ids]
        results = {k: [i for i in v if _names_any(i, set(ids))] for k, v in snap.results.items()}
    return build_export(Corpus(articles, results))


def _names_any(item: Any, ids: set[str]) -> bool:
    """Whether a string anywhere inside ``item`` (dicts, lists) is one of ``ids``."""
    stack = [item]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if value in ids:
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _chunks(text: str) -> Iterator[bytes]:
    for i in range(0, len(text), EXPORT_CHUNK):
        yield text[i : i + EXPORT_CHUNK].encode()


def _lines(doc: dict[str, Any]) -> Iterator[bytes]:
    """The JSONL export line by line (the bytes of ``FORMATS["jsonl"].write``), in chunks."""
    buffer: list[str] = []
    size = 0
    for line in to_jsonl(doc):
        buffer.append(line + "\n")
        size += len(line) + 1
        if size >= EXPORT_CHUNK:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()
