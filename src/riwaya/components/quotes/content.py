"""What was said: from a complementiser, colon or preposition to the clause end, or inside the marks."""

from __future__ import annotations

import re

from riwaya.components.quotes.lexicon import Cue, in_class, lookup
from riwaya.components.quotes.marks import CLOSERS
from riwaya.components.quotes.reader import Reader
from riwaya.components.quotes.source import Source, object_start


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
    if _continues(reader, mark.close, limit):
        return (mark.open, _trim(reader.text, mark.open, limit)[1]), False  # mixed: whole clause, marks kept
    span = _trim(reader.text, start, max(end, start))
    return span, True


def _continues(reader: Reader, close: int, limit: int) -> bool:
    """The clause goes on after a quotation that opened it (``أن «المفسدين» تسللوا ...``): the next
    token is a word of the clause, not a preposition, time, cue, comma or the clause end."""
    k = reader.tok_limit(close + 1)
    if k >= len(reader.toks) or reader.toks[k].start >= limit or not reader.toks[k].word:
        return False
    key, lex = reader.key(k), reader.lex
    return not (
        key in lex.words["boundary"]
        or key in lex.words["time"]
        or lookup(lex.cues, key) is not None
        or in_class("complementiser", key)
        or key[:1] == "و"
    )


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
    """Content after the source region, up to the clause end (``limit``): from its opener, else
    the object after the subject when the cue takes one (``obj``), or its ب-complement (``ب``)."""
    stop = min(stop, reader.tok_limit(limit)) if src.end < reader.tok_limit(limit) else stop
    if src.end < stop and src.opened:
        start = src.end + (reader.key(src.end) == cue.intro and cue.intro == "في")  # ``شكك في رواية``
        return read_content(reader, start, limit)
    clause = min(stop, reader.tok_limit(limit))
    if cue.type == "relay" and not src.relayed:
        return None  # ``ونُقل الحارسان إلى المستشفى``: a relay without its source (عن X) reports nothing
    if "obj" in (cue.intro, cue.fallback):
        start = object_start(reader, src, i, clause)
        return read_content(reader, start, limit) if start < stop else None
    if cue.fallback == "ب":
        start = _b_word(reader, object_start(reader, src, i, clause), stop)
        return read_content(reader, start, limit) if start is not None else None
    return None


def _next_to(f, tok) -> bool:
    """The token before a trailing source ends that attribution's content or its attached sources."""
    return tok.start <= f.content[1] or tok.end <= f.tail


def _b_word(reader: Reader, j: int, stop: int) -> int | None:
    """The ب-complement at ``j`` or right after an object (``هنأ ... الشعب اليمني بعودة``)."""
    for k in range(j, min(stop, j + 4)):
        key = reader.key(k)
        if reader.toks[k].word and key[:1] == "ب" and len(key) > 3 and key not in ("بن", "بنت", "باسم"):
            return k
        if not reader.toks[k].word:
            return None
    return None


def content_before(reader, i, sent, found, who, via, reported=False):
    """A trailing ``، بحسب X``: the clause before it, or the quotation that ends right before it.
    Right after another attribution's content X joins that one's chain instead (None); when X
    itself reported it (``reported``: ``بحسب ما أعلنت X``) the clause is X's content too."""
    toks = reader.toks
    k = i - 1
    while k >= 0 and not toks[k].word and toks[k].text in "،,":
        k -= 1
    if k < 0 or toks[k].end <= sent[0]:
        return None
    same = [f for f in found if f.sentence == sent and f.content[1] <= toks[i].start and _next_to(f, toks[k])]
    if same and same[-1].who is not None:
        prev = same[-1]
        prev.via.extend(
            t
            for t in [(who.start, who.end, None)] + [(v.start, v.end, None) for v in via]
            if t not in prev.via
        )
        prev.tail = max([prev.tail, who.end] + [v.end for v in via])
        if not reported or prev.kind != "indirect":
            return None
        return _trim(reader.text, sent[0], toks[k].end), False
    closing = [m for m in reader.marks if m.balanced and m.close == toks[k].start]
    if closing:
        return _trim(reader.text, *closing[0].inner), True
    return _trim(reader.text, sent[0], toks[k].end), False
