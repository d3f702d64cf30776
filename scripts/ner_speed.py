"""Measure NER model load time and tagging speed (tokens/s, cold word caches) on a labelled file.

Usage: python scripts/ner_speed.py [PATH] (default ../shared/data/anercorp/test.txt)
Measures the CRF alone, then the stacked tagger (the CRF plus its networks and the USE v3 context
vectors), each in a fresh state, with one BLAS thread so the numbers are per core.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


def main(path: str | None) -> None:
    from riwaya.ner import data
    from riwaya.paths import shared_path

    sentences = [w for w, _ in data.read(path or shared_path("data", "anercorp", "test.txt"))]
    for stacked in (False, True):
        t0 = time.perf_counter()
        from riwaya.ner.stack import load

        tagger = load(None, stacked)
        print(f"== {type(tagger).__name__}: model load {time.perf_counter() - t0:.3f} s (import included)")
        if stacked:
            from riwaya.ner.context import encoder

            t0 = time.perf_counter()
            encoder()
            print(f"first call (loads the USE v3 tokenizer and table): {time.perf_counter() - t0:.3f} s")
        _time(tagger, sentences)


def _time(tagger, sentences) -> None:
    tokens = sum(map(len, sentences))
    t0, c0 = time.perf_counter(), time.process_time()
    tagger.tag_document(sentences)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"tagged {tokens} tokens, cold caches: {tokens / seconds:,.0f} tokens/s wall, "
        f"{tokens / cpu:,.0f} tokens per CPU-second (one core; wall is lower on a busy machine)"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
