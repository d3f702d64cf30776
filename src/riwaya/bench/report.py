"""What every benchmark report holds: the process's peak memory and CPU time, the environment,
a timestamp, the SaudiNewsNet folder measured, and where a clustering or latency report goes."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.paths import shared_path


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus its largest (waited-for) child, in MiB."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + child) * scale / 2**20, 1)


def cpu_seconds() -> float:
    """User+system CPU time of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def environment(jobs: int) -> dict[str, Any]:
    """Python, platform, CPU count, 1-minute load and ``jobs``: what a timing depends on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "jobs": jobs,
    }


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def resolve_data(data: str | None) -> Path:
    """The SaudiNewsNet folder of day zips: ``data``, else ``../shared/data/saudinewsnet``."""
    if data:
        path = Path(data)
        if not path.is_dir():
            raise RiwayaError(f"--data {data!r} is not a folder; pass the SaudiNewsNet folder of day zips")
        return path
    return shared_path("data", "saudinewsnet")


def save_beside(what: str, report: dict[str, Any], jobs: int, out: str | None) -> dict[str, Any]:
    """``report`` with what was measured and the environment, written to ``OUT-STEM-what.json``
    beside the throughput report ``out`` (not written when ``out`` is None); returns it."""
    report = {"what": what, "environment": environment(jobs), **report, "finished": now()}
    if out:
        target = Path(out).with_name(f"{Path(out).stem}-{what}.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report
