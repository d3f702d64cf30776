"""End to end through the Python API and the CLI on hand-written fictional articles."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from click.testing import CliRunner

import riwaya
from riwaya.cli import main
from riwaya.export import TOP_KEYS, check_spans

ARTICLES = {
    "a.txt": "انفجار قرب مقر المحافظة في مدينة الوادي\nقال مصدر أمني إن انفجارا وقع فجر الأحد قرب مقر المحافظة.\nاقرأ المزيد\n",
    "b.txt": "المحافظ يتفقد موقع الانفجار\nتفقد المحافظ سليم النجار موقع الانفجار صباح الاثنين.\nزر الذهاب إلى الأعلى\n",
    "c.txt": "افتتاح معرض للكتاب في العاصمة\nافتتح وزير الثقافة معرضا للكتاب يضم مئات الدور.\n",
}


def _write(folder, articles=ARTICLES):
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_run_analyze_exports_every_key_and_valid_spans(tmp_path):
    result = riwaya.analyze([str(_write(tmp_path / "in"))], db=tmp_path / "s.db")
    doc = result.export()
    assert doc["schema"] == "riwaya/1" and result.ok
    assert all(key in doc for key in TOP_KEYS)
    assert len(doc["articles"]) == 3
    assert check_spans(doc) > len(doc["times"]) + len(doc["quotes"]) >= 3  # nested spans and dates too
    texts = " ".join(a["text"] for a in doc["articles"])
    assert "اقرأ المزيد" not in texts and "زر الذهاب" not in texts


def test_run_analyze_parallel_matches_serial(tmp_path):
    folder = _write(tmp_path / "in")
    serial = riwaya.analyze([str(folder)], db=tmp_path / "a.db").export()
    parallel = riwaya.analyze([str(folder)], db=tmp_path / "b.db", jobs=2).export()
    assert [a["id"] for a in serial["articles"]] == [a["id"] for a in parallel["articles"]]
    assert serial["times"] == parallel["times"] and serial["entities"] == parallel["entities"]


def test_run_analyze_again_skips_articles_already_analysed(tmp_path):
    import dataclasses

    from riwaya.pipeline import Pipeline

    folder = _write(tmp_path / "in")
    riwaya.analyze([str(folder)], db=tmp_path / "s.db", jobs=2)
    (folder / "d.txt").write_text("أمطار غزيرة على الساحل\nتوقعت الأرصاد أمطارا غزيرة.\n", encoding="utf-8")
    seen = []
    pipeline = Pipeline.build()
    pipeline.components = [
        dataclasses.replace(c, func=lambda a, f=c.func: seen.append(a.id) or f(a))
        if c.name == "segment"
        else c
        for c in pipeline.components
    ]
    again = riwaya.analyze([str(folder)], db=tmp_path / "s.db", pipeline=pipeline)
    assert again.counts["unchanged"] == 3 and again.counts["added"] == 1
    assert len(seen) == 1  # only the new article went through the article components
    assert again.export()["entities"] and len(again.export()["articles"]) == 4


def test_run_analyze_bad_inputs_are_recorded_and_the_batch_finishes(tmp_path):
    folder = _write(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = riwaya.analyze([str(folder), str(tmp_path / "missing.txt")], db=tmp_path / "s.db")
    assert len(result.corpus) == 3
    reasons = {f.input.rsplit("/", 1)[-1]: f.reason for f in result.failures}
    assert set(reasons) == {"empty.txt", "binary.txt", "missing.txt"}
    assert not result.ok


def test_run_load_rebuilds_the_export_from_the_store(tmp_path):
    db = tmp_path / "s.db"
    first = riwaya.analyze([str(_write(tmp_path / "in"))], db=db).export()
    again = riwaya.load(db).export()
    assert first["articles"] == again["articles"] and first["times"] == again["times"]


def test_cli_analyze_export_show(tmp_path):
    folder, db, out = _write(tmp_path / "in"), str(tmp_path / "s.db"), tmp_path / "o.json"
    runner = CliRunner()
    res = runner.invoke(main, ["analyze", str(folder), "--db", db, "--json", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    first = doc["articles"][0]["id"]
    shown = runner.invoke(main, ["show", first[:6], "--db", db, "--json"])
    assert json.loads(shown.output)["id"] == first
    csv_out = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    assert csv_out.output.startswith("kind,article,start,end,text,label,detail")
    lines = runner.invoke(main, ["export", "--db", db, "--format", "jsonl"]).output.splitlines()
    assert json.loads(lines[0]) == {"type": "schema", "schema": "riwaya/1"}


def test_cli_failures_set_exit_code_and_missing_store_explains(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        main, ["analyze", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "s.db"), "--quiet"]
    )
    assert res.exit_code == 1
    res = runner.invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0 and "riwaya analyze" in res.output


def test_run_killed_mid_run_leaves_store_consistent(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_text(
            f"خبر رقم {i}\nنص الخبر رقم {i} عن اجتماع المجلس البلدي.\n", encoding="utf-8"
        )
    db = tmp_path / "s.db"
    code = f"import riwaya; riwaya.analyze([{str(folder)!r}], db={str(db)!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=os.environ | {"PYTHONUNBUFFERED": "1"})
    deadline = time.time() + 60
    while time.time() < deadline and not _has_articles(db):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orphans = con.execute(
        "SELECT count(*) FROM spans WHERE article NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    assert orphans == 0
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] % 200 == 0
    con.close()
    riwaya.analyze([str(folder)], db=db)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 400


def _has_articles(db):
    try:
        return sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    except sqlite3.Error:
        return False


def test_export_jsonl_types_are_singular_and_extra_keys_kept():
    from riwaya.export import to_jsonl

    doc = {
        "schema": "riwaya/1",
        "articles": [{"id": "a"}],
        "entities": [{"id": "e"}],
        "stories": [{"id": "s"}],
        "briefs": [{"story": "s"}],
        "failures": [],
        **{k: [] for k in ("times", "quotes", "events", "incidents", "timeline")},
    }
    types = [json.loads(line)["type"] for line in to_jsonl(doc)]
    assert types == ["schema", "article", "entity", "story", "brief"]
