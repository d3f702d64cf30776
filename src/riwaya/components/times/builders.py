"""Meanings: each rule's match turned into a :class:`Spec`, what the expression says before resolution.

A Spec says *what* an expression means (an absolute day, "one week before the anchor", a
weekday with a direction, a duration ...) without resolving it; :mod:`riwaya.components.times.resolve`
turns it into a TIMEX3 value once the anchor (the publication date) is known. Every ``build_*``
function takes the match and the folded text and returns a Spec, or None to reject the match;
:mod:`riwaya.components.times.rules` pairs them with their regexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from riwaya.components.times import lexicon as lx
from riwaya.components.times.filters import is_case_number, word_before
from riwaya.text.normalize import FOLD

FOLDED = str.maketrans(FOLD)

QUANTITY_BEFORE = re.compile(r"(?:نحو|حوالي|قرابه|زهاء|اكثر من|اقل من|[\d.,،])\s*$")
COUNTED_AFTER = re.compile(
    (
        r"^\s*(?:شخص|اشخاص|قتيل|قتلى|جريح|جندي|دولار|دينار|درهم|ريال|جنيه|يورو|عنصر|اسره|عائله|طن|"
        r"كيلو\w*|متر|الف|مليون|مليار|منزل|سياره|طفل|امراه|مدني|مسلح|صاروخ|طائره|[.,]\d)"
    ).translate(FOLDED)
)
MONTH_CUE = re.compile(r"(?:في|منذ|خلال|حتى|مطلع|اواخر|اوائل|منتصف|نهايه|بدايه|شهر)\s*$".translate(FOLDED))
AGE_BEFORE = re.compile(r"(?:عمر|العمر|عمره|عمرها|ناهز|يناهز)\s*(?:\w+\s+)?$")
HIJRI_YEARS = range(
    1300, 1500
)  # a year with no era in this range is Hijri (1882-2077 CE); see docs/real_news.md


@dataclass
class Spec:
    """What an expression means before resolution: ``kind`` plus fields (see resolve)."""

    kind: str
    type: str = "date"
    fields: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def mod_direction(mod: str | None) -> int:
    """-1 for الماضي-like, +1 for المقبل-like, 0 for الجاري-like or none."""
    if not mod:
        return 0
    tables = lx.time_words()
    mod = lx.squeeze(mod)
    return -1 if mod in tables["past"] else 1 if mod in tables["future"] else 0


def part_of(m: re.Match[str]) -> str | None:
    part = m.groupdict().get("part")
    return lx.time_words()["part"].get(lx.squeeze(part)) if part else None


def month_of(m: re.Match[str]) -> lx.Month:
    return lx.months()[lx.squeeze(m.group("mon"))]


def day_of(token: str) -> int | None:
    return int(token) if token.isdigit() else lx.ordinal_value(token)


def count_of(n: str | None, unit: str) -> int | None:
    """How many units: digits/number words, 2 for a dual form, 1 for a bare singular, None if vague."""
    unit = lx.squeeze(unit)
    if n and n.strip():
        return lx.cardinal_value(n)
    if unit in lx.time_words()["unit2"]:
        return 2
    return None if is_plural(unit) else 1


def unit_code(unit: str) -> str:
    tables = lx.time_words()
    unit = lx.squeeze(unit)
    return tables["unit"].get(unit) or tables["unit2"][unit]


PLURALS = frozenset(
    w.translate(FOLDED)
    for w in (
        "ايام",
        "اسابيع",
        "اشهر",
        "شهور",
        "اعوام",
        "سنوات",
        "سنين",
        "عقود",
        "ساعات",
        "دقائق",
        "ثوان",
        "ثواني",
    )
)


def is_plural(unit: str) -> bool:
    return unit in PLURALS


def duration_value(n: int | None, code: str) -> str:
    amount = "X" if n is None else str(n)
    if code == "DE":
        amount, code = ("X" if n is None else str(n * 10)), "Y"
    if code in ("H", "MIN", "S"):
        return f"PT{amount}{ {'H': 'H', 'MIN': 'M', 'S': 'S'}[code] }"
    return f"P{amount}{code}"


def head_fields(m: re.Match[str]) -> dict[str, Any]:
    """Weekday, day word and part of day that precede an absolute date."""
    g = m.groupdict()
    dw = lx.time_words()["dayword"].get(lx.squeeze(g["dw"])) if g.get("dw") else None
    wd = lx.time_words()["weekday"].get(lx.squeeze(g["wd"])) if g.get("wd") else None
    return {"part": part_of(m), "dayword": int(dw) if dw is not None else None,
            "weekday": int(wd) if wd else None}  # fmt: skip


def year_of(m: re.Match[str]) -> int | None:
    year = m.groupdict().get("year")
    return int(year) if year else None


def is_hijri(m: re.Match[str], month: lx.Month | None = None) -> bool:
    """A Hijri month, a Hijri era (هـ، هجري، للهجرة), or a year of :data:`HIJRI_YEARS` with no
    Gregorian month or era beside it."""
    era = m.groupdict().get("era")
    if month is not None:
        return month.calendar == "hijri"
    if era is not None:
        return era.startswith(("ه", "لله"))
    years = [int(y) for key in ("year", "y", "y1", "y2") if (y := m.groupdict().get(key))]
    return bool(years) and all(y in HIJRI_YEARS for y in years)


def timed(spec: Spec) -> Spec:
    if spec.fields.get("part") or spec.fields.get("clock"):
        spec.type = "time"
    return spec


# ---------------------------------------------------------------- builders


def build_dmy(m: re.Match[str], text: str) -> Spec | None:
    month = month_of(m)
    day = day_of(lx.squeeze(m.group("day")))
    if not day or day > 31:
        return None
    fields = head_fields(m) | {"y": year_of(m), "m": month.number, "d": day,
                               "hijri": is_hijri(m, month), "dir": mod_direction(m.group("mod"))}  # fmt: skip
    return timed(Spec("abs", fields=fields))


def build_day_of_current(m: re.Match[str], text: str) -> Spec | None:
    day = day_of(lx.squeeze(m.group("day")))
    return Spec("day_of_month", fields={"d": day, "off": mod_direction(m.group("mod"))}) if day else None


def build_my(m: re.Match[str], text: str) -> Spec | None:
    month = month_of(m)
    fields = head_fields(m) | {"y": year_of(m), "m": month.number, "d": None, "hijri": is_hijri(m, month)}
    return Spec("abs", fields=fields)


def build_numeric(m: re.Match[str], text: str) -> Spec | None:
    d, mo, y = int(m.group("d")), int(m.group("m")), m.group("y")
    if mo > 12 and d <= 12:
        d, mo = mo, d
    if mo > 12 or d > 31:
        return None
    year = int(y) + (2000 if int(y) < 50 else 1900) if len(y) == 2 else int(y)
    fields = head_fields(m) | {"y": year, "m": mo, "d": d, "hijri": is_hijri(m)}
    return timed(Spec("abs", fields=fields))


def build_english(m: re.Match[str], text: str) -> Spec | None:
    month = month_of(m)
    day = m.groupdict().get("day")
    return Spec(
        "abs", fields={"y": year_of(m), "m": month.number, "d": int(day) if day else None, "hijri": False}
    )


def build_year(m: re.Match[str], text: str) -> Spec | None:
    if is_case_number(text, m.start()):
        return None
    if not m.group("head"):
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
        if QUANTITY_BEFORE.search(before) or COUNTED_AFTER.match(after):
            return None
    return Spec("abs", fields={"y": year_of(m), "m": None, "d": None, "hijri": is_hijri(m)})


def build_year_range(m: re.Match[str], text: str) -> Spec | None:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not y1 < y2 <= y1 + 200:
        return None
    return Spec("range", fields={"a": {"y": y1}, "b": {"y": y2}, "hijri": is_hijri(m)})


def build_month_range(m: re.Match[str], text: str) -> Spec | None:
    months = lx.months()
    a, b = months[lx.squeeze(m.group("m1"))], months[lx.squeeze(m.group("m2"))]
    year = year_of(m)
    fields = {
        "a": {"y": year, "m": a.number},
        "b": {"y": year, "m": b.number},
        "hijri": a.calendar == "hijri",
    }
    return Spec("range", fields=fields)


def build_day_range(m: re.Match[str], text: str) -> Spec | None:
    month, year = month_of(m), year_of(m)
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not d1 < d2 <= 31:
        return None
    a, b = {"y": year, "m": month.number, "d": d1}, {"y": year, "m": month.number, "d": d2}
    return Spec("range", fields={"a": a, "b": b, "hijri": is_hijri(m, month)})


def build_dayword(m: re.Match[str], text: str) -> Spec | None:
    word = lx.squeeze(m.group("dw"))
    part = part_of(m) or ("NI" if word == "الليله" else None)
    wd = lx.time_words()["weekday"].get(lx.squeeze(m.group("wd"))) if m.group("wd") else None
    fields = {"off": int(lx.time_words()["dayword"][word]), "part": part, "weekday": int(wd) if wd else None}
    return timed(Spec("rel_day", fields=fields))


def build_weekday(m: re.Match[str], text: str) -> Spec | None:
    wd = int(lx.time_words()["weekday"][lx.squeeze(m.group("wd"))])
    fields = {"dow": wd, "dir": mod_direction(m.group("mod")), "part": part_of(m),
              "future": future_context(text, m.start())}  # fmt: skip
    return timed(Spec("weekday", fields=fields))


def build_unit_rel(m: re.Match[str], text: str) -> Spec | None:
    unit = {"الاسبوع": "W", "الشهر": "M", "العام": "Y", "السنه": "Y"}[lx.squeeze(m.group("unit"))]
    edge = lx.time_words()["edge"].get(lx.squeeze(m.group("edge") or ""))
    return Spec(
        "rel_unit", fields={"unit": unit, "off": mod_direction(m.groupdict().get("mod")), "edge": edge}
    )


def build_month_rel(m: re.Match[str], text: str) -> Spec | None:
    month = month_of(m)
    g = m.groupdict()
    cued = (
        g.get("shahr")
        or g.get("mod")
        or g.get("edge")
        or MONTH_CUE.search(text[max(0, m.start() - 8) : m.start()])
    )
    if month.ambiguous and len(lx.squeeze(m.group("mon"))) <= 3 and not (g.get("shahr") or g.get("mod")):
        return None  # "آب" / "ماي" alone are too often a word or a place (إب)
    if month.ambiguous and not cued:
        return None
    fields = {"m": month.number, "dir": mod_direction(g.get("mod")), "hijri": month.calendar == "hijri",
              "future": future_context(text, m.start())}  # fmt: skip
    return Spec("month_rel", fields=fields)


def build_offset(m: re.Match[str], text: str) -> Spec | None:
    code = unit_code(m.group("unit"))
    if m.group("approx") and lx.squeeze(m.group("approx")) in ("اكثر من", "اقل من"):
        return Spec("duration", "duration", {"value": duration_value(count_of(m.group("n"), m.group("unit")) or 1, code),
                                             "inner": True})  # fmt: skip
    n = count_of(m.group("n"), m.group("unit"))
    sign = 1 if lx.squeeze(m.group("dir")) == "بعد" else -1
    if re.match(r"(?:\s+فقط)?\s+(?:من|علي)(?!\w)", text[m.end() :]):
        return Spec("duration", "duration", {"value": duration_value(n, code), "inner": True})
    if n is None:
        return Spec("ref", fields={"value": "FUTURE_REF" if sign > 0 else "PAST_REF"})
    return Spec("offset", fields={"unit": code, "n": n, "sign": sign})


def build_duration(m: re.Match[str], text: str) -> Spec | None:
    g = m.groupdict()
    if AGE_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
        return None
    vague = g.get("vunit") or g.get("vunit2")
    unit = g.get("unit") or g.get("unit1") or vague
    number = g.get("n") or g.get("pn")
    n = None if vague else count_of(number, unit)
    bare = lx.squeeze(unit) in lx.time_words()["bare_unit"]
    if not (vague or number or bare or g.get("more") or lx.squeeze(unit) in lx.time_words()["unit2"]):
        return None  # a bare "شهر" or "عقد" is too often something else
    if not number and word_before(text, m.start()) in lx.false_words()["general"]:
        return None  # "مدراء عامين": general managers
    return Spec("duration", "duration", {"value": duration_value(n, unit_code(unit))})


def build_past_span(m: re.Match[str], text: str) -> Spec | None:
    """ "الأيام الثلاثة الماضية" is a duration back from the anchor; "الأيام المقبلة" is the future."""
    unit = {"ايام": "D", "ساعات": "H", "اسابيع": "W", "اشهر": "M", "شهور": "M", "سنوات": "Y", "اعوام": "Y"}[
        m.group("pl")
    ]
    if mod_direction(m.group("mod")) > 0:
        return Spec("ref", fields={"value": "FUTURE_REF"})
    n = lx.cardinal_value(m.group("n")) if m.group("n") else None
    return Spec("duration", "duration", {"value": duration_value(n, unit)})


def build_time(m: re.Match[str], text: str) -> Spec | None:
    g = m.groupdict()
    hour = int(g["h"]) if g.get("h") else lx.numbers()["hour"].get(lx.squeeze(g.get("hw") or ""))
    if hour is None or hour > 24:
        return None
    minute = int(g["mi"]) if g.get("mi") else {"النصف": 30, "الربع": 15}.get(g.get("frac") or "", 0)
    if g.get("mw"):
        minute = lx.cardinal_value(g["mw"]) or 0
    if minute > 59:
        return None
    ampm = lx.squeeze(g.get("ap") or "")
    if ampm in ("مساء", "ليلا", "عصرا", "بعد الظهر", "م") and hour < 12:
        hour += 12
    if ampm == "ظهرا" and hour < 6:
        hour += 12
    return Spec("clock", "time", {"clock": f"{hour:02d}:{minute:02d}"})


def build_named_time(m: re.Match[str], text: str) -> Spec | None:
    clock = {"منتصف الليل": "24:00", "منتصف النهار": "12:00"}[lx.squeeze(m.group("nt"))]
    return Spec("clock", "time", {"clock": clock})


def build_ref(m: re.Match[str], text: str) -> Spec | None:
    return Spec("ref", fields={"value": lx.time_words()["ref"][lx.squeeze(m.group("ref"))]})


def build_set(m: re.Match[str], text: str) -> Spec | None:
    g = m.groupdict()
    if g.get("setw"):
        return Spec("set", "set", {"value": lx.time_words()["set"][lx.squeeze(g["setw"])]})
    if g.get("wd"):
        return Spec("set", "set", {"value": f"XXXX-WXX-{lx.time_words()['weekday'][lx.squeeze(g['wd'])]}"})
    n = count_of(g.get("n"), g["unit"]) or 1
    return Spec("set", "set", {"value": duration_value(n, unit_code(g["unit"]))})


def build_season(m: re.Match[str], text: str) -> Spec | None:
    season = lx.time_words()["season"][lx.squeeze(m.group("season") or m.group("season2"))]
    return Spec(
        "season", fields={"s": season, "y": year_of(m), "dir": mod_direction(m.groupdict().get("mod"))}
    )


def build_century(m: re.Match[str], text: str) -> Spec | None:
    n = lx.ordinal_value(m.group("ord"))
    return Spec("literal", fields={"value": f"{n - 1:02d}", "precision": "century"}) if n else None


def build_quarter(m: re.Match[str], text: str) -> Spec | None:
    q = lx.ordinal_value(m.group("q"))
    return Spec("quarter", fields={"q": q, "y": year_of(m)})


FUTURE_CUE = re.compile(
    r"(?<!\w)(?!{not}(?!\w))(?:[وف]?س[يتن](?!ياس|يار|نو|نه|طر|يد|تين|تون|تار|ياد)\w{2,}|" + r"{cue})(?!\w)"
)


@lru_cache(maxsize=1)
def future_cue() -> re.Pattern[str]:
    pattern = FUTURE_CUE.pattern.replace("{cue}", lx.words("future_cue")[3:-1])
    return re.compile(pattern.replace("{not}", lx.words("not_future")))


def future_context(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future (سيزور، من المقرر، سوف)?"""
    window = re.split(r"[.!?؟\n]", text[max(0, start - 60) : start])[-1]
    return bool(future_cue().search(window))
