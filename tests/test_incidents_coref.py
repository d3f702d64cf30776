"""Within-article event coreference, background mentions, stricter joins, places and perpetrators
(issue 6 follow-up). Every sentence here is fictional."""

from __future__ import annotations

from events_helpers import add_entities, make_article
from riwaya.components.events.component import extract_events
from riwaya.corpus import Corpus
from riwaya.stages.incidents import build_incidents

STORY = (
    "هجوم بطائرة مسيرة على منزل القاضي نبيل السهلي\n"
    "استهدفت طائرة مسيرة منزل القاضي نبيل السهلي في مدينة الريحان فجر الخميس.\n"
    "وقالت الشرطة إن الهجوم لم يسفر عن إصابات.\n"
    "ووصل المحافظ إلى المكان بعد ساعة.\n"
    "وأدان المجلس البلدي هذا الاعتداء بشدة.\n"
    "وتعرضت المدينة لسلسلة من الهجمات خلال السنوات الماضية.\n"
    "وفي سياق آخر، شهدت المدينة الشهر الماضي زيارة لوفد تجاري."
)


def analysed(text, *, entities=None, date="2030-03-07", source="a.txt"):
    article = make_article(text, published=date, source=source)
    if entities:
        add_entities(article, entities)
    article.add_layer("events", extract_events(article))
    return article


def surfaces(article, event, role):
    return [article.surface(a) for a in event.attrs["arguments"] if a.attrs["role"] == role]


def test_incidents_coref_mentions_of_one_attack_make_one_incident_with_reasons():
    article = analysed(STORY)
    incidents = build_incidents(Corpus([article]))
    attacks = [i for i in incidents if i.family == "attack"]
    assert len(attacks) == 1 and len(attacks[0].events) == 4  # headline, trigger, الهجوم, الاعتداء
    reasons = [r for j in attacks[0].joins for r in j.reasons]
    assert "same article" in reasons and any(r.startswith("anaphoric mention") for r in reasons)


def test_incidents_coref_generic_and_background_mentions_stay_events_only():
    article = analysed(STORY)
    events = article.layer("events")
    generic = [e for e in events if e.attrs["generic"]]
    assert [article.surface(e) for e in generic] == ["الهجمات"]
    assert generic[0].attrs["generic"].startswith("quantified")
    incidents = build_incidents(Corpus([article]))
    in_incidents = {e for i in incidents for e in i.events}
    assert generic[0].attrs["id"] not in in_incidents
    assert not [i for i in incidents if i.family == "meeting"]  # a visit told once, in passing


def test_incidents_coref_background_visit_in_the_headline_is_an_incident():
    article = analysed("زيارة وفد تجاري إلى مدينة الريحان\nوصل الوفد صباح اليوم وعقد لقاءات مع التجار.")
    incidents = build_incidents(Corpus([article]))
    assert [i.family for i in incidents] == ["meeting"]


def test_incidents_coref_plural_with_count_is_specific():
    article = analysed("أسفرت هجمات على قرية السدرة عن مقتل 4 أشخاص.")
    attack = [e for e in article.layer("events") if e.attrs["family"] == "attack"]
    assert attack and attack[0].attrs["generic"] is None


THREAT_A = "هدد قائد جماعة النسر الوزير سامر الوادي بالملاحقة في العراق."
THREAT_B = "هدد قائد جماعة النسر الوزير سامر الوادي بالملاحقة في العراق مجددا."
ENTITIES = [
    ("سامر الوادي", "PER", "سامر وادي"),
    ("جماعة النسر", "ORG", "جماعه نسر"),
    ("العراق", "LOC", "عراق"),
]


def test_incidents_threats_in_different_years_do_not_join():
    a = analysed(THREAT_A, entities=ENTITIES, date="2030-03-07", source="a.txt")
    b = analysed(THREAT_B, entities=ENTITIES, date="2032-11-20", source="b.txt")
    assert [len(i.articles) for i in build_incidents(Corpus([a, b]))] == [1, 1]


def test_incidents_threat_join_needs_both_dates():
    a = analysed(THREAT_A, entities=ENTITIES, date="2030-03-07", source="a.txt")
    b = analysed(THREAT_B, entities=ENTITIES, date=None, source="b.txt")
    assert [len(i.articles) for i in build_incidents(Corpus([a, b]))] == [1, 1]
    c = analysed(THREAT_B, entities=ENTITIES, date="2030-03-08", source="c.txt")
    joined = [i for i in build_incidents(Corpus([a, c])) if len(i.articles) == 2]
    assert len(joined) == 1


