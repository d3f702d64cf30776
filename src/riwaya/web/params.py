"""What the API and HTML routes share: paging parameters, id parameters, a per-request reader
and the bearer-token check.

``with Reading(request) as (reader, snapshot)`` opens a SQLite connection for this request only
and the parsed corpus results of the store's current version (:class:`SnapshotCache`).
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Path as PathParam
from fastapi import Query, Request

from riwaya.web.errors import ApiError
from riwaya.web.snapshot import Reader

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 10_000_000
ARTICLE_ID = r"^[0-9a-fA-F]{4,64}$"

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="items to skip")


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
    """One page of a list: the items, the total and where the next page starts (or None)."""
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


def path_id():
    """An article id path parameter: hex, or a unique prefix of at least four digits."""
    return PathParam(..., pattern=ARTICLE_ID, description="article id (hex) or a unique prefix of it")


def path_text():
    """A story, incident or entity id path parameter."""
    return PathParam(..., min_length=1, max_length=200)


def check_token(request: Request, what: str = "ingest", otherwise: str = "") -> None:
    """Refuse the request unless it carries the server's bearer token (403 when the server has
    none). ``what`` names the guarded action in the messages, ``otherwise`` a way around it."""
    expected = request.app.state.token
    tail = f"; {otherwise}" if otherwise else ""
    if not expected:
        raise ApiError(
            403,
            "forbidden",
            f"{what} is disabled on this server; start it with --token or RIWAYA_TOKEN{tail}",
        )
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer ") or not header[7:].strip():
        raise ApiError(
            401,
            "unauthorized",
            f"{what} needs the bearer token; send the header 'Authorization: Bearer TOKEN'{tail}",
        )
    if not secrets.compare_digest(header[7:].strip().encode(), expected.encode()):
        raise ApiError(403, "forbidden", f"wrong token; use the token the server was started with{tail}")
