"""Issue 23: the nine inputs that used to stop a whole run, each beside a good file.

Every bad input is built here in tmp_path (fictional text written for these tests). Each one now
costs only itself: the good article is stored, one failure row (input, stage, reason) is
recorded for the bad input, the run goes on, and ``riwaya analyze`` exits 1.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import riwaya
from riwaya.cli import main
from riwaya.ingest.repair import MAX_TITLE_CHARS
from riwaya.pipeline import Pipeline
from riwaya.store.sqlite import Store

GOOD = (
    "افتتاح سوق الحرفيين في بلدة تل الزيتون\n"
    "افتتحت بلدية تل الزيتون مساء الخميس سوقا أسبوعيا للحرفيين في الساحة القديمة.\n"
    "وقالت منسقة السوق إن أربعين حرفيا شاركوا في اليوم الأول."
)
BODY = "أعلنت جمعية الصيادين في مرفأ الرمال أن موسم الصيد يبدأ مطلع الشهر المقبل بعد صيانة القوارب."
OTHER = f"موسم الصيد في مرفأ الرمال\n{BODY}"
DEEP = 100_000
LIGHT = ["clean", "segment"]


def _zip(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        archive.writestr(name, data)
    return bytearray(buf.getvalue())


def _central(data: bytearray) -> int:
    return data.rfind(b"PK\x01\x02")


def corrupt_deflate(folder: Path) -> None:
    data = _zip("a.txt", OTHER.encode() * 3)
    start = 30 + len("a.txt")  # the compressed stream follows the local header and the name
    data[start : start + 20] = bytes(b ^ 0xFF for b in data[start : start + 20])
    (folder / "bad.zip").write_bytes(bytes(data))


def unsupported_method(folder: Path) -> None:
    data = _zip("a.txt", OTHER.encode(), zipfile.ZIP_STORED)
    data[8:10] = struct.pack("<H", 99)
    data[_central(data) + 10 : _central(data) + 12] = struct.pack("<H", 99)
    (folder / "bad.zip").write_bytes(bytes(data))


def version_8_7(folder: Path) -> None:
    data = _zip("a.txt", OTHER.encode(), zipfile.ZIP_STORED)
    data[4:6] = struct.pack("<H", 87)
    data[_central(data) + 6 : _central(data) + 8] = struct.pack("<H", 87)
    (folder / "bad.zip").write_bytes(bytes(data))


def bad_member_name(folder: Path) -> None:
    data = bytearray(
        bytes(_zip("abcd.txt", OTHER.encode(), zipfile.ZIP_STORED)).replace(b"abcd", b"ab\xff\xfe")
    )
    for at in (6, _central(data) + 8):  # general-purpose flags: bit 11 says "names are UTF-8"
        data[at : at + 2] = struct.pack("<H", struct.unpack("<H", data[at : at + 2])[0] | 0x800)
    (folder / "bad.zip").write_bytes(bytes(data))


def deep_sidecar(folder: Path) -> None:
    (folder / "bad.txt").write_text(OTHER, encoding="utf-8")
    (folder / "bad.meta.json").write_text('{"title": ' + "[" * DEEP + "]" * DEEP + "}", encoding="utf-8")


def surrogate_sidecar(folder: Path) -> None:
    (folder / "bad.txt").write_text(OTHER, encoding="utf-8")
    (folder / "bad.meta.json").write_text(
        '{"outlet": "\\ud800 \\u0645\\u0631\\u0641\\u0623"}', encoding="utf-8"
    )


def _json_record(field: str) -> dict:
    record = {"text": BODY, "title": "موسم الصيد", "outlet": "نشرة المرفأ", "url": "https://marfa.example/1"}
    record[field] = record[field][:8] + "@@"
    return record


def surrogate_json(field: str):
    def build(folder: Path) -> None:
        text = json.dumps(_json_record(field), ensure_ascii=True).replace("@@", "\\ud800")
        (folder / "bad.json").write_text(text, encoding="utf-8")

    return build


def long_first_line(folder: Path) -> None:
    (folder / "bad.txt").write_text("كلمة " * 20_000 + "\n" + BODY, encoding="utf-8")


# name -> (builder, failing input relative to the folder, stage, words of the reason, stored?)
CASES = {
    "deep_json": (
        lambda f: (f / "bad.json").write_text("[" * DEEP + "]" * DEEP),
        "bad.json",
        "ingest",
        "nested deeper",
        False,
    ),
    "deep_sidecar": (deep_sidecar, "bad.txt", "sidecar", "bad.meta.json", True),
    "surrogate_title": (surrogate_json("title"), "bad.json#0", "unicode", "title", True),
    "surrogate_outlet": (surrogate_json("outlet"), "bad.json#0", "unicode", "outlet", True),
    "surrogate_url": (surrogate_json("url"), "bad.json#0", "unicode", "url", True),
    "surrogate_sidecar": (surrogate_sidecar, "bad.txt", "unicode", "outlet", True),
    "corrupt_deflate": (corrupt_deflate, "bad.zip!a.txt", "ingest", "corrupt compressed data", False),
    "unsupported_method": (unsupported_method, "bad.zip!a.txt", "ingest", "compression method 99", False),
    "version_8_7": (version_8_7, "bad.zip", "ingest", "zip file version 8.7", False),
    "bad_member_name": (bad_member_name, "bad.zip", "ingest", "not valid UTF-8", False),
    "long_first_line": (long_first_line, "bad.txt", "title", f"{MAX_TITLE_CHARS}-character limit", True),
}


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    CASES[name][0](folder)
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_reliability_bad_input_beside_a_good_file_costs_only_itself(tmp_path, name):
    _, bad, stage, words, stored = CASES[name]
    folder, db = _folder(tmp_path, name), tmp_path / "s.db"
    result = riwaya.analyze([str(folder)], db=db, pipeline=Pipeline.build(LIGHT))
    with Store(db) as store:
        articles = list(store.iter_articles())
        rows = store.failures()
    sources = sorted(Path(a.source).name for a in articles)
    assert "good.txt" in sources
    assert [a for a in articles if a.source.endswith("good.txt")][0].title == GOOD.split("\n")[0]
    assert len(rows) == 1 and len(result.failures) == 1, rows
    [row] = rows
    assert row.input == str(folder / bad) and row.stage == stage and words in row.reason, row
    assert len(articles) == (2 if stored else 1), sources
    for article in articles:  # valid Unicode in every field that was stored
        for value in (article.title, article.outlet, article.url, article.source, article.text, article.raw):
            assert value is None or value.encode("utf-8")
        assert not article.title or len(article.title) <= MAX_TITLE_CHARS


def test_reliability_surrogates_are_replaced_in_every_field(tmp_path):
    folder = _folder(tmp_path, "surrogate_outlet")
    riwaya.analyze([str(folder)], db=tmp_path / "s.db", pipeline=Pipeline.build(LIGHT))
    with Store(tmp_path / "s.db") as store:
        [bad] = [a for a in store.iter_articles() if a.source.endswith("#0")]
    assert bad.outlet == _json_record("outlet")["outlet"].replace("@@", "\ufffd")
    assert bad.url == "https://marfa.example/1" and bad.text == BODY


def test_reliability_invalid_characters_in_the_text_are_replaced_and_recorded(tmp_path):
    """A lone surrogate, NUL and a non-character in a JSON text: replaced one for one by U+FFFD
    (offsets stay valid), each recorded as a removal of the raw text."""
    text = json.dumps({"text": f"{BODY} @1 @2 @3", "url": "https://marfa.example/2"})
    text = text.replace("@1", "\\ud800").replace("@2", "\\u0000").replace("@3", "\\uffff")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.json").write_text(text, encoding="utf-8")
    result = riwaya.analyze([str(tmp_path / "in")], db=tmp_path / "s.db", pipeline=Pipeline.build(LIGHT))
    [article] = result.corpus.articles
    assert article.text == f"{BODY} \ufffd \ufffd \ufffd"
    replaced = [r for r in article.removals if r["reason"].startswith("invalid Unicode")]
    assert [r["reason"].split()[2] for r in replaced] == ["U+D800", "U+0000", "U+FFFF"]
    assert all(article.raw[r["raw_start"] : r["raw_end"]] == r["text"] == "\ufffd" for r in replaced)
    [failure] = result.failures
    assert failure.stage == "unicode" and "3 invalid character(s)" in failure.reason


def test_reliability_long_title_is_cut_and_the_rest_stays_in_the_body(tmp_path):
    folder = _folder(tmp_path, "long_first_line")
    result = riwaya.analyze([str(folder)], db=tmp_path / "s.db", pipeline=Pipeline.build(LIGHT))
    [bad] = [a for a in result.corpus.articles if a.source.endswith("bad.txt")]
    [title] = bad.layer("title")
    assert bad.title == bad.surface(title) and len(bad.title) <= MAX_TITLE_CHARS
    assert bad.text.startswith(bad.title) and bad.text.count("كلمة") == 20_000


def test_reliability_long_metadata_title_keeps_its_rest(tmp_path):
    (tmp_path / "in").mkdir()
    record = {"text": BODY, "title": "عنوان " * 200, "url": "https://marfa.example/3"}
    (tmp_path / "in" / "a.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = riwaya.analyze([str(tmp_path / "in")], db=tmp_path / "s.db", pipeline=Pipeline.build(LIGHT))
    [article] = result.corpus.articles
    assert len(article.title) <= MAX_TITLE_CHARS
    assert article.title + article.meta["title_rest"] == record["title"]


def test_reliability_cli_exits_1_and_records_one_row_per_bad_input(tmp_path):
    """All nine inputs (the surrogate one in its title, outlet, url and sidecar forms) in one run
    of the CLI with the full pipeline: every good article stored, one failure row each, exit 1."""
    folders = [_folder(tmp_path, name) for name in CASES]
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(main, ["analyze", *map(str, folders), "--db", db, "--quiet"])
    assert res.exit_code == 1, res.output
    with Store(db) as store:
        articles, rows = list(store.iter_articles()), store.failures()
    good = [a for a in articles if a.source.endswith("good.txt")]
    # the good texts are one text in eleven folders: the first article and ten copies of it
    assert len(good) == len(CASES) and sum(a.copy_of is None for a in good) == 1
    assert sorted((r.input, r.stage) for r in rows) == sorted(
        (str(f / CASES[f.name][1]), CASES[f.name][2]) for f in folders
    )
    again = CliRunner().invoke(main, ["analyze", *map(str, folders), "--db", db, "--quiet"])
    assert again.exit_code == 1, again.output
    with Store(db) as store:  # once per input and run: the second run replaced the first's rows
        assert sorted(map(repr, store.failures())) == sorted(map(repr, rows))
        again_rows = store.failures(run=2)  # the refused inputs; kept articles were not re-read
        assert 0 < len(again_rows) < len(rows) and len(store.failures(run=1)) == len(rows) - len(again_rows)
        assert [(r["id"], r["failed"], bool(r["finished"])) for r in store.runs()] == [
            (1, len(rows), True),
            (2, len(again_rows), True),
        ]


def test_a_zip_member_named_with_a_nul_byte_is_a_failure_not_a_silent_skip(tmp_path):
    import zipfile

    from riwaya.ingest.sources import iter_documents
    from riwaya.model import Failure, RawDocument

    path = tmp_path / "nul.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good.txt", "عنوان\n\nافتتحت البلدية مكتبة جديدة في حي الزيتون.")
        archive.writestr("badX.txt", "عنوان\n\nنص")
    path.write_bytes(path.read_bytes().replace(b"badX.txt", b"bad\x00.txt"))  # zipfile itself cuts at NUL
    found = list(iter_documents([str(path)]))
    assert [type(f) for f in found] == [RawDocument, Failure]
    assert "NUL byte" in found[1].reason and found[1].input.endswith("bad\\x00.txt")
