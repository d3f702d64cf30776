"""Normalised views fold Arabic spelling variants and map every offset back to the original."""

from hypothesis import given
from hypothesis import strategies as st

from riwaya.text.normalize import fold, normalize

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئءـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩ 0123456789"


def test_normalize_folds_alef_yeh_teh_marbuta_hamza():
    assert fold("إسماعيل") == fold("اسماعيل")
    assert fold("الأميركية") == "الاميركيه"
    assert fold("مستشفى") == fold("مستشفي")
    assert fold("مسؤول") == "مسوول"


def test_normalize_drops_diacritics_and_tatweel():
    assert fold("مُصْطَفـــى") == fold("مصطفى")


def test_normalize_maps_arabic_indic_digits():
    assert fold("٣ طائرات") == "3 طايرات"
    assert fold("۴۸ ساعة") == "48 ساعه"


def test_normalize_find_all_returns_original_spans():
    text = "زار الوزيرُ الأمريكيّ بغداد، والتقى الوزير الامريكي نظيره"
    view = normalize(text)
    spans = view.find_all("الوزير الأمريكي")
    assert [text[s:e] for s, e in spans] == ["الوزيرُ الأمريكيّ", "الوزير الامريكي"]


@given(st.text(alphabet=ARABIC, max_size=80))
def test_normalize_offsets_point_at_source_characters(text):
    view = normalize(text)
    assert len(view.offsets) == len(view.text)
    assert list(view.offsets) == sorted(view.offsets)
    for i, ch in enumerate(view.text):
        assert fold(text[view.offsets[i]]) == ch


@given(st.text(alphabet=ARABIC, max_size=80), st.data())
def test_normalize_span_round_trip_covers_same_folded_text(text, data):
    view = normalize(text)
    start = data.draw(st.integers(0, len(view.text)))
    end = data.draw(st.integers(start, len(view.text)))
    o_start, o_end = view.to_original(start, end)
    assert 0 <= o_start <= o_end <= len(text)
    assert fold(text[o_start:o_end]) == view.text[start:end]
