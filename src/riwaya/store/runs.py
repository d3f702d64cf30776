"""Runs and their failures: which ``analyze`` runs finished, and each failure once per input and run.

A run is a row of ``runs`` from its start: ``finished`` stays null until its corpus results are
saved, so a run killed during ingest or the corpus stages is visible. The next run that finishes
runs the corpus stages over every current article, including what the killed run stored, and
names itself in the killed run's ``completed_by``. A failure row carries its run; when a later run
reads the same input again, the earlier runs' rows for that input are replaced by this run's, so
re-running the same inputs leaves one row per failure, not one per failure and run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from riwaya.ingest.repair import valid_unicode
from riwaya.model import Failure


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_run(db: sqlite3.Connection, inputs: list[str], command: str, version: str) -> int:
    """A new unfinished run (committed at once, so a kill leaves it visible); its id."""
    with db:
        cur = db.execute(
            "INSERT INTO runs (started, inputs, command, version) VALUES (?,?,?,?)",
            (now(), json.dumps([_text(i) for i in inputs], ensure_ascii=False), _text(command), version),
        )
    return int(cur.lastrowid)


def record_failures(
    db: sqlite3.Connection, failures: Iterable[Failure], run: int | None, resolved: Iterable[str] = ()
) -> None:
    """Inside the caller's transaction: earlier runs' rows for the inputs this run read again
    (``resolved`` and the inputs of ``failures``) go, this run's failures are added once each."""
    rows = [tuple(_text(v) for v in (f.input, f.stage, f.reason)) for f in failures]
    if run is not None:
        again = {r[0] for r in rows} | {_text(i) for i in resolved}
        db.executemany(
            "DELETE FROM failures WHERE input = ? AND (run IS NULL OR run <> ?)", [(i, run) for i in again]
        )
    at = now()
    db.executemany(
        "INSERT OR IGNORE INTO failures (input, stage, reason, at, run) VALUES (?,?,?,?,?)",
        [(*r, at, run) for r in rows],
    )
    if run is not None:
        db.execute(
            "UPDATE runs SET failed = (SELECT count(*) FROM failures WHERE run = ?) WHERE id = ?", (run, run)
        )


def add_stored(db: sqlite3.Connection, run: int, n: int) -> None:
    """Inside the caller's transaction: ``n`` more articles written by ``run``."""
    db.execute("UPDATE runs SET stored = stored + ? WHERE id = ?", (n, run))


def finish_run(db: sqlite3.Connection, run: int) -> list[int]:
    """Mark ``run`` finished; the earlier unfinished runs it completed (their ids)."""
    with db:
        left = [
            r[0]
            for r in db.execute(
                "SELECT id FROM runs WHERE finished IS NULL AND completed_by IS NULL AND id < ? ORDER BY id",
                (run,),
            )
        ]
        db.executemany("UPDATE runs SET completed_by = ? WHERE id = ?", [(run, i) for i in left])
        db.execute("UPDATE runs SET finished = ? WHERE id = ?", (now(), run))
    return left


def runs(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every run, oldest first, as plain dicts (``inputs`` parsed)."""
    out = []
    for row in db.execute("SELECT * FROM runs ORDER BY id"):
        item = dict(zip(row.keys(), tuple(row), strict=True))
        item["inputs"] = json.loads(item["inputs"] or "[]")
        out.append(item)
    return out


def failures(db: sqlite3.Connection, run: int | None = None) -> list[Failure]:
    """The failure rows in order (only ``run``'s when given)."""
    where, args = ("WHERE run = ?", (run,)) if run is not None else ("", ())
    rows = db.execute(f"SELECT input, stage, reason FROM failures {where} ORDER BY id", args)
    return [Failure(r[0], r[1], r[2]) for r in rows]


def _text(value: Any) -> str:
    """Valid Unicode (an input name may carry undecodable bytes as surrogates)."""
    return valid_unicode(str(value))[0]
