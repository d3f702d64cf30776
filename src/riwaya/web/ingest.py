"""HTTP ingest (POST /api/articles) and the worker that keeps it off the readers' path.

A request is read and checked here (bearer token, body size, JSON or text/plain records), then
its documents are annotated outside any write transaction, in a low-priority worker process
(:class:`IngestWorker`), so that the pipeline never holds the server's interpreter lock. Its
articles are stored in one short transaction of their own (at most :data:`MAX_DOCS` articles:
a request is all or nothing), and the corpus stages over the whole store then run in the
background: readers see the previous results until the new ones are saved in one short
transaction (``results_version`` moves, the pages follow). Ingests that arrive while the stages
run are coalesced into one more run. A pipeline that cannot be rebuilt by component names (a
test's own components) runs in threads of this process instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from fastapi import FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool

from riwaya import analysis as run
from riwaya.errors import IngestError
from riwaya.ingest.decode import decode
from riwaya.ingest.formats import POSTED_FIELDS, RecordsRefused, posted_document, posted_records
from riwaya.model import Failure, RawDocument
from riwaya.pipeline import REGISTRY, Pipeline
from riwaya.store.sqlite import Store
from riwaya.web.errors import ApiError
from riwaya.web.params import check_token

log = logging.getLogger("riwaya.web.ingest")
MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_DOCS = 100
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
WORKER_NICE = 10  # the worker yields the CPU to the readers (2-core machines feel it most)
REFUSED = {  # RecordsRefused.kind -> status and code
    "not_json": (400, "bad_request"),
    "shape": (422, "invalid_request"),
    "too_many": (413, "too_large"),
    "problems": (422, "invalid_request"),
}
INGEST_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "articles": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["text"],
                                "properties": {k: {"type": "string"} for k in ("text", *POSTED_FIELDS)},
                            },
                        }
                    },
                }
            },
            "text/plain": {"schema": {"type": "string"}},
        }
    },
    "security": [{"bearer": []}],
}


def install_ingest_route(app: FastAPI) -> None:
    """POST /api/articles, and the worker it hands documents to (``app.state.ingest``; the app's
    lifespan closes it)."""
    app.state.ingest = IngestWorker(app.state.db, app.state.pipeline)

    @app.post("/api/articles", tags=["articles"], status_code=201, openapi_extra=INGEST_DOC)
    async def ingest(
        request: Request,
        title: str | None = Query(None, max_length=1000),
        outlet: str | None = Query(None, max_length=200),
        url: str | None = Query(None, max_length=2000),
        published: str | None = Query(None, max_length=40),
    ) -> dict:
        """Analyse and store articles: JSON ``{"articles": [{text, title, outlet, url, published}]}``
        or one article as text/plain (metadata in the query). All or nothing; the corpus results
        (stories, incidents, timeline) follow in the background (``"results": "updating"``)."""
        check_token(request)
        body = await _read_body(request)
        docs = _documents(
            request.headers.get("content-type", ""),
            body,
            {"title": title, "outlet": outlet, "url": url, "date": published},
        )
        return await run_in_threadpool(request.app.state.ingest.ingest, docs)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(
            413,
            "too_large",
            f"body of {declared} bytes is over the {MAX_BODY_BYTES}-byte limit; send fewer articles per request",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(
                413,
                "too_large",
                f"body is over the {MAX_BODY_BYTES}-byte limit; send fewer articles per request",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _documents(content_type: str, body: bytes, query_meta: dict[str, Any]) -> list[RawDocument]:
    """The posted articles as documents: a JSON body of records, or one text/plain article."""
    try:
        text, _ = decode(body)
    except IngestError as exc:
        raise ApiError(400, "bad_request", f"the request body is not text: {exc}") from exc
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        return [posted_document(r, "json") for r in _records(text)]
    if kind in ("text/plain", ""):
        if not text.strip():
            raise ApiError(
                422,
                "invalid_request",
                "empty body: send the article text, or JSON with content-type application/json",
            )
        return [posted_document({"text": text, **{k: v for k, v in query_meta.items() if v}}, "txt")]
    raise ApiError(
        415,
        "unsupported_media_type",
        f"content-type {kind!r} is not accepted; use application/json or text/plain",
    )


def _records(text: str) -> list[dict[str, Any]]:
    try:
        records = posted_records(text, MAX_DOCS)
    except RecordsRefused as exc:
        status, code = REFUSED[exc.kind]
        raise ApiError(status, code, str(exc), exc.problems) from exc
    except (ValueError, RecursionError, MemoryError) as exc:  # e.g. an integer of 5,000 digits
        raise ApiError(400, "bad_request", f"body is not usable JSON: {exc}") from exc
    problems = [p for i, r in enumerate(records) for p in _surrogates(i, r)]
    if problems:
        message = f"{len(problems)} field(s) hold a lone surrogate escape; nothing was stored"
        raise ApiError(422, "invalid_request", message, problems)
    return records


def _surrogates(i: int, record: dict[str, Any]) -> list[dict[str, Any]]:
    """A lone surrogate (``\\ud800`` without its pair) is no character: the record is refused."""
    out = []
    for key in ("text", *POSTED_FIELDS, "date"):
        value = record.get(key)
        found = LONE_SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            out.append({"article": i, "field": key, "problem": (
                f"lone surrogate U+{ord(found.group()):04X} at character {found.start()}; send the "
                "character itself, or both halves of its surrogate pair"
            )})  # fmt: skip
    return out


# the worker ------------------------------------------------------------------------------------
_CHILD_PIPELINE: Pipeline | None = None


def _child_init(names: list[str] | None) -> None:
    global _CHILD_PIPELINE
    if hasattr(os, "nice"):
        os.nice(WORKER_NICE)
    _CHILD_PIPELINE = Pipeline.build(names)


def _child_annotate(docs: list[RawDocument]) -> list:
    return annotate_documents(docs, _CHILD_PIPELINE)


def _child_refresh(db: str) -> int:
    return refresh_results(db, _CHILD_PIPELINE)


def annotate_documents(docs: list[RawDocument], pipeline: Pipeline) -> list:
    """Every document annotated (an Article or a Failure each), in order; nothing is stored."""
    return [item for item, _timings in run.annotate(docs, pipeline)]


def refresh_results(db: str, pipeline: Pipeline) -> int:
    """The corpus stages over every current article of ``db``; the results, and the dates the
    stages changed, saved in one transaction. A stage that fails is recorded as a failure and
    keeps its previous results. Returns the number of stage failures."""
    store = Store(db)
    try:
        failures: list[Failure] = []
        before = store.results()
        corpus, changed = run.run_store_stages(store, pipeline, failures=failures)
        results = dict(corpus.results)
        failed = {f.stage for f in failures}
        for key in (k for c in pipeline.at("corpus") if c.name in failed for k in c.provides):
            results[key] = before.get(key, [])  # what a failed stage wrote before raising goes
        store.save_with_results([], lambda: (results, changed))
        if failures:
            store.record_failures(failures)
        return len(failures)
    finally:
        store.close()


class IngestWorker:
    """Annotation and corpus stages for the HTTP ingest, off the readers' path.

    ``ingest(docs)`` annotates (all or nothing), stores the articles in one short transaction and
    schedules :func:`refresh_results` in the background; ``wait_idle()`` waits for it."""

    def __init__(self, db: str, pipeline: Pipeline | None):
        self.db, self.pipeline = db, pipeline
        comps = pipeline.components if pipeline is not None else []
        self.names = [c.name for c in comps] if pipeline is not None else None
        self.in_process = any(REGISTRY.get(c.name) is not c for c in comps)
        self.write_lock = threading.Lock()  # one request's articles at a time
        self.stale = threading.Condition()
        self.pending = self.running = False
        self.refreshed = 0  # completed background runs (tests and /api/health read it)
        self.pools: dict[str, ProcessPoolExecutor] = {}  # "annotate" and "results": one process each
        self.pool_lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._refresh_loop, name="riwaya-results", daemon=True)
        self.thread.start()

    @property
    def updating(self) -> bool:
        return self.pending or self.running

    def ingest(self, docs: list[RawDocument]) -> dict[str, Any]:
        """Annotate ``docs``; if all succeed, store them and schedule the corpus stages."""
        done = self._call("annotate", _child_annotate, annotate_documents, docs)
        failures = [f.to_dict() for f in done if isinstance(f, Failure)]
        if failures:
            raise ApiError(
                422,
                "analysis_failed",
                f"{len(failures)} of {len(docs)} article(s) could not be analysed; nothing was stored",
                failures,
            )
        with self.write_lock, Store(self.db) as store:
            counts = store.save_articles(done)
        self.schedule()
        articles = [{"id": a.id, "title": a.title, "outlet": a.outlet} for a in done]
        return {"articles": articles, "counts": counts, "results": "updating"}

    def schedule(self) -> None:
        with self.stale:
            self.pending = True
            self.stale.notify_all()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Wait until no corpus run is pending or running; False on timeout."""
        with self.stale:
            return self.stale.wait_for(lambda: not self.updating, timeout)

    def close(self) -> None:
        with self.stale:
            self.closed = True
            self.stale.notify_all()
        with self.pool_lock:
            pools, self.pools = list(self.pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)

    def _refresh_loop(self) -> None:
        while True:
            with self.stale:
                self.stale.wait_for(lambda: self.pending or self.closed)
                if self.closed:
                    return
                self.pending, self.running = False, True
            try:
                self._call("results", _child_refresh, refresh_results, self.db)
            except Exception:  # noqa: BLE001 - the articles are stored; the next ingest retries
                log.exception("corpus stages after an ingest failed; the previous results stay")
            with self.stale:
                self.running = False
                self.refreshed += 1
                self.stale.notify_all()

    def _call(self, kind: str, child, local, arg):
        """``child(arg)`` in the ``kind`` worker process, or ``local(arg, pipeline)`` in this one."""
        if self.in_process:
            if self.pipeline is None:
                self.pipeline = Pipeline.build()
            return local(arg, self.pipeline)
        try:
            return self._submit(kind, child, arg).result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): start a new one once
            with self.pool_lock:
                self.pools.pop(kind, None)
            return self._submit(kind, child, arg).result()

    def _submit(self, kind: str, func, arg) -> Future:
        with self.pool_lock:
            if self.closed:
                raise ApiError(503, "unavailable", "the server is shutting down; retry shortly")
            if kind not in self.pools:
                spawn = multiprocessing.get_context("spawn")
                self.pools[kind] = ProcessPoolExecutor(
                    1, mp_context=spawn, initializer=_child_init, initargs=(self.names,)
                )
            return self.pools[kind].submit(func, arg)
