"""The SQLite store: idempotent saves, versions, failures, results, migrations, crash safety."""

import sqlite3

import pytest

from riwaya.errors import StoreError
from riwaya.model import Article, Failure, Published, Span
from riwaya.store.sqlite import MIGRATIONS, Store


def _article(text="قال الوزير إن الوفد وصل", source="a.txt"):
    article = Article(
        text, source=source, outlet="صحيفة المثال", title="عنوان", published=Published("2025-09-14", "day")
    )
    article.add_layer("tokens", [Span(0, 3)])
    article.add_layer("quotes", [Span(0, 3, attrs={"cue": Span(0, 3), "kind": "indirect"})])
    article.meta["components"] = ["clean@1"]
    return article


def test_store_round_trip_keeps_text_layers_and_published(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_articles([_article()])
        back = store.load_article(_article().id)
    assert back.text == _article().text and back.outlet == "صحيفة المثال"
    assert back.layer("quotes")[0].attrs["cue"] == Span(0, 3)
    assert back.published.value == "2025-09-14"


def test_store_saving_same_article_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.save_articles([_article()])["added"] == 1
        assert store.save_articles([_article()])["unchanged"] == 1
        assert store.count() == 1
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 1  # tokens are derived


def test_store_tokens_are_recomputed_on_load_not_stored(tmp_path):
    article = Article("قال الوزير. ثم غادر")
    article.add_layer("paragraphs", [Span(0, len(article.text))])
    article.add_layer(
        "tokens", [Span(a, b, "token") for a, b in [(0, 3), (4, 10), (10, 11), (12, 14), (15, 19)]]
    )
    with Store(tmp_path / "s.db") as store:
        store.save_articles([article])
        assert store.db.execute("SELECT count(*) FROM spans WHERE layer = 'tokens'").fetchone()[0] == 0
        assert store.load_article(article.id).layer("tokens") == article.layer("tokens")


def test_store_update_articles_persists_corpus_stage_changes(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_articles([_article()])
        article = store.load_article(_article().id)
        article.published = Published("2025-09-15", "day", inferred=True, source="incident")
        article.add_layer("times", [Span(0, 3, attrs={"value": "2025-09-14"})])
        store.update_articles([article], layers=("times",))
        back = store.load_article(article.id)
    assert back.published.source == "incident" and back.layer("times")[0].attrs["value"] == "2025-09-14"


def test_store_reanalysis_with_new_components_takes_the_new_metadata(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_articles([_article()])
        store.save_articles([_article("قال الوزير إن الوفد وصل صباحا")])  # a.txt is now version 2
        again = _article("قال الوزير إن الوفد وصل صباحا")
        again.title, again.language = "عنوان جديد", "ar"
        again.published = Published("2025-09-13", "day", inferred=True, source="text")
        again.meta["components"] = ["clean@2"]
        assert store.save_articles([again])["reanalysed"] == 1
        back = store.load_article(again.id)
        hits = store.db.execute("SELECT count(*) FROM articles_fts WHERE body MATCH 'جدد'").fetchone()[0]
    assert (back.title, back.language, back.published.value) == ("عنوان جديد", "ar", "2025-09-13")
    assert back.published.source == "text" and back.meta["components"] == ["clean@2"]
    assert back.version == 2 and back.meta["supersedes"] == _article().id  # the version stays
    assert hits == 1  # the search index has the new title


def test_store_changed_text_from_same_source_is_new_version(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_articles([_article()])
        counts = store.save_articles([_article("قال الوزير إن الوفد وصل صباحا")])
        assert counts["versions"] == 1
        assert store.count() == 1
        current = next(store.iter_articles())
        assert current.version == 2 and current.meta["supersedes"] == _article().id
        assert len(list(store.iter_articles(current_only=False))) == 2


def test_store_is_readable_with_plain_sqlite(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save_articles([_article()])
        store.record_failures([Failure("x.bin", "ingest", "binary content")])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT reason FROM failures").fetchone()[0] == "binary content"
    assert db.execute("SELECT layer FROM spans ORDER BY layer").fetchall() == [("quotes",)]


def test_store_results_are_replaced_per_key(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_results({"stories": [{"id": "s1"}], "timeline": [{"id": "t1"}]})
        store.save_results({"stories": [{"id": "s2"}]})
        assert store.results() == {"stories": [{"id": "s2"}], "timeline": [{"id": "t1"}]}


def test_store_failed_batch_leaves_store_unchanged(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_articles([_article()])
        broken = _article("نص آخر", source="b.txt")
        broken.layers["quotes"] = [Span(0, 1, attrs={"bad": object()})]  # not JSON-serialisable
        with pytest.raises(TypeError):
            store.save_articles([_article("نص ثالث", source="c.txt"), broken])
        assert store.count() == 1


def test_store_newer_schema_is_refused_with_a_fix(tmp_path):
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="upgrade riwaya"):
        Store(path)


def test_store_unknown_id_prefix_says_how_to_list_ids(tmp_path):
    with Store(tmp_path / "s.db") as store, pytest.raises(StoreError, match="riwaya export"):
        store.load_article("ffff")


def test_store_results_version_moves_with_results_not_with_articles(tmp_path):
    from riwaya.web.snapshot import Reader, SnapshotCache

    path = str(tmp_path / "s.db")
    store = Store(path)
    store.save_results({"stories": [{"id": "s1"}]})
    cache = SnapshotCache(path)
    reader = Reader(path)
    first = cache.current(reader)
    store.save_articles([Article("نص مقال جديد لا يغير النتائج.")])
    assert cache.current(reader) is first  # an article batch keeps the parsed results
    store.save_results({"stories": [{"id": "s1"}]})  # same rows, rewritten: still a new state
    assert cache.current(reader) is not first and store.results_version() == 2
    reader.close(), cache.close(), store.close()


def test_store_failures_are_kept_once_per_input_and_run(tmp_path):
    bad, other = Failure("x.bin", "ingest", "binary content"), Failure("y.json", "ingest", "invalid JSON")
    with Store(tmp_path / "s.db") as store:
        first = store.start_run(["in"], "test", "0")
        store.record_failures([bad, bad, other], first)
        store.record_failures([bad], first)
        assert store.failures(first) == [bad, other]
        second = store.start_run(["in"], "test", "0")
        store.record_failures([bad], second, read=["y.json"])  # y.json was read again and is fine
        assert store.failures() == [bad] and store.failures(second) == [bad]
        assert [(r["id"], r["failed"], r["finished"]) for r in store.runs()] == [(1, 2, None), (2, 1, None)]
        assert store.finish_run(second) == [first] and store.runs()[0]["completed_by"] == second


def test_store_migration_6_fills_in_the_rows_of_an_older_store(tmp_path):
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 5")
    db.execute(
        "INSERT INTO articles (id, source, url, outlet, text, published, components) "
        "VALUES ('a1', 'items.json#4', NULL, 'sahil', 'نص', '{}', '[]')"
    )
    db.commit()
    db.close()
    with Store(path) as store:
        row = store.db.execute("SELECT lineage, edition, identity FROM articles").fetchone()
        assert tuple(row) == ("items.json|sahil|a1", None, "a1\titems.json|sahil\t")
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.runs() == []
