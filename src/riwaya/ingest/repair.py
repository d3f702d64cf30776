"""Repairs before cleaning and storing: valid Unicode in every field, and a bounded title.

JSON escapes can carry what no encoder accepts (a lone surrogate ``\\ud800``), NUL and Unicode
non-characters; a file name can carry undecodable bytes (``os.fsdecode`` keeps them as
surrogates). Each such character is replaced by U+FFFD, one for one, so offsets into the raw
text stay valid: in the raw text every replacement is recorded as a removal (``raw[raw_start:
raw_end]`` is the U+FFFD now there, ``reason`` names the code point it replaced); metadata
fields are just replaced. A headline longer than :data:`MAX_TITLE_CHARS` is cut at a word
boundary; the rest stays in the body (the first line of a ``.txt`` file) or in
``meta["title_rest"]`` (a metadata title). Each repair is noted as ``{"stage", "reason"}`` so
that a run reports it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from riwaya.model import Article, RawDocument, Span

REPLACEMENT = "\ufffd"
MAX_TITLE_CHARS = 500
_NONCHARS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
INVALID = re.compile(f"[\x00\ud800-\udfff{_NONCHARS}]")


def kind_of(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "NUL"
    if 0xD800 <= code <= 0xDFFF:
        return "lone surrogate"
    return "non-character"


def valid_unicode(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with every lone surrogate, NUL and non-character replaced by U+FFFD, and the
    ``(offset, replaced character)`` pairs (none in the common case, found by one regex scan)."""
    if INVALID.search(text) is None:
        return text, []
    found = [(m.start(), m.group()) for m in INVALID.finditer(text)]
    return INVALID.sub(REPLACEMENT, text), found


def _describe(found: list[tuple[int, str]]) -> str:
    shown = ", ".join(f"U+{ord(c):04X} ({kind_of(c)}) at {i}" for i, c in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return f"{len(found)} invalid character(s) replaced by U+FFFD: {shown}{more}"


def _valid_value(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        fixed, found = valid_unicode(value)
        return fixed, len(found)
    if isinstance(value, list):
        pairs = [_valid_value(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        pairs = {k: _valid_value(v) for k, v in value.items()}
        keys = {k: _valid_value(k)[0] if isinstance(k, str) else k for k in value}
        return {keys[k]: v for k, (v, _) in pairs.items()}, sum(n for _, n in pairs.values())
    return value, 0


def repair_document(doc: RawDocument) -> tuple[RawDocument, list[dict], list[dict[str, str]]]:
    """The document with valid Unicode everywhere; the removals to add to the article (one per
    character replaced in the raw text); the notes ``{"stage", "reason"}`` of what was repaired."""
    raw, found = valid_unicode(doc.raw)
    source, in_source = _valid_value(doc.source)
    meta, fields = {}, []
    for key, value in doc.meta.items():
        meta[key], n = _valid_value(value)
        if n:
            fields.append(f"{key} ({n})")
    if not found and not in_source and not fields:
        return doc, [], []
    removals = [
        {
            "raw_start": i,
            "raw_end": i + 1,
            "text": REPLACEMENT,
            "reason": f"invalid Unicode U+{ord(c):04X} ({kind_of(c)}) replaced by U+FFFD",
        }
        for i, c in found
    ]
    parts = [f"text: {_describe(found)}"] if found else []
    parts += [f"file name: {in_source} character(s) replaced by U+FFFD"] if in_source else []
    parts += [f"metadata {', '.join(fields)}: invalid characters replaced by U+FFFD"] if fields else []
    note = {
        "stage": "unicode",
        "reason": "invalid Unicode (lone surrogates, NUL or non-characters) in the input; "
        f"{'; '.join(parts)}; the article was stored with the replacements; fix the input's "
        "escapes or encoding",
    }
    return replace(doc, raw=raw, source=source, meta=meta), removals, [note]


def cut_title(article: Article, limit: int = MAX_TITLE_CHARS) -> dict[str, str] | None:
    """Cut a title over ``limit`` characters at the last space before it (else at ``limit``);
    the note saying so, or None. The title layer is cut the same way, so the rest of the first
    line of a ``.txt`` file stays body text; a metadata title keeps its rest in
    ``meta["title_rest"]``."""
    title = article.title
    if not title or len(title) <= limit:
        return None
    space = title.rfind(" ", 0, limit + 1)
    cut = title[:space] if space > limit // 2 else title[:limit]
    spans = article.layers.get("title", [])
    in_text = bool(spans) and article.surface(spans[0]) == title
    if in_text:
        head = spans[0]
        article.layers["title"] = [Span(head.start, head.start + len(cut), head.label, dict(head.attrs))]
        where = "the rest stays in the body text"
    else:
        article.meta["title_rest"] = title[len(cut) :]
        where = "the rest is kept in the article's meta as title_rest"
    article.title = cut
    return {
        "stage": "title",
        "reason": f"title of {len(title):,} characters is over the {limit}-character limit; cut at "
        f"{len(cut)} characters, {where}; give the article a real headline (first line of a .txt "
        "file, or a title field)",
    }
