"""What was said: from a complementiser, colon or preposition to the clause end, or inside the marks."""

from __future__ import annotations

import re

from riwaya.components.quotes.lexicon import Cue, in_class
from riwaya.components.quotes.marks import CLOSERS
from riwaya.components.quotes.reader import Reader
from riwaya.components.quotes.source import Source


def read_content(reader: Reader, j: int, limit: int) -> tuple[tuple[int, int], bool] | None:
    """Content from token ``j`` (a complementiser, colon, preposition or mark) to the clause end."""
    toks = reader.toks
    while j < len(toks) and (
        toks[j].text == ":" or (toks[j].word and not reader.is_open(j) and _opener_word(reader, j))
    ):
        j += 1
    if j >= len(toks) or toks[j].start >= limit:
        return None
    if reader.is_open(j):
        return _direct(reader, j, limit)
    return _trim(reader.text, toks[j].start, limit), False


def _opener_word(reader: Reader, j: int) -> bool:
    k = reader.key(j)
    return in_class("complementiser", k) or k in ("الي", "الى", "عن", "من", "علي")


def _direct(reader: Reader, j: int, limit: int) -> tuple[tuple[int, int], bool]:
    """A quotation, extended over quotations that continue it in the same clause (``وأن "..."``)."""
    mark = reader.mark_at(j)
    start, end = mark.inner
    for other in reader.marks:
        if other.open > mark.close and other.close <= limit and other.open < limit:
            between = reader.text[end : other.open]
            if len(between) < 12 and not re.search(r"[.؟!]", between):
                end, mark = other.close, other
    span = _trim(reader.text, start, max(end, start))
    return span, True


def _opened_inside(text: str, start: int, end: int) -> bool:
    inner = text[start:end]
    return any(o in inner[1:] for o in "«“„‘") or inner[1:].count('"') % 2 == 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,؛:" or text[end - 1] in CLOSERS):
        if text[end - 1] in CLOSERS and _opened_inside(text, start, end - 1):
            break
        end -= 1
    while start < end and (text[start].isspace() or text[start] in CLOSERS or text[start] in '«“„‘"'):
        start += 1
    return start, end


def content_after(reader, src: Source, i, cue: Cue, stop: int, limit: int):
    """Content after the source region, up to the clause end (``limit``)."""
    stop = min(stop, reader.tok_limit(limit)) if src.end < reader.tok_limit(limit) else stop
    if src.end < stop and src.opened:
        return read_content(reader, src.end, limit)
    if cue.intro == "obj":
        start = src.subject.b if src.subject else i + 1
        return read_content(reader, start, limit) if start < stop else None
    return None


def content_before(reader, i, sent, found, who, via):
    """A trailing ``، بحسب X``: the clause before it, or the quotation that ends right before it."""
    toks = reader.toks
    k = i - 1
    while k >= 0 and not toks[k].word and toks[k].text in "،,":
        k -= 1
    if k < 0 or toks[k].end <= sent[0]:
        return None
    same = [f for f in found if f.sentence == sent and f.content[1] <= toks[i].start]
    if same and same[-1].who is not None:
        same[-1].via.append((who.start, who.end, None))
        same[-1].via.extend(t for t in ((v.start, v.end, None) for v in via) if t not in same[-1].via)
        return None
    closing = [m for m in reader.marks if m.balanced and m.close == toks[k].start]
    if closing:
        return _trim(reader.text, *closing[0].inner), True
    return _trim(reader.text, sent[0], toks[k].end), False
