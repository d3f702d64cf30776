"""Cleaning: boilerplate lines, related-articles blocks, section labels, invisible characters, removals."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.components.clean.component import boilerplate_reason
from riwaya.pipeline import Pipeline

# Fictional article lines written for these tests.
TITLE = "إغلاق طريق الساحل بعد انهيار صخري"
P1 = "أغلقت السلطات في محافظة الشاطئ الأزرق طريق الساحل صباح الجمعة بعد انهيار صخري قرب قرية المرجان."
P2 = "وقال مدير الطرق إن فرق الإنقاذ أزالت نصف الصخور وإن الطريق سيفتح مساء السبت."
P3 = "ودعا السائقين إلى سلوك الطريق الجبلي حتى انتهاء الأعمال."

BOILERPLATE = {
    "اقرأ أيضا: مهرجان الزيتون يعود بعد غياب": "read-more link",
    "إقرأ المزيد": "read-more link",
    "للمزيد اضغط هنا": "read-more link",
    "Read more": "read-more link",
    "مقالات ذات صلة": "related-articles block",
    "اخترنا لك": "related-articles block",
    "زر الذهاب إلى الأعلى": "back-to-top button",
    "العودة إلى أعلى الصفحة": "back-to-top button",
    "اضف تعليقا": "comment prompt",
    "أضف تعليقك": "comment prompt",
    "التعليقات (4)": "comment prompt",
    "شارك هذا الخبر على": "share prompt",
    "فيسبوك تويتر واتساب طباعة": "share prompt",
    "تابعونا على تيليجرام": "share prompt",
    "الصورة: أرشيف الصحيفة": "photo credit",
    "صورة أرشيفية": "photo credit",
    "(رويترز)": "photo credit",
    "اشترك في النشرة البريدية ليصلك كل جديد": "newsletter prompt",
    "جميع الحقوق محفوظة لصحيفة الشاطئ 2024": "rights footer",
    "© 2024 شبكة الساحل الإخبارية": "rights footer",
    "الكلمات المفتاحية: طرق، انهيار، الساحل": "tags line",
}
NOT_BOILERPLATE = [
    P1,
    P2,
    "وتابع في كلمته أن الجسر سيفتح قريبا.",
    "More than twenty drivers were stuck on the coast road.",
    "قانون جديد لحماية حقوق الطبع والنشر",
    "شارك المئات في حملة تنظيف الشاطئ صباح السبت.",
    "الصورة الكاملة لما جرى لم تتضح بعد بحسب شهود عيان في القرية.",
]


@cache
def _cleaner() -> Pipeline:
    return Pipeline.build(["clean"])


def _clean(raw: str, title: str | None = None):
    return _cleaner()(raw, title=title, source="test.txt")


@pytest.mark.parametrize("line, reason", sorted(BOILERPLATE.items()))
def test_clean_boilerplate_lines_have_their_reason(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", NOT_BOILERPLATE)
def test_clean_boilerplate_keeps_news_sentences(line):
    assert boilerplate_reason(line) is None


def test_clean_boilerplate_lines_are_dropped_and_recorded():
    raw = "\n".join(
        [
            TITLE,
            P1,
            "اقرأ أيضا: مهرجان الزيتون يعود",
            P2,
            "شارك هذا الخبر",
            P3,
            "اضف تعليقا",
            "زر الذهاب إلى الأعلى",
        ]
    )
    article = _clean(raw)
    assert article.text == "\n".join([TITLE, P1, P2, P3])
    reasons = [r["reason"] for r in article.removals]
    assert reasons == ["read-more link", "share prompt", "comment prompt", "back-to-top button"]
    for r in article.removals:
        assert raw[r["raw_start"] : r["raw_end"]] == r["text"]


def test_clean_boilerplate_related_block_at_the_end_goes_entirely():
    raw = "\n".join(
        [TITLE, P1, P2, "مقالات ذات صلة", "افتتاح مكتبة عامة في قرية المرجان", "", "مهرجان السمك يختتم دورته"]
    )
    article = _clean(raw)
    assert article.text == "\n".join([TITLE, P1, P2])
    assert [r["reason"] for r in article.removals].count("related-articles block") == 3


def test_clean_boilerplate_related_block_keeps_a_subheading_before_a_paragraph():
    raw = "\n".join([TITLE, P1, "أخبار ذات صلة", "افتتاح مكتبة عامة", "خطة الطوارئ", P2])
    article = _clean(raw)
    assert article.text == "\n".join([TITLE, P1, "خطة الطوارئ", P2])


def test_clean_boilerplate_section_label_above_headline():
    raw = f"صحيفة الشاطئ\n\n{TITLE}\n\n{P1}\n\n{P2}"
    article = _clean(raw)
    assert article.title == TITLE
    assert article.meta["section"] == "صحيفة الشاطئ"
    assert article.text.startswith(TITLE)
    [label] = [r for r in article.removals if r["reason"] == "section label"]
    assert raw[label["raw_start"] : label["raw_end"]] == "صحيفة الشاطئ"


def test_clean_boilerplate_known_section_label_without_blank_line():
    article = _clean(f"عاجل\n{TITLE}\n{P1}")
    assert article.title == TITLE and article.meta["section"] == "عاجل"


def test_clean_boilerplate_short_headline_over_body_stays_the_title():
    raw = f"انهيار صخري\n\n{P1}\n\n{P2}"  # the next line is body text, not a headline
    article = _clean(raw)
    assert article.title == "انهيار صخري" and "section" not in article.meta


def test_clean_boilerplate_metadata_title_means_no_label_guessing():
    article = _clean(f"صحيفة الشاطئ\n\n{TITLE}\n\n{P1}", title="عنوان من البيانات الوصفية")
    assert article.text.startswith("صحيفة الشاطئ") and not article.layer("title")


def test_clean_boilerplate_invisible_characters_tatweel_and_spaces():
    raw = f"{TITLE}\n\u200fأغلقت  السلطـــات\u00a0طريق\u200b الساحل\t\n"
    article = _clean(raw)
    assert article.text == f"{TITLE}\nأغلقت السلطات طريق الساحل"
    reasons = {r["reason"] for r in article.removals}
    assert reasons == {"invisible control characters", "tatweel", "whitespace", "whitespace normalised"}
    for r in article.removals:
        assert raw[r["raw_start"] : r["raw_end"]] == r["text"]


def test_clean_boilerplate_paragraph_spans_point_to_raw_lines():
    raw = f"{TITLE}\r\n\r\nاقرأ المزيد\r\n  {P1}\r\n{P2}"
    article = _clean(raw)
    for span in article.layer("paragraphs"):
        raw_line = raw[span.attrs["raw_start"] :].split("\r\n")[0]
        assert article.surface(span) == raw_line.strip()


# --- property: removals are exact slices of raw, and raw minus removals is the text ----------------
LINE_PARTS = st.sampled_from(
    [
        "أغلقت",
        "السلطات",
        "الطريق",
        "ال",
        "ـ",
        "\u200f",
        "\u200b",
        " ",
        "  ",
        "\t",
        "\u00a0",
        "٣",
        "x",
        ".",
        "،",
    ]
)
LINES = st.one_of(
    st.lists(LINE_PARTS, max_size=12).map("".join),
    st.sampled_from(
        sorted(BOILERPLATE) + ["", "   ", TITLE, "صحيفة الشاطئ", "— نادر (@nader_x) March 3, 2024"]
    ),
)


def _reconstruct(raw: str, removals: list[dict]) -> str:
    """Apply the removals to raw (a normalised whitespace run leaves one space), drop empty lines."""
    out, pos = [], 0
    for r in sorted(removals, key=lambda r: r["raw_start"]):
        out.append(raw[pos : r["raw_start"]])
        out.append(" " if r["reason"] == "whitespace normalised" else "")
        pos = r["raw_end"]
    out.append(raw[pos:])
    return "\n".join(line for line in re.split(r"\r\n|\r|\n", "".join(out)) if line)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=10), st.sampled_from(["\n", "\r\n", "\r"]))
def test_clean_boilerplate_removals_are_raw_slices(lines, newline):
    raw = newline.join(lines)
    article = _clean(raw)
    starts = []
    for r in article.removals:
        assert raw[r["raw_start"] : r["raw_end"]] == r["text"]
        starts.append(r["raw_start"])
    assert starts == sorted(starts)
    spans = sorted((r["raw_start"], r["raw_end"]) for r in article.removals)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans)), "overlapping removals"
    assert _reconstruct(raw, article.removals) == article.text
