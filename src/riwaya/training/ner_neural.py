"""Train the stacked BiLSTM-CRF of :mod:`riwaya.components.entities.neural` with torch (optional extra ``train``).

Input per sentence: the words, their gold tags and the CRF's out-of-fold label marginals
(``scripts/ner_oof.py``), optionally a fourth item, the words' USE v3 context vectors
(:mod:`riwaya.components.entities.context`; hyperparameter ``ext_proj`` sets their projection). Output: an ``.npz`` of weights plus the vocabulary, read by numpy.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import numpy as np

from riwaya.components.entities.neural import (
    BIOES,
    LABELS,
    MAX_CHARS,
    PAD,
    UNK,
    Vocab,
    allowed_transitions,
    to_bioes,
)
from riwaya.errors import require

HPARAMS = {"stem_dim": 64, "char_dim": 24, "filters": 64, "width": 3, "hidden": 96, "dropout": 0.5,
           "word_dropout": 0.25, "epochs": 20, "batch": 16, "lr": 2e-3, "seed": 7}  # fmt: skip


def _modules(torch, vocab: Vocab, hp: dict):
    nn = torch.nn
    n, n_out = len(LABELS), len(hp_labels(hp))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Embedding(len(vocab.stems) + 2, max(hp["stem_dim"], 1), padding_idx=PAD)
            self.char = nn.Embedding(len(vocab.chars) + 2, hp["char_dim"], padding_idx=PAD)
            self.conv = nn.Conv1d(hp["char_dim"], hp["filters"], hp["width"], padding=hp["width"] // 2)
            size = max(hp["stem_dim"], 1) + hp["filters"] + 2 * n + hp.get("ext_proj", 0)
            if hp.get("ext_proj", 0):
                self.ext = nn.Linear(hp["ext_dim"], hp["ext_proj"])
            self.lstm = nn.LSTM(size, hp["hidden"], batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hp["hidden"], n_out)
            self.trans = nn.Parameter(torch.zeros(n_out + 1, n_out))  # last row: from sentence start
            self.drop = nn.Dropout(hp["dropout"])
            self.drop_ext = nn.Dropout(hp.get("ext_dropout", 0.2))

        def emissions(self, stems, chars, margs, lengths, ext=None):
            b, t, c = chars.shape
            ch = self.char(chars.view(b * t, c)).transpose(1, 2)
            ch = torch.relu(self.conv(ch)).max(dim=2).values.view(b, t, -1)
            st = self.stem(stems) * (hp["stem_dim"] > 0)  # stem_dim 0: no word identity (a zero column)
            # no dropout on the CRF's marginals: they are the evidence to correct, not to relearn
            parts = [st, ch]
            if ext is not None:
                parts.append(torch.tanh(self.ext(self.drop_ext(ext))))
            x = torch.cat([self.drop(torch.cat(parts, dim=2)), margs, torch.log(margs + 1e-4)], dim=2)
            rnn = nn.utils.rnn
            packed = rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=t)
            return self.out(self.drop(h))

    return Net()


def _running_mean(mean: dict, net, count: int) -> dict:
    """The mean of the net's weights over the ``count`` epoch ends seen, given the mean over the
    previous ones. Why: averaging the last epochs' weights (hyperparameter ``swa``) evens out
    where training happened to stop, at no cost when tagging."""
    state = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    return {k: mean.get(k, v) + (v - mean.get(k, v)) / count for k, v in state.items()}


def hp_labels(hp: dict) -> tuple[str, ...]:
    """The output labels: BIO, or BIOES with ``scheme="bioes"`` (inputs stay the CRF's BIO)."""
    return BIOES if hp.get("scheme") == "bioes" else LABELS


def _batch(torch, vocab, items, train: bool, word_dropout: float, counts, labels=LABELS):
    t = max(len(it[0]) for it in items)
    c = MAX_CHARS  # fixed, so the CNN's max-pool sees the same padding as numpy tagging
    stems = torch.zeros(len(items), t, dtype=torch.long)
    chars = torch.zeros(len(items), t, c, dtype=torch.long)
    margs = torch.zeros(len(items), t, len(LABELS))
    tags = torch.zeros(len(items), t, dtype=torch.long)
    mask = torch.zeros(len(items), t, dtype=torch.bool)
    ext = None
    if len(items[0]) > 3:
        ext = torch.zeros(len(items), t, items[0][3].shape[1])
        for b, item in enumerate(items):
            ext[b, : len(item[0])] = torch.from_numpy(item[3])
    for b, (words, gold, marg, *_) in enumerate(items):
        for i, w in enumerate(words):
            sid = vocab.stem_id(w)
            if train and sid != UNK and random.random() < word_dropout / (1 + counts.get(sid, 0)):
                sid = UNK
            stems[b, i] = sid
            ids = vocab.char_ids(w)
            chars[b, i, : len(ids)] = torch.tensor(ids)
        margs[b, : len(words)] = torch.tensor(np.asarray(marg, dtype=np.float32))
        gold = valid_bio(gold) if labels == LABELS else to_bioes(valid_bio(gold))
        tags[b, : len(words)] = torch.tensor([labels.index(g) for g in gold])
        mask[b, : len(words)] = True
    return stems, chars, margs, tags, mask, ext


def valid_bio(tags: list[str]) -> list[str]:
    """I-X after anything but B-X/I-X read as B-X (as exact-span chunking reads it): the CRF
    layer forbids that transition, and ANERcorp has a few."""
    out = []
    for tag in tags:
        if tag.startswith("I-") and (not out or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def crf_nll(torch, em, tags, mask, trans):
    """Negative log-likelihood of the gold paths under a linear-chain CRF (masked batch)."""
    n = em.shape[2]
    start, step = trans[n], trans[:n]
    score = start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
    for i in range(1, em.shape[1]):
        gold = step[tags[:, i - 1], tags[:, i]] + em[:, i].gather(1, tags[:, i : i + 1]).squeeze(1)
        score = score + gold * mask[:, i]
    return (log_partition(torch, em, mask, trans) - score).sum()


def log_partition(torch, em, mask, trans):
    """Per sentence, the log of the summed scores of every label path (the forward algorithm;
    ``trans`` row ``n`` holds the scores from the sentence start)."""
    n = em.shape[2]
    alpha = trans[n] + em[:, 0]
    for i in range(1, em.shape[1]):
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans[:n].unsqueeze(0), dim=1) + em[:, i]
        alpha = torch.where(mask[:, i].unsqueeze(1), nxt, alpha)
    return torch.logsumexp(alpha, dim=1)


def train(items, hp: dict | None = None, log=print):
    """Fit the network on ``items`` [(words, tags, marginals[, context vectors])]; return
    (weights dict, vocab, the hyperparameters used)."""
    torch = require("torch", "train", "training the stacked NER network")
    hp = HPARAMS | (hp or {})
    random.seed(hp["seed"])
    torch.set_num_threads(hp.get("threads", 1))
    torch.manual_seed(hp["seed"])
    vocab = Vocab.build([(it[0], it[1]) for it in items])
    counts = Counter(vocab.stem_id(w) for it in items for w in it[0])
    if len(items[0]) > 3:
        hp = hp | {"ext_dim": items[0][3].shape[1]}
    net = _modules(torch, vocab, hp)
    opt = torch.optim.Adam(net.parameters(), lr=hp["lr"])
    labels = hp_labels(hp)
    mask_bad = torch.tensor(~allowed_transitions(labels))
    order = sorted(range(len(items)), key=lambda k: len(items[k][0]))
    batches = [order[k : k + hp["batch"]] for k in range(0, len(order), hp["batch"])]
    mean: dict = {}
    for epoch in range(hp["epochs"]):
        net.train()
        random.shuffle(batches)
        t0, total = time.perf_counter(), 0.0
        for idx in batches:
            stems, chars, margs, tags, mask, ext = _batch(torch, vocab, [items[k] for k in idx], True,
                                                          hp["word_dropout"], counts, labels)  # fmt: skip
            em = net.emissions(stems, chars, margs, mask.sum(1), ext)
            trans = net.trans.masked_fill(mask_bad, -1e4)
            loss = crf_nll(torch, em, tags, mask, trans)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        log(f"epoch {epoch + 1}: loss {total:.0f} ({time.perf_counter() - t0:.0f} s)")
        averaged = epoch - (hp["epochs"] - hp.get("swa", 1))  # epochs in the mean so far, less one
        if averaged >= 0:
            mean = _running_mean(mean, net, averaged + 1)
    weights = {k: v.detach().numpy() for k, v in net.state_dict().items()} | mean
    weights["trans"] = np.where(allowed_transitions(labels), weights["trans"], -1e4).astype(np.float32)
    if labels != LABELS:
        weights["labels"] = np.array(labels)
    return weights, vocab, hp
