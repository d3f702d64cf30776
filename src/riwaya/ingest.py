"""Ingest: turn files, folders, globs, zips and stdin into decoded :class:`RawDocument` objects.

Nothing here raises on bad input: an unreadable or undecodable input becomes a
:class:`~riwaya.model.Failure` in the stream, so a batch always finishes.
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path
from typing import Iterator

from riwaya.errors import IngestError
from riwaya.model import Failure, RawDocument

MAX_FILE_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | {".zip"}


def iter_documents(inputs: list[str]) -> Iterator[RawDocument | Failure]:
    """Every document found in ``inputs`` (paths, folders, globs, zips or ``-``), in order."""
    for spec in inputs:
        if spec == "-":
            yield from _from_bytes(sys.stdin.buffer.read(), "<stdin>", ".txt")
            continue
        paths = _expand(spec)
        if not paths:
            yield Failure(spec, "ingest", f"no such file, folder or glob match: {spec!r}")
        for path in paths:
            yield from _from_path(path)


def _expand(spec: str) -> list[Path]:
    path = Path(spec)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
    if path.exists():
        return [path]
    return sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED and not path.name.endswith(".meta.json")


def _from_path(path: Path) -> Iterator[RawDocument | Failure]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        data = path.read_bytes()
    except (OSError, IngestError) as exc:
        yield Failure(str(path), "ingest", str(exc))
        return
    yield from _from_bytes(data, str(path), path.suffix.lower())


def _from_bytes(data: bytes, source: str, suffix: str) -> Iterator[RawDocument | Failure]:
    try:
        text, encoding = decode(data)
    except IngestError as exc:
        yield Failure(source, "ingest", str(exc))
        return
    if not text.strip():
        yield Failure(source, "ingest", "empty input: no text after decoding")
        return
    if suffix in JSON_SUFFIXES:
        yield from _from_json(text, source)
        return
    fmt = "html" if suffix in HTML_SUFFIXES else "txt"
    yield RawDocument(text, source, {"format": fmt, "encoding": encoding})


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or fail with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if b"\x00" in data[:4096]:
        raise IngestError("binary content (NUL bytes); expected text, HTML or JSON")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise IngestError(f"cannot decode as UTF-8 at byte {exc.start}") from exc


def _from_json(text: str, source: str) -> Iterator[RawDocument | Failure]:
    try:
        records = json.loads(text) if text.lstrip()[:1] in "[{" else None
    except json.JSONDecodeError:
        records = None
    if records is None:
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
    for i, record in enumerate(records if isinstance(records, list) else [records]):
        body = record.get("text") or record.get("content") or ""
        if not body.strip():
            yield Failure(f"{source}#{i}", "ingest", "JSON record has no text/content field")
            continue
        meta = {
            "format": "json",
            "title": record.get("title"),
            "url": record.get("url"),
            "outlet": record.get("outlet") or record.get("source"),
            "date": record.get("published") or record.get("date"),
        }
        yield RawDocument(body, f"{source}#{i}", meta)
