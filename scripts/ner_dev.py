"""Choose NER features/params on a dev split of ANERcorp train (never the test split).

Usage: python scripts/ner_dev.py NAME [c1 c2 iters] [--lex] [--clusters] [--extra] [--ownclusters]
  [--stemclusters] [--aqmar] [--wikifane [--aug] [--wfper]] [--nonames] [--nlaq] [--f=ngram|vowel|pname]
  [--p=KEY=VALUE (crfsuite setting, e.g. algorithm=ap)] [--fold=K] [--dense [--densetype]]
Trains on the first 90% of train.txt (+ extras), scores the last 10% with and without the
document-consistency pass, and writes the model to /tmp/ner-NAME.crfsuite. The WikiFANE name list
is on unless --nonames; --fold=K takes the K-th tenth of train as dev instead (K=9 by default).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from riwaya.components.entities import clusters, crf, data, features, lexicon
from riwaya.evaluate.ner import evaluate, format_report
from riwaya.paths import shared_path
from riwaya.training import ner_clusters, ner_crf, ner_dense


def _use_clusters(path: str = "/tmp/ner-clusters.npz") -> None:
    """Word clusters fitted (once, unsupervised) on the words of ANERcorp train."""
    if not Path(path).is_file():
        sents = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
        ner_clusters.fit([w for words, _ in sents for w in words], path)
    clusters.use(path)


def main(argv: list[str]) -> None:
    name = argv[0]
    features.USE_CLUSTERS = bool({"--clusters", "--ownclusters", "--stemclusters"} & set(argv))
    if features.USE_CLUSTERS:
        _use_clusters()
    features.EXTRA = "--extra" in argv
    features.STEM_CLUSTERS_ONLY = "--stemclusters" in argv
    features.CLUSTER_CONTEXT = "--ownclusters" not in argv
    features.FLAGS = {a.split("=", 1)[1] for a in argv if a.startswith("--f=")}
    for arg in argv:
        if arg.startswith("--share="):
            lexicon.MIN_SHARE = float(arg.split("=", 1)[1])
    nums = [a for a in argv[1:] if not a.startswith("--")]  # --share=X sets the lexicon's MIN_SHARE
    c1, c2, iters = (float(nums[0]), float(nums[1]), int(nums[2])) if nums else (0.05, 0.01, 150)
    sents = data.read(shared_path("data", "anercorp", "train.txt"), "anercorp")
    fold = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--fold=")), 9)
    lo, hi = int(len(sents) * fold / 10), int(len(sents) * (fold + 1) / 10)  # --fold=K: another 10%
    train, dev = sents[:lo] + sents[hi:], sents[lo:hi]
    if "--aqmar" in argv:
        train += data.read(shared_path("data", "aqmar", "train.txt"), "conll")
    domains = None
    if "--wikifane" in argv:
        wf = data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
        if "--wfper" in argv:  # only sentences with a person and no other name
            wf = [s for s in wf if {t[2:] for t in s[1] if t != "O"} == {"PER"}]
        domains = [""] * len(train) + ["wf"] * len(wf) if "--aug" in argv else None
        train += wf
    out = f"/tmp/ner-{name}.crfsuite"
    names = None
    if "--nonames" not in argv:  # WikiFANE (+ AQMAR with --nlaq) name list as its own feature
        other = data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
        if "--nlaq" in argv:
            other += data.read(shared_path("data", "aqmar", "train.txt"), "conll")
        names = lexicon.names(other)
        lexicon.save_names(names, crf.names_path(Path(out)))
    else:
        crf.names_path(Path(out)).unlink(missing_ok=True)
    params = {"c1": c1, "c2": c2, "max_iterations": iters}
    for arg in argv:  # --p=KEY=VALUE: other crfsuite settings (algorithm=ap, feature.minfreq=2, ...)
        if arg.startswith("--p="):
            key, value = arg[4:].split("=", 1)
            params[key] = value if key == "algorithm" else (float(value) if "." in value else int(value))
    lexicons = None
    if "--lex" in argv:
        extra = []
        if "--lexaq" in argv:
            extra += data.read(shared_path("data", "aqmar", "train.txt"), "conll")
        if "--lexwf" in argv:
            extra += data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
        lexicons = lexicon.jackknife(train, extra)
        lexicon.save(lexicon.build(train + extra), crf.lexicon_path(Path(out)))
    preds = None
    crf.dense_path(Path(out)).unlink(missing_ok=True)
    if "--dense" in argv:  # stacked MLP over subword vectors, jackknifed on train (entities/dense.py)
        ner_dense.TYPES_ONLY = "--densetype" in argv
        preds, model = ner_dense.jackknife(train)
        model.save(crf.dense_path(Path(out)))
    if "--stack" in argv:
        ner_crf.train_stacked(train, out, params)
    else:
        ner_crf.train(train, out, params, lexicons, domains=domains, names=names, dense=preds)
    tagger = crf.Tagger(out)
    for window in (0, 10, 30):
        t0 = time.perf_counter()
        result = evaluate(dev, tagger, window)
        print(f"== {name} c1={c1} c2={c2} it={iters} window={window} ({time.perf_counter() - t0:.1f}s)")
        print(format_report(result))


if __name__ == "__main__":
    main(sys.argv[1:])
