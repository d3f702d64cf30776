"""Formats and inputs: .txt, .html, .json/.jsonl (SaudiNewsNet layout), sidecars, folders, globs, zips."""

from __future__ import annotations

import json
import zipfile

from riwaya.components.clean.component import clean_document
from riwaya.ingest.sources import iter_documents
from riwaya.model import Failure, RawDocument

# Fictional articles written for these tests.
HEADLINE = "انقطاع الكهرباء عن حي الياسمين ساعتين"
BODY = (
    "انقطع التيار الكهربائي عن حي الياسمين في مدينة رمال الفضة مساء الثلاثاء لمدة ساعتين.\n"
    "وقال متحدث باسم شركة الكهرباء إن عطلا في محول رئيسي تسبب في الانقطاع."
)
PAGE = f"""<!DOCTYPE html>
<html lang="ar"><head>
<meta charset="utf-8">
<title>{HEADLINE} | صحيفة رمال الفضة</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="صحيفة رمال الفضة">
<meta property="article:published_time" content="2024-03-12T19:30:00+03:00">
<link rel="canonical" href="https://rimal.example/news/2024/power-cut">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<main><article>
<h1>{HEADLINE}</h1>
<p>انقطع التيار الكهربائي عن حي الياسمين في مدينة رمال الفضة مساء الثلاثاء لمدة ساعتين، وسط شكاوى من السكان.</p>
<p>وقال متحدث باسم شركة الكهرباء إن عطلا في محول رئيسي تسبب في الانقطاع، وإن الفرق الفنية أصلحته قبل منتصف الليل.</p>
<p>وأضاف أن الشركة ستعوض المحال التجارية المتضررة بعد تقييم الخسائر خلال الأسبوع المقبل.</p>
</article></main>
<footer><p>جميع الحقوق محفوظة لصحيفة رمال الفضة 2024</p></footer>
</body></html>"""


def _docs(*specs) -> list:
    return list(iter_documents([str(s) for s in specs]))


def test_ingest_formats_txt(tmp_path):
    (tmp_path / "a.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    [doc] = _docs(tmp_path / "a.txt")
    assert doc.meta["format"] == "txt" and doc.raw.startswith(HEADLINE)
    assert clean_document(doc).title == HEADLINE


def test_ingest_formats_html_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [doc] = _docs(tmp_path / "page.html")
    assert isinstance(doc, RawDocument), doc
    assert doc.meta["format"] == "html"
    assert doc.meta["title"] == HEADLINE
    assert doc.meta["outlet"] == "صحيفة رمال الفضة"
    assert doc.meta["url"] == "https://rimal.example/news/2024/power-cut"
    assert doc.meta["date"] == "2024-03-12"
    assert "محول رئيسي" in doc.raw and "ستعوض المحال" in doc.raw
    assert "الرئيسية" not in doc.raw and "<p>" not in doc.raw
    article = clean_document(doc)
    assert article.published.value == "2024-03-12" and article.published.precision == "day"
    assert article.outlet == "صحيفة رمال الفضة"
    assert [article.surface(t) for t in article.layer("title")] == [HEADLINE]  # h1 line = metadata title
    assert "جميع الحقوق" not in article.text


def test_ingest_formats_html_in_windows_1256(tmp_path):
    (tmp_path / "page.htm").write_bytes(PAGE.replace("utf-8", "windows-1256").encode("cp1256"))
    [doc] = _docs(tmp_path / "page.htm")
    assert doc.meta["encoding"] == "cp1256" and doc.meta["title"] == HEADLINE


def test_ingest_formats_json_array_with_field_aliases(tmp_path):
    records = [
        {"content": BODY, "headline": HEADLINE, "link": "https://rimal.example/1", "site": "رمال الفضة",
         "published_at": "2024-03-12T19:30:00Z"},
        {"body": BODY + " وتابع.", "title": "خبر ثان", "outlet": "نشرة الساحل", "date": "2024-03-13"},
        {"title": "بلا نص"},
    ]  # fmt: skip
    (tmp_path / "feed.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    first, second, third = _docs(tmp_path / "feed.json")
    assert first.meta | {"format": "json"} == first.meta
    assert (first.meta["title"], first.meta["url"], first.meta["outlet"]) == (
        HEADLINE,
        "https://rimal.example/1",
        "رمال الفضة",
    )
    assert clean_document(first).published.value == "2024-03-12"
    assert second.meta["outlet"] == "نشرة الساحل" and second.source.endswith("feed.json#1")
    assert isinstance(third, Failure) and "no text" in third.reason


def test_ingest_formats_jsonl_with_a_bad_line(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "أ"}, ensure_ascii=False),
        "{broken",
        json.dumps({"text": BODY + " ثم عاد التيار.", "title": "ب"}, ensure_ascii=False),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = _docs(tmp_path / "feed.jsonl")
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "RawDocument"]
    assert "line 2" in items[1].reason


