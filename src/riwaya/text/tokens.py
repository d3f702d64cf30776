"""Text units: sentence and token spans, plus a clitic-aware light segmentation view.

Sentences end at ``. ! ? ؟ …`` (a closing quotation mark stays with its sentence), and at
paragraph ends. Decimal points (3.5) and abbreviation-like single letters do not end one.
The light segmentation splits proclitics (و ف ب ل ك ال لل) for matching only; it never
changes the text, and it is conservative: ب/ك/ل are split only before the article ال, so
بغداد stays بغداد, while بالعراق becomes ب + ال + عراق.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from riwaya.model import Span
from riwaya.text.arabic import DIACRITICS, LETTERS, TATWEEL
from riwaya.text.normalize import fold

WORD_CHARS = rf"\w{DIACRITICS}{TATWEEL}"
TOKEN = re.compile(rf"[{WORD_CHARS}]+(?:[.,٫٬][0-9٠-٩]+)*|[^\s{WORD_CHARS}]")
SENTENCE_END = re.compile(r"(?:[.!?؟…]+|\.\.)[\"'”’»)\]]*(?=\s|$)")
CLOSERS = "\"'”’»)]"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans inside ``text[start:end]`` with surrounding spaces trimmed."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        if _is_decimal_point(text, match.start()) or _is_abbreviation(text, match.start()):
            continue
        spans.append(_trimmed(text, begin, match.end()))
        begin = match.end()
    if text[begin:end].strip():
        spans.append(_trimmed(text, begin, end))
    return [s for s in spans if s.end > s.start]


def _is_decimal_point(text: str, pos: int) -> bool:
    return 0 < pos < len(text) - 1 and text[pos - 1].isdigit() and text[pos + 1].isdigit()


ABBREVIATION = re.compile(rf"(?:^|[\s(])(?:[{LETTERS}]\.){{0,2}}[{LETTERS}]$")
LATIN_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:(?:[A-Z]\.){0,3}[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Maj|Brig|Adm|Jr|Sr|Prof|Rep|Sen"
    r"|Gov|Rev|No|vs|etc|Inc|Ltd|Co|Corp|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)$"
)


def _is_abbreviation(text: str, pos: int) -> bool:
    """A lone Arabic letter before the dot is a title or initial (د. م. أ.د.), not a sentence end;
    nor is an English title or initial (Mr. Dr. Gen. U.S. J.).

    A letter after a number is a calendar marker (2020 م.) and may end the sentence.
    """
    if text[pos : pos + 1] == "." and LATIN_ABBREVIATION.search(text, max(0, pos - 8), pos):
        return True
    if text[pos : pos + 1] != "." or not ABBREVIATION.search(text, max(0, pos - 8), pos):
        return False
    before = text[max(0, pos - 8) : pos].rstrip()
    return not re.search(rf"\d\s*[{LETTERS}]$", before)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, "sentence")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Word, number and punctuation tokens; Arabic diacritics and tatweel stay inside words."""
    end = len(text) if end is None else end
    return [Span(m.start(), m.end(), "token") for m in TOKEN.finditer(text, start, end)]


@dataclass(frozen=True)
class Segmented:
    """A word split into proclitics and stem, as offsets relative to the word."""

    word: str
    prefixes: tuple[str, ...]
    stem_start: int

    @property
    def stem(self) -> str:
        return self.word[self.stem_start :]


CONJ = ("و", "ف")
PREPS = ("ب", "ك", "ل")


def light_segment(word: str) -> Segmented:
    """Split و ف ب ك ل ال لل conservatively (see the module docstring)."""
    folded, pos, prefixes = fold(word), 0, []
    if len(folded) > 3 and folded[0] in CONJ and _has_article(folded, 1):
        prefixes.append(word[0])
        pos = 1
    if folded[pos : pos + 2] == "لل" and len(folded) - pos > 3:
        prefixes += ["ل", "ال"]
        return Segmented(word, tuple(prefixes), pos + 2)
    if len(folded) - pos > 3 and folded[pos] in PREPS and folded[pos + 1 : pos + 3] == "ال":
        prefixes.append(word[pos])
        pos += 1
    if folded[pos : pos + 2] == "ال" and len(folded) - pos > 3:
        prefixes.append("ال")
        pos += 2
    return Segmented(word, tuple(prefixes), pos)


def _has_article(folded: str, pos: int) -> bool:
    rest = folded[pos:]
    return rest.startswith(("ال", "لل")) or (rest[:1] in PREPS and rest[1:3] == "ال")


@lru_cache(maxsize=262_144)
def match_key(word: str) -> str:
    """Folded stem without proclitics: the key under which spellings of a word meet (cached:
    entity linking asks for the same words' keys many times per article)."""
    return fold(light_segment(word).stem)


def clitic_variants(word: str) -> set[str]:
    """Every folded reading of ``word`` with 0-2 proclitic letters stripped, for lexicon lookups."""
    folded = fold(word)
    out = {folded, match_key(word)}
    for i in (1, 2):
        head, rest = folded[:i], folded[i:]
        if len(rest) >= 3 and all(c in "وفبكل" for c in head):
            out.add(rest)
    return out
