"""HTTP errors: every failure, whatever raised it, answered in one shape.

``{"error": {"code": ..., "message": ..., "detail": ...}}`` as JSON under ``/api`` (and to
clients that do not ask for HTML), else the same fields rendered as an HTML page. Responses
built here carry the security headers themselves. An unexpected exception is answered by
:class:`CatchAll` (a 500 in the same shape) and goes no further, so the server keeps the
connection open for the client's next request.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from riwaya.web.pages import NotFound

log = logging.getLogger("riwaya.web.app")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered in the one JSON shape with this status, code and message."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


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
        plain = isinstance(got, (str, int, float, bool)) or got is None
        out.append(
            {
                "where": loc[0] if loc else "request",
                "name": ".".join(loc[1:]),
                "problem": err.get("msg"),
                "got": got if plain else str(got)[:200],
            }
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Answer ApiError, NotFound, invalid parameters, HTTP errors and any other exception."""

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

    app.add_middleware(CatchAll)


class CatchAll:
    """Pure ASGI middleware: any exception the routes let through becomes a 500 in the one shape.

    Starlette's own last-resort handler re-raises after answering, and uvicorn then drops the
    connection; this one does not. An error after the response started (a stream cut short)
    can only be logged."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - the last resort: answer, never re-raise
            request = Request(scope)
            log.exception("unexpected error on %s", request.url.path)
            if started:
                return
            message = f"unexpected {type(exc).__name__} while serving {request.url.path}; the server log has details"
            await error_response(request, 500, "internal", message)(scope, receive, send)
