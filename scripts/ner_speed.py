"""Measure NER model load time and tagging speed (tokens/s) on labelled text or on news articles.

Usage: python scripts/ner_speed.py [PATH | saudinewsnet:N]
PATH: an ANERcorp-format file (default ../shared/data/anercorp/test.txt), tagged as one document
with cold word caches. ``saudinewsnet:N``: the first N SaudiNewsNet articles, split into sentences
and tokens as riwaya does and tagged article by article (caches warm up as in a long run); also
reports the share of tokens the stacked tagger sends through its networks.
Measures the CRF alone, then the stacked tagger (the CRF plus its networks and the USE v3 context
vectors), each in a fresh state: one BLAS thread, so the numbers are per core, and the
word-feature caches emptied before each tagger, as in a new process.
"""

from __future__ import annotations

import os
import sys
import time
from itertools import islice

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads (riwaya imports it)
os.environ.setdefault("OMP_NUM_THREADS", "1")

from riwaya.bench.throughput import iter_records  # noqa: E402
from riwaya.components.entities import data  # noqa: E402
from riwaya.components.entities.context import encoder  # noqa: E402
from riwaya.components.entities.features import context_features, word_features  # noqa: E402
from riwaya.components.entities.shipped import load  # noqa: E402
from riwaya.paths import shared_path  # noqa: E402
from riwaya.text.tokens import split_sentences, tokenize  # noqa: E402


def main(source: str | None) -> None:
    docs = (
        _articles(int(source.split(":")[1]))
        if source and source.startswith("saudinewsnet:")
        else _anercorp(source)
    )
    for stacked in (False, True):
        t0 = time.perf_counter()
        tagger = load(None, stacked)
        print(f"== {type(tagger).__name__}: model load {time.perf_counter() - t0:.3f} s (import included)")
        if stacked:
            t0 = time.perf_counter()
            encoder()
            print(f"USE v3 tokenizer and table: {time.perf_counter() - t0:.3f} s")
        _time(tagger, docs)
    _share(tagger, docs)


def _anercorp(path: str | None) -> list[list[list[str]]]:
    return [[w for w, _ in data.read(path or shared_path("data", "anercorp", "test.txt"))]]


def _articles(n: int) -> list[list[list[str]]]:
    """Tokenised sentences of the first ``n`` SaudiNewsNet articles (benchmarks only, never shipped)."""
    docs = []
    for record in islice(iter_records(shared_path("data", "saudinewsnet")), n):
        text = record.get("content") or ""
        sentences = (
            [text[t.start : t.end] for t in tokenize(text, s.start, s.end)] for s in split_sentences(text)
        )
        docs.append([s for s in sentences if s])
    return docs


def _time(tagger, docs) -> None:
    word_features.cache_clear()  # cold word caches for each tagger, not warmed by the last one
    context_features.cache_clear()
    tokens = sum(len(s) for doc in docs for s in doc)
    t0, c0 = time.perf_counter(), time.process_time()
    for doc in docs:
        tagger.tag_document(doc)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"tagged {tokens} tokens in {len(docs)} document(s): {tokens / seconds:,.0f} tokens/s wall, "
        f"{tokens / cpu:,.0f} tokens per CPU-second (one core; wall is lower on a busy machine)"
    )


def _share(tagger, docs) -> None:
    """Share of tokens in sentences the CRF is unsure of (those the networks tag)."""
    if not hasattr(tagger, "gate"):
        return
    sent = [s for doc in docs for s in doc if s]
    unsure = sum(len(s) for s in sent if min(max(m) for m in tagger.marginals(s)) < tagger.gate)
    print(f"tokens through the networks: {unsure / sum(map(len, sent)):.0%}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
