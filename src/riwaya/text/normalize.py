"""Normalised views of Arabic text for matching, with every offset mapped back to the original.

Matching ``الأميركية`` with ``الامريكية`` or ``إسماعيل`` with ``اسماعيل`` needs a folded text, but
annotations must point into the cleaned text. A :class:`NormalizedView` keeps, for every
character of the folded string, the index of the original character it came from, so a match
found in the view becomes a span of the original with :meth:`NormalizedView.to_original`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Characters dropped from the view: harakat, tanween, shadda, sukun, dagger alef, tatweel,
# Quranic annotation marks. Dropping (not replacing) keeps "مُصطفى" == "مصطفى".
DROPPED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + ["\u0670", "\u0640"]
)

FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ئ": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ؤ": "و",
    "ک": "ك",
    "گ": "ك",
}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def fold_char(ch: str, *, letters: bool = True, digits: bool = True, lower: bool = True) -> str:
    """The folded form of one character ('' when it is dropped)."""
    if ch in DROPPED:
        return ""
    if letters and ch in FOLD:
        return FOLD[ch]
    if digits and ch in DIGITS:
        return DIGITS[ch]
    return ch.lower() if lower and len(ch.lower()) == 1 else ch


@dataclass(frozen=True)
class NormalizedView:
    """A folded copy of ``original`` and, per folded character, its index in ``original``."""

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span ``[start, end)`` of the view to the span of the original it covers."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self._past_marks(self.offsets[end - 1] + 1)

    def _past_marks(self, pos: int) -> int:
        """Extend an end offset over diacritics that belong to the last letter of the span."""
        while pos < len(self.original) and self.original[pos] in DROPPED:
            pos += 1
        return pos

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the view (dropped characters at the edges vanish)."""
        import bisect

        return bisect.bisect_left(self.offsets, start), bisect.bisect_left(self.offsets, end)

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every occurrence of ``needle`` (normalised the same way) as original spans."""
        folded = normalize(needle).text
        spans, pos = [], self.text.find(folded) if folded else -1
        while pos != -1:
            spans.append(self.to_original(pos, pos + len(folded)))
            pos = self.text.find(folded, pos + 1)
        return spans


def normalize(text: str, *, letters: bool = True, digits: bool = True) -> NormalizedView:
    """Fold alef/yeh/teh-marbuta/hamza forms and digits, drop diacritics and tatweel."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch, letters=letters, digits=digits)
        chars.append(folded)
        offsets.extend([i] * len(folded))
    return NormalizedView(text, "".join(chars), tuple(offsets))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Just the folded string, for keys and comparisons (cached: names repeat a lot)."""
    return "".join(fold_char(ch) for ch in text)


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in text if ch not in DROPPED)


def to_ascii_digits(text: str) -> str:
    return "".join(DIGITS.get(ch, ch) for ch in text)
