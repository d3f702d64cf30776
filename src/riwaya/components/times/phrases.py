"""Builders for phrase-shaped expressions: streaks, counted past spans, Hijri holidays, anaphora.

Like :mod:`riwaya.components.times.builders`, each ``build_*`` takes a rule's match and the folded
text and returns a :class:`~riwaya.components.times.builders.Spec`, or None to reject the match.
"""

from __future__ import annotations

import re

from riwaya.components.times import lexicon as lx
from riwaya.components.times.builders import Spec, duration_value, mod_direction, unit_code, year_of


def build_streak(m: re.Match[str], text: str) -> Spec | None:
    """ "للأسبوع الثاني على التوالي": a duration of that many units up to the anchor."""
    n = lx.ordinal_value(m.group("ord"))
    code = lx.time_words()["streak"]["ال" + lx.squeeze(m.group("unit"))]
    return Spec("duration", "duration", {"value": duration_value(n, code)}) if n else None


def build_counted_past(m: re.Match[str], text: str) -> Spec | None:
    """ "الست والثلاثين ساعة الماضية": a counted duration back from the anchor."""
    n = lx.cardinal_value(re.sub(r"\sوال", " و", m.group("n")))  # "الست والثلاثين"
    if n is None or mod_direction(m.group("mod")) > 0:
        return None
    return Spec("duration", "duration", {"value": duration_value(n, unit_code(m.group("unit")))})


def build_holiday(m: re.Match[str], text: str) -> Spec | None:
    """ "عيد الفطر": a Hijri day, its year from the text or the anchor."""
    month, day = lx.holidays()[lx.squeeze(m.group("hol"))]
    return Spec("abs", fields={"y": year_of(m), "m": month, "d": day, "hijri": True, "dir": 0})


def build_anaphor(m: re.Match[str], text: str) -> Spec | None:
    """ "آنذاك", "في اليوم التالي", "عشية": the last resolved time (moved by a day offset),
    filled in by :mod:`riwaya.components.times.context`."""
    word = lx.squeeze(m.group("ana"))
    off = -1 if word == "عشيه" else int(lx.time_words()["anaphor"][word])
    return Spec("anaphor", fields={"off": off, "eve": word == "عشيه"})
