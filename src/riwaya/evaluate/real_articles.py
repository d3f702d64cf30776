"""Hand-annotated real news (SaudiNewsNet) as evaluation input: the articles annotation format.

A gold folder (``../shared/annotation/articles``) holds ``articles.jsonl``: one line per
article with ``url, crawl_file, time_anchor`` and its ``entities``, ``times`` and ``quotes``,
each span as code-point offsets into the record's raw ``content`` (see the folder's README).
The texts are not in the folder: they are read by url from the crawl day's zip
(:func:`riwaya.evaluate.real_gold.find_record`).

Each article is analysed as riwaya analyses a SaudiNewsNet record
(:func:`riwaya.ingest.formats.from_record`), and the gold raw offsets are moved into the cleaned
text: :func:`offset_map` replays the cleaning's removals (edge whitespace, blank and
boilerplate lines, tatweel and controls dropped; inner whitespace runs as one space) so that
each raw character lands on its cleaned position; a span whose mapped text does not read as its
gold text is searched for nearest its mapped position instead, and one found nowhere is
*unplaced* (still gold, matched by no prediction). The scorers live beside the others:
:func:`riwaya.evaluate.ner.evaluate_articles`, :func:`riwaya.evaluate.times.articles_report`,
:func:`riwaya.evaluate.quotes.evaluate_articles`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riwaya.analysis import process_document
from riwaya.errors import RiwayaError
from riwaya.evaluate.real_gold import find_record, span_hash
from riwaya.ingest.formats import from_record
from riwaya.model import Article, Failure
from riwaya.paths import shared_path
from riwaya.pipeline import Pipeline

FILE = "articles.jsonl"
DROPPED = re.compile("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")  # what cleaning drops
Pair = tuple[int, int]
Locate = Callable[[dict[str, Any] | None], Pair | None]


@dataclass
class GoldDoc:
    """One annotated article: its gold line and the SaudiNewsNet record it annotates."""

    url: str
    gold: dict[str, Any]
    record: dict[str, Any]

    @property
    def anchor(self) -> str | None:
        """The publication day the annotators established (``time_anchor.date``)."""
        return (self.gold.get("time_anchor") or {}).get("date")


def default_folder() -> Path:
    """``../shared/annotation/articles`` (an error naming it when ../shared is absent)."""
    return shared_path("annotation", "articles")


def is_articles(path: str | Path | None) -> bool:
    """Whether ``path`` is an articles annotation: a folder holding ``articles.jsonl``, or that file."""
    if path is None:
        return False
    path = Path(path)
    return (path.is_dir() and (path / FILE).is_file()) or (path.is_file() and path.name == FILE)


def load_articles(path: str | Path, data_dir: str | Path | None = None) -> list[GoldDoc]:
    """Every gold article of the folder (or file) with its SaudiNewsNet record loaded."""
    path = Path(path)
    file = path / FILE if path.is_dir() else path
    if not file.is_file():
        raise RiwayaError(f"no {FILE} in {path}; pass the folder holding the articles annotation")
    docs = []
    for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RiwayaError(f"{file}:{n} is not valid JSON ({exc}); fix or remove that line") from exc
        record = find_record(gold["crawl_file"], gold["url"], data_dir)
        _hydrate(gold, record)
        _check(gold, record.get("content") or "")
        docs.append(GoldDoc(gold["url"], gold, record))
    return docs


def _hydrate(gold: dict[str, Any], record: dict[str, Any]) -> None:
    """Fill the texts of a gold file that keeps none (``eval/real/articles``: ``text_sha1`` on each
    span, ``title_sha1``) from the SaudiNewsNet record, refusing any span whose hash differs."""
    raw = record.get("content") or ""
    if "title_sha1" in gold:
        gold["title"] = record.get("title") or ""
    stack: list[Any] = [gold]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if {"start", "end", "text_sha1"} <= item.keys() and "text" not in item:
                text = raw[item["start"] : item["end"]]
                if span_hash(text) != item["text_sha1"]:
                    raise RiwayaError(f"span {item['start']}:{item['end']} of {gold['url']} does not match its "
                                      "text_sha1; the gold file and the SaudiNewsNet zip disagree")  # fmt: skip
                item["text"] = text
            stack.extend(item.values())


def _check(gold: dict[str, Any], raw: str) -> None:
    for item in gold.get("entities", []) + gold.get("times", []):
        if raw[item["start"] : item["end"]] != item["text"]:
            raise RiwayaError(f"span {item['start']}:{item['end']} of {gold['url']} reads "
                              f"{raw[item['start']:item['end']]!r}, gold says {item['text']!r}")  # fmt: skip


def analyse(doc: GoldDoc, pipeline: Pipeline, published: str | None = None) -> Article:
    """The article riwaya makes of the record; ``published`` (an ISO day) given as its date."""
    record = dict(doc.record, date=published) if published else doc.record
    raw = from_record(record, doc.url, {})
    article = raw if isinstance(raw, Failure) else process_document(raw, pipeline)[0]
    if not isinstance(article, Article):
        raise RiwayaError(f"{doc.url} could not be analysed: {article.reason}")
    return article


# --- raw offsets into the cleaned text ------------------------------------------------------
def offset_map(raw: str, article: Article) -> list[int | None]:
    """For each raw character (and the end), its position in the cleaned text, or None if dropped."""
    text, out, j, i = article.text, [None] * (len(raw) + 1), 0, 0
    cuts = sorted((r["raw_start"], r["raw_end"], r["reason"]) for r in article.removals if "raw_start" in r)
    k = 0
    while i < len(raw):
        while k < len(cuts) and cuts[k][1] <= i:
            k += 1
        if k < len(cuts) and cuts[k][0] <= i < cuts[k][1]:
            start, end, reason = cuts[k]
            if reason == "whitespace normalised" and j < len(text) and text[j] == " ":
                out[start:end] = [j if raw[x].isspace() else None for x in range(start, end)]
                j += 1
            i = end
            continue
        if j < len(text) and raw[i] == text[j]:
            out[i] = j
            j += 1
        i += 1
    out[len(raw)] = len(text)
    return out


def surface_form(text: str) -> str:
    """A gold string as cleaning writes it: no tatweel or invisible controls, whitespace as one space."""
    return " ".join(DROPPED.sub("", text).split())


def locator(raw: str, article: Article) -> tuple[Locate, list[str]]:
    """A function from a gold span object ``{start, end, text}`` to its cleaned span (None when
    the span is absent or found nowhere), and the list it appends unplaced gold strings to."""
    mapping, text, unplaced = offset_map(raw, article), article.text, []

    def place(span: dict[str, Any] | None) -> Pair | None:
        if not span or "start" not in span:
            return None
        wanted = surface_form(raw[span["start"] : span["end"]])
        if not wanted:
            return None
        at = _mapped(mapping, span["start"], span["end"])
        if at and text[at[0] : at[1]] == wanted:
            return at
        hits = [m.start() for m in re.finditer(re.escape(wanted), text)]
        if not hits:
            unplaced.append(wanted)
            return None
        guess = at[0] if at else span["start"]
        best = min(hits, key=lambda h: abs(h - guess))
        return best, best + len(wanted)

    return place, unplaced


def _mapped(mapping: list[int | None], start: int, end: int) -> Pair | None:
    first = next((mapping[i] for i in range(start, end) if mapping[i] is not None), None)
    last = next((mapping[i] for i in range(end - 1, start - 1, -1) if mapping[i] is not None), None)
    return (first, last + 1) if first is not None and last is not None else None


def overlaps(a: Pair, b: Pair) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_one_to_one(gold: list[tuple], pred: list[tuple], same: Callable[[tuple, tuple], bool]) -> int:
    """Gold spans ``(start, end, ...)`` matched one-to-one to predicted ones that overlap them and
    satisfy ``same``; exact offsets are taken first. Returns the number matched."""
    free, hits = list(pred), 0
    for g in gold:
        cands = [p for p in free if overlaps(g[:2], p[:2]) and same(g, p)]
        if not cands:
            continue
        pick = next((p for p in cands if p[:2] == g[:2]), cands[0])
        free.remove(pick)
        hits += 1
    return hits
