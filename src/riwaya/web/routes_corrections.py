"""The corrections API: list, make and undo corrections (``/api/corrections``).

Making or undoing one needs the write token (as ingest does), names who makes it (the
``who`` field, else the ``X-Riwaya-User`` header) and why, and answers the stored correction
after the corpus results were recomputed with it. Errors use the one error shape: 400 for a
malformed correction, 404 for an id that does not exist (ids of incidents change when articles
are re-analysed), 409 for a correction that contradicts an active one.
"""

from __future__ import annotations

from typing import Any

from fastapi import Body, FastAPI, Request
from starlette.concurrency import run_in_threadpool

from riwaya import corrections
from riwaya.web.errors import ApiError
from riwaya.web.params import path_text
from riwaya.web.routes_api import check_token

FIELDS = (
    "incident",
    "into",
    "articles",
    "slot",
    "article",
    "start",
    "end",
    "entities",
    "entity",
    "spellings",
)


def install_correction_routes(app: FastAPI) -> None:
    @app.get("/api/corrections", tags=["corrections"])
    def list_all(request: Request) -> dict[str, Any]:
        """Every correction ever made, undone ones included, in the order made."""
        items = corrections.list_corrections(request.app.state.db)
        return {"items": items, "total": len(items)}

    @app.post("/api/corrections", tags=["corrections"], status_code=201)
    async def make(request: Request, body: dict[str, Any] = Body(...)) -> dict[str, Any]:
        """Make a correction: ``kind`` (merge_incidents, split_incident, reject_claim,
        merge_entities, split_entity), its target fields, ``why`` and ``who``."""
        check_token(request)
        given = {k: body[k] for k in FIELDS if k in body}
        who = str(body.get("who") or request.headers.get("x-riwaya-user") or "")
        return await run_in_threadpool(
            _guard, corrections.add_correction, request.app.state.db, str(body.get("kind")),
            who=who, why=str(body.get("why") or ""), **given,
        )  # fmt: skip

    @app.post("/api/corrections/{correction_id}/undo", tags=["corrections"])
    async def undo(
        request: Request, correction_id: str = path_text(), body: dict[str, Any] | None = Body(None)
    ):
        """Undo a correction (it stays in the history, marked undone)."""
        check_token(request)
        who = str((body or {}).get("who") or request.headers.get("x-riwaya-user") or "")
        return await run_in_threadpool(
            _guard, corrections.undo_correction, request.app.state.db, correction_id, who=who
        )


def _guard(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except corrections.CorrectionError as exc:
        code = {404: "not_found", 409: "conflict"}.get(exc.status, "bad_request")
        raise ApiError(exc.status, code, str(exc)) from exc
