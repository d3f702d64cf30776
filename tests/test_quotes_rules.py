"""Behaviour of the quotes reader on fictional sentences written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.analysis import process_document
from riwaya.components.quotes.component import extract
from riwaya.components.quotes.marks import find_marks
from riwaya.model import Article, RawDocument, Span
from riwaya.pipeline import Pipeline

PIPELINE = Pipeline.build(["clean", "segment", "quotes"])


def read(text: str) -> Article:
    article, _ = process_document(RawDocument(text, "test", {"format": "json"}), PIPELINE)
    return article


def parts(article: Article, quote) -> dict:
    a, t = quote.attrs, article.text
    return {
        "cue": a["cue"].text_in(t),
        "speaker": a["speaker"].text_in(t),
        "content": a["content"].text_in(t),
        "via": [v.text_in(t) for v in a["via"]],
        "kind": a["kind"],
        "speaker_kind": a["speaker"].attrs["kind"],
    }


def test_quotes_indirect_speech_with_agency_chain():
    art = read("وقال مسؤول حكومي لوكالة رويترز إن الحدود ستفتح غدا أمام الشاحنات.")
    (q,) = art.layer("quotes")
    got = parts(art, q)
    assert got["speaker"] == "مسؤول حكومي" and got["speaker_kind"] == "anonymous"
    assert got["via"] == ["وكالة رويترز"]
    assert got["content"] == "الحدود ستفتح غدا أمام الشاحنات"
    assert q.attrs["via"][0].attrs["name"] == "Reuters"


def test_quotes_relay_chain_orders_from_speaker_to_page():
    art = read("ونقلت قناة الحرة عن صحيفة التايمز عن مصادر مطلعة أن الوفد غادر الفندق ليلا.")
    got = parts(art, art.layer("quotes")[0])
    assert got["speaker"] == "مصادر مطلعة"
    assert got["via"] == ["صحيفة التايمز", "قناة الحرة"]


def test_quotes_svo_subject_before_tell_verb():
    art = read("وكان ضابط رفيع أفاد وكالة الأناضول أن الطريق أغلق بالكامل.")
    got = parts(art, art.layer("quotes")[0])
    assert got["speaker"] == "ضابط رفيع" and got["via"] == ["وكالة الأناضول"]


def test_quotes_direct_quote_in_every_mark_style():
    for open_, close in (("«", "»"), ("“", "”"), ('"', '"'), ("„", "“"), ("‘", "’")):
        art = read(f"وقال الوزير {open_}سنعيد بناء الجسر قبل الشتاء{close}.")
        got = parts(art, art.layer("quotes")[0])
        assert got["content"] == "سنعيد بناء الجسر قبل الشتاء", open_
        assert got["kind"] == "direct"


def test_quotes_unbalanced_mark_stops_at_paragraph_end():
    art = read("وقال القائد «لن نغادر المدينة أبدا.\nوفي خبر آخر افتتح معرض للكتاب في العاصمة.")
    got = parts(art, art.layer("quotes")[0])
    assert got["content"] == "لن نغادر المدينة أبدا"


def test_quotes_multi_sentence_quote_is_one_quote():
    art = read('وقال المتحدث "وصلنا إلى القرية. الوضع هادئ. لا إصابات".')
    quotes = art.layer("quotes")
    assert len(quotes) == 1
    assert parts(art, quotes[0])["content"] == "وصلنا إلى القرية. الوضع هادئ. لا إصابات"


def test_quotes_pronoun_subject_continues_previous_speaker():
    art = read("وقال مصدر طبي إن المستشفى استقبل عشرين جريحا. وأضاف أن بينهم أطفالا.")
    first, second = (parts(art, q) for q in art.layer("quotes"))
    assert second["speaker"] == first["speaker"] == "مصدر طبي"


def test_quotes_anonymity_hedge_recorded():
    art = read("وقال مسؤول، طلب عدم الكشف عن هويته، إن الاتفاق بات قريبا.")
    q = art.layer("quotes")[0]
    assert q.attrs["anonymous"] == "official"
    assert [h.text_in(art.text) for h in q.attrs["hedges"]] == ["طلب عدم الكشف عن هويته"]


def test_quotes_trailing_according_to():
    art = read("وانهار جزء من السد بعد الأمطار الغزيرة، وفق مصادر محلية.")
    got = parts(art, art.layer("quotes")[0])
    assert got["cue"] == "وفق" and got["speaker"] == "مصادر محلية"
    assert "انهار جزء من السد" in got["content"]


def test_quotes_scare_quotes_and_negation_are_not_quotes():
    art = read('وزار الوفد مدينة "الريحان" الساحلية. ولم يعلن أي طرف مسؤوليته عن الحادث.')
    assert art.layer("quotes") == []


def test_quotes_tweet_embed_merges_with_text_quote():
    text = (
        'وقال الوزير في تغريدة: "نرحب بعودة المحتجزين إلى ديارهم سالمين".\n'
        "نرحب بعودة المحتجزين إلى ديارهم سالمين.\n— سمير داود (@SamirD) March 3, 2023"
    )
    art = read(text)
    quotes = art.layer("quotes")
    assert len(quotes) == 1
    q = quotes[0].attrs
    assert q["kind"] == "tweet" and len(q["also"]) == 1
    assert q["time"] == "2023-03-03"


def test_quotes_statement_author():
    art = read("وذكر بيان لمكتب المحافظ أن الدوام الرسمي علق يومين.")
    got = parts(art, art.layer("quotes")[0])
    assert got["kind"] == "statement" and got["speaker"] == "مكتب المحافظ"


def test_quotes_links_speaker_to_entity_when_present():
    art = read("وقال الوزير سامي فرج إن الميناء سيفتح.")
    pos = art.text.index("سامي فرج")
    art.add_layer(
        "entities", [Span(pos, pos + 8, "PER", {"entity": "e7", "key": "x", "name": "x", "role": False})]
    )
    (q,) = extract(art)
    assert q.attrs["speaker"].attrs["entity"] == "e7"


MARKS = st.sampled_from(list('«»“”"„‘’ ') + ["قال", "أن", ".", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(MARKS, max_size=40))
def test_quotes_spans_stay_inside_text_and_paragraph(pieces):
    text = " ".join(pieces) or "x"
    marks = find_marks(text, 0, len(text))
    assert all(0 <= m.open < m.close <= len(text) for m in marks)
    art = read("عنوان\n" + text.replace("\n", " ") + "\nوقال مصدر إن الأمر انتهى.")
    for q in art.layer("quotes"):
        content = q.attrs["content"]
        para = [p for p in art.layer("paragraphs") if p.start <= content.start <= p.end]
        assert para and content.end <= para[0].end


def test_quotes_trailing_relay_extends_previous_chain():
    art = read("وقال مسؤول محلي إن الجسر أغلق أمام السيارات، بحسب وكالة سبوتنيك نقلا عن مصادر محلية.")
    quotes = art.layer("quotes")
    assert len(quotes) == 1
    via = [v.text_in(art.text) for v in quotes[0].attrs["via"]]
    assert "وكالة سبوتنيك" in via


def test_quotes_links_are_no_quoted_words():
    text = (
        "افتتاح السوق الجديد يهدد الحلواني pic.twitter.com/AbC123xyz\n"
        "— أخبار المدينة (@madina_news) May 2, 2023\n"
        "توقف المطر فوق الوادي بعد الظهر pic.twitter.com/XyZ789abc\n"
        "— نشرة الطقس (@taqs_now) May 3, 2023"
    )
    quotes = [q.attrs for q in read(text).layer("quotes")]
    assert sorted(q["kind"] for q in quotes) == ["tweet", "tweet"]  # a bare link is no content
    assert all(not q["also"] for q in quotes)  # two tweets sharing only pic.twitter.com stay apart
