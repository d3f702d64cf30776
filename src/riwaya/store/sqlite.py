"""Store: one SQLite file (WAL) holding articles, their span layers, corpus results and failures.

Readable with ordinary SQLite tools: span attributes and corpus results are JSON text.
Saving is idempotent: an article whose id (a hash of its cleaned text) is already stored with
the same component versions is left alone; a changed text, or a changed title or date alone,
from the same publication (its lineage: url, else file or zip member, else a JSON record's id
field) becomes a new version that supersedes the old one (a text that comes back is current
again, under its old number); the same text from another publication is a copy of its own
(:mod:`riwaya.store.copies`). Every batch is one transaction with its failures, so a killed run
leaves the store as it was after the last finished batch, and its row in ``runs``
(:mod:`riwaya.store.runs`) unfinished.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from riwaya.errors import StoreError
from riwaya.model import Article, Failure
from riwaya.store import runs as run_log
from riwaya.store.copies import (
    backfill_versions,
    copy_id,
    edition_id,
    identity,
    lineage,
    publication_key,
    reidentify,
)
from riwaya.store.rows import article_from_row
from riwaya.store.schema import COLUMNS, MIGRATIONS
from riwaya.store.search import index_article
from riwaya.store.tables import rebuild as rebuild_tables

BACKFILL_VERSIONS = 6  # the migration after which rows get their lineage, edition and identity

# Layers recomputed on load instead of stored: cheap to derive, costly to keep as rows.
DERIVED_LAYERS = frozenset({"tokens"})


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The SQLite store; ``path=None`` or ``":memory:"`` keeps everything in memory."""

    def __init__(self, path: str | Path | None = None):
        self.path = str(path) if path else ":memory:"
        try:
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path!r}: {exc}; check the path is writable") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # schema -----------------------------------------------------------------------------
    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet (``PRAGMA user_version`` counts them)."""
        have = self.db.execute("PRAGMA user_version").fetchone()[0]
        if have > len(MIGRATIONS):
            raise StoreError(
                f"store {self.path!r} has schema version {have}, newer than this riwaya "
                f"({len(MIGRATIONS)}); upgrade riwaya or use another --db file"
            )
        for version in range(have, len(MIGRATIONS)):
            with self.db:  # one transaction per migration: a kill leaves it applied or not at all
                self.db.executescript(f"BEGIN;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};")
                if version + 1 == BACKFILL_VERSIONS:
                    backfill_versions(self.db)

    # articles ---------------------------------------------------------------------------
    def save_articles(
        self,
        articles: Iterable[Article],
        failures: list[Failure] | None = None,
        run: int | None = None,
        read: Iterable[str] = (),
    ) -> dict[str, int]:
        """Save a batch in one transaction; counts of ``added``, ``versions``, ``unchanged``...

        With a ``failures`` list, an article that cannot be written is rolled back alone and
        recorded there (the rest of the batch is stored); without one, its error propagates.
        With a ``run``, the same transaction records ``failures`` as that run's (replacing earlier
        runs' rows for the inputs it ``read``) and counts the articles it stored."""
        counts = {"added": 0, "versions": 0, "unchanged": 0, "reanalysed": 0, "copies": 0}
        with self.db:
            if not self.db.in_transaction:
                self.db.execute("BEGIN")
            for article in articles:
                if failures is None:
                    counts[self._save_one(article)] += 1
                    continue
                self.db.execute("SAVEPOINT one_article")
                try:
                    counts[self._save_one(article)] += 1
                except Exception as exc:  # noqa: BLE001 - one unwritable article never costs the batch
                    self.db.execute("ROLLBACK TO one_article")
                    failures.append(Failure(article.source or article.id, "store", _store_reason(exc)))
                self.db.execute("RELEASE one_article")
            if run is not None:
                run_log.record_failures(self.db, failures or [], run, read)
                run_log.add_stored(self.db, run, sum(counts.values()) - counts["unchanged"])
        return counts

    def _save_one(self, article: Article) -> str:
        components = json.dumps(article.meta.get("components", []))
        record = article.meta.get("record")
        key = publication_key(article.url, article.source, article.outlet, record)
        edition_key = article.meta.get("edition")  # None: unknown (an article built in code)
        text_id, row = article.id, self._row(article.id)
        copy = row is not None and not self._same_publication(row, key, article)
        if copy:  # the same text published elsewhere: an article of its own, linked to the first
            original = row["copy_of"] or row["id"]
            reidentify(article, copy_id(original, key))
            article.copy_of = original
            row = self._row(article.id)
        if row is not None and None not in (row["edition"], edition_key) and row["edition"] != edition_key:
            reidentify(article, edition_id(article.id, edition_key))  # a new title or date alone
            row = self._row(article.id)
        lineage_key = lineage(article.url, article.source, article.outlet, record, text_id)
        if row is not None:
            if row["edition"] is None and edition_key:  # stored before editions were kept
                self.db.execute(
                    "UPDATE articles SET lineage = ?, edition = ?, identity = ? WHERE id = ?",
                    (lineage_key, edition_key, identity(text_id, key, edition_key), article.id),
                )
            status = "unchanged" if row["components"] == components else "reanalysed"
            if status == "reanalysed":
                self._reanalyse(article, components)
            return "versions" if self._make_current(row, article) else status
        status = self._supersede(article, lineage_key)
        values = {
            "id": article.id,
            "source": article.source,
            "url": article.url,
            "outlet": article.outlet,
            "title": article.title,
            "language": article.language,
            "published": json.dumps(article.published.to_dict(article.text), ensure_ascii=False),
            "version": article.version,
            "supersedes": article.meta.get("supersedes"),
            "current": 1,
            "text": article.text,
            "raw": article.raw,
            "removals": json.dumps(article.removals, ensure_ascii=False),
            "meta": json.dumps(_plain_meta(article.meta), ensure_ascii=False),
            "components": components,
            "added_at": now(),
            "copy_of": article.copy_of,
            "failed_layers": json.dumps(article.failed_layers, ensure_ascii=False)
            if article.failed_layers
            else None,
            "lineage": lineage_key,
            "edition": edition_key,
            "identity": identity(text_id, key, edition_key or ""),
        }
        self.db.execute(
            f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            [values[c] for c in COLUMNS],
        )
        self._insert_spans(article)
        index_article(self.db, article.id, article.title, article.text)
        return "copies" if copy and status == "added" else status

    def _row(self, article_id: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT id, url, source, outlet, components, current, copy_of, lineage, edition,"
            " json_extract(meta, '$.record') AS record FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()

    @staticmethod
    def _same_publication(row: sqlite3.Row, key: str, article: Article) -> bool:
        """Whether ``row`` is this publication (a row stored before records kept their ``id``
        field is matched without it)."""
        stored = publication_key(row["url"], row["source"], row["outlet"], row["record"])
        if stored == key:
            return True
        return row["record"] is None and stored == publication_key(
            article.url, article.source, article.outlet
        )

    def _make_current(self, row: sqlite3.Row, article: Article) -> bool:
        """A text (or title and date) that came back after a newer version (a revert) is current
        again, under its old version number."""
        if row["current"]:
            return False
        if row["lineage"]:
            self.db.execute(
                "UPDATE articles SET current = 0 WHERE current = 1 AND lineage = ?", (row["lineage"],)
            )
        self.db.execute("UPDATE articles SET current = 1 WHERE id = ?", (article.id,))
        return True

    def _reanalyse(self, article: Article, components: str) -> None:
        """Same text, other component versions: what the components decide is replaced (the
        layers, title, language, date and failed layers); the version history stays."""
        published = json.dumps(article.published.to_dict(article.text), ensure_ascii=False)
        failed = json.dumps(article.failed_layers, ensure_ascii=False) if article.failed_layers else None
        self.db.execute(
            "UPDATE articles SET components = ?, title = ?, language = ?, published = ?, failed_layers = ?"
            " WHERE id = ?",
            (components, article.title, article.language, published, failed, article.id),
        )
        self.db.execute("DELETE FROM spans WHERE article = ?", (article.id,))
        self._insert_spans(article)
        index_article(self.db, article.id, article.title, article.text)

    def _supersede(self, article: Article, lineage_key: str) -> str:
        """The current article of the same lineage (another text, title or date of the same
        publication) becomes an old version; the new one is numbered after every earlier one."""
        old = self.db.execute(
            "SELECT id FROM articles WHERE current = 1 AND lineage = ?", (lineage_key,)
        ).fetchone()
        if old is None:
            return "added"
        last = self.db.execute(
            "SELECT max(version) FROM articles WHERE lineage = ?", (lineage_key,)
        ).fetchone()
        self.db.execute("UPDATE articles SET current = 0 WHERE lineage = ? AND current = 1", (lineage_key,))
        article.version = last[0] + 1
        article.meta["supersedes"] = old["id"]
        return "versions"

    def _insert_spans(self, article: Article, only: Iterable[str] | None = None) -> None:
        names = [n for n in (only or article.layers) if n not in DERIVED_LAYERS]
        rows = [
            (
                article.id,
                layer,
                s.start,
                s.end,
                s.label,
                json.dumps(s.to_dict(article.text), ensure_ascii=False) if s.attrs else None,
            )
            for layer in names
            for s in article.layer(layer)
        ]
        self.db.executemany("INSERT INTO spans VALUES (?,?,?,?,?,?)", rows)

    def update_articles(self, articles: Iterable[Article], layers: Iterable[str] = ()) -> int:
        """Persist what corpus stages changed: the publication date and the named layers.

        The text never changes, so neither does the id; this is how an undated article takes
        its date from its incident and gets its relative times re-resolved.
        """
        layers, n = list(layers), 0
        with self.db:
            for article in articles:
                published = json.dumps(article.published.to_dict(article.text), ensure_ascii=False)
                self.db.execute("UPDATE articles SET published = ? WHERE id = ?", (published, article.id))
                for layer in layers:
                    self.db.execute("DELETE FROM spans WHERE article = ? AND layer = ?", (article.id, layer))
                self._insert_spans(article, layers)
                n += 1
        return n

    def component_keys(self) -> dict[str, str]:
        """:func:`~riwaya.store.copies.identity` (text, publication, edition) -> the components
        (with versions) that analysed it, as stored; current articles only, so that a text that
        comes back after a newer version reaches the store and becomes current again."""
        rows = self.db.execute("SELECT identity, components FROM articles WHERE current = 1")
        return {r["identity"]: r["components"] for r in rows}

    def article_ids(self, *, current_only: bool = True) -> list[str]:
        where = "WHERE current = 1" if current_only else ""
        return [r[0] for r in self.db.execute(f"SELECT id FROM articles {where} ORDER BY rowid")]

    def load_article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            row = self._by_prefix(article_id)
        return article_from_row(self.db, row)

    def _by_prefix(self, prefix: str) -> sqlite3.Row:
        rows = self.db.execute(
            "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (prefix.replace("%", "") + "%",)
        ).fetchall()
        if len(rows) != 1:
            how = "no article" if not rows else "more than one article"
            raise StoreError(
                f"{how} matches id {prefix!r} in {self.path!r}; list ids with: riwaya export --format csv"
            )
        return rows[0]

    def iter_articles(self, *, current_only: bool = True) -> Iterator[Article]:
        where = "WHERE current = 1" if current_only else ""
        for row in self.db.execute(f"SELECT * FROM articles {where} ORDER BY rowid").fetchall():
            yield article_from_row(self.db, row)

    def count(self, table: str = "articles") -> int:
        where = " WHERE current = 1" if table == "articles" else ""
        return self.db.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]

    # failures and corpus results --------------------------------------------------------
    def record_failures(
        self, failures: Iterable[Failure], run: int | None = None, read: Iterable[str] = ()
    ) -> None:
        """Failure rows, once each per run (:func:`riwaya.store.runs.record_failures`)."""
        with self.db:
            run_log.record_failures(self.db, failures, run, read)

    def failures(self, run: int | None = None) -> list[Failure]:
        return run_log.failures(self.db, run)

    # runs (riwaya.store.runs) -----------------------------------------------------------
    def start_run(self, inputs: list[str], command: str, version: str) -> int:
        return run_log.start_run(self.db, inputs, command, version)

    def finish_run(self, run: int) -> list[int]:
        return run_log.finish_run(self.db, run)

    def runs(self) -> list[dict[str, Any]]:
        return run_log.runs(self.db)

    def save_results(self, results: dict[str, list[Any]]) -> None:
        """Replace the corpus-level results for each key, all in one transaction."""
        with self.db:
            self._replace_results(results)

    def _replace_results(self, results: dict[str, list[Any]]) -> None:
        for key, items in results.items():
            self.db.execute("DELETE FROM results WHERE key = ?", (key,))
            self.db.executemany(
                "INSERT INTO results VALUES (?,?,?)",
                [(key, i, json.dumps(item, ensure_ascii=False)) for i, item in enumerate(items)],
            )
        rebuild_tables(self.db, results)
        self.db.execute("UPDATE results_version SET n = n + 1")

    def results_version(self) -> int:
        """Bumped by every save of corpus results: a cheap 'did the results change?'."""
        return self.db.execute("SELECT n FROM results_version").fetchone()[0]

    def save_with_results(self, articles: Iterable[Article], recompute) -> dict[str, int]:
        """Articles plus what ``recompute()`` derives from them, in ONE transaction.

        ``recompute`` runs inside the transaction (it sees the new articles) and returns
        ``(results, changed)``: corpus results by key, and articles whose date or times the
        corpus stages changed. If it or any write fails, nothing is stored (the HTTP ingest).
        """
        counts = {"added": 0, "versions": 0, "unchanged": 0, "reanalysed": 0, "copies": 0}
        with self.db:
            for article in articles:
                counts[self._save_one(article)] += 1
            results, changed = recompute()
            for article in changed:
                published = json.dumps(article.published.to_dict(article.text), ensure_ascii=False)
                self.db.execute("UPDATE articles SET published = ? WHERE id = ?", (published, article.id))
                self.db.execute("DELETE FROM spans WHERE article = ? AND layer = 'times'", (article.id,))
                self._insert_spans(article, ["times"])
            self._replace_results(results)
        return counts

    def results(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for row in self.db.execute("SELECT key, item FROM results ORDER BY key, seq"):
            out.setdefault(row["key"], []).append(json.loads(row["item"]))
        return out


def _store_reason(exc: Exception) -> str:
    return (
        f"could not be written to the store ({type(exc).__name__}: {exc}); the rest of the batch "
        "was stored; report this with the input that caused it"
    )


def _plain_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in ("components", "edition")}
