"""The record as tables: corpus results as plain SQLite tables and views (``record_*``).

The ``results`` table keeps each story, incident, entity and timeline as riwaya/1 JSON (what
the export and the web read). :func:`rebuild` writes the same results again as rows with
foreign keys to ``articles``, so that SQL, Datasette and pandas ``read_sql`` can ask "every
conflict by outlet" without parsing JSON. The tables are derived: every save of results drops
and refills them in the save's transaction (their definitions are :data:`SCHEMA`, so a
changed definition reaches an old store at its next save). A row naming an article the store
does not hold is left out and counted in the returned ``skipped``.

``record_articles_fts`` is a full-text index over ``articles`` that Datasette detects
(``content="articles"``: its rowids are those of ``articles``). Its words are written as the
article writes them (vowel marks dropped), folded (:func:`riwaya.text.normalize.fold`: أ إ آ
-> ا, ة -> ه, ى -> ي) and without one or two proclitic letters (و ف ب ك ل), so أعلنت, اعلنت
and وأعلنت find each other in Datasette's search box. ``articles_fts``
(:mod:`riwaya.store.search`) holds word skeletons that only riwaya's own query reduction can
match. :func:`index_new_articles` adds the articles not indexed yet (texts never change) and
starts over when an indexed rowid holds another article (after deletes or a ``VACUUM``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from riwaya.store.search import PROCLITICS, words
from riwaya.text.normalize import fold

KEYS = ("stories", "incidents", "entities", "timeline")

TABLES = """
CREATE TABLE IF NOT EXISTS record_stories (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, title TEXT, first TEXT, last TEXT,
    size INTEGER, outlets TEXT, languages TEXT
);
CREATE TABLE IF NOT EXISTS record_story_articles (
    story TEXT NOT NULL REFERENCES record_stories(id), seq INTEGER NOT NULL,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, score REAL, reason TEXT,
    PRIMARY KEY (story, article)
);
CREATE TABLE IF NOT EXISTS record_incidents (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, story TEXT REFERENCES record_stories(id),
    type TEXT, family TEXT, date TEXT, place TEXT, reacts_to TEXT, cameo TEXT, plover TEXT,
    acled TEXT, n_articles INTEGER, n_outlets INTEGER
);
CREATE TABLE IF NOT EXISTS record_incident_articles (
    incident TEXT NOT NULL REFERENCES record_incidents(id),
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, lead INTEGER NOT NULL,
    PRIMARY KEY (incident, article)
);
CREATE TABLE IF NOT EXISTS record_claims (
    id INTEGER PRIMARY KEY, incident TEXT NOT NULL REFERENCES record_incidents(id),
    seq INTEGER NOT NULL, slot TEXT NOT NULL, value TEXT, value_json TEXT, value_n INTEGER,
    value_kind TEXT, event TEXT, article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT, source TEXT, outlet TEXT,
    modality TEXT, hedged INTEGER, origin TEXT, "update" TEXT, published TEXT
);
CREATE INDEX IF NOT EXISTS record_claims_incident_slot ON record_claims(incident, slot);
CREATE INDEX IF NOT EXISTS record_claims_article ON record_claims(article);
CREATE TABLE IF NOT EXISTS record_comparisons (
    id INTEGER PRIMARY KEY, incident TEXT NOT NULL REFERENCES record_incidents(id),
    slot TEXT NOT NULL, status TEXT NOT NULL, n_values INTEGER NOT NULL, UNIQUE (incident, slot)
);
CREATE TABLE IF NOT EXISTS record_comparison_values (
    id INTEGER PRIMARY KEY, comparison INTEGER NOT NULL REFERENCES record_comparisons(id),
    seq INTEGER NOT NULL, value TEXT, value_json TEXT, origins INTEGER, outlets TEXT,
    articles TEXT, sources TEXT
);
CREATE TABLE IF NOT EXISTS record_entities (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type TEXT, name TEXT, name_en TEXT,
    aliases TEXT, n_mentions INTEGER, n_articles INTEGER
);
CREATE TABLE IF NOT EXISTS record_entity_mentions (
    id INTEGER PRIMARY KEY, entity TEXT NOT NULL REFERENCES record_entities(id),
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT, role INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS record_entity_mentions_entity ON record_entity_mentions(entity);
CREATE INDEX IF NOT EXISTS record_entity_mentions_article ON record_entity_mentions(article);
CREATE TABLE IF NOT EXISTS record_timeline (
    id INTEGER PRIMARY KEY, story TEXT REFERENCES record_stories(id), seq INTEGER NOT NULL,
    date TEXT, precision TEXT, kind TEXT, label TEXT, incident TEXT REFERENCES record_incidents(id)
);
CREATE TABLE IF NOT EXISTS record_timeline_sources (
    entry INTEGER NOT NULL REFERENCES record_timeline(id),
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT, outlet TEXT
);
"""

VIEWS = """
CREATE VIEW IF NOT EXISTS record_conflicts AS
    SELECT c.incident, i.type, i.date, i.place, c.slot, c.outlet, c.value, c.source,
           c.article, c.start, c."end", c.text
    FROM record_claims c
    JOIN record_comparisons k ON k.incident = c.incident AND k.slot = c.slot
    JOIN record_incidents i ON i.id = c.incident
    WHERE k.status = 'conflict';
CREATE VIEW IF NOT EXISTS record_conflicts_by_outlet AS
    SELECT outlet, count(DISTINCT incident || char(31) || slot) AS conflicts,
           count(DISTINCT incident) AS incidents, count(*) AS claims
    FROM record_conflicts GROUP BY outlet ORDER BY conflicts DESC, outlet;
CREATE VIEW IF NOT EXISTS record_incident_summary AS
    SELECT i.id, i.story, i.type, i.date, i.place, i.n_articles, i.n_outlets,
           (SELECT count(*) FROM record_comparisons k WHERE k.incident = i.id
             AND k.status = 'conflict') AS conflicts,
           (SELECT count(*) FROM record_comparisons k WHERE k.incident = i.id
             AND k.status = 'agree') AS agreed,
           (SELECT count(*) FROM record_claims c WHERE c.incident = i.id) AS claims
    FROM record_incidents i;
CREATE VIEW IF NOT EXISTS record_outlet_claims AS
    SELECT c.outlet, c.incident, c.slot, k.status, c.value, c.source, c.article, c.text
    FROM record_claims c
    LEFT JOIN record_comparisons k ON k.incident = c.incident AND k.slot = c.slot;
"""

FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS record_articles_fts USING fts5(
    text, content="articles", tokenize="unicode61"
);
CREATE TABLE IF NOT EXISTS record_articles_fts_rows (rowid INTEGER PRIMARY KEY, article TEXT NOT NULL);
"""

SCHEMA = TABLES + VIEWS + FTS  # what the store migration creates (riwaya.store.schema)

_DROP_ORDER = (
    "record_timeline_sources record_timeline record_entity_mentions record_entities "
    "record_comparison_values record_comparisons record_claims record_incident_articles "
    "record_incidents record_story_articles record_stories"
).split()
_VIEWS = "record_conflicts record_conflicts_by_outlet record_incident_summary record_outlet_claims".split()


def rebuild(db: sqlite3.Connection, results: dict[str, list[Any]]) -> dict[str, int]:
    """Drop and refill the record tables from ``results`` (keys it lacks are read from the
    ``results`` table); run inside the caller's transaction. Rows written per table, and
    ``skipped`` (rows naming an article the store does not hold)."""
    full = {key: results[key] if key in results else _stored(db, key) for key in KEYS}
    _recreate(db)
    writer = _Writer(db, {r[0] for r in db.execute("SELECT id FROM articles")})
    writer.stories(full["stories"])
    writer.incidents(full["incidents"], _story_of(full["stories"]))
    writer.entities(full["entities"])
    writer.timeline(full["timeline"])
    writer.counts["articles_indexed"] = index_new_articles(db)
    return writer.counts


def _stored(db: sqlite3.Connection, key: str) -> list[Any]:
    rows = db.execute("SELECT item FROM results WHERE key = ? ORDER BY seq", (key,))
    return [json.loads(r[0]) for r in rows]


def _recreate(db: sqlite3.Connection) -> None:
    for view in _VIEWS:
        db.execute(f"DROP VIEW IF EXISTS {view}")
    for table in _DROP_ORDER:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _statements(TABLES + VIEWS + FTS):
        db.execute(statement)


def _statements(script: str) -> list[str]:
    """The statements of a script (none of riwaya's DDL has ';' inside a literal)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _story_of(stories: list[dict[str, Any]]) -> dict[str, str]:
    """Incident id -> the story whose storyline holds it (the first one, if several)."""
    out: dict[str, str] = {}
    for story in stories:
        for incident in story.get("incidents") or []:
            out.setdefault(incident, story["id"])
    return out


class _Writer:
    """Inserts the rows of each result kind, leaving out rows that name unknown articles."""

    def __init__(self, db: sqlite3.Connection, articles: set[str]):
        self.db, self.articles = db, articles
        self.counts: dict[str, int] = {"skipped": 0}
        self.story_ids: set[str] = set()
        self.incident_ids: set[str] = set()

    def insert(self, table: str, rows: Iterable[tuple]) -> int | None:
        """Insert the rows; the rowid of the last one (None when there were none)."""
        rows = list(rows)
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        if not rows:
            return None
        sql = f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})"
        return (
            self.db.execute(sql, rows[0]).lastrowid
            if len(rows) == 1
            else self.db.executemany(sql, rows).lastrowid
        )

    def known(self, items: Iterable[Any], article=lambda d: d.get("article")) -> list[Any]:
        items = list(items)
        kept = [d for d in items if article(d) in self.articles]
        self.counts["skipped"] += len(items) - len(kept)
        return kept

    def stories(self, stories: list[dict[str, Any]]) -> None:
        stories = list({s["id"]: s for s in stories if s.get("id") is not None}.values())
        self.story_ids = {s["id"] for s in stories}
        for n, s in enumerate(stories):
            lists = (_json(s.get("outlets") or []), _json(s.get("languages") or []))
            self.insert("record_stories", [(s["id"], n, *_pick(s, "title first last size"), *lists)])
            members = {m["article"]: m for m in reversed(self.known(s.get("articles") or []))}
            rows = [
                (s["id"], k, *_pick(m, "article score reason"))
                for k, m in enumerate(reversed(members.values()))
            ]
            self.insert("record_story_articles", rows)

    def incidents(self, incidents: list[dict[str, Any]], story_of: dict[str, str]) -> None:
        incidents = list({i["id"]: i for i in incidents if i.get("id") is not None}.values())
        self.incident_ids = {i["id"] for i in incidents}
        for n, i in enumerate(incidents):
            self.insert("record_incidents", [_incident_row(i, n, self._story(story_of.get(i["id"])))])
            leads = set(i.get("leads") or [])
            articles = self.known(dict.fromkeys(i.get("articles") or []), lambda a: a)
            self.insert("record_incident_articles", [(i["id"], a, int(a in leads)) for a in articles])
            claims = self.known(i.get("claims") or [])
            self.insert("record_claims", [(None, i["id"], k, *_claim_row(c)) for k, c in enumerate(claims)])
            for slot in {s.get("slot"): s for s in i.get("comparison") or [] if s.get("slot")}.values():
                self._comparison(i["id"], slot)

    def _story(self, story: str | None) -> str | None:
        return story if story in self.story_ids else None

    def _comparison(self, incident: str, slot: dict[str, Any]) -> None:
        values = slot.get("values") or []
        row = (None, incident, slot["slot"], slot.get("status") or "", len(values))
        comparison = self.insert("record_comparisons", [row])
        rows = [
            (
                None,
                comparison,
                n,
                value_text(v.get("value")),
                _json(v.get("value")),
                v.get("origins"),
                *(_json(v.get(k) or []) for k in ("outlets", "articles", "sources")),
            )
            for n, v in enumerate(values)
        ]
        self.insert("record_comparison_values", rows)

    def entities(self, entities: list[dict[str, Any]]) -> None:
        entities = list({e["id"]: e for e in entities if e.get("id") is not None}.values())
        for n, e in enumerate(entities):
            mentions = e.get("mentions") or []
            counts = (len(mentions), len({m.get("article") for m in mentions}))
            row = (e["id"], n, *_pick(e, "type name name_en"), _json(e.get("aliases") or []), *counts)
            self.insert("record_entities", [row])
            rows = [
                (None, e["id"], *_pick(m, "article start end text"), int(bool(m.get("role"))))
                for m in self.known(mentions)
            ]
            self.insert("record_entity_mentions", rows)

    def timeline(self, timelines: list[dict[str, Any]]) -> None:
        for t in timelines:
            story = self._story(t.get("story"))
            for n, entry in enumerate(t.get("entries") or []):
                incident = entry.get("incident") if entry.get("incident") in self.incident_ids else None
                row = (None, story, n, *_pick(entry, "date precision kind label"), incident)
                rowid = self.insert("record_timeline", [row])
                rows = [
                    (rowid, *_pick(c, "article start end text outlet"))
                    for c in self.known(entry.get("sources") or [])
                ]
                self.insert("record_timeline_sources", rows)


def _pick(d: dict[str, Any], keys: str) -> tuple:
    return tuple(d.get(k) for k in keys.split())


def _incident_row(i: dict[str, Any], seq: int, story: str | None) -> tuple:
    codes = i.get("codes") or {}
    outlets = {c.get("outlet") for c in i.get("claims") or [] if c.get("outlet")}
    return (
        i["id"],
        seq,
        story,
        *_pick(i, "type family date place reacts_to"),
        *_pick(codes, "cameo plover acled"),
        len(set(i.get("articles") or [])),
        len(outlets),
    )


def _claim_row(c: dict[str, Any]) -> tuple:
    value = c.get("value")
    count = value if isinstance(value, dict) and "n" in value else {}
    return (
        c.get("slot"),
        value_text(value),
        _json(value),
        count.get("n"),
        count.get("kind"),
        c.get("event"),
        *_pick(c, "article start end text source outlet modality"),
        int(bool(c.get("hedged"))),
        *_pick(c, "origin update published"),
    )


def value_text(value: Any) -> str | None:
    """A claim value as a plain string: counts as their number (``about 3`` unless exact),
    strings as they are, anything else as compact JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict) and "n" in value:
        kind = value.get("kind") or "exact"
        return str(value["n"]) if kind == "exact" else f"{kind.replace('_', ' ')} {value['n']}"
    return _json(value)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def index_new_articles(db: sqlite3.Connection) -> int:
    """Add every article not yet in ``record_articles_fts``; returns how many were added. When
    an indexed rowid no longer holds the same article (articles deleted, or renumbered by
    ``VACUUM``), the whole index is emptied and rebuilt."""
    stale = db.execute(
        "SELECT 1 FROM record_articles_fts_rows r LEFT JOIN articles a ON a.rowid = r.rowid"
        " WHERE a.id IS NOT r.article LIMIT 1"
    ).fetchone()
    if stale:
        db.execute("INSERT INTO record_articles_fts (record_articles_fts) VALUES ('delete-all')")
        db.execute("DELETE FROM record_articles_fts_rows")
    rows = db.execute(
        "SELECT rowid, id, text FROM articles WHERE rowid NOT IN (SELECT rowid FROM record_articles_fts_rows)"
    ).fetchall()
    db.executemany(
        "INSERT INTO record_articles_fts (rowid, text) VALUES (?, ?)", ((r[0], fts_body(r[2])) for r in rows)
    )
    db.executemany("INSERT INTO record_articles_fts_rows VALUES (?, ?)", ((r[0], r[1]) for r in rows))
    return len(rows)


def fts_body(text: str) -> str:
    """What ``record_articles_fts`` indexes for a text: each word as written (vowel marks
    dropped), folded, and without one or two proclitic letters, each form once per word."""
    return " ".join(f for w in words(text) for f in word_forms(w))


@lru_cache(maxsize=1 << 17)
def word_forms(word: str) -> tuple[str, ...]:
    """The word, folded, and both without one or two proclitic letters (three letters left)."""
    forms = [word, fold(word)]
    for i in (1, 2):
        if len(word) - i >= 3 and all(c in PROCLITICS for c in word[:i]):
            forms += [word[i:], fold(word[i:])]
    return tuple(dict.fromkeys(forms))
