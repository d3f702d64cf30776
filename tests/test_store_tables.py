"""The record as tables: the demo store read with plain sqlite3, pandas and Datasette."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

import riwaya
from riwaya.model import Article
from riwaya.store.sqlite import MIGRATIONS, Store
from riwaya.store.tables import fts_body, value_text

DEMO = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo"
RECORD_TABLES = (
    "record_stories record_story_articles record_incidents record_incident_articles record_claims "
    "record_comparisons record_comparison_values record_entities record_entity_mentions "
    "record_timeline record_timeline_sources"
).split()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "demo.db"
    riwaya.analyze([DEMO], db=str(path))
    return path


@pytest.fixture
def db(store_path):
    """The store as a user opens it: plain sqlite3, no riwaya."""
    conn = sqlite3.connect(store_path)
    yield conn
    conn.close()


def _results(db: sqlite3.Connection, key: str) -> list[dict]:
    return [
        json.loads(r[0]) for r in db.execute("SELECT item FROM results WHERE key = ? ORDER BY seq", (key,))
    ]


def test_tables_every_conflict_by_outlet(db):
    rows = db.execute(
        """SELECT c.outlet, count(DISTINCT c.incident || '/' || c.slot) FROM record_claims c
           JOIN record_comparisons k ON k.incident = c.incident AND k.slot = c.slot
           WHERE k.status = 'conflict' GROUP BY c.outlet"""
    ).fetchall()
    expected = Counter()
    for incident in _results(db, "incidents"):
        conflicted = {s["slot"] for s in incident.get("comparison", []) if s["status"] == "conflict"}
        pairs = {(c["outlet"], c["slot"]) for c in incident.get("claims", []) if c["slot"] in conflicted}
        expected.update(outlet for outlet, _ in pairs)
    assert len(expected) >= 3 and sum(expected.values()) >= 5  # the demo's drone attack is contested
    assert dict(rows) == dict(expected)
    view = db.execute("SELECT outlet, conflicts FROM record_conflicts_by_outlet").fetchall()
    assert dict(view) == dict(expected)
    assert [n for _, n in view] == sorted((n for _, n in view), reverse=True)


def test_tables_incidents_of_a_story_with_their_article_count(db):
    story = _results(db, "stories")[0]
    assert story["incidents"], "the demo's first story has a storyline"
    rows = db.execute(
        """SELECT i.id, i.type, count(ia.article) FROM record_incidents i
           JOIN record_incident_articles ia ON ia.incident = i.id
           WHERE i.story = ? GROUP BY i.id ORDER BY i.seq""",
        (story["id"],),
    ).fetchall()
    incidents = {i["id"]: i for i in _results(db, "incidents")}
    assert [r[0] for r in rows] == [i for i in incidents if i in story["incidents"]]
    assert [r[2] for r in rows] == [len(set(incidents[r[0]]["articles"])) for r in rows]
    assert max(r[2] for r in rows) >= 5
    stored = db.execute(
        "SELECT n_articles FROM record_incidents WHERE story = ? ORDER BY seq", (story["id"],)
    )
    assert [r[0] for r in stored] == [r[2] for r in rows]


def test_tables_claim_spans_are_the_article_text(db):
    incident = max(_results(db, "incidents"), key=lambda i: len(i.get("claims", [])))
    rows = db.execute(
        """SELECT c.slot, c.value, c.start, c."end", c.text, a.text, a.outlet = c.outlet
           FROM record_claims c JOIN articles a ON a.id = c.article
           WHERE c.incident = ? ORDER BY c.seq""",
        (incident["id"],),
    ).fetchall()
    assert len(rows) == len(incident["claims"]) >= 10
    for (slot, value, start, end, text, article_text, _), claim in zip(rows, incident["claims"], strict=True):
        assert article_text[start:end] == text == claim["text"]
        assert (slot, value) == (claim["slot"], value_text(claim["value"]))
    same = db.execute(
        """SELECT count(*) FROM record_claims c JOIN articles a ON a.id = c.article
           WHERE substr(a.text, c.start + 1, c."end" - c.start) = c.text"""
    ).fetchone()[0]
    assert same == db.execute("SELECT count(*) FROM record_claims").fetchone()[0]


def test_tables_entity_mentions_and_timeline_sources_cite_article_text(db):
    for table in ("record_entity_mentions", "record_timeline_sources"):
        rows = db.execute(
            f'SELECT m.start, m."end", m.text, a.text FROM {table} m JOIN articles a ON a.id = m.article'
        )
        rows = rows.fetchall()
        assert len(rows) >= 20
        assert all(text[start:end] == span for start, end, span, text in rows)
    mentions = sum(len(e["mentions"]) for e in _results(db, "entities"))
    assert db.execute("SELECT sum(n_mentions) FROM record_entities").fetchone()[0] == mentions


def test_tables_foreign_keys_hold_and_every_table_is_filled(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RECORD_TABLES}
    assert all(counts.values()), counts
    fks = {t: {r[2] for r in db.execute(f"PRAGMA foreign_key_list({t})")} for t in RECORD_TABLES}
    for table in (
        "record_story_articles",
        "record_incident_articles",
        "record_claims",
        "record_entity_mentions",
    ):
        assert "articles" in fks[table]
    assert counts["record_claims"] == sum(len(i.get("claims", [])) for i in _results(db, "incidents"))


def test_tables_comparison_values_keep_origins_and_outlets(db):
    rows = db.execute(
        """SELECT k.incident, k.slot, k.status, v.value, v.origins, v.outlets FROM record_comparison_values v
           JOIN record_comparisons k ON k.id = v.comparison ORDER BY k.id, v.seq"""
    ).fetchall()
    expected = [
        (i["id"], s["slot"], s["status"], value_text(v["value"]), v["origins"], v["outlets"])
        for i in _results(db, "incidents")
        for s in i.get("comparison", [])
        for v in s["values"]
    ]
    assert len(rows) == len(expected) >= 10
    assert [(*r[:5], json.loads(r[5])) for r in rows] == expected


def test_tables_are_rebuilt_not_appended_and_survive_a_partial_save(store_path, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(store_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with Store(copy) as store:
        before = {t: store.count(t) for t in RECORD_TABLES}
        store.save_results(store.results())
        assert {t: store.count(t) for t in RECORD_TABLES} == before
        store.save_results({"stories": store.results()["stories"]})  # only one key: the rest from the store
        assert {t: store.count(t) for t in RECORD_TABLES} == before
        store.save_results({"incidents": []})
        assert store.count("record_claims") == store.count("record_incidents") == 0
        assert store.count("record_stories") == before["record_stories"]


def test_tables_leave_out_rows_naming_unknown_articles():
    with Store() as store:
        article = Article("نص الخبر عن الهجوم")
        article.meta["components"] = []
        store.save_articles([article])
        claim = {"slot": "weapon", "value": "drone", "start": 0, "end": 2, "text": "نص", "outlet": "س"}
        store.save_results(
            {
                "incidents": [
                    {
                        "id": "i1",
                        "articles": [article.id, "missing"],
                        "claims": [{**claim, "article": article.id}, {**claim, "article": "missing"}],
                    }
                ],
                "stories": [{"id": "s1"}],
            }
        )
        assert store.count("record_claims") == 1 and store.count("record_incident_articles") == 1
        assert store.count("record_stories") == 1
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_tables_follow_deleted_articles_and_reindex_search(store_path, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(store_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with Store(copy) as store:
        gone = store.db.execute("SELECT article FROM record_claims LIMIT 1").fetchone()[0]
        with store.db:
            store.db.execute("DELETE FROM spans WHERE article = ?", (gone,))
            store.db.execute("DELETE FROM articles WHERE id = ?", (gone,))  # cascades to its rows
        assert (
            store.db.execute("SELECT count(*) FROM record_claims WHERE article = ?", (gone,)).fetchone()[0]
            == 0
        )
        store.save_results(store.results())
        left = (
            store.count("articles")
            + store.db.execute("SELECT count(*) FROM articles WHERE current = 0").fetchone()[0]
        )
        assert store.count("record_articles_fts_rows") == left
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_tables_migration_can_run_again():
    with Store() as store:
        store.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
        store.migrate()  # the record entry alone, on a store that has its tables
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_tables_exist_in_a_new_store_before_any_results():
    with Store() as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert set(RECORD_TABLES) | {"record_conflicts_by_outlet", "record_articles_fts"} <= names
        assert store.count("record_incidents") == 0


def test_tables_fts_is_detected_as_datasette_does_and_folds_spellings(db):
    # datasette.utils.detect_fts_sql: an FTS virtual table whose SQL names content="articles"
    found = db.execute(
        """SELECT name FROM sqlite_master WHERE rootpage = 0
           AND sql LIKE '%VIRTUAL TABLE%USING FTS%content="articles"%'"""
    ).fetchall()
    assert found == [("record_articles_fts",)]
    assert (
        db.execute("SELECT count(*) FROM record_articles_fts").fetchone()[0]
        == db.execute("SELECT count(*) FROM articles").fetchone()[0]
    )

    def hits(word: str) -> set[str]:  # Datasette's query: rowid in (select rowid ... match '"word"')
        sql = "SELECT id FROM articles WHERE rowid IN (SELECT rowid FROM record_articles_fts WHERE record_articles_fts MATCH ?)"
        return {r[0] for r in db.execute(sql, (f'"{word}"',))}

    written = hits("أعلنت")
    assert written and hits("اعلنت") == written and hits("وأعلنت") <= written
    assert hits("طائرة") == hits("طايره") and hits("طائرة")  # as written, or folded whole
    assert "الحوثيين" in fts_body("والحوثيّين").split()


def test_tables_read_with_pandas(store_path):
    pandas = pytest.importorskip("pandas")
    with sqlite3.connect(store_path) as conn:
        claims = pandas.read_sql("SELECT * FROM record_claims", conn)
        by_outlet = pandas.read_sql("SELECT * FROM record_conflicts_by_outlet", conn)
    assert len(claims) >= 10 and {"slot", "value", "article", "start", "end", "text", "outlet"} <= set(claims)
    assert claims["value_n"].notna().sum() >= 5  # counts have a number to sum
    assert by_outlet["conflicts"].sum() >= 5


def test_tables_open_in_datasette(store_path):
    datasette_app = pytest.importorskip("datasette.app")

    async def fetch():
        ds = datasette_app.Datasette(files=[str(store_path)])
        await ds.invoke_startup()
        name = store_path.stem
        found = await ds.client.get(f"/{name}/articles.json?_search=اعلنت&_shape=array&_col=id")
        conflicts = await ds.client.get(f"/{name}/record_conflicts_by_outlet.json?_shape=array")
        return found, conflicts

    found, conflicts = asyncio.run(fetch())
    assert found.status_code == 200 and len(found.json()) >= 1
    assert conflicts.status_code == 200 and sum(r["conflicts"] for r in conflicts.json()) >= 5
