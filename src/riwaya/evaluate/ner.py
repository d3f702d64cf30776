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


def format_report(result: dict[str, dict[str, float]]) -> str:
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for kind, m in result.items():
        lines.append(f"{kind:<6} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['gold']:6d} {m['predicted']:6d}")  # fmt: skip
    return "\n".join(lines)
