"""The benchmark code path over a hand-made SaudiNewsNet-shaped zip (fictional text; no timings asserted)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from riwaya.bench import throughput as bench
from riwaya.errors import RiwayaError

CITIES = ["النخيلة", "الزاهرة", "وادي الريم", "المرجان"]
TOPICS = ["افتتاح مستشفى جديد", "موسم حصاد القمح", "مباراة ودية لكرة القدم", "معرض للكتاب"]


def _record(i: int) -> dict[str, str]:
    city, topic = CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)]
    content = (
        f"شهدت مدينة {city} اليوم {topic} بحضور عدد من المسؤولين والأهالي.\n"
        f"وقال رئيس البلدية في كلمة قصيرة إن «المدينة تستحق الأفضل»، مضيفا أن العمل مستمر منذ {i + 2} أشهر.\n"
        "وأشار متابعون إلى أن الحدث يأتي ضمن خطة أوسع لتطوير الخدمات في المحافظة."
    )
    return {
        "source": ["outlet_a", "outlet_b"][i % 2],
        "url": f"https://news.example.com/{i}",
        "date_extracted": f"2025-01-0{1 + i % 2} 08:00:00",
        "title": f"{city}: {topic}",
        "author": "فريق التحرير",
        "content": content,
    }


@pytest.fixture
def fake_saudinewsnet(tmp_path: Path) -> Path:
    folder = tmp_path / "saudinewsnet"
    folder.mkdir()
    for day, indices in (("2025-01-01", range(0, 12)), ("2025-01-02", range(12, 20))):
        with zipfile.ZipFile(folder / f"{day}.zip", "w") as archive:
            archive.writestr(f"{day}.json", json.dumps([_record(i) for i in indices], ensure_ascii=False))
    return folder


def test_bench_parse_sizes_accepts_numbers_k_and_all() -> None:
    assert bench.parse_sizes("1000, 5k,all") == [1000, 5000, None]
    with pytest.raises(RiwayaError, match="bad benchmark size"):
        bench.parse_sizes("1000,lots")


def test_bench_iter_records_reads_every_day_zip_in_order(fake_saudinewsnet: Path) -> None:
    urls = [r["url"] for r in bench.iter_records(fake_saudinewsnet)]
    assert urls == [f"https://news.example.com/{i}" for i in range(20)]


def test_bench_stage_shares_sum_to_one_and_list_unaccounted_time() -> None:
    stages = bench.stage_shares({"clean": 1.0, "segment": 3.0}, wall=5.0, jobs=1)
    assert list(stages) == ["segment", "clean", bench.OTHER]
    assert stages[bench.OTHER]["seconds"] == pytest.approx(1.0)
    assert sum(s["share"] for s in stages.values()) == pytest.approx(1.0, abs=1e-3)


def test_bench_report_has_its_fields(fake_saudinewsnet: Path, tmp_path: Path) -> None:
    out = tmp_path / "report" / "bench.json"
    bench.main(str(fake_saudinewsnet), "8,all", jobs=1, out=str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == bench.SCHEMA and report["jobs"] == 1
    assert [r["size"] for r in report["runs"]] == [8, "all"]
    assert [r["inputs"] for r in report["runs"]] == [8, 20]
    for run in report["runs"]:
        assert "error" not in run, run.get("error")
        assert run["articles"] + run["failures"] + run["duplicates"] == run["inputs"]
        for key in ("wall_s", "cpu_s", "peak_rss_mb", "articles_per_s", "articles_per_s_per_core"):
            assert run[key] > 0, key
        assert "clean" in run["stages"] and run["pipeline"]
        assert sum(s["share"] for s in run["stages"].values()) == pytest.approx(1.0, abs=1e-2)


def test_bench_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RiwayaError, match="not a folder"):
        bench.main(str(tmp_path / "absent"), "10", jobs=1, out=None)
    with pytest.raises(RiwayaError, match="no .zip files"):
        bench.main(str(tmp_path), "10", jobs=1, out=None)


def test_bench_subset_splits_into_files_under_the_ingest_limit(
    fake_saudinewsnet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "CHUNK", 6)
    folder, count = bench.write_subset(fake_saudinewsnet, None, tmp_path)
    sizes = [len(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.iterdir())]
    assert count == 20 and sizes == [6, 6, 6, 2]


def test_bench_cli_clustering_reports_stories_of_the_dump(fake_saudinewsnet: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from riwaya.cli import main

    out = tmp_path / "bench.json"
    args = ["bench", "--what", "clustering", "--data", str(fake_saudinewsnet), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "bench-clustering.json").read_text(encoding="utf-8"))
    assert report["what"] == "clustering" and report["articles"] == 20
    assert report["in_multi_article_stories"] > 0 and report["stories"] < report["articles"]
    assert report["wall_s"] > 0 and report["peak_rss_mb"] > 0


def test_bench_cli_latency_needs_a_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from riwaya.cli import main

    result = CliRunner().invoke(main, ["bench", "--what", "latency"])
    assert result.exit_code == 2 and "--db PATH" in result.output
    result = CliRunner().invoke(main, ["bench", "--what", "latency", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "riwaya analyze" in result.output