def test_incidents_shared_country_is_no_participant():
    a = analysed("حذر الرئيس من تصعيد في العراق.", entities=ENTITIES, source="a.txt")
    b = analysed("حذر المتحدث من فوضى في العراق.", entities=ENTITIES, source="b.txt")
    assert [len(i.articles) for i in build_incidents(Corpus([a, b]))] == [1, 1]
    assert not any("عراق" in k for e in a.layer("events") for k in e.attrs["participants"])


def test_events_place_is_the_attached_location_not_any_in_the_sentence():
    text = "استهدف صاروخ منزل الوزير في حي الورود بالزاهرة، وتتهم الحكومة فصائل موالية لبلاد الغرب وطهران."
    names = [("الزاهرة", "LOC", "زاهره"), ("بلاد الغرب", "LOC", "بلاد غرب"), ("طهران", "LOC", "طهران")]
    article = analysed(text, entities=names)
    attack = next(e for e in article.layer("events") if e.attrs["family"] == "attack")
    assert surfaces(article, attack, "place") == ["الزاهرة"]


def test_events_place_without_entities_from_place_nouns():
    article = analysed("سقطت قذيفة على سوق في مدينة الريحان وتحدث الوزير عن العاصمة.")
    attack = next(e for e in article.layer("events") if e.attrs["family"] == "attack")
    assert [a.attrs["value"] for a in attack.attrs["arguments"] if a.attrs["role"] == "place"] == ["ريحان"]


def test_events_perpetrator_is_an_actor_phrase_not_a_verb_or_pronoun():
    cases = {
        "وتوجهت أصابع الاتهام سريعا إلى جماعة النسر الأسود بعد الهجوم.": "جماعة النسر الأسود",
        "وأكدت الشرطة أن جهات مسلحة نفذت الهجوم على المعسكر.": "جهات مسلحة",
        "وأعلنت كتائب الفجر مسؤوليتها عن الهجوم على المطار.": "كتائب الفجر",
    }
    for text, expected in cases.items():
        article = analysed(text)
        actors = [
            article.surface(a)
            for e in article.layer("events")
            for a in e.attrs["arguments"]
            if a.attrs["role"] == "actor"
        ]
        assert actors == [expected], text


def test_events_perpetrator_prefers_an_entity_and_skips_non_actors():
    article = analysed("وتشير مصادر إلى تورط فيه بالهجوم على المطار.")
    assert not [
        a for e in article.layer("events") for a in e.attrs["arguments"] if a.attrs["role"] == "actor"
    ]
    text = "واتهمت الحكومة رسميا الحزب الأخضر بالهجوم على المطار."
    article = analysed(text, entities=[("الحزب الأخضر", "ORG", "حزب اخضر")])
    actors = [
        (article.surface(a), a.attrs["entity"])
        for e in article.layer("events")
        for a in e.attrs["arguments"]
        if a.attrs["role"] == "actor"
    ]
    assert actors == [("الحزب الأخضر", "org-0")]


def test_events_trigger_conditions_drop_non_events():
    for text in (
        "يستهدف البرنامج توفير السكن للمواطنين.",
        "نشر الشاب صورا على مواقع التواصل الاجتماعي.",
        "أثار انتشار مقطع فيديو غضب السكان.",
    ):
        assert extract_events(make_article(text)) == [], text
    assert [e.label for e in extract_events(make_article("انتشرت قوات الأمن في محيط السوق."))] == [
        "deployment"
    ]


def test_incidents_kind_of_target_or_weapon_is_no_participant():
    a = analysed("سقطت صواريخ على قاعدة عسكرية في الشمال.", source="a.txt")
    b = analysed("سقطت صواريخ على قاعدة جوية قرب الساحل.", source="b.txt")
    assert [len(i.articles) for i in build_incidents(Corpus([a, b]))] == [1, 1]


def test_incidents_date_prefers_first_hand_time_over_anaphoric_mention():
    from riwaya.model import Article, Span
    from riwaya.stages.incident_evidence import Cluster, Ref
    from riwaya.stages.incidents import incident_date

    article = Article("نص")

    def ref(i, when, anaphoric):
        span = Span(0, 1, "attack", {"id": f"a:e{i}", "type": "attack", "anaphoric": anaphoric})
        return Ref(article, span, i, when, None)

    cluster = Cluster([ref(0, "2025-09-14TMO", False), ref(1, "2025-09-12", True)])
    assert incident_date(cluster) == "2025-09-14"
    assert incident_date(Cluster([ref(1, "2025-09-12", True)])) == "2025-09-12"
