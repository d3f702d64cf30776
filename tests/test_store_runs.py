"""Issue 23 item 4: versions follow the publication (never a position in a file), reverts and
metadata changes are versions, failures are recorded once per input and run, and the ``runs``
table says which runs finished, also after kill -9. Fictional texts written for these tests."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from click.testing import CliRunner

import riwaya
from riwaya.cli import main
from riwaya.pipeline import Pipeline
from riwaya.store.copies import backfill_versions
from riwaya.store.sqlite import Store

PORT = "أعلنت هيئة الموانئ في مدينة الرمال افتتاح رصيف جديد للسفن التجارية صباح الأحد."
MARKET = "افتتحت بلدية تل الزيتون سوقا أسبوعيا للحرفيين في الساحة القديمة مساء الخميس."
CONTEST = "أطلقت جمعية القراء في بلدة السنديان مسابقة للقصة القصيرة يشارك فيها طلاب المدارس."


def _light() -> Pipeline:
    return Pipeline.build(["clean"])


def _write(path, records) -> str:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _current(db) -> list[tuple[str, str | None, int]]:
    with Store(db) as store:
        return sorted((a.text, a.title, a.version) for a in store.iter_articles())


# --- identity and versions ----------------------------------------------------------------------
def test_versions_records_keep_their_identity_when_records_are_inserted_before_them(tmp_path):
    """[A, B] then [C, A, B]: A, B and C are all current, and nothing is re-analysed."""
    db, path = tmp_path / "s.db", tmp_path / "items.json"
    riwaya.analyze([_write(path, [{"text": PORT}, {"text": MARKET}])], db=db, pipeline=_light())
    again = riwaya.analyze(
        [_write(path, [{"text": CONTEST}, {"text": PORT}, {"text": MARKET}])], db=db, pipeline=_light()
    )
    assert (again.counts["added"], again.counts["unchanged"], again.counts["versions"]) == (1, 2, 0)
    assert [t for t, _, _ in _current(db)] == sorted([PORT, MARKET, CONTEST])


def test_versions_a_record_id_field_is_its_identity_without_a_url(tmp_path):
    """A record's ``id`` field names it in its file: its new text supersedes its old one, wherever
    it moves in the file; a record without url or id stays known by its text only."""
    db, path = tmp_path / "s.db", tmp_path / "items.json"
    riwaya.analyze([_write(path, [{"id": "n1", "text": PORT}, {"text": MARKET}])], db=db, pipeline=_light())
    result = riwaya.analyze(
        [_write(path, [{"text": MARKET}, {"id": "n1", "text": CONTEST}])], db=db, pipeline=_light()
    )
    assert (result.counts["versions"], result.counts["unchanged"]) == (1, 1)
    assert _current(db) == sorted([(MARKET, None, 1), (CONTEST, None, 2)])
    with Store(db) as store:
        assert len(store.article_ids(current_only=False)) == 3


def test_versions_zip_members_are_keyed_by_member_name(tmp_path):
    import zipfile

    db, archive = tmp_path / "s.db", tmp_path / "news.zip"
    for texts in ([("a.txt", PORT), ("b.txt", MARKET)], [("b.txt", MARKET), ("a.txt", CONTEST)]):
        with zipfile.ZipFile(archive, "w") as zf:
            for name, text in texts:
                zf.writestr(name, f"عنوان\n{text}")
        last = riwaya.analyze([str(archive)], db=db, pipeline=_light())
    assert (last.counts["versions"], last.counts["unchanged"]) == (1, 1)
    assert sorted(t.split("\n")[-1] for t, _, _ in _current(db)) == sorted([MARKET, CONTEST])


def test_versions_a_reverted_text_is_current_again_under_its_old_number(tmp_path):
    """v1 -> v2 -> v1: v1 is current again (version 1, no new row); a third text is version 3."""
    db, path = tmp_path / "s.db", tmp_path / "a.txt"
    counts = []
    for text in (PORT, MARKET, PORT, CONTEST):
        path.write_text(f"عنوان\n{text}", encoding="utf-8")
        counts.append(riwaya.analyze([str(path)], db=db, pipeline=_light()).counts["versions"])
        if text is PORT and len(counts) == 3:
            assert [(t.split("\n")[-1], v) for t, _, v in _current(db)] == [(PORT, 1)]
    assert counts == [0, 1, 1, 1]
    with Store(db) as store:
        assert len(store.article_ids(current_only=False)) == 3
        [current] = store.iter_articles()
    assert current.text.endswith(CONTEST) and current.version == 3


def test_versions_a_title_or_date_change_alone_is_a_new_version(tmp_path):
    db, path = tmp_path / "s.db", tmp_path / "items.json"
    url = "https://sahil.example/1"
    editions = [
        {"url": url, "text": PORT, "title": "رصيف جديد", "date": "2025-03-01"},
        {"url": url, "text": PORT, "title": "رصيف جديد للسفن", "date": "2025-03-01"},  # title alone
        {"url": url, "text": PORT, "title": "رصيف جديد للسفن", "date": "2025-03-02"},  # date alone
        {"url": url, "text": PORT, "title": "رصيف جديد", "date": "2025-03-01"},  # back to the first
    ]
    seen = []
    for record in editions:
        result = riwaya.analyze([_write(path, [record])], db=db, pipeline=_light())
        [article] = result.corpus.articles
        seen.append((result.counts["versions"], article.title, article.published.value, article.version))
    assert seen == [
        (0, "رصيف جديد", "2025-03-01", 1),
        (1, "رصيف جديد للسفن", "2025-03-01", 2),
        (1, "رصيف جديد للسفن", "2025-03-02", 3),
        (1, "رصيف جديد", "2025-03-01", 1),
    ]
    with Store(db) as store:
        assert len(store.article_ids(current_only=False)) == 3 and store.count() == 1
    unchanged = riwaya.analyze([_write(path, [editions[-1]])], db=db, pipeline=_light())
    assert unchanged.counts["unchanged"] == 1 and not unchanged.counts["versions"]


def test_versions_a_store_from_before_migration_6_keeps_skipping_what_it_holds(tmp_path):
    db, path = tmp_path / "s.db", tmp_path / "items.json"
    inputs = _write(path, [{"text": PORT, "title": "رصيف"}, {"text": MARKET, "url": "https://w.example/2"}])
    riwaya.analyze([inputs], db=db, pipeline=_light())
    with Store(db) as store, store.db:  # as migration 6 leaves an older store
        store.db.execute("UPDATE articles SET lineage = NULL, edition = NULL, identity = NULL")
        backfill_versions(store.db)
    again = riwaya.analyze([inputs], db=db, pipeline=_light())
    assert again.counts["unchanged"] == 2 and not (again.counts["added"] or again.counts["versions"])
    assert len(_current(db)) == 2


# --- failures and runs ----------------------------------------------------------------------------
def _bad_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(f"عنوان\n{PORT}", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.json").write_text(json.dumps([{"title": "بلا نص"}]), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return folder


def _failure_rows(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT run, input, stage FROM failures ORDER BY input").fetchall()
    finally:
        con.close()


def test_failures_rerunning_the_same_inputs_does_not_add_them_again(tmp_path):
    db, folder = tmp_path / "s.db", _bad_inputs(tmp_path)
    results = [riwaya.analyze([str(folder)], db=db, pipeline=_light()) for _ in range(3)]
    assert [len(r.failures) for r in results] == [3, 3, 3] and [r.run for r in results] == [1, 2, 3]
    rows = _failure_rows(db)
    assert len(rows) == 3 and {run for run, _, _ in rows} == {3}
    (folder / "broken.json").write_text(json.dumps({"text": MARKET}), encoding="utf-8")  # fixed
    fixed = riwaya.analyze([str(folder)], db=db, pipeline=_light())
    assert len(fixed.failures) == 2
    assert sorted(i.rsplit("/", 1)[-1] for _, i, _ in _failure_rows(db)) == ["binary.txt", "empty.json#0"]


def test_failures_of_an_unchanged_article_stay_recorded(tmp_path):
    """A kept article with a repair (a title cut) is skipped on a re-run: its row stays."""
    db, path = tmp_path / "s.db", tmp_path / "items.json"
    _write(path, [{"text": PORT, "title": "عنوان " * 120}])
    first = riwaya.analyze([str(path)], db=db, pipeline=_light())
    second = riwaya.analyze([str(path)], db=db, pipeline=_light())
    assert [f.stage for f in first.failures] == ["title"] and second.failures == []
    assert [(run, stage) for run, _, stage in _failure_rows(db)] == [(1, "title")]


def test_runs_table_records_each_run_and_the_result_names_it(tmp_path):
    db, folder = tmp_path / "s.db", _bad_inputs(tmp_path)
    result = CliRunner().invoke(main, ["analyze", str(folder), "--db", str(db)])
    assert result.exit_code == 1 and "run 1 finished" in result.output
    again = riwaya.analyze([str(folder)], db=db)
    with Store(db) as store:
        first, second = store.runs()
        assert [f.input for f in store.failures(run=2)] == [f.input for f in again.failures]
    assert again.run == second["id"] == 2 and first["finished"] and second["finished"]
    assert first["inputs"] == second["inputs"] == [str(folder)]
    assert (first["stored"], first["failed"], second["stored"], second["failed"]) == (1, 3, 0, 3)
    assert first["command"].startswith("riwaya.analyze(") or "analyze" in first["command"]
    assert first["version"] and first["completed_by"] is None


def test_runs_killed_in_the_corpus_stages_is_unfinished_and_completed_by_the_next(tmp_path):
    db, folder = tmp_path / "s.db", _bad_inputs(tmp_path)
    code = (
        "import os, signal, riwaya\n"
        "from riwaya.pipeline import Component, Pipeline\n"
        "def kill(corpus):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        "killer = Component('killer', '1', 'corpus', (), ('nothing',), kill)\n"
        "light = Pipeline.build(['clean']).components\n"
        f"riwaya.analyze([{str(folder)!r}], db={str(db)!r}, pipeline=Pipeline([*light, killer]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code])
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        [killed] = store.runs()
        assert killed["finished"] is None and killed["stored"] == 1 and killed["failed"] == 3
        assert store.count() == 1 and len(store.failures()) == 3  # committed with its batch
    result = riwaya.analyze([str(folder)], db=db)
    assert result.completed == [1] and result.corpus.results.get("stories")
    with Store(db) as store:
        killed, finished = store.runs()
        assert killed["completed_by"] == 2 and killed["finished"] is None and finished["finished"]
        assert store.results().get("stories") and len(store.failures()) == 3


# --- kill -9 at random points ---------------------------------------------------------------------
ARTICLES = 120


def _many(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"{i:04d}.txt").write_text(
            f"اجتماع رقم {i}\nاجتمع المجلس البلدي في مدينة الرمال لبحث المشروع رقم {i} وقال رئيسه إن "
            "العمل يبدأ قريبا.\n",
            encoding="utf-8",
        )
    (folder / "broken.json").write_text("[{", encoding="utf-8")
    return folder


def _runs_so_far(db) -> list[tuple]:
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("SELECT id, stored, finished FROM runs ORDER BY id").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return []


def _kill_when(proc, db, ready, deadline=30.0) -> None:
    """SIGKILL ``proc`` once ``ready(runs)`` holds (or at the deadline)."""
    stop = time.time() + deadline
    while time.time() < stop and proc.poll() is None and not ready(_runs_so_far(db)):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_runs_kill_9_at_random_points_loses_and_duplicates_nothing(tmp_path):
    db, folder = tmp_path / "s.db", _many(tmp_path)
    rng = random.Random(23)
    command = [sys.executable, "-m", "riwaya", "analyze", str(folder), "--db", str(db), "--quiet"]
    env = os.environ | {"RIWAYA_NER": "crf"}
    points = [
        lambda runs: bool(runs),  # the run has started: ingest and annotation
        lambda runs: bool(runs) and runs[-1][1] == ARTICLES and runs[-1][2] is None,  # corpus stages
    ]
    n = len(points) + 3
    for i in range(n):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i < len(points):
            _kill_when(proc, db, points[i])
        else:
            delay = rng.uniform(0.1, 4.0)
            _kill_when(proc, db, lambda runs, t=time.time() + delay: time.time() > t)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    runs = con.execute("SELECT id, finished FROM runs ORDER BY id").fetchall()
    assert 1 <= len(runs) <= n and any(f is None for _, f in runs)
    con.close()
    final = subprocess.run(command, env=env, capture_output=True)
    assert final.returncode == 1  # broken.json
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone() == (
        ARTICLES,
        ARTICLES,
    )
    assert con.execute("SELECT count(*) FROM articles WHERE current = 1").fetchone()[0] == ARTICLES
    orphans = con.execute("SELECT count(*) FROM spans WHERE article NOT IN (SELECT id FROM articles)")
    assert orphans.fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM spans").fetchone()[0] > ARTICLES
    assert con.execute("SELECT input, stage FROM failures").fetchall() == [
        (f"{folder}/broken.json", "ingest")
    ]
    last = con.execute("SELECT max(id) FROM runs").fetchone()[0]
    rows = con.execute("SELECT id, finished, completed_by FROM runs WHERE id < ?", (last,)).fetchall()
    assert all(done or by for _, done, by in rows)  # every killed run completed by a later one
    assert sum(done is None for _, done, _ in rows) >= 1
    assert con.execute("SELECT finished FROM runs WHERE id = ?", (last,)).fetchone()[0]
    assert json.loads(con.execute("SELECT item FROM results WHERE key = 'stories' LIMIT 1").fetchone()[0])
    con.close()
