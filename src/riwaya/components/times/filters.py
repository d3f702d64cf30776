"""False times: matches that read as time words but name something else, dropped after detection.

- "صلاة الجمعة" / "خطيب الجمعة": a prayer or sermon, not a date, unless a word such as بعد or
  خلال makes it date something ("بعد صلاة الجمعة" keeps "الجمعة").
- "عين اليوم", "صحيفة اليوم", «اليوم», "الدمام - اليوم" (a dateline): an outlet named اليوم.

Case-number years ("القضية رقم 12 لسنة 2014", :func:`is_case_number`) and "مدراء عامين" are
refused by their builders, through the helpers here. The words are ``time_false.tsv``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from riwaya.components.times import lexicon as lx

if TYPE_CHECKING:
    from riwaya.components.times.rules import Found

CASE_BEFORE = re.compile(r"(?P<head>\w+)\s*(?:رقم\s*)?(?:\(?\s*\d+\s*\)?\s*)?(?:/|ل?سنه|لعام)?\s*$")
QUOTES_OPEN, QUOTES_CLOSE = "«\"“'", "»\"”'"
DASHES = "-–—"


def is_false(folded: str, rule: str, found: Found) -> bool:
    """Whether the match ``found`` of ``rule`` over the folded text is not a time at all."""
    if rule == "weekday":
        return is_prayer(folded, found.start)
    if rule == "dayword" and found.spec.fields.get("off") == 0 and not found.spec.fields.get("part"):
        return is_outlet(folded, found.start, found.end)
    return False


def is_prayer(folded: str, start: int) -> bool:
    """ "صلاة الجمعة" with no بعد/خلال/... before the prayer word."""
    head = word_before(folded, start)
    if head not in lx.false_words()["prayer"]:
        return False
    head_at = folded.rfind(head, 0, start)
    return word_before(folded, head_at) not in lx.false_words()["dating"]


def is_outlet(folded: str, start: int, end: int) -> bool:
    """Does the day word at ``start:end`` stand inside an outlet's name, or name the paper اليوم?"""
    word = folded[start:end]
    for name in lx.false_words()["outlet"]:
        at = name.find(word)
        if at >= 0 and folded[start - at : start - at + len(name)] == name:
            return True
    if word_before(folded, start) in lx.false_words()["press"]:
        return True
    before, after = folded[max(0, start - 1) : start], folded[end : end + 1]
    if before and after and before in QUOTES_OPEN and after in QUOTES_CLOSE:
        return True
    return is_dateline_tail(folded, start, end)


def is_dateline_tail(folded: str, start: int, end: int) -> bool:
    """ "الدمام - اليوم" closing a line: the paper's own dateline."""
    line_start = folded.rfind("\n", 0, start) + 1
    head = folded[line_start:start].rstrip()
    rest = folded[end:].split("\n", 1)[0].strip()
    return bool(head) and head[-1] in DASHES and len(head.split()) <= 4 and rest in ("", ":")


def is_case_number(text: str, start: int) -> bool:
    """Is the year at ``start`` part of a case, law or decision number ("القضية رقم 12 لسنة 2014")?"""
    before = CASE_BEFORE.search(text[max(0, start - 40) : start])
    if before is None:
        return False
    head = before.group("head")
    return (
        head in lx.false_words()["case"]
        or head.removeprefix("ل").removeprefix("ب") in lx.false_words()["case"]
    )


def word_before(text: str, start: int) -> str:
    """The word that ends just before ``start`` (spaces skipped, a leading و or ف dropped), or ""."""
    words = text[max(0, start - 30) : start].split()
    word = words[-1] if words else ""
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
