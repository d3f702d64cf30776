"""The stacked BiLSTM-CRF experiment (riwaya/components/entities/neural.py): numpy decoding and forward pass."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riwaya.components.entities import neural
from riwaya.components.entities.data import chunks
from riwaya.training import ner_neural

SENTENCES = [
    (["قال", "سامر", "الحلبي", "في", "بغداد"], ["O", "B-PER", "I-PER", "O", "B-LOC"]),
    (["وزارة", "الري", "أعلنت", "أمس"], ["B-ORG", "I-ORG", "O", "O"]),
    (["وصل", "الحلبي", "إلى", "البصرة", "مساء"], ["O", "B-PER", "O", "B-LOC", "O"]),
]


def _marginals(tags):
    m = np.full((len(tags), len(neural.LABELS)), 0.02, dtype=np.float32)
    for i, t in enumerate(tags):
        m[i, neural.LABELS.index(t)] = 0.84
    return m


def _tiny_weights(vocab: neural.Vocab, seed: int = 0, hidden: int = 5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n, filters, stem, char, width = len(neural.LABELS), 4, 3, 2, 3
    size = stem + filters + 2 * n
    shapes = {"stem.weight": (len(vocab.stems) + 2, stem), "char.weight": (len(vocab.chars) + 2, char),
              "conv.weight": (filters, char, width), "conv.bias": (filters,), "out.weight": (n, 2 * hidden),
              "out.bias": (n,), "trans": (n + 1, n)}  # fmt: skip
    for sfx in ("", "_reverse"):
        shapes |= {f"lstm.weight_ih_l0{sfx}": (4 * hidden, size), f"lstm.weight_hh_l0{sfx}": (4 * hidden, hidden),
                   f"lstm.bias_ih_l0{sfx}": (4 * hidden,), f"lstm.bias_hh_l0{sfx}": (4 * hidden,)}  # fmt: skip
    return {k: rng.normal(0, 0.5, shape).astype(np.float32) for k, shape in shapes.items()}


def test_entities_neural_viterbi_keeps_bio_valid():
    em = np.zeros((4, len(neural.LABELS)), dtype=np.float32)
    em[:, neural.LABELS.index("I-PER")] = 5.0  # the emissions alone would say I-PER everywhere
    trans = np.where(neural.allowed_transitions(), 0.0, -1e4).astype(np.float32)
    tags = [neural.LABELS[k] for k in neural.viterbi(em, trans)]
    assert tags[0] != "I-PER"
    assert all(not b.startswith("I-") or a[2:] == b[2:] for a, b in zip(tags, tags[1:], strict=False))
    assert chunks(tags) == {(0, 4, "PER")}


def _legal_bio(labels: list[str]) -> list[str]:
    """An I-X after anything but B-X/I-X read as B-X (as exact-span chunking reads it)."""
    out: list[str] = []
    for tag in labels:
        out.append("B-" + tag[2:] if tag.startswith("I-") and (not out or out[-1][2:] != tag[2:]) else tag)
    return out


@given(st.lists(st.sampled_from(neural.LABELS), max_size=12))
def test_entities_neural_bioes_round_trips_and_keeps_its_transitions(labels):
    bio = _legal_bio(labels)
    bioes = neural.to_bioes(bio)
    assert neural.to_bio(bioes) == bio and chunks(neural.to_bio(bioes)) == chunks(bio)
    ok, index = neural.allowed_transitions(neural.BIOES), {lab: i for i, lab in enumerate(neural.BIOES)}
    path = [len(neural.BIOES)] + [index[t] for t in bioes]  # from the sentence start
    assert all(ok[a, b] for a, b in zip(path, path[1:], strict=False))
    assert not bioes or not bioes[-1].startswith(("B-", "I-"))


def test_entities_neural_bioes_transitions_close_every_name():
    ok, index = neural.allowed_transitions(neural.BIOES), neural.BIOES.index
    assert not ok[index("B-PER"), index("O")] and not ok[index("I-ORG"), index("B-ORG")]
    assert ok[index("B-PER"), index("E-PER")] and ok[index("S-LOC"), index("B-LOC")]
    assert not ok[len(neural.BIOES), index("E-PER")]  # no name ends before it starts


def test_entities_neural_network_roundtrips_through_npz(tmp_path):
    vocab = neural.Vocab.build(SENTENCES, min_count=1)
    net = neural.Network(_tiny_weights(vocab), vocab)
    net.save(tmp_path / "net.npz")
    back = neural.Network.load(tmp_path / "net.npz")
    words, tags = SENTENCES[0]
    assert back.vocab.stems == vocab.stems and back.vocab.chars == vocab.chars
    assert np.allclose(back.emissions(words, _marginals(tags)), net.emissions(words, _marginals(tags)))
    assert len(back.tag(words, _marginals(tags))) == len(words) and back.tag([], []) == []


def test_entities_neural_unknown_words_still_get_a_vector():
    vocab = neural.Vocab.build(SENTENCES, min_count=1)
    net = neural.Network(_tiny_weights(vocab), vocab)
    words = ["كلمةغريبةجدااااااااااااااا", "xyz", "٣٤"]  # unseen, long, Latin, Arabic-Indic digits
    em = net.emissions(words, _marginals(["O"] * 3))
    assert em.shape == (3, len(neural.LABELS)) and np.isfinite(em).all()


@pytest.mark.parametrize("context_dim", [0, 7])
def test_entities_neural_numpy_forward_matches_torch(context_dim):
    torch = pytest.importorskip("torch", reason="torch is the optional 'train' extra")

    hp = {"stem_dim": 3, "char_dim": 2, "filters": 4, "hidden": 5, "epochs": 1, "batch": 2}
    items = [(w, t, _marginals(t)) for w, t in SENTENCES]
    if context_dim:
        rng = np.random.default_rng(0)
        items = [(*it, rng.normal(size=(len(it[0]), context_dim)).astype(np.float32)) for it in items]
        hp |= {"ext_proj": 3}
    weights, vocab, hp = ner_neural.train(items, hp, log=lambda _msg: None)
    net = ner_neural._modules(torch, vocab, hp)
    net.load_state_dict({k: torch.tensor(v) for k, v in weights.items()})
    net.eval()
    stems, chars, margs, _tags, mask, ext = ner_neural._batch(torch, vocab, items, False, 0.0, {})
    with torch.no_grad():
        expected = net.emissions(stems, chars, margs, mask.sum(1), ext).numpy()
    numpy_net = neural.Network(weights, vocab)
    assert numpy_net.wants_context == bool(context_dim)
    contexts = [it[3] if context_dim else None for it in items]
    batched = numpy_net.emissions_batch([it[0] for it in items], [it[2] for it in items], contexts)
    for b, (words, _, marg, *_) in enumerate(items):
        assert np.allclose(
            numpy_net.emissions(words, marg, contexts[b]), expected[b, : len(words)], atol=1e-4
        )
        assert np.allclose(batched[b], expected[b, : len(words)], atol=1e-4)


def test_entities_neural_networks_stepped_together_equal_each_alone():
    vocab = neural.Vocab.build(SENTENCES, min_count=1)
    nets = [
        neural.Network(_tiny_weights(vocab, seed, hidden), vocab) for seed, hidden in ((0, 5), (1, 5), (2, 7))
    ]
    words = [w for w, _ in SENTENCES]
    margs = [_marginals(t) for _, t in SENTENCES]
    for group in (nets[:2], nets):  # same sizes share one loop; a different size steps apart
        together = neural.emissions_together(group, words, margs, [None] * len(words))
        for net, scores in zip(group, together, strict=True):
            alone = [net.emissions(w, m) for w, m in zip(words, margs, strict=True)]
            assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(scores, alone, strict=True))


def test_entities_neural_swa_averages_the_last_epochs_weights():
    pytest.importorskip("torch", reason="torch is the optional 'train' extra")

    hp = {"stem_dim": 3, "char_dim": 2, "filters": 4, "hidden": 5, "batch": 2, "seed": 3}
    items = [(w, t, _marginals(t)) for w, t in SENTENCES]
    quiet = {"log": lambda _msg: None}
    two, _, _ = ner_neural.train(items, hp | {"epochs": 2}, **quiet)
    three, _, _ = ner_neural.train(items, hp | {"epochs": 3}, **quiet)
    averaged, _, _ = ner_neural.train(items, hp | {"epochs": 3, "swa": 2}, **quiet)
    key = "lstm.weight_ih_l0"
    assert not np.allclose(two[key], three[key])
    assert np.allclose(averaged[key], (two[key] + three[key]) / 2, atol=1e-6)
