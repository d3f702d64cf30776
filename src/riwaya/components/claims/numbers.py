"""Count expressions: a number, a dual, a lone noun or a vague quantity, with its approximator.

:func:`count_at` reads the count that starts at a token: an optional approximator (نحو، أكثر من،
ما لا يقل عن), then digits (Latin or Arabic-Indic, also in brackets), number words (compounds
such as ثلاثة عشر، واحد وعشرين، ثلاث مئة، 3 آلاف), a person dual (شرطيين = 2), a vague quantity
(عدد من = several 2, عشرات = several 20) or a lone indefinite person noun (شرطي = 1, coordinated
ones add up: نقيب شرطة ومجند = 2), then its tail (person nouns, ``من`` + group, على الأقل).
A number that a unit follows (58 عاما، 3 صواريخ) or a year, clock or case word precedes is none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from riwaya.components.claims.lexicon import (
    digit_value,
    ends_at,
    has_key,
    is_person_like,
    match,
    number_words,
    person,
    word_value,
)
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold

QUOTES = set("\"'«»“”‘’")
TENS = {20, 30, 40, 50, 60, 70, 80, 90}


@dataclass(frozen=True)
class Count:
    """A count in tokens ``[first, last)``: value ``n``/``kind``, its form and whom it counts."""

    n: int
    kind: str
    first: int
    last: int
    form: str  # number | vague | dual | single | one_of (أحدهم، أحد العناصر)
    word: str = ""
    group: str = ""


def is_quote(tok: Tok) -> bool:
    return bool(tok.surface) and all(c in QUOTES for c in tok.surface)


def conjoined(tok: Tok) -> bool:
    """The word carries the conjunction و (وخمسة، و39), not a و of its own (واحد، وفاة)."""
    surface = fold(tok.surface)
    return surface.startswith("و") and surface not in number_words() and len(surface) > 1


def next_real(toks: list[Tok], i: int, hi: int) -> int:
    """The first index from ``i`` that is not a quotation mark (``hi`` if none)."""
    while i < hi and is_quote(toks[i]):
        i += 1
    return i


def number_at(toks: list[Tok], i: int, hi: int) -> tuple[int, int] | None:
    """``(value, end)`` of the number written from token ``i``, or None."""
    if i >= hi:
        return None
    if toks[i].surface == "(" and i + 2 < hi and toks[i + 2].surface == ")":
        n = digit_value(toks[i + 1])
        return (n, i + 3) if n is not None else None
    n = digit_value(toks[i])
    if n is not None:
        return None if 1900 <= n <= 2100 else _thousands(toks, n, i + 1, hi)
    n = _word(toks[i])
    if n is None:
        return None
    return _compound(toks, n, i + 1, hi)


def _clitic(tok: Tok, word: str) -> bool:
    """Whether ``word`` (folded) is only read with a ب / ك / ل proclitic stripped (كميات is no مئات)."""
    surface = fold(tok.surface)
    surface = surface[1:] if surface[:1] in "وف" and not surface.startswith(word) else surface
    return not (surface.startswith(word) or surface.startswith("ال" + word) or surface.startswith("ال"))


def _word(tok: Tok) -> int | None:
    """A number word that no ب/ك/ل clitic holds (بثلاث is an instrument, not a count); the
    definite الأحد / الاثنين are weekdays."""
    n = word_value(tok)
    if n is None:
        return None
    surface = fold(tok.surface)
    if surface[:1] in "بكل" and not surface.startswith("ال") and surface not in number_words():
        return None
    return None if tok.definite and n in (1, 2) else n


def _compound(toks: list[Tok], n: int, j: int, hi: int) -> tuple[int, int]:
    """ثلاثة عشر، واحد وعشرين، ثلاث مئة وخمسين، خمسة آلاف: extend ``n`` from token ``j``."""
    if j < hi and n < 10 and has_key(toks[j], "عشر", "عشرة"):
        n, j = n + 10, j + 1
    if j < hi and n < 10 and has_key(toks[j], "مئة", "مائة"):
        n, j = n * 100, j + 1
    if j < hi and fold(toks[j].surface).startswith("و"):
        rest = word_value(toks[j])
        if rest is not None and (rest in TENS and n < 10 or n >= 100 and n % 100 == 0 and rest < 100):
            n, j = n + rest, j + 1
    return _thousands(toks, n, j, hi)


def _thousands(toks: list[Tok], n: int, j: int, hi: int) -> tuple[int, int]:
    if j < hi and has_key(toks[j], "ألف", "آلاف", "الف", "الاف") and n < 1000:
        return n * 1000, j + 1
    return n, j


def count_at(toks: list[Tok], i: int, hi: int, blocked: frozenset[int], lo: int = 0) -> Count | None:
    """The count that starts at token ``i`` (its approximator included), or None."""
    kind, j, word = "exact", i, ""
    if entry := match("approx", toks, i, hi):
        kind, j, word = entry.value, i + len(entry.tokens), toks[i].surface
        j = next_real(toks, j, hi)
    if j >= hi or j in blocked:
        return None
    if before_blocked(toks, i, lo):
        return None
    core = _core(toks, j, hi, blocked)
    if core is None:
        return None
    n, end, form, cword, group = core
    if form != "number" and j != i:
        return None
    if form == "vague":
        kind = "several" if kind == "exact" else kind
    count = tail(toks, Count(n, kind, i, end, form, word or cword, group), hi)
    return None if any(match("not_person", toks, k, hi) for k in range(count.first, count.last)) else count


def before_blocked(toks: list[Tok], i: int, lo: int) -> bool:
    """A year, clock, age, case or distance word just before token ``i``."""
    j = i - 1
    while j >= lo and toks[j].surface in ("(", *QUOTES):
        j -= 1
    return j >= lo and ends_at("unit_before", toks, j + 1, lo) is not None


def _core(toks: list[Tok], j: int, hi: int, blocked: frozenset[int]) -> tuple | None:
    """``(n, end, form, word, group)`` of the count's head at token ``j``."""
    if (entry := match("vague", toks, j, hi)) and not _clitic(toks[j], entry.tokens[0].rstrip("*")):
        end = j + len(entry.tokens)
        return None if _unit_after(toks, end, hi) else (int(entry.value), end, "vague", toks[j].surface, "")
    one = has_key(toks[j], "أحد", "إحدى", "احدى")
    if one and j + 1 < len(toks) and (toks[j + 1].definite or person(toks[j + 1])):
        return 1, min(j + 2, hi), "one_of", "", ""
    if any(k.startswith(("احده", "احدا")) for k in toks[j].keys):
        return 1, j + 1, "one_of", "", ""
    found = number_at(toks, j, hi)
    if found:
        n, end = found
        if set(range(j, end)) & blocked or _unit_after(toks, end, hi):
            return None
        return n, end, "number", "", ""
    p = person(toks[j])
    if p and p.number == "du":
        return 2, j + 1, "dual", "", p.group
    if p and p.number == "sg" and not toks[j].definite and not _construct(toks, j + 1, hi):
        return _coordinated(toks, j, hi, p.group)
    return None


