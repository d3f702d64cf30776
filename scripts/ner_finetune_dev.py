"""Dev experiment: train the stacked network with the USE v3 n-gram CNN layers tuned along with it.

Usage: python scripts/ner_finetune_dev.py OOF_DIR [key=value ...]   (after scripts/ner_oof.py dev OOF_DIR)
Like scripts/ner_neural_dev.py with ``ext_proj=128 ext_dropout=0.5``, but the context layers of
riwaya.components.entities.context (projection, two convolutions per window width, layer norms; not the
piece table) are torch parameters trained with learning rate ``cnn_lr`` (0 keeps them frozen, as
shipped). ``wikifane=N`` adds about N tokens of WikiFANE sentences to the training data, with
partial labels: a word WikiFANE leaves untagged may be O or MISC (WikiFANE has no MISC); their
CRF marginals come from OOF_DIR's CRF with a WikiFANE name list built without those sentences.
Scores OOF_DIR/eval.pkl (repairs and the document pass on) and saves the tuned network
and CNN weights to OOF_DIR/tune/.
"""

from __future__ import annotations

import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from riwaya.components.entities import crf, data, lexicon, neural
from riwaya.components.entities.context import CHANNELS, LEFT, ORDERS, _window, encoder
from riwaya.evaluate.ner import format_report, score
from riwaya.paths import shared_path
from riwaya.training import ner_neural

BASE = {"epochs": 15, "ext_proj": 128, "ext_dropout": 0.5, "ext_dim": 1280, "cnn_lr": 1e-4, "seed": 3}


def cnn_module(torch, enc, pieces: list[int]):
    """The context layers as a torch module over a local table of the pieces the data uses."""
    nn = torch.nn

    class UseCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.local = {p: i for i, p in enumerate(pieces)}
            self.register_buffer("table", torch.from_numpy(enc.piece_vectors(np.array(pieces))))
            par = lambda a: nn.Parameter(torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)))  # noqa: E731
            self.proj, self.proj_b = par(enc.proj), par(enc.proj_bias)
            self.proj_g, self.proj_s = par(enc.proj_gain), par(enc.proj_shift)
            self.convs = nn.ParameterDict(
                {f"{k}{n}": par(enc.w[f"{k}_{n}"]) for n, _ in ORDERS for k in ("w1", "b1", "w2", "b2")}
            )
            self.ln_g, self.ln_b = par(enc.w["ln_g"]), par(enc.w["ln_b"])
            self.eps = enc.eps

        def norm(self, x, gain, bias):
            c = x - x.mean(dim=1, keepdim=True)
            return c / torch.sqrt((c * c).mean(dim=1, keepdim=True) + self.eps) * gain + bias

        def conv(self, x, cols, weight, bias):
            padded = torch.cat([x, x.new_zeros(1, x.shape[1])])
            return torch.relu(padded[cols].reshape(len(x), -1) @ weight + bias)

        def forward(self, flat, starts, lens):
            emb = self.table[torch.tensor([self.local[p] for p in flat])]
            x = self.norm(emb @ self.proj + self.proj_b, self.proj_g, self.proj_s)
            window = torch.from_numpy(_window(starts, lens, len(flat)))
            parts = [emb]
            for i, (width, left) in enumerate(ORDERS):
                cols = window[:, LEFT - left : LEFT - left + width]
                first = x[:, i * CHANNELS : (i + 1) * CHANNELS]
                c = self.convs
                hidden = self.conv(first, cols, c[f"w1{width}"], c[f"b1{width}"]) + first
                parts.append(self.conv(hidden, cols, c[f"w2{width}"], c[f"b2{width}"]) + hidden)
            return self.norm(torch.cat(parts, dim=1), self.ln_g, self.ln_b)

    return UseCNN()


def contexts(torch, cnn, enc, sentences: list[list[str]]):
    """(batch, max words, 1280): each word's mean piece feature, as ContextEncoder.sentences."""
    ids = [[enc.pieces(w) for w in words] for words in sentences]
    seqs = [[enc.bos, *(p for word in s for p in word), enc.eos] for s in ids]
    lens = np.array([len(s) for s in seqs])
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    feats = cnn([p for s in seqs for p in s], starts, lens)
    t = max(map(len, sentences))
    slot = []  # per piece: the row (sentence * t + word) it pools into, or the dump row
    for b, s in enumerate(ids):
        slot.append(len(sentences) * t)
        slot.extend(b * t + i for i, word in enumerate(s) for _ in word)
        slot.append(len(sentences) * t)
    slot = torch.tensor(slot)
    sums = feats.new_zeros(len(sentences) * t + 1, feats.shape[1]).index_add_(0, slot, feats)
    counts = torch.zeros(len(sentences) * t + 1).index_add_(0, slot, torch.ones(len(slot)))
    return (sums / counts.clamp(min=1)[:, None])[:-1].view(len(sentences), t, -1)