def test_ingest_formats_saudinewsnet_layout_in_a_zip(tmp_path):
    records = [
        {"source": "rimal", "url": "http://rimal.example/a/1", "date_extracted": "2015-07-21 10:11:12",
         "title": HEADLINE, "author": "محرر الشؤون المحلية", "content": BODY},
        {"source": "sahil", "url": "http://sahil.example/b/2", "date_extracted": "2015-07-21 11:00:00",
         "title": "خبر آخر", "author": "", "content": ""},
    ]  # fmt: skip
    archive = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2015-07-21.json", json.dumps(records, ensure_ascii=False))
    doc, empty = _docs(archive)
    assert doc.source == f"{archive}!2015-07-21.json#0"
    assert doc.meta["outlet"] == "rimal" and doc.meta["url"] == "http://rimal.example/a/1"
    assert doc.meta["crawled"] == "2015-07-21 10:11:12" and "date" not in doc.meta
    assert doc.meta["author"] == "محرر الشؤون المحلية"
    article = clean_document(doc)
    assert article.published.value is None  # crawl time is not the publication date
    assert article.meta["crawled"] == "2015-07-21 10:11:12" and article.title == HEADLINE
    assert isinstance(empty, Failure)


def test_ingest_formats_sidecar_csv_and_meta_json(tmp_path):
    (tmp_path / "a.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"عنوان ثان للخبر\n{BODY}", encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"عنوان ثالث\n{BODY}", encoding="utf-8")
    (tmp_path / "meta.csv").write_text(
        "file,outlet,url,date,title\n"
        "a.txt,صحيفة رمال الفضة,https://rimal.example/a,2024-03-12,\n"
        "b.txt,نشرة الساحل,https://sahil.example/b,2024-03-13,\n",
        encoding="utf-8",
    )
    sidecar = {"outlet": "إذاعة الواحة", "published": "2024-03-14", "url": "https://waha.example/b"}
    (tmp_path / "b.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    a, b, c = _docs(tmp_path)
    assert (a.meta["outlet"], a.meta["url"], a.meta["date"]) == (
        "صحيفة رمال الفضة",
        "https://rimal.example/a",
        "2024-03-12",
    )
    assert (b.meta["outlet"], b.meta["url"], b.meta["date"]) == (
        "إذاعة الواحة",
        "https://waha.example/b",
        "2024-03-14",
    )
    assert "outlet" not in c.meta
    article = clean_document(a)
    assert article.outlet == "صحيفة رمال الفضة" and article.published.value == "2024-03-12"
    assert article.title == HEADLINE


def test_ingest_formats_sidecar_title_marks_the_first_line(tmp_path):
    (tmp_path / "a.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        json.dumps({"title": HEADLINE}, ensure_ascii=False), encoding="utf-8"
    )
    article = clean_document(_docs(tmp_path / "a.txt")[0])
    [title] = article.layer("title")
    assert article.surface(title) == HEADLINE


def test_ingest_formats_broken_sidecar_keeps_the_article(tmp_path):
    (tmp_path / "a.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("[1, 2", encoding="utf-8")
    [doc] = _docs(tmp_path / "a.txt")
    assert isinstance(doc, RawDocument) and "sidecar" in doc.meta["sidecar_error"]


def test_ingest_formats_folder_recursive_and_glob(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "top.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "low.txt").write_text(BODY + " ثم انتهى.", encoding="utf-8")
    (tmp_path / "sub" / "notes.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (tmp_path / "sub" / "low.meta.json").write_text("{}", encoding="utf-8")
    assert len(_docs(tmp_path)) == 2
    assert [d.source for d in _docs(tmp_path / "*.txt")] == [str(tmp_path / "top.txt")]
    assert len(_docs(f"{tmp_path}/**/*.txt")) == 2


def test_ingest_formats_zip_members_with_sidecar(tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("news/a.txt", f"{HEADLINE}\n{BODY}".encode("cp1256"))
        z.writestr("news/a.meta.json", json.dumps({"outlet": "صحيفة رمال الفضة"}, ensure_ascii=False))
        z.writestr("news/page.html", PAGE)
        z.writestr("readme.pdf", b"%PDF-1.4")
    txt, html = _docs(archive)
    assert txt.meta["encoding"] == "cp1256" and txt.meta["outlet"] == "صحيفة رمال الفضة"
    assert html.meta["title"] == HEADLINE and html.source.endswith("bundle.zip!news/page.html")


def test_ingest_formats_stdin_sniffs_html_and_json(monkeypatch):
    import io

    for data, fmt in ((PAGE, "html"), (json.dumps({"text": BODY}, ensure_ascii=False), "json")):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
        [doc] = list(iter_documents(["-"]))
        assert doc.meta["format"] == fmt
