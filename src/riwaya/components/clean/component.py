"""Clean: from raw scraped text to the article's cleaned text, which never changes afterwards.

Cleaning works line by line over the raw text. A line is kept or dropped with a reason
(boilerplate from ``data/boilerplate.tsv``, the items of a related-articles block, a section
label above the headline); inside kept lines, zero-width and bidi controls and tatweel are
removed and whitespace runs become one space. Every removal is recorded with its reason and
its ``[raw_start, raw_end)`` in the raw text (``raw[raw_start:raw_end] == text``), so nothing is
lost. Layers: ``paragraphs`` (one per kept line), ``title``, ``tweets`` (embedded tweets kept as
blocks) and ``repeats`` (a paragraph repeated in the article: marked, never deleted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from riwaya.components.clean.blocks import fast_fold, find_repeats, find_tweets, parse_signature
from riwaya.model import Article, Published, RawDocument, Span
from riwaya.pipeline import component
from riwaya.resources import boilerplate_patterns, read_lines
from riwaya.text.dates import iso_with_precision

CONTROL_CHARS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad\u0640"
)
TATWEEL = "\u0640"
_W = "[\\s" + "".join(sorted(CONTROL_CHARS)) + "]"
# A run of whitespace and/or invisible characters inside one line that needs work: at an edge,
# longer than one character, or a single tab/no-break space/control (a lone " " is left alone).
RUN = re.compile(f"^{_W}+|{_W}+$|{_W}{{2,}}|[^\\S ]|[{''.join(sorted(CONTROL_CHARS))}]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")  # kept for callers of old API
SENTENCE_END = re.compile(r"[.!?؟…:]\s*$")
BLOCK_REASON = "related-articles block"
BLOCK_MAX_ITEMS = 12
ITEM_MAX_WORDS = 15
BOILERPLATE_MAX_CHARS = 300
LABEL_MAX_WORDS, LABEL_MAX_CHARS, HEADLINE_MAX_WORDS = 4, 40, 25


@dataclass
class Line:
    raw_start: int
    raw_end: int
    text: str


@dataclass
class Row:
    """One raw line on its way through cleaning: its cleaned text and why it goes (if it does)."""

    line: Line
    cleaned: str
    char_removals: list[dict] = field(default_factory=list)
    reason: str | None = None

    @property
    def content(self) -> bool:
        return bool(self.cleaned) and self.reason is None


def split_lines(raw: str) -> list[Line]:
    """Lines of the raw text with their raw offsets (any newline convention)."""
    lines = []
    for match in re.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", raw):
        body = match.group(0).rstrip("\r\n")
        if match.start() == len(raw) and not body:
            break
        lines.append(Line(match.start(), match.start() + len(body), body))
    return lines


def _removal(start: int, end: int, text: str, reason: str) -> dict:
    return {"raw_start": start, "raw_end": end, "text": text, "reason": reason}


def clean_chars(line: Line) -> tuple[str, list[dict]]:
    """The line without invisible controls and tatweel, whitespace runs as one space; and the removals."""
    out, removals, pos, n = [], [], 0, len(line.text)
    for m in RUN.finditer(line.text):
        run, (a, b) = m.group(), m.span()
        out.append(line.text[pos:a])
        pos = b
        reason = _run_reason(run, a == 0 or b == n)
        if reason is None or reason == "whitespace normalised":
            out.append(" ")
        if reason:
            removals.append(_removal(line.raw_start + a, line.raw_start + b, run, reason))
    out.append(line.text[pos:])
    return "".join(out), removals


def _run_reason(run: str, at_edge: bool) -> str | None:
    if not any(ch.isspace() for ch in run):
        return "tatweel" if set(run) == {TATWEEL} else "invisible control characters"
    if at_edge:
        return "whitespace"
    return None if run == " " else "whitespace normalised"


def strip_controls(line: Line, removals: list[dict]) -> str:
    """Cleaned text of one line, appending its removals (kept for callers of the first API)."""
    cleaned, found = clean_chars(line)
    removals.extend(found)
    return cleaned


def boilerplate_reason(line: str) -> str | None:
    """Why a whole cleaned line is boilerplate, or None to keep it (patterns in boilerplate.tsv).

    Patterns are tried on the line and on its folded form, so a pattern written with bare alef
    also catches the hamza spellings.
    """
    if len(line) > BOILERPLATE_MAX_CHARS:
        return None
    folded = fast_fold(line)
    for reason, pattern in boilerplate_patterns():
        if pattern.fullmatch(line) or pattern.fullmatch(folded):
            return reason
    return None


def clean_rows(doc: RawDocument) -> list[Row]:
    """Every raw line with its cleaned text and, for lines that go, the reason."""
    rows = []
    for line in split_lines(doc.raw):
        cleaned, char_removals = clean_chars(line)
        rows.append(Row(line, cleaned, char_removals, boilerplate_reason(cleaned) if cleaned else None))
    drop_related_blocks(rows)
    if doc.meta.get("format", "txt") == "txt":
        _drop_section_label(rows, doc.meta)
    return rows


def clean_lines(doc: RawDocument) -> tuple[list[tuple[Line, str]], list[dict]]:
    """Kept lines (with their cleaned text) and the removals, in raw order."""
    rows = clean_rows(doc)
    return [(r.line, r.cleaned) for r in rows if r.content], _removals(rows)


def _removals(rows: list[Row]) -> list[dict]:
    removals = []
    for row in rows:
        if row.content:
            removals += row.char_removals
        elif row.reason:
            removals.append(_removal(row.line.raw_start, row.line.raw_end, row.line.text, row.reason))
        elif row.line.text:
            removals.append(_removal(row.line.raw_start, row.line.raw_end, row.line.text, "blank line"))
    return removals


# --- related-articles blocks ---------------------------------------------------------------
def drop_related_blocks(rows: list[Row]) -> None:
    """After a related-articles heading, drop the short headline-like lines that list the links.

    A list that runs into the end or into other boilerplate goes entirely; when a paragraph
    follows, its last short line is kept as that paragraph's subheading.
    """
    for i, row in enumerate(rows):
        if row.reason != BLOCK_REASON:
            continue
        items, stop = _block_items(rows, i + 1)
        if stop is not None and rows[stop].content and items:
            items.pop()
        for j in items:
            rows[j].reason = BLOCK_REASON


def _block_items(rows: list[Row], start: int) -> tuple[list[int], int | None]:
    items: list[int] = []
    for j in range(start, len(rows)):
        row = rows[j]
        if not row.cleaned:
            continue
        if not row.content or not _item_like(row.cleaned) or len(items) >= BLOCK_MAX_ITEMS:
            return items, j
        items.append(j)
    return items, None


def _item_like(text: str) -> bool:
    return len(text.split()) <= ITEM_MAX_WORDS and not SENTENCE_END.search(text) and not is_signature(text)


# --- section or outlet label above the headline --------------------------------------------
def _drop_section_label(rows: list[Row], meta: dict) -> None:
    """A short label (outlet or section name) above the real headline is not the title."""
    content = [i for i, r in enumerate(rows) if r.content]
    if len(content) < 2 or meta.get("title"):
        return
    first, second = content[0], content[1]
    label, headline = rows[first].cleaned, rows[second].cleaned
    if _is_label(label, blank_after=second > first + 1) and _headline_like(headline):
        rows[first].reason = "section label"
        meta["section"] = label


def _is_label(text: str, *, blank_after: bool) -> bool:
    known = {fast_fold(x) for x in read_lines("section_labels.txt")}
    if fast_fold(text) in known:
        return True
    short = len(text.split()) <= LABEL_MAX_WORDS and len(text) <= LABEL_MAX_CHARS
    return blank_after and short and not SENTENCE_END.search(text) and not re.search(r"\d", text)


def _headline_like(text: str) -> bool:
    return len(text.split()) <= HEADLINE_MAX_WORDS and not text.rstrip().endswith(".")


# --- the article -----------------------------------------------------------------------------
@component(
    "clean", version="2", level="source", provides=("text", "title", "paragraphs", "tweets", "repeats")
)
def clean_document(doc: RawDocument) -> Article:
    """Build the article: one paragraph per kept line, with title, tweets and repeats layers."""
    meta = dict(doc.meta)
    rows = clean_rows(RawDocument(doc.raw, doc.source, meta))
    kept = [(r.line, r.cleaned) for r in rows if r.content]
    text = "\n".join(cleaned for _, cleaned in kept)
    article = Article(
        text,
        doc.raw,
        source=doc.source,
        url=meta.pop("url", None),
        outlet=meta.pop("outlet", None),
        title=meta.pop("title", None),
        published=_published_from_meta(meta.pop("date", None)),
        removals=sorted(_removals(rows), key=lambda r: r["raw_start"]),
        meta=meta,
    )
    paragraphs = article.add_layer("paragraphs", _paragraph_spans(kept))
    _mark_title(article, meta.get("format", "txt"))
    tweets = article.add_layer("tweets", find_tweets(text, paragraphs))
    skip = {s.attrs["signature"].start for s in tweets} | {s.start for s in article.layer("title")}
    article.add_layer("repeats", find_repeats(text, [p for p in paragraphs if p.start not in skip]))
    return article


def is_signature(line: str) -> bool:
    return parse_signature(line) is not None


def _paragraph_spans(kept: list[tuple[Line, str]]) -> list[Span]:
    spans, pos = [], 0
    for line, cleaned in kept:
        spans.append(Span(pos, pos + len(cleaned), "paragraph", {"raw_start": line.raw_start}))
        pos += len(cleaned) + 1
    return spans


def _mark_title(article: Article, fmt: str) -> None:
    """The first paragraph is the headline in plain text, or anywhere when it equals the metadata title."""
    paragraphs = article.layer("paragraphs")
    if not paragraphs:
        return
    first = paragraphs[0]
    surface = article.surface(first)
    if article.title and fast_fold(article.title.strip()) != fast_fold(surface):
        return
    if article.title or fmt == "txt":
        article.title = surface
        article.add_layer("title", [Span(first.start, first.end, "title")])


def _published_from_meta(value: str | None) -> Published:
    if not value:
        return Published()
    iso, precision = iso_with_precision(str(value))
    if iso is None:
        return Published()
    return Published(iso, precision, inferred=False, source="metadata")
