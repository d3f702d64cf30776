"""Evaluate the ``quotes`` layer against gold attributions (``riwaya eval quotes --data GOLD``).

Gold is JSONL, one text per line: ``{"id", "text", "quotes": [{"kind", "cue", "speaker",
"speaker_kind", "content", "via": [...]}]}`` with surface strings; the default gold ships with the
package (:data:`GOLD`, described in its README.md).
Strings are located in the cleaned text: the content first (in order), then the cue, speaker and
outlets nearest to it, so a gold file stays readable and is never tied to offsets.

Predicted and gold quotes are paired by content overlap; a field counts as found when the paired
spans are equal (exact) or share a character (overlap). Chain exact-match: the gold chain and the
paired prediction's ``via`` have the same length and overlap item by item (unpaired = wrong).
Field counts are :class:`~riwaya.evaluate.metrics.PRF`, printed as ``{p, r, f1}`` rounded to 4 digits.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riwaya.analysis import process_document
from riwaya.components.quotes.component import extract
from riwaya.errors import RiwayaError
from riwaya.evaluate.metrics import PRF
from riwaya.evaluate.real_articles import GoldDoc, analyse, is_articles, load_articles, locator, overlaps
from riwaya.model import Article, RawDocument
from riwaya.pipeline import Pipeline
from riwaya.resources import data_path

GOLD = data_path("gold/quotes/gold.jsonl")  # fictional texts written for riwaya
FIELDS = ("speaker", "cue", "content")
Pair = tuple[int, int]


@dataclass
class GoldQuote:
    kind: str
    cue: Pair
    speaker: Pair
    speaker_kind: str
    content: Pair
    via: list[Pair]


@dataclass
class Scores:
    gold: int = 0
    pred: int = 0
    exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    overlap: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    chain_ok: int = 0
    chained_gold: int = 0
    chained_ok: int = 0
    kind_ok: int = 0
    speaker_kind_ok: int = 0
    pairs: int = 0
    sentences: int = 0
    seconds: float = 0.0

    def prf(self, hits: int) -> dict[str, float]:
        """The short form ``riwaya eval quotes`` prints for ``hits`` of the paired fields."""
        return PRF(hits, self.gold, self.pred).brief(4)

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "predicted": self.pred, "paired": self.pairs}
        for name in FIELDS:
            out[name] = {"exact": self.prf(self.exact[name]), "overlap": self.prf(self.overlap[name])}
        out["chain_exact_match"] = round(self.chain_ok / self.gold, 4) if self.gold else 0.0
        out["chain_exact_match_nonempty"] = (
            round(self.chained_ok / self.chained_gold, 4) if self.chained_gold else 0.0
        )
        out["kind_accuracy_paired"] = round(self.kind_ok / self.pairs, 4) if self.pairs else 0.0
        out["speaker_kind_accuracy_paired"] = (
            round(self.speaker_kind_ok / self.pairs, 4) if self.pairs else 0.0
        )
        out["sentences_per_second"] = round(self.sentences / self.seconds) if self.seconds else None
        return out


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records; a malformed line is an error naming the line (gold must be trustworthy)."""
    path = Path(path)
    if not path.exists():
        raise RiwayaError(f"gold file {str(path)!r} not found; pass --data PATH to a quotes JSONL file")
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise RiwayaError(f"{path}:{n} is not valid JSON ({exc}); fix or remove that line") from exc
    return records


def annotate(text: str, source: str = "gold") -> Article:
    """Clean, segment and read the quotes of one gold text (timing only the quotes step)."""
    pipeline = Pipeline.build(["clean", "segment", "quotes"])
    article, _ = process_document(RawDocument(text, source, {"format": "txt"}), pipeline)
    if not isinstance(article, Article):
        raise RiwayaError(f"gold text {source!r} could not be processed: {article.reason}")
    return article


def locate(text: str, record: dict[str, Any]) -> list[GoldQuote]:
    """Gold strings as spans of ``text`` (content in order; other parts nearest to it)."""
    out, cursor = [], 0
    for q in record.get("quotes", []):
        content = _find_from(text, q["content"], cursor)
        cursor = content[0] + 1
        cue = _nearest(text, q["cue"], content[0], word=True)
        speaker = _nearest(text, q["speaker"], cue[0])
        via = [_nearest(text, v, cue[0]) for v in q.get("via", [])]
        out.append(GoldQuote(q["kind"], cue, speaker, q.get("speaker_kind", ""), content, via))
    return out


