"""Throughput, peak memory and per-stage time of the pipeline over SaudiNewsNet (reports; never asserts).

Each size runs in a freshly spawned process that analyses the first N articles into a temporary
SQLite file, so the peak memory of one size is not inflated by an earlier, larger one. Peak
memory is ``ru_maxrss`` of that process plus the largest of its worker processes (``--jobs``).
Stage shares come from :attr:`riwaya.analysis.Result.timings` (seconds summed per component name);
"ingest+store+other" is the wall time the components do not account for (single process only).

Usage: ``riwaya bench [--data DIR] [--sizes 1000,5000,all] [--jobs N] [--out FILE]`` or
``python -m riwaya.bench.throughput`` with the same options.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from riwaya import analysis
from riwaya.bench.report import cpu_seconds, environment, now, peak_rss_mb, resolve_data
from riwaya.errors import RiwayaError
from riwaya.pipeline import Pipeline

DEFAULT_OUT = "bench-results/bench.json"
DEFAULT_SIZES = "1000,5000,all"
SCHEMA = "riwaya-bench/1"
OTHER = "ingest+store+other"
CHUNK = 2000  # records per subset file: ~7 MB of SaudiNewsNet, well under ingest's 50 MB limit


def iter_records(data_dir: Path) -> Iterator[dict[str, Any]]:
    """SaudiNewsNet records, day by day: every zip holds one JSON array of article objects."""
    zips = sorted(data_dir.glob("*.zip"))
    if not zips:
        raise RiwayaError(f"no .zip files in {str(data_dir)!r}; point --data at the SaudiNewsNet folder")
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(n for n in archive.namelist() if n.endswith(".json")):
                yield from json.loads(archive.read(name))


def parse_sizes(sizes: str) -> list[int | None]:
    """``"1000,5k,all"`` -> ``[1000, 5000, None]`` (None = every article)."""
    parsed: list[int | None] = []
    for item in (s.strip().lower() for s in sizes.split(",") if s.strip()):
        if item == "all":
            parsed.append(None)
        elif item.rstrip("k").isdigit():
            parsed.append(int(item.rstrip("k")) * (1000 if item.endswith("k") else 1))
        else:
            raise RiwayaError(f"bad benchmark size {item!r} in {sizes!r}; use numbers, 5k or all")
    return parsed


def write_subset(data_dir: Path, size: int | None, folder: Path) -> tuple[Path, int]:
    """The first ``size`` records as a folder of JSON array files, each under ingest's size limit."""
    subset = folder / f"saudinewsnet-{'all' if size is None else size}"
    subset.mkdir()
    chunk: list[dict[str, Any]] = []
    count = 0
    for record in iter_records(data_dir):
        if size is not None and count >= size:
            break
        chunk.append(record)
        count += 1
        if len(chunk) == CHUNK:
            _write_chunk(subset, chunk)
    _write_chunk(subset, chunk)
    return subset, count


def _write_chunk(folder: Path, chunk: list[dict[str, Any]]) -> None:
    if chunk:
        path = folder / f"part-{len(list(folder.iterdir())):04d}.json"
        path.write_text(json.dumps(chunk, ensure_ascii=False), encoding="utf-8")
        chunk.clear()


def measure(input_path: str, jobs: int) -> dict[str, Any]:
    """Analyse one input into a temporary store; runs in a fresh process (see module docstring)."""
    pipeline = Pipeline.build()  # built before timing: the one measured is the one reported
    cpu0 = cpu_seconds()
    with tempfile.TemporaryDirectory(prefix="riwaya-bench-") as tmp:
        started = time.perf_counter()
        result = analysis.analyze([input_path], db=Path(tmp) / "bench.db", jobs=jobs, pipeline=pipeline)
        wall = time.perf_counter() - started
        db_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    return {
        "articles": len(result.corpus),
        "failures": len(result.failures),
        "duplicates": result.counts["unchanged"],
        "failure_reasons": _top_reasons(result.failures),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu_seconds() - cpu0, 2),
        "peak_rss_mb": peak_rss_mb(),
        "db_mb": round(db_mb, 1),
        "stages": stage_shares(dict(result.timings), wall, jobs),
        "pipeline": _components(pipeline),
    }


def _components(pipeline) -> list[str]:
    """The pipeline as measured (it grows while the project does)."""
    return [f"{c['name']}@{c['version']} ({c['level']})" for c in pipeline.describe()]


def _top_reasons(failures: list, limit: int = 5) -> dict[str, int]:
    counts = Counter(f"{f.stage}: {f.reason.split(' (at ')[0][:80]}" for f in failures)
    return dict(counts.most_common(limit))


