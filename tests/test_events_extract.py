"""Event mentions: triggers, types and codes, counts, polarity, modality, attribution, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from events_helpers import make_article
from riwaya.components.events.component import extract_events
from riwaya.corpus import Corpus
from riwaya.export import build, check_spans


def events_of(text: str, **kw):
    article = make_article(text, **kw)
    return article, extract_events(article)


def counts(article, events):
    return [
        (a.attrs["value"]["n"], a.attrs["value"]["kind"], a.attrs["value"]["of"])
        for e in events
        for a in e.attrs["arguments"]
        if a.attrs["role"] == "count"
    ]


def test_events_drone_attack_typed_with_codes_and_count_from_word():
    article, events = events_of(
        "استهدفت ثلاث طائرات مسيرة منزل الوزير سامر الوادي في مدينة الريحان فجر الخميس."
    )
    attack = [e for e in events if e.attrs["family"] == "attack"]
    assert len(attack) == 1
    assert attack[0].label == "attack.drone"
    assert attack[0].attrs["codes"] == {"cameo": "195", "plover": "ASSAULT", "acled": "Air/drone strike"}
    assert counts(article, attack) == [(3, "exact", "drone")]
    assert "وادي" in attack[0].attrs["participants"]


def test_events_counts_approximate_vague_singular_and_dual():
    cases = {
        "سقط نحو 8 صواريخ على المعسكر الشمالي.": (8, "about", "rocket"),
        "سقط عدد من الصواريخ على المعسكر الشمالي.": (None, "several", "rocket"),
        "استهدفت طائرة مسيرة مقر الشركة الوطنية.": (1, "exact", "drone"),
        "استهدفت طائرتين مسيرتين مقر الشركة الوطنية.": (2, "exact", "drone"),
    }
    for text, expected in cases.items():
        article, events = events_of(text)
        assert counts(article, events) == [expected], text


def test_events_definite_weapon_gives_no_count():
    article, events = events_of("استهدفت الطائرات المسيرة مقر الشركة الوطنية.")
    assert counts(article, events) == []


def test_events_negated_claim_of_responsibility_is_negative():
    _, events = events_of("ولم تعلن أي جهة مسؤوليتها عن الهجوم على مخزن الحبوب.")
    claim = [e for e in events if e.label == "responsibility.claim"]
    attack = [e for e in events if e.attrs["family"] == "attack"]
    assert claim and claim[0].attrs["polarity"] == "negative"
    assert attack and attack[0].attrs["polarity"] == "positive"


def test_events_hedged_accusation_and_threat_content_is_not_an_attack():
    _, events = events_of("ويبدو أن أصابع الاتهام تتجه إلى جماعة النسر الأسود.")
    accusation = [e for e in events if e.label == "accusation"]
    assert accusation and accusation[0].attrs["modality"] == "hedged"
    _, events = events_of("هدد قائد الجماعة باغتيال الوزير سامر الوادي.")
    assert [e.label for e in events] == ["threat"]


def test_events_attribution_reporting_cue_else_outlet():
    _, events = events_of("وقال مصدر أمني إن صاروخا سقط على منزل القاضي.", outlet="قناة الضفة")
    attack = [e for e in events if e.attrs["family"] == "attack"][0]
    assert attack.attrs["attributed_to"]["speaker"] == "مصدر أمني"
    _, events = events_of("استهدف هجوم منزل القاضي فجرا.", outlet="قناة الضفة")
    assert events[0].attrs["attributed_to"] == {"kind": "outlet", "name": "قناة الضفة"}


def test_events_injured_none_when_negated_noun():
    article, events = events_of("استهدفت طائرة مسيرة مقر البلدية ولم يسفر الهجوم عن إصابات.")
    injured = [a.attrs["value"] for e in events for a in e.attrs["arguments"] if a.attrs["role"] == "injured"]
    assert injured == [{"n": 0, "kind": "exact"}]


def test_events_export_spans_match_text():
    article = make_article("استهدفت ثلاث طائرات مسيرة منزل الوزير. وأدانت الحكومة الهجوم.")
    article.add_layer("events", extract_events(article))
    doc = build(Corpus([article]))
    assert doc["events"] and check_spans(doc) > len(doc["events"])
    assert {"type", "codes", "trigger", "arguments", "polarity", "modality", "attributed_to"} <= doc[
        "events"
    ][0].keys()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="استهدفت طائرة مسيرة منزل هجوم لم 3 نحو عدد من .،\n", min_size=1, max_size=120))
def test_events_never_crash_and_spans_stay_inside(text):
    if not text.strip():
        return
    article = make_article(text)
    for event in extract_events(article):
        article.check_span(event, "events")
