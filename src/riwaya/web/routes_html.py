"""The HTML pages: stories (home), one story, one incident, one entity, articles, one article, search.

Server-rendered from the Jinja templates in ``app.state.templates``; a story page is rendered
once per version of the corpus results and kept in the snapshot's page cache.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from riwaya.resources import read_json
from riwaya.results import Story
from riwaya.text.normalize import fold
from riwaya.web.entity_page import entity_page
from riwaya.web.incident_page import incident_list, incident_page
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
    def articles(
        request: Request,
        limit: int = Limit,
        offset: int = Offset,
        outlet: str = Query("", max_length=200),
        since: str = Query("", pattern=DAY_PATTERN),
        until: str = Query("", pattern=DAY_PATTERN),
        lang: str = Query("", pattern=LANG_PATTERN),
    ) -> HTMLResponse:
        filters = {"outlet": outlet, "since": since, "until": until, "lang": lang}
        with Reading(request) as (reader, _):
            total, items = reader.articles(
                limit, offset, outlet or None, since or None, until or None, lang or None
            )
            facets = reader.facets()
        return _html(request, "articles.html", items=items, total=total, limit=limit, offset=offset,
                     filters=filters, query=query_string(filters), facets=facets)  # fmt: skip

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def incidents(
        request: Request,
        limit: int = Limit,
        offset: int = Offset,
        type: str = Query("", max_length=60, pattern=r"^[a-z_.]*$"),
        since: str = Query("", pattern=DAY_PATTERN),
        until: str = Query("", pattern=DAY_PATTERN),
        q: str = Query("", max_length=200),
    ) -> HTMLResponse:
        filters = {"type": type, "since": since, "until": until, "q": q}
        with Reading(request) as (reader, snap):
            total, items, types = incident_list(snap, filters, limit, offset)
        return _html(request, "incidents.html", items=items, total=total, limit=limit, offset=offset,
                     filters=filters, query=query_string(filters), types=types)  # fmt: skip

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(
        request: Request, article_id: str = path_id(), hl: str = Query("", pattern=HL_PATTERN)
    ) -> HTMLResponse:
        with Reading(request) as (reader, _):
            data = article_page(reader, article_id, cited=cited_range(hl))
        return _html(request, "article.html", **data)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        """The HTTP API in Arabic: each endpoint and what it does (the OpenAPI JSON is linked)."""
        return _html(request, "api.html", endpoints=api_endpoints(request.app))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(
        request: Request, q: str = Query("", max_length=500), limit: int = Limit, offset: int = Offset
    ) -> HTMLResponse:
        with Reading(request) as (reader, snap):
            total, hits = reader.search(q, limit, offset) if q.strip() else (0, [])
            stories = matching_stories(snap, q) if q.strip() and not offset else []
            incidents = incident_list(snap, {"q": q}, SEARCH_OTHERS, 0)[1] if q.strip() and not offset else []
        return _html(request, "search.html", q=q, hits=hits, total=total, limit=limit, offset=offset,
                     stories=stories, incidents=incidents)  # fmt: skip


HL_PATTERN = r"^(\d{1,9}-\d{1,9})?$"
DAY_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
LANG_PATTERN = r"^([a-z]{2,3})?$"


SEARCH_OTHERS = 10  # stories and incidents a search lists above the article hits


def matching_stories(snap: Snapshot, q: str) -> list[Story]:
    """Stories whose title contains the query (folded: hamza, vowel marks, ta marbuta)."""
    key = fold(q.strip())
    found = [s for s in snap.stories_by_size if key and key in fold(s.title or "")]
    return found[:SEARCH_OTHERS]


def api_endpoints(app: FastAPI) -> list[dict[str, str]]:
    """Every ``/api`` route with its method and its Arabic description (``api`` in display_ar.json)."""
    names = read_json("display_ar.json")["api"]
    found = []
    for route in app.routes:
        path = getattr(route, "path", "")
        for method in sorted(getattr(route, "methods", None) or ()):
            if path.startswith("/api/") and method in ("GET", "POST") and path != "/api/openapi.json":
                found.append({"method": method, "path": path, "about": names.get(f"{method} {path}", "")})
    return sorted(found, key=lambda e: (e["path"], e["method"]))


def query_string(filters: dict[str, str]) -> str:
    """The filters that are set, as a URL query (without ``?``), for pager links."""
    return urlencode({k: v for k, v in filters.items() if v})


def cited_range(hl: str) -> tuple[int, int] | None:
    """``start-end`` of the ``hl`` parameter (a cited sentence), or None."""
    if not hl:
        return None
    start, end = (int(x) for x in hl.split("-"))
    return (start, end) if start < end else None


def _html(request: Request, template: str, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context`` and the current snapshot's unknown-source names."""
    snap = request.app.state.cache.snapshot
    rename = snap.rename_outlets if snap is not None else None
    page = request.app.state.templates.get_template(template).render(rename_outlets=rename, **context)
    return HTMLResponse(page)


def _render_story(request: Request, reader: Reader, snap: Snapshot, story_id: str) -> str:
    data = story_page(reader, snap, story_id)
    template = request.app.state.templates.get_template("story.html")
    return template.render(rename_outlets=snap.rename_outlets, **data)
