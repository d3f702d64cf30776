"""The HTTP API and web UI: ``create_app(db, token=None)`` builds the FastAPI application.

JSON under ``/api`` (OpenAPI document at ``/api/openapi.json``), server-rendered HTML pages
elsewhere. Every error, whatever raised it, is answered in one shape:
``{"error": {"code": ..., "message": ..., "detail": ...}}`` (HTML pages get the same fields
rendered). Each request reads through its own SQLite connection; ingest (POST /api/articles,
bearer token) runs the pipeline and stores the articles and the recomputed corpus results in
one transaction, so a failed request stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from riwaya.web.display import code_name, corroborated, slot_name, type_name, value_text
from riwaya.web.pages import NotFound, article_page, story_data, story_list, story_page
from riwaya.web.snapshot import Reader, SnapshotCache

log = logging.getLogger("riwaya.web.app")
WEB_DIR = Path(__file__).parent
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 10_000_000
MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_DOCS = 100
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")  # fmt: skip
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
]  # fmt: skip
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
                422: "invalid_request", 500: "internal"}  # fmt: skip


class ApiError(Exception):
    """An error answered in the one JSON shape with this status, code and message."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


# errors ----------------------------------------------------------------------------------
def error_response(request: Request, status: int, code: str, message: str, detail: Any = None) -> Response:
    """The one error shape, as JSON under /api and as an HTML page elsewhere."""
    body = {"error": {"code": code, "message": message, "detail": detail}}
    headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(body, status_code=status, headers=headers)
    html = request.app.state.templates.get_template("error.html").render(status=status, **body["error"])
    return HTMLResponse(html, status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        got = err.get("input")
        out.append({"where": loc[0] if loc else "request", "name": ".".join(loc[1:]), "problem": err.get("msg"),
                    "got": got if isinstance(got, (str, int, float, bool)) or got is None else str(got)[:200]})  # fmt: skip
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, "not_found", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = _validation_detail(exc)
        first = detail[0] if detail else {"where": "request", "name": "", "problem": "invalid"}
        message = f"invalid {first['where']} parameter {first['name']!r}: {first['problem']} (got {first.get('got')!r})"
        return error_response(request, 422, "invalid_request", message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = (
            str(exc.detail) if exc.status_code != 404 else f"no page or endpoint at {request.url.path!r}"
        )
        return error_response(request, exc.status_code, STATUS_CODES.get(exc.status_code, "error"), message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = (
            f"unexpected {type(exc).__name__} while serving {request.url.path}; the server log has details"
        )
        return error_response(request, 500, "internal", message)


class SecurityHeaders:
    """Pure ASGI middleware adding CSP and friends to every response (cheaper than BaseHTTPMiddleware)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


# the application ---------------------------------------------------------------------------
def create_app(db: str | Path, token: str | None = None, *, pipeline=None) -> FastAPI:
    """The API + UI over the store at ``db``; ingest needs ``token`` (or ``$RIWAYA_TOKEN``)."""
    from jinja2 import Environment, FileSystemLoader

    app = FastAPI(title="riwaya", version="1", description=__doc__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")  # fmt: skip
    app.state.db = str(db)
    app.state.token = token if token is not None else os.environ.get("RIWAYA_TOKEN") or None
    app.state.pipeline = pipeline
    app.state.write_lock = threading.Lock()
    app.state.templates = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True)
    app.state.templates.filters["ar"] = code_name
    app.state.templates.globals.update(
        type_name=type_name, slot_name=slot_name, value_text=value_text, corroborated=corroborated
    )
    _prepare_store(app.state.db)
    app.state.cache = SnapshotCache(app.state.db)
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    _api_routes(app)
    _ingest_route(app)
    _web_routes(app)
    return app


def _prepare_store(path: str) -> None:
    """Create/migrate the store and index articles saved before search existed."""
    from riwaya.store import search as textsearch

    reader = Reader(path)
    try:
        textsearch.backfill(reader.db)
    finally:
        reader.close()


class Reading:
    """``with Reading(request) as (reader, snapshot)``: a connection for this request only."""

    def __init__(self, request: Request):
        self.app = request.app

    def __enter__(self):
        self.reader = Reader(self.app.state.db)
        return self.reader, self.app.state.cache.current(self.reader)

    def __exit__(self, *exc):
        self.reader.close()


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="items to skip")
ArticleId = r"^[0-9a-fA-F]{4,64}$"


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


def _api_routes(app: FastAPI) -> None:
    @app.get("/api/health", tags=["meta"])
    def health(request: Request) -> dict:
        with Reading(request) as (reader, snap):
            return {"status": "ok", "articles": reader.count_articles(), "results": sorted(snap.results)}

    @app.get("/api/articles", tags=["articles"])
    def articles(request: Request, limit: int = Limit, offset: int = Offset,
                 q: str | None = Query(None, max_length=500, description="full-text search (Arabic-normalised)"),
                 outlet: str | None = Query(None, max_length=200)) -> dict:  # fmt: skip
        """Current articles in store order, or the ones matching ``q`` best first."""
        with Reading(request) as (reader, _):
            total, items = reader.search(q, limit, offset) if q else reader.articles(limit, offset, outlet)
        return page(items, total, limit, offset)

    @app.get("/api/search", tags=["articles"])
    def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
               limit: int = Limit, offset: int = Offset) -> dict:  # fmt: skip
        """Full-text search: "الامريكية" finds الأميركية and الأمريكية; each hit has a snippet."""
        with Reading(request) as (reader, _):
            total, items = reader.search(q, limit, offset)
        return page(items, total, limit, offset) | {"query": q}

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(request: Request, article_id: str = _path_id()) -> dict:
        """One article (a unique id prefix is enough) with every annotation layer."""
        with Reading(request) as (reader, _):
            return article_page(reader, article_id)["article"]

    @app.get("/api/stories", tags=["stories"])
    def stories(request: Request, limit: int = Limit, offset: int = Offset) -> dict:
        with Reading(request) as (reader, snap):
            total, items = story_list(reader, snap, limit, offset)
        return page(items, total, limit, offset)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def story(request: Request, story_id: str = _path_text()) -> dict:
        """A story with its articles, timeline, incidents (comparison), quotes and entities."""
        with Reading(request) as (reader, snap):
            return story_data(reader, snap, story_id)

    for key in ("incidents", "entities"):
        _list_and_get(app, key)
    for key in ("quotes", "events", "times"):
        _layer_list(app, key)
    _timeline_and_comparison(app)
    _export_route(app)


def _path_id():
    from fastapi import Path as PathParam

    return PathParam(..., pattern=ArticleId, description="article id (hex) or a unique prefix of it")


def _path_text():
    from fastapi import Path as PathParam

    return PathParam(..., min_length=1, max_length=200)


def _list_and_get(app: FastAPI, key: str) -> None:
    def listing(request: Request, limit: int = Limit, offset: int = Offset,
                article: str | None = Query(None, pattern=ArticleId)) -> dict:  # fmt: skip
        return _collection(request, key, limit, offset, article)

    def one(request: Request, ident: str = _path_text()) -> dict:
        return _by_id(request, key, ident)

    app.get(f"/api/{key}", tags=[key], name=f"list {key}")(listing)
    app.get(f"/api/{key}/{{ident}}", tags=[key], name=f"get one of {key}")(one)


def _layer_list(app: FastAPI, key: str) -> None:
    def listing(request: Request, limit: int = Limit, offset: int = Offset,
                article: str | None = Query(None, pattern=ArticleId)) -> dict:  # fmt: skip
        return _collection(request, key, limit, offset, article)

    app.get(f"/api/{key}", tags=[key], name=f"list {key}")(listing)


def _timeline_and_comparison(app: FastAPI) -> None:
    @app.get("/api/timeline", tags=["stories"])
    def timeline(request: Request, story: str | None = Query(None, max_length=200),
                 limit: int = Limit, offset: int = Offset) -> dict:  # fmt: skip
        """Dated entries (with precision and sources), of one story or of all."""
        with Reading(request) as (_, snap):
            if story is None:
                items = snap.timeline_entries
            elif story not in snap.stories:
                raise NotFound(f"no story {story!r} in this store; list stories at /api/stories")
            else:
                from riwaya.web.snapshot import member_ids

                items = snap.story_timeline(story, set(member_ids(snap.stories[story])))
        return page(items[offset : offset + limit], len(items), limit, offset)

    @app.get("/api/comparison", tags=["incidents"])
    def comparison(request: Request, incident: str | None = Query(None, max_length=200),
                   limit: int = Limit, offset: int = Offset) -> dict:  # fmt: skip
        """Per incident: each slot's status (agree|conflict|single) and the values by source."""
        with Reading(request) as (_, snap):
            chosen = (
                snap.incidents if incident is None else {incident: _by_id(request, "incidents", incident)}
            )
        items = [{"incident": i, "type": inc.get("type"), "date": inc.get("date"),
                  "comparison": inc.get("comparison", [])} for i, inc in chosen.items()]  # fmt: skip
        return page(items[offset : offset + limit], len(items), limit, offset)


def _export_route(app: FastAPI) -> None:
    media = {"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv"}

    @app.get("/api/export", tags=["export"])
    def export(request: Request, format: str = Query("json", pattern="^(json|jsonl|csv)$")) -> Response:
        """The whole store in the export schema riwaya/1 (json), as JSONL or as CSV."""
        from riwaya import analysis as run

        return Response(
            run.export(request.app.state.db, format), media_type=media[format] + "; charset=utf-8"
        )


# ingest --------------------------------------------------------------------------------------
INGEST_DOC = {
    "requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "properties": {"articles": {"type": "array", "items": {
            "type": "object", "required": ["text"], "properties": {k: {"type": "string"} for k in
            ("text", "title", "outlet", "url", "published")}}}}}},
        "text/plain": {"schema": {"type": "string"}},
    }},
    "security": [{"bearer": []}],
}  # fmt: skip


