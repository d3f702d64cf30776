"""Clean: from raw scraped text to the article's cleaned text, which never changes afterwards.

Cleaning works line by line over the raw text: a line is kept or dropped with a reason, and
characters inside kept lines (zero-width and bidi controls, tatweel) are removed. Every removal
is recorded with its reason and its ``[raw_start, raw_end)`` in the raw text, so nothing is lost.
The headline stays as the first line of the text and gets a ``title`` span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from riwaya.model import Article, Published, RawDocument, Span
from riwaya.pipeline import component

CONTROL_CHARS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad\u0640"
)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class Line:
    raw_start: int
    raw_end: int
    text: str


def split_lines(raw: str) -> list[Line]:
    """Lines of the raw text with their raw offsets (any newline convention)."""
    lines, pos = [], 0
    for match in re.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", raw):
        body = match.group(0).rstrip("\r\n")
        if match.start() == len(raw) and not body:
            break
        lines.append(Line(match.start(), match.start() + len(body), body))
        pos = match.end()
    return lines


def strip_controls(line: Line, removals: list[dict]) -> str:
    """Drop control characters and tatweel from a kept line, recording each run removed."""
    out, run_start = [], None
    for i, ch in enumerate(line.text + "\x00"):
        if ch in CONTROL_CHARS:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            removals.append(_removal(line.raw_start + run_start, line.raw_start + i,
                                     line.text[run_start:i], "control characters or tatweel"))
            run_start = None
        out.append(ch)
    return SPACES.sub(" ", "".join(out[:-1])).strip()


def _removal(start: int, end: int, text: str, reason: str) -> dict:
    return {"raw_start": start, "raw_end": end, "text": text, "reason": reason}


def clean_lines(doc: RawDocument) -> tuple[list[tuple[Line, str]], list[dict]]:
    """Kept lines (with their cleaned text) and the removals, in raw order."""
    removals: list[dict] = []
    kept: list[tuple[Line, str]] = []
    for line in split_lines(doc.raw):
        cleaned = strip_controls(line, removals)
        if not cleaned:
            continue
        reason = boilerplate_reason(cleaned)
        if reason:
            removals.append(_removal(line.raw_start, line.raw_end, line.text, reason))
            continue
        kept.append((line, cleaned))
    return kept, removals


def boilerplate_reason(line: str) -> str | None:
    """Why a whole line is boilerplate, or None to keep it (extended by the boilerplate lexicon)."""
    from riwaya.resources import boilerplate_patterns

    for reason, pattern in boilerplate_patterns():
        if pattern.fullmatch(line):
            return reason
    return None


@component("clean", version="1", level="source", provides=("text", "title", "paragraphs"))
def clean_document(doc: RawDocument) -> Article:
    """Build the article: headline first, one paragraph per kept line."""
    kept, removals = clean_lines(doc)
    text = "\n".join(cleaned for _, cleaned in kept)
    meta = dict(doc.meta)
    article = Article(
        text, doc.raw, source=doc.source, url=meta.pop("url", None), outlet=meta.pop("outlet", None),
        title=meta.pop("title", None), published=_published_from_meta(meta.pop("date", None)),
        removals=removals, meta=meta,
    )  # fmt: skip
    article.add_layer("paragraphs", _paragraph_spans(kept))
    _mark_title(article, meta.get("format", "txt"))
    return article


def _paragraph_spans(kept: list[tuple[Line, str]]) -> list[Span]:
    spans, pos = [], 0
    for line, cleaned in kept:
        spans.append(Span(pos, pos + len(cleaned), "paragraph", {"raw_start": line.raw_start}))
        pos += len(cleaned) + 1
    return spans


def _mark_title(article: Article, fmt: str) -> None:
    """In plain text the first paragraph is the headline unless metadata already gave one."""
    paragraphs = article.layer("paragraphs")
    if fmt == "txt" and paragraphs and not article.title:
        first = paragraphs[0]
        article.title = article.surface(first)
        article.add_layer("title", [Span(first.start, first.end, "title")])


def _published_from_meta(value: str | None) -> Published:
    if not value:
        return Published()
    from riwaya.dates import iso_with_precision

    iso, precision = iso_with_precision(str(value))
    if iso is None:
        return Published()
    return Published(iso, precision, inferred=False, source="metadata")
