"""Exact-span (CoNLL style) precision, recall and F1 per type and micro-averaged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from riwaya.ner.data import Sentence, chunks, read

TYPES = ("PER", "ORG", "LOC", "MISC")


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per-type and ``micro`` P/R/F1 plus counts, from aligned gold and predicted tag lists."""
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g, p = chunks(g_tags), chunks(p_tags)
        for s in g:
            n_gold[s[2]] += 1
        for s in p:
            n_pred[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
    kinds = sorted(set(n_gold) | set(n_pred), key=lambda k: (k not in TYPES, k))
    out = {k: _prf(tp[k], n_gold[k], n_pred[k]) for k in kinds}
    out["micro"] = _prf(sum(tp.values()), sum(n_gold.values()), sum(n_pred.values()))
    return out


def _prf(tp: int, gold: int, pred: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "gold": gold, "predicted": pred, "correct": tp}


def evaluate(sentences: list[Sentence], tagger=None, window: int = 30) -> dict[str, dict[str, float]]:
    from riwaya.ner.crf import tagger as shipped

    tagger = tagger or shipped()
    pred = tagger.tag_document([w for w, _ in sentences], window)
    return score([t for _, t in sentences], pred)


def evaluate_file(
    path: str | Path, fmt: str = "anercorp", model: str | None = None, window: int = 30, stacked: bool = True
):
    """Score the shipped (or given) model on a labelled file (with its stacked networks unless
    ``stacked`` is False)."""
    from riwaya.ner.crf import tagger

    return evaluate(read(path, fmt), tagger(str(model) if model else None, stacked), window)


def format_report(result: dict[str, dict[str, float]]) -> str:
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for kind, m in result.items():
        lines.append(f"{kind:<6} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['gold']:6d} {m['predicted']:6d}")  # fmt: skip
    return "\n".join(lines)
