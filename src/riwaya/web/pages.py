"""What a story, article or list page shows, as plain dicts shared by the JSON API and the HTML UI."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from riwaya.errors import StoreError
from riwaya.export import article_record, layer_records
from riwaya.results import Comparison, Incident, Story
from riwaya.web.snapshot import Reader, Snapshot
from riwaya.web.views import Mark, article_marks, comparison_matrix, highlight, quote_chain, timeline_chart

ANNOTATION_LAYERS = ("entities", "times", "quotes", "events")
# What one story page draws at most; the JSON API (/api/stories/ID, /api/timeline?story=ID,
# /api/incidents, /api/quotes) pages through the rest. A 700-article story stays a page, not 1 MB.
PAGE_LIMITS = {"timeline": 120, "incidents": 10, "quotes": 60, "articles": 150}
INCIDENT_LIST_LIMIT = 500  # every incident of a story is listed, each linking to its page
CITES_PER_ENTRY = 6  # a timeline row cites one article per outlet, this many outlets at most


class NotFound(Exception):
    """An id that the store does not hold; the message says what to do instead."""


def story_title(story: Story, articles: dict[str, dict]) -> str:
    """The story's own title, else its first titled article's, else a name from its id."""
    if story.title and story.title.strip():
        return story.title
    first = next((a for a in articles.values() if a.get("title")), None)
    return first["title"] if first else f"قصة {story.id}"


def story_list(
    reader: Reader, snap: Snapshot, limit: int | None = None, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """One page of stories, the most reported first (then the most recent), with size, outlets
    and date range; summaries are read for that page only (a store may hold 10k stories)."""
    ordered = snap.stories_by_size
    chosen = ordered[offset : None if limit is None else offset + limit]
    summaries = reader.summaries(list({a for s in chosen for a in s.article_ids}))
    out = []
    for story in chosen:
        arts = {a: summaries[a] for a in story.article_ids if a in summaries}
        dates = sorted(d for a in arts.values() if (d := (a["published"] or {}).get("value")))
        out.append({"id": story.id, "title": story_title(story, arts), "size": len(arts),
                    "outlets": sorted({a["outlet_label"] for a in arts.values()}),
                    "first": dates[0] if dates else None, "last": dates[-1] if dates else None})  # fmt: skip
    return len(ordered), out


def story_data(reader: Reader, snap: Snapshot, story_id: str) -> dict[str, Any]:
    """A story with its articles, timeline, incidents (with comparison), quotes and entities,
    as the export objects the JSON API returns."""
    story = snap.story_records.get(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r} in this store; list stories at /api/stories")
    members = story.article_ids
    articles = reader.summaries(members)
    why = {m.article: {"score": m.score, "reason": m.reason} for m in story.members}
    return {
        "story": snap.stories[story_id], "title": story_title(story, articles),
        "articles": [articles[a] | {"membership": why.get(a, {})} for a in members if a in articles],
        "timeline": snap.story_timeline(story_id),
        "incidents": [snap.incidents[i.id] for i in snap.story_incidents(story)],
        "quotes": story_quotes(reader, snap, members),
        "entities": snap.story_entities(members) or entities_from_spans(reader, members),
        "brief": snap.briefs.get(story_id),
    }  # fmt: skip


def story_quotes(reader: Reader, snap: Snapshot, members: list[str]) -> list[dict[str, Any]]:
    if "quotes" in snap.results:
        wanted = set(members)
        return [q for q in snap.items("quotes") if isinstance(q, dict) and q.get("article") in wanted]
    return reader.spans_of(members, "quotes")


def entities_from_spans(reader: Reader, members: list[str]) -> list[dict[str, Any]]:
    """Entities grouped by their key from the article layer, when no corpus stage merged them."""
    groups: dict[str, dict[str, Any]] = {}
    for span in reader.spans_of(members, "entities"):
        key = str(span.get("key") or span.get("text"))
        group = groups.setdefault(key, {"id": key, "name": span.get("name") or span.get("text"),
                                        "type": span.get("label"), "mentions": []})  # fmt: skip
        group["mentions"].append({k: span.get(k) for k in ("article", "start", "end", "text")})
    return sorted(groups.values(), key=lambda g: -len(g["mentions"]))


def story_page(reader: Reader, snap: Snapshot, story_id: str) -> dict[str, Any]:
    """The story data plus what the HTML draws: the chart, the matrices, the quote chains."""
    data = story_data(reader, snap, story_id)
    data["totals"] = {key: len(data[key]) for key in PAGE_LIMITS}
    timeline = snap.timelines.get(story_id)
    entries = timeline.entries[: PAGE_LIMITS["timeline"]] if timeline else []
    data["timeline"] = data["timeline"][: PAGE_LIMITS["timeline"]]
    incidents = most_reported([snap.incident_records[i["id"]] for i in data["incidents"]], snap.comparisons)
    data["incident_list"] = [
        incident_row(i, snap.comparisons.get(i.id)) for i in incidents[:INCIDENT_LIST_LIMIT]
    ]
    incidents = incidents[: PAGE_LIMITS["incidents"]]
    data["incidents"] = [snap.incidents[i.id] for i in incidents]
    data["quotes"] = data["quotes"][: PAGE_LIMITS["quotes"]]
    data["articles"] = data["articles"][: PAGE_LIMITS["articles"]]
    data["shown"] = {key: len(data[key]) for key in PAGE_LIMITS}
    data["chart"] = timeline_chart(entries)
    outlet_of = {a["id"]: a["outlet_label"] for a in data["articles"]}
    cited = {a for inc in incidents for a in inc.articles}
    cited |= {a for row in data["chart"]["rows"] for a in row["articles"]}
    outlet_of |= snap.outlet_labels(reader, cited - set(outlet_of))
    for row in data["chart"]["rows"]:
        row["cites"], row["more"] = one_per_outlet(row["articles"], outlet_of)
    data["matrices"] = [
        {
            "incident": snap.incidents[inc.id],
            "matrix": comparison_matrix(snap.comparisons.get(inc.id), outlet_of),
        }
        for inc in incidents
    ]
    data["chains"] = [
        {"quote": q, "chain": quote_chain(q, outlet_of.get(q.get("article")))} for q in data["quotes"]
    ]
    data["outlet_of"] = outlet_of
    data["known_entities"] = {e["id"] for e in data["entities"] if e.get("id") in snap.entities}
    data["signals_of"] = {m.article: m.signals for m in snap.story_records[story_id].members}
    return data


def incident_row(incident: Incident, comparison: Comparison | None) -> dict[str, Any]:
    """An incident as the story page lists it: type, date, place, articles, disputed slots."""
    disputed = (
        [s.slot for s in comparison.slots if s.status in ("conflict", "revision")] if comparison else []
    )
    return {"id": incident.id, "type": incident.type, "date": incident.date, "place": incident.place,
            "articles": len(incident.articles), "disputed": disputed}  # fmt: skip


def one_per_outlet(articles: list[str], outlet_of: dict[str, str]) -> tuple[list[tuple[str, str]], int]:
    """(outlet, its first article) for up to CITES_PER_ENTRY outlets, and how many outlets more:
    a row that 300 articles support should say who, not print 300 links."""
    first: dict[str, str] = {}
    for art in articles:
        first.setdefault(outlet_of.get(art, art[:8]), art)
    cites = list(first.items())
    return cites[:CITES_PER_ENTRY], max(0, len(cites) - CITES_PER_ENTRY)


def most_reported(incidents: list[Incident], comparisons: dict[str, Comparison]) -> list[Incident]:
    """Incidents in the order a reader needs them: contested first, then the most reported."""

    def contested(incident: Incident) -> bool:
        found = comparisons.get(incident.id)
        return found is not None and any(slot.status == "conflict" for slot in found.slots)

    return sorted(incidents, key=lambda inc: (not contested(inc), -len(inc.articles)))


def article_page(reader: Reader, article_id: str, cited: tuple[int, int] | None = None) -> dict[str, Any]:
    """One article: metadata, highlighted text, its annotations and the removed boilerplate;
    ``cited`` (start, end), when given and inside the text, is marked as the cited sentence."""
    try:
        article = reader.load_article(article_id)
    except StoreError as exc:
        raise NotFound(str(exc)) from exc
    layers = {name: layer_records(article, name) for name in article.layers}
    record = article_record(article) | {"layers": layers}
    counts = defaultdict(int, {name: len(layers.get(name, [])) for name in ANNOTATION_LAYERS})
    return {
        "article": record,
        "highlighted": highlight(article.text, article_marks(layers) + cited_marks(cited, len(article.text))),
        "counts": counts,
    }


def cited_marks(cited: tuple[int, int] | None, length: int) -> list[Mark]:
    """The cited sentence as a mark (``cited``), clipped to the text; none when it falls outside."""
    if cited is None or cited[0] >= length:
        return []
    return [Mark(cited[0], min(cited[1], length), "cited", "الجملة المستشهد بها")]
