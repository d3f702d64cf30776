"""Detection: compiled regexes over the folded text, each turning a match into a :class:`Spec`.

A Spec says *what* an expression means (an absolute day, "one week before the anchor", a
weekday with a direction, a duration ...) without resolving it; :mod:`riwaya.components.times.resolve`
turns it into a TIMEX3 value once the anchor (the publication date) is known. That split is
what lets ``redate`` re-resolve an article cheaply.

Span convention: an expression covers its head nouns (يوم، عام، بتاريخ), parts of day, the
modifiers (الماضي، المقبل) and, for offsets from the anchor, قبل/منذ/بعد; a proclitic glued to
the first word stays inside (token boundaries); free prepositions (في، خلال، نحو) stay outside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from riwaya.components.times import lexicon as lx
from riwaya.text.normalize import FOLD

FOLDED = str.maketrans(FOLD)

YEAR = r"(?<!\d)(?:1[3-9]\d\d|20\d\d)(?!\d)"
DAYN = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
CL = r"(?<!\w)(?:[وفبل]|وب|ول|فب|فل)?"
END = r"(?!\w)"
ERA = r"(?:\s*(?P<era>م|ه|هجري|هجريه|للهجره|ميلادي|ميلاديه)(?!\w))?"
QUANTITY_BEFORE = re.compile(r"(?:نحو|حوالي|قرابه|زهاء|اكثر من|اقل من|[\d.,،])\s*$")
COUNTED_AFTER = re.compile(
    (
        r"^\s*(?:شخص|اشخاص|قتيل|قتلى|جريح|جندي|دولار|دينار|درهم|ريال|جنيه|يورو|عنصر|اسره|عائله|طن|"
        r"كيلو\w*|متر|الف|مليون|مليار|منزل|سياره|طفل|امراه|مدني|مسلح|صاروخ|طائره|[.,]\d)"
    ).translate(FOLDED)
)
MONTH_CUE = re.compile(r"(?:في|منذ|خلال|حتى|مطلع|اواخر|اوائل|منتصف|نهايه|بدايه|شهر)\s*$".translate(FOLDED))
AGE_BEFORE = re.compile(r"(?:عمر|العمر|عمره|عمرها|ناهز|يناهز)\s*(?:\w+\s+)?$")


@dataclass
class Spec:
    """What an expression means before resolution: ``kind`` plus fields (see resolve)."""

    kind: str
    type: str = "date"
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Found:
    start: int
    end: int
    spec: Spec


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], str], Spec | None]
    gate: str | None = None  # a cheap regex that must occur in the text for the rule to be tried


# Rules whose full regex is costly are only tried when a word they need occurs in the text.
GATES = {
    "month": r"(?<!\w)(?:[وفبل]|وب|ول|فب|فل)?{MON}(?!\w)",
    "latin": "[a-z]{{3}}",
    "unitword": "{UNIT}",
    "digit": r"\d",
    "shahr": "شهر",
    "century": "القرن",
    "midst": "منتصف",
    "quarter": "الربع",
    "unit": "الاسبوع|الشهر|العام|السنه",
    "offset": "قبل|منذ|بعد",
    "clock": "الساعه",
    "season": "صيف|شتاء|ربيع|خريف",
    "range": "بين|من",
}
RULE_GATES = {
    "dmy": "month",
    "my": "month",
    "month_numeric": "month",
    "english": "latin",
    "duration": "unitword",
    "past_span": "unitword",
    "offset": "offset",
    "month_rel": "month",
    "month_range": "month",
    "day_range": "month",
    "day_of_current": "shahr",
    "numeric": "digit",
    "iso": "digit",
    "year": "digit",
    "year_range": "digit",
    "century": "century",
    "named_time": "midst",
    "quarter": "quarter",
    "unit_rel": "unit",
    "this_unit": "unit",
    "edge_unit": "unit",
    "clock": "clock",
    "season": "season",
}


@lru_cache(maxsize=1)
def gates() -> dict[str, re.Pattern[str]]:
    return {name: rx(pattern) for name, pattern in GATES.items()}


# ---------------------------------------------------------------- fragments


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    w = lx.words
    month = lx.month_words()
    part = w("part")
    return {
        "MON": month,
        "MONX": rf"(?P<mon>{month})(?:\s*(?:\(\s*(?P<mon2>{month})\s*\)|[/\-]\s*(?P<mon3>{month})))?",
        "YEARX": rf"(?:(?:عام|سنه)\s+)?(?:\(\s*)?(?P<year>{YEAR})(?:\s*\))?{ERA}",
        "ORD": lx.ordinal_words(),
        "CARD": lx.cardinal_words(),
        "WD": w("weekday"),
        "DW": w("dayword"),
        "PART": part,
        "PAST": w("past"),
        "FUT": w("future"),
        "CUR": w("current"),
        "MOD": rf"(?:{w('past')}|{w('future')}|{w('current')})",
        "UNIT": rf"(?:{w('unit')}|{w('unit2')})",
        "EDGE": w("edge"),
        "HEAD": (
            rf"(?:(?P<part>{part})\s+(?:يوم\s+)?)?(?:(?P<dw>{w('dayword')})\s+)?"
            rf"(?:(?:يوم|بتاريخ|تاريخ)\s+)?(?:(?P<wd>{w('weekday')})\s*[,،]?\s*(?:الموافق\s+)?)?"
        ),
    }


def rx(template: str) -> re.Pattern[str]:
    """Compile a rule template; its literal Arabic is folded like the text it runs over."""
    return re.compile(template.format(**fragments()).translate(FOLDED))


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
    era = m.groupdict().get("era")
    return (month is not None and month.calendar == "hijri") or (
        era is not None and era.startswith(("ه", "لله"))
    )


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
    if not m.group("head"):
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
        if QUANTITY_BEFORE.search(before) or COUNTED_AFTER.match(after):
            return None
    return Spec("abs", fields={"y": year_of(m), "m": None, "d": None, "hijri": is_hijri(m)})


def build_year_range(m: re.Match[str], text: str) -> Spec | None:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not y1 < y2 <= y1 + 200:
        return None
    return Spec("range", fields={"a": {"y": y1}, "b": {"y": y2}})


def build_month_range(m: re.Match[str], text: str) -> Spec | None:
    months = lx.months()
    a, b = months[lx.squeeze(m.group("m1"))], months[lx.squeeze(m.group("m2"))]
    year = year_of(m)
    return Spec("range", fields={"a": {"y": year, "m": a.number}, "b": {"y": year, "m": b.number}})


def build_day_range(m: re.Match[str], text: str) -> Spec | None:
    month, year = month_of(m), year_of(m)
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not d1 < d2 <= 31:
        return None
    return Spec(
        "range",
        fields={"a": {"y": year, "m": month.number, "d": d1}, "b": {"y": year, "m": month.number, "d": d2}},
    )


def build_dayword(m: re.Match[str], text: str) -> Spec | None:
    word = lx.squeeze(m.group("dw"))
    part = part_of(m) or ("NI" if word == "الليله" else None)
    return timed(Spec("rel_day", fields={"off": int(lx.time_words()["dayword"][word]), "part": part}))


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
    n = None if vague else count_of(g.get("n"), unit)
    if not (vague or g.get("n") or g.get("more") or lx.squeeze(unit) in lx.time_words()["unit2"]):
        return None  # a bare "شهر" or "عقد" is too often something else
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
    ampm = lx.squeeze(g.get("ap") or "")
    if ampm in ("مساء", "ليلا", "عصرا", "بعد الظهر") and hour < 12:
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
    r"(?<!\w)(?:[وف]?س[يتن](?!ياس|يار|نو|نه|طر|يد|تين|تون|تار|ياد)\w{2,}|" + r"{cue})(?!\w)"
)


@lru_cache(maxsize=1)
def future_cue() -> re.Pattern[str]:
    return re.compile(FUTURE_CUE.pattern.replace("{cue}", lx.words("future_cue")[3:-1]))


def future_context(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future (سيزور، من المقرر، سوف)?"""
    window = re.split(r"[.!?؟\n]", text[max(0, start - 60) : start])[-1]
    return bool(future_cue().search(window))


