"""Time-of-day claims of one sentence (guideline §4.7): part-of-day expressions and clock times.

Buckets: dawn, morning, noon, afternoon, evening, night. A part-of-day word (``part`` cues of
``claim_slots.tsv``) is read only where it forms a time expression: the ``times`` layer marks it,
it is an adverb by itself (ليلاً، مساءً، منتصف الليل), a day word follows it (فجر اليوم، صباح أمس،
مساء الجمعة، ليلة السبت) or, in its definite form, a preposition precedes it (في الصباح). So the
name صباح or the verb ليلحق is no time. A clock time (الساعة 4.15 مساء، السابعة مساء) overrides its
word: the hour read on a 24-hour clock gives the bucket (21–04 night, 04–06 dawn, 06–12 morning,
12–14 noon, 14–17 afternoon, 17–21 evening) and the claim keeps ``clock`` (``HH:MM``).
"""

from __future__ import annotations

import re

from riwaya.components.claims.slotlex import Hit, Label, has, hit_at
from riwaya.components.events.tokens import Tok
from riwaya.text.normalize import fold

CLOCK_RE = re.compile(r"^\(?(\d{1,2})(?:[.:,٫](\d{1,2}))?\)?$")
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
BRACKETS = set("()«»\"'“”")
HALF = {"والنصف": 30, "والربع": 15, "والثلث": 20}
LEADS = ("في", "عند", "منذ", "حتى", "قبل", "بعد", "حوالي", "نحو", "قرابة")
THAT = {fold(w) for w in ("أن", "إن", "ان")}
BUCKETS = ((4, "night"), (6, "dawn"), (12, "morning"), (14, "noon"), (17, "afternoon"), (21, "evening"))


def bucket(hour: int) -> str:
    """The bucket of an hour of a 24-hour clock."""
    return next((name for end, name in BUCKETS if hour < end), "night")


def to_24(hour: int, word: str | None) -> int:
    """The hour on a 24-hour clock, given the part-of-day word that follows it (if any)."""
    if word in ("evening", "afternoon") and hour < 12:
        return hour + 12
    if word == "night" and 6 <= hour < 12:
        return hour + 12
    if word == "noon" and hour <= 6:
        return hour + 12
    if word in ("morning", "dawn", "night") and hour == 12:
        return 0
    return hour % 24


def time_claims(toks: list[Tok], lo: int, hi: int, in_times: frozenset[int]) -> list[Label]:
    """Every time-of-day claim of the sentence in tokens ``[lo, hi)``; ``in_times``: tokens the
    ``times`` layer marks."""
    out: list[Label] = []
    i = lo
    while i < hi:
        claim = clock_at(toks, i, hi) or part_at(toks, i, hi, in_times)
        if claim is None:
            i += 1
            continue
        if not _reported_at(toks, lo, claim.first):
            out.append(claim)
        i = claim.last
    return out


def _hour(toks: list[Tok], j: int, hi: int) -> tuple[int, int, int] | None:
    """(hour, minute, next index) of the hour written at ``j`` (4.15، (12.30)، السابعة), or None."""
    while j < hi and toks[j].surface in BRACKETS:
        j += 1
    if j >= hi:
        return None
    text = fold(toks[j].surface).translate(INDIC)
    text = text[1:] if text[:1] == "و" and len(text) > 1 else text
    if m := CLOCK_RE.match(text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        return (hour, minute, j + 1) if hour <= 24 and minute < 60 else None
    if word := hit_at("hour", toks, j, hi):
        return int(word.value), 0, word.b
    return None


def clock_at(toks: list[Tok], i: int, hi: int) -> Label | None:
    """A clock time starting at token ``i``: الساعة + hour, or an hour word after a preposition
    with a part-of-day word after it (في السابعة مساء)."""
    opener = hit_at("clock", toks, i, hi)
    if opener is None and not (i > 0 and _lead(toks[i - 1]) and has("hour", toks, i, hi)):
        return None
    read = _hour(toks, opener.b if opener else i, hi)
    if read is None:
        return None
    hour, minute, k = read
    part, k = _clock_tail(toks, k, hi)
    if part is None and opener is None:
        return None
    minute = _minutes(toks, read[2], k, minute)
    word = part.value if part else None
    h24 = to_24(hour, word)
    first = i - 1 if i > 0 and _lead(toks[i - 1]) else i
    return Label("time_of_day", bucket(h24), first, k, extra=(("clock", f"{h24:02d}:{minute:02d}"),))


def _clock_tail(toks: list[Tok], k: int, hi: int) -> tuple[Hit | None, int]:
    """The part-of-day word within four words after the hour (دقيقة مساء، من صباح اليوم) and
    where the expression ends."""
    for j in range(k, min(hi, k + 5)):
        if part := hit_at("part", toks, j, hi):
            return part, _day_words(toks, part.b, hi)
        if toks[j].punct and toks[j].surface not in BRACKETS:
            break
    return None, k


def _minutes(toks: list[Tok], a: int, b: int, minute: int) -> int:
    """Minutes written as words after the hour (والنصف، والربع)."""
    for t in toks[a:b]:
        if fold(t.surface) in HALF:
            return HALF[fold(t.surface)]
    return minute


def part_at(toks: list[Tok], i: int, hi: int, in_times: frozenset[int]) -> Label | None:
    """A part-of-day expression starting at token ``i`` (فجر اليوم، مساء الجمعة، ليلاً)."""
    part = hit_at("part", toks, i, hi)
    if part is None or has("not_time", toks, part.b, hi):
        return None
    end = _day_words(toks, part.b, hi)
    definite = fold(toks[i].surface).lstrip("وفب").startswith("ال")
    if not (
        any(k in in_times for k in range(i, part.b))
        or part.extra == "adv"
        or end > part.b
        or definite
        and i > 0
        and _lead(toks[i - 1])
    ):
        return None
    first = i - 1 if i > 0 and _lead(toks[i - 1]) else i
    return Label("time_of_day", part.value, first, end)


def _day_words(toks: list[Tok], k: int, hi: int) -> int:
    """The end of the day words after a part-of-day word (اليوم الخميس، أول من أمس)."""
    while k < hi:
        if has("day_after", toks, k, hi):
            k += 1
        elif fold(toks[k].surface) == "من" and has("day_after", toks, k + 1, hi) and k + 1 < hi:
            k += 2
        elif toks[k].surface in BRACKETS and has("day_after", toks, k + 1, hi):
            k += 1
        else:
            break
    return k


def _reported_at(toks: list[Tok], lo: int, first: int) -> bool:
    """A report word in the four words before, within the clause (أعلنت الحكومة مساء الجمعة،
    خلال مؤتمر صحفي صباح اليوم): the time of the report, not of the happening."""
    for k in range(first - 1, max(lo, first - 4) - 1, -1):
        if toks[k].punct or fold(toks[k].surface) in THAT:
            return False
        if has("speech", toks, k, first):
            return True
    return False


def _lead(tok: Tok) -> bool:
    return fold(tok.surface) in {fold(w) for w in LEADS}
