"""What follows a count claim in its sentence: groups inside the toll, joined counts, zeros.

Zero statements (دون وقوع إصابات) count 0; the attacker's suicide (ثم انتحر) is killed 1,
perpetrators; after a claim, a group inside its toll (بينهم خمسة عسكريين) or a count joined to it
by و (وثمانية مقاتلين أفغان) takes its slot; an injured figure whose deaths are counted inside it
(50 مصابا، منهم 9 وفيات) is casualties.
"""

from __future__ import annotations

from dataclasses import replace

from riwaya.components.claims.finder import Found, cue_at, negated
from riwaya.components.claims.lexicon import has_key, is_person_like, match
from riwaya.components.claims.numbers import Count, adjective_like, count_at, next_real
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold


def zero_claims(toks: list[Tok], lo: int, hi: int) -> list[Found]:
    """``دون أن تقع إصابات``، ``لم يخلّف ضحايا``: a count of 0."""
    out = []
    for i in range(lo, hi):
        if not match("zero_neg", toks, i, hi):
            continue
        j = i + 1
        while j < hi and (entry := match("zero_filler", toks, j, hi)) and j < i + 5:
            j += len(entry.tokens)
        if j > i + 1 and (head := match("zero_head", toks, j, hi)):
            end = j + len(head.tokens)
            out.append(Found(head.value, Count(0, "exact", i, end, "number"), i, end))
    return out


def suicide_claims(toks: list[Tok], lo: int, hi: int, found: list[Found]) -> list[Found]:
    """``ثم انتحر``، ``قبل أن ينتحر``: the attacker killed himself (killed 1, perpetrators)."""
    taken = {f.count.first for f in found}
    out = []
    for i in range(lo, hi):
        if (entry := match("suicide", toks, i, hi)) and i not in taken and not negated(toks, i, lo):
            end = i + len(entry.tokens)
            out.append(Found("killed", Count(1, "exact", i, end, "single"), i, end, "perpetrators"))
    return out


def continuations(
    toks: list[Tok], hi: int, found: list[Found], blocked: frozenset[int], used: set[int]
) -> list[Found]:
    """Groups inside a toll (بينهم خمسة عسكريين) and counts joined to it by و, in its slot."""
    out: list[Found] = []
    for claim in found:
        k, prev = claim.last, claim
        for _ in range(5):
            nxt = _continuation(toks, hi, k, prev.slot, blocked, used)
            if nxt is None:
                break
            used.update(range(nxt.count.first, nxt.count.last))
            out.append(nxt)
            k, prev = nxt.last, nxt
    return out


def _continuation(
    toks: list[Tok], hi: int, k: int, slot: str, blocked: frozenset[int], used: set[int]
) -> Found | None:
    """The group (بينهم ...) or joined count (و...) right after a claim's tokens end at ``k``."""
    k = next_real(toks, k, hi)
    for _ in range(2):
        if k < hi and adjective_like(toks[k]) and not is_person_like(toks[k]):
            k = next_real(toks, k + 1, hi)
    if k < hi and toks[k].surface in ("،", ","):
        k = next_real(toks, k + 1, hi)
    if k >= hi or k in used:
        return None
    sub = match("subgroup", toks, k, hi)
    start = k
    if sub:
        k = next_real(toks, k + len(sub.tokens), hi)
    elif not fold(toks[k].surface).startswith("و"):
        return None
    count = count_at(toks, k, hi, blocked, start) if k < hi and k not in used else None
    if count is None or count.form == "vague" or used & set(range(count.first, count.last)):
        return None
    if count.form == "number" and not any(
        is_person_like(t) or match("group", toks, j, hi)
        for j, t in enumerate(toks[count.first : count.last], count.first)
    ):
        return None
    after = next_real(toks, count.last, hi)
    if after < hi and cue_at(toks, after, hi) and not sub:
        return None
    return Found(slot, count, start, count.last, count.group)


def relabel_casualties(toks: list[Tok], found: list[Found]) -> list[Found]:
    """An injured figure whose deaths are counted inside it (50 مصابا، منهم 9 وفيات) is casualties."""
    out = list(found)
    for i, claim in enumerate(found):
        if claim.slot != "injured" or claim.count.n == 0:
            continue
        for other in found[i + 1 :]:
            between = toks[claim.last : other.first + 1]
            if (
                other.slot == "killed"
                and len(between) <= 7
                and any(has_key(t, "منهم", "منها", "بينهم") for t in between)
            ):
                out[i] = replace(claim, slot="casualties")
                break
    return out
