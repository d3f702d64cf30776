"""Count statements of one sentence: cue words (قتل، مصرع، جرحى، اعتقال ...) and their counts.

Each cue of ``claim_cues.tsv`` says where its count may stand: after it (``مقتل 12 شخصا``),
before it (``ثمانية قتلى``, ``27 شخصا قتلوا``) or both; a figure introduced by ``عدد`` / ``حصيلة``
may come a few words later (``عدد الضحايا وصل إلى 6``). A killing cue joined to a wounding cue by
و (``مقتل وإصابة 10``) counts casualties. Lone dual or singular count nouns (قتيلين، قتيل) count
2 and 1; a pronoun noun after a result verb (أدى إلى مقتله) counts its pronoun; the attacker's
suicide (ثم انتحر) is killed 1, perpetrators; "no casualties" statements count 0. After a claim,
groups inside its toll (بينهم خمسة عسكريين) and counts joined by و (وثمانية مقاتلين) take its slot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from riwaya.components.claims.lexicon import ends_at, has_key, is_person_like, match
from riwaya.components.claims.numbers import (
    Count,
    adjective_like,
    conjoined,
    count_at,
    is_quote,
    next_real,
    number_at,
)
from riwaya.components.events.lexicon import negation
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold

COUNT_SLOTS = ("killed", "injured", "arrested", "casualties")
FORWARD_SKIP = 3
BACKWARD_REACH = 8
GAP_WORDS = ("أيضا", "قد", "كلهم", "جميعهم", "جميعا")


@dataclass(frozen=True)
class Cue:
    """A cue in tokens ``[a, b)``: its slot, directions (``a``/``b``) and flags (``f``, ``p``)."""

    a: int
    b: int
    slot: str
    where: str
    kind: str = "cue"
    parts: tuple = ()


@dataclass(frozen=True)
class Found:
    """One count claim in tokens ``[first, last)`` with its count and counted group."""

    slot: str
    count: Count
    first: int
    last: int
    counted: str = ""


def sentence_cues(toks: list[Tok], lo: int, hi: int) -> list[Cue]:
    """Cues left to right; a killing cue and a wounding cue joined by و become one casualties cue."""
    out: list[Cue] = []
    i = lo
    while i < hi:
        cue = cue_at(toks, i, hi)
        if cue is None:
            i += 1
            continue
        nxt = cue_at(toks, cue.b, hi) if cue.b < hi and fold(toks[cue.b].surface).startswith("و") else None
        if nxt and {cue.slot, nxt.slot} == {"killed", "injured"} and cue.kind == nxt.kind == "cue":
            cue = Cue(cue.a, nxt.b, "casualties", cue.where + nxt.where, parts=(cue, nxt))
        out.append(cue)
        i = cue.b
    return out


def split_joint(toks: list[Tok], lo: int, found: list[Cue], blocked: frozenset[int]) -> list[Cue]:
    """Keep a joint casualties cue only where one figure covers both: a predicate pair with no
    count before it (مقتل وإصابة 10) or two count nouns (50 وفاة وإصابة); else two cues."""
    out: list[Cue] = []
    for cue in found:
        if not cue.parts:
            out.append(cue)
            continue
        first, second = cue.parts
        nouns = "a" not in first.where.split("+")[0] and "a" not in second.where.split("+")[0]
        verbs = "a" in first.where.split("+")[0] and before(toks, lo, first, blocked, set()) is None
        out += [cue] if nouns or verbs else list(cue.parts)
    return out


def cues_match(kind: str, toks: list[Tok], lo: int, hi: int) -> bool:
    return any(match(kind, toks, i, hi) for i in range(lo, hi))


def cue_at(toks: list[Tok], i: int, hi: int) -> Cue | None:
    """The cue (or dual / single / pronoun count noun) starting at token ``i``."""
    for kind in ("cue", "dual", "single", "pron"):
        if entry := match(kind, toks, i, hi):
            return Cue(i, i + len(entry.tokens), entry.value, entry.extra, kind)
    return None


def negated(toks: list[Tok], a: int, lo: int) -> bool:
    """A negation word in the three tokens before the cue, within its clause (لم يصب أحد، لا قتلى،
    لم يعثر على أي جثة)."""
    for j in range(a - 1, max(lo, a - 4) - 1, -1):
        if toks[j].punct and not is_quote(toks[j]):
            return False
        if negation().match_at(toks, j, a):
            return True
    return False


def claim_of(
    toks: list[Tok], lo: int, hi: int, cue: Cue, blocked: frozenset[int], used: set[int]
) -> Found | None:
    """The claim a cue makes with its count, or None."""
    if cue.kind == "pron":
        result = ends_at("result", toks, cue.a, lo)
        return (
            Found(cue.slot, Count(int(cue.where), "exact", cue.a, cue.b, "single"), result, cue.b)
            if result is not None
            else None
        )
    total = ends_at("total", toks, cue.a, lo)
    if total is not None:
        return total_claim(toks, hi, cue, total, blocked, used)
    if cue.kind == "cue" and "a" in cue.where.split("+")[0]:
        if (claim := after(toks, hi, cue, blocked, used)) is not None:
            return claim
    if cue.kind in ("dual", "single") or "b" in cue.where.split("+")[0]:
        if (claim := before(toks, lo, cue, blocked, used)) is not None:
            return claim
    if cue.kind == "cue" and "b" in cue.where and (claim := definite_after(toks, lo, hi, cue, blocked, used)):
        return claim
    if (
        cue.kind in ("dual", "single")
        and not toks[cue.a].definite
        and not has_key(toks[cue.a - 1], "بين", "أحد", "إحدى")
    ):
        n = 2 if cue.kind == "dual" else 1
        count = Count(n, "exact", cue.a, cue.b, cue.kind)
        k = next_real(toks, cue.b, hi)
        if cue.kind == "dual" and k < hi and number_at(toks, k, hi) == (2, k + 1):
            count = replace(count, last=k + 1)
        return Found(cue.slot, count, cue.a, count.last)
    return None


def after(toks: list[Tok], hi: int, cue: Cue, blocked: frozenset[int], used: set[int]) -> Found | None:
    """The count a few words after the cue (مقتل 5 أشخاص، اعتقلت الشرطة ثلاثة مشتبهين)."""
    if cue.slot == "killed" and (at := _reflexive(toks, cue.b, hi)) is not None:
        return Found("killed", Count(1, "exact", at, at + 1, "single"), cue.a, at + 1, "perpetrators")
    j, skipped = cue.b, 0
    while j < hi and skipped <= FORWARD_SKIP:
        if is_quote(toks[j]) or toks[j].surface in ("(", ")", "-"):
            j += 1
            continue
        if j > cue.b and _conjunction(toks[j]) or conjoined(toks[j]) and number_at(toks, j, hi):
            return None
        count = count_at(toks, j, hi, blocked, cue.a) if j not in used else None
        if count and toks[cue.a].definite and toks[count.first].definite:
            return None
        if count and _acceptable(toks, count, cue, skipped):
            return Found(cue.slot, count, cue.a, max(count.last, cue.b), count.group)
        if _barrier(toks, j, hi):
            return None
        j, skipped = j + 1, skipped + 1
    return None


def _conjunction(tok: Tok) -> bool:
    """و alone or glued to punctuation (و(39)): a new item of a list starts here."""
    surface = fold(tok.surface)
    return surface.startswith("و") and all(c in "()«»\"'“”-" for c in surface[1:])


def _reflexive(toks: list[Tok], j: int, hi: int) -> int | None:
    """Where نفسه closes ``قتل (المسلح ...) نفسه`` within six words of the clause, or None."""
    for k in range(j, min(hi, j + 7)):
        if toks[k].punct and toks[k].surface not in "()" or cue_at(toks, k, hi):
            return None
        if match("self", toks, k, hi):
            return k
    return None


def _acceptable(toks: list[Tok], count: Count, cue: Cue, skipped: int) -> bool:
    if count.form == "single" and skipped > 2:
        return False
    if "p" in cue.where and count.form == "number":
        return any(is_person_like(t) for t in toks[count.first : count.last])
    return True


def _barrier(toks: list[Tok], j: int, hi: int) -> bool:
    """A token a count after a cue never lies beyond: punctuation, a preposition, a number, a cue."""
    tok = toks[j]
    if tok.punct or match("stop", toks, j, hi) or cue_at(toks, j, hi) or negation().match_at(toks, j, hi):
        return True
    return number_at(toks, j, hi) is not None or any(ch.isdigit() for ch in tok.surface)


def before(toks: list[Tok], lo: int, cue: Cue, blocked: frozenset[int], used: set[int]) -> Found | None:
    """The count just before the cue (ثمانية قتلى، 15 شخصا على الأقل قتلوا، لقي حارس مصرعه)."""
    for k in range(cue.a - 1, max(lo, cue.a - BACKWARD_REACH) - 1, -1):
        tok = toks[k]
        if tok.punct and not is_quote(tok) and tok.surface not in "()":
            return None
        if k in used or cue_at(toks, k, cue.a) and k < cue.a - 1:
            return None
        count = count_at(toks, k, cue.a, blocked, lo)
        if count and k > lo and toks[k - 1].surface == "(" and count.form == "number":
            count = replace(count, first=k - 1)
        if count is None or count.form in ("single", "vague") and _after_number(toks, k, lo):
            continue
        if count.form == "single" and fold(toks[k].surface).startswith("و"):
            continue
        if count.form == "one_of" and not (cue.kind == "cue" and "a" in cue.where):
            return None
        start = ends_at("approx", toks, k, lo)
        if start is not None and (wider := count_at(toks, start, cue.a, blocked, lo)):
            count = wider
        if not _reaches(toks, count, cue) or count.form == "single" and not _single_ok(toks, count, cue):
            return None
        first = _frame_start(toks, count.first, lo) if "f" in cue.where else count.first
        k = next_real(toks, cue.b, len(toks))
        if count.kind == "exact" and k < len(toks) and (post := match("post_approx", toks, k, len(toks))):
            return Found(cue.slot, replace(count, kind=post.value), first, k + len(post.tokens), count.group)
        return Found(cue.slot, count, first, cue.b, count.group)
    return None


def _after_number(toks: list[Tok], k: int, lo: int) -> bool:
    """A singular noun that follows a number is its counted noun (31 شخصا، خمسة آلاف مدني)."""
    j = k - 1
    while j >= lo and (is_quote(toks[j]) or toks[j].surface in "()"):
        j -= 1
    return j >= lo and (number_at(toks, j, k) is not None or has_key(toks[j], "آلاف", "ألف", "مئة", "مائة"))


def _reaches(toks: list[Tok], count: Count, cue: Cue) -> bool:
    """Only quotes, brackets or a filler word (أيضا) lie between the count and the cue."""
    others = [t for t in toks[count.last : cue.a] if not is_quote(t) and t.surface not in "()"]
    return len(others) <= (4 if "f" in cue.where else 3) and all(
        has_key(t, *GAP_WORDS) or adjective_like(t) for t in others
    )


def _single_ok(toks: list[Tok], count: Count, cue: Cue) -> bool:
    """A lone noun counts 1 right before a verb cue or inside the لقي ... مصرعه frame."""
    gap = [t for t in toks[count.last : cue.a] if not is_quote(t)]
    close = len(gap) <= 1 or "f" in cue.where
    return close and (cue.kind == "cue" and "a" in cue.where or "f" in cue.where)


def _frame_start(toks: list[Tok], first: int, lo: int) -> int:
    """The لقي / لقوا that opens ``لقي X مصرعه`` (up to two words before the count), else ``first``."""
    for j in range(first - 1, max(lo, first - 3) - 1, -1):
        if any(k.startswith(("لقي", "لقو")) for k in toks[j].keys):
            return j
    return first


def definite_after(
    toks: list[Tok], lo: int, hi: int, cue: Cue, blocked: frozenset[int], used: set[int]
) -> Found | None:
    """After a definite count noun: a definite number (المصابين الثلاثة) or, with بين before it or
    هم after it, the count it holds (بين القتلى خمسة جنود، القتلى هم خمسة من القوات)."""
    k = next_real(toks, cue.b, hi)
    if k >= hi or k in used or not toks[cue.a].definite or "n" in cue.where:
        return None
    if toks[k].definite and (count := count_at(toks, k, hi, blocked, cue.a)) and count.form == "number":
        return Found(cue.slot, count, cue.a, count.last, count.group)
    among = cue.a > lo and has_key(toks[cue.a - 1], "بين")
    if has_key(toks[k], "هم"):
        k, among = next_real(toks, k + 1, hi), True
    count = count_at(toks, k, hi, blocked, cue.a) if among and k < hi else None
    if count and count.form in ("number", "dual"):
        return Found(cue.slot, count, k, count.last, count.group)
    return None


def total_claim(
    toks: list[Tok], hi: int, cue: Cue, total: int, blocked: frozenset[int], used: set[int]
) -> Found | None:
    """``عدد المصابين (في الحادث) بلغ 50 حالة``: the first number within six words, else None."""
    for j in range(cue.b, min(hi, cue.b + 6)):
        if toks[j].punct and toks[j].surface not in "()" and not is_quote(toks[j]):
            return None
        count = count_at(toks, j, hi, blocked, cue.a) if j not in used else None
        if count and count.form in ("number", "vague"):
            return Found(cue.slot, count, total, count.last, count.group)
    return None
