"""The HTTP side of issue 23 on a real uvicorn server: every malformed ingest body is a 4xx in the
one error shape and the same keep-alive connection serves the next request; HEAD on GET pages;
the export streams, needs the token for the whole store, and writes the same bytes in every
process."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from api_store import build_store
from riwaya.analysis import export as export_text
from riwaya.bench.latency import BackgroundServer
from riwaya.export.formats import FORMATS
from riwaya.pipeline import REGISTRY, Pipeline
from riwaya.store.sqlite import Store
from riwaya.web.app import create_app
from riwaya.web.ingest import MAX_BODY_BYTES

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = "application/json"
DEEP = 100_000
MALFORMED = {
    "deep arrays": (b"[" * DEEP + b"]" * DEEP, JSON, 400),
    "deep objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, JSON, 400),
    "deep inside a record": (b'{"text": "x", "title": ' + b"[" * DEEP + b"]" * DEEP + b"}", JSON, 400),
    "surrogate in text": (rb'{"text": "\u0646\u0635 \ud800 \u0646\u0635"}', JSON, 422),
    "surrogate in title": (rb'{"text": "\u0646\u0635", "title": "x\ud800"}', JSON, 422),
    "surrogate in outlet": (rb'{"articles": [{"text": "\u0646\u0635", "outlet": "\udfff"}]}', JSON, 422),
    "surrogate in url": (rb'[{"text": "\u0646\u0635", "url": "https://a.example/\udbff"}]', JSON, 422),
    "surrogate in published": (rb'{"text": "\u0646\u0635", "published": "2024-\ud800"}', JSON, 422),
    "surrogate in date": (rb'{"text": "\u0646\u0635", "date": "\ud800"}', JSON, 422),
    "text is a list": (b'{"articles": [{"text": ["a"]}]}', JSON, 422),
    "title is a number": (b'{"text": "x", "title": 5}', JSON, 422),
    "articles is a number": (b'{"articles": 5}', JSON, 422),
    "a bare number": (b"5", JSON, 422),
    "null": (b"null", JSON, 422),
    "record is a string": (b'["text"]', JSON, 422),
    "huge integer": (b'{"text": "x", "title": ' + b"9" * 5000 + b"}", JSON, 400),
    "NaN text": (b'{"text": NaN}', JSON, 422),
    "truncated JSON": (b'{"articles": [{"text": "x"', JSON, 400),
    "not UTF-8": (b"\xff\xfe\xfa" * 20, JSON, 400),
    "binary text": (b"ab\x00\x00cd" * 10, "text/plain", 400),
    "empty body": (b"", "text/plain", 400),
    "blank text": (b"   \n ", "text/plain", 422),
    "xml": (b"<a/>", "application/xml", 415),
    "form": (b"a=1", "application/x-www-form-urlencoded", 415),
    "multipart": (b"--x--", "multipart/form-data; boundary=x", 415),
    "over the size limit": (b"x" * (MAX_BODY_BYTES + 1), "text/plain", 413),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("http") / "store.db"
    build_store(path)
    Pipeline.build(["clean", "segment"])
    app = create_app(path, token=TOKEN, pipeline=Pipeline([REGISTRY["clean"], REGISTRY["segment"]]))
    with BackgroundServer(app) as url:
        yield url, path, app
    app.state.ingest.close()


@pytest.fixture
def http(server):
    """One connection, reused: a reset after an error would raise on the next request."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with httpx.Client(base_url=server[0], timeout=60, limits=limits) as client:
        yield client


