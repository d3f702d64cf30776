"""View models for the web UI: highlighted article text, the timeline chart, the comparison matrix.

Article text and every value from the store are untrusted. Highlighted text is built by
escaping each segment (``markupsafe.escape``) and class names come only from a whitelist, so
the only markup in the output is the markup written here. Everything else goes through Jinja2
autoescaping in the templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

from riwaya.display import code_name, slot_name, time_value_text, timeline_kind_name, type_name, value_text
from riwaya.results import Claim, Comparison, TimelineEntry
from riwaya.stages.compare import value_key

SAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]")
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    tip: str


def css_name(value: Any) -> str:
    return SAFE_CLASS.sub("", str(value))[:30]


def article_marks(layers: dict[str, list[dict[str, Any]]]) -> list[Mark]:
    """Highlights from the entity, time, quote (cue, speaker, content) and event layers, each
    with an Arabic tooltip (type, value, event type, quote part), never a pipeline code."""
    marks = [Mark(e["start"], e["end"], f"ent ent-{css_name(e.get('label', ''))}",
                  code_name(e.get("label", ""), "entity_types")) for e in layers.get("entities", [])]  # fmt: skip
    marks += [Mark(t["start"], t["end"], "time", f"تعبير زمني: {time_value_text(t.get('value'))}".strip())
              for t in layers.get("times", [])]  # fmt: skip
    marks += [Mark(v["start"], v["end"], "event", type_name(str(v.get("label") or v.get("type") or "")))
              for v in layers.get("events", [])]  # fmt: skip
    for quote in layers.get("quotes", []):
        for part in ("cue", "speaker", "content"):
            span = quote.get(part)
            if isinstance(span, dict) and "start" in span:
                marks.append(Mark(span["start"], span["end"], f"q-{part}", code_name(part, "quote_parts")))
    return [m for m in marks if isinstance(m.start, int) and isinstance(m.end, int) and m.start < m.end]


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The text as escaped HTML, each run covered by marks wrapped in one classed span; the first
    run of a ``cited`` mark carries ``id="cited"`` (the link target of a citation)."""
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out = []
    anchored = False
    for a, b in zip(points, points[1:], strict=False):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        anchor = not anchored and any(m.css == "cited" for m in active)
        anchored = anchored or anchor
        out.append(_run(text[a:b], active, anchor))
    return Markup("".join(out))


def _run(segment: str, active: list[Mark], anchor: bool = False) -> str:
    if not active:
        return str(escape(segment))
    css = " ".join(sorted({c for m in active for c in m.css.split()}))
    tip = " | ".join(dict.fromkeys(m.tip for m in active if m.tip))
    ident = ' id="cited"' if anchor else ""
    return f'<span class="hl {escape(css)}"{ident} title="{escape(tip)}">{escape(segment)}</span>'


# timeline ---------------------------------------------------------------------------------
def date_range(value: str | None) -> tuple[date, date, str] | None:
    """Start, end (exclusive) and precision of an ISO-like date (day, month or year)."""
    match = DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            start = date(year, int(month), int(day))
            return start, start + timedelta(days=1), "day"
        if month:
            start = date(year, int(month), 1)
            return start, date(year + (start.month == 12), start.month % 12 + 1, 1), "month"
        return date(year, 1, 1), date(year + 1, 1, 1), "year"
    except ValueError:
        return None


def entry_label(entry: TimelineEntry) -> str:
    """What a timeline row says: event types and entry kinds by their Arabic names."""
    named = timeline_kind_name(entry.kind)
    if named and entry.kind == "time":
        said = [s.text for s in entry.sources if s.text]
        return f"{named}: «{said[0]}»" if said else named
    if named:
        return named
    if entry.kind in ("incident", "event"):
        code, _, rest = entry.label.partition(" · ")
        return " · ".join(p for p in (type_name(code), rest) if p)
    return entry.label or "حدث"


def timeline_chart(entries: list[TimelineEntry], width: int = 900, label_width: int = 330) -> dict[str, Any]:
    """Rows, ticks and sizes of an SVG chart; time runs right to left (RTL), earliest at right."""
    dated, undated = [], []
    for entry in entries:
        parsed = date_range(entry.date)
        (dated if parsed else undated).append((entry, parsed))
    dated.sort(key=lambda pair: (pair[1][0], pair[1][1]))
    if not dated:
        return {"rows": [], "ticks": [], "undated": _undated(undated), "width": width, "height": 0}
    lo, hi = dated[0][1][0], max(p[1] for _, p in dated)
    span_days = max((hi - lo).days, 1)
    plot = width - label_width - 60

    def x_of(d: date) -> float:  # earliest at the right edge of the plot area
        return round(45 + plot * (1 - (d - lo).days / span_days), 1)

    rows = [_row(i, e, p, x_of) for i, (e, p) in enumerate(dated)]
    ticks = [{"x": x_of(d), "label": d.isoformat()} for d in _ticks(lo, hi)]
    height = 40 + 26 * len(rows)
    return {"rows": rows, "ticks": ticks, "undated": _undated(undated), "width": width,
            "height": height, "label_x": width - 10, "plot_right": 45 + plot}  # fmt: skip


