"""The brief as Markdown, in Arabic: per story its incidents, what the sources agree on, what
they dispute, and the timeline, each statement followed by the outlet and the article span
that says it (``[outlet](#article:start-end)``), so a reader can check every line.
"""

from __future__ import annotations

from typing import Any

from riwaya.display import count_phrase, slot_name, status_name, timeline_kind_name, type_name, value_text
from riwaya.export.facts import IncidentFacts, incident_facts, outlet_name

TIMELINE_LIMIT = 20
UNKNOWN_AR = "مصدر غير معروف"


def to_brief_markdown(doc: dict[str, Any]) -> str:
    """Every story of ``doc``, largest first, as one Markdown document."""
    facts = {f.id: f for f in incident_facts(doc)}
    briefs = {b["story"]: b for b in doc.get("briefs", []) if "story" in b}
    timelines = {t["story"]: t for t in doc.get("timeline", []) if "story" in t}
    outlets = {a["id"]: outlet_name(a, unknown=UNKNOWN_AR) for a in doc.get("articles", [])}
    stories = sorted(doc.get("stories", []), key=lambda s: (-(s.get("size") or 0), s["id"]))
    parts = [f"# موجز: {count_phrase(len(stories), 'story')}\n"]
    for story in stories:
        parts.append(
            story_section(story, facts, briefs.get(story["id"]), timelines.get(story["id"]), outlets)
        )
    return "\n".join(parts)


def story_section(story: dict, facts: dict[str, IncidentFacts], brief: dict | None, timeline: dict | None,
                  outlets: dict[str, str]) -> str:  # fmt: skip
    days = " – ".join(dict.fromkeys(d for d in (story.get("first"), story.get("last")) if d))
    lines = [f"## {one_line(story.get('title') or story['id'])}", "",
             f"{count_phrase(story.get('size') or 0, 'article')}" + (f" · {days}" if days else ""), ""]  # fmt: skip
    incidents = [facts[i] for i in story.get("incidents", []) if i in facts]
    if incidents:
        lines += ["### الأحداث", ""] + [line for f in incidents for line in incident_lines(f)]
    if brief:
        lines += brief_lines(brief, outlets)
    if timeline and timeline.get("entries"):
        lines += ["### التسلسل الزمني", ""] + timeline_lines(timeline["entries"], outlets)
    return "\n".join(lines) + "\n"


def incident_lines(f: IncidentFacts) -> list[str]:
    where = f" في {f.incident['place']}" if f.incident.get("place") else ""
    head = f"- **{type_name(f.incident.get('type', ''))}**{where}، {f.date or 'تاريخ غير معروف'}"
    head += f" ({count_phrase(len(f.incident.get('articles', [])), 'article')})"
    rows = [head]
    for slot in f.incident.get("comparison", []):
        values = "؛ ".join(
            f"{value_text(v['value'])} ({count_phrase(v.get('origins', 0), 'origin')})"
            for v in slot.get("values", [])
        )
        rows.append(f"  - {slot_name(slot['slot'])}: {status_name(slot['status'])}: {values}")
    return rows + [""]


def brief_lines(brief: dict, outlets: dict[str, str]) -> list[str]:
    lines: list[str] = []
    if brief.get("agreed"):
        lines += ["### ما تتفق عليه المصادر", ""]
        lines += [f"- {one_line(s['text'])} {cite(s, outlets)}" for s in brief["agreed"]] + [""]
    if brief.get("contested"):
        lines += ["### ما تختلف فيه المصادر", ""]
        for item in brief["contested"]:
            lines.append(f"- **{slot_name(item.get('slot', ''))}**")
            lines += [f"  - {value_text(c.get('value'))}: {one_line(c['text'])} {cite(c, outlets)}"
                      for c in item.get("claims", [])]  # fmt: skip
        lines.append("")
    return lines


def timeline_lines(entries: list[dict], outlets: dict[str, str]) -> list[str]:
    lines = []
    for entry in entries[:TIMELINE_LIMIT]:
        source = (entry.get("sources") or [{}])[0]
        said = source.get("sentence") or source
        text = f" {one_line(said['text'])} {cite(said, outlets)}" if said.get("text") else ""
        lines.append(f"- {entry.get('date') or '؟'}: {entry_name(entry)}.{text}")
    if len(entries) > TIMELINE_LIMIT:
        lines.append(f"- … و{count_phrase(len(entries) - TIMELINE_LIMIT, 'result')} أخرى في التصدير الكامل")
    return lines + [""]


def entry_name(entry: dict) -> str:
    """An event or incident entry by its type's Arabic name (and place), another by its kind's."""
    code, _, place = (entry.get("label") or "").partition(" · ")
    if entry.get("kind") in ("event", "incident"):
        return type_name(code) + (f" في {place}" if place else "")
    return timeline_kind_name(entry.get("kind") or "") or type_name(code)


def cite(span: dict, outlets: dict[str, str]) -> str:
    """``[outlet](#article:start-end)``: who says it and where."""
    article = span.get("article", "")
    return f"[{outlets.get(article, 'المقال')}](#{article}:{span.get('start')}-{span.get('end')})"


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split()).replace("|", "¦")
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