def _construct(toks: list[Tok], k: int, hi: int) -> bool:
    """A definite noun right after a singular (قائد الشاحنة): a known person, not a count."""
    return k < hi and toks[k].definite and not match("group", toks, k, hi) and not person(toks[k])


def _unit_after(toks: list[Tok], end: int, hi: int) -> bool:
    k = next_real(toks, end, hi)
    return k < hi and match("unit", toks, k, hi) is not None


def _coordinated(toks: list[Tok], j: int, hi: int, group: str) -> tuple:
    """Lone singular person nouns joined by و (نقيب شرطة ومجند = 2), each with one modifier."""
    n, end, k = 1, j + 1, j + 1
    while k < hi and k <= end + 2:
        tok = toks[k]
        p = person(tok)
        if p and p.number == "sg" and fold(tok.surface).startswith("و") and not tok.definite:
            n, end = n + 1, k + 1
            group = group or p.group
        elif match("group", toks, k, hi):
            group = group or match("group", toks, k, hi).value
        k += 1
    return n, end, "single", "", group


def tail(toks: list[Tok], count: Count, hi: int) -> Count:
    """Extend a count over its noun phrase: person nouns, ``من`` + group, adjectives, على الأقل."""
    k, end, group, kind = count.last, count.last, count.group, count.kind
    loose = 0
    while k < hi:
        tok = toks[k]
        if is_quote(tok) or tok.surface == ")":
            k += 1
            continue
        if entry := match("post_approx", toks, k, hi):
            kind = entry.value if kind == "exact" else kind
            k = end = k + len(entry.tokens)
            continue
        if fold(tok.surface).startswith("و") and k > count.first and person(tok):
            break
        if count.form in ("single", "dual") and word_value(tok) == count.n and k > count.first:
            k = end = k + 1
            continue
        if is_person_like(tok) or match("group", toks, k, hi):
            group = group or _group_of(toks, k, hi)
            k, end, loose = k + 1, k + 1, 0
            continue
        nxt = toks[k + 1] if k + 1 < hi else None
        if (
            has_key(tok, "من")
            and nxt
            and (nxt.definite or is_person_like(nxt) or match("group", toks, k + 1, hi))
        ):
            group = group or _group_of(toks, k + 1, hi)
            k, end, loose = k + 2, k + 2, 0
            continue
        if loose < 2 and end > count.first and adjective_like(tok) and not tok.punct:
            k, loose = k + 1, loose + 1
            continue
        break
    return replace(count, last=max(end, count.last), kind=kind, group=group)


def _group_of(toks: list[Tok], k: int, hi: int) -> str:
    p = person(toks[k])
    if p and p.group:
        return p.group
    entry = match("group", toks, k, hi)
    return entry.value if entry else ""


def adjective_like(tok: Tok) -> bool:
    """An unknown word after a person noun, possibly its adjective (عمانيين، أفغان)."""
    if tok.punct or digit_value(tok) is not None or word_value(tok) is not None:
        return False
    one = [tok]
    if any(match(kind, one, 0, 1) for kind in ("cue", "stop", "subgroup", "approx", "post_approx", "vague")):
        return False
    return any(len(k) >= 3 for k in tok.keys) and not fold(tok.surface).startswith("و")
