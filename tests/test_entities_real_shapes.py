"""Real-news name shapes (issue 20): official names, facilities, descriptors, nisba groups, proclitics
outside the span, person repairs. Every sentence is fictional, written for these tests."""

from __future__ import annotations

import pytest

from riwaya.analysis import process_document
from riwaya.components.entities import shapes
from riwaya.components.entities.crf import model_path
from riwaya.components.entities.data import chunks
from riwaya.model import Article, RawDocument
from riwaya.pipeline import Pipeline


def names(sentence: str, tags: list[str] | None = None) -> list[tuple[str, str]]:
    """(text, type) of the names :func:`shapes.reshape` makes of a sentence (untagged by default)."""
    words = sentence.split()
    out = shapes.reshape(words, tags or ["O"] * len(words))
    return [(" ".join(words[a:b]), kind) for a, b, kind in sorted(chunks(out))]


def test_a_ministry_takes_its_genitive_and_its_adjectives():
    assert names("أعلنت وزارة الخارجية الأميركية أمس قرارا") == [("وزارة الخارجية الأميركية", "ORG")]
    assert names("وطالب مجلس الأمن الدولي بوقف القتال") == [("مجلس الأمن الدولي", "ORG")]


def test_a_construct_chain_runs_through_link_nouns_and_li_genitives():
    assert names("نقلت وكالة أنباء الساحل عن مصدر") == [("وكالة أنباء الساحل", "ORG")]
    assert names("قال المرصد الوطني لحقوق الإنسان إن") == [("المرصد الوطني لحقوق الإنسان", "ORG")]


def test_a_definite_head_is_a_name_only_with_an_adjective():
    assert names("قالت النيابة العامة إن المتهم") == [("النيابة العامة", "ORG")]
    assert names("قال الجيش إن الهجوم فشل") == []
    assert names("تقدمت القوات الموالية للحكومة") == []  # a describing adjective ends it


def test_a_name_ends_before_a_describing_adjective_the_tagger_ran_into():
    words = "أعلنت جبهة تحرير الوادي الثوري اليسارية مسؤوليتها".split()
    tags = ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
    assert names(" ".join(words), tags) == [("جبهة تحرير الوادي الثوري", "ORG")]


def test_a_facility_keeps_the_saint_s_name_and_a_base_is_no_al_qaeda():
    tags = ["O", "O", "O", "O", "B-PER"]
    assert names("صلى المصلون في مسجد الإمام حسن", ["O", *tags]) == [("مسجد الإمام حسن", "FAC")]
    base = "وصلت التعزيزات إلى قاعدة الريحان الجوية".split()
    assert names(" ".join(base), ["O", "O", "O", "B-ORG", "B-LOC", "O"]) == [("قاعدة الريحان الجوية", "FAC")]
    assert names("أنشأ المهندس قاعدة بيانات جديدة") == []


def test_a_descriptor_stays_outside_the_name():
    words = "هاجم تنظيم داعش قرية نائية".split()
    assert names(" ".join(words), ["O", "B-ORG", "I-ORG", "O", "O"]) == [("داعش", "ORG")]
    assert names("نقلت صحيفة النهار الكويتية عن مسؤول") == [("النهار", "ORG")]
    assert names("قالت صحيفة سورية إن", ["O", "O", "B-LOC", "O"]) == []  # "a Syrian paper"
    assert names("اشتدت المعارك في مديرية وادعة أمس") == [("وادعة", "LOC")]


def test_a_group_known_by_its_nisba_and_the_bare_kingdom_are_names():
    assert names("قصفت المليشيات الحوثية مواقع قرب الساحل") == [("الحوثية", "ORG")]
    assert names("وأرسلت المملكة مساعدات إلى الجيران") == [("المملكة", "LOC")]
    assert names("زار الوفد المملكة المتحدة أمس") == [("المملكة المتحدة", "LOC")]


def test_a_dual_head_gives_two_names():
    assert names("حول الفائض إلى وزارتي العدل والصحة") == [("وزارتي العدل", "ORG"), ("والصحة", "ORG")]


def test_an_office_named_after_a_person_is_the_person_alone():
    words = "زار الوفد مكتب سامي الخالدي".split()
    assert names(" ".join(words), ["O", "O", "O", "B-PER", "I-PER"]) == [("سامي الخالدي", "PER")]


def test_person_repairs():
    assert names("التقى سامي والخالدي أمس", ["O", "B-PER", "I-PER", "O"]) == [
        ("سامي", "PER"), ("والخالدي", "PER")]  # fmt: skip
    assert names("تحترم الدولتان حسن الجوار", ["O", "O", "B-PER", "I-PER"]) == []
    assert names("وقال الملا عمر إن") == [("عمر", "PER")]
    assert names("أعلن الرئيس الانتقالي نادر بلحاج", ["O", "O", "O", "O", "B-PER"]) == [("نادر بلحاج", "PER")]


@pytest.mark.parametrize(
    ("word", "cut"),
    [("بالكويت", 1), ("والعراق", 1), ("وبالمدينة", 2), ("للحوثيين", 0), ("وللحوثيين", 1), ("بغداد", 0),
     ("ولبنان", 1), ("بوروسيا", 0), ("وليد", 0), ("بِالكويت", 2)],
)  # fmt: skip
def test_the_proclitic_outside_the_span(word, cut):
    known = {"لبنان", "روسيا"}.__contains__
    assert shapes.outside_clitic(word, known, shapes.listed_word) == cut


@pytest.mark.skipif(not model_path().is_file(), reason="NER model missing: riwaya train ner")
def test_pipeline_spans_leave_the_proclitic_out_and_mark_facilities():
    text = ("وصل الوفد إلى الكويت صباح اليوم.\n"
            "وقالت النيابة العامة بالكويت إن المتهمين نقلوا إلى مطار الصفوة الدولي ثم إلى سجن النخيل.")  # fmt: skip
    pipeline = Pipeline.build(["clean", "segment", "entities"])
    article, _ = process_document(RawDocument(text, "t.txt", {}), pipeline)
    assert isinstance(article, Article)
    spans = [s for s in article.layer("entities") if not s.attrs["role"]]
    found = {(article.text[s.start : s.end], s.label, s.attrs.get("subtype")) for s in spans}
    assert ("الكويت", "LOC", None) in found and ("بالكويت", "LOC", None) not in found
    assert ("النيابة العامة", "ORG", None) in found
    assert ("مطار الصفوة الدولي", "LOC", "FAC") in found
    assert sum(1 for s in spans if article.text[s.start : s.end] == "الكويت") == 2
