"""Arabic names for the codes the pipeline exports (event types, comparison slots, claim values).

The export keeps codes (``attack.drone``, ``count:drone``, ``{"n": 3, "kind": "exact"}``) so that
tools can compare them; people read the page, so the UI shows these names, with the code kept
in a tooltip. Unknown codes show as they are: a new type never breaks a page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from riwaya.resources import read_json


def _names() -> dict[str, Any]:
    return read_json("display_ar.json")


def type_name(code: str) -> str:
    """``attack.drone`` -> "هجوم بطائرة مسيّرة"."""
    entry = read_json("event_types.json")["types"].get(code) or {}
    return entry.get("label_ar") or code


def slot_name(slot: str) -> str:
    """``count:drone`` -> "عدد المسيّرات"; ``weapon`` -> "السلاح"; not a code -> ""."""
    if not isinstance(slot, str):
        return ""
    base, _, of = slot.partition(":")
    if base == "count" and of:
        return _names()["count_of"].get(of) or f"{_names()['slots']['count']} ({of})"
    if of and base in _names()["slots"]:  # killed:perpetrators -> القتلى (المنفذون)
        return f"{_names()['slots'][base]} ({_names()['count_groups'].get(of, of)})"
    return _names()["slots"].get(slot, slot)


def status_name(status: str) -> str:
    """``revision`` -> "تحديث لاحق": a slot status as the page says it."""
    return _names()["statuses"].get(status, status)


def value_text(value: Any) -> str:
    """A claim value as a reader would say it: counts with their kind, codes by name."""
    if isinstance(value, dict) and "kind" in value:
        pattern = _names()["count_kinds"].get(str(value["kind"]), "{n}")
        return pattern.format(n=value.get("n") if value.get("n") is not None else "?")
    if isinstance(value, str):
        return _names()["values"].get(value, value)
    if isinstance(value, (int, float, list, dict)) and not isinstance(value, bool):
        return json.dumps(value, ensure_ascii=False)
    return ""  # missing (an undefined template value) or not a claim value


def timeline_kind_name(kind: str) -> str | None:
    return _names()["timeline_kinds"].get(kind)


def code_name(code: Any, group: str) -> str:
    """A code of ``group`` in ``display_ar.json`` (quote_kinds, entity_types, precisions)."""
    return _names().get(group, {}).get(str(code), str(code))


def _seen_before(item: dict, seen: set) -> bool:
    """Whether a sentence with this article and start was already listed (records it)."""
    key = (item.get("article"), item.get("start"))
    if key[0] is None:
        return False
    found = key in seen
    seen.add(key)
    return found


def corroborated(items: list[Any]) -> tuple[list[dict], list[dict]]:
    """Brief sentences stated by several outlets, and those only one outlet states (a brief
    item without an ``outlets`` list counts as corroborated: its slot says who agrees). A sentence
    given for several slots is listed once."""
    items, seen = [i for i in items or [] if isinstance(i, dict)], set()
    items = [i for i in items if not _seen_before(i, seen)]
    single = [i for i in items if isinstance(i.get("outlets"), list) and len(i["outlets"]) < 2]
    return [i for i in items if i not in single], single


def count_phrase(n: int, noun: str) -> str:
    """``n`` of ``noun`` (a key of ``nouns`` in display_ar.json) with Arabic number agreement:
    1 مقالة، مقالتان، 3 مقالات، 11 مقالةً، 100 مقالة، 103 مقالات."""
    singular, dual, plural, accusative = _names()["nouns"][noun]
    if n == 1:
        return singular
    if n == 2:
        return dual
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {plural}"
    if 11 <= rest <= 99:
        return f"{n} {accusative}"
    return f"{n} {singular}" if n else f"0 {plural}"


def merge_reason(reason: str) -> str:
    """Why two spellings were joined, in Arabic (``merge_reasons`` of display_ar.json); a reason
    no pattern knows is shown as a generic phrase rather than as a pipeline code."""
    for pattern, template in _names()["merge_reasons"]:
        found = re.match(pattern, reason or "")
        if found:
            return template.format(**found.groupdict())
    return "سبب آخر للدمج"


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def isolate_bidi(value: Any) -> Any:
    """A string that carries bidi controls (an RLO from a scraped title) wrapped in FSI … PDI,
    so its overrides end with it and cannot reorder the rest of the page; used as the pages'
    Jinja ``finalize``, so every printed value gets it, in text, attributes and titles alike."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        return "\u2068" + value + "\u2069"
    return value


def membership_reason(reason: str | None, signals: dict[str, Any] | None) -> str:
    """Why an article joined its story, in Arabic, from the signals the stories stage kept
    (shared words, meaning, entities, the same incident, days apart); never the English code."""
    signals = signals or {}
    if not signals:
        return "افتتح القصة" if reason == "opened the story" else "انضم إلى القصة"
    bits = []
    if signals.get("shared_terms"):
        bits.append("يشترك في الكلمات: " + "، ".join(signals["shared_terms"]))
    if signals.get("embedding") is not None:
        bits.append(f"تشابه المعنى {signals['embedding']}")
    if signals.get("cross_language"):
        bits.append("بلغة أخرى، فقيس التشابه بالمعنى عبر اللغات")
    if signals.get("shared_entities"):
        bits.append("الأسماء نفسها: " + "، ".join(signals["shared_entities"]))
    if signals.get("same_incident_as"):
        bits.append("يروي الحدث نفسه الذي ترويه مقالات أخرى في القصة")
    gap = signals.get("days_apart")
    bits.append(
        "تاريخه غير معروف" if gap is None else f"الفارق عن تواريخ القصة: {count_phrase(int(gap), 'day')}"
    )
    return "؛ ".join(bits)


def removal_name(reason: str) -> str:
    """What cleaning removed, in Arabic (``tatweel: 3`` reads by its head); unknown kinds are
    named generically rather than by their code."""
    head = (reason or "").split(":", 1)[0].strip()
    return _names()["removal_reasons"].get(head, "نص زائد")


def time_value_text(value: Any) -> str:
    """A TIMEX3 value as a tooltip reads it: ``2025-09-14TMO`` -> "2025-09-14 صباحاً", a
    duration -> "مدة", a reference -> "في الماضي"."""
    text = str(value or "")
    parts = _names()["time_parts"]
    if text in parts:
        return parts[text]
    if text.startswith("P"):
        return "مدة"
    day, sep, part = text.partition("T")
    return f"{day} {parts['T' + part]}" if sep and "T" + part in parts else text
