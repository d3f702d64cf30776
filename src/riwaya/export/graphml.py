"""GraphML of entities, incidents and stories, for Gephi, yEd or networkx.

Nodes: every canonical entity (``kind`` entity, its type, Arabic and English name, mentions),
every incident (type, date, place, number of articles, conflicting slots) and every story
(title, first and last day). Edges: an incident to each entity that takes part in it, with the
role (``actor`` or ``target``); a story to each of its incidents (``contains``); a reaction to
the incident it reacts to (``reacts_to``); and two entities named in the same articles
(``co_mentioned``, ``weight`` = how many articles). The graph is directed; ``relation`` tells
the edge kinds apart.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any
from xml.etree import ElementTree as ET

from riwaya.export.facts import IncidentFacts, incident_facts

NS = "http://graphml.graphdrawing.org/xmlns"
# (key id, for, attr.name, attr.type)
KEYS = (
    ("kind", "node", "kind", "string"), ("label", "node", "label", "string"),
    ("type", "node", "type", "string"), ("name_en", "node", "name_en", "string"),
    ("mentions", "node", "mentions", "int"), ("date", "node", "date", "string"),
    ("place", "node", "place", "string"), ("articles", "node", "articles", "int"),
    ("conflicts", "node", "conflicts", "string"), ("first", "node", "first", "string"),
    ("last", "node", "last", "string"), ("relation", "edge", "relation", "string"),
    ("weight", "edge", "weight", "double"),
)  # fmt: skip


def to_graphml(doc: dict[str, Any]) -> str:
    """``doc`` as a GraphML document (UTF-8 text with its XML declaration)."""
    root = ET.Element("graphml", xmlns=NS)
    for key, target, name, kind in KEYS:
        ET.SubElement(root, "key", {"id": key, "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="riwaya", edgedefault="directed")
    facts = incident_facts(doc)
    entity_ids = {e["id"] for e in doc.get("entities", []) if "id" in e}
    for node_id, data in nodes(doc, facts):
        _element(graph, "node", {"id": node_id}, data)
    for n, (source, target, data) in enumerate(edges(doc, facts, entity_ids)):
        _element(graph, "edge", {"id": f"e{n}", "source": source, "target": target}, data)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _element(graph: ET.Element, tag: str, attrs: dict[str, str], data: dict[str, Any]) -> None:
    el = ET.SubElement(graph, tag, attrs)
    for key, value in data.items():
        if value is not None and value != "":
            ET.SubElement(el, "data", key=key).text = str(value)


def nodes(doc: dict[str, Any], facts: list[IncidentFacts]) -> list[tuple[str, dict[str, Any]]]:
    out = [(e["id"], {"kind": "entity", "label": e["name"], "type": e.get("type"), "name_en": e.get("name_en"),
                      "mentions": len(e.get("mentions", []))})
           for e in doc.get("entities", []) if "id" in e]  # fmt: skip
    out += [(f.id, {"kind": "incident", "label": f.headline or f.incident.get("type"), "type": f.incident.get("type"),
                    "date": f.date, "place": f.incident.get("place"), "articles": len(f.incident.get("articles", [])),
                    "conflicts": " ".join(s["slot"] for s in f.conflicts)})
            for f in facts]  # fmt: skip
    out += [(s["id"], {"kind": "story", "label": s.get("title"), "first": s.get("first"), "last": s.get("last"),
                       "articles": s.get("size")})
            for s in doc.get("stories", []) if "id" in s]  # fmt: skip
    return out


def edges(
    doc: dict[str, Any], facts: list[IncidentFacts], entity_ids: set[str]
) -> list[tuple[str, str, dict]]:
    incident_ids = {f.id for f in facts}
    out: list[tuple[str, str, dict]] = []
    for f in facts:
        for role, actors in (("actor", f.actors), ("target", f.targets)):
            out += [
                (f.id, a.entity, {"relation": role, "weight": a.mentions})
                for a in actors
                if a.entity in entity_ids
            ]
        if f.incident.get("reacts_to") in incident_ids:
            out.append((f.id, f.incident["reacts_to"], {"relation": "reacts_to", "weight": 1}))
    for story in doc.get("stories", []):
        out += [(story["id"], i, {"relation": "contains", "weight": 1})
                for i in story.get("incidents", []) if i in incident_ids]  # fmt: skip
    out += [
        (a, b, {"relation": "co_mentioned", "weight": n}) for (a, b), n in sorted(co_mentions(doc).items())
    ]
    return out


def co_mentions(doc: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Pairs of entities (ids in order) by the number of articles that name both."""
    by_article: dict[str, set[str]] = {}
    for ent in doc.get("entities", []):
        for m in ent.get("mentions", []):
            by_article.setdefault(m["article"], set()).add(ent["id"])
    return Counter(pair for ids in by_article.values() for pair in combinations(sorted(ids), 2))
