"""NER evaluation: exact-span (CoNLL style) precision, recall and F1 per type and micro-averaged.

:func:`evaluate_ner` is what ``riwaya eval ner`` runs: the shipped (or a given) tagger on a
labelled file (ANERcorp, CoNLL, WikiFANE), or the whole entities step on articles whose names
are marked ``[[TYPE|name]]`` (:func:`evaluate_marked`). Counts are
:class:`~riwaya.evaluate.metrics.PRF`; results are their ``to_dict()`` per type and ``micro``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from riwaya.analysis import process_document
from riwaya.components.entities import shipped
from riwaya.components.entities.data import Sentence, chunks, read
from riwaya.errors import RiwayaError
from riwaya.evaluate.metrics import PRF
from riwaya.evaluate.real_articles import GoldDoc, analyse, load_articles, locator, match_one_to_one
from riwaya.model import Article, RawDocument
from riwaya.pipeline import Pipeline

TYPES = ("PER", "ORG", "LOC", "MISC")
MARK = re.compile(r"\[\[(PER|ORG|LOC|MISC)\|([^\[\]|]+)\]\]")


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per-type and ``micro`` P/R/F1 plus counts, from aligned gold and predicted tag lists."""

    def spans(tag_lists):
        return {(i, *chunk) for i, tags in enumerate(tag_lists) for chunk in chunks(tags)}

    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences against {len(pred)} predicted")
    return score_spans(spans(gold), spans(pred))


def score_spans(gold: set[tuple], pred: set[tuple]) -> dict[str, dict[str, float]]:
    """As :func:`score`, from sets of (document, start, end, type) spans."""
    counts = {name: Counter(span[-1] for span in spans) for name, spans in (("gold", gold), ("pred", pred))}
    tp = Counter(span[-1] for span in gold & pred)
    kinds = sorted(set(counts["gold"]) | set(counts["pred"]), key=lambda k: (k not in TYPES, k))
    out = {k: PRF(tp[k], counts["gold"][k], counts["pred"][k]).to_dict() for k in kinds}
    out["micro"] = PRF.of_sets(gold, pred).to_dict()
    return out