def _undated(undated: list[tuple[TimelineEntry, Any]]) -> list[dict[str, Any]]:
    return [entry.to_dict() | {"shown": entry_label(entry)} for entry, _ in undated]


def _row(i: int, entry: TimelineEntry, parsed: tuple[date, date, str], x_of) -> dict[str, Any]:
    start, end, guessed = parsed
    precision = entry.precision or guessed
    x1, x2 = x_of(end), x_of(start)
    return {"y": 40 + 26 * i, "x1": x1, "x2": x2, "width": max(x2 - x1, 3), "point": precision == "day",
            "cx": round((x1 + x2) / 2, 1), "label": entry_label(entry), "date": start.isoformat(),
            "precision": precision, "css": css_name(precision), "articles": sorted(entry.articles)}  # fmt: skip


def _ticks(lo: date, hi: date, count: int = 5) -> list[date]:
    days = max((hi - lo).days, 1)
    return [lo + timedelta(days=round(days * k / count)) for k in range(count + 1)]


# comparison ---------------------------------------------------------------------------------
WORDED_SLOTS = ("place", "perpetrator", "target")  # values are match keys, not names
MAX_VALUES_PER_CELL = 4  # an outlet naming ten places for one incident is noise on a page


def comparison_matrix(comparison: Comparison | None, outlet_of: dict[str, str]) -> dict[str, Any]:
    """Slots x outlets: each cell what that outlet's articles say for the slot, in their own
    words (the claim's surface text) with the normalised value beside it."""
    if comparison is None:
        return {"rows": [], "outlets": []}
    said = claim_surfaces(comparison.claims)
    rows, outlets = [], []
    for slot in comparison.slots:
        cells: dict[str, list[dict[str, str]]] = {}
        for value in slot.values:
            by_outlet: dict[str, list[str]] = {}
            for art in value.articles:
                by_outlet.setdefault(outlet_of.get(art) or art[:8], []).append(art)
            for outlet, arts in by_outlet.items():
                cells.setdefault(outlet, []).extend(cell_values(said, slot.slot, value.value, arts))
                outlets.append(outlet)
        rows.append({"slot": slot_name(slot.slot), "code": slot.slot, "status": css_name(slot.status),
                     "cells": {k: _unique(v) for k, v in cells.items()}})  # fmt: skip
    return {"rows": rows, "outlets": list(dict.fromkeys(outlets))}


def claim_surfaces(claims: list[Claim]) -> dict[tuple[str, str, str], list[str]]:
    """(slot, value key, article) -> the words the article used for that value."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for claim in claims:
        out.setdefault((claim.slot, _key(claim.value), claim.article), []).append(claim.text)
    return out


def cell_values(said: dict, slot: str, value: Any, articles: list[str]) -> list[dict[str, Any]]:
    """The value as a reader says it, with the words the outlet's articles used for it."""
    key = _key(value)
    words = [w for art in articles for w in said.get((slot, key, art), [])]
    if slot in WORDED_SLOTS and words:  # the value is a folded matching key: show the words
        return [{"value": words[0], "words": words[1:]}]
    shown = value_text(value)
    return [{"value": shown, "words": [w for w in words if w != shown]}]


def _key(value: Any) -> str:
    """:func:`value_key`, with plain strings as themselves (most values; this runs per claim)."""
    return value if isinstance(value, str) else value_key(value)


def _unique(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per value, its words merged (three at most: the cell stays readable)."""
    merged: dict[str, list[str]] = {}
    for v in values:
        merged.setdefault(v["value"], []).extend(v["words"])
    cells = [{"value": k, "words": list(dict.fromkeys(w))[:3]} for k, w in merged.items()]
    return cells[:MAX_VALUES_PER_CELL]


def quote_chain(quote: dict[str, Any], outlet: str | None) -> list[str]:
    """Who the reader heard it from, outermost first: outlet, intermediaries, speaker."""
    chain = [outlet] if outlet else []
    chain += [v.get("text", "") for v in quote.get("via", []) or [] if isinstance(v, dict)]
    speaker = quote.get("speaker")
    if isinstance(speaker, dict) and speaker.get("text"):
        chain.append(speaker["text"])
    return [c for i, c in enumerate(chain) if c and (i == 0 or c != chain[i - 1])]