def check_token(request: Request) -> None:
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
    async def ingest(request: Request, title: str | None = Query(None, max_length=1000),
                     outlet: str | None = Query(None, max_length=200), url: str | None = Query(None, max_length=2000),
                     published: str | None = Query(None, max_length=40)) -> dict:  # fmt: skip
        """Analyse and store articles: JSON ``{"articles": [{text, title, outlet, url, published}]}``
        or one article as text/plain (metadata in the query). All or nothing."""
        check_token(request)
        body = await _read_body(request)
        docs = _documents(request.headers.get("content-type", ""), body, {"title": title, "outlet": outlet,
                                                                          "url": url, "date": published})  # fmt: skip
        from starlette.concurrency import run_in_threadpool

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


def _documents(content_type: str, body: bytes, query_meta: dict[str, Any]):
    from riwaya.errors import IngestError
    from riwaya.ingest.sources import decode
    from riwaya.model import RawDocument

    try:
        text, _ = decode(body)
    except IngestError as exc:
        raise ApiError(400, "bad_request", f"the request body is not text: {exc}") from exc
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        records = _json_records(text)
        return [RawDocument(r["text"], _source(r), _meta(r, "json")) for r in records]
    if kind in ("text/plain", ""):
        if not text.strip():
            raise ApiError(
                422,
                "invalid_request",
                "empty body: send the article text, or JSON with content-type application/json",
            )
        record = {"text": text, **{k: v for k, v in query_meta.items() if v}}
        return [RawDocument(text, _source(record), _meta(record, "txt"))]
    raise ApiError(
        415,
        "unsupported_media_type",
        f"content-type {kind!r} is not accepted; use application/json or text/plain",
    )


