"""Ingest: turn files, folders, globs, zips and stdin into decoded :class:`RawDocument` objects.

Nothing here raises on bad input: an unreadable, oversized, binary or undecodable input becomes a
:class:`~riwaya.model.Failure` in the stream (with a reason that names the fix), so a batch always
finishes. Every input is read as an :class:`Entry` (a file, a zip member or stdin) so that
formats, encodings and sidecar metadata work the same way wherever the bytes come from.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from riwaya.errors import IngestError
from riwaya.model import Failure, RawDocument

MAX_FILE_BYTES = 50 * 1024 * 1024
ZIP_MAX_MEMBERS = 100_000
ZIP_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1024 * 1024  # tiny members compress oddly; judge the ratio only above this

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | {".zip"}
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_CSV = "meta.csv"

# Record fields, first match wins (JSON records, NAME.meta.json and meta.csv rows alike).
FIELDS = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher"),
    "date": ("date", "published", "published_at", "date_published", "pubdate", "pub_date"),
    "author": ("author", "authors", "byline"),
    "crawled": ("date_extracted", "crawled", "crawled_at", "date_crawled"),
    "section": ("section", "category"),
}


@dataclass
class Entry:
    """One input to read: ``read()`` gives its bytes, ``sibling(name)`` a file beside it (or None)."""

    name: str
    suffix: str
    read: Callable[[], bytes]
    sibling: Callable[[str], bytes | None]


def iter_documents(inputs: list[str]) -> Iterator[RawDocument | Failure]:
    """Every document found in ``inputs`` (paths, folders, globs, zips or ``-``), in order."""
    for spec in inputs:
        if spec == "-":
            yield from _from_entry(Entry("<stdin>", "", _read_stdin, lambda _name: None))
        else:
            yield from _from_spec(spec)


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    _check_size(len(data), "<stdin>")
    return data


def _from_spec(spec: str) -> Iterator[RawDocument | Failure]:
    failures: list[Failure] = []
    paths = _expand(spec, failures)
    yield from failures
    if not paths and not failures:
        yield Failure(spec, "ingest", f"no such file, folder or glob match: {spec!r}; check the path")
    for path in paths:
        yield from _from_path(path)


def _expand(spec: str, failures: list[Failure]) -> list[Path]:
    """A file as itself, a folder recursively, else a glob; unreadable folders become failures."""
    path = Path(spec)
    if path.is_dir():
        return _walk(path, failures)
    if path.exists() or path.is_symlink():
        return [path]
    found: list[Path] = []
    for match in sorted(glob.glob(spec, recursive=True)):
        p = Path(match)
        found += _walk(p, failures) if p.is_dir() else [p] if _wanted(p) else []
    return found


def _walk(folder: Path, failures: list[Failure]) -> list[Path]:
    def on_error(exc: OSError) -> None:
        failures.append(Failure(str(exc.filename), "ingest", f"cannot list folder: {exc.strerror}; "
                                "check its permissions"))  # fmt: skip

    found = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in sorted(files) if _wanted(Path(f))]
    return found


def _wanted(path: Path) -> bool:
    name = path.name
    return path.suffix.lower() in SUPPORTED and not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX)


def _from_path(path: Path) -> Iterator[RawDocument | Failure]:
    if path.suffix.lower() == ".zip":
        yield from _from_zip(path)
        return
    sibling = lambda name: _read_sibling(path.parent / name)  # noqa: E731
    yield from _from_entry(Entry(str(path), path.suffix.lower(), lambda: _read_file(path), sibling))


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file under the size limit, or an IngestError that says why not."""
    try:
        if not path.is_file():
            raise IngestError(f"not a regular file: {str(path)!r}; pass text, HTML, JSON or .zip files")
        _check_size(path.stat().st_size, str(path))
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read {str(path)!r}: {exc.strerror or exc}; check that it exists "
                          "and that you may read it") from exc  # fmt: skip


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise IngestError(f"{name} is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; "
                          "split it into smaller files")  # fmt: skip


