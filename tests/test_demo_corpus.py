"""The bundled demo corpus keeps the properties the end-to-end tests and docs/demo.md rely on."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from riwaya import analysis as run
from riwaya.export import check_spans

ARTICLE_SUFFIXES = {".txt", ".html"}
BOILERPLATE_LINES = ("زر الذهاب إلى الأعلى", "أضف تعليقا", "أضف تعليقاً", "اقرأ أيضاً", "تابعونا على تلغرام")


def _articles(demo_dir: Path) -> list[Path]:
    return sorted(p for p in demo_dir.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def _meta_rows(demo_dir: Path) -> list[dict[str, str]]:
    with (demo_dir / "meta.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _site_name(html: str) -> str:
    match = re.search(r'property="og:site_name" content="([^"]+)"', html)
    return match.group(1) if match else ""


def test_demo_corpus_has_enough_articles_and_outlets(demo_dir: Path) -> None:
    articles = _articles(demo_dir)
    outlets = {row["outlet"] for row in _meta_rows(demo_dir)}
    outlets |= {_site_name(p.read_text(encoding="utf-8")) for p in articles if p.suffix == ".html"}
    assert len(articles) >= 7
    assert len(outlets - {""}) >= 4


def test_demo_corpus_has_one_cp1256_file_that_is_not_utf8(demo_dir: Path) -> None:
    not_utf8 = [p for p in _articles(demo_dir) if not _is_utf8(p)]
    assert len(not_utf8) == 1
    decoded = not_utf8[0].read_bytes().decode("cp1256")
    assert "النخيلة" in decoded


def test_demo_corpus_has_one_html_page_with_metadata(demo_dir: Path) -> None:
    pages = [p for p in _articles(demo_dir) if p.suffix == ".html"]
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    for needle in ("<title>", "og:site_name", "article:published_time", "<article", "<nav", "<footer"):
        assert needle in html


def test_demo_meta_csv_covers_every_text_file_and_leaves_dates_to_infer(demo_dir: Path) -> None:
    rows = _meta_rows(demo_dir)
    texts = {p.name for p in _articles(demo_dir) if p.suffix == ".txt"}
    assert {row["file"] for row in rows} == texts
    assert len(rows) == len(texts) >= 7 and all(".example." in row["url"] for row in rows)
    assert sum(1 for row in rows if not row["date"]) >= 2


def test_demo_corpus_holds_tweet_signatures_and_relative_dates(demo_dir: Path) -> None:
    text = "\n".join(p.read_bytes().decode("utf-8" if _is_utf8(p) else "cp1256") for p in _articles(demo_dir))
    assert re.search(r"^— .+ \(@\w+\) September \d{1,2}, 2025$", text, re.MULTILINE)
    for phrase in ("فجر الأحد", "أمس", "قبل يومين", "الأسبوع الماضي", "اليوم الأحد 14 أيلول/سبتمبر 2025"):
        assert phrase in text


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[run.Result, dict]:
    demo = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo"
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run.analyze([str(demo)], db=db)
    return result, run.load(db).export()


def test_demo_corpus_analyses_without_failures(demo_export, demo_dir: Path) -> None:
    result, doc = demo_export
    assert [f.to_dict() for f in result.failures] == []
    assert len(doc["articles"]) == len(_articles(demo_dir))


def test_demo_export_spans_all_pass_the_text_check(demo_export) -> None:
    _, doc = demo_export
    # raises SpanError naming the first span whose text differs; the golden run checks > 500
    assert check_spans(doc) > 500
    for article in doc["articles"]:
        assert article["text"] and article["id"]


def test_demo_articles_lose_their_boilerplate_lines(demo_export) -> None:
    _, doc = demo_export
    for article in doc["articles"]:
        lines = set(article["text"].splitlines())
        assert not lines & set(BOILERPLATE_LINES), article["source"]
