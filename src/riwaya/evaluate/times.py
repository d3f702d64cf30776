"""Evaluation of the tagger: gold JSONL, the Wojood sample's DATE/TIME spans, and dateparser side by side.

Gold records are ``{text, dct, spans: [{start, end, type, value}]}``. Detection is scored exact
(same offsets) and overlap (one-to-one, any shared character), each a
:class:`~riwaya.evaluate.metrics.PRF` printed as ``{p, r, f1}`` rounded to 3 digits; value
accuracy counts gold spans whose overlapping prediction has the same value (``value_acc``) and
the same over detected spans only (``value_acc_detected``). The default gold ships with the
package (:data:`GOLD`).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from riwaya.components.times.tagger import tag
from riwaya.errors import require
from riwaya.evaluate.metrics import PRF
from riwaya.evaluate.real_articles import analyse, is_articles, load_articles, locator
from riwaya.pipeline import Pipeline
from riwaya.resources import data_path

GOLD = data_path("gold/times/gold.jsonl")  # fictional sentences written for riwaya (gold.txt: their markup)
MARK = re.compile(r"\{([^{}|]+)\|([^{}|]+)\|([^{}|]+)\}")
Pred = tuple[int, int, str | None]  # start, end, value


# ---------------------------------------------------------------- gold files


def markup_to_records(markup: str) -> list[dict[str, Any]]:
    """``@dct`` lines and ``{surface|type|value}`` marks (see ``riwaya/data/gold/times/gold.txt``) to records."""
    records, dct = [], None
    for line in markup.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@dct"):
            dct = line.split()[1] if line.split()[1] != "-" else None
            continue
        records.append(_record(line, dct))
    return records


def _record(line: str, dct: str | None) -> dict[str, Any]:
    text, spans, pos = "", [], 0
    for match in MARK.finditer(line):
        text += line[pos : match.start()]
        surface, typ, value = match.groups()
        spans.append({"start": len(text), "end": len(text) + len(surface), "type": typ,
                      "value": None if value == "null" else value})  # fmt: skip
        text += surface
        pos = match.end()
    return {"text": text + line[pos:], "dct": dct, "spans": spans}


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(ln) for ln in lines if ln.strip()]


def read_wojood(path: str | Path, labels: Iterable[str] = ("DATE", "TIME")) -> list[dict[str, Any]]:
    """Wojood CoNLL (``token TAG [nested TAG ...]``) to records whose text joins tokens with spaces."""
    records, tokens = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            tokens.append(line.split(" "))
        elif tokens:
            records.append(_wojood_record(tokens, set(labels)))
            tokens = []
    return records


def _wojood_record(tokens: list[list[str]], labels: set[str]) -> dict[str, Any]:
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok[0]) + 1
    spans = []
    for col in range(1, max(len(t) for t in tokens)):
        tags = [t[col] if col < len(t) else "O" for t in tokens]
        for i, j, label in _bio_runs(tags):
            if label in labels:
                spans.append(
                    {
                        "start": starts[i],
                        "end": starts[j - 1] + len(tokens[j - 1][0]),
                        "type": label,
                        "value": None,
                    }
                )
    return {"text": " ".join(t[0] for t in tokens), "dct": None, "spans": spans}


def _bio_runs(tags: list[str]) -> Iterable[tuple[int, int, str]]:
    i = 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            label, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + label:
                j += 1
            yield i, j, label
            i = j
        else:
            i += 1


# ---------------------------------------------------------------- scoring


def riwaya_predict(text: str, dct: str | None) -> list[Pred]:
    anchor = date.fromisoformat(dct) if dct else None
    return [(t.start, t.end, t.value) for t in tag(text, anchor)]


def score(
    records: list[dict[str, Any]],
    predict: Callable[[str, str | None], list[Pred]],
    *,
    gold_types: Iterable[str] | None = None,
    ignore_types: Iterable[str] = (),
) -> dict[str, Any]:
    """Detection P/R/F1 (exact, overlap) and value accuracy of ``predict`` over ``records``.

    Predictions overlapping a gold span of an ``ignore_types`` type count neither way (used to
    score Wojood DATE without penalising matches of its TIME spans).
    """
    wanted, ignored = set(gold_types or []), set(ignore_types)
    counts = dict.fromkeys(("gold", "pred", "exact", "overlap", "value_ok", "value_ok_detected"), 0)
    seconds = 0.0
    for rec in records:
        t0 = time.perf_counter()
        preds = predict(rec["text"], rec.get("dct"))
        seconds += time.perf_counter() - t0
        gold = [s for s in rec["spans"] if not wanted or s["type"] in wanted]
        skip = [s for s in rec["spans"] if s["type"] in ignored]
        preds = [p for p in preds if not any(_overlaps(p, (s["start"], s["end"])) for s in skip)]
        _count(gold, preds, counts)
    return _metrics(counts) | {"seconds": round(seconds, 3), "records": len(records)}


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _count(gold: list[dict], preds: list[Pred], counts: dict[str, int]) -> None:
    counts["gold"] += len(gold)
    counts["pred"] += len(preds)
    free = list(preds)
    for g in gold:
        span = (g["start"], g["end"])
        counts["exact"] += any(p[:2] == span for p in preds)
        match = next((p for p in free if p[:2] == span), None) or next(
            (p for p in free if _overlaps(p, span)), None
        )
        if match is None:
            continue
        free.remove(match)
        counts["overlap"] += 1
        if _same_value(match[2], g["value"]) or match[2] in g.get("also", ()):
            counts["value_ok"] += 1
    counts["value_ok_detected"] = counts["value_ok"]


def _same_value(pred: str | None, gold: str | None) -> bool:
    return pred == gold


def _metrics(c: dict[str, int]) -> dict[str, Any]:
    exact, overlap = (PRF(c[hits], c["gold"], c["pred"]) for hits in ("exact", "overlap"))
    return {
        "gold": c["gold"], "pred": c["pred"], "exact": exact.brief(), "overlap": overlap.brief(),
        "value_acc": round(c["value_ok"] / c["gold"], 3) if c["gold"] else 0.0,
        "value_acc_detected": round(c["value_ok"] / c["overlap"], 3) if c["overlap"] else 0.0,
    }  # fmt: skip


# ---------------------------------------------------------------- dateparser side by side


def dateparser_predict(text: str, dct: str | None) -> list[Pred]:
    """dateparser's ``search_dates`` (languages=['ar']) as spans; values are day-precision ISO dates."""
    search = require("dateparser.search", "eval", "riwaya eval times --bench")
    settings = {"RELATIVE_BASE": datetime.fromisoformat(dct)} if dct else {}
    found = search.search_dates(text, languages=["ar"], settings=settings) or []
    preds, pos = [], 0
    for surface, when in found:
        start = text.find(surface, pos)
        start = text.find(surface) if start < 0 else start
        if start < 0:
            continue
        preds.append((start, start + len(surface), when.date().isoformat()))
        pos = start + len(surface)
    return preds


