"""HTTP API reads: lists, pagination, search with Arabic normalisation, stories, the one error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api_store import build_store
from riwaya.bench.latency import bench_latency
from riwaya.web.app import create_app
from riwaya.web.params import MAX_LIMIT


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store[0], token="s3cret"), raise_server_exceptions=False)


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"}
    assert error["code"] == code and error["message"]
    return error


def test_api_articles_paginate_with_next_offset(client):
    first = client.get("/api/articles", params={"limit": 3}).json()
    second = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == 4 and len(first["items"]) == 3 and first["next_offset"] == 3
    assert len(second["items"]) == 1 and second["next_offset"] is None
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in second["items"])


def test_api_search_folds_hamza_and_spelling_variants(client, store):
    ids = store[1]
    hits = client.get("/api/search", params={"q": "الامريكية"}).json()
    assert {h["id"] for h in hits["items"]} == {ids["bridge_one"], ids["bridge_two"]}
    snippet = next(h["snippet"] for h in hits["items"] if h["id"] == ids["bridge_one"])
    assert "ميركية" in snippet["text"][snippet["hit_start"] : snippet["hit_end"]]


def test_api_search_treats_fts_syntax_as_words(client):
    for query in ['") OR *', "NEAR(a b)", "a AND", '"', "*"]:
        response = client.get("/api/search", params={"q": query})
        assert response.status_code == 200, query
        assert response.json()["total"] == 0


def test_api_article_by_prefix_has_layers(client, store):
    ident = store[1]["bridge_one"]
    body = client.get(f"/api/articles/{ident[:8]}").json()
    assert body["id"] == ident
    quote = body["layers"]["quotes"][0]
    assert body["text"][quote["content"]["start"] : quote["content"]["end"]] == quote["content"]["text"]


def test_api_story_gathers_timeline_and_comparison(client, store):
    body = client.get("/api/stories/s1").json()
    assert [a["id"] for a in body["articles"]] == [
        store[1][k] for k in ("bridge_one", "bridge_two", "injection")
    ]
    assert [e["date"] for e in body["timeline"]][:2] == ["2024-03-05", "2024-03"]
    slots = {s["slot"]: s["status"] for s in body["incidents"][0]["comparison"]}
    assert slots == {"weapon": "conflict", "casualties": "agree"}
    assert {q["id"] for q in body["quotes"]} == {"q1", "q2"}
    assert body["articles"][1]["membership"] == {"score": 0.8, "reason": "tfidf"}


def test_api_collections_fall_back_to_article_layers(client, store):
    quotes = client.get("/api/quotes", params={"article": store[1]["bridge_two"]}).json()
    assert [q["id"] for q in quotes["items"]] == ["q2"]
    entities = client.get("/api/entities").json()
    assert {e["label"] for e in entities["items"]} == {"PER", "ORG"}
    assert client.get("/api/comparison", params={"incident": "i1"}).json()["items"][0]["incident"] == "i1"


def test_api_openapi_lists_every_resource(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/search",
        "/api/stories/{story_id}",
        "/api/incidents",
        "/api/entities",
        "/api/quotes",
        "/api/timeline",
        "/api/comparison",
        "/api/export",
    ):
        assert path in paths
    assert "post" in paths["/api/articles"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": MAX_LIMIT + 1},
        {"limit": 10**12},
        {"limit": 0},
        {"limit": "ten"},
        {"offset": -1},
        {"offset": "1e3"},
        {"limit": "1; DROP TABLE articles"},
    ],
)
def test_api_bad_pagination_is_422_in_one_shape(client, params):
    error = assert_error_shape(client.get("/api/articles", params=params), 422, "invalid_request")
    assert error["detail"][0]["name"] in params


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories/nope",
        "/api/incidents/nope",
        "/api/entities/nope",
        "/api/articles/ffffffffffffffff",
        "/api/timeline?story=nope",
        "/api/nowhere",
    ],
)
def test_api_unknown_ids_are_404_in_one_shape(client, url):
    assert_error_shape(client.get(url), 404, "not_found")


def test_api_malformed_ids_and_formats_are_422(client):
    assert_error_shape(client.get("/api/articles/<script>"), 422, "invalid_request")
    assert_error_shape(client.get("/api/export", params={"format": "xml"}), 422, "invalid_request")
    assert_error_shape(client.get("/api/search"), 422, "invalid_request")
    assert_error_shape(client.get("/api/search", params={"q": "x" * 501}), 422, "invalid_request")


def test_api_wrong_method_is_405_in_one_shape(client):
    assert_error_shape(client.delete("/api/articles"), 405, "method_not_allowed")


def test_api_unexpected_exception_is_json_500(store, monkeypatch):
    from riwaya.web import snapshot as data

    app = create_app(store[0])
    monkeypatch.setattr(data.Reader, "articles", lambda *a, **k: 1 / 0)
    response = TestClient(app, raise_server_exceptions=False).get("/api/articles")
    error = assert_error_shape(response, 500, "internal")
    assert "ZeroDivisionError" in error["message"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_api_export_formats(client):
    auth = {"Authorization": "Bearer s3cret"}
    doc = client.get("/api/export", headers=auth).json()
    assert doc["schema"] == "riwaya/1" and len(doc["articles"]) == 4
    assert client.get("/api/export", params={"format": "csv"}, headers=auth).text.startswith("kind,article")


def test_api_bench_latency_counts_requests_from_client_processes(store):
    report = bench_latency(store[0], seconds=1.0, workers=2)
    assert report["clients"] == 2 and report["errors"] == 0 and report["requests"] > 0
    assert report["p50_ms"] <= report["p95_ms"] <= report["p99_ms"]
