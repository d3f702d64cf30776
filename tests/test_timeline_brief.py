"""Timeline and brief per story: fictional articles with hand-made layers, and the demo corpus."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.corpus import Corpus
from riwaya.model import Article, Published, Span
from riwaya.results import COMPARISON, Claim, Comparison, Incident, SlotComparison
from riwaya.stages.brief import brief_stage, story_brief
from riwaya.stages.timeline import dated, story_timeline, timeline_stage
from riwaya.text.tokens import split_sentences

SHARED_FACT = "وأعلن الدفاع المدني إجلاء مئتي عائلة من الأحياء المنخفضة في بلدة وادي الريحان."
TEXT_A = (
    "فيضانات تغمر وادي الريحان\n"
    "غمرت المياه بلدة وادي الريحان يوم 4 آذار بعد أمطار غزيرة. " + SHARED_FACT + " "
    "وقال شاهد إن المياه بلغت نوافذ الطابق الأول في السوق القديم."
)
TEXT_B = (
    "إجلاء عائلات من وادي الريحان\n"
    "أعلن الدفاع المدني إجلاء مئتي عائلة من الأحياء المنخفضة في بلدة وادي الريحان. "
    "وتوقعت الأرصاد الجوية توقف الأمطار خلال يومين مع انخفاض منسوب النهر تدريجيا."
)
TEXT_C = (
    "الجسر الخشبي في وادي الريحان\nجرفت المياه الجسر الخشبي الذي يربط الحي الشرقي بالسوق القديم في البلدة."
)


def make(text: str, outlet: str, day: str | None) -> Article:
    art = Article(text, title=text.split("\n")[0], outlet=outlet, language="ar",
                  published=Published(day, "day") if day else Published())  # fmt: skip
    head = text.index("\n")
    art.add_layer("title", [Span(0, head, "title")])
    art.add_layer("sentences", split_sentences(text, head + 1))
    return art


def with_time(art: Article, surface: str, value: str) -> Article:
    at = art.text.index(surface)
    art.add_layer(
        "times", [Span(at, at + len(surface), "", {"type": "date", "value": value, "precision": "day"})]
    )
    return art


def corpus_of(*arts: Article, incidents=None, comparisons=None) -> Corpus:
    story = {"id": "story-x", "title": "t", "articles": [{"article": a.id} for a in arts]}
    corpus = Corpus(list(arts), {"stories": [story]})
    if incidents is not None:
        corpus.put("incidents", incidents)
    if comparisons is not None:
        corpus.put(COMPARISON, comparisons)
    return corpus


def story_x(corpus: Corpus):
    return corpus.get("stories")[0]


def assert_cites(corpus: Corpus, item: dict) -> None:
    art = corpus.by_id()[item["article"]]
    assert art.text[item["start"] : item["end"]] == item["text"]


def test_timeline_dated_keeps_precision_and_rejects_unknown_years():
    assert dated("2030-03") == ("2030-03", "month")
    assert dated("2030-W10") == ("2030-03-04", "week")
    assert dated("XXXX-03-04") is None and dated(None) is None


def test_timeline_orders_entries_merges_sources_and_cites_spans():
    a = with_time(make(TEXT_A, "أ", "2030-03-05"), "يوم 4 آذار", "2030-03-04")
    b = make(TEXT_B, "ب", "2030-03-05")
    corpus = corpus_of(a, b)
    entries = story_timeline(story_x(corpus), corpus).to_dict()["entries"]
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert entries[0]["kind"] == "time" and entries[0]["precision"] == "day"
    published = next(e for e in entries if e["kind"] == "published")
    assert len(published["sources"]) == 2  # same day, two articles: one entry, two sources
    for entry in entries:
        for source in entry["sources"]:
            assert_cites(corpus, source)


def test_timeline_places_an_undated_article_through_its_incident():
    a, c = make(TEXT_A, "أ", "2030-03-05"), make(TEXT_C, "ج", None)
    incident = Incident("incident-1", "flood", "flood", "2030-03-04", None, [a.id, c.id], [], [], [])
    corpus = corpus_of(a, c, incidents=[incident])
    timeline = story_timeline(story_x(corpus), corpus).to_dict()
    placed = [s for e in timeline["entries"] for s in e["sources"] if s.get("placed_by") == "incident-1"]
    assert [s["article"] for s in placed] == [c.id] and timeline["undated"] == []
    alone = corpus_of(c)
    assert [u.article for u in story_timeline(story_x(alone), alone).undated] == [c.id]


def test_timeline_brief_fallback_puts_the_cross_outlet_fact_first():
    a, b, c = make(TEXT_A, "أ", "2030-03-05"), make(TEXT_B, "ب", "2030-03-05"), make(TEXT_C, "ج", None)
    corpus = corpus_of(a, b, c)
    brief = story_brief(story_x(corpus), corpus).to_dict()
    assert brief["method"] == "cross-outlet sentence support" and brief["contested"] == []
    first = brief["agreed"][0]
    assert "مئتي عائلة" in first["text"] and first["outlets"] == ["أ", "ب"]
    for item in brief["agreed"]:
        assert_cites(corpus, item)


def claim(art: Article, slot: str, value, surface: str) -> Claim:
    at = art.text.index(surface)
    return Claim(
        slot, value, f"{art.id}:e1", art.id, at, at + len(surface), surface, art.outlet, art.outlet, None
    )


def test_timeline_brief_gives_agreed_slots_then_who_says_what():
    a, b = make(TEXT_A, "أ", "2030-03-05"), make(TEXT_B, "ب", "2030-03-05")
    claims = [claim(a, "evacuated", 200, "مئتي عائلة"), claim(b, "evacuated", 200, "مئتي عائلة"),
              claim(a, "cause", "rain", "أمطار غزيرة"), claim(b, "cause", "river", "منسوب النهر"),
              claim(b, "count:river", 1, "منسوب النهر")]  # fmt: skip
    comparison = [
        {"slot": "evacuated", "status": "agree", "values": [{"value": 200, "articles": [a.id, b.id], "sources": ["أ", "ب"]}]},
        {"slot": "count:river", "status": "single", "values": [{"value": 1, "articles": [b.id], "sources": ["ب"]}]},
        {"slot": "cause", "status": "conflict", "values": [{"value": "rain", "articles": [a.id, a.id], "sources": ["أ"]},
                                                            {"value": "river", "articles": [b.id], "sources": ["ب"]}]},
    ]  # fmt: skip
    incident = Incident("incident-1", "flood", "flood", "2030-03-04", None, [a.id, b.id], [], [], [])
    compared = Comparison("incident-1", claims, [SlotComparison.from_dict(s) for s in comparison])
    corpus = corpus_of(a, b, incidents=[incident], comparisons=[compared])
    brief = story_brief(story_x(corpus), corpus).to_dict()
    assert brief["method"] == "incident comparison"
    assert [i["slot"] for i in brief["agreed"]] == ["evacuated"] and brief["agreed"][0]["outlets"] == [
        "أ",
        "ب",
    ]
    contested = brief["contested"][0]
    assert contested["slot"] == "cause" and [c["value"] for c in contested["claims"]] == ["rain", "river"]
    for item in brief["agreed"] + contested["claims"]:
        assert_cites(corpus, item)


def test_timeline_stages_write_one_record_per_story():
    corpus = corpus_of(make(TEXT_A, "أ", "2030-03-05"))
    timeline_stage(corpus)
    brief_stage(corpus)
    assert [t["story"] for t in corpus.results["timeline"]] == ["story-x"]
    assert [b["story"] for b in corpus.results["briefs"]] == ["story-x"]


def test_timeline_demo_story_has_the_attack_day_and_the_weapon_conflict(demo_dir):
    from riwaya import analysis as run
    from riwaya.export import check_spans

    result = run.analyze(str(demo_dir), db=None)
    results = result.corpus.results
    main = max(results["stories"], key=lambda s: s["size"])
    timeline = next(t for t in results["timeline"] if t["story"] == main["id"])
    attack_days = {e["date"] for e in timeline["entries"] if e["kind"] == "incident"}
    assert "2025-09-14" in attack_days
    brief = next(b for b in results["briefs"] if b["story"] == main["id"])
    if brief["method"] == "incident comparison":
        assert any(c["slot"] == "weapon" and len(c["claims"]) >= 2 for c in brief["contested"])
    assert check_spans(result.export()) > 0


POOL = [SHARED_FACT, "وقال شاهد إن المياه بلغت نوافذ الطابق الأول في السوق القديم.",
        "جرفت المياه الجسر الخشبي الذي يربط الحي الشرقي بالسوق القديم في البلدة.",
        "وتوقعت الأرصاد الجوية توقف الأمطار خلال يومين مع انخفاض منسوب النهر تدريجيا."]  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=4), min_size=1, max_size=4))
def test_timeline_brief_citations_always_slice_the_text(bodies):
    arts = [make("عنوان\n" + " ".join(body), f"o{n}", "2030-03-05") for n, body in enumerate(bodies)]
    arts = list({a.id: a for a in arts}.values())
    corpus = corpus_of(*arts)
    brief = story_brief(story_x(corpus), corpus).to_dict()
    timeline = story_timeline(story_x(corpus), corpus).to_dict()
    for item in brief["agreed"] + [s for e in timeline["entries"] for s in e["sources"]]:
        assert_cites(corpus, item)
