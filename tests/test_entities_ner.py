"""NER building blocks: tag mapping, chunking, scoring, features on odd input, the shipped tagger."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.cli import main
from riwaya.components.entities import shipped
from riwaya.components.entities.crf import model_path
from riwaya.components.entities.data import chunks, map_tag, read
from riwaya.components.entities.features import sentence_features
from riwaya.components.entities.lexicon import names
from riwaya.errors import RiwayaError
from riwaya.evaluate.ner import score


def test_entities_map_tag_normalises_corpus_tags():
    assert map_tag("B-PERS") == "B-PER"
    assert map_tag("I-MIS") == "I-MISC"
    assert map_tag("Oالكلمة") == "O"
    assert map_tag("B-FOO") == "O"


def test_entities_chunks_are_exact_spans_conll_style():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-LOC"]
    assert chunks(tags) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 7, "LOC")}


def test_entities_score_counts_partial_spans_as_errors():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    result = score(gold, pred)
    assert result["LOC"]["f1"] == 1.0
    assert result["PER"]["f1"] == 0.0
    assert result["micro"]["precision"] == 0.5 and result["micro"]["recall"] == 0.5


def test_entities_read_anercorp_splits_sentences(tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text("زار O\nسامر B-PERS\nالحلواني I-PERS\nمدينة O\nزحلة B-LOC\n. O\n O\nعاد O\n", "utf-8")
    sentences = read(path, "anercorp")
    assert [len(w) for w, _ in sentences] == [6, 1]
    assert chunks(sentences[0][1]) == {(1, 3, "PER"), (4, 5, "LOC")}


@given(st.lists(st.text(min_size=1, max_size=300), max_size=30))
@settings(max_examples=60, deadline=None)
def test_entities_features_one_list_per_token_on_any_text(words):
    feats = sentence_features(words)
    assert len(feats) == len(words)
    assert all("bias" in f for f in feats)


@pytest.fixture(scope="module")
def tagger():
    if not model_path().is_file():
        pytest.skip("shipped NER model missing; build it with: riwaya train ner")
    return shipped.tagger()


def test_entities_tagger_finds_names_in_a_fictional_sentence(tagger):
    words = "وقال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الحكومة ستدعم الخطة".split()
    spans = chunks(tagger.tag(words))
    assert (3, 5, "PER") in spans
    assert (6, 7, "LOC") in spans


@given(st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=20))
@settings(max_examples=40, deadline=None)
def test_entities_tagger_returns_one_valid_tag_per_token(tagger, words):
    tags = tagger.tag(words)
    assert len(tags) == len(words)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)


def test_entities_cli_eval_ner_prints_per_type_scores(tmp_path, tagger):
    path = tmp_path / "gold.txt"
    lines = "وقال O\nالرئيس O\nالفرنسي O\nإيمانويل B-PER\nماكرون I-PER\nفي O\nباريس B-LOC\n. O\n"
    path.write_text(lines, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "ner", "--data", str(path), "--format", "conll"])
    assert result.exit_code == 0, result.output
    rows = {ln.split()[0]: ln.split() for ln in result.output.splitlines()[1:]}
    assert {"PER", "LOC", "micro"} <= set(rows)
    assert float(rows["micro"][3]) > 0.5


def test_entities_cli_eval_ner_rejects_unknown_format(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text("كلمة O\n", encoding="utf-8")
    with pytest.raises(RiwayaError, match="unknown NER data format"):
        read(path, "xml")


def test_entities_read_wikifane_maps_subtypes_and_reglues_clitics(tmp_path):
    path = tmp_path / "wf.txt"
    rows = ["\u200eو\tO", "\u200eزار\tO", "\u200eجون\tB-Politician", "\u200eقرنق\tI-Politician",
            "\u200eعاصمة\tO", "\u200eها\tO", "\u200eو\tO", "\u200eجوبا\tB-Population-Center",
            "\u200eالعرب\tB-Group", "\t"]  # fmt: skip
    path.write_text("\ufeff" + "\r\n".join(rows), "utf-8")
    (words, tags), *_ = read(path, "wikifane")
    assert words == ["وزار", "جون", "قرنق", "عاصمتها", "وجوبا", "العرب"]
    assert tags == ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]


def test_entities_name_list_features_mark_listed_names_and_quotes():
    table = names([(["زار", "جون", "قرنق", "جوبا"], ["O", "B-PER", "I-PER", "B-LOC"])])
    assert table[("جوبا",)] == "LOC" and table[("جون", "قرنق")] == "PER"
    feats = sentence_features(["التقى", "جون", "قرنق", "«", "جيلي", "»"], names=table)
    assert "nsp=B-PER" in feats[1] and "nsp=I-PER" in feats[2]
    assert "inquote" in feats[4] and "inquote" not in feats[1]
    assert "1nisba" in sentence_features(["ماكرون", "الفرنسي"])[0]
