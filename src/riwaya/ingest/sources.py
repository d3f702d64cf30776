"""Sources: files, folders, globs, zips and stdin -> decoded :class:`RawDocument` objects.

Nothing here raises on bad input: an unreadable, oversized, binary or undecodable input becomes a
:class:`~riwaya.model.Failure` in the stream (with a reason that names the fix), so a batch always
finishes. Every input is read as an :class:`Entry` (a file, a zip member or stdin) so that
formats (:mod:`riwaya.ingest.formats`), encodings (:mod:`riwaya.ingest.decode`) and sidecar
metadata work the same way wherever the bytes come from.
"""

from __future__ import annotations

import glob
import os
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from riwaya.errors import IngestError
from riwaya.ingest.decode import decode_report
from riwaya.ingest.formats import HTML_SUFFIXES, JSON_SUFFIXES, SIDECAR_SUFFIX, TEXT_SUFFIXES, documents
from riwaya.model import Failure, RawDocument

MAX_FILE_BYTES = 50 * 1024 * 1024
ZIP_MAX_MEMBERS = 100_000
ZIP_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1024 * 1024  # tiny members compress oddly; judge the ratio only above this

SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | {".zip"}


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
        try:
            if spec == "-":
                yield from _from_entry(Entry("<stdin>", "", _read_stdin, lambda _name: None))
            else:
                yield from _from_spec(spec)
        except Exception as exc:  # noqa: BLE001 - one bad input never stops the others
            yield Failure(spec, "ingest", f"cannot read this input: {read_reason(exc)}")


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
        failures.append(
            Failure(str(exc.filename), "ingest", f"cannot list folder: {exc.strerror}; check its permissions")
        )

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
        raise IngestError(
            f"cannot read {str(path)!r}: {exc.strerror or exc}; check that it exists and that you may read it"
        ) from exc


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise IngestError(
            f"{name} is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it into smaller files"
        )


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
                try:
                    yield from _from_member(archive, info, str(path), names)
                except Exception as exc:  # noqa: BLE001 - one bad member never stops the others
                    yield Failure(f"{path}!{info.filename}", "ingest", read_reason(exc))
    except Exception as exc:  # noqa: BLE001 - a broken archive is a failure, not a crash
        yield Failure(str(path), "ingest", _zip_reason(exc))


def _zip_reason(exc: Exception) -> str:
    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"cannot open zip archive: a member name is not valid UTF-8 although the archive flags it "
            f"as UTF-8 ({exc.object[exc.start : exc.end]!r} at byte {exc.start}); re-create the archive"
        )
    if isinstance(exc, (OSError, zipfile.BadZipFile, EOFError)):
        return f"cannot open zip archive: {exc}; check that the file is a complete, valid .zip"
    return f"cannot open zip archive: {read_reason(exc)}"


def read_reason(exc: Exception) -> str:
    """Why bytes could not be read, with the fix: the errors zipfile and zlib raise, else the error."""
    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, zlib.error):
        return f"corrupt compressed data ({exc}); re-create the archive or re-download the file"
    if isinstance(exc, NotImplementedError):
        return (
            f"unsupported zip feature ({exc}); re-create the archive with plain deflate "
            "(e.g. zip -Z deflate) or unpack it with another tool"
        )
    if isinstance(exc, RuntimeError) and "password" in str(exc):
        return f"encrypted zip member ({exc}); unpack it with its password first"
    if isinstance(exc, (zipfile.BadZipFile, EOFError)):
        return f"damaged zip member ({type(exc).__name__}: {exc}); re-create the archive"
    if isinstance(exc, OSError):
        return f"cannot read it: {exc.strerror or exc}; check that it exists and that you may read it"
    return f"{type(exc).__name__}: {exc}"


def _check_zip(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > ZIP_MAX_MEMBERS:
        raise IngestError(
            f"zip {name} has {len(members):,} members, over the limit of "
            f"{ZIP_MAX_MEMBERS:,} (possible zip bomb); split the archive"
        )
    total = sum(i.file_size for i in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise IngestError(
            f"zip {name} would unpack to {total:,} bytes, over the limit of "
            f"{ZIP_MAX_TOTAL_BYTES:,} (possible zip bomb); split the archive"
        )


def _from_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, names: set[str]
) -> Iterator[RawDocument | Failure]:
    member = PurePosixPath(info.filename)
    if "\x00" in (info.orig_filename or ""):  # zipfile cuts the name there: say so, never skip silently
        shown = info.orig_filename.replace("\x00", "\\x00")
        yield Failure(
            f"{zip_name}!{shown}",
            "ingest",
            "the member name contains a NUL byte; rename it and re-create the archive",
        )
        return
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
        raise IngestError(
            f"{name} expands {ratio:,.0f}x ({info.compress_size:,} -> {info.file_size:,} "
            f"bytes), over the {ZIP_MAX_RATIO}x limit (possible zip bomb); refusing to unpack it"
        )
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except NotImplementedError as exc:
        raise IngestError(
            f"{name} uses compression method {info.compress_type} (zip version "
            f"{info.extract_version / 10:.1f}), which Python's zipfile cannot read ({exc}); re-create "
            "the archive with plain deflate (e.g. zip -Z deflate) or unpack it with another tool"
        ) from exc
    _check_size(len(data), name)
    return data


# --- one entry: bytes -> documents ---------------------------------------------------------
def _from_entry(entry: Entry) -> Iterator[RawDocument | Failure]:
    try:
        data = entry.read()
        decoded = decode_report(data)
    except Exception as exc:  # noqa: BLE001 - unreadable bytes are a failure, not a crash
        yield Failure(entry.name, "ingest", read_reason(exc) if not isinstance(exc, OSError) else str(exc))
        return
    if not decoded.text.strip():
        yield Failure(entry.name, "ingest", "empty input: no text after decoding; nothing to analyse")
        return
    base = {"encoding": decoded.encoding} | ({"replaced_bytes": decoded.replaced} if decoded.replaced else {})
    try:
        yield from documents(decoded.text, entry.name, entry.suffix, base, entry.sibling)
    except Exception as exc:  # noqa: BLE001 - a reader bug on one input never stops the batch
        yield Failure(entry.name, "ingest", f"cannot read its records: {type(exc).__name__}: {exc}")
