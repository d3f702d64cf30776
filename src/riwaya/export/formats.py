"""Every export format by name: the function that writes it from a riwaya/1 document and the
media type it is served as. ``riwaya export --format``, :func:`riwaya.analysis.export` and
``/api/export?format=`` all read this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from riwaya.export import to_csv, to_json, to_jsonl
from riwaya.export.acled import to_acled
from riwaya.export.brief_md import to_brief_markdown
from riwaya.export.graphml import to_graphml
from riwaya.export.plover import to_plover


@dataclass(frozen=True)
class Format:
    write: Callable[[dict[str, Any]], str]
    media_type: str
    suffix: str


def _jsonl(doc: dict[str, Any]) -> str:
    return "\n".join(to_jsonl(doc)) + "\n"


FORMATS: dict[str, Format] = {
    "json": Format(to_json, "application/json", "json"),
    "jsonl": Format(_jsonl, "application/x-ndjson", "jsonl"),
    "csv": Format(to_csv, "text/csv", "csv"),
    "acled": Format(to_acled, "text/csv", "csv"),
    "plover": Format(to_plover, "application/x-ndjson", "jsonl"),
    "graphml": Format(to_graphml, "application/graphml+xml", "graphml"),
    "brief": Format(to_brief_markdown, "text/markdown", "md"),
}
NAMES = tuple(FORMATS)
