"""The data model: immutable cleaned text, checked stand-off spans, JSON round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riwaya.errors import SpanError
from riwaya.model import Article, Published, Span, article_id


def test_model_text_cannot_be_reassigned():
    article = Article("نص المقال")
    with pytest.raises(AttributeError, match="never changes"):
        article.text = "نص آخر"


def test_model_id_is_stable_and_depends_on_text():
    assert Article("خبر أول").id == Article("خبر أول").id == article_id("خبر أول")
    assert Article("خبر أول").id != Article("خبر ثان").id


def test_model_add_layer_rejects_span_outside_text():
    article = Article("قصير")
    with pytest.raises(SpanError, match="outside its text"):
        article.add_layer("x", [Span(0, 99)])


def test_model_add_layer_checks_nested_spans():
    article = Article("قال المتحدث إن الوضع هادئ")
    bad = Span(0, 3, attrs={"speaker": Span(4, 500)})
    with pytest.raises(SpanError):
        article.add_layer("quotes", [bad])


def test_model_layer_is_sorted_by_offsets():
    article = Article("أ ب ج د")
    article.add_layer("tokens", [Span(4, 5), Span(0, 1), Span(2, 3)])
    assert [s.start for s in article.layer("tokens")] == [0, 2, 4]


@st.composite
def text_and_span(draw):
    text = draw(st.text(alphabet="ابتثجحخ دذرزسشصض،.", min_size=1, max_size=60))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    inner_start = draw(st.integers(start, end))
    return text, Span(start, end, "x", {"part": Span(inner_start, end), "n": 3, "tags": ["a"]})


@given(text_and_span())
def test_model_span_dict_round_trip_keeps_surface(pair):
    text, span = pair
    data = span.to_dict(text)
    assert data["text"] == text[span.start : span.end]
    assert data["part"]["text"] == text[span.attrs["part"].start : span.end]
    back = Span.from_dict(data)
    assert (back.start, back.end, back.label) == (span.start, span.end, span.label)
    assert back.attrs["part"] == span.attrs["part"] and back.attrs["n"] == 3


def test_model_published_round_trip_with_evidence():
    text = "صدر اليوم الأحد"
    pub = Published("2021-11-07", "day", inferred=True, confidence=0.8, evidence=Span(4, 15))
    data = pub.to_dict(text)
    assert data["evidence"]["text"] == "اليوم الأحد"
    back = Published.from_dict(data)
    assert back.value == "2021-11-07" and back.evidence == Span(4, 15) and back.inferred


def test_model_outlet_label_prefers_outlet_then_site_then_file_name():
    from riwaya.model import outlet_label

    assert outlet_label("الرافد", "https://x.example/a", "/data/a.txt") == "الرافد"
    assert outlet_label(None, "https://www.rafid.example.com/news/1", "/data/a.txt") == "rafid.example.com"
    assert outlet_label(None, None, "/work/corpus/seeds/003_e17cd75e.txt") == "003_e17cd75e"
    assert outlet_label(None, None, "dump.jsonl#12") == "dump"
    assert outlet_label(None, None, "-", "abcdef0123456789") == "abcdef01"
