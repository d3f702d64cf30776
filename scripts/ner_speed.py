"""Measure NER model load time and tagging speed (tokens/s, cold word caches) on a labelled file.

Usage: python scripts/ner_speed.py [PATH] (default ../shared/data/anercorp/test.txt)
"""

from __future__ import annotations

import sys
import time


def main(path: str | None) -> None:
    from riwaya.ner import data
    from riwaya.paths import shared_path

    sentences = [w for w, _ in data.read(path or shared_path("data", "anercorp", "test.txt"))]
    t0 = time.perf_counter()
    from riwaya.ner.crf import Tagger

    tagger = Tagger()
    print(f"model load: {time.perf_counter() - t0:.3f} s (import included)")
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
