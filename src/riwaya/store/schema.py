"""The store's schema: migrations in order (``PRAGMA user_version`` counts those applied)."""

from __future__ import annotations

from riwaya.store.tables import SCHEMA as RECORD_SCHEMA

MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, source TEXT, url TEXT, outlet TEXT, title TEXT, language TEXT,
        published TEXT, version INTEGER NOT NULL DEFAULT 1, supersedes TEXT,
        current INTEGER NOT NULL DEFAULT 1, text TEXT NOT NULL, raw TEXT, removals TEXT,
        meta TEXT, components TEXT, added_at TEXT
    );
    CREATE INDEX articles_source ON articles(source, current);
    CREATE TABLE spans (
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, layer TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT, attrs TEXT
    );
    CREATE INDEX spans_article_layer ON spans(article, layer);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY, input TEXT, stage TEXT, reason TEXT, at TEXT
    );
    CREATE TABLE results (
        key TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (key, seq)
    );
    """,
    # 2: full-text search over folded light stems (riwaya.store.search keeps it in sync)
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, body, tokenize = 'unicode61');
    """,
    # 3: a counter bumped whenever corpus results are replaced (readers cache what they parse)
    """
    CREATE TABLE results_version (n INTEGER NOT NULL);
    INSERT INTO results_version VALUES (0);
    """,
    # 4: republished copies (riwaya.store.copies) and layers a component failed to add
    """
    ALTER TABLE articles ADD COLUMN copy_of TEXT;
    ALTER TABLE articles ADD COLUMN failed_layers TEXT;
    """,
    # 5: search ignores vowel marks inside words and indexes clitic-stripped forms: the old
    # index rows are dropped, and riwaya.store.search.backfill (run when a store is served)
    # re-indexes every article
    """
    DELETE FROM articles_fts;
    """,
    # 6: versions follow the publication (lineage), the metadata (edition) and the text
    # (identity: what analysis skips), filled in by riwaya.store.sqlite.backfill_versions; runs,
    # and failures once per input and run
    """
    ALTER TABLE articles ADD COLUMN lineage TEXT;
    ALTER TABLE articles ADD COLUMN edition TEXT;
    ALTER TABLE articles ADD COLUMN identity TEXT;
    CREATE INDEX articles_lineage ON articles(lineage, current);
    CREATE INDEX articles_identity ON articles(identity, current);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, inputs TEXT,
        stored INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, command TEXT,
        version TEXT, completed_by INTEGER
    );
    ALTER TABLE failures ADD COLUMN run INTEGER REFERENCES runs(id);
    CREATE UNIQUE INDEX failures_once ON failures(run, input, stage, reason);
    CREATE INDEX failures_input ON failures(input);
    """,
    # 7: the record as tables (record_* tables and views, and record_articles_fts for
    # Datasette's search); riwaya.store.tables.rebuild drops and refills them at every save of
    # results, with their current definitions, so this entry never needs a successor
    RECORD_SCHEMA,
]
COLUMNS = (
    "id source url outlet title language published version supersedes current text raw removals "
    "meta components added_at copy_of failed_layers lineage edition identity"
).split()
