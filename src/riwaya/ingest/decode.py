"""Telling the encoding of Arabic news files: BOMs, UTF-8, UTF-16 without BOM, Windows-1256, ISO-8859-6.

Windows-1256 and ISO-8859-6 both decode most Arabic bytes without error but to different
letters, so a decoding is chosen by how plausible its text is as Arabic (share of Arabic or
ASCII letters, and how often the article prefix "ال" occurs), not by whether it decodes.
Each step returns ``(text, encoding, replaced_bytes)`` or None when it does not apply, and
raises :class:`~riwaya.errors.IngestError` with the reason when the bytes are not usable text;
:func:`decode` and :func:`decode_report` chain the steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from riwaya.errors import IngestError
from riwaya.text.arabic import DIACRITICS, LETTERS

Decoding = tuple[str, str, int]

BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "zip archive (name it .zip)"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg media"),
    (b"SQLite format 3", "SQLite database"),
)
LEGACY = ("cp1256", "iso-8859-6", "cp1252")
MIXED_MAX_SHARE = 0.01  # a mostly-UTF-8 file may have up to 1% bad bytes replaced; more is a failure
MIN_PLAUSIBLE = 0.9
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
WORD = re.compile(f"(?:[^\\W\\d_]|[{DIACRITICS}])+")
ARABIC_WORD = re.compile(f"[{LETTERS}{DIACRITICS}\u0671-\u06d3]+")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes (UTF-8/16 with or without BOM, Windows-1256, ISO-8859-6) or fail with the reason."""
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


def decode_report(data: bytes) -> Decoded:
    """Like :func:`decode`, also counting bytes replaced in a mostly-UTF-8 file with a few bad bytes."""
    if not data:
        raise IngestError("empty file (0 bytes); nothing to analyse")
    decoded = from_bom(data) or utf16_without_bom(data)
    if decoded is None:
        refuse_binary(data)
        decoded = utf8(data) or legacy(data)
    refuse_control_heavy(decoded[0])
    return Decoded(*decoded)


def from_bom(data: bytes) -> Decoding | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding.replace("-le", "").replace("-be", ""), 0
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"the file starts with a {encoding} byte-order mark but byte "
                    f"{exc.start + len(bom)} is not valid {encoding}; re-save it as UTF-8"
                ) from exc
    return None


def utf16_without_bom(data: bytes) -> Decoding | None:
    """UTF-16 without a BOM: ASCII and Arabic code units put 0x00 or 0x06 in every other byte."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    high_even = sum(b in (0, 6) for b in sample[0::2]) / (len(sample) // 2)
    high_odd = sum(b in (0, 6) for b in sample[1::2]) / (len(sample) // 2)
    if max(high_even, high_odd) < 0.8 or min(high_even, high_odd) > 0.3:
        return None
    encoding = "utf-16-le" if high_odd > high_even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding, 0) if plausibility(text) >= MIN_PLAUSIBLE else None


def refuse_binary(data: bytes) -> None:
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise IngestError(f"binary content ({kind}); expected text, HTML or JSON")
    if b"\x00" in data[:65536]:
        at = data.index(b"\x00")
        raise IngestError(f"binary content (NUL byte at offset {at}); expected text, HTML or JSON")


def refuse_control_heavy(text: str) -> None:
    sample = text[:65536]
    controls = len(CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise IngestError(
            f"binary content ({controls} control characters in the first {len(sample)}); "
            "expected text, HTML or JSON"
        )


def utf8(data: bytes) -> Decoding | None:
    """Strict UTF-8; a mostly-UTF-8 file with a few bad bytes is decoded with replacement characters."""
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if good < max(10, bad):
        return None  # not UTF-8 at all: try the legacy Arabic code pages
    if bad > MIXED_MAX_SHARE * len(text):
        raise IngestError(
            f"mixed encodings: {good:,} characters decode as UTF-8 but {bad:,} bytes do not "
            f"(first at byte {first_bad}); re-save the file in one encoding (UTF-8)"
        )
    return text, "utf-8", bad


def legacy(data: bytes) -> Decoding:
    """The most plausible single-byte Arabic (or charset-normalizer's) decoding, or a failure."""
    scored = []
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((plausibility(text), encoding, text))
    best = max(scored, default=None, key=lambda s: s[0])
    if best is None or best[0] < MIN_PLAUSIBLE:
        tried = ", ".join(f"{enc} {score:.2f}" for score, enc, _ in scored) or "none decoded"
        raise IngestError(
            f"cannot tell the encoding: not UTF-8/UTF-16, and no single-byte decoding reads as "
            f"text (plausibility {tried}); re-save the file as UTF-8"
        )
    return best[2], best[1], 0


def _candidates(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:200_000]).best()
    extra = [guess.encoding] if guess is not None and guess.encoding not in LEGACY else []
    return [*LEGACY, *extra]


def plausibility(text: str) -> float:
    """How much ``text`` reads like real text: about 1.0-1.3 for a right decoding, < 0.9 for garbage.

    A word made of letters of one script (all Arabic, or all Latin) is plausible; a wrong Arabic
    code page turns frequent letters into accented Latin ones inside Arabic words, and an Arabic
    code page applied to Latin text puts Arabic letters inside Latin words. A bonus for the
    "ال" prefix separates two decodings that both yield only Arabic letters, but different ones.
    """
    sample = text[:100_000]
    words = WORD.findall(sample)
    total = sum(len(w) for w in words)
    if not total:
        return 0.0
    arabic = [w for w in words if ARABIC_WORD.fullmatch(w)]
    latin = sum(len(w) for w in words if _latin_word(w))
    share = (sum(len(w) for w in arabic) + latin) / total
    al_bonus = min(0.3, sum(w.startswith("ال") for w in arabic) / len(arabic)) if arabic else 0.0
    return share + al_bonus


def _latin_word(word: str) -> bool:
    """Latin letters only, with at least one ASCII letter unless very short ("à", "é")."""
    return bool(LATIN_WORD.fullmatch(word)) and (len(word) <= 2 or any(ch.isascii() for ch in word))
