"""Story page latency under load, and the loopback test server it (and the tests) run on.

Usage: ``riwaya bench --what latency --db STORE [--seconds S] [--clients N] [--out FILE]``
(reports; never asserts). ``bench_latency(..., ingest=N)`` also posts N articles per request to
POST /api/articles for the whole run (on a copy of the store), to measure readers while an
ingest runs.
"""

from __future__ import annotations

import multiprocessing
import socket
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import uvicorn
from fastapi import FastAPI

from riwaya.bench.report import save_beside
from riwaya.errors import require
from riwaya.web.app import create_app
from riwaya.web.snapshot import Reader, Snapshot


class BackgroundServer:
    """uvicorn on 127.0.0.1 and a free port, in a thread: ``with BackgroundServer(app) as url``."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1"):
        with socket.socket() as sock:
            sock.bind((host, 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://{host}:{self.port}"

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the test server did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def bench_latency(
    db: str | Path, seconds: float = 10.0, workers: int = 4, path: str | None = None, ingest: int = 0
) -> dict[str, Any]:
    """Story page latency under load: ``workers`` client processes request story pages on
    loopback for ``seconds``; returns request count, errors, and p50/p95/p99 in milliseconds.

    The clients are separate processes so that they do not compete with the server for its
    interpreter lock (the server still shares this machine's cores with them). Pages cycle
    through every story, so most visits are cold renders, or request ``path`` only when given.
    ``ingest`` > 0: meanwhile one client posts that many articles per request, one request
    after another, to a copy of the store (``db`` is never written); ``report["ingest"]`` says
    how many requests it made and how long they took.
    """
    with tempfile.TemporaryDirectory() as tmp:
        served = _copy_store(db, Path(tmp) / "served.db") if ingest else str(db)
        app = create_app(served, token=INGEST_TOKEN)
        paths = [path] if path else _story_paths(served)
        spawn = multiprocessing.get_context("spawn")
        with BackgroundServer(app) as url, spawn.Pool(workers) as pool:
            jobs = [(url, paths[k::workers] or paths, seconds) for k in range(workers)]
            pending = pool.starmap_async(_load_client, jobs)
            writer = Ingester(url, _ingest_texts(served), ingest) if ingest else None
            results = pending.get()
            ingested = writer.stop() if writer else None
            app.state.ingest.wait_idle(600)  # the corpus stages finish before the copy goes
    samples = [t for times, _ in results for t in times]
    errors = [e for _, errs in results for e in errs]
    report = _latency_report(samples, errors, seconds, len(paths)) | {"clients": workers}
    return report | ({"ingest": ingested} if ingested else {})


INGEST_TOKEN = "riwaya-bench-ingest"


class Ingester:
    """A thread posting ``per_request`` articles (stored texts, each made new by a numbered last
    line) to POST /api/articles, one request after another, until :meth:`stop`."""

    def __init__(self, url: str, texts: list[dict[str, Any]], per_request: int):
        self.url, self.texts, self.per_request = url, texts, per_request
        self.seconds: list[float] = []
        self.statuses: list[int] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        httpx = require("httpx", "bench", "the latency benchmark's load clients")
        auth = {"Authorization": f"Bearer {INGEST_TOKEN}"}
        with httpx.Client(base_url=self.url, timeout=600, headers=auth) as client:
            n = 0
            while not self.done.is_set():
                batch = []
                for _ in range(self.per_request):
                    base = self.texts[n % len(self.texts)]
                    batch.append(base | {"text": f"{base['text']}\nتحديث رقم {n}"})
                    n += 1
                t0 = time.perf_counter()
                self.statuses.append(client.post("/api/articles", json={"articles": batch}).status_code)
                self.seconds.append(time.perf_counter() - t0)

    def stop(self) -> dict[str, Any]:
        self.done.set()
        self.thread.join(timeout=600)
        ok = [s for s, code in zip(self.seconds, self.statuses, strict=True) if code == 201]
        return {
            "requests": len(self.statuses),
            "articles_per_request": self.per_request,
            "errors": sum(code != 201 for code in self.statuses),
            "mean_s": round(sum(ok) / len(ok), 3) if ok else None,
        }


def _copy_store(db: str | Path, to: Path) -> str:
    """A consistent copy of the store (SQLite's backup API copies a WAL store whole)."""
    source, target = sqlite3.connect(str(db)), sqlite3.connect(str(to))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return str(to)


def _ingest_texts(db: str | Path, limit: int = 200) -> list[dict[str, Any]]:
    reader = Reader(str(db))
    try:
        rows = reader.db.execute(
            "SELECT text, outlet FROM articles WHERE current = 1 ORDER BY rowid LIMIT ?", (limit,)
        ).fetchall()
    finally:
        reader.close()
    texts = [{"text": r["text"], **({"outlet": r["outlet"]} if r["outlet"] else {})} for r in rows]
    return texts or [{"text": "خبر تجريبي للقياس\nنص خبر تجريبي لقياس زمن الصفحات أثناء الإدخال."}]


def main(
    db: str | Path, seconds: float, clients: int, jobs: int, out: str | None, ingest: int = 0
) -> dict[str, Any]:
    """Run :func:`bench_latency` over the store ``db``; the report is written beside ``out``."""
    report = bench_latency(db, seconds=seconds, workers=clients, ingest=ingest) | {"db": str(db)}
    return save_beside("latency", report, jobs, out)


def _load_client(url: str, paths: list[str], seconds: float) -> tuple[list[float], list[int]]:
    """One client process: GET ``paths`` in turn until ``seconds`` have passed."""
    httpx = require("httpx", "dev", "the latency benchmark's load clients")

    samples: list[float] = []
    errors: list[int] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        stop_at, i = time.monotonic() + seconds, 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            status = client.get(paths[i % len(paths)]).status_code
            samples.append(time.perf_counter() - t0)
            errors += [status] if status != 200 else []
            i += 1
    return samples, errors


def _story_paths(db: str | Path) -> list[str]:
    reader = Reader(str(db))
    try:
        ids = list(Snapshot(reader.results()).stories)
    finally:
        reader.close()
    return [f"/stories/{quote(i, safe='')}" for i in ids] or ["/"]


def _latency_report(samples: list[float], errors: list[int], seconds: float, pages: int) -> dict[str, Any]:
    ordered = sorted(samples)

    def pct(q: float) -> float:
        return (
            round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
            if ordered
            else float("nan")
        )

    return {
        "requests": len(samples),
        "errors": len(errors),
        "seconds": seconds,
        "pages": pages,
        "rps": round(len(samples) / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }
