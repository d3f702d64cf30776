"""Stable, human-readable digests of a riwaya export, compared against committed golden files.

A digest keeps what a reader would check by eye (labels, values, member files) and drops what
changes without meaning (ids, offsets, timings, absolute paths). Articles are named by their
source file name, everything is sorted, and leaf items are one-line strings so that a diff of
two digests shows one changed line per changed annotation.

``demo_digest`` may quote the demo corpus (our own fictional text). ``seed_digest`` must not
hold article text at all: only counts, labels, dates, short names and memberships.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from riwaya.corpus import Corpus
from riwaya.export import TOP_KEYS

GOLDEN_DIR = Path(__file__).resolve().parent
DEMO_GOLDEN = GOLDEN_DIR / "demo_digest.json"
SEED_GOLDEN = GOLDEN_DIR / "seed_digest.json"
MAX_NAME_WORDS = 4  # seed digests keep entity names only up to this many words


def file_names(corpus: Corpus) -> dict[str, str]:
    """Article id -> source file name (ids change with the text; file names do not)."""
    return {a.id: Path(str(a.source or a.url or a.id)).name for a in corpus.articles}


def value_text(value: Any) -> str:
    """A compact, key-sorted rendering of a claim value (a string, a count dict, ...)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def by_article(items: list[dict], names: dict[str, str], render) -> dict[str, list[str]]:
    """Group export objects by article file name (every article listed), one sorted line each."""
    out: dict[str, list[str]] = {name: [] for name in names.values()}
    for item in items:
        out.setdefault(names.get(item.get("article"), "?"), []).append(render(item))
    return {name: sorted(lines) for name, lines in sorted(out.items())}


def tally(values) -> dict[str, int]:
    """A sorted count of labels (None shows as "-")."""
    return dict(sorted(Counter("-" if v is None else str(v) for v in values).items()))


# --- demo digest (fictional text may appear) -------------------------------------------------