def _find_from(text: str, needle: str, start: int) -> Pair:
    pos = text.find(needle, start)
    pos = text.find(needle) if pos < 0 else pos
    if pos < 0:
        raise RiwayaError(f"gold string {needle!r} does not occur in its text; correct the gold record")
    return pos, pos + len(needle)


def _nearest(text: str, needle: str, anchor: int, word: bool = False) -> Pair:
    """The occurrence of ``needle`` nearest ``anchor``, preferring one before it (cues precede)."""
    pattern = re.escape(needle)
    if word:
        pattern = rf"(?<![^\s\W\dوف]){pattern}(?!\w)"
    spots = [m.span() for m in re.finditer(pattern, text)] or [_find_from(text, needle, 0)]
    return min(spots, key=lambda s: (anchor - s[0]) if s[0] <= anchor else 10 * (s[0] - anchor))


def score(records: list[dict[str, Any]]) -> Scores:
    scores = Scores()
    for n, record in enumerate(records):
        article = annotate(record["text"], record.get("id", f"line{n + 1}"))
        gold = locate(article.text, record)
        scores.sentences += len(article.layer("sentences"))
        _score_article(scores, gold, article)
    scores.seconds = _time_quotes(records)
    return scores


def _score_article(scores: Scores, gold: list[GoldQuote], article: Article) -> None:
    pred = [q.attrs for q in article.layer("quotes")]
    scores.gold += len(gold)
    scores.pred += len(pred)
    paired = {g: p for g, p in _pair(gold, pred)}
    for g_index, g in enumerate(gold):
        p = paired.get(g_index)
        if p is None:
            continue
        scores.pairs += 1
        for name in FIELDS:
            gs, ps = getattr(g, name), (p[name].start, p[name].end)
            scores.exact[name] += gs == ps
            scores.overlap[name] += _overlaps(gs, ps)
        ok = _chain_ok(g.via, [(v.start, v.end) for v in p["via"]])
        scores.chain_ok += ok
        scores.kind_ok += g.kind == p["kind"]
        scores.speaker_kind_ok += g.speaker_kind == p["speaker"].attrs.get("kind")
    scores.chained_gold += sum(1 for g in gold if g.via)
    scores.chained_ok += sum(1 for i, g in enumerate(gold) if g.via and i in paired
                             and _chain_ok(g.via, [(v.start, v.end) for v in paired[i]["via"]]))  # fmt: skip


def _pair(gold: list[GoldQuote], pred: list[dict]) -> list[tuple[int, dict]]:
    """Greedy one-to-one pairing by content overlap, largest overlap first."""
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            c = p["content"]
            size = min(g.content[1], c.end) - max(g.content[0], c.start)
            if size > 0:
                options.append((size, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(options, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pred[pi]))
    return out


def _overlaps(a: Pair, b: Pair) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0]) or (a == b)


def _chain_ok(gold: list[Pair], pred: list[Pair]) -> bool:
    return len(gold) == len(pred) and all(_overlaps(g, p) for g, p in zip(gold, pred, strict=True))


def _time_quotes(records: list[dict[str, Any]], rounds: int = 20) -> float:
    """Seconds the quotes step alone takes over the gold texts, ``rounds`` times (sentences scaled)."""
    articles = [annotate(r["text"]) for r in records]
    t0 = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            extract(article)
    return (time.perf_counter() - t0) / rounds


def evaluate(path: str | Path | None = None) -> dict[str, Any]:
    """What ``riwaya eval quotes`` prints, on ``path`` or the shipped gold (:data:`GOLD`); an
    articles annotation folder (real news) is scored by :func:`evaluate_articles`."""
    if is_articles(path):
        return {"real_news": evaluate_articles(path)}
    return score(load_gold(path or GOLD)).report()


# --- real news: the articles annotation ------------------------------------------------------
THREE_WAY = {"mixed": "indirect"}  # the README's 3-way mapping (direct, indirect, statement)


