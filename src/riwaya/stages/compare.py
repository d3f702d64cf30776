"""Claims, comparison and accounts: what each source says about an incident, and where they differ.

Per incident, every event argument becomes a slot-level claim (weapon, count per weapon, injured,
killed, time of day, outcome, place, perpetrator, responsibility) that cites its article, span and
source (the quoted speaker with the chain it came through, or the outlet's own voice). The
comparison marks each slot ``agree``, ``conflict`` or ``single`` (one article). Counts compare as
intervals so vagueness is respected: 3 vs "a drone" (exactly 1) conflict, "several" vs 3 do not,
"about 8" vs 7 do not. Open slots (perpetrator, place, outcome) collect values but never conflict:
naming a different group or a wider place is not a contradiction. An account is one outlet's
claims about one incident, so outlets can be read side by side.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.normalize import fold

INTERVALS = {
    "exact": lambda n: (n, n),
    "about": lambda n: (n - max(1, math.ceil(0.25 * n)), n + max(1, math.ceil(0.25 * n))),
    "at_least": lambda n: (n, math.inf),
    "at_most": lambda n: (0, n),
    "several": lambda n: (2, 10),
    "some": lambda n: (1, math.inf),
    "dozens": lambda n: (20, 99),
    "hundreds": lambda n: (100, 999),
    "thousands": lambda n: (1000, math.inf),
}
OPEN_SLOTS = ("perpetrator", "place", "outcome", "target")
ARG_SLOTS = {"instrument": "weapon", "injured": "injured", "killed": "killed", "time_of_day": "time_of_day",
             "outcome": "outcome", "place": "place"}  # fmt: skip


# --- values ----------------------------------------------------------------------------------
def count_interval(value: dict[str, Any]) -> tuple[float, float]:
    kind = value.get("kind", "exact")
    return INTERVALS.get(kind, INTERVALS["some"])(value.get("n") or 0)


def compatible(slot: str, a: Any, b: Any) -> bool:
    """Whether two values of one slot can both be true."""
    if slot in OPEN_SLOTS:
        return True
    if isinstance(a, dict) and isinstance(b, dict) and "kind" in a and "kind" in b:
        (alo, ahi), (blo, bhi) = count_interval(a), count_interval(b)
        return alo <= bhi and blo <= ahi
    return value_key(a) == value_key(b)


def value_key(value: Any) -> str:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "of"}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- sources ---------------------------------------------------------------------------------
def source_of(article: Article, event: Span) -> str:
    """``speaker ← via ← outlet``: who says it, through whom, in whose pages."""
    attributed = event.attrs.get("attributed_to") or {}
    outlet = article.outlet_label
    speaker = attributed.get("speaker")
    if attributed.get("kind") in ("quote", "cue") and speaker:
        chain = [speaker, *attributed.get("via", [])]
        return " ← ".join(chain if _same_name(chain[-1], outlet) else [*chain, outlet])
    return outlet


def _same_name(a: str, b: str) -> bool:
    """An outlet that relays its own reporter's words ends the chain once, not twice."""
    from riwaya.text.tokens import match_key

    return " ".join(match_key(w) for w in a.split()) == " ".join(match_key(w) for w in b.split())


# --- claims ----------------------------------------------------------------------------------
def claim(slot: str, value: Any, article: Article, event: Span, span: Span) -> dict[str, Any]:
    return {
        "slot": slot, "value": value, "event": event.attrs["id"], "article": article.id,
        "start": span.start, "end": span.end, "text": article.surface(span),
        "source": source_of(article, event), "outlet": article.outlet_label,
        "modality": event.attrs.get("modality"),
    }  # fmt: skip


def argument_claims(article: Article, event: Span) -> list[dict[str, Any]]:
    out = []
    for a in event.attrs.get("arguments", []):
        role, value = a.attrs.get("role"), a.attrs.get("value")
        if role == "count" and isinstance(value, dict):
            out.append(claim(f"count:{value.get('of')}", {k: v for k, v in value.items() if k != "of"},
                             article, event, a))  # fmt: skip
        elif role in ARG_SLOTS and value is not None:
            out.append(claim(ARG_SLOTS[role], value, article, event, a))
    return out


def related_claims(article: Article, event: Span) -> list[dict[str, Any]]:
    """Perpetrator and responsibility claims from accusations and (denied) claims of responsibility."""
    etype, negative = event.attrs.get("type", ""), event.attrs.get("polarity") == "negative"
    actors = [a for a in event.attrs.get("arguments", []) if a.attrs.get("role") == "actor"]
    if etype == "responsibility.claim":
        value = "none claimed" if negative else "claimed"
        out = [claim("responsibility", value, article, event, event)]
        if not negative:
            out += [claim("perpetrator", _name(article, a), article, event, a) for a in actors]
        return out
    if etype == "responsibility.denial":
        return [claim("responsibility", "denied", article, event, event)]
    if etype == "accusation" and not negative:
        return [claim("perpetrator", _name(article, a), article, event, a) for a in actors]
    return []


def _name(article: Article, span: Span) -> str:
    return " ".join(fold(article.surface(span)).split())


