"""Count claims (killed / injured / arrested / casualties) on hand-written fictional sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya import Pipeline


@pytest.fixture(scope="module")
def pipe():
    return Pipeline.build()


COUNT_SLOTS = ("killed", "injured", "arrested", "casualties")


def counts(article) -> list:
    """The count claims of an analysed article (the layer also holds weapon, time ... claims)."""
    return [s for s in article.layer("claims") if s.label in COUNT_SLOTS]


def claims(pipe, text: str) -> list[tuple[str, int, str, str]]:
    """(slot, n, kind, span text) of every claim of ``text``."""
    article = pipe(text)
    return [
        (s.label, s.attrs["value"]["n"], s.attrs["value"]["kind"], article.text[s.start : s.end])
        for s in counts(article)
    ]


def values(pipe, text: str) -> set[tuple[str, int, str]]:
    return {(slot, n, kind) for slot, n, kind, _ in claims(pipe, text)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("قتل سبعة أشخاص في انفجار بمدينة الواحة الخضراء.", ("killed", 7, "exact")),
        ("أسفر الانفجار عن مقتل 12 شخصا في السوق.", ("killed", 12, "exact")),
        ("وقالت الشرطة إن 14 شخصا قتلوا في الهجوم.", ("killed", 14, "exact")),
        ("لقي خمسة عمال مصرعهم في انهيار مبنى قديم.", ("killed", 5, "exact")),
        ("وأفاد المستشفى بأن ثلاثة ركاب لقوا حتفهم.", ("killed", 3, "exact")),
        ("استشهد ستة مدنيين في القصف.", ("killed", 6, "exact")),
        ("أعلنت الوزارة استشهاد 4 من رجال الإسعاف.", ("killed", 4, "exact")),
        ("وسقط في الهجوم عشرة شهداء.", ("killed", 10, "exact")),
        ("أوقع التفجير ثمانية قتلى.", ("killed", 8, "exact")),
        ("خلّف الحادث 15 قتيلا من المسافرين.", ("killed", 15, "exact")),
        ("وتوفي 3 أشخاص بعد نقلهم إلى المستشفى.", ("killed", 3, "exact")),
        ("وأكدت الصحة تسجيل 6 حالات وفاة.", ("killed", 6, "exact")),
        ("وانتشلت فرق الدفاع المدني ثلاث جثث من تحت الأنقاض.", ("killed", 3, "exact")),
        ("وأصيب 23 آخرون بجروح متفاوتة.", ("injured", 23, "exact")),
        ("وأسفر التصادم عن إصابة تسعة أشخاص.", ("injured", 9, "exact")),
        ("ونقل 11 جريحا إلى المستشفى.", ("injured", 11, "exact")),
        ("وبلغ عدد الجرحى 30 شخصا.", ("injured", 30, "exact")),
        ("واعتقلت الشرطة 16 شخصا في حملة مداهمات.", ("arrested", 16, "exact")),
        ("وتمكنت الدورية من القبض على 5 مطلوبين.", ("arrested", 5, "exact")),
        ("أعلنت السلطات توقيف أربعة مشتبه بهم.", ("arrested", 4, "exact")),
        ("أسفر الهجوم عن مقتل وإصابة 10 أشخاص.", ("casualties", 10, "exact")),
    ],
)
def test_cue_families(pipe, text, want):
    assert want in values(pipe, text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("قتل ٩ أشخاص في حريق بالمصنع.", ("killed", 9, "exact")),
        ("قتل واحد وعشرون شخصا في الغارة.", ("killed", 21, "exact")),
        ("أسفر الهجوم عن مقتل ثلاثة عشر جنديا.", ("killed", 13, "exact")),
        ("وأصيب (40) شخصا في الحادث.", ("injured", 40, "exact")),
        ("أسفر الانفجار عن مقتل شرطيين.", ("killed", 2, "exact")),
        ("وقتل جنديان في الكمين.", ("killed", 2, "exact")),
        ("وسقط قتيلان في الاشتباكات.", ("killed", 2, "exact")),
        ("قتل شرطي في إطلاق نار على الحاجز.", ("killed", 1, "exact")),
        ("قتل ضابط ومجند في انفجار عبوة.", ("killed", 2, "exact")),
        ("لقي سائق مصرعه في الحادث.", ("killed", 1, "exact")),
    ],
)
def test_number_forms(pipe, text, want):
    assert want in values(pipe, text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("وأصيب نحو 40 شخصا في الحريق.", ("injured", 40, "about")),
        ("قتل قرابة 30 شخصا في الفيضانات.", ("killed", 30, "about")),
        ("قتل 12 شخصا على الأقل في التفجير.", ("killed", 12, "at_least")),
        ("أسفر القصف عن مقتل ما لا يقل عن عشرين مدنيا.", ("killed", 20, "at_least")),
        ("وأصيب أكثر من 50 شخصا.", ("injured", 50, "at_least")),
        ("واعتقلت القوات عددا من المشتبه بهم.", ("arrested", 2, "several")),
        ("أسفر الهجوم عن مقتل شخصين وإصابة آخرين.", ("injured", 2, "several")),
        ("وأصيب عشرات بجروح في التدافع.", ("injured", 20, "several")),
        ("واعتقلت الشرطة مئات المحتجين.", ("arrested", 200, "several")),
    ],
)
def test_vague_counts(pipe, text, want):
    assert want in values(pipe, text)


def test_vague_word_is_kept(pipe):
    article = pipe("وأصيب عشرات بجروح في التدافع.")
    (span,) = counts(article)
    assert span.attrs["word"] == "عشرات"


@pytest.mark.parametrize(
    "text",
    [
        "وقع الحادث في عام 2014 في المدينة الساحلية.",
        "وأصيب المسلح البالغ من العمر 58 عاما.",
        "قضت المحكمة في القضية رقم 12 بسجن المتهم.",
        "لم تذكر الشرطة عدد القتلى في الحادث.",
        "وقدرت الخسائر بنحو 3 ملايين ريال.",
        "وأطلق المسلحون 3 صواريخ على الموقع.",
        "وكانت الحافلة تقل 45 راكبا عند وقوع الحادث.",
        "ويبعد الموقع 10 كلم عن مكان مقتل الصحفي.",
        "ولم يصب أحد في الحادث.",
    ],
)
def test_non_claims(pipe, text):
    assert claims(pipe, text) == []


def test_no_casualties_is_zero(pipe):
    assert values(pipe, "انفجرت العبوة دون وقوع إصابات.") == {("casualties", 0, "exact")}


def test_suicide_counts_the_attacker(pipe):
    article = pipe("أطلق المسلح النار على الحضور ثم انتحر.")
    (span,) = counts(article)
    assert span.attrs["value"] == {"n": 1, "kind": "exact"}
    assert span.attrs["counted"] == "perpetrators"


def test_group_inside_toll(pipe):
    found = values(pipe, "وأسفر الهجوم عن مقتل 12 شخصا بينهم خمسة جنود.")
    assert {("killed", 12, "exact"), ("killed", 5, "exact")} <= found


def test_killed_and_injured_in_one_sentence(pipe):
    found = values(pipe, "لقي تسعة أشخاص مصرعهم وأصيب 47 آخرون في حادث تصادم.")
    assert found == {("killed", 9, "exact"), ("injured", 47, "exact")}


def test_hedged_and_outlet_voice(pipe):
    article = pipe("وتحدثت الحكومة عن حصيلة مؤقتة بلغت خمسة قتلى.")
    (span,) = counts(article)
    assert span.attrs["hedged"] is True
    plain = counts(pipe("قتل خمسة أشخاص في الهجوم."))[0]
    assert plain.attrs["hedged"] is False
    assert plain.attrs["source"]["kind"] == "outlet"


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("وارتفعت حصيلة ضحايا الانفجار إلى 20 قتيلا.", "rise"),
        ("وكانت الحصيلة السابقة أشارت إلى مقتل ستة أشخاص.", "earlier"),
    ],
)
def test_update_cues(pipe, text, update):
    article = pipe(text)
    assert [s.attrs.get("update") for s in counts(article)] == [update]


def test_quoted_speaker_is_the_source(pipe):
    article = pipe('وقال المتحدث باسم الشرطة: "قتل أربعة أشخاص في الهجوم".')
    (span,) = counts(article)
    assert span.attrs["source"]["kind"] != "outlet" or span.attrs["source"].get("name")


WORDS = ["قتل", "مقتل", "أصيب", "12", "٣", "شخصا", "آخرون", "على", "الأقل", "نحو", "عام", "2015",
         "(", ")", "،", ".", "وإصابة", "جنديين", "لقي", "مصرعه", "عدد", "من", "القتلى", "لم", "بينهم"]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_spans_lie_inside_the_text(words):
    article = Pipeline.build()(" ".join(words))
    for span in counts(article):
        assert 0 <= span.start < span.end <= len(article.text)
        assert span.label == span.attrs["slot"]
        assert span.attrs["value"]["kind"] in ("exact", "about", "at_least", "at_most", "several")
