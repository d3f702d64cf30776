"""Dev check of the stacked BiLSTM-CRF (riwaya.components.entities.neural) against the CRF alone.

Usage: python scripts/ner_neural_dev.py OOF_DIR [key=value ...]   (after scripts/ner_oof.py dev OOF_DIR)
Trains on OOF_DIR/train.pkl (first 90% of ANERcorp train, out-of-fold CRF marginals), scores
OOF_DIR/eval.pkl (last 10%) with repairs and the document pass, beside the CRF alone.
``ext_proj=128 ext_dropout=0.5`` adds the USE v3 context vectors (riwaya.components.entities.context) as the
shipped networks do (riwaya.training.ner_stack.HPARAMS).
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np

from riwaya.components.entities import crf, neural
from riwaya.components.entities.context import encoder
from riwaya.evaluate.ner import format_report, score
from riwaya.training import ner_neural


def main(argv):
    oof = Path(argv[0])
    hp = {}
    for arg in argv[1:]:
        key, value = arg.split("=", 1)
        hp[key] = value if value.isalpha() else float(value) if "." in value else int(value)
    train = pickle.load(open(oof / "train.pkl", "rb"))
    held = pickle.load(open(oof / "eval.pkl", "rb"))
    contexts = [None] * len(held)
    if hp.get("ext_proj"):
        train = [
            (*it, c)
            for it, c in zip(train, encoder().sentences([w for w, _, _ in train]), strict=True)
            if it[0]
        ]
        contexts = encoder().sentences([w for w, _, _ in held])
    name = "-".join(a.replace("=", "") for a in argv[1:])
    if (oof / f"net{name}.npz").is_file():
        net = neural.Network.load(oof / f"net{name}.npz")
    else:
        weights, vocab, hp = ner_neural.train(train, hp)
        net = neural.Network(weights, vocab)
        net.save(oof / f"net{name}.npz")
    words = [w for w, _, _ in held]
    gold = [t for _, t, _ in held]
    base_tagger = crf.Tagger(oof / "all.crfsuite")
    base = base_tagger.tag_document(words, 30)
    t0 = time.perf_counter()
    tagged = [net.tag(w, m, c) for (w, _, m), c in zip(held, contexts, strict=True)]
    secs = time.perf_counter() - t0
    print(f"== hp {hp}\nneural tagging: {sum(map(len, words)) / secs:.0f} tokens/s")
    print("== CRF + repairs + window 30\n" + format_report(score(gold, base)))
    print(
        "== neural + repairs + window 30\n"
        + format_report(score(gold, base_tagger.finish(words, tagged, 30)))
    )
    print("== neural raw\n" + format_report(score(gold, tagged)))
    nets = [neural.Network.load(p) for p in sorted(oof.glob("net*.npz"))]
    ems = [[n.emissions(w, m, c if n.wants_context else None) if w else None
            for (w, _, m), c in zip(held, contexts, strict=True)] for n in nets]  # fmt: skip
    same = len({n.labels for n in nets}) == 1  # networks of mixed label sets: no ensembles
    trans = np.mean([n.w["trans"] for n in nets], axis=0) if same else None
    lams = () if not same else (0.0, 1.0) if nets[0].labels == neural.LABELS else (0.0,)  # BIOES: no CRF logs
    print(f"ensembles of {len(nets)} nets: {sorted(p.name for p in oof.glob('net*.npz'))}")
    for lam in lams:
        ens = [neural.decode_bio(
            np.mean([e[i] for e in ems], axis=0) + (lam * np.log(np.asarray(m) + 1e-6) if lam else 0),
            trans, nets[0].labels) if w else []
            for i, (w, _, m) in enumerate(held)]  # fmt: skip
        print(
            f"== ensemble of nets lam={lam} + repairs + window 30\n"
            + format_report(score(gold, base_tagger.finish(words, ens, 30)))
        )
    for lam in (0.5, 1.0, 2.0) if net.labels == neural.LABELS else ():
        ens = [[neural.LABELS[k] for k in neural.viterbi(
            net.emissions(w, m, c) + lam * np.log(np.asarray(m) + 1e-6), net.w["trans"])] if w else []
            for (w, _, m), c in zip(held, contexts, strict=True)]  # fmt: skip
        print(
            f"== ensemble lam={lam} + repairs + window 30\n"
            + format_report(score(gold, base_tagger.finish(words, ens, 30)))
        )


if __name__ == "__main__":
    main(sys.argv[1:])
