"""The HTTP API and web UI: ``create_app(db, token=None)`` builds the FastAPI application.

JSON under ``/api`` (OpenAPI document at ``/api/openapi.json``), server-rendered HTML pages
elsewhere. Every error, whatever raised it, is answered in one shape:
``{"error": {"code": ..., "message": ..., "detail": ...}}`` (HTML pages get the same fields
rendered). Each request reads through its own SQLite connection. Ingest (POST /api/articles,
bearer token) annotates in a worker process, stores a request's articles all or nothing in one
short transaction and recomputes the corpus results in the background
(:mod:`riwaya.web.ingest`). ``HEAD`` is answered on every GET route, without a body.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context

from riwaya.display import (
    code_name,
    corroborated,
    count_phrase,
    isolate_bidi,
    membership_reason,
    removal_name,
    slot_name,
    status_name,
    type_name,
    value_text,
)
from riwaya.pipeline import Pipeline
from riwaya.store import search as textsearch
from riwaya.web.errors import SECURITY_HEADERS, install_error_handlers
from riwaya.web.routes_api import install_api_routes
from riwaya.web.routes_corrections import install_correction_routes
from riwaya.web.routes_html import install_html_routes
from riwaya.web.snapshot import Reader, SnapshotCache

WEB_DIR = Path(__file__).parent


@pass_context
def shown(context: Context, value: Any) -> Any:
    """Every value a page prints: a source known only by its file's name is named as an unknown
    source (the page's ``rename_outlets``, from its snapshot), never by the file; bidi controls
    are isolated."""
    rename = context.get("rename_outlets")
    if rename is not None and isinstance(value, str):
        value = rename(value)
    return isolate_bidi(value)


def create_app(db: str | Path, token: str | None = None, *, pipeline: Pipeline | None = None) -> FastAPI:
    """The API + UI over the store at ``db``; ingest needs ``token`` (or ``$RIWAYA_TOKEN``).

    ``pipeline`` analyses ingested articles (built on the first ingest when None)."""
    app = FastAPI(
        title="riwaya",
        version="1",
        description=__doc__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    app.state.db = str(db)
    app.state.token = token if token is not None else os.environ.get("RIWAYA_TOKEN") or None
    app.state.pipeline = pipeline
    app.state.templates = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True, finalize=shown
    )
    app.state.templates.filters["ar"] = code_name
    app.state.templates.filters["slot_label"] = slot_name
    app.state.templates.globals.update(
        type_name=type_name,
        slot_name=slot_name,
        value_text=value_text,
        corroborated=corroborated,
        status_name=status_name,
        count_phrase=count_phrase,
        membership_reason=membership_reason,
        removal_name=removal_name,
    )
    prepare_store(app.state.db)
    app.state.cache = SnapshotCache(app.state.db)
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    install_api_routes(app)
    install_correction_routes(app)
    install_html_routes(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.ingest.close()


def prepare_store(path: str) -> None:
    """Create/migrate the store and index articles saved before search existed."""
    reader = Reader(path)
    try:
        textsearch.backfill(reader.db)
    finally:
        reader.close()


class HeadAsGet:
    """Pure ASGI middleware: ``HEAD`` runs the GET route and sends its status and headers only."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


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
