"""Detection: compiled regexes over the folded text, each paired with the builder of its meaning.

Each :class:`Rule` is a regex template (fragments such as ``{MON}`` or ``{HEAD}`` filled from
:mod:`riwaya.components.times.lexicon`, its literal Arabic folded like the text) and a
``build_*`` function of :mod:`riwaya.components.times.builders` that turns a match into a
:class:`~riwaya.components.times.builders.Spec`. That split is what lets ``redate`` re-resolve an
article cheaply.

Span convention: an expression covers its head nouns (يوم، عام، بتاريخ), parts of day, the
modifiers (الماضي، المقبل) and, for offsets from the anchor, قبل/منذ/بعد; a proclitic glued to
the first word stays inside (token boundaries); free prepositions (في، خلال، نحو) stay outside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from riwaya.components.times import lexicon as lx
from riwaya.components.times.builders import (
    FOLDED,
    Spec,
    build_century,
    build_day_of_current,
    build_day_range,
    build_dayword,
    build_dmy,
    build_duration,
    build_english,
    build_month_range,
    build_month_rel,
    build_my,
    build_named_time,
    build_numeric,
    build_offset,
    build_past_span,
    build_quarter,
    build_ref,
    build_season,
    build_set,
    build_time,
    build_unit_rel,
    build_weekday,
    build_year,
    build_year_range,
)
from riwaya.components.times.phrases import build_anaphor, build_counted_past, build_holiday, build_streak

YEAR = r"(?<!\d)(?:1[3-9]\d\d|20\d\d)(?!\d)"
DAYN = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
CL = r"(?<!\w)(?:[وفبل]|وب|ول|فب|فل)?"
END = r"(?!\w)"
ERA = r"(?:\s*(?P<era>م|ه|هجري|هجريه|للهجره|ميلادي|ميلاديه)(?!\w))?"
SLASH = r"\s*/?\s*"  # "3 / مارس / 2016": day, month and year may be written between slashes
TZ = r"(?:\s+بتوقيت\s+\w+)?"  # "بتوقيت اليمن" stays inside a clock time's span


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
    "streak": "التوالي",
    "holiday": r"عيد ال|يوم عرف|راس السنه|المولد النبوي|ليله القدر",
    "colon": r"\d:\d\d",
    "counted": r"(?<!\w)[وفبل]?ال(?:{CARD})\s",
    "anaphor": "{ANA}|عشيه",
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
    "streak": "streak",
    "counted_past": "counted",
    "holiday": "holiday",
    "anaphor": "anaphor",
    "clock_digits": "colon",
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
        "ANA": w("anaphor"),
        "STREAK": lx.alternation(w.removeprefix("ال") for w in lx.time_words()["streak"]),
        "HOL": lx.alternation(lx.holidays()),
        "HEAD": (
            rf"(?:(?P<part>{part})\s+(?:يوم\s+)?)?(?:(?P<dw>{w('dayword')})\s+)?"
            rf"(?:(?:يوم|بتاريخ|تاريخ)\s+)?(?:(?P<wd>{w('weekday')})\s*[,،]?\s*(?:الموافق\s+)?)?"
        ),
    }


def rx(template: str) -> re.Pattern[str]:
    """Compile a rule template; its literal Arabic is folded like the text it runs over."""
    return re.compile(template.format(**fragments()).translate(FOLDED))


# ---------------------------------------------------------------- the rule table


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    table = [
        ("dmy", CL + r"{HEAD}(?P<day>{ORD}|" + DAYN + r")(?:\s*من)?(?:\s*شهر)?" + SLASH + "{MONX}"
         r"(?:\s*[,،/]?\s*{YEARX}|\s+(?P<mod>{PAST}))?" + END, build_dmy),
        ("day_of_current", CL + r"(?:يوم\s+)?(?P<day>{ORD}|" + DAYN + r")\s+من\s+(?:ال)?شهر\s+"
         r"(?:(?P<mod>{MOD})|نفسه|ذاته)" + END, build_day_of_current),
        ("my", CL + r"{HEAD}(?:شهر\s+)?{MONX}\s*[,،/]?\s*{YEARX}" + END, build_my),
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
         + r")\s*(?:-|–|/|الى|حتى|و)\s*(?:عام\s+)?(?P<y2>" + YEAR + ")" + ERA, build_year_range),
        ("month_range", CL + r"(?:بين|من)\s+(?:شهري?\s+)?(?P<m1>{MON})\s+(?:و|الى|حتى)\s*(?P<m2>{MON})"
         r"(?:\s*[,،]?\s*{YEARX})?" + END, build_month_range),
        ("day_range", CL + r"(?:بين|من)\s+(?P<d1>" + DAYN + r")\s*(?:و|الى|حتى|-|–)\s*(?P<d2>" + DAYN
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
        ("duration", CL + r"(?:(?P<more>اكثر|اقل)\s+من\s+(?P<unit1>{UNIT})|(?:\(\s*(?P<pn>\d+|{CARD})\s*\)\s*|(?P<n>\d+\s*|{CARD}\s+))?(?P<unit>{UNIT}))" + END,
         build_duration),
        ("vague_duration", CL + r"(?:(?:عده|بضعه|بضع)\s+(?P<vunit>ايام|اسابيع|اشهر|شهور|سنوات|ساعات|دقائق|عقود)"
         r"|(?<!\w)ل(?P<vunit2>سنوات|ساعات|ايام|اسابيع|اشهر|شهور|عقود))" + END, build_duration),
        ("past_span", CL + r"ال(?P<pl>ايام|ساعات|اسابيع|اشهر|شهور|سنوات|اعوام)(?:\s+(?:ال)?(?P<n>{CARD}))?\s+"
         r"(?P<mod>{PAST}|{FUT}|الاخيره)" + END, build_past_span),
        ("clock", CL + r"(?:الساعه\s+(?:\(\s*)?(?:(?P<h>\d{{1,2}})(?::?(?P<mi>\d\d))?(?:\s*\))?|(?P<hw>" + lx.alternation(lx.numbers()["hour"]).replace("{", "{{").replace("}", "}}")
         + r"))(?:\s+و(?:(?P<frac>النصف|الربع)|(?P<mw>{CARD})\s+دقيقه))?(?:\s+(?P<ap>صباحا|فجرا|ظهرا|عصرا|مساء|ليلا|بعد\s+الظهر))?)" + TZ + END, build_time),
        ("clock_digits", r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])\s*(?P<ap>ص|م|ت\s*م|صباحا|مساء)(?!\w)" + TZ, build_time),
        ("named_time", CL + r"(?P<nt>منتصف\s+الليل|منتصف\s+النهار)" + END, build_named_time),
        ("ref", CL + r"(?P<ref>" + lx.words("ref") + ")" + END, build_ref),
        ("set", CL + r"(?:(?P<setw>" + lx.words("set") + r")|كل\s+(?:يوم\s+)?(?P<wd>{WD})|كل\s+(?:(?P<n>\d+|{CARD})\s+)?"
         r"(?P<unit>{UNIT}))" + END, build_set),
        ("season", CL + r"(?:(?P<season>" + lx.words("season") + r")\s+(?:عام\s+)?(?P<year>" + YEAR
         + r")|(?P<season2>الصيف|الشتاء|الربيع|الخريف)\s+(?P<mod>{MOD}))" + END, build_season),
        ("streak", r"(?<!\w)لل?(?P<unit>{STREAK})\s+(?P<ord>{ORD})\s+علي\s+التوالي" + END, build_streak),
        ("counted_past", CL + r"ال(?P<n>{CARD}|\w+\s+وال\w+)\s+(?P<unit>{UNIT})\s+(?P<mod>{PAST}|{FUT}|الاخيره)" + END,
         build_counted_past),
        ("holiday", CL + r"(?P<hol>{HOL})(?:\s+(?:عام\s+)?(?P<year>" + YEAR + r")" + ERA + ")?" + END, build_holiday),
        ("anaphor", CL + r"(?P<ana>{ANA}|عشيه)" + END, build_anaphor),
        ("century", CL + r"القرن\s+(?P<ord>{ORD})" + END, build_century),
        ("quarter", CL + r"الربع\s+(?P<q>الاول|الثاني|الثالث|الرابع)\s+من\s+(?:(?:ال)?عام(?:\s+(?:{CUR}))?|هذا\s+العام"
         r"|(?:عام\s+)?(?P<year>" + YEAR + "))" + END, build_quarter),
    ]  # fmt: skip
    return tuple(Rule(name, rx(pattern), build, RULE_GATES.get(name)) for name, pattern, build in table)