def day_values_only(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold restricted to spans whose value is a full day (what dateparser can express)."""
    day = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    return [
        rec | {"spans": [s for s in rec["spans"] if s["value"] and day.match(s["value"])]} for rec in records
    ]


def day_predict(predict: Callable[[str, str | None], list[Pred]]) -> Callable[[str, str | None], list[Pred]]:
    """Predictions with values cut to their day (``2021-11-07TEV`` -> ``2021-11-07``) for a fair comparison."""
    return lambda text, dct: [(s, e, v[:10] if v else v) for s, e, v in predict(text, dct)]


def benchmark(gold: list[dict[str, Any]], wojood: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """riwaya vs dateparser on the same inputs: detection, day-value accuracy and speed."""
    report: dict[str, Any] = {}
    riwaya_predict("اليوم 5 مايو", None)  # warm both up: regex compilation, dateparser's language data
    dateparser_predict("اليوم 5 مايو", None)
    for name, predict in (("riwaya", riwaya_predict), ("dateparser", dateparser_predict)):
        row = {
            "gold_all": score(gold, predict),
            "gold_day_values": score(day_values_only(gold), day_predict(predict)),
        }
        if wojood:
            row["wojood_date"] = score(wojood, predict, gold_types=["DATE"], ignore_types=["TIME"])
        report[name] = row
    total = {n: sum(v["seconds"] for v in row.values()) for n, row in report.items()}
    report["speedup"] = round(total["dateparser"] / total["riwaya"], 1) if total["riwaya"] else None
    return report


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Gold JSONL, gold markup (.txt) or a Wojood CoNLL file (any other name ending in .txt with tags)."""
    path = Path(path)
    if path.suffix == ".jsonl":
        return read_jsonl(path)
    text = path.read_text(encoding="utf-8")
    if "{" in text and "|" in text:
        return markup_to_records(text)
    return read_wojood(path)


# ---------------------------------------------------------------- real news (articles annotation)

GREGORIAN_GLOSS = re.compile(r"=\s*(?:[A-Z][a-z]{2}\s+)?(\d{4}-\d{2}-\d{2})")


def articles_report(path: str | Path) -> dict[str, Any]:
    """The times layer of the pipeline on the real-news articles annotation
    (:mod:`riwaya.evaluate.real_articles`), each article dated by its gold ``time_anchor``:
    detection (exact, overlap), value accuracy (a Hijri gold value also accepts the Gregorian
    day its note gives), per gold type; and, on a second run dated as riwaya dates it (crawl
    metadata, self-dating phrases), how often riwaya's publication day is the anchor."""
    pipeline = Pipeline.build(["clean", "segment", "times"])
    counts = dict.fromkeys(("gold", "pred", "exact", "overlap", "value_ok", "value_ok_detected"), 0)
    per_type: dict[str, dict[str, int]] = {}
    published, unplaced, wrong_day = 0, [], []
    docs = load_articles(path)
    for doc in docs:
        article = analyse(doc, pipeline, doc.anchor)
        place, missing = locator(doc.record.get("content") or "", article)
        gold = [_gold_time(t, place(t), n) for n, t in enumerate(doc.gold.get("times", []))]
        preds = [(s.start, s.end, s.attrs.get("value")) for s in article.layer("times")]
        _count(gold, preds, counts)
        for g in gold:
            row = per_type.setdefault(g["type"], dict.fromkeys(("gold", "overlap", "value_ok"), 0))
            one = dict.fromkeys(counts, 0)
            _count([g], preds, one)
            for key in row:
                row[key] += one[key]
        unplaced += missing
        own = analyse(doc, pipeline).published
        published += bool(own.value) and own.value[:10] == doc.anchor
        if not (own.value and own.value[:10] == doc.anchor):
            wrong_day.append(f"{doc.gold.get('source')}: {own.value} ({own.source}), anchor {doc.anchor}")
    return _metrics(counts) | {
        "per_type": per_type,
        "hijri_gold": sum(t.get("calendar") == "hijri" for d in docs for t in d.gold.get("times", [])),
        "publication_day_right": f"{published} of {len(docs)}",
        "publication_day_wrong": wrong_day,
        "articles": len(docs),
        "unplaced": unplaced,
    }


def _gold_time(t: dict[str, Any], at: tuple[int, int] | None, n: int) -> dict[str, Any]:
    start, end = at or (-2 - n, -1 - n)  # unplaced: still gold, matched by nothing
    also = GREGORIAN_GLOSS.findall(t.get("note", "")) if t.get("calendar") == "hijri" else []
    return {"start": start, "end": end, "type": t["type"], "value": t.get("value"), "also": also[:1]}


def report(
    data: str | Path | None = None, wojood: str | Path | None = None, bench: bool = False
) -> dict[str, Any]:
    """What ``riwaya eval times`` prints: gold scores (default :data:`GOLD`), Wojood DATE scores,
    and optionally dateparser."""
    if is_articles(data):
        return {"real_news": articles_report(data)}
    gold = load_records(data or GOLD)
    woj = read_wojood(wojood) if wojood else None
    out: dict[str, Any] = {"gold": score(gold, riwaya_predict)}
    if woj is not None:
        out["wojood_date"] = score(woj, riwaya_predict, gold_types=["DATE"], ignore_types=["TIME"])
        out["wojood_date_time"] = score(woj, riwaya_predict)
    if bench:
        out["benchmark"] = benchmark(gold, woj)
    return out