def stage_shares(timings: dict[str, float], wall: float, jobs: int) -> dict[str, dict[str, float]]:
    """Seconds and share of each component; with one job the unaccounted wall time is listed too."""
    stages = {name: float(secs) for name, secs in timings.items()}
    if jobs <= 1:
        stages[OTHER] = max(wall - sum(stages.values()), 0.0)
    total = sum(stages.values()) or 1.0
    ordered = sorted(stages.items(), key=lambda kv: -kv[1])
    return {name: {"seconds": round(secs, 3), "share": round(secs / total, 4)} for name, secs in ordered}


def _measure_in_child(queue, input_path: str, jobs: int) -> None:
    try:
        queue.put(measure(input_path, jobs))
    except Exception as exc:  # noqa: BLE001 - reported in the parent's table, never a traceback
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def measure_isolated(input_path: Path, jobs: int) -> dict[str, Any]:
    """:func:`measure` in a spawned interpreter so each size's peak memory stands alone."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure_in_child, args=(queue, str(input_path), jobs))
    proc.start()
    report = queue.get()
    proc.join()
    return report


def add_rates(report: dict[str, Any], jobs: int) -> dict[str, Any]:
    """Articles per second overall, per core used (``jobs``) and per CPU-second."""
    if "error" in report:
        return report
    wall, cpu, n = report["wall_s"] or 1e-9, report["cpu_s"] or 1e-9, report["articles"]
    report["articles_per_s"] = round(n / wall, 2)
    report["articles_per_s_per_core"] = round(n / wall / max(jobs, 1), 2)
    report["articles_per_cpu_s"] = round(n / cpu, 2)
    return report


def run_benchmark(data_dir: Path, sizes: list[int | None], jobs: int) -> dict[str, Any]:
    """One isolated measurement per size; the report is JSON-ready."""
    report: dict[str, Any] = {"schema": SCHEMA, "data": str(data_dir), "started": now(), **environment(jobs)}
    runs = []
    with tempfile.TemporaryDirectory(prefix="riwaya-bench-data-") as tmp:
        for size in sizes:
            path, count = write_subset(data_dir, size, Path(tmp))
            run = {"size": "all" if size is None else size, "inputs": count}
            runs.append(run | add_rates(measure_isolated(path, jobs), jobs))
            shutil.rmtree(path)
    report["runs"] = runs
    return report


def print_report(report: dict[str, Any]) -> None:
    """A rich table of the runs and one of the stage shares of the largest run."""
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, width=max(Console(stderr=True).width, 100))
    table = Table(title=f"riwaya bench (jobs={report['jobs']}, {report['cpu_count']} CPUs)")
    for col in ("size", "articles", "failures", "wall s", "art/s", "art/s/core", "art/CPU-s", "peak MiB"):
        table.add_column(col, justify="right")
    for run in report["runs"]:
        table.add_row(*_row(run))
    console.print(table)
    largest = next((r for r in reversed(report["runs"]) if "stages" in r), None)
    if largest:
        console.print(_stage_table(largest))
        console.print("pipeline measured: " + ", ".join(largest["pipeline"]))


def _row(run: dict[str, Any]) -> list[str]:
    if "error" in run:
        return [str(run["size"]), "-", run["error"][:60], "", "", "", "", ""]
    keys = (
        "articles",
        "failures",
        "wall_s",
        "articles_per_s",
        "articles_per_s_per_core",
        "articles_per_cpu_s",
        "peak_rss_mb",
    )
    return [str(run["size"])] + [str(run[k]) for k in keys]


def _stage_table(run: dict[str, Any]):
    from rich.table import Table

    table = Table("stage", "seconds", "share", title=f"time per stage ({run['articles']} articles)")
    for name, stage in run["stages"].items():
        table.add_row(name, f"{stage['seconds']:.2f}", f"{stage['share']:.1%}")
    return table


def main(
    data: str | None = None, sizes: str = DEFAULT_SIZES, jobs: int = 1, out: str | None = DEFAULT_OUT
) -> dict:
    """Run the benchmark, print tables, write the JSON report to ``out``; returns the report."""
    report = run_benchmark(resolve_data(data), parse_sizes(sizes), max(int(jobs), 1))
    report["finished"] = now()
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_report(report)
    return report


def _cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m riwaya.bench.throughput", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", default=None, help="SaudiNewsNet folder (default ../shared/data/saudinewsnet)"
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", default=DEFAULT_OUT, help="JSON report file")
    args = parser.parse_args(argv)
    try:
        main(args.data, args.sizes, args.jobs, args.out)
    except RiwayaError as exc:
        sys.exit(f"riwaya bench: {exc}")


if __name__ == "__main__":
    _cli()
