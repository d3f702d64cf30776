"""Fixes for the error classes found on real news (fictional sentences written for these tests)."""

from __future__ import annotations

import pytest

from riwaya.analysis import process_document
from riwaya.components.quotes.component import extract
from riwaya.model import Article, RawDocument, Span
from riwaya.pipeline import Pipeline

PIPELINE = Pipeline.build(["clean", "segment", "quotes"])


def read(text: str) -> Article:
    article, _ = process_document(RawDocument("عنوان الخبر\n" + text, "test", {"format": "txt"}), PIPELINE)
    return article


def said(article: Article, quotes=None) -> list[tuple[str, str, str, list[str]]]:
    t = article.text
    return [(q.attrs["cue"].text_in(t), q.attrs["speaker"].text_in(t), q.attrs["content"].text_in(t),
             [v.text_in(t) for v in q.attrs["via"]]) for q in (quotes or article.layer("quotes"))]  # fmt: skip


def with_entities(article: Article, *names: tuple[str, str]) -> list[Span]:
    """Add an ``entities`` layer marking each (surface, label) and re-read the quotes."""
    spans = []
    for n, (surface, label) in enumerate(names):
        pos = article.text.index(surface)
        spans.append(Span(pos, pos + len(surface), label, {"entity": f"e{n}", "key": surface, "name": surface,
                                                             "role": False}))  # fmt: skip
    article.add_layer("entities", spans)
    return extract(article)


def test_quotes_realtext_detached_clitic_ends_speaker_and_joins_chain():
    art = read("وقال مصدران مطلعان لـ«الساحل» إن الوفد وصل إلى المطار.")
    assert said(art) == [("قال", "مصدران مطلعان", "الوفد وصل إلى المطار", ["الساحل"])]


def test_quotes_realtext_person_name_ends_speaker_before_object():
    art = read("ونفى النائب عادل الربيعي القرار، قائلا إن اللجنة لم تجتمع.")
    quotes = with_entities(art, ("عادل الربيعي", "PER"))
    assert {s for _, s, _, _ in said(art, quotes)} == {"النائب عادل الربيعي"}
    assert quotes[0].attrs["speaker"].attrs["entity"] == "e0"


def test_quotes_realtext_role_then_name_kept_whole():
    art = read("وقال رئيس البلدية سامر حداد مدير اللجنة إن المياه عادت.")
    quotes = with_entities(art, ("سامر حداد", "PER"))
    assert said(art, quotes)[0][1] == "رئيس البلدية سامر حداد مدير اللجنة"


def test_quotes_realtext_place_after_definite_phrase_is_the_object():
    art = read("وحذر الزعيم القبلي الولايات المتحدة من التدخل في شؤون الإقليم.")
    quotes = with_entities(art, ("الولايات المتحدة", "LOC"))
    assert said(art, quotes)[0][1] == "الزعيم القبلي"


def test_quotes_realtext_name_extends_role_cut_by_word_lists():
    art = read("وقال الناطق باسم قيادة عمليات الحرس الوطني الشرقية علي الهاشمي إن الطريق آمن.")
    quotes = with_entities(art, ("علي الهاشمي", "PER"))
    assert said(art, quotes)[0][1].endswith("علي الهاشمي")


def test_quotes_realtext_god_is_not_part_of_the_speaker():
    art = read("ودعت العائلة الله أن يحفظ الأطفال.")
    assert said(art)[0][1] == "العائلة"


def test_quotes_realtext_ba_complement_is_not_the_speaker():
    art = read("وطالبت اللجنة الوطنية بإجراء تحقيق في الحادث.")
    assert said(art) == [("طالبت", "اللجنة الوطنية", "بإجراء تحقيق في الحادث", [])]


def test_quotes_realtext_authorless_statement_takes_last_statement_source():
    art = read("أصدرت وزارة الصحة بيانا حول الوباء. وقال البيان إن الإصابات تراجعت. "
               "وقال الطبيب سعيد عادل إن المستشفيات جاهزة. وأضاف البيان أن اللقاحات وصلت.")  # fmt: skip
    speakers = [s for _, s, _, _ in said(art)]
    assert speakers == ["وزارة الصحة", "الطبيب سعيد عادل", "وزارة الصحة"]


def test_quotes_realtext_speaker_said_in_a_statement_keeps_the_speaker():
    art = read("وقال الطبيب سعيد عادل إن المستشفيات جاهزة. وقال في بيان إن اللقاحات وصلت.")
    assert [s for _, s, _, _ in said(art)] == ["الطبيب سعيد عادل"] * 2


def test_quotes_realtext_participle_opening_sentence_takes_previous_speaker():
    art = read("وقال المحافظ سالم نور إن الطريق سيفتح غدا. مؤكدا على ضرورة الحذر أثناء القيادة.")
    assert said(art)[1][:3] == ("مؤكدا", "المحافظ سالم نور", "ضرورة الحذر أثناء القيادة")


def test_quotes_realtext_abbreviated_title_is_part_of_the_speaker():
    art = read("وأوضح د. سامر النجا أن العدد ارتفع. وأضاف أن المدارس جاهزة.")
    assert [s for _, s, _, _ in said(art)] == ["د. سامر النجا"] * 2


def test_quotes_realtext_demonstrative_is_not_a_speaker():
    art = read("غير أن المصدر نفى ذلك، مؤكدا أن الهجوم لم يقع.")
    assert {s for _, s, _, _ in said(art)} == {"المصدر"}


@pytest.mark.parametrize(
    "text",
    [
        "يذكر أن المدينة شهدت فيضانات مماثلة قبل عامين.",
        "وسجل المعهد 100 طالب وطالبة من فئة المتفوقين.",
        "وتلقت الشرطة بلاغا يفيد بفقدان طفل في السوق الكبير قرب الجسر القديم في وسط المدينة القديمة "
        "المزدحمة بالناس في أيام العيد والعطل الرسمية ثم عثر عليه.",
    ],
)
def test_quotes_realtext_non_reports_are_not_quotes(text):
    assert said(read("وقال المدير حسن إن الدوام انتهى.\n" + text))[1:] == []


def test_quotes_realtext_relative_clause_stops_at_colon():
    art = read("وقال الزائر سمير، الذي جاء من الجنوب: «لم أر مثل هذا». مضيفا: «سأعود».")
    assert said(art)[0][2] == "لم أر مثل هذا"


def test_quotes_realtext_posting_site_is_not_a_relay():
    art = read("وكتب الوزير في تغريدة على موقع تويتر «سنعيد فتح المعبر».")
    assert said(art)[0][3] == []
