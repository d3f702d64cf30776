"""Story page latency under load, and the loopback test server it (and the tests) run on.

Usage: ``riwaya bench --what latency --db STORE [--seconds S] [--clients N] [--out FILE]``
(reports; never asserts).
"""

from __future__ import annotations

import multiprocessing
import socket
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
    db: str | Path, seconds: float = 10.0, workers: int = 4, path: str | None = None
) -> dict[str, Any]:
    """Story page latency under load: ``workers`` client processes request story pages on
    loopback for ``seconds``; returns request count, errors, and p50/p95/p99 in milliseconds.

    The clients are separate processes so that they do not compete with the server for its
    interpreter lock (the server still shares this machine's cores with them). Pages cycle
    through every story, so most visits are cold renders, or request ``path`` only when given.
    """
    app = create_app(db)
    paths = [path] if path else _story_paths(db)
    spawn = multiprocessing.get_context("spawn")
    with BackgroundServer(app) as url, spawn.Pool(workers) as pool:
        jobs = [(url, paths[k::workers] or paths, seconds) for k in range(workers)]
        results = pool.starmap(_load_client, jobs)
    samples = [t for times, _ in results for t in times]
    errors = [e for _, errs in results for e in errs]
    return _latency_report(samples, errors, seconds, len(paths)) | {"clients": workers}


def main(db: str | Path, seconds: float, clients: int, jobs: int, out: str | None) -> dict[str, Any]:
    """Run :func:`bench_latency` over the store ``db``; the report is written beside ``out``."""
    report = bench_latency(db, seconds=seconds, workers=clients) | {"db": str(db)}
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
