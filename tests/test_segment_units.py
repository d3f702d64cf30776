"""Sentences, tokens and the clitic-aware light segmentation."""

from hypothesis import given
from hypothesis import strategies as st

from riwaya.text.tokens import clitic_variants, light_segment, match_key, split_sentences, tokenize


def test_segment_sentences_split_on_arabic_punctuation():
    text = "وصل الوفد إلى المدينة. هل انتهت الأزمة؟ قال المتحدث: «لا»."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "وصل الوفد إلى المدينة.",
        "هل انتهت الأزمة؟",
        "قال المتحدث: «لا».",
    ]


def test_segment_sentences_keep_decimals_and_closing_quotes_together():
    text = 'ارتفع المؤشر 3.5 بالمئة. وقال "انتهى الأمر." ثم غادر'
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "ارتفع المؤشر 3.5 بالمئة.",
        'وقال "انتهى الأمر."',
        "ثم غادر",
    ]


def test_segment_tokens_keep_diacritics_inside_words():
    text = "قالَ المُتحدّث، ٣ طائرات"
    assert [text[t.start : t.end] for t in tokenize(text)] == ["قالَ", "المُتحدّث", "،", "٣", "طائرات"]


def test_segment_light_segmentation_strips_proclitics_conservatively():
    assert light_segment("وللكاظمي").stem == "كاظمي"
    assert light_segment("بالعراق").stem == "عراق"
    assert light_segment("بغداد").stem == "بغداد"
    assert light_segment("وزير").stem == "وزير"
    assert match_key("والأمريكية") == match_key("الامريكيه")


def test_segment_clitic_variants_offer_stripped_readings():
    assert "كاظمي" in clitic_variants("للكاظمي")
    assert "بغداد" in clitic_variants("وبغداد")


@given(st.text(alphabet='ابتسمنولكفيةأ .؟!،\n"«»', max_size=120))
def test_segment_sentence_and_token_spans_stay_inside_text(text):
    for span in split_sentences(text) + tokenize(text):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]


def test_segment_arabic_abbreviations_do_not_end_sentences():
    text = "قال د. سامي النجار إن الوضع مستقر. وأكد م. رامي ذلك. انتهى المشروع عام 2020 م. ثم بدأ غيره"
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "قال د. سامي النجار إن الوضع مستقر.",
        "وأكد م. رامي ذلك.",
        "انتهى المشروع عام 2020 م.",
        "ثم بدأ غيره",
    ]


def test_segment_english_titles_and_initials_do_not_end_sentences():
    text = "The U.S. envoy met Mr. Haddad and Gen. R. Kamal on Sunday. They left. Iraq said no."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "The U.S. envoy met Mr. Haddad and Gen. R. Kamal on Sunday.",
        "They left.",
        "Iraq said no.",
    ]
