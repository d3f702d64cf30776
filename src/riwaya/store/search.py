"""Full-text search over articles with Arabic normalisation (SQLite FTS5).

The FTS table ``articles_fts`` (a store migration) holds, per article, the title and text as
word skeletons: the folded light stem (``riwaya.text.tokens.match_key``) without the long-vowel
letters ا و ي after its first letter, since spellings differ mostly there (الأميركية /
الأمريكية / الامريكية all become "امركه"). Vowel marks (harakat, shadda, sukun, dagger alef) and
tatweel are dropped before the text is split into words, so a mark inside a word never splits it
(الحوثيّين = الحوثيين). Besides its own skeleton, a word is indexed under the skeleton of what
remains without one or two proclitic letters (و ف ب ك ل, then ال): بطائرة is indexed as "بطره"
and "طره". A query word asks for any of its forms (``("بطره" OR "طره")``), so بطائرة and طائرة
find the same articles. Queries are reduced the same way and every word is quoted, so user
input can never be read as FTS5 syntax. Changing what is indexed needs a store migration that
empties ``articles_fts`` (see :mod:`riwaya.store.schema`); :func:`backfill` then re-indexes.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from riwaya.text.normalize import fold, normalize, strip_diacritics
from riwaya.text.tokens import match_key

WORD = re.compile(r"\w+")
VOWELS = re.compile("[اوي]")
PROCLITICS = "وفبكل"
MAX_QUERY_WORDS = 20


def search_body(title: str | None, text: str) -> str:
    """The indexed form of an article: every form (:func:`forms`) of every word of title and text."""
    return " ".join(k for w in words(f"{title or ''}\n{text}") for k in forms(w))


def words(text: str) -> list[str]:
    """The words of ``text`` once vowel marks and tatweel are gone (a mark never splits a word)."""
    return WORD.findall(strip_diacritics(text))


def forms(word: str) -> list[str]:
    """The word's skeleton, then those of the word without one or two proclitic letters
    (و ف ب ك ل) when at least three letters remain; no duplicates, none empty."""
    out = [skeleton(word)]
    folded = fold(word)
    for i in (1, 2):
        head, rest = folded[:i], folded[i:]
        if len(rest) >= 3 and all(c in PROCLITICS for c in head):
            out.append(skeleton(rest))
    return [k for k in dict.fromkeys(out) if k]


def skeleton(word: str) -> str:
    """The folded stem without long vowels after its first letter (short stems stay whole)."""
    key = match_key(word)
    return key if len(key) <= 3 else key[0] + VOWELS.sub("", key[1:])


def _pattern(key: str) -> re.Pattern:
    """A regex over folded text matching any spelling with the skeleton ``key``."""
    return re.compile("(?:" + "[اوي]{0,2}".join(re.escape(c) for c in key) + ")")


def fts_query(query: str) -> str | None:
    """A safe FTS5 MATCH expression (every word required, in any of its forms), or None when
    nothing is searchable."""
    groups = [f for f in (forms(w) for w in words(query)) if f][:MAX_QUERY_WORDS]
    if not groups:
        return None
    return " ".join(_any_of(keys) for keys in groups)


def _any_of(keys: list[str]) -> str:
    quoted = ['"' + k.replace('"', '""') + '"' for k in keys]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def index_article(db: sqlite3.Connection, article_id: str, title: str | None, text: str) -> None:
    """Add (or refresh) one article's row; called from the store's save path."""
    db.execute("DELETE FROM articles_fts WHERE id = ?", (article_id,))
    db.execute("INSERT INTO articles_fts (id, body) VALUES (?, ?)", (article_id, search_body(title, text)))


def backfill(db: sqlite3.Connection) -> int:
    """Index articles stored before the FTS table existed; returns how many were added."""
    rows = db.execute(
        "SELECT id, title, text FROM articles WHERE id NOT IN (SELECT id FROM articles_fts)"
    ).fetchall()
    with db:
        for row in rows:
            index_article(db, row[0], row[1], row[2])
    return len(rows)


def search(db: sqlite3.Connection, query: str, limit: int, offset: int) -> tuple[int, list[str]]:
    """Total hits and one page of current article ids, best match first."""
    match = fts_query(query)
    if match is None:
        return 0, []
    join = "FROM articles_fts f JOIN articles a ON a.id = f.id WHERE articles_fts MATCH ? AND a.current = 1"
    total = db.execute(f"SELECT count(*) {join}", (match,)).fetchone()[0]
    rows = db.execute(f"SELECT a.id {join} ORDER BY rank LIMIT ? OFFSET ?", (match, limit, offset))
    return total, [r[0] for r in rows]


def snippet(text: str, query: str, width: int = 90) -> dict[str, Any]:
    """A window of the original text around the first hit, with the hit's offsets in it."""
    view = normalize(text)
    for key in (k for w in words(query) for k in forms(w)):
        hit = _pattern(key).search(view.text)
        if hit:
            start, end = view.to_original(hit.start(), hit.end())
            lo, hi = max(0, start - width), min(len(text), end + width)
            return {"text": text[lo:hi], "hit_start": start - lo, "hit_end": end - lo, "start": lo}
    return {"text": text[: 2 * width], "hit_start": 0, "hit_end": 0, "start": 0}
