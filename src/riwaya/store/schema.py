"""The store's schema: migrations in order (``PRAGMA user_version`` counts those applied)."""

from __future__ import annotations

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
]
COLUMNS = (
    "id source url outlet title language published version supersedes current text raw removals "
    "meta components added_at copy_of failed_layers"
).split()
