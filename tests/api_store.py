"""A small fictional store for the API, web and browser tests (all sentences written for riwaya).

Articles are built by hand with their layers, and the corpus results (stories, incidents with a
comparison, timeline, briefs) are written in the riwaya/1 export shapes (what the stages store), so the tests do not depend on which
pipeline stages have landed. One article carries markup that must show as text.
"""

from __future__ import annotations

from pathlib import Path

from riwaya.model import Article, Published, Span
from riwaya.store.sqlite import Store

BRIDGE_1 = (
    "انفجار عبوة ناسفة قرب جسر الوادي الشمالي\n"
    "قال العقيد سالم الراشد إن العبوة انفجرت صباح الثلاثاء قرب الجسر من دون إصابات.\n"
    "وأضاف أن الخارجية الأميركية عرضت المساعدة في التحقيق."
)
BRIDGE_2 = (
    "صاروخ يسقط قرب جسر الوادي\n"
    "أفاد مصدر أمني لوكالة السهل بأن صاروخا سقط قرب الجسر الشمالي فجر الثلاثاء.\n"
    "ونقلت الوكالة عن شهود أن الشرطة أغلقت الطريق، فيما رحبت السفارة الأمريكية بالتحقيق."
)
INJECTION = (
    "<script>document.title='pwned'</script> بيان مدونة الحي\n"
    "نشرت المدونة نصا يحوي <img src=x onerror=\"document.title='pwned2'\"> وسطرا عن الجسر.\n"
    'والسطر الأخير يذكر "اقتباسا" & رموزا < > كما هي.'
)
WEATHER = "أمطار غزيرة على الساحل\nتوقعت الأرصاد أمطارا غزيرة على مدن الساحل حتى نهاية الأسبوع."


def _entity(text: str, surface: str, label: str, key: str) -> Span:
    start = text.index(surface)
    return Span(
        start, start + len(surface), label, {"entity": key, "key": key, "name": surface, "role": False}
    )


def _article(text: str, outlet: str, day: str | None, url: str) -> Article:
    title = text.split("\n", 1)[0]
    published = Published(day, "day", source="metadata") if day else Published()
    article = Article(text, title=title, outlet=outlet, url=url, published=published)
    article.add_layer("title", [Span(0, len(title), "title")])
    return article


def bridge_one() -> Article:
    a = _article(BRIDGE_1, "صحيفة الوادي", "2024-03-05", "https://wadi.example/1")
    a.removals = [
        {"raw_start": 0, "raw_end": 20, "text": "اشترك في النشرة البريدية", "reason": "boilerplate"}
    ]
    person = _entity(a.text, "سالم الراشد", "PER", "سالم الراشد")
    a.add_layer("entities", [person, _entity(a.text, "الخارجية الأميركية", "ORG", "الخارجيه الامريكيه")])
    cue = a.text.index("قال")
    content_start = a.text.index("إن العبوة")
    content_end = a.text.index("إصابات") + len("إصابات")
    quote = Span(cue, content_end, "", {
        "id": "q1", "kind": "indirect", "cue": Span(cue, cue + 3), "content": Span(content_start, content_end),
        "speaker": Span(person.start, person.end, "", {"kind": "named", "entity": "سالم الراشد"}), "via": [],
    })  # fmt: skip
    a.add_layer("quotes", [quote])
    when = a.text.index("صباح الثلاثاء")
    a.add_layer(
        "times", [Span(when, when + len("صباح الثلاثاء"), "", {"type": "date", "value": "2024-03-05"})]
    )
    trigger = a.text.index("انفجرت")
    a.add_layer("events", [Span(trigger, trigger + len("انفجرت"), "explosion", {"id": "e1"})])
    return a


def bridge_two() -> Article:
    a = _article(BRIDGE_2, "وكالة السهل", "2024-03-05", "https://sahl.example/2")
    src = a.text.index("مصدر أمني")
    content = a.text.index("صاروخا")
    quote = Span(a.text.index("أفاد"), a.text.index("الثلاثاء.") + 8, "", {
        "id": "q2", "kind": "indirect", "cue": Span(a.text.index("أفاد"), a.text.index("أفاد") + 4),
        "speaker": Span(src, src + len("مصدر أمني"), "", {"kind": "anonymous", "entity": None}),
        "content": Span(content, a.text.index("الثلاثاء.") + 8),
        "via": [Span(a.text.index("وكالة السهل"), a.text.index("وكالة السهل") + len("وكالة السهل"), "", {"entity": None})],
    })  # fmt: skip
    a.add_layer("quotes", [quote])
    return a


