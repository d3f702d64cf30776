"""Story clustering over all of SaudiNewsNet: wall time per phase, CPU time and peak memory.

Usage: ``riwaya bench --what clustering [--data DIR] [--jobs N] [--out FILE]`` (reports; never asserts).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Any

from riwaya.bench.report import cpu_seconds, peak_rss_mb, resolve_data, save_beside
from riwaya.bench.saudinewsnet import saudinewsnet_inputs
from riwaya.stages import stories
from riwaya.text.embed import Embedder


def bench_clustering(
    data: str | None = None, processes: int = 2, limit: int | None = None, keep: list | None = None
) -> dict[str, Any]:
    """Cluster every SaudiNewsNet article into stories; wall time per phase and peak memory.

    Run: ``python -c "from riwaya.bench.clustering import bench_clustering as b; print(b())"``.
    Embedding runs in ``processes`` forked workers (one BLAS thread each); clustering is serial.
    ``cpu_s`` (this process and its workers) does not depend on how busy the machine is; ``keep``
    receives the clusterer for inspection.
    """
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    items = saudinewsnet_inputs(str(resolve_data(data)), limit=limit)
    t1 = time.perf_counter()
    stories.featurize(items, Embedder(processes=processes))
    t2 = time.perf_counter()
    clusterer = stories.Clusterer()
    clusterer.add_all(items)
    t3 = time.perf_counter()
    sizes = Counter(len(s.members) for s in clusterer.stories)
    if keep is not None:
        keep.append(clusterer)
    return {
        "articles": len(items),
        "stories": len(clusterer.stories),
        "singletons": sizes[1],
        "in_multi_article_stories": sum(k * v for k, v in sizes.items() if k > 1),
        "largest": sorted((len(s.members) for s in clusterer.stories), reverse=True)[:5],
        "load_s": round(t1 - t0, 1),
        "featurize_s": round(t2 - t1, 1),
        "cluster_s": round(t3 - t2, 1),
        "wall_s": round(t3 - t0, 1),
        "cpu_s": round(cpu_seconds() - cpu0, 1),
        "peak_rss_mb": peak_rss_mb(),
        "processes": processes,
        "load_average": os.getloadavg()[0],
    }


def main(data: str | None, jobs: int, out: str | None) -> dict[str, Any]:
    """Run :func:`bench_clustering` with ``jobs`` processes; the report is written beside ``out``."""
    return save_beside("clustering", bench_clustering(data, processes=jobs), jobs, out)
