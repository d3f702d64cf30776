"""HTTP ingest: bearer token, JSON and text bodies, all-or-nothing storage, corpus stages in the
background, ingest while reading."""

from __future__ import annotations

import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from api_store import build_store
from riwaya.bench.latency import BackgroundServer
from riwaya.pipeline import REGISTRY, Component, Pipeline
from riwaya.store.sqlite import Store
from riwaya.web.app import create_app
from riwaya.web.ingest import MAX_BODY_BYTES, MAX_DOCS

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW = {"title": "افتتاح مكتبة عامة في الحي القديم", "outlet": "صحيفة الوادي", "published": "2024-03-08",
       "text": "افتتاح مكتبة عامة في الحي القديم\nافتتحت البلدية مكتبة عامة جديدة تضم ألف كتاب للأطفال."}  # fmt: skip


def light_pipeline(*extra: Component) -> Pipeline:
    return Pipeline([REGISTRY["clean"], REGISTRY["segment"], *extra])


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    build_store(path)
    return path


@pytest.fixture
def client(store_path):
    Pipeline.build(["clean", "segment"])  # registers the step modules
    app = create_app(store_path, token=TOKEN, pipeline=light_pipeline())
    return TestClient(app, raise_server_exceptions=False)


def count(path) -> int:
    with Store(path) as store:
        return store.count()


def test_api_ingest_json_stores_and_is_searchable(client, store_path):
    response = client.post("/api/articles", json={"articles": [NEW]}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["counts"]["added"] == 1 and count(store_path) == 5
    hits = client.get("/api/search", params={"q": "مكتبه"}).json()["items"]
    assert [h["id"] for h in hits] == [response.json()["articles"][0]["id"]]


def test_api_ingest_plain_text_takes_metadata_from_query(client):
    response = client.post("/api/articles", content=NEW["text"].encode(), params={"outlet": "الأفق"},
                           headers=AUTH | {"content-type": "text/plain; charset=utf-8"})  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["articles"][0]["outlet"] == "الأفق"


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer nope"}, 403), ({"Authorization": "Basic " + TOKEN}, 401)],
)
def test_api_ingest_needs_the_right_token(client, store_path, headers, status):
    response = client.post("/api/articles", json=NEW, headers=headers)
    assert response.status_code == status and response.json()["error"]["code"] in (
        "unauthorized",
        "forbidden",
    )
    assert count(store_path) == 4


def test_api_ingest_disabled_without_server_token(store_path, monkeypatch):
    monkeypatch.delenv("RIWAYA_TOKEN", raising=False)
    client = TestClient(create_app(store_path), raise_server_exceptions=False)
    response = client.post("/api/articles", json=NEW, headers=AUTH)
    assert response.status_code == 403 and "--token" in response.json()["error"]["message"]


@pytest.mark.parametrize(("body", "ctype", "status"), [
    (b"{not json", "application/json", 400),
    (b'{"articles": []}', "application/json", 422),
    (b'{"articles": [{"title": "no text"}]}', "application/json", 422),
    (b'[{"text": "x", "title": 5}]', "application/json", 422),
    (b"ab\x00\x00cd" * 10, "text/plain", 400),
    (b"   ", "text/plain", 422),
    (b"<a/>", "application/xml", 415),
])  # fmt: skip
def test_api_ingest_rejects_bad_bodies_and_stores_nothing(client, store_path, body, ctype, status):
    response = client.post("/api/articles", content=body, headers=AUTH | {"content-type": ctype})
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == {"code", "message", "detail"}
    assert count(store_path) == 4


def test_api_ingest_limits_batch_and_body_size(client, store_path):
    many = client.post("/api/articles", json=[NEW] * (MAX_DOCS + 1), headers=AUTH)
    huge = client.post(
        "/api/articles", content=b"x" * (MAX_BODY_BYTES + 1), headers=AUTH | {"content-type": "text/plain"}
    )
    assert many.status_code == 413 and huge.status_code == 413
    assert count(store_path) == 4