def build_articles() -> list[Article]:
    inject = _article(INJECTION, "<b>مدونة</b> الحي", "2024-03-06", "https://blog.example/x")
    return [
        bridge_one(),
        bridge_two(),
        inject,
        _article(WEATHER, "صحيفة الوادي", "2024-03-07", "https://wadi.example/2"),
    ]


def _state(added: int) -> dict:
    return {"centroid": "", "terms": {}, "entities": {}, "days": [None, None], "added": added}


def _cite(article: str, text: str, outlet: str) -> dict:
    return {"article": article, "start": 0, "end": 10, "text": text, "outlet": outlet}


def build_results(ids: list[str]) -> dict[str, list]:
    one, two, inject, weather = ids
    comparison = [
        {"slot": "weapon", "status": "conflict", "values": [
            {"value": "عبوة ناسفة", "articles": [one], "sources": ["سالم الراشد"]},
            {"value": "صاروخ", "articles": [two], "sources": ["مصدر أمني"]}]},
        {"slot": "casualties", "status": "agree", "values": [{"value": "0", "articles": [one, two], "sources": []}]},
    ]  # fmt: skip
    member = lambda a, score, reason: {"article": a, "score": score, "reason": reason, "signals": {}}  # noqa: E731
    return {
        "stories": [
            {"id": "s1", "title": "انفجار قرب جسر الوادي", "articles": [
                member(one, 1.0, "seed"), member(two, 0.8, "tfidf"), member(inject, 0.5, "entities")],
             "first": "2024-03-05", "last": "2024-03-06", "size": 3,
             "outlets": ["<b>مدونة</b> الحي", "صحيفة الوادي", "وكالة السهل"], "languages": ["ar"],
             "state": _state(3)},
            {"id": "s2", "title": None, "articles": [member(weather, 1.0, "opened the story")],
             "first": "2024-03-07", "last": "2024-03-07", "size": 1, "outlets": ["صحيفة الوادي"],
             "languages": ["ar"], "state": _state(1)},
        ],
        "incidents": [{"id": "i1", "type": "explosion", "family": "attack", "date": "2024-03-05",
                       "place": "جسر الوادي", "articles": [one, two], "events": [f"{one}:e1"], "related": [],
                       "joins": [], "claims": [], "comparison": comparison, "accounts": []}],
        "timeline": [{"story": "s1", "title": "انفجار قرب جسر الوادي", "entries": [
            {"date": "2024-03-05", "precision": "day", "kind": "incident", "label": "انفجار قرب الجسر",
             "sources": [_cite(one, "انفجرت", "صحيفة الوادي"), _cite(two, "صاروخا", "وكالة السهل")],
             "incident": "i1"},
            {"date": "2024-03", "precision": "month", "kind": "event", "label": "فتح تحقيق في الحادث",
             "sources": [_cite(inject, "نشرت", "<b>مدونة</b> الحي")]},
            {"date": None, "precision": None, "kind": "event", "label": "حدث بلا تاريخ",
             "sources": [_cite(two, "أغلقت", "وكالة السهل")]},
        ], "undated": []}],
        "briefs": [{"story": "s1", "language": "ar", "method": "incident comparison", "agreed": [
            {**_cite(one, "قرب جسر الوادي", "صحيفة الجسر"), "slot": "place", "basis": "2 outlet(s) agree on place",
             "outlets": ["صحيفة الجسر", "وكالة السهل"], "sources": []}],
            "contested": [{"slot": "weapon", "claims": [
                {**_cite(one, "انفجرت العبوة", "صحيفة الجسر"), "value": "bomb", "sources": ["سالم الراشد"],
                 "articles": [one]},
                {**_cite(two, "سقط صاروخ", "وكالة السهل"), "value": "rocket",
                 "sources": ["مصدر أمني ← وكالة السهل"], "articles": [two]}]}]}],
    }  # fmt: skip


def build_store(path: Path) -> dict[str, str]:
    """Write the fixture store at ``path``; returns the article ids by role."""
    articles = build_articles()
    ids = [a.id for a in articles]
    with Store(path) as store:
        store.save_articles(articles)
        store.save_results(build_results(ids))
    return dict(zip(("bridge_one", "bridge_two", "injection", "weather"), ids, strict=True))
