"""The corrections API: list, make and undo corrections (``/api/corrections``).

Making or undoing one needs the write token (as ingest does), names who makes it (the
``who`` field, else the ``X-Riwaya-User`` header) and why, and answers the stored correction
after the corpus results were recomputed with it. Errors use the one error shape: 400 for a
malformed correction, 404 for an id that does not exist (ids of incidents change when articles
are re-analysed), 409 for a correction that contradicts an active one.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs

from fastapi import Body, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from riwaya import corrections
from riwaya.web.errors import ApiError
from riwaya.web.params import check_token, path_text

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
        check_token(request, what="corrections")
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
        check_token(request, what="corrections")
        who = str((body or {}).get("who") or request.headers.get("x-riwaya-user") or "")
        return await run_in_threadpool(
            _guard, corrections.undo_correction, request.app.state.db, correction_id, who=who
        )

    @app.post("/corrections", include_in_schema=False)
    async def make_from_page(request: Request) -> Response:
        """The pages' correction forms (no script): the token as a form field, then back to the page."""
        many = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        form = {k: values[-1] for k, values in many.items()}  # a field given twice: its last value
        _check_form_token(request, form.get("token", ""))
        back = form.get("back", "/") if form.get("back", "/").startswith("/") else "/"
        who, why = form.get("who", ""), form.get("why", "")
        if form.get("undo"):
            await run_in_threadpool(
                _guard, corrections.undo_correction, request.app.state.db, form["undo"], who=who
            )
        else:
            if (
                form.get("claim_key", "").count("|") == 3
            ):  # the reject form's one select: slot|article|start|end
                form["slot"], form["article"], form["start"], form["end"] = form["claim_key"].split("|")
            given = {k: _form_value(k, form, many) for k in FIELDS if k in form}
            await run_in_threadpool(
                _guard, corrections.add_correction, request.app.state.db, form.get("kind", ""), who=who, why=why,
                **given,
            )  # fmt: skip
        return RedirectResponse(back, status_code=303)


def _form_value(key: str, form: dict[str, str], many: dict[str, list[str]]) -> Any:
    if key in ("articles", "entities", "spellings"):
        return [v for v in many.get(key, []) if v]
    if key in ("start", "end"):
        return int(form[key]) if form[key].isdigit() else None
    return form[key]


def _check_form_token(request: Request, token: str) -> None:
    expected = request.app.state.token
    if not expected:
        raise ApiError(403, "forbidden", "corrections are disabled on this server; start it with --token")
    if not token or not secrets.compare_digest(token.encode(), expected.encode()):
        raise ApiError(403, "forbidden", "wrong or missing write token")


def _guard(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except corrections.CorrectionError as exc:
        code = {404: "not_found", 409: "conflict"}.get(exc.status, "bad_request")
        raise ApiError(exc.status, code, str(exc)) from exc
