"""Accounts on real news (``riwaya eval incidents --claims DIR``): incidents, counts, comparison.

The annotated articles (:mod:`riwaya.evaluate.real_gold`) are analysed as they were annotated
(optionally beside ``noise`` other articles of the same crawl days, so that joins meet the
distractors a real day holds), then scored:

* **incidents**: BCubed precision/recall/F1 of each article's lead incident against its gold
  happening (an article without a lead incident is a cluster of its own); noise articles are
  not scored, but they may pull gold articles into wrong incidents.
* **counts**: killed / injured / arrested / casualties claims of the article bodies; a predicted
  claim matches a gold one of the same slot and article whose span it overlaps and whose value
  (``n`` and ``kind``) it equals.
* **comparison**: for each happening the predicted incident holding most of its articles; per
  expected slot its status against the gold status (conflict recall, false conflicts, revisions
  recognised, agree precision).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from riwaya.analysis import annotate, run_corpus_stages
from riwaya.corpus import Corpus
from riwaya.evaluate.real_articles import locator
from riwaya.evaluate.real_gold import (
    GoldArticle,
    day_records,
    load_claims_gold,
    load_expected,
    load_incidents_gold,
)
from riwaya.ingest.formats import from_record
from riwaya.model import Article, Failure
from riwaya.pipeline import Pipeline
from riwaya.results import Comparison

COUNT_SLOTS = ("killed", "injured", "arrested", "casualties")
LABEL_SLOTS = ("weapon", "time_of_day")  # values riwaya and the gold name alike
STATUSES = ("agree", "conflict", "single", "revision")


# --- analysing the annotated articles ------------------------------------------------------
def analyse_gold(
    gold: list[GoldArticle], noise: int = 0, seed: int = 13, pipeline: Pipeline | None = None, jobs: int = 1
) -> tuple[Corpus, dict[str, Article]]:
    """The corpus of the gold articles (plus ``noise`` random others per crawl day), with every
    corpus stage run; and the analysed article of each gold url."""
    pipeline = pipeline or Pipeline.build()
    records = {g.url: g.record for g in gold}
    rng = random.Random(seed)
    for day in sorted({g.crawl_file for g in gold}):
        others = [u for u in day_records(day) if u not in records]
        for url in rng.sample(others, min(noise, len(others))):
            records[url] = day_records(day)[url]
    docs = [from_record(rec, url, {}) for url, rec in records.items()]
    articles, by_url = [], {}
    for item, _ in annotate([d for d in docs if not isinstance(d, Failure)], pipeline, jobs):
        if isinstance(item, Article):
            articles.append(item)
            by_url[item.source] = item
    corpus = run_corpus_stages(Corpus(articles), pipeline)
    return corpus, {g.url: by_url[g.url] for g in gold if g.url in by_url}


def lead_incidents(corpus: Corpus) -> dict[str, str]:
    """Article id -> the incident it leads with."""
    return corpus.lead_incidents()


# --- incidents -----------------------------------------------------------------------------
def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 over the items of ``gold`` (item -> cluster label in each)."""
    items = list(gold)
    g_members = _members(gold, items)
    p_members = _members(predicted, items)
    precision = sum(
        len(p_members[predicted[i]] & g_members[gold[i]]) / len(p_members[predicted[i]]) for i in items
    )
    recall = sum(len(p_members[predicted[i]] & g_members[gold[i]]) / len(g_members[gold[i]]) for i in items)
    n = len(items) or 1
    return rates(precision / n, recall / n)


def rates(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3)}


