"""Language per article and per paragraph (lingua), with a script check for very short text.

Only languages met in Middle East news are loaded, which keeps the detector fast and small.
Language codes are ISO 639-1 (``ar``, ``en``, ``fa`` ...); ``und`` when there is no letter.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.arabic import ANY_ARABIC_LETTER as ARABIC_LETTER
from riwaya.text.arabic import NON_ARABIC_SCRIPT

LANGUAGES = (
    "ARABIC",
    "ENGLISH",
    "FRENCH",
    "PERSIAN",
    "URDU",
    "TURKISH",
    "HEBREW",
    "SPANISH",
    "GERMAN",
    "RUSSIAN",
)
LETTER = re.compile(r"[^\W\d_]")
SHORT = 25


@lru_cache(maxsize=1)
def detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> str:
    """ISO 639-1 code of ``text``; short Arabic-script text is taken as Arabic."""
    letters = LETTER.findall(text)
    if not letters:
        return "und"
    arabic_share = len(ARABIC_LETTER.findall(text)) / len(letters)
    if len(letters) < SHORT:
        return "ar" if arabic_share > 0.5 else _detect_lingua(text)
    if arabic_share > 0.9 and not NON_ARABIC_SCRIPT.search(text):
        return "ar"  # fast path: lingua costs ~2 ms a paragraph and agrees here
    return _detect_lingua(text)


def _detect_lingua(text: str) -> str:
    found = detector().detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else "und"


@component("language", version="1", requires=("paragraphs",), provides=("language",))
def detect_languages(article: Article) -> None:
    """Label each paragraph; the article's language is the one covering most characters."""
    spans, weight = [], Counter()
    for para in article.layer("paragraphs"):
        code = detect(article.surface(para))
        spans.append(Span(para.start, para.end, code))
        weight[code] += para.end - para.start
    article.add_layer("language", spans)
    known = [(n, code) for code, n in weight.items() if code != "und"]
    article.language = max(known)[1] if known else "und"