def read_marked(path: str | Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Articles of a JSONL file of ``{"id", "text"}`` whose names are marked ``[[TYPE|name]]``:
    (plain text, gold (start, end, type) character spans)."""
    articles = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            articles.append(_unmarked(json.loads(line)["text"]))
    return articles


def _unmarked(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    spans, removed = [], 0
    for m in MARK.finditer(text):
        start = m.start() - removed
        spans.append((start, start + len(m.group(2)), m.group(1)))
        removed += len(m.group(0)) - len(m.group(2))
    return MARK.sub(r"\2", text), spans


def evaluate_marked(path: str | Path) -> dict[str, dict[str, float]]:
    """Exact-span scores of the whole entities step (cleaning, sentences, tokens, taggers,
    trimming) on marked articles: what a user of ``riwaya analyze`` gets, in either language."""
    pipeline = Pipeline.build(["clean", "segment", "entities"])
    gold, pred = set(), set()
    for k, (text, spans) in enumerate(read_marked(path)):
        article, _ = process_document(RawDocument(text, f"{path}#{k}", {"format": "txt"}), pipeline)
        if not isinstance(article, Article):
            raise RiwayaError(f"article {k + 1} of {path} could not be analysed: {article.reason}")
        gold |= {(k, *span) for span in _located(text, spans, article.text)}
        pred |= {(k, s.start, s.end, s.label) for s in article.layer("entities") if not s.attrs.get("role")}
    return score_spans(gold, pred)


def _located(text: str, spans: list[tuple[int, int, str]], cleaned: str) -> list[tuple[int, int, str]]:
    """Gold spans moved into the cleaned text (the same text unless cleaning changed spacing),
    each found after the previous one."""
    if cleaned == text:
        return spans
    out, pos = [], 0
    for start, end, kind in spans:
        found = cleaned.find(text[start:end], pos)
        if found < 0:  # cleaning dropped it: still a gold name, one no prediction can match
            out.append((-1 - len(out), -1, kind))
            continue
        out.append((found, found + end - start, kind))
        pos = found + end - start
    return out


def evaluate(sentences: list[Sentence], tagger=None, window: int = 30) -> dict[str, dict[str, float]]:
    """Scores of ``tagger`` (default: the shipped one) on labelled sentences, tagged as one document
    with a consistency window of ``window`` sentences."""
    tagger = tagger or shipped.tagger()
    pred = tagger.tag_document([w for w, _ in sentences], window)
    return score([t for _, t in sentences], pred)


def evaluate_ner(
    path: str | Path, fmt: str = "anercorp", model: str | None = None, stacked: bool = True, window: int = 30
) -> dict[str, dict[str, float]]:
    """Per-type and micro exact-span P/R/F1 of the shipped (or given) model on a labelled file,
    with its stacked networks unless ``stacked`` is False; ``fmt="marked"`` runs the whole
    entities step instead (:func:`evaluate_marked`)."""
    if fmt == "marked":
        return evaluate_marked(path)
    return evaluate(read(path, fmt), shipped.tagger(str(model) if model else None, stacked), window)


ARTICLE_TYPES = ("PER", "ORG", "LOC")
AS_LOC = {"FAC": "LOC", "GPE": "LOC"}  # facilities (and geopolitical names) are scored as LOC


def evaluate_articles(path: str | Path) -> dict[str, object]:
    """Typed-mention P/R/F1 per type (PER, ORG, LOC with facilities as LOC) of the whole
    entities step on the real-news articles annotation (:mod:`riwaya.evaluate.real_articles`),
    exact (same offsets) and overlap (one-to-one, same type, any shared character). Other
    predicted types (MISC) are not annotated there and count neither way."""
    pipeline = Pipeline.build(["clean", "segment", "entities"])
    gold, pred, unplaced, fac = [], [], [], [0, 0]
    for k, doc in enumerate(load_articles(path)):
        g, p, u = _article_mentions(k, doc, pipeline, fac)
        gold += g
        pred += p
        unplaced += u
    exact = score_spans(set(gold), set(pred))
    overlap: dict[str, dict[str, float]] = {}
    for kind in [k for k in exact if k in ARTICLE_TYPES]:
        g, p = [s for s in gold if s[-1] == kind], [s for s in pred if s[-1] == kind]
        overlap[kind] = PRF(_hits(g, p), len(g), len(p)).to_dict()
    overlap["micro"] = PRF(_hits(gold, pred), len(gold), len(pred)).to_dict()
    return {"exact": exact, "overlap": overlap, "facilities": {"gold": fac[0], "found_exact": fac[1]},
            "unplaced": unplaced}  # fmt: skip


def _article_mentions(k: int, doc: GoldDoc, pipeline: Pipeline, fac: list[int]):
    article = analyse(doc, pipeline)
    place, unplaced = locator(doc.record.get("content") or "", article)
    gold = []
    for e in doc.gold.get("entities", []):
        at = place(e)
        gold.append((k, *at, e["type"]) if at else (k, -1 - len(gold), -1, e["type"]))
    pred = [(k, s.start, s.end, AS_LOC.get(s.label, s.label)) for s in article.layer("entities")
            if not s.attrs.get("role") and AS_LOC.get(s.label, s.label) in ARTICLE_TYPES]  # fmt: skip
    facilities = [
        g for g, e in zip(gold, doc.gold.get("entities", []), strict=True) if e.get("subtype") == "FAC"
    ]
    fac[0] += len(facilities)
    fac[1] += len(set(facilities) & set(pred))
    return gold, pred, unplaced


def _hits(gold: list[tuple], pred: list[tuple]) -> int:
    """One-to-one overlap matches of the same type, within the same article."""
    by_doc: dict[int, list[tuple]] = {}
    for p in pred:
        by_doc.setdefault(p[0], []).append(p[1:])
    hits = 0
    for k in sorted({g[0] for g in gold}):
        g = [s[1:] for s in gold if s[0] == k]
        hits += match_one_to_one(g, by_doc.get(k, []), lambda a, b: a[-1] == b[-1])
    return hits


def format_articles_report(result: dict[str, object]) -> str:
    """Both tables of :func:`evaluate_articles`, then the facilities line and unplaced spans."""
    fac = result["facilities"]
    lines = ["exact spans", format_report(result["exact"]), "", "overlapping spans (one-to-one, same type)",
             format_report(result["overlap"]), "",
             f"facilities (LOC subtype FAC): {fac['found_exact']} of {fac['gold']} found exactly"]  # fmt: skip
    if result["unplaced"]:
        lines.append(f"gold spans not found in the cleaned text: {len(result['unplaced'])}")
    return "\n".join(lines)


def format_report(result: dict[str, dict[str, float]]) -> str:
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for kind, m in result.items():
        lines.append(f"{kind:<6} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['gold']:6d} {m['predicted']:6d}")  # fmt: skip
    return "\n".join(lines)