def assert_error(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"} and error["message"]
    return error


@pytest.mark.parametrize("name", list(MALFORMED))
def test_http_malformed_ingest_is_4xx_and_keeps_the_connection(server, http, name):
    body, ctype, status = MALFORMED[name]
    with Store(server[1]) as store:
        before = store.count()
    response = http.post("/api/articles", content=body, headers=AUTH | {"content-type": ctype})
    assert_error(response, status)
    assert http.get("/api/health").status_code == 200  # same connection, no reset
    with Store(server[1]) as store:
        assert store.count() == before


def test_http_oversized_chunked_body_is_413(http):
    def chunks():
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536

    response = http.post("/api/articles", content=chunks(), headers=AUTH | {"content-type": "text/plain"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413)
    assert http.get("/api/health").status_code == 200


def test_http_surrogate_problem_names_the_field(http):
    body, ctype, _ = MALFORMED["surrogate in outlet"]
    error = assert_error(
        http.post("/api/articles", content=body, headers=AUTH | {"content-type": ctype}), 422
    )
    assert [(p["article"], p["field"]) for p in error["detail"]] == [(0, "outlet")]
    assert "U+DFFF" in error["detail"][0]["problem"]


def test_http_unexpected_error_is_500_and_keeps_the_connection(server, http, monkeypatch):
    from riwaya.web import snapshot

    monkeypatch.setattr(snapshot.Reader, "count_articles", lambda self: 1 / 0)
    assert "ZeroDivisionError" in assert_error(http.get("/api/health"), 500)["message"]
    monkeypatch.undo()
    assert http.get("/api/health").status_code == 200


@pytest.mark.parametrize("path", ["/", "/stories/s1", "/search?q=الجسر", "/api/health", "/api/stories/s1"])
def test_http_head_answers_200_without_a_body(http, path):
    got = http.get(path)
    head = http.head(path)
    assert head.status_code == 200 == got.status_code
    assert head.content == b"" and got.content
    assert head.headers["content-type"] == got.headers["content-type"]
    assert http.get("/api/health").status_code == 200


def test_http_head_on_a_missing_page_is_404(http):
    assert http.head("/stories/nope").status_code == 404


def test_http_export_needs_the_token_or_a_page(http):
    assert assert_error(http.get("/api/export"), 401)["code"] == "unauthorized"
    assert (
        "?limit=N"
        in assert_error(http.get("/api/export", headers={"Authorization": "Bearer x"}), 403)["message"]
    )
    assert_error(http.get("/api/export", params={"limit": 100_000}), 422)
    first = http.get("/api/export", params={"limit": 3})
    second = http.get("/api/export", params={"limit": 3, "offset": 3}).json()
    assert first.headers.get("transfer-encoding") == "chunked"
    ids = [a["id"] for a in first.json()["articles"]]
    assert len(ids) == 3 and [a["id"] for a in second["articles"]] not in ([], ids)
    assert len(second["articles"]) == 1


def test_http_export_page_keeps_the_results_that_name_its_articles(http):
    doc = http.get("/api/export", params={"limit": 1}).json()
    (only,) = [a["id"] for a in doc["articles"]]
    assert doc["stories"] and all(only in str(s) for s in doc["stories"])
    assert len(doc["stories"]) < len(http.get("/api/export", headers=AUTH).json()["stories"])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_http_export_streams_every_format_byte_for_byte(server, http, fmt):
    response = http.get("/api/export", params={"format": fmt}, headers=AUTH)
    assert response.status_code == 200 and response.headers.get("transfer-encoding") == "chunked"
    assert response.headers["content-type"].startswith(FORMATS[fmt].media_type)
    expected = export_text(server[1], fmt)
    assert expected and response.content == expected.encode()


def test_http_export_bytes_are_the_same_in_every_process(server):
    """Two processes with different hash seeds export the same store to the same bytes."""
    script = "import sys; from riwaya.analysis import export; sys.stdout.buffer.write(export(sys.argv[1], sys.argv[2]).encode())"

    def run(seed: str, fmt: str) -> bytes:
        env = os.environ | {"PYTHONHASHSEED": seed}
        return subprocess.run([sys.executable, "-c", script, str(server[1]), fmt], env=env,
                              capture_output=True, check=True, timeout=120).stdout  # fmt: skip

    for fmt in FORMATS:
        first = run("1", fmt)
        assert first and first == run("2", fmt), fmt
