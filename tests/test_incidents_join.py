"""Incidents: conservative, explained joins across articles; recalls; dates for undated articles."""

from __future__ import annotations

from events_helpers import add_entities, make_article
from riwaya.components.events.component import extract_events
from riwaya.corpus import Corpus
from riwaya.stages.incidents import build_incidents

ATTACK_A = "استهدفت ثلاث طائرات مسيرة منزل الوزير سامر الوادي في مدينة الريحان فجر الخميس."
ATTACK_B = "طائرة مسيرة تستهدف منزل الوزير سامر الوادي.\nوقال مصدر أمني إن صاروخا سقط على منزل الوادي."
RECALL = "وكانت جماعة مسلحة قد شنت في مارس هجوما على منزل سامر الوادي بطائرة مسيرة."
OTHER = "سقطت ثلاثة صواريخ على مطار الريحان الدولي وألحقت أضرارا بمدرج الطائرات."
# What the entities step finds in these texts: leads join on named places and people, never words.
NAMES = [("سامر الوادي", "PER", "سامر وادي"), ("الوادي", "PER", "سامر وادي"), ("الريحان", "LOC", "ريحان")]


def corpus_of(*texts, dates=None):
    dates = dates or [None] * len(texts)
    articles = []
    for i, (text, date) in enumerate(zip(texts, dates, strict=True)):
        article = make_article(text, published=date, source=f"a{i}.txt")
        add_entities(article, NAMES)
        article.add_layer("events", extract_events(article))
        articles.append(article)
    return Corpus(articles)


def multi(incidents):
    return [inc for inc in incidents if len(inc.articles) > 1]


def test_incidents_join_articles_on_shared_target_with_reasons():
    corpus = corpus_of(ATTACK_A, ATTACK_B, dates=["2030-03-07", "2030-03-07"])
    joined = multi(build_incidents(corpus))
    assert len(joined) == 1 and len(joined[0].articles) == 2
    reasons = [r for j in joined[0].joins for r in j.reasons]
    assert any(r.startswith("headline and lead words alike") for r in reasons)


def test_incidents_do_not_join_on_type_alone():
    corpus = corpus_of(ATTACK_A, OTHER, dates=["2030-03-07", "2030-03-07"])
    assert multi(build_incidents(corpus)) == []


def test_incidents_do_not_join_across_distant_dates():
    corpus = corpus_of(ATTACK_A, ATTACK_B, dates=["2030-03-07", "2031-06-20"])
    assert multi(build_incidents(corpus)) == []


def test_incidents_recall_months_later_is_not_taken_for_the_same_lead():
    """Leads join only within days (or ten days for a follow-up): an article published months
    later that recalls the attack in passing does not lead with it (issue 19: conservative)."""
    corpus = corpus_of(ATTACK_A, RECALL, dates=["2030-03-07", "2030-11-02"])
    assert multi(build_incidents(corpus)) == []


def test_incidents_undated_article_takes_incident_date():
    corpus = corpus_of(ATTACK_A, ATTACK_B, dates=["2030-03-07", None])
    build_incidents(corpus)
    undated = corpus.articles[1].published
    assert undated.value == "2030-03-07" and undated.inferred and undated.source == "incident"


def test_incidents_place_is_given_in_the_reports_own_words():
    corpus = corpus_of(ATTACK_A, ATTACK_B, dates=["2030-03-07", "2030-03-07"])
    places = [inc.place for inc in build_incidents(corpus) if inc.place]
    assert "الريحان" in places  # the words of the report, not the folded match key "ريحان"