def incident_claims(
    incident: dict[str, Any], events: dict[str, tuple[Article, Span]]
) -> list[dict[str, Any]]:
    out = []
    for event_id in incident["events"]:
        if event_id in events:
            out += argument_claims(*events[event_id])
    for event_id in incident.get("related", []):
        if event_id in events:
            out += related_claims(*events[event_id])
    return out


# --- comparison ------------------------------------------------------------------------------
def compare_slot(slot: str, claims: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, dict[str, Any]] = {}
    for c in claims:
        g = groups.setdefault(value_key(c["value"]), {"value": c["value"], "articles": [], "sources": []})
        for key, item in (("articles", c["article"]), ("sources", c["source"])):
            if item not in g[key]:
                g[key].append(item)
    values = list(groups.values())
    return {"slot": slot, "status": slot_status(slot, values), "values": values}


def slot_status(slot: str, values: list[dict[str, Any]]) -> str:
    clash = any(
        not compatible(slot, a["value"], b["value"]) for i, a in enumerate(values) for b in values[i + 1 :]
    )
    if clash:
        return "conflict"
    articles = {art for v in values for art in v["articles"]}
    return "single" if len(articles) < 2 else "agree"


def comparison(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    slots: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        slots.setdefault(c["slot"], []).append(c)
    return [compare_slot(slot, items) for slot, items in sorted(slots.items())]


def accounts(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One outlet's version of the incident: its articles and its claims together."""
    by_outlet: dict[str, dict[str, Any]] = {}
    for c in claims:
        acc = by_outlet.setdefault(c["outlet"], {"outlet": c["outlet"], "articles": [], "claims": []})
        if c["article"] not in acc["articles"]:
            acc["articles"].append(c["article"])
        acc["claims"].append({k: c[k] for k in ("slot", "value", "article", "start", "end", "source")})
    return list(by_outlet.values())


# --- the stage -------------------------------------------------------------------------------
@component("compare", version="1", level="corpus", requires=("incidents",), provides=("comparison",))
def compare(corpus: Corpus) -> None:
    events = {e.attrs["id"]: (a, e) for a in corpus.articles for e in a.layer("events")}
    for incident in corpus.results.get("incidents", []):
        claims = incident_claims(incident, events)
        incident["claims"] = claims
        incident["comparison"] = comparison(claims)
        incident["accounts"] = accounts(claims)


# --- evaluation ------------------------------------------------------------------------------
def pairs_of(groups: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for g in groups for a in g for b in g if a < b}


def evaluate_incidents(corpus: Corpus, gold: dict[str, Any]) -> dict[str, Any]:
    """Incident clustering pairwise F1 over articles, conflict recall, false conflicts, slot recall.

    Articles are named by file name; predicted incidents with one article make no pairs."""
    name = {a.id: Path(a.source or a.id).name for a in corpus.articles}
    predicted = [inc for inc in corpus.results.get("incidents", []) if len(inc["articles"]) > 1]
    pred_groups = [{name[a] for a in inc["articles"]} for inc in predicted]
    gold_groups = [set(g["articles"]) for g in gold["incidents"]]
    p_pairs, g_pairs = pairs_of(pred_groups), pairs_of(gold_groups)
    tp = len(p_pairs & g_pairs)
    precision, recall = tp / max(1, len(p_pairs)), tp / max(1, len(g_pairs))
    report = {"pairwise_precision": round(precision, 4), "pairwise_recall": round(recall, 4),
              "pairwise_f1": round(2 * precision * recall / max(1e-9, precision + recall), 4)}  # fmt: skip
    report |= conflict_scores(predicted, pred_groups, gold["incidents"])
    return report


def conflict_scores(predicted, pred_groups, gold_incidents) -> dict[str, Any]:
    found = expected = slot_hits = slot_total = 0
    false: list[str] = []
    for g in gold_incidents:
        best = max(range(len(predicted)), default=None,
                   key=lambda i: len(pred_groups[i] & set(g["articles"])) / len(pred_groups[i] | set(g["articles"])))  # fmt: skip
        status = {c["slot"]: c for c in predicted[best]["comparison"]} if best is not None else {}
        expected += len(g["conflicts"])
        found += sum(status.get(s, {}).get("status") == "conflict" for s in g["conflicts"])
        false += [s for s, c in status.items() if c["status"] == "conflict" and s not in g["conflicts"]]
        for slot, values in g.get("slots", {}).items():
            got = {value_key(v["value"]) for v in status.get(slot, {}).get("values", [])}
            slot_total += len(values)
            slot_hits += sum(value_key(v) in got for v in values)
    return {"conflict_recall": round(found / max(1, expected), 4), "false_conflicts": sorted(false),
            "slot_value_recall": round(slot_hits / max(1, slot_total), 4)}  # fmt: skip


def evaluate_demo(demo_dir: Path, gold_path: Path, pipeline: Any = None) -> dict[str, Any]:
    """Analyse the demo corpus in memory and score it against the gold file."""
    from riwaya.analysis import analyze

    result = analyze([str(demo_dir)], db=None, pipeline=pipeline)
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return evaluate_incidents(result.corpus, gold)
