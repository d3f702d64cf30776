"""Hand-annotated real news (SaudiNewsNet) as evaluation input: the claims annotation format.

A gold folder holds ``claims.jsonl`` (one line per article: ``url, crawl_file, source,
happening, claims[]``) and ``expected.json`` (per happening and slot the expected comparison
status). The article texts are not in the folder: they are read by url from the crawl day's zip
in ``../shared/data/saudinewsnet``. Spans are code-point offsets into the record's ``content`` or
``title`` as ``json.loads`` gives them; a claim carries either its ``text`` or a ``text_sha1``
(first 12 hex digits), and both are checked against the loaded text.

:func:`load_claims_gold` returns :class:`GoldArticle` records with the source record attached,
so that the evaluation can analyse exactly the text that was annotated.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.paths import shared_path

DEV_DAYS = ("2015-07-22", "2015-07-24", "2015-07-25", "2015-07-31", "2015-08-01", "2015-08-03",
            "2015-08-08", "2015-08-09", "2015-08-10")  # fmt: skip


@dataclass
class GoldClaim:
    """One annotated claim: slot, normalised value, span in ``field`` and its attribution."""

    happening: str
    slot: str
    value: Any
    field: str
    start: int
    end: int
    text: str
    attributed_to: str = "outlet"
    hedged: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class GoldArticle:
    """One annotated article: its SaudiNewsNet record, lead happening and claims."""

    url: str
    crawl_file: str
    source: str
    happening: str
    record: dict[str, Any]
    claims: list[GoldClaim]
    story: str | None = None


def load_claims_gold(folder: str | Path, data_dir: str | Path | None = None) -> list[GoldArticle]:
    """Every article of ``folder/claims.jsonl`` with its text loaded and each span checked."""
    path = Path(folder) / "claims.jsonl"
    if not path.is_file():
        raise RiwayaError(f"no claims.jsonl in {folder}; pass the folder holding the claims annotation")
    return [_article(json.loads(line), data_dir) for line in _lines(path)]


def load_incidents_gold(path: str | Path, data_dir: str | Path | None = None) -> list[GoldArticle]:
    """An incident/storyline gold file (``incidents.jsonl``: url, crawl_file, incident, story)."""
    out = []
    for line in _lines(Path(path)):
        rec = json.loads(line)
        record = find_record(rec["crawl_file"], rec["url"], data_dir)
        out.append(GoldArticle(rec["url"], _day(rec["crawl_file"]), rec["source"], rec["incident"], record, [],
                               rec.get("story")))  # fmt: skip
    return out


def load_expected(folder: str | Path) -> dict[str, Any]:
    """``expected.json``: the happenings with their expected slot statuses."""
    return json.loads((Path(folder) / "expected.json").read_text(encoding="utf-8"))


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _article(rec: dict[str, Any], data_dir: str | Path | None) -> GoldArticle:
    record = find_record(rec["crawl_file"], rec["url"], data_dir)
    claims = [_claim(c, record, rec["url"]) for c in rec.get("claims", [])]
    return GoldArticle(rec["url"], _day(rec["crawl_file"]), rec["source"], rec["happening"], record, claims)


KNOWN_KEYS = (
    "happening",
    "slot",
    "value",
    "field",
    "start",
    "end",
    "text",
    "text_sha1",
    "attributed_to",
    "hedged",
)


def _claim(c: dict[str, Any], record: dict[str, Any], url: str) -> GoldClaim:
    text = (record.get(c["field"]) or "")[c["start"] : c["end"]]
    if "text" in c and c["text"] != text:
        raise RiwayaError(f"span {c['start']}:{c['end']} of {url} reads {text!r}, gold says {c['text']!r}")
    if "text_sha1" in c and span_hash(text) != c["text_sha1"]:
        raise RiwayaError(
            f"span {c['start']}:{c['end']} of {url} does not match its text_sha1 {c['text_sha1']}"
        )
    extra = {k: v for k, v in c.items() if k not in KNOWN_KEYS}
    return GoldClaim(c["happening"], c["slot"], c["value"], c["field"], c["start"], c["end"], text,
                     c.get("attributed_to", "outlet"), bool(c.get("hedged")), extra)  # fmt: skip


def span_hash(text: str) -> str:
    """The first 12 hex digits of the span's SHA-1: checks a span without storing its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _day(crawl_file: str) -> str:
    day = crawl_file.removesuffix(".zip")
    if day not in DEV_DAYS:
        raise RiwayaError(f"crawl day {day!r} is not a development day; use one of {', '.join(DEV_DAYS)}")
    return day


def find_record(crawl_file: str, url: str, data_dir: str | Path | None = None) -> dict[str, Any]:
    """The SaudiNewsNet record of ``url`` in that crawl day's zip."""
    by_url = day_records(_day(crawl_file), str(data_dir) if data_dir else None)
    if url not in by_url:
        raise RiwayaError(f"url {url!r} is not in the crawl day {crawl_file}; check the gold line")
    return by_url[url]


@cache
def day_records(day: str, data_dir: str | None = None) -> dict[str, dict[str, Any]]:
    """Every record of one development crawl day, by url (first occurrence wins)."""
    base = Path(data_dir) if data_dir else shared_path("data", "saudinewsnet")
    with zipfile.ZipFile(base / f"{_day(day)}.zip") as zf:
        records = json.loads(zf.read(zf.namelist()[0]))
    out: dict[str, dict[str, Any]] = {}
    for i, rec in enumerate(records):
        out.setdefault(rec.get("url") or f"{day}#{i}", rec | {"index_in_zip": i})
    return out
