"""The entities component and corpus stage on fictional articles, bad input and the seed articles."""

from __future__ import annotations

import pytest

from riwaya.analysis import process_document
from riwaya.components.entities.component import _name_mentions
from riwaya.components.entities.crf import model_path
from riwaya.components.entities.linking import is_kunya_of, name_key, variant_keys
from riwaya.corpus import Corpus
from riwaya.model import Article, RawDocument
from riwaya.pipeline import Pipeline

pytestmark = pytest.mark.skipif(not model_path().is_file(), reason="NER model missing: riwaya train ner")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(["clean", "segment", "entities", "canonical_entities"])


def analyse(pipeline: Pipeline, text: str, name: str = "t.txt") -> Article:
    article, _ = process_document(RawDocument(text, name, {}), pipeline)
    assert isinstance(article, Article), article
    return article


def test_entities_layer_has_the_contract_attrs(pipeline):
    art = analyse(pipeline, "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا ستدعم لبنان.\n"
                            "وأضاف ماكرون أن الحكومة اللبنانية مطالبة بالإصلاح.")  # fmt: skip
    spans = art.layer("entities")
    assert spans
    for span in spans:
        assert span.label in ("PER", "ORG", "LOC")
        assert {"entity", "key", "name", "role"} <= set(span.attrs)
        assert art.text[span.start : span.end].strip() == art.text[span.start : span.end]
    macron = {s.attrs["entity"] for s in spans if "ماكرون" in art.surface(s) and not s.attrs["role"]}
    assert len(macron) == 1


def test_entities_role_phrase_before_a_name_links_to_it(pipeline):
    art = analyse(pipeline, "قال الرئيس الفرنسي إيمانويل ماكرون إن باريس ستدعم الخطة.")
    spans = art.layer("entities")
    person = next(s for s in spans if "ماكرون" in art.surface(s))
    roles = [s for s in spans if s.attrs["role"]]
    assert roles and roles[0].attrs["entity"] == person.attrs["entity"]


@pytest.mark.parametrize("text", [
    "This article has no Arabic at all, only English words from London.",
    "كلمة" * 400 + " وزيادة",
    "قال Emmanuel Macron إن Paris ستدعم 2024 الخطة",
    "قَالَ الرَّئِيسُ الفَرَنْسِيُّ إِيمَانُوِيل مَاكْرُون فِي بَارِيس",
    "في ٢٠٢٤ زار ١٢ وفدا مدينة بيروت ٣ مرات",
    "!!! ؟؟؟ ... ،،، \u200f\u200e",
])  # fmt: skip
def test_entities_bad_input_gives_valid_spans(pipeline, text):
    art = analyse(pipeline, text)
    for span in art.layer("entities"):
        assert 0 <= span.start < span.end <= len(art.text)
        assert span.attrs["key"]


def test_entities_diacritised_name_keeps_its_key(pipeline):
    plain = analyse(pipeline, "وصل إيمانويل ماكرون إلى بيروت صباحا.")
    marked = analyse(pipeline, "وَصَلَ إِيمَانُويل مَاكْرُون إِلَى بَيْرُوت صَبَاحًا.")
    keys = lambda a: {s.attrs["key"] for s in a.layer("entities")}  # noqa: E731
    assert keys(plain) and keys(plain) == keys(marked)


def _seed_corpus(pipeline, seeds_dir) -> Corpus:
    arts = [analyse(pipeline, p.read_text(encoding="utf-8"), p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    corpus = Corpus(arts)
    for comp in pipeline.at("corpus"):
        comp.func(corpus)
    return corpus


@pytest.mark.slow
def test_entities_seeds_join_every_form_of_the_pm_and_keep_others_apart(pipeline, seeds_dir):
    corpus = _seed_corpus(pipeline, seeds_dir)
    entities = corpus.results["entities"]
    pm = [e for e in entities if e["type"] == "PER" and any("كاظمي" in m["text"] for m in e["mentions"])]
    assert len(pm) == 1, [e["name"] for e in pm]
    texts = {m["text"] for m in pm[0]["mentions"]}
    assert {"مصطفى الكاظمي", "صطفى الكاظمي", "للكاظمي"} <= texts
    assert pm[0].get("name_en", "").lower().endswith("kadhimi")
    for e in (e for e in entities if e["type"] == "PER"):  # people sharing a surname stay apart
        full = {name_key(m["text"].split()) for m in e["mentions"] if not m.get("role") and " " in m["text"]}
        same = lambda a, b: a == b or variant_keys(a, b) or is_kunya_of(a, b) or is_kunya_of(b, a)  # noqa: E731
        assert all(same(a, b) for a in full for b in full), (e["name"], full)
    muhandis = [e for e in entities if any("مهدي" in m["text"] for m in e["mentions"])]
    assert len(muhandis) == 1 and muhandis[0].get("name_en") == "Abu Mahdi al-Muhandis"  # glued, genitive
    qaani = [e for e in entities if any("قآني" in m["text"] or "قاآني" in m["text"] for m in e["mentions"])]
    assert len(qaani) == 1
    mentions = [(m["article"], m["start"]) for e in entities for m in e["mentions"]]
    assert len(mentions) == len(set(mentions))


def test_entities_the_latter_links_to_the_last_person_but_not_as_an_adjective(pipeline):
    art = analyse(
        pipeline,
        "استقبل الرئيس الفرنسي إيمانويل ماكرون الوفد في باريس. وقال الأخير إن الأسبوع الأخير كان صعبا.",
    )
    spans = art.layer("entities")
    latter = [s for s in spans if "الأخير" in art.surface(s)]
    assert len(latter) == 1 and latter[0].attrs["role"]
    person = next(s for s in spans if "ماكرون" in art.surface(s))
    assert latter[0].attrs["entity"] == person.attrs["entity"]


def _mention_texts(words, tags):
    return [" ".join(m.words) for m in _name_mentions(words, tags)]


def test_entities_latin_signature_and_handle_beside_an_arabic_name_are_no_extra_names():
    words = [["—", "Samer", "Al", "-", "Khatib", "سامر", "الخطيب", "(", "@", "SKhatib", ")"]]
    tags = [["O", "B-PER", "I-PER", "O", "O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"]]
    assert _mention_texts(words, tags) == ["سامر الخطيب"]


def test_entities_latin_names_elsewhere_are_kept():
    english = [["Samer", "Khatib", "visited", "Mosul"]]
    assert _mention_texts(english, [["B-PER", "I-PER", "O", "B-LOC"]]) == ["Samer Khatib", "Mosul"]
    far = [["زار", "سامر", "الخطيب", "مدينة", "كبيرة", "قرب", "Mosul"]]
    assert _mention_texts(far, [["O", "B-PER", "I-PER", "O", "O", "O", "B-LOC"]]) == ["سامر الخطيب", "Mosul"]
