"""Label claims (weapon, time_of_day, responsibility, perpetrator) on hand-written fictional sentences."""

from __future__ import annotations

import pytest

from riwaya import Pipeline


@pytest.fixture(scope="module")
def pipe():
    return Pipeline.build()


def labels(pipe, text: str, slot: str) -> list[tuple]:
    """(value, hedged, span text) of every ``slot`` claim of ``text``."""
    article = pipe(text)
    return [
        (s.attrs["value"], s.attrs["hedged"], article.text[s.start : s.end])
        for s in article.layer("claims")
        if s.label == slot
    ]


def values(pipe, text: str, slot: str) -> list:
    return [v for v, _, _ in labels(pipe, text, slot)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("أصيب حارسان إثر انفجار عبوة ناسفة قرب جسر الوادي.", "ied"),
        ("قال الناطق إن مسلحا فتح النار على المارة في السوق القديم.", "gunfire"),
        ("قتل ثلاثة جنود عندما فجر انتحاري سيارة مفخخة عند بوابة المعسكر.", "suicide_car_bomb"),
        ("كان أحد المهاجمين يرتدي حزاما ناسفا لم ينفجر.", "suicide_vest"),
        ("استهدفت غارة جوية مخزنا للذخيرة في الضاحية الشرقية.", "air_strike"),
        ("أسقطت الدفاعات طائرة مسيرة فوق الميناء الجنوبي.", "drone"),
        ("تعرض المخفر لقذائف هاون أطلقت من التلال.", "shell"),
        ("لقي سائقان مصرعهما في حادث اصطدام بين حافلة ركاب وشاحنة نقل.", "bus_truck_collision"),
        ("احتجز المسلحون رهائن داخل المصرف الكبير.", "hostage_taking"),
    ],
)
def test_weapon(pipe, text, value):
    assert value in values(pipe, text, "weapon")


def test_weapon_reference_back_is_no_claim(pipe):
    text = "وقع الهجوم أمس. وأدان المجلس التفجير بشدة."
    assert values(pipe, text, "weapon") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("هاجم مسلحون مركز الحراسة فجر اليوم الأربعاء.", "dawn"),
        ("اندلع الحريق في المستودع صباح أمس.", "morning"),
        ("سقطت القذيفة على الحي مساء الجمعة.", "evening"),
        ("وقع الاشتباك في ساعة متأخرة من الليل.", "night"),
        ("انفجرت العبوة ليلة السبت قرب المدرسة.", "night"),
        ("تعرضت الدورية لإطلاق نار في تمام الساعة 3.40 دقيقة مساء.", "afternoon"),
        ("وقع الحادث عند الساعة 12.30 صباحاً على الطريق الساحلي.", "night"),
        ("بدأ الهجوم في الثامنة مساء بتوقيت المدينة.", "evening"),
    ],
)
def test_time_of_day(pipe, text, value):
    assert values(pipe, text, "time_of_day") == [value]


def test_clock_overrides_the_word(pipe):
    (span,) = [
        s for s in pipe("وقع الانفجار في تمام الساعة 3.40 مساء.").layer("claims") if s.label == "time_of_day"
    ]
    assert span.attrs["value"] == "afternoon" and span.attrs["clock"] == "15:40"


@pytest.mark.parametrize(
    "text",
    [
        "قال صباح الكرمي إن المجلس سيجتمع قريبا.",
        "دعا الوزير الشركات إلى الإسراع ليلحق المشروع بموعده.",
        "أعلنت الوزارة مساء الجمعة نتائج التحقيق.",
    ],
)
def test_not_a_time_of_the_happening(pipe, text):
    assert values(pipe, text, "time_of_day") == []


def test_responsibility_claimed(pipe):
    (claim,) = labels(pipe, "وتبنت جماعة الرايات السود الهجوم في بيان.", "responsibility")
    assert claim[0] == {"status": "claimed", "by": "جماعة الرايات السود"}


def test_responsibility_denied_and_none_claimed(pipe):
    denied = values(pipe, "ونفت حركة الفجر الجديد مسؤوليتها عن الهجوم.", "responsibility")
    assert denied == [{"status": "denied", "by": "حركة الفجر الجديد"}]
    none = values(pipe, "ولم تعلن أي جهة مسؤوليتها عن التفجير حتى الآن.", "responsibility")
    assert none == [{"status": "none_claimed", "by": None}]


def test_hedged_blame_is_a_perpetrator_not_a_responsibility(pipe):
    text = "واتهمت الحكومة جماعة الرايات السود بتنفيذ الهجوم."
    assert values(pipe, text, "responsibility") == []
    ((value, hedged, _),) = labels(pipe, text, "perpetrator")
    assert value == "جماعه الرايات السود" and hedged is True


def test_attacker_phrase_is_a_firm_perpetrator(pipe):
    found = labels(pipe, "أطلق مسلحون مجهولون النار على الحافلة.", "perpetrator")
    assert ("مسلحون مجهولون", False) in [(v, h) for v, h, _ in found]


def test_label_claims_keep_their_source(pipe):
    article = pipe("وقال المتحدث باسم الشرطة إن مسلحين فتحوا النار على الحاجز.")
    (span,) = [s for s in article.layer("claims") if s.label == "weapon"]
    assert span.attrs["source"] and span.attrs["hedged"] is False
