"""The JSON routes under ``/api``: reads, export, and ingest (POST /api/articles).

Lists answer ``{"items", "total", "limit", "offset", "next_offset"}``. Ingest needs the bearer
token, reads records with :mod:`riwaya.ingest.formats`, runs the pipeline of
:mod:`riwaya.analysis` and stores the articles with the recomputed corpus results in one
transaction: a request that fails stores nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from riwaya import analysis as run
from riwaya.errors import IngestError
from riwaya.export.formats import FORMATS
from riwaya.ingest.decode import decode
from riwaya.ingest.formats import POSTED_FIELDS, RecordsRefused, posted_document, posted_records
from riwaya.model import Failure, RawDocument
from riwaya.pipeline import Pipeline
from riwaya.store.sqlite import Store
from riwaya.web.errors import ApiError
from riwaya.web.pages import NotFound, article_page, story_data, story_list
from riwaya.web.params import ARTICLE_ID, Limit, Offset, Reading, page, path_id, path_text

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_DOCS = 100
REFUSED = {  # RecordsRefused.kind -> status and code
    "not_json": (400, "bad_request"),
    "shape": (422, "invalid_request"),
    "too_many": (413, "too_large"),
    "problems": (422, "invalid_request"),
}
INGEST_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "articles": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["text"],
                                "properties": {k: {"type": "string"} for k in ("text", *POSTED_FIELDS)},
                            },
                        }
                    },
                }
            },
            "text/plain": {"schema": {"type": "string"}},
        }
    },
    "security": [{"bearer": []}],
}


def install_api_routes(app: FastAPI) -> None:
    """Every ``/api`` route; the GET routes first, then ingest."""
    _read_routes(app)
    for key in ("incidents", "entities"):
        _list_and_get(app, key)
    for key in ("quotes", "events", "times"):
        _layer_list(app, key)
    _timeline_and_comparison(app)
    _export_route(app)
    _ingest_route(app)


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
            return {"status": "ok", "articles": reader.count_articles(), "results": sorted(snap.results)}

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
    def export(request: Request, format: str = Query("json", pattern=f"^({'|'.join(FORMATS)})$")) -> Response:
        """The whole store in the export schema riwaya/1 (json, jsonl, csv), as event data (acled,
        plover, graphml) or as the Markdown brief (brief); see docs/export.md."""
        return Response(
            run.export(request.app.state.db, format),
            media_type=FORMATS[format].media_type + "; charset=utf-8",
        )


# ingest --------------------------------------------------------------------------------------
def check_token(request: Request) -> None:
    """Refuse the request unless it carries the server's bearer token (403 when ingest is off)."""
    expected = request.app.state.token
    if not expected:
        raise ApiError(
            403, "forbidden", "ingest is disabled on this server; start it with --token or RIWAYA_TOKEN"
        )
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer ") or not header[7:].strip():
        raise ApiError(
            401, "unauthorized", "missing bearer token; send the header 'Authorization: Bearer TOKEN'"
        )
    if not secrets.compare_digest(header[7:].strip().encode(), expected.encode()):
        raise ApiError(403, "forbidden", "wrong token; use the token the server was started with")


def _ingest_route(app: FastAPI) -> None:
    @app.post("/api/articles", tags=["articles"], status_code=201, openapi_extra=INGEST_DOC)
    async def ingest(
        request: Request,
        title: str | None = Query(None, max_length=1000),
        outlet: str | None = Query(None, max_length=200),
        url: str | None = Query(None, max_length=2000),
        published: str | None = Query(None, max_length=40),
    ) -> dict:
        """Analyse and store articles: JSON ``{"articles": [{text, title, outlet, url, published}]}``
        or one article as text/plain (metadata in the query). All or nothing."""
        check_token(request)
        body = await _read_body(request)
        docs = _documents(
            request.headers.get("content-type", ""),
            body,
            {"title": title, "outlet": outlet, "url": url, "date": published},
        )
        return await run_in_threadpool(_analyse_and_store, request.app, docs)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(
            413,
            "too_large",
            f"body of {declared} bytes is over the {MAX_BODY_BYTES}-byte limit; send fewer articles per request",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(
                413,
                "too_large",
                f"body is over the {MAX_BODY_BYTES}-byte limit; send fewer articles per request",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _documents(content_type: str, body: bytes, query_meta: dict[str, Any]) -> list[RawDocument]:
    """The posted articles as documents: a JSON body of records, or one text/plain article."""
    try:
        text, _ = decode(body)
    except IngestError as exc:
        raise ApiError(400, "bad_request", f"the request body is not text: {exc}") from exc
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            records = posted_records(text, MAX_DOCS)
        except RecordsRefused as exc:
            status, code = REFUSED[exc.kind]
            raise ApiError(status, code, str(exc), exc.problems) from exc
        return [posted_document(r, "json") for r in records]
    if kind in ("text/plain", ""):
        if not text.strip():
            raise ApiError(
                422,
                "invalid_request",
                "empty body: send the article text, or JSON with content-type application/json",
            )
        return [posted_document({"text": text, **{k: v for k, v in query_meta.items() if v}}, "txt")]
    raise ApiError(
        415,
        "unsupported_media_type",
        f"content-type {kind!r} is not accepted; use application/json or text/plain",
    )


def _analyse_and_store(app: FastAPI, docs: list[RawDocument]) -> dict[str, Any]:
    """Annotate every document; if all succeed, store them and the recomputed results atomically."""
    with app.state.write_lock:
        if app.state.pipeline is None:
            app.state.pipeline = Pipeline.build()
        pipeline = app.state.pipeline
        done = [item for item, _timings in run.annotate(docs, pipeline)]
        failures = [f.to_dict() for f in done if isinstance(f, Failure)]
        if failures:
            raise ApiError(
                422,
                "analysis_failed",
                f"{len(failures)} of {len(docs)} article(s) could not be analysed; nothing was stored",
                failures,
            )
        counts = _store_atomically(app.state.db, done, pipeline)
    return {"articles": [{"id": a.id, "title": a.title, "outlet": a.outlet} for a in done], "counts": counts}


def _store_atomically(db: str, articles, pipeline: Pipeline) -> dict[str, int]:
    """Save ``articles`` and the corpus stages' results over the whole store in one transaction."""
    store = Store(db)

    def recompute():
        corpus, changed = run.run_store_stages(store, pipeline)
        return corpus.results, changed

    try:
        return store.save_with_results(articles, recompute)
    finally:
        store.close()