def evaluate_articles(path: str | Path) -> dict[str, Any]:
    """The quotes layer on the real-news articles annotation (:mod:`riwaya.evaluate.real_articles`).

    Gold and predicted quotes are paired one-to-one by content overlap (largest first): quote
    recall and precision. A pair's speaker is right when the predicted speaker overlaps a
    mention of the gold speaker: its span, or for a dropped subject (``speaker: null``) any
    gold speaker or entity span of the article with the same canonical. Via exact: the paired
    prediction's ``via`` has as many items as the gold chain and each written item overlaps
    (an implicit item, without offsets, matches any); over gold quotes with a via, and over all
    paired quotes (an empty chain matching an empty one). Kind accuracy is 3-way (mixed as indirect)."""
    pipeline = Pipeline.build(["clean", "segment", "quotes"])
    c = dict.fromkeys(("gold", "pred", "paired", "speaker_ok", "content_exact", "kind_ok", "via_gold",
                       "via_ok", "via_paired_ok", "speakerless", "speakerless_ok"), 0)  # fmt: skip
    unplaced: list[str] = []
    for doc in load_articles(path):
        _score_real(doc, analyse(doc, pipeline), c, unplaced)
    out: dict[str, Any] = {"gold": c["gold"], "predicted": c["pred"], "paired": c["paired"]}
    out["quote"] = PRF(c["paired"], c["gold"], c["pred"]).brief(4)
    out["speaker_and_content"] = PRF(c["speaker_ok"], c["gold"], c["pred"]).brief(4)
    out["content_exact"] = PRF(c["content_exact"], c["gold"], c["pred"]).brief(4)
    out["speaker_right_paired"] = _rate(c["speaker_ok"], c["paired"])
    out["speaker_right_dropped_subject"] = f"{c['speakerless_ok']} of {c['speakerless']} paired"
    out["via_exact_nonempty"] = _rate(c["via_ok"], c["via_gold"])
    out["via_exact_nonempty_counts"] = f"{c['via_ok']} of {c['via_gold']}"
    out["via_exact_paired"] = _rate(c["via_paired_ok"], c["paired"])
    out["kind_accuracy_paired"] = _rate(c["kind_ok"], c["paired"])
    out["unplaced"] = unplaced
    return out


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _score_real(doc: GoldDoc, article: Article, c: dict[str, int], unplaced: list[str]) -> None:
    place, missing = locator(doc.record.get("content") or "", article)
    records = doc.gold.get("quotes", [])
    gold = []
    for q in records:
        content = place(q.get("content")) or (-2, -1)
        via = [place(v) if "start" in v else None for v in q.get("via", [])]
        gold.append(GoldQuote(q["kind"], place(q.get("cue")) or (-2, -1), place(q.get("speaker")) or (-2, -1),
                              q.get("speaker_type", ""), content, via))  # fmt: skip
    mentions = _mentions(doc, place)
    pred = [q.attrs for q in article.layer("quotes")]
    c["gold"] += len(gold)
    c["pred"] += len(pred)
    c["via_gold"] += sum(1 for g in gold if g.via)
    for gi, p in _pair(gold, pred):
        g, q = gold[gi], records[gi]
        c["paired"] += 1
        c["content_exact"] += g.content == (p["content"].start, p["content"].end)
        spans = [g.speaker] if q.get("speaker") else mentions.get(q.get("speaker_canonical"), [])
        said = (p["speaker"].start, p["speaker"].end) if p.get("speaker") else (-2, -1)
        right = any(overlaps(s, said) for s in spans)
        c["speaker_ok"] += right
        if not q.get("speaker"):
            c["speakerless"] += 1
            c["speakerless_ok"] += right
        chain = [(v.start, v.end) for v in p.get("via", [])]
        ok = len(chain) == len(g.via) and all(
            v is None or overlaps(v, x) for v, x in zip(g.via, chain, strict=True)
        )
        c["via_ok"] += ok and bool(g.via)
        c["via_paired_ok"] += ok
        c["kind_ok"] += THREE_WAY.get(g.kind, g.kind) == THREE_WAY.get(p["kind"], p["kind"])
    unplaced += missing


def _mentions(doc: GoldDoc, place) -> dict[str, list[Pair]]:
    """Canonical -> every gold span naming it (quote speakers and entities)."""
    out: dict[str, list[Pair]] = {}
    items = [(q.get("speaker"), q.get("speaker_canonical")) for q in doc.gold.get("quotes", [])]
    items += [(e, e.get("canonical")) for e in doc.gold.get("entities", [])]
    for span, canonical in items:
        at = place(span) if span else None
        if at and canonical:
            out.setdefault(canonical, []).append(at)
    return out