# ---------------------------------------------------------------- the rule table


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    table = [
        ("dmy", CL + r"{HEAD}(?P<day>{ORD}|" + DAYN + r")(?:\s*من)?(?:\s*شهر)?\s*{MONX}"
         r"(?:\s*[,،]?\s*{YEARX}|\s+(?P<mod>{PAST}))?" + END, build_dmy),
        ("day_of_current", CL + r"(?:يوم\s+)?(?P<day>{ORD}|" + DAYN + r")\s+من\s+(?:ال)?شهر\s+"
         r"(?:(?P<mod>{MOD})|نفسه|ذاته)" + END, build_day_of_current),
        ("my", CL + r"{HEAD}(?:شهر\s+)?{MONX}\s*[,،]?\s*{YEARX}" + END, build_my),
        ("numeric", CL + r"{HEAD}(?:\(\s*)?(?P<d>" + DAYN + r")\s*(?P<sep>[/\-.])\s*(?P<m>" + DAYN
         + r")\s*(?P=sep)\s*(?P<y>" + YEAR + r"|\d\d(?!\d))(?:\s*\))?" + ERA, build_numeric),
        ("month_numeric", CL + r"{MON}\s*\(\s*(?P<d>" + DAYN + r")\s*(?P<sep>[/\-.])\s*(?P<m>" + DAYN
         + r")\s*(?P=sep)\s*(?P<y>" + YEAR + r")\s*\)", build_numeric),
        ("iso", r"(?<!\d)(?P<y>" + YEAR + r")(?P<sep>[/\-])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>" + DAYN + r")", build_numeric),
        ("english", r"(?<![\w])(?P<mon>{MON})\.?\s+(?P<day>" + DAYN + r")(?:st|nd|rd|th)?,?\s+(?P<year>" + YEAR + ")",
         build_english),
        ("year", CL + r"(?:(?P<head>(?:ال)?عام|(?:ال)?سنه|بتاريخ)\s*)?(?:\(\s*)?(?P<year>" + YEAR + r")(?:\s*\))?" + ERA,
         build_year),
        ("year_range", CL + r"(?:(?:بين|من)\s+)?(?:(?:عامي|العامين|سنتي|عام|سنه)\s+)?(?P<y1>" + YEAR
         + r")\s*(?:-|–|الى|حتى|و)\s*(?:عام\s+)?(?P<y2>" + YEAR + ")", build_year_range),
        ("month_range", CL + r"(?:بين|من)\s+(?:شهري?\s+)?(?P<m1>{MON})\s+(?:و|الى|حتى)\s*(?P<m2>{MON})"
         r"(?:\s*[,،]?\s*{YEARX})?" + END, build_month_range),
        ("day_range", CL + r"(?:بين|من)\s+(?P<d1>" + DAYN + r")\s*(?:و|الى|حتى|-)\s*(?P<d2>" + DAYN
         + r")\s+(?:من\s+)?{MONX}(?:\s*[,،]?\s*{YEARX})?" + END, build_day_range),
        ("dayword", CL + r"(?:(?P<part>{PART})\s+)?(?:يوم\s+)?(?P<dw>{DW})(?:\s+(?P<wd>{WD}))?"
         r"(?!\w)(?!\s+(?:الوطني|العالمي|التالي|الاول|الثاني|الثالث|السابق|نفسه|ذاته|ذلك))", build_dayword),
        ("weekday", CL + r"(?:(?P<part>{PART})\s+)?(?:يوم\s+)?(?P<wd>{WD})(?:\s+(?P<mod>{MOD}))?" + END, build_weekday),
        ("unit_rel", CL + r"(?:(?P<edge>{EDGE})\s+)?(?P<unit>الاسبوع|الشهر|العام|السنه)\s+(?P<mod>{MOD})" + END,
         build_unit_rel),
        ("this_unit", CL + r"(?:(?P<edge>{EDGE})\s+)?(?:هذا|هذه)\s+(?P<unit>الاسبوع|الشهر|العام|السنه)" + END,
         build_unit_rel),
        ("edge_unit", CL + r"(?P<edge>{EDGE})\s+(?P<unit>الاسبوع|الشهر|العام|السنه)(?!\s+(?:{MOD}|الدراسي|المالي))"
         + END, build_unit_rel),
        ("month_rel", CL + r"(?:(?P<edge>{EDGE})\s+)?(?:(?P<shahr>شهر)\s+)?{MONX}(?:\s+(?P<mod>{MOD}))?" + END,
         build_month_rel),
        ("offset", CL + r"(?P<dir>قبل|منذ|بعد)\s+(?:(?P<approx>نحو|حوالي|قرابه|زهاء|اكثر\s+من|اقل\s+من)\s+)?"
         r"(?:(?P<n>\d+\s*|{CARD}\s+))?(?P<unit>{UNIT})" + END, build_offset),
        ("duration", CL + r"(?:(?P<more>اكثر|اقل)\s+من\s+(?P<unit1>{UNIT})|(?:(?P<n>\d+\s*|{CARD}\s+))?(?P<unit>{UNIT}))" + END,
         build_duration),
        ("vague_duration", CL + r"(?:(?:عده|بضعه|بضع)\s+(?P<vunit>ايام|اسابيع|اشهر|شهور|سنوات|ساعات|دقائق|عقود)"
         r"|(?<!\w)ل(?P<vunit2>سنوات|ساعات|ايام|اسابيع|اشهر|شهور|عقود))" + END, build_duration),
        ("past_span", CL + r"ال(?P<pl>ايام|ساعات|اسابيع|اشهر|شهور|سنوات|اعوام)(?:\s+(?:ال)?(?P<n>{CARD}))?\s+"
         r"(?P<mod>{PAST}|{FUT}|الاخيره)" + END, build_past_span),
        ("clock", CL + r"(?:الساعه\s+(?:(?P<h>\d{{1,2}})(?::(?P<mi>\d\d))?|(?P<hw>" + lx.alternation(lx.numbers()["hour"]).replace("{", "{{").replace("}", "}}")
         + r"))(?:\s+و(?P<frac>النصف|الربع))?(?:\s+(?P<ap>صباحا|فجرا|ظهرا|عصرا|مساء|ليلا|بعد\s+الظهر))?)" + END, build_time),
        ("named_time", CL + r"(?P<nt>منتصف\s+الليل|منتصف\s+النهار)" + END, build_named_time),
        ("ref", CL + r"(?P<ref>" + lx.words("ref") + ")" + END, build_ref),
        ("set", CL + r"(?:(?P<setw>" + lx.words("set") + r")|كل\s+(?:يوم\s+)?(?P<wd>{WD})|كل\s+(?:(?P<n>\d+|{CARD})\s+)?"
         r"(?P<unit>{UNIT}))" + END, build_set),
        ("season", CL + r"(?:(?P<season>" + lx.words("season") + r")\s+(?:عام\s+)?(?P<year>" + YEAR
         + r")|(?P<season2>الصيف|الشتاء|الربيع|الخريف)\s+(?P<mod>{MOD}))" + END, build_season),
        ("century", CL + r"القرن\s+(?P<ord>{ORD})" + END, build_century),
        ("quarter", CL + r"الربع\s+(?P<q>الاول|الثاني|الثالث|الرابع)\s+من\s+(?:(?:ال)?عام(?:\s+(?:{CUR}))?|هذا\s+العام"
         r"|(?:عام\s+)?(?P<year>" + YEAR + "))" + END, build_quarter),
    ]  # fmt: skip
    return tuple(Rule(name, rx(pattern), build, RULE_GATES.get(name)) for name, pattern, build in table)
