"""The HTML pages: stories (home), one story, one incident, one entity, articles, one article, search.

Server-rendered from the Jinja templates in ``app.state.templates``; a story page is rendered
once per version of the corpus results and kept in the snapshot's page cache.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from riwaya.web.entity_page import entity_page
from riwaya.web.incident_page import incident_page
from riwaya.web.pages import article_page, story_list, story_page
from riwaya.web.params import Limit, Offset, Reading, path_id, path_text
from riwaya.web.snapshot import Reader, Snapshot


def install_html_routes(app: FastAPI) -> None:
    """Every HTML page, and an empty /favicon.ico."""

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            count, stories = story_list(reader, snap, limit, offset)
            total, recent = reader.articles(20, 0)
        return _html(
            request,
            "stories.html",
            stories=stories,
            count=count,
            limit=limit,
            offset=offset,
            recent=recent,
            total=total,
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: str = path_text()) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            html = snap.page(("story", story_id), lambda: _render_story(request, reader, snap, story_id))
        return HTMLResponse(html)

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident(request: Request, incident_id: str = path_text()) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            data = incident_page(reader, snap, incident_id)
        return _html(request, "incident.html", **data)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity(request: Request, entity_id: str = path_text()) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            data = entity_page(reader, snap, entity_id)
        self_quotes = {"quotes_by": data["quotes_by"], "quotes_about": data["quotes_about"]}
        return _html(request, "entity.html", self_quotes=self_quotes, **data)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles(request: Request, limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        with Reading(request) as (reader, _):
            total, items = reader.articles(limit, offset)
        return _html(request, "articles.html", items=items, total=total, limit=limit, offset=offset)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(
        request: Request, article_id: str = path_id(), hl: str = Query("", pattern=HL_PATTERN)
    ) -> HTMLResponse:
        with Reading(request) as (reader, _):
            data = article_page(reader, article_id, cited=cited_range(hl))
        return _html(request, "article.html", **data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(
        request: Request, q: str = Query("", max_length=500), limit: int = Limit, offset: int = Offset
    ) -> HTMLResponse:
        with Reading(request) as (reader, _):
            total, hits = reader.search(q, limit, offset) if q.strip() else (0, [])
        return _html(request, "search.html", q=q, hits=hits, total=total, limit=limit, offset=offset)


HL_PATTERN = r"^(\d{1,9}-\d{1,9})?$"


def cited_range(hl: str) -> tuple[int, int] | None:
    """``start-end`` of the ``hl`` parameter (a cited sentence), or None."""
    if not hl:
        return None
    start, end = (int(x) for x in hl.split("-"))
    return (start, end) if start < end else None


def _html(request: Request, template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(request.app.state.templates.get_template(template).render(**context))


def _render_story(request: Request, reader: Reader, snap: Snapshot, story_id: str) -> str:
    data = story_page(reader, snap, story_id)
    return request.app.state.templates.get_template("story.html").render(**data)
