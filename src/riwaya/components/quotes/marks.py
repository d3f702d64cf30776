"""Quotation marks and the tokens quotes reads them with.

Quotes reads the ``tokens`` layer with numbers split at their separators (``3.5`` as ``3 . 5``,
``1,000`` as ``1 , 000``): the separator counts as punctuation, as it always has for quotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from riwaya.model import Span
from riwaya.text.normalize import fold
from riwaya.text.tokens import WORD_CHARS

PAIRS = {"“": "”“", "«": "»", "„": "“”", "‘": "’", '"': '"', "”": "”“", "‹": "›", "»": "»"}  # ``أن»نص»``
CLOSERS = set('”“»’"›')
PARTS = re.compile(rf"[{WORD_CHARS}]+|[^\s{WORD_CHARS}]")  # a word run or one other character
WORD = re.compile(rf"[{WORD_CHARS}]+")


def words(text: str) -> list[str]:
    """The words of a passage (runs of word characters starting with a letter or digit)."""
    return [w for w in WORD.findall(text) if w[0].isalnum()]


@dataclass
class Tok:
    start: int
    end: int
    text: str
    key: str
    word: bool
    quote: int = -1  # index of the quotation the token lies inside, -1 outside


@dataclass
class Mark:
    """A quotation: the opening mark at ``open``, the closing one at ``close`` (or paragraph end)."""

    open: int
    close: int
    balanced: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def find_marks(text: str, start: int, end: int) -> list[Mark]:
    """Quotations in ``text[start:end]``; an unclosed one stops at the paragraph end, never later."""
    marks, pos = [], start
    while pos < end:
        ch = text[pos]
        if ch in PAIRS and _opens(text, pos, start, end):
            close = _closer(text, pos, end)
            marks.append(Mark(pos, close if close is not None else end, close is not None))
            pos = (close if close is not None else end) + 1
            continue
        pos += 1
    return marks


def _opens(text: str, pos: int, start: int, end: int) -> bool:
    """A mark opens a quotation when text follows it (a closing-style ” used as opener included)."""
    after = text[pos + 1] if pos + 1 < end else ""
    before = text[pos - 1] if pos > start else " "
    if not after or after.isspace():
        return False
    if text[pos] == "»":
        return after.isalpha() and "»" in text[pos + 1 : end]  # a reversed opener, closed later
    return text[pos] not in '”"' or not (before.isalnum() and not _is_prefix_letter(text, pos))


def _is_prefix_letter(text: str, pos: int) -> bool:
    """``بـ”العمل`` / ``ب"العمل``: a one-letter proclitic glued to an opening mark."""
    return pos >= 1 and text[pos - 1] in "بلوفك" and (pos < 2 or not text[pos - 2].isalnum())


def _closer(text: str, pos: int, end: int) -> int | None:
    closers = PAIRS[text[pos]]
    for i in range(pos + 1, end):
        if text[i] in closers and (i + 1 >= end or not text[i + 1].isalnum() or text[i] != "“"):
            return i
    return None


def is_word(surface: str) -> bool:
    """A token is a word when its first character that is not a combining mark (a stray vowel
    sign before ``َصحيفة``) is a letter, a digit or ``_``."""
    if surface[0].isalnum() or surface[0] == "_":
        return True
    first = next((ch for ch in surface if not unicodedata.category(ch).startswith("M")), "")
    return first.isalnum() or first == "_"


def tokens_of(text: str, spans: list[Span], marks: list[Mark]) -> list[Tok]:
    """Quotes' tokens over ``spans`` of the ``tokens`` layer (see the module docstring), each
    with the index of the quotation it lies inside."""
    toks, m = [], 0
    for s, e in _pieces(text, spans):
        while m < len(marks) and marks[m].close < s:
            m += 1
        surface = text[s:e]
        word = is_word(surface)
        inside = m if m < len(marks) and marks[m].open < s < marks[m].close else -1
        toks.append(Tok(s, e, surface, fold(surface), word, inside))
    return toks


def _pieces(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Layer tokens split into word runs and single characters; a word run the layer cut after a
    number (``2.5مليون`` = ``2.5`` + ``مليون``) is joined again."""
    pieces: list[tuple[int, int]] = []
    for span in spans:
        for match in PARTS.finditer(text, span.start, span.end):
            a, b = match.span()
            if pieces and pieces[-1][1] == a and WORD.match(text, a - 1) and WORD.match(text, a):
                pieces[-1] = (pieces[-1][0], b)
            else:
                pieces.append((a, b))
    return pieces
