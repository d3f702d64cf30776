"""Every bad input of issue 2 ends as a recorded Failure with a clear reason; the batch goes on."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from riwaya.analysis import analyze
from riwaya.ingest import sources as ingest
from riwaya.ingest.sources import iter_documents
from riwaya.model import Failure, RawDocument
from riwaya.pipeline import Pipeline
from riwaya.store.sqlite import Store

# Fictional article written for these tests.
GOOD = (
    "افتتاح سوق الحرفيين في بلدة تل الزيتون\n"
    "افتتحت بلدية تل الزيتون مساء الخميس سوقا أسبوعيا للحرفيين في الساحة القديمة.\n"
    "وقالت منسقة السوق إن أربعين حرفيا شاركوا في اليوم الأول."
)


def _items(*paths) -> list:
    return list(iter_documents([str(p) for p in paths]))


def _only_failure(items: list) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    return items[0]


def test_ingest_bad_input_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in _only_failure(_items(path)).reason


def test_ingest_bad_input_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    assert "empty" in _only_failure(_items(path)).reason


def test_ingest_bad_input_binary_image(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "binary" in _only_failure(_items(path)).reason


def test_ingest_bad_input_binary_nul_bytes(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"some header\x00\x00\x01\x02" * 100)
    assert "NUL" in _only_failure(_items(path)).reason


def test_ingest_bad_input_file_over_50_mb(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(ingest.MAX_FILE_BYTES + 1)
    reason = _only_failure(_items(path)).reason
    assert "limit" in reason and f"{ingest.MAX_FILE_BYTES + 1:,}" in reason


@pytest.mark.parametrize("cut", [60, 120, 200])
def test_ingest_bad_input_truncated_html_never_crashes(tmp_path, cut):
    page = (
        "<html><head><title>سوق الحرفيين</title></head><body><article>"
        "<p>افتتحت بلدية تل الزيتون مساء الخميس سوقا أسبوعيا للحرفيين في الساحة القديمة.</p>"
        "<p>وقالت منسقة السوق إن أربعين حرفيا شاركوا في اليوم الأول.</p></article></body></html>"
    )
    path = tmp_path / "cut.html"
    path.write_text(page[:cut], encoding="utf-8")
    [item] = _items(path)
    if isinstance(item, RawDocument):
        assert item.raw.strip() and "<" not in item.raw
    else:
        assert "HTML" in item.reason


def test_ingest_bad_input_truncated_html_keeps_what_arrived(tmp_path):
    page = (
        "<html><body><article><p>افتتحت بلدية تل الزيتون مساء الخميس سوقا أسبوعيا للحرفيين "
        "في الساحة القديمة وسط حضور كبير من الأهالي والزوار.</p><p>وقالت منسقة"
    )
    path = tmp_path / "cut.html"
    path.write_text(page, encoding="utf-8")
    [doc] = _items(path)
    assert isinstance(doc, RawDocument)
    assert "سوقا أسبوعيا للحرفيين" in doc.raw


def test_ingest_bad_input_html_without_text(tmp_path):
    path = tmp_path / "nothing.html"
    path.write_text("<html><head><title></title></head><body><script>x=1</script></body></html>")
    assert "no main text" in _only_failure(_items(path)).reason


def test_ingest_bad_input_missing_path(tmp_path):
    reason = _only_failure(_items(tmp_path / "nowhere.txt")).reason
    assert "no such file" in reason


def test_ingest_bad_input_broken_symlink(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert "not a regular file" in _only_failure(_items(link)).reason


def test_ingest_bad_input_permission_error_is_a_failure(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    reason = _only_failure(_items(path)).reason
    assert "Permission denied" in reason and "permission" in reason.lower()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files without permission"
)
def test_ingest_bad_input_unreadable_file_in_folder(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        items = _items(tmp_path)
    finally:
        locked.chmod(0o644)
    assert sum(isinstance(i, RawDocument) for i in items) == 1
    assert any(isinstance(i, Failure) and "locked.txt" in i.input for i in items)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_ingest_bad_input_zip_bomb_member_is_refused(tmp_path):
    bomb = ("ا" * 1000 + "\n").encode("utf-8") * 12_000  # ~24 MB that deflates to a few KB
    archive = _zip(tmp_path / "bomb.zip", {"bomb.txt": bomb, "ok.txt": GOOD.encode("utf-8")})
    assert archive.stat().st_size < 1_000_000
    items = _items(archive)
    failures = [i for i in items if isinstance(i, Failure)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(failures) == 1 and "zip bomb" in failures[0].reason and "bomb.txt" in failures[0].input
    assert [d.raw for d in docs] == [GOOD]


def test_ingest_bad_input_zip_with_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "ZIP_MAX_MEMBERS", 3)
    archive = _zip(tmp_path / "many.zip", {f"{i}.txt": GOOD.encode() for i in range(5)})
    reason = _only_failure(_items(archive)).reason
    assert "members" in reason and "zip bomb" in reason


def test_ingest_bad_input_zip_total_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "ZIP_MAX_TOTAL_BYTES", 500)
    archive = _zip(tmp_path / "big.zip", {"a.txt": GOOD.encode(), "b.txt": GOOD.encode()})
    assert "unpack to" in _only_failure(_items(archive)).reason


def test_ingest_bad_input_corrupt_zip(tmp_path):
    path = tmp_path / "broken.zip"
    data = _zip(tmp_path / "src.zip", {"a.txt": GOOD.encode()}).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "zip" in _only_failure(_items(path)).reason


def test_ingest_bad_input_batch_goes_on(tmp_path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    (tmp_path / "c_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "d_bad.json").write_text("{not json", encoding="utf-8")
    items = _items(tmp_path)
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "RawDocument", "Failure"]


def test_ingest_bad_input_same_text_twice_is_a_copy_stored_once_per_file(tmp_path):
    """Issue 19: the same text in two files is two publications, the second a copy of the first;
    a re-run stores nothing new."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "one.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "copy.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    db = tmp_path / "s.db"
    clean_only = Pipeline.build(["clean"])
    first = analyze([str(corpus)], db=db, pipeline=clean_only)
    assert not first.ok and len(first.failures) == 1
    assert len(first.corpus) == 2 and first.counts["added"] == 1 and first.counts["copies"] == 1
    original, copy = sorted(first.corpus.articles, key=lambda a: a.copy_of is not None)
    assert copy.copy_of == original.id and copy.id != original.id and copy.text == original.text
    second = analyze([str(corpus)], db=db, pipeline=clean_only)
    assert second.counts["added"] == 0 and second.counts["versions"] == 0 and second.counts["copies"] == 0
    with Store(db) as store:
        assert len(store.article_ids(current_only=False)) == 2


def test_ingest_bad_input_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(GOOD.encode("cp1256")), encoding="latin-1")
    monkeypatch.setattr("sys.stdin", fake)
    [doc] = list(iter_documents(["-"]))
    assert doc.raw == GOOD and doc.meta["format"] == "txt" and doc.source == "<stdin>"