def demo_digest(doc: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    """The digest of an export of the demo corpus; ``corpus`` supplies source file names."""
    names = file_names(corpus)
    return {
        "schema": doc["schema"],
        "keys": sorted(doc),
        "articles": {
            names[a["id"]]: demo_article(a) for a in sorted(doc["articles"], key=lambda a: names[a["id"]])
        },
        "entities": sorted((entity_line(e, names) for e in doc["entities"]), key=lambda e: json.dumps(e)),
        "times": by_article(doc["times"], names, time_line),
        "quotes": by_article(doc["quotes"], names, quote_line),
        "events": by_article(doc["events"], names, event_line),
        "incidents": sorted((incident_line(i, names) for i in doc["incidents"]), key=json.dumps),
        "stories": story_lines(doc, names),
        "failures": sorted(f"{Path(f['input']).name} | {f['stage']}" for f in doc["failures"]),
    }


def demo_article(a: dict[str, Any]) -> dict[str, Any]:
    published = a["published"]
    return {
        "outlet": a["outlet"],
        "title": a["title"],
        "language": a["language"],
        "published": {k: published.get(k) for k in ("value", "precision", "inferred", "source")},
        "removed": len(a["removed"]),
        "removed_reasons": tally(r["reason"] for r in a["removed"]),
        "tweets": sorted(f"{t.get('author')} | {t.get('handle')} | {t.get('date')}" for t in a["tweets"]),
    }


def entity_line(entity: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "type": entity["type"],
        "name": entity["name"],
        "aliases": sorted(entity.get("aliases", [])),
        "mentions": len(entity.get("mentions", [])),
        "articles": sorted({names.get(m["article"], "?") for m in entity.get("mentions", [])}),
    }


def time_line(t: dict[str, Any]) -> str:
    return f"{t['text']} | {t.get('type')} | {t.get('value')}"


def quote_line(q: dict[str, Any]) -> str:
    speaker = q.get("speaker") or {}
    via = ", ".join(v.get("name") or v.get("text", "") for v in q.get("via") or [])
    cue = (q.get("cue") or {}).get("text")
    return f"{q.get('kind')} | speaker: {speaker.get('text')} ({speaker.get('kind')}) | via: {via or '-'} | cue: {cue}"


def event_line(e: dict[str, Any]) -> str:
    args = e.get("arguments", [])
    counts = [value_text(a.get("value")) for a in args if a.get("role") == "count"]
    trigger = (e.get("trigger") or e)["text"]
    return (
        f"{e.get('type')} | {trigger} | {e.get('polarity')} | {e.get('modality')} | "
        f"args={len(args)} | counts: {'; '.join(sorted(counts)) or '-'}"
    )


def incident_line(inc: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "type": inc["type"],
        "date": inc.get("date"),
        "articles": sorted(names.get(a, "?") for a in inc["articles"]),
        "comparison": {
            c["slot"]: f"{c['status']}: " + "; ".join(value_text(v["value"]) for v in c["values"])
            for c in sorted(inc.get("comparison", []), key=lambda c: c["slot"])
        },
    }


def story_lines(doc: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """Story membership with its timeline (entries per kind) and brief (slots agreed, contested)."""
    timelines = {t["story"]: t for t in doc["timeline"]}
    briefs = {b["story"]: b for b in doc.get("briefs", [])}
    out = []
    for story in doc["stories"]:
        timeline, brief = timelines.get(story["id"], {}), briefs.get(story["id"], {})
        out.append({
            "articles": sorted(names.get(m["article"], "?") for m in story["articles"]),
            "timeline_entries": len(timeline.get("entries", [])),
            "timeline_kinds": tally(e["kind"] for e in timeline.get("entries", [])),
            "timeline_undated": len(timeline.get("undated", [])),
            "brief": brief_line(brief),
        })  # fmt: skip
    return sorted(out, key=json.dumps)


def brief_line(brief: dict[str, Any]) -> str:
    agreed = sorted(item.get("slot", "sentence") for item in brief.get("agreed", []))
    contested = sorted(item["slot"] for item in brief.get("contested", []))
    return f"{brief.get('method')} | agreed: {', '.join(agreed) or '-'} | contested: {', '.join(contested) or '-'}"


# --- seed digest (no article text: counts, labels, dates, short names, memberships) ----------


def seed_digest(doc: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    """The digest of an export of the seed articles, with no text taken from them."""
    names = file_names(corpus)
    return {
        "schema": doc["schema"],
        "keys": sorted(doc),
        "articles": {
            names[a["id"]]: seed_article(a, doc)
            for a in sorted(doc["articles"], key=lambda a: names[a["id"]])
        },
        "entities": seed_entities(doc["entities"], names),
        "incidents": sorted((seed_incident(i, names) for i in doc["incidents"]), key=json.dumps),
        "stories": sorted(
            (
                {"articles": sorted(names.get(m["article"], "?") for m in s["articles"])}
                for s in doc["stories"]
            ),
            key=json.dumps,
        ),
        "timeline_entries": sorted(len(t.get("entries", [])) for t in doc["timeline"]),
        "brief_slots": sorted(brief_line(b).partition(" | ")[2] for b in doc.get("briefs", [])),
        "failures": len(doc["failures"]),
    }


def seed_article(a: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    mine = {
        key: [x for x in doc[key] if x.get("article") == a["id"]] for key in ("times", "quotes", "events")
    }
    published = a["published"]
    return {
        "outlet": a["outlet"],
        "language": a["language"],
        "published": {k: published.get(k) for k in ("value", "precision", "inferred", "source")},
        "removed_reasons": tally(r["reason"] for r in a["removed"]),
        "tweets": sorted(f"{t.get('handle')} | {t.get('date')}" for t in a["tweets"]),
        "times": tally(f"{t.get('type')} {t.get('value')}" for t in mine["times"]),
        "quotes": tally(f"{q.get('kind')} / {(q.get('speaker') or {}).get('kind')}" for q in mine["quotes"]),
        "events": tally(
            f"{e.get('type')} / {e.get('polarity')} / {e.get('modality')}" for e in mine["events"]
        ),
    }


def seed_entities(entities: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """Short entity names with mention and article counts; longer names only counted."""
    short = [e for e in entities if len(e["name"].split()) <= MAX_NAME_WORDS]
    lines = sorted(
        f"{e['type']} | {e['name']} | mentions={len(e.get('mentions', []))} | "
        f"articles={len({m['article'] for m in e.get('mentions', [])})}"
        for e in short
    )
    return {"total": len(entities), "by_type": tally(e["type"] for e in entities), "short_names": lines}


def seed_incident(inc: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "type": inc["type"],
        "date": inc.get("date"),
        "articles": sorted(names.get(a, "?") for a in inc["articles"]),
        "comparison": {
            c["slot"]: c["status"] for c in sorted(inc.get("comparison", []), key=lambda c: c["slot"])
        },
    }


# --- files and diffs ------------------------------------------------------------------------


def dumps(digest: dict[str, Any]) -> str:
    return json.dumps(digest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def diff_lines(old: str, new: str, label: str) -> list[str]:
    """A diff of two digest texts (empty when equal): each changed block is headed by the JSON
    path it sits under (``@@ quotes > 01_rafid_attack.txt @@``) so it says which article and key."""
    a, b = old.splitlines(), new.splitlines()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lines, at = (b, j1) if j2 > j1 else (a, i1)
        out.append(f"@@ {label}: {' > '.join(json_path(lines, at)) or '(top)'} @@")
        out += [f"- {line.strip()}" for line in a[i1:i2]] + [f"+ {line.strip()}" for line in b[j1:j2]]
    return out


def json_path(lines: list[str], index: int) -> list[str]:
    """The keys enclosing line ``index`` of indented JSON (read upwards by falling indentation)."""
    path: list[str] = []
    depth = _indent(lines[index]) if index < len(lines) else 1
    for line in reversed(lines[:index]):
        if _indent(line) < depth and line.strip().startswith('"') and line.rstrip().endswith(("[", "{")):
            path.insert(0, line.strip().split('":')[0].strip('"'))
            depth = _indent(line)
    return path


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def word_windows(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def seed_overlap(digest_text: str, seeds_dir: Path, n: int = 8) -> list[str]:
    """Every ``n``-word window of the seed articles that also occurs in ``digest_text``."""
    seed_windows: set[tuple[str, ...]] = set()
    for path in sorted(seeds_dir.iterdir()):
        if path.is_file():
            seed_windows |= word_windows(path.read_text(encoding="utf-8", errors="replace"), n)
    return sorted(" ".join(w) for w in word_windows(digest_text, n) & seed_windows)


def top_keys_missing(doc: dict[str, Any]) -> list[str]:
    return [k for k in ("schema", "articles", *TOP_KEYS, "failures") if k not in doc]