def test_api_ingest_is_all_or_nothing_when_one_article_fails(store_path):
    def explode(article):
        if "انفجار المكون" in article.text:
            raise ValueError("boom")

    app = create_app(
        store_path,
        token=TOKEN,
        pipeline=light_pipeline(Component("explode", "1", "article", (), (), explode)),
    )
    bad = {"text": "نص فيه انفجار المكون عمدا"}
    response = TestClient(app, raise_server_exceptions=False).post(
        "/api/articles", json=[NEW, bad], headers=AUTH
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "analysis_failed"
    assert "boom" in response.json()["error"]["detail"][0]["reason"]
    assert count(store_path) == 4


def test_api_ingest_keeps_results_and_records_a_failing_corpus_stage(store_path):
    def broken_stage(corpus):
        corpus.put("stories", [])
        raise RuntimeError("stage bug")

    stage = Component("broken", "1", "corpus", (), ("stories",), broken_stage)
    app = create_app(store_path, token=TOKEN, pipeline=light_pipeline(stage))
    response = TestClient(app, raise_server_exceptions=False).post("/api/articles", json=NEW, headers=AUTH)
    assert response.status_code == 201 and response.json()["results"] == "updating"
    assert app.state.ingest.wait_idle(60) and app.state.ingest.refreshed == 1
    with Store(store_path) as store:
        assert store.count() == 5 and len(store.results()["stories"]) == 2
        reasons = [f.reason for f in store.failures() if f.stage == "broken"]
    assert len(reasons) == 1 and "stage bug" in reasons[0]


def test_api_ingest_runs_corpus_stages_in_the_background(store_path):
    """The response comes before the stages finish; readers see the old results meanwhile."""
    started, release = threading.Event(), threading.Event()

    def slow_stage(corpus):
        started.set()
        assert release.wait(30)
        corpus.put("stories", [])

    stage = Component("slow", "1", "corpus", (), ("stories",), slow_stage)
    app = create_app(store_path, token=TOKEN, pipeline=light_pipeline(stage))
    client = TestClient(app, raise_server_exceptions=False)
    assert client.post("/api/articles", json=NEW, headers=AUTH).status_code == 201
    assert started.wait(30) and client.get("/api/health").json()["updating"] is True
    assert client.get("/api/stories").json()["total"] == 2
    release.set()
    assert app.state.ingest.wait_idle(30)
    assert client.get("/api/stories").json()["total"] == 0
    assert client.get("/api/health").json()["updating"] is False


def test_api_ingest_annotates_in_a_worker_process(store_path):
    """A pipeline of registered components runs in a spawned, low-priority worker process."""
    Pipeline.build(["clean", "segment"])
    app = create_app(store_path, token=TOKEN, pipeline=light_pipeline())
    worker = app.state.ingest
    assert not worker.in_process and worker.names == ["clean", "segment"]
    response = TestClient(app).post("/api/articles", json=NEW, headers=AUTH)
    assert response.status_code == 201 and count(store_path) == 5
    assert set(worker.pools) >= {"annotate"} and worker.wait_idle(60)
    worker.close()


def test_api_concurrent_ingest_while_pages_are_read(store_path):
    Pipeline.build(["clean", "segment"])
    app = create_app(store_path, token=TOKEN, pipeline=light_pipeline())
    statuses: list[int] = []
    with BackgroundServer(app) as url:
        done = threading.Event()

        def read():
            with httpx.Client(base_url=url, timeout=30) as http:
                while not done.is_set():
                    for path in (
                        "/stories/s1",
                        "/api/articles?limit=200",
                        "/search?q=الجسر",
                        "/api/stories/s1",
                    ):
                        statuses.append(http.get(path).status_code)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        with httpx.Client(base_url=url, timeout=60, headers=AUTH) as http:
            posted = [http.post("/api/articles", json={**NEW, "text": NEW["text"] + f" رقم {i}"}).status_code
                      for i in range(5)]  # fmt: skip
        done.set()
        for t in readers:
            t.join()
        final = httpx.get(url + "/api/articles", params={"limit": 200}).json()
    assert posted == [201] * 5
    assert statuses and set(statuses) == {200}
    assert final["total"] == 9 == count(store_path)
