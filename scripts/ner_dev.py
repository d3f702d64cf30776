"""Choose NER features/params on a dev split of ANERcorp train (never the test split).

Usage: python scripts/ner_dev.py NAME [c1 c2 iters] [--lex] [--clusters] [--extra] [--ownclusters] [--stemclusters] [--aqmar] [--wikifane]
Trains on the first 90% of train.txt (+ extras), scores the last 10% with and without the
document-consistency pass, and writes the model to /tmp/ner-NAME.crfsuite.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from riwaya.ner import clusters, crf, data, features, lexicon
from riwaya.ner.evaluate import evaluate, format_report
from riwaya.paths import shared_path


def _use_clusters(path: str = "/tmp/ner-clusters.npz") -> None:
    """Word clusters fitted (once, unsupervised) on the words of ANERcorp train."""
    if not Path(path).is_file():
        sents = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
        clusters.fit([w for words, _ in sents for w in words], path)
    clusters.use(path)


def main(argv: list[str]) -> None:
    name = argv[0]
    features.USE_CLUSTERS = bool({"--clusters", "--ownclusters", "--stemclusters"} & set(argv))
    if features.USE_CLUSTERS:
        _use_clusters()
    features.EXTRA = "--extra" in argv
    features.STEM_CLUSTERS_ONLY = "--stemclusters" in argv
    features.CLUSTER_CONTEXT = "--ownclusters" not in argv
    for arg in argv:
        if arg.startswith("--share="):
            lexicon.MIN_SHARE = float(arg.split("=", 1)[1])
    nums = [a for a in argv[1:] if not a.startswith("--")]  # --share=X sets the lexicon's MIN_SHARE
    c1, c2, iters = (float(nums[0]), float(nums[1]), int(nums[2])) if nums else (0.05, 0.01, 150)
    sents = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
    cut = int(len(sents) * 0.9)
    train, dev = sents[:cut], sents[cut:]
    if "--aqmar" in argv:
        train += data.read(shared_path("data", "aqmar", "train.txt"), "conll")
    if "--wikifane" in argv:
        train += data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
    out = f"/tmp/ner-{name}.crfsuite"
    lexicons = None
    if "--lex" in argv:
        extra = []
        if "--lexaq" in argv:
            extra += data.read(shared_path("data", "aqmar", "train.txt"), "conll")
        if "--lexwf" in argv:
            extra += data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
        lexicons = lexicon.jackknife(train, extra)
        lexicon.save(lexicon.build(train + extra), crf.lexicon_path(Path(out)))
    if "--stack" in argv:
        crf.train_stacked(train, out, {"c1": c1, "c2": c2, "max_iterations": iters})
    else:
        crf.train(train, out, {"c1": c1, "c2": c2, "max_iterations": iters}, lexicons)
    tagger = crf.Tagger(out)
    for window in (0, 10, 30):
        t0 = time.perf_counter()
        result = evaluate(dev, tagger, window)
        print(f"== {name} c1={c1} c2={c2} it={iters} window={window} ({time.perf_counter() - t0:.1f}s)")
        print(format_report(result))


if __name__ == "__main__":
    main(sys.argv[1:])
