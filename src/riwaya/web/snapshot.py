"""Read access to the store for the HTTP API and the web UI.

Every request opens its own SQLite connection (:class:`Reader`), so pages read in WAL mode
while an ingest writes. Corpus results (stories, incidents, timeline, entities) are parsed
once per store state and indexed in a :class:`Snapshot`; the state is SQLite's
``PRAGMA data_version`` on one long-lived watcher connection, which changes on every commit by
any other connection (API ingest or a CLI run), so any write invalidates the cache.

Results are read as the typed records of :mod:`riwaya.results`; the JSON API gets their export
objects (the store's own rows, parsed).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from markupsafe import Markup, escape

from riwaya.model import outlet_label
from riwaya.results import COMPARISON, Comparison, Incident, Story, Timeline, parse_results
from riwaya.store import search as textsearch
from riwaya.store.sqlite import Store

UNKNOWN_OUTLET = "مصدر غير معروف"
ARTICLE_COLUMNS = "id, source, url, outlet, title, language, published, version, added_at"


def article_summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"], "title": row["title"], "outlet": row["outlet"], "language": row["language"],
        "outlet_label": outlet_label(row["outlet"], row["url"], row["source"], row["id"]),
        "source": row["url"] or row["source"], "published": json.loads(row["published"] or "{}"),
        "version": row["version"],
    }  # fmt: skip


class Snapshot:
    """Corpus results of one store state, parsed once into records and indexed for the pages.

    ``results`` and the mappings by id (``stories``, ``incidents``, ``entities``, ``briefs``)
    keep the export objects the JSON API returns; ``records`` (``story_records``,
    ``incident_records``, ``comparisons``, ``timelines``) are the typed records they read as.
    """

    def __init__(self, results: dict[str, list[Any]], max_pages: int = 512):
        self.results = results
        self.records = parse_results(results)
        self.max_pages = max_pages
        self.pages: dict[Any, Any] = {}
        self.lock = threading.Lock()
        self.labels: dict[str, str] = {}
        self.outlet_names: dict[str, str] = {}  # file-name labels -> "مصدر غير معروف N" (set by the cache)

    def page(self, key: Any, build) -> Any:
        """A rendered page of this state, built once (a bounded cache, oldest dropped first)."""
        with self.lock:
            if key in self.pages:
                return self.pages[key]
        value = build()
        with self.lock:
            if len(self.pages) >= self.max_pages:
                self.pages.pop(next(iter(self.pages)))
            self.pages[key] = value
        return value

    def outlet_labels(self, reader: Reader, ids: list[str] | set[str]) -> dict[str, str]:
        """Outlet labels of ``ids``, read once per article for the life of this snapshot."""
        missing = [i for i in ids if i not in self.labels]
        if missing:
            found = reader.outlets(missing)
            with self.lock:
                self.labels.update(found)
        return {i: self.labels[i] for i in ids if i in self.labels}

    def items(self, key: str) -> list[Any]:
        return self.results.get(key, [])

    @cached_property
    def stories(self) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for s in self.items("stories")}

    @cached_property
    def story_records(self) -> dict[str, Story]:
        return {s.id: s for s in self.records.get("stories", [])}

    @cached_property
    def stories_by_size(self) -> list[Story]:
        """Stories with the most articles first, then the latest (by the story's last day)."""
        items = sorted(self.story_records.values(), key=lambda s: s.last or "", reverse=True)
        return sorted(items, key=lambda s: -s.size)

    @cached_property
    def incidents(self) -> dict[str, dict[str, Any]]:
        return {i["id"]: i for i in self.items("incidents")}

    @cached_property
    def incident_records(self) -> dict[str, Incident]:
        return {i.id: i for i in self.records.get("incidents", [])}

    @cached_property
    def comparisons(self) -> dict[str, Comparison]:
        """The comparison of each incident that has one, by incident id."""
        return {c.incident: c for c in self.records.get(COMPARISON, [])}

    @cached_property
    def rename_outlets(self) -> Callable[[str], str] | None:
        """Replaces each file-name label in a printed string by its unknown-source name (one
        pattern per snapshot); None when every source has an outlet or a URL."""
        names = self.outlet_names
        if not names:
            return None
        pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))

        def rename(value: str) -> str:
            if isinstance(value, Markup):
                return Markup(pattern.sub(lambda m: str(escape(names[m.group(0)])), str(value)))
            return pattern.sub(lambda m: names[m.group(0)], value)

        return rename

    @cached_property
    def entities(self) -> dict[str, dict[str, Any]]:
        return {e["id"]: e for e in self.items("entities")}

    @cached_property
    def timelines(self) -> dict[str, Timeline]:
        """The timeline of each story, by story id."""
        return {t.story: t for t in self.records.get("timeline", [])}

    @cached_property
    def timeline_entries(self) -> list[dict[str, Any]]:
        """Every timeline entry as an export object with its ``story``."""
        return [{"story": t.story, **e.to_dict()} for t in self.timelines.values() for e in t.entries]

    @cached_property
    def incidents_by_article(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for incident in self.incident_records.values():
            for art in incident.articles:
                index[art].append(incident.id)
        return index

    @cached_property
    def entities_by_article(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for entity in self.records.get("entities", []):
            for art in set(entity.articles):
                index[art].append(entity.id)
        return index

    def story_incidents(self, story: Story) -> list[Incident]:
        """Incidents reported by the story's articles, in the order the articles name them."""
        ids = dict.fromkeys(i for a in story.article_ids for i in self.incidents_by_article.get(a, []))
        return [self.incident_records[i] for i in ids]

    @cached_property
    def briefs(self) -> dict[str, dict[str, Any]]:
        """The brief of each story, by story id."""
        return {b["story"]: b for b in self.items("briefs")}

    def story_timeline(self, story_id: str) -> list[dict[str, Any]]:
        """The timeline entries of a story as export objects (empty for a story without one)."""
        timeline = self.timelines.get(story_id)
        return [{"story": story_id, **e.to_dict()} for e in timeline.entries] if timeline else []

    def story_entities(self, members: list[str]) -> list[dict[str, Any]]:
        ids = list(dict.fromkeys(i for a in members for i in self.entities_by_article.get(a, [])))
        return [self.entities[i] for i in ids]


class SnapshotCache:
    """The :class:`Snapshot` of the current store state, rebuilt after any commit."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        self.watch = sqlite3.connect(path, check_same_thread=False) if path != ":memory:" else None
        self.signature: int | None = None
        self.snapshot: Snapshot | None = None

    def state(self) -> int | None:
        """Which corpus results the store holds (the store bumps a counter on every save):
        article batches committed by a running analysis leave it alone, so they do not throw
        away a snapshot that takes seconds to rebuild on a large store."""
        if self.watch is None:
            return None
        return self.watch.execute("SELECT n FROM results_version").fetchone()[0]

    def current(self, reader: Reader) -> Snapshot:
        with self.lock:
            sig = self.state()
            if self.snapshot is None or sig != self.signature or sig is None:
                self.snapshot, self.signature = Snapshot(reader.results()), sig
                self.snapshot.outlet_names = reader.unknown_outlets()
            return self.snapshot

    def close(self) -> None:
        if self.watch is not None:
            self.watch.close()


class Reader:
    """One request's read-only view of the store (its own connection)."""

    def __init__(self, path: str):
        self.store = Store(path)
        self.db = self.store.db

    def close(self) -> None:
        self.store.close()

    def unknown_outlets(self) -> dict[str, str]:
        """The citation label of each source with neither outlet nor URL (its file's name) ->
        what pages show instead: "مصدر غير معروف 1", "… 2" in the order of the sources' paths."""
        rows = self.db.execute(
            "SELECT DISTINCT source FROM articles WHERE current = 1 AND (outlet IS NULL OR outlet = '') "
            "AND (url IS NULL OR url NOT LIKE '%://%') AND source IS NOT NULL ORDER BY source"
        )
        labels = dict.fromkeys(outlet_label(None, None, r[0]) for r in rows)
        return {label: f"{UNKNOWN_OUTLET} {n}" for n, label in enumerate(labels, 1) if label}

    def results(self) -> dict[str, list[Any]]:
        return self.store.results()

    def count_articles(self) -> int:
        return self.store.count()

    def articles(
        self,
        limit: int,
        offset: int,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
    ) -> tuple[int, list[dict]]:
        """One page of current articles, optionally of one outlet, one language and published
        within ``[since, until]`` (ISO days or prefixes; an undated article matches no range)."""
        where, args = ["current = 1"], []
        for clause, value in (("outlet = ?", outlet), ("language = ?", language),
                              ("json_extract(published, '$.value') >= ?", since),
                              ("substr(json_extract(published, '$.value'), 1, length(?)) <= ?", until)):  # fmt: skip
            if value:
                where.append(clause)
                args += [value, value] if clause.count("?") == 2 else [value]
        sql_where = "WHERE " + " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM articles {sql_where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles {sql_where} ORDER BY rowid LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return total, [article_summary(r) for r in rows]

    def facets(self) -> dict[str, list[str]]:
        """The outlets and languages of current articles, for the list filters."""
        ask = "SELECT DISTINCT {col} FROM articles WHERE current = 1 AND {col} IS NOT NULL ORDER BY {col}"
        return {col: [r[0] for r in self.db.execute(ask.format(col=col))] for col in ("outlet", "language")}

    def rows_for(self, sql: str, ids: list[str], *params: Any) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (whose ``{ids}`` stands for the id list) over ``ids`` in chunks of
        500: SQLite limits how many parameters one statement binds."""
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            yield from self.db.execute(sql.format(ids=",".join("?" * len(chunk))), [*params, *chunk])

    def summaries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Article summaries by id."""
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({{ids}})"
        return {row["id"]: article_summary(row) for row in self.rows_for(sql, ids)}

    def outlets(self, ids: list[str]) -> dict[str, str]:
        """Outlet label by article id: what citations print, without parsing whole summaries."""
        sql = "SELECT id, outlet, url, source FROM articles WHERE id IN ({ids})"
        return {
            r["id"]: outlet_label(r["outlet"], r["url"], r["source"], r["id"])
            for r in self.rows_for(sql, ids)
        }

    def article_exists(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def load_article(self, article_id: str):
        return self.store.load_article(article_id)

    def search(self, query: str, limit: int, offset: int) -> tuple[int, list[dict]]:
        total, ids = textsearch.search(self.db, query, limit, offset)
        found = self.summaries(ids)
        texts = self._texts(ids)
        hits = []
        for ident in ids:
            if ident in found:
                hits.append(found[ident] | {"snippet": textsearch.snippet(texts[ident], query)})
        return total, hits

    def _texts(self, ids: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids) if ids else []
        return {r[0]: r[1] for r in rows}

    def layer_page(
        self, layer: str, limit: int, offset: int, article: str | None = None
    ) -> tuple[int, list[dict]]:
        """Spans of one layer over current articles, as export records (``article`` added)."""
        where = "s.layer = ? AND a.current = 1" + (" AND s.article = ?" if article else "")
        args: list[Any] = [layer] + ([article] if article else [])
        base = f"FROM spans s JOIN articles a ON a.id = s.article WHERE {where}"
        total = self.db.execute(f"SELECT count(*) {base}", args).fetchone()[0]
        rows = self.db.execute(
            f'SELECT s.article, s.start, s."end", s.label, s.attrs, a.text {base} '
            "ORDER BY s.rowid LIMIT ? OFFSET ?", [*args, limit, offset],
        )  # fmt: skip
        return total, [_span_record(r) for r in rows]

    def results_page(self, key: str, limit: int, offset: int) -> tuple[int, list[Any]] | None:
        """One page of a corpus result list, or None when no stage produced ``key``."""
        total = self.db.execute("SELECT count(*) FROM results WHERE key = ?", (key,)).fetchone()[0]
        if total == 0:
            return None
        rows = self.db.execute(
            "SELECT item FROM results WHERE key = ? ORDER BY seq LIMIT ? OFFSET ?", (key, limit, offset)
        )
        return total, [json.loads(r[0]) for r in rows]

    def spans_of(self, ids: list[str], layer: str) -> list[dict[str, Any]]:
        """Every span of ``layer`` in the articles ``ids``, in article order (a query per 500)."""
        found: dict[str, list[dict[str, Any]]] = {}
        sql = (
            'SELECT s.article, s.start, s."end", s.label, s.attrs, '
            "CASE WHEN s.attrs IS NULL OR s.attrs = '' THEN a.text END AS text "
            "FROM spans s JOIN articles a ON a.id = s.article "
            "WHERE s.layer = ? AND a.current = 1 AND s.article IN ({ids}) ORDER BY s.rowid"
        )
        for row in self.rows_for(sql, ids, layer):
            found.setdefault(row["article"], []).append(_span_record(row))
        return [span for ident in ids for span in found.get(ident, [])]


def _span_record(row: sqlite3.Row) -> dict[str, Any]:
    if row["attrs"]:
        data = json.loads(row["attrs"])
    else:
        data = {"start": row["start"], "end": row["end"], "text": row["text"][row["start"] : row["end"]]}
        if row["label"]:
            data["label"] = row["label"]
    return {"article": row["article"], **data}