def _json_records(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400, "bad_request", f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    records = data.get("articles") if isinstance(data, dict) and "articles" in data else data
    records = [records] if isinstance(records, dict) else records
    if not isinstance(records, list) or not records:
        raise ApiError(
            422,
            "invalid_request",
            'expected {"articles": [{"text": ...}, ...]}, a list of articles or one article object',
        )
    if len(records) > MAX_DOCS:
        raise ApiError(413, "too_large", f"{len(records)} articles in one request; send at most {MAX_DOCS}")
    problems = [p for i, r in enumerate(records) for p in _record_problems(i, r)]
    if problems:
        raise ApiError(
            422,
            "invalid_request",
            f"{len(problems)} problem(s) in the articles; nothing was stored",
            problems,
        )
    return records


def _record_problems(i: int, record: Any) -> list[dict[str, Any]]:
    if not isinstance(record, dict):
        return [{"article": i, "field": None, "problem": f"expected an object, got {type(record).__name__}"}]
    out = []
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        out.append({"article": i, "field": "text", "problem": "required: a non-empty string"})
    for key in ("title", "outlet", "url", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            out.append(
                {"article": i, "field": key, "problem": f"must be a string, got {type(record[key]).__name__}"}
            )
    return out


def _source(record: dict[str, Any]) -> str:
    return record.get("url") or "api:" + hashlib.sha256(record["text"].encode()).hexdigest()[:16]


def _meta(record: dict[str, Any], fmt: str) -> dict[str, Any]:
    meta = {"format": fmt, "title": record.get("title"), "url": record.get("url"), "outlet": record.get("outlet"),
            "date": record.get("published") or record.get("date")}  # fmt: skip
    return {k: v for k, v in meta.items() if v is not None}


def _analyse_and_store(app: FastAPI, docs) -> dict[str, Any]:
    """Annotate every document; if all succeed, store them and the recomputed results atomically."""
    from riwaya import analysis as run
    from riwaya.model import Failure
    from riwaya.pipeline import Pipeline

    with app.state.write_lock:
        if app.state.pipeline is None:
            app.state.pipeline = Pipeline.build()
        pipeline = app.state.pipeline
        done = [run.process_document(doc, pipeline)[0] for doc in docs]
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


def _store_atomically(db: str, articles, pipeline) -> dict[str, int]:
    from riwaya import analysis as run
    from riwaya.corpus import Corpus
    from riwaya.store.sqlite import Store

    store = Store(db)

    def recompute():
        corpus = Corpus(list(store.iter_articles()), store.results())
        before = {a.id: a.published.to_dict(a.text) for a in corpus.articles}
        run.run_corpus_stages(corpus, pipeline)
        changed = [a for a in corpus.articles if a.published.to_dict(a.text) != before[a.id]]
        return corpus.results, changed

    try:
        return store.save_with_results(articles, recompute)
    finally:
        store.close()


# web pages -------------------------------------------------------------------------------------
def _html(request: Request, template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(request.app.state.templates.get_template(template).render(**context))


def _web_routes(app: FastAPI) -> None:
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            count, stories = story_list(reader, snap, limit, offset)
            total, recent = reader.articles(20, 0)
        return _html(request, "stories.html", stories=stories, count=count, limit=limit, offset=offset,
                     recent=recent, total=total)  # fmt: skip

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: str = _path_text()) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            html = snap.page(("story", story_id), lambda: _render_story(request, reader, snap, story_id))
        return HTMLResponse(html)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles(request: Request, limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        with Reading(request) as (reader, _):
            total, items = reader.articles(limit, offset)
        return _html(request, "articles.html", items=items, total=total, limit=limit, offset=offset)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str = _path_id()) -> HTMLResponse:
        with Reading(request) as (reader, _):
            data = article_page(reader, article_id)
        return _html(request, "article.html", **data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = Query("", max_length=500), limit: int = Limit,
               offset: int = Offset) -> HTMLResponse:  # fmt: skip
        with Reading(request) as (reader, _):
            total, hits = reader.search(q, limit, offset) if q.strip() else (0, [])
        return _html(request, "search.html", q=q, hits=hits, total=total, limit=limit, offset=offset)


def _render_story(request: Request, reader: Reader, snap, story_id: str) -> str:
    data = story_page(reader, snap, story_id)
    return request.app.state.templates.get_template("story.html").render(**data)


# serving in the background and measuring latency -----------------------------------------------
class BackgroundServer:
    """uvicorn on 127.0.0.1 and a free port, in a thread: ``with BackgroundServer(app) as url``."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1"):
        import socket

        import uvicorn

        with socket.socket() as sock:
            sock.bind((host, 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://{host}:{self.port}"

    def __enter__(self) -> str:
        import time

        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the test server did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def bench_latency(
    db: str | Path, seconds: float = 10.0, workers: int = 4, path: str | None = None
) -> dict[str, Any]:
    """Story page latency under load: ``workers`` client processes request story pages on
    loopback for ``seconds``; returns request count, errors, and p50/p95/p99 in milliseconds.

    The clients are separate processes so that they do not compete with the server for its
    interpreter lock (the server still shares this machine's cores with them). Pages cycle
    through every story, so most visits are cold renders, or request ``path`` only when given.
    """
    import multiprocessing

    app = create_app(db)
    paths = [path] if path else _story_paths(db)
    spawn = multiprocessing.get_context("spawn")
    with BackgroundServer(app) as url, spawn.Pool(workers) as pool:
        jobs = [(url, paths[k::workers] or paths, seconds) for k in range(workers)]
        results = pool.starmap(_load_client, jobs)
    samples = [t for times, _ in results for t in times]
    errors = [e for _, errs in results for e in errs]
    return _latency_report(samples, errors, seconds, len(paths)) | {"clients": workers}


def _load_client(url: str, paths: list[str], seconds: float) -> tuple[list[float], list[int]]:
    """One client process: GET ``paths`` in turn until ``seconds`` have passed."""
    import time

    import httpx

    samples: list[float] = []
    errors: list[int] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        stop_at, i = time.monotonic() + seconds, 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            status = client.get(paths[i % len(paths)]).status_code
            samples.append(time.perf_counter() - t0)
            errors += [status] if status != 200 else []
            i += 1
    return samples, errors


def _story_paths(db: str | Path) -> list[str]:
    reader = Reader(str(db))
    try:
        from urllib.parse import quote

        from riwaya.web.snapshot import Snapshot

        ids = list(Snapshot(reader.results()).stories)
    finally:
        reader.close()
    return [f"/stories/{quote(i, safe='')}" for i in ids] or ["/"]


def _latency_report(samples: list[float], errors: list[int], seconds: float, pages: int) -> dict[str, Any]:
    ordered = sorted(samples)

    def pct(q: float) -> float:
        return (
            round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
            if ordered
            else float("nan")
        )

    return {"requests": len(samples), "errors": len(errors), "seconds": seconds, "pages": pages,
            "rps": round(len(samples) / seconds, 1), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99)}  # fmt: skip