def _members(labels: dict[str, str], items: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i in items:
        out.setdefault(labels[i], set()).add(i)
    return out


def incident_scores(gold: list[GoldArticle], analysed: dict[str, Article], corpus: Corpus) -> dict[str, Any]:
    lead = lead_incidents(corpus)
    gold_labels = {g.url: g.happening for g in gold if g.url in analysed}
    predicted = {url: lead.get(analysed[url].id, f"alone:{url}") for url in gold_labels}
    score = bcubed(gold_labels, predicted)
    sizes = Counter(len(inc.articles) for inc in corpus.incidents())
    return {"bcubed": score, "articles": len(gold_labels),
            "without_lead_incident": sum(p.startswith("alone:") for p in predicted.values()),
            "largest_incident": max(sizes, default=0)}  # fmt: skip


# --- counts --------------------------------------------------------------------------------
def count_scores(gold: list[GoldArticle], analysed: dict[str, Article], corpus: Corpus) -> dict[str, Any]:
    """Per count slot and in all: recall and precision of body count claims with the right value."""
    return claim_scores(gold, analysed, corpus, COUNT_SLOTS)


def claim_scores(
    gold: list[GoldArticle], analysed: dict[str, Article], corpus: Corpus, slots: tuple[str, ...]
) -> dict[str, Any]:
    """Per slot and in all: body claims found with an overlapping span and the same value."""
    predicted = _predicted_claims(corpus)
    per_slot = {s: Counter() for s in slots}
    missed: list[str] = []
    for g in gold:
        article = analysed.get(g.url)
        if article is None:
            continue
        place, _unplaced = locator(g.record.get("content") or "", article)
        for slot in slots:
            w = [
                (c, place({"start": c.start, "end": c.end}))
                for c in g.claims
                if c.field == "content" and c.slot == slot
            ]
            m = [c for c in predicted.get(article.id, []) if c[0] == slot]
            hit_gold = sum(any(_matches(p, c.value, span) for p in m) for c, span in w if span)
            hit_pred = sum(any(span and _matches(p, c.value, span) for c, span in w) for p in m)
            per_slot[slot].update(gold=len(w), found=hit_gold, predicted=len(m), right=hit_pred)
            missed += [f"{g.source} {slot} {_shown(c.value)}" for c, span in w
                       if not (span and any(_matches(p, c.value, span) for p in m))]  # fmt: skip
    total = sum(per_slot.values(), Counter())
    return {
        "all": _span_rates(total),
        **{s: _span_rates(c) for s, c in per_slot.items()},
        "missed_sample": missed[:25],
    }


def _shown(value: Any) -> str:
    return f"{value['n']}/{value['kind']}" if isinstance(value, dict) and "n" in value else str(value)


def _span_rates(c: Counter) -> dict[str, Any]:
    """Recall: gold claims found; precision: predicted claims that match a gold claim."""
    out = rates(
        c["right"] / c["predicted"] if c["predicted"] else 0.0, c["found"] / c["gold"] if c["gold"] else 0.0
    )
    return out | {"gold": c["gold"], "predicted": c["predicted"]}


def _predicted_claims(corpus: Corpus) -> dict[str, list[tuple[str, Any, int, int]]]:
    """Article id -> its claims (slot, value, start, end): the ``claims`` layer where the pipeline
    has one, else the claims of the incident comparisons (each span once)."""
    out: dict[str, set] = {}
    for article in corpus.articles:
        for span in article.layers.get("claims", []):
            out.setdefault(article.id, set()).add(
                (span.label, _frozen(span.attrs.get("value")), span.start, span.end)
            )
    if out:
        return _listed(out)
    for comparison in corpus.comparisons().values():
        for c in comparison.claims:
            out.setdefault(c.article, set()).add((c.slot.split(":")[0], _frozen(c.value), c.start, c.end))
    return _listed(out)


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return (("n", value.get("n")), ("kind", value.get("kind")))
    return value if isinstance(value, str) else str(value)


def _listed(found: dict[str, set]) -> dict[str, list[tuple[str, Any, int, int]]]:
    return {
        a: [(s, dict(v) if isinstance(v, tuple) else v, st, en) for s, v, st, en in sorted(items, key=str)]
        for a, items in found.items()
    }


def _matches(pred: tuple[str, Any, int, int], value: Any, span: tuple[int, int]) -> bool:
    _slot, got, start, end = pred
    if not (start < span[1] and span[0] < end):
        return False
    if isinstance(value, dict):
        return (
            isinstance(got, dict) and got.get("n") == value.get("n") and got.get("kind") == value.get("kind")
        )
    return got == value


# --- comparison ----------------------------------------------------------------------------
def comparison_scores(
    gold: list[GoldArticle], analysed: dict[str, Article], corpus: Corpus, expected: dict[str, Any]
) -> dict[str, Any]:
    """Predicted slot statuses of the incident best matching each happening, against gold."""
    lead = lead_incidents(corpus)
    compared = corpus.comparisons()
    confusion: Counter = Counter()
    rows = []
    for hid, happening in expected["happenings"].items():
        ids = {analysed[g.url].id for g in gold if g.happening == hid and g.url in analysed}
        incident = Counter(lead[a] for a in ids if a in lead).most_common(1)
        comparison = compared.get(incident[0][0]) if incident else None
        got = _statuses(comparison)
        for slot, want in happening["slots"].items():
            status = got.get(slot, "missing")
            confusion[(want["status"], status)] += 1
            rows.append(f"{hid} {slot}: gold {want['status']}, riwaya {status}")
        for slot in set(got) - set(happening["slots"]):
            confusion[("not stated", got[slot])] += 1
    return _status_report(confusion) | {"slots": rows}


def _statuses(comparison: Comparison | None) -> dict[str, str]:
    return {s.slot: s.status for s in comparison.slots} if comparison else {}


def _status_report(confusion: Counter) -> dict[str, Any]:
    def count(want: str | None = None, got: str | None = None) -> int:
        return sum(n for (w, g), n in confusion.items() if want in (None, w) and got in (None, g))

    false_conflicts = count(got="conflict") - count("conflict", "conflict")
    return {
        "conflict_recall": f"{count('conflict', 'conflict')}/{count('conflict')}",
        "false_conflicts": false_conflicts,
        "revision_recall": f"{count('revision', 'revision')}/{count('revision')}",
        "agree_precision": f"{count('agree', 'agree')}/{count(got='agree')}",
        "status_accuracy": f"{sum(confusion[(s, s)] for s in STATUSES)}/{sum(confusion[(s, g)] for s in STATUSES for g in [*STATUSES, 'missing', 'uncertain'])}",
        "confusion": {f"{w} -> {g}": n for (w, g), n in sorted(confusion.items())},
    }


def story_scores(gold: list[GoldArticle], analysed: dict[str, Article], corpus: Corpus) -> dict[str, Any]:
    """BCubed of the storyline each article is put in against the gold storylines."""
    story_of = {m: st.id for st in corpus.get("stories") for m in st.article_ids}
    labels = {g.url: g.story for g in gold if g.url in analysed and g.story}
    predicted = {url: story_of.get(analysed[url].id, f"alone:{url}") for url in labels}
    return {"bcubed": bcubed(labels, predicted), "articles": len(labels)}


def evaluate_clustering(path: str | Path, noise: int = 0, jobs: int = 1) -> dict[str, Any]:
    """Lead incidents and storylines of an ``incidents.jsonl`` slice against its gold."""
    gold = load_incidents_gold(path)
    corpus, analysed = analyse_gold(gold, noise=noise, jobs=jobs)
    return {"data": str(path), "articles": len(gold), "analysed": len(analysed), "noise_per_day": noise,
            "incidents": incident_scores(gold, analysed, corpus),
            "stories": story_scores(gold, analysed, corpus)}  # fmt: skip


# --- the command ---------------------------------------------------------------------------
def evaluate_accounts(folder: str | Path, noise: int = 0, jobs: int = 1) -> dict[str, Any]:
    """Everything above for one claims annotation folder."""
    gold = load_claims_gold(folder)
    corpus, analysed = analyse_gold(gold, noise=noise, jobs=jobs)
    return {
        "data": str(folder),
        "articles": len(gold),
        "analysed": len(analysed),
        "noise_per_day": noise,
        "incidents": incident_scores(gold, analysed, corpus),
        "counts": count_scores(gold, analysed, corpus),
        "labels": claim_scores(gold, analysed, corpus, LABEL_SLOTS),
        "comparison": comparison_scores(gold, analysed, corpus, load_expected(folder)),
    }