def main(argv):
    import torch

    oof = Path(argv[0])
    hp = ner_neural.HPARAMS | BASE
    for arg in argv[1:]:
        key, value = arg.split("=", 1)
        hp[key] = float(value) if "." in value or "e-" in value else int(value)
    train = [it for it in pickle.load(open(oof / "train.pkl", "rb")) if it[0]]
    allowed = [_allowed(it[1], partial=False) for it in train]
    if hp.get("wikifane"):
        extra = wikifane_items(oof, hp["wikifane"], hp["seed"])
        train += extra
        allowed += [_allowed(it[1], partial=True) for it in extra]
    held = pickle.load(open(oof / "eval.pkl", "rb"))
    enc = encoder()
    pieces = sorted({p for it in train + held for w in it[0] for p in enc.pieces(w)} | {enc.bos, enc.eos})
    random.seed(hp["seed"])
    torch.set_num_threads(hp.get("threads", 1))
    torch.manual_seed(hp["seed"])
    vocab = neural.Vocab.build([(it[0], it[1]) for it in train])
    counts = Counter(vocab.stem_id(w) for it in train for w in it[0])
    net = ner_neural._modules(torch, vocab, hp)
    cnn = cnn_module(torch, enc, pieces)
    groups = [{"params": net.parameters(), "lr": hp["lr"]}]
    if hp["cnn_lr"] > 0:
        groups.append({"params": cnn.parameters(), "lr": hp["cnn_lr"]})
    else:
        cnn.requires_grad_(False)
    opt = torch.optim.Adam(groups)
    mask_bad = torch.tensor(~neural.allowed_transitions())
    order = sorted(range(len(train)), key=lambda k: len(train[k][0]))
    batches = [order[k : k + hp["batch"]] for k in range(0, len(order), hp["batch"])]
    for epoch in range(hp["epochs"]):
        net.train()
        cnn.train()
        random.shuffle(batches)
        t0, total = time.perf_counter(), 0.0
        for idx in batches:
            items = [train[k] for k in idx]
            stems, chars, margs, tags, mask, _ = ner_neural._batch(
                torch, vocab, items, True, hp["word_dropout"], counts
            )
            if hp["cnn_lr"] > 0:
                ext = contexts(torch, cnn, enc, [it[0] for it in items])
            else:
                with torch.no_grad():
                    ext = contexts(torch, cnn, enc, [it[0] for it in items])
            em = net.emissions(stems, chars, margs, mask.sum(1), ext)
            trans = net.trans.masked_fill(mask_bad, -1e4)
            ok = torch.zeros(em.shape, dtype=torch.bool)
            for b, k in enumerate(idx):
                ok[b, : len(allowed[k])] = torch.from_numpy(allowed[k])
            loss = (
                ner_neural.log_partition(torch, em, mask, trans)
                - ner_neural.log_partition(torch, em.masked_fill(~ok, -1e4), mask, trans)
            ).sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(net.parameters()) + list(cnn.parameters()), 5.0)
            opt.step()
            total += loss.item()
        print(f"epoch {epoch + 1}: loss {total:.0f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    evaluate(torch, oof, hp, net, cnn, enc, vocab, held)


def _allowed(tags: list[str], partial: bool) -> np.ndarray:
    """(words, labels) bool: the gold label; with ``partial``, an O may also be MISC."""
    out = np.zeros((len(tags), len(neural.LABELS)), dtype=bool)
    for i, tag in enumerate(ner_neural.valid_bio(tags)):
        out[i, neural.LABELS.index(tag)] = True
        if partial and tag == "O":
            out[i, neural.LABELS.index("B-MISC")] = out[i, neural.LABELS.index("I-MISC")] = True
    return out


def wikifane_items(oof: Path, tokens: int, seed: int) -> list:
    """About ``tokens`` tokens of WikiFANE sentences with CRF marginals (words, tags, marginals)."""
    sents = [s for s in data.read(shared_path("data", "wikifane", "WikiFANE_Gold_2014_500K.txt"), "wikifane")
             if 3 <= len(s[0]) <= 80]  # fmt: skip
    random.Random(seed).shuffle(sents)
    cut, size = 0, 0
    while size < tokens:
        size += len(sents[cut][0])
        cut += 1
    tagger = crf.Tagger(oof / "all.crfsuite")
    tagger.names = lexicon.names(sents[cut:])  # no flattering: these sentences' own names left out
    print(f"wikifane: {cut} sentences, {size} tokens", flush=True)
    return [(w, t, tagger.marginals(w)) for w, t in sents[:cut]]


def evaluate(torch, oof, hp, net, cnn, enc, vocab, held) -> None:
    net.eval()
    cnn.eval()
    trans = np.where(neural.allowed_transitions(), net.trans.detach().numpy(), -1e4).astype(np.float32)
    tagged, ems = [], []
    with torch.no_grad():
        for words, gold, marg in held:
            if not words:
                tagged.append([])
                ems.append(None)
                continue
            stems, chars, margs, _, mask, _ = ner_neural._batch(
                torch, vocab, [(words, gold, marg)], False, 0.0, {}
            )
            em = net.emissions(stems, chars, margs, mask.sum(1), contexts(torch, cnn, enc, [words]))
            ems.append(em[0].numpy())
            tagged.append([neural.LABELS[k] for k in neural.viterbi(ems[-1], trans)])
    words = [w for w, _, _ in held]
    gold = [t for _, t, _ in held]
    base = crf.Tagger(oof / "all.crfsuite")
    print(f"== hp {hp}")
    print("== CRF + repairs + window 30\n" + format_report(score(gold, base.tag_document(words, 30))))
    print("== tuned + repairs + window 30\n" + format_report(score(gold, base.finish(words, tagged, 30))))
    out = oof / "tune"
    out.mkdir(exist_ok=True)
    name = f"seed{hp['seed']}-cnnlr{hp['cnn_lr']}-wf{hp.get('wikifane', 0)}"
    pickle.dump({"ems": ems, "trans": trans}, open(out / f"{name}.ems.pkl", "wb"))
    torch.save({"net": net.state_dict(), "cnn": cnn.state_dict(), "hp": hp}, out / f"{name}.pt")


if __name__ == "__main__":
    main(sys.argv[1:])