def _read_sibling(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        return None


# --- zip archives ------------------------------------------------------------------------
def _from_zip(path: Path) -> Iterator[RawDocument | Failure]:
    """Members are read like files; a zip that looks like a bomb is refused before reading."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            _check_zip(members, str(path))
            names = set(archive.namelist())
            for info in members:
                yield from _from_member(archive, info, str(path), names)
    except (OSError, zipfile.BadZipFile, IngestError) as exc:
        yield Failure(str(path), "ingest", _zip_reason(exc))


def _zip_reason(exc: Exception) -> str:
    if isinstance(exc, IngestError):
        return str(exc)
    return f"cannot open zip archive: {exc}; check that the file is a complete, valid .zip"


def _check_zip(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > ZIP_MAX_MEMBERS:
        raise IngestError(f"zip {name} has {len(members):,} members, over the limit of "
                          f"{ZIP_MAX_MEMBERS:,} (possible zip bomb); split the archive")  # fmt: skip
    total = sum(i.file_size for i in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise IngestError(f"zip {name} would unpack to {total:,} bytes, over the limit of "
                          f"{ZIP_MAX_TOTAL_BYTES:,} (possible zip bomb); split the archive")  # fmt: skip


def _from_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, names: set[str]
) -> Iterator[RawDocument | Failure]:
    member = PurePosixPath(info.filename)
    if not _wanted(Path(member.name)):
        return
    name = f"{zip_name}!{info.filename}"
    if member.suffix.lower() == ".zip":
        yield Failure(name, "ingest", "nested zip archives are not opened; unpack the inner archive first")
        return

    def sibling(other: str) -> bytes | None:
        target = str(member.parent / other) if str(member.parent) != "." else other
        return _read_member(archive, archive.getinfo(target), name) if target in names else None

    yield from _from_entry(
        Entry(name, member.suffix.lower(), lambda: _read_member(archive, info, name), sibling)
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A member's bytes, refusing oversized or suspiciously compressible members (zip bombs)."""
    _check_size(info.file_size, name)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > ZIP_RATIO_MIN_BYTES and ratio > ZIP_MAX_RATIO:
        raise IngestError(f"{name} expands {ratio:,.0f}x ({info.compress_size:,} -> {info.file_size:,} "
                          f"bytes), over the {ZIP_MAX_RATIO}x limit (possible zip bomb); refusing to unpack it")  # fmt: skip
    with archive.open(info) as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    _check_size(len(data), name)
    return data


# --- one entry: bytes -> documents ---------------------------------------------------------
def _from_entry(entry: Entry) -> Iterator[RawDocument | Failure]:
    try:
        data = entry.read()
        decoded = decode_report(data)
    except (OSError, IngestError, zipfile.BadZipFile) as exc:
        yield Failure(entry.name, "ingest", str(exc))
        return
    if not decoded.text.strip():
        yield Failure(entry.name, "ingest", "empty input: no text after decoding; nothing to analyse")
        return
    suffix = entry.suffix if entry.suffix in SUPPORTED else _sniff(decoded.text)
    base = {"encoding": decoded.encoding} | ({"replaced_bytes": decoded.replaced} if decoded.replaced else {})
    if suffix in JSON_SUFFIXES:
        yield from _from_json(decoded.text, entry.name, base)
    elif suffix in HTML_SUFFIXES:
        yield _from_html(decoded.text, entry.name, base)
    else:
        yield RawDocument(decoded.text, entry.name, {"format": "txt", **base, **_sidecar_meta(entry)})


def _sniff(text: str) -> str:
    """The format of input without a known suffix (stdin): HTML, JSON or plain text."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div")):
        return ".html"
    if head[:1] in ("[", "{"):
        return ".json"
    return ".txt"


# --- decoding --------------------------------------------------------------------------------
@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes (UTF-8/16 with or without BOM, Windows-1256, ISO-8859-6) or fail with the reason."""
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


def decode_report(data: bytes) -> Decoded:
    """Like :func:`decode`, also counting bytes replaced in a mostly-UTF-8 file with a few bad bytes."""
    from riwaya.ingest import decode as encodings

    if not data:
        raise IngestError("empty file (0 bytes); nothing to analyse")
    decoded = encodings.from_bom(data) or encodings.utf16_without_bom(data)
    if decoded is None:
        encodings.refuse_binary(data)
        decoded = encodings.utf8(data) or encodings.legacy(data)
    encodings.refuse_control_heavy(decoded[0])
    return Decoded(*decoded)


# --- HTML ------------------------------------------------------------------------------------
def _from_html(html: str, source: str, base: dict[str, Any]) -> RawDocument | Failure:
    """Main text and metadata with trafilatura; truncated or garbage HTML is best effort or a Failure."""
    import warnings

    from riwaya.errors import require

    trafilatura = require("trafilatura", "core", "HTML extraction")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
            text = (doc.text if doc is not None else None) or trafilatura.baseline(html)[1]
    except Exception as exc:  # noqa: BLE001 - a broken page must not stop the batch
        return Failure(source, "ingest", f"HTML could not be parsed ({type(exc).__name__}: {exc})")
    if not text or not text.strip():
        return Failure(source, "ingest", "no main text found in the HTML page (empty, truncated or not "
                       "an article); save the article page itself")  # fmt: skip
    return RawDocument(text, source, {"format": "html", **base, **_html_meta(doc)})


def _html_meta(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {"extraction": "baseline"}
    meta = {"title": doc.title, "date": doc.date, "outlet": doc.sitename or doc.hostname, "url": doc.url,
            "author": doc.author}  # fmt: skip
    return {k: v for k, v in meta.items() if v}


# --- JSON and JSONL --------------------------------------------------------------------------
def _from_json(text: str, source: str, base: dict[str, Any]) -> Iterator[RawDocument | Failure]:
    try:
        records = _json_records(text)
    except ValueError as exc:
        yield Failure(source, "ingest", f"invalid JSON: {exc}; expected an object, an array of "
                      "objects or one object per line (JSONL)")  # fmt: skip
        return
    for i, record in enumerate(records):
        yield _from_record(record, f"{source}#{i}", base)


def _json_records(text: str) -> list[Any]:
    """A JSON array/object, an object wrapping a list of articles, or JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as whole_error:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) < 2:
            raise ValueError(str(whole_error)) from whole_error
        return [_json_line(ln, n) for n, ln in enumerate(lines, 1)]
    if isinstance(data, dict):
        inner = next(
            (data[k] for k in ("articles", "items", "data", "records") if isinstance(data.get(k), list)), None
        )
        return inner if inner is not None else [data]
    return data if isinstance(data, list) else [data]


def _json_line(line: str, number: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(f"line {number} is not valid JSON ({exc.msg}, column {exc.colno})")


def _from_record(record: Any, source: str, base: dict[str, Any]) -> RawDocument | Failure:
    if isinstance(record, IngestError):
        return Failure(source, "ingest", str(record))
    if not isinstance(record, dict):
        return Failure(source, "ingest", f"JSON record is a {type(record).__name__}, expected an object")
    meta = record_meta(record)
    body = meta.pop("text", None)
    if not body or not body.strip():
        return Failure(source, "ingest", f"JSON record has no text; put it in one of {FIELDS['text']}")
    return RawDocument(body, source, {"format": "json", **base, **meta})


def record_meta(record: dict[str, Any]) -> dict[str, Any]:
    """Known fields of a record under riwaya's names (crawl time is kept apart from publication)."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    meta: dict[str, Any] = {}
    for key, names in FIELDS.items():
        value = next((lowered[n] for n in names if lowered.get(n) not in (None, "", [])), None)
        if value is not None:
            meta[key] = _plain(value)
    return meta


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return (
            "\n".join(str(v) for v in value) if all(isinstance(v, str) for v in value) else json.dumps(value)
        )
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value if isinstance(value, str) else str(value)


# --- sidecar metadata for plain text ---------------------------------------------------------
def _sidecar_meta(entry: Entry) -> dict[str, Any]:
    """``NAME.meta.json`` beside ``NAME.txt`` wins over the ``meta.csv`` row of the same folder."""
    name = PurePosixPath(entry.name.replace("\\", "/")).name
    meta: dict[str, Any] = {}
    try:
        meta |= _csv_rows(entry.sibling(SIDECAR_CSV) or b"").get(name, {})
        own = entry.sibling(Path(name).stem + SIDECAR_SUFFIX)
        meta |= _json_sidecar(own) if own else {}
    except (IngestError, ValueError, csv.Error) as exc:
        return {"sidecar_error": f"sidecar metadata ignored: {exc}"}
    return {**meta, "sidecar": True} if meta else {}


@lru_cache(maxsize=64)
def _csv_rows(data: bytes) -> dict[str, dict[str, Any]]:
    """``meta.csv`` rows by file name (columns file,outlet,url,date,title; others are kept too)."""
    if not data.strip():
        return {}
    rows = csv.DictReader(io.StringIO(decode(data)[0]))
    if not rows.fieldnames or "file" not in [f.strip().lower() for f in rows.fieldnames]:
        raise ValueError(f"{SIDECAR_CSV} needs a 'file' column; its header is {rows.fieldnames}")
    out = {}
    for row in rows:
        clean = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        out[PurePosixPath(clean.pop("file")).name] = record_meta(clean)
    return out


def _json_sidecar(data: bytes) -> dict[str, Any]:
    record = json.loads(decode(data)[0])
    if not isinstance(record, dict):
        raise ValueError(f"{SIDECAR_SUFFIX} must hold one JSON object, not a {type(record).__name__}")
    meta = record_meta(record)
    meta.pop("text", None)
    return meta
