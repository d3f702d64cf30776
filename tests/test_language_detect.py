"""Language per article and per paragraph."""

from riwaya.components.language import detect
from riwaya.pipeline import Pipeline


def test_language_detects_arabic_english_and_persian():
    assert detect("قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة") == "ar"
    assert detect("The spokesman said the meeting will be held next week in the capital city") == "en"
    assert detect("سخنگوی وزارت گفت که این نشست هفته آینده در پایتخت برگزار می‌شود") == "fa"


def test_language_no_letters_is_undetermined():
    assert detect("2025 - 14/09 ...") == "und"


def test_language_article_takes_the_majority_of_characters():
    text = "خبر عاجل عن اجتماع المجلس البلدي في المدينة اليوم بحضور الأعضاء كافة\nBreaking: council meets"
    article = Pipeline.build(["clean", "segment", "language"])(text)
    assert [s.label for s in article.layer("language")] == ["ar", "en"]
    assert article.language == "ar"
