"""Server-rendered pages: RTL, CSP headers, escaping of untrusted text, the story page's parts."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from api_store import build_store
from riwaya.results import Cite, Claim, Comparison, SlotComparison, SlotValue, TimelineEntry
from riwaya.web.app import create_app
from riwaya.web.views import Mark, date_range, highlight, timeline_chart


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "store.db"
    ids = build_store(path)
    return TestClient(create_app(path), raise_server_exceptions=False), ids


def test_web_pages_are_rtl_arabic_with_strict_csp(env):
    client, ids = env
    for url in ("/", "/stories/s1", f"/articles/{ids['bridge_one']}", "/search?q=جسر", "/articles"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html dir="rtl" lang="ar">' in response.text
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert "<script" not in response.text and " style=" not in response.text


def test_web_untrusted_text_is_escaped_everywhere(env):
    client, ids = env
    for url in (f"/articles/{ids['injection']}", "/stories/s1", "/", "/search?q=مدونة"):
        html = client.get(url).text
        assert "<script>document" not in html and "<img src=x" not in html and "<b>مدونة" not in html, url
    assert "&lt;script&gt;document.title=" in client.get(f"/articles/{ids['injection']}").text


def test_web_search_query_is_escaped_in_the_form(env):
    client, _ = env
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert" not in html and "&#34;&gt;&lt;script&gt;" in html


def test_web_story_page_draws_timeline_and_conflict_cells(env):
    client, _ = env
    html = client.get("/stories/s1").text
    assert html.count('<g class="entry') == 2
    assert 'data-precision="month"' in html and 'data-precision="day"' in html and "<rect" in html
    conflict_cells = re.findall(
        r'<td class="cell conflict"><span class="said"><span class="val">([^<]*)</span></span></td>', html
    )
    assert sorted(conflict_cells) == sorted(["عبوة ناسفة", "صاروخ"])
    assert "حدث بلا تاريخ" in html  # undated entry listed apart


def test_web_article_page_highlights_spans_and_shows_removed(env):
    client, ids = env
    html = client.get(f"/articles/{ids['bridge_one']}").text
    assert re.search(r'class="hl [^"]*ent-PER[^"]*q-speaker[^"]*"[^>]*>سالم الراشد<', html)
    assert 'class="hl time"' in html and "q-content" in html
    removed = html.split('id="removed"', 1)[1]
    assert "اشترك في النشرة البريدية" in removed and "نص زائد" in removed and "boilerplate" not in removed


def test_web_unknown_story_is_html_error_page_for_browsers(env):
    client, _ = env
    response = client.get("/stories/nope", headers={"accept": "text/html"})
    assert response.status_code == 404 and 'id="error"' in response.text and "not_found" in response.text


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="اب<>&\"' \nجد", max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_web_highlight_round_trips_text_and_never_leaks_markup(text, pairs):
    marks = [
        Mark(min(a, b), max(a, b), "ent ent-PER", "<x>")
        for a, b in pairs
        if min(a, b) < max(a, b) <= len(text)
    ]
    html = str(highlight(text, marks))
    plain = re.sub(r"<[^>]+>", "", html)
    assert (
        plain.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        == text
    )
    assert "<x>" not in html


def test_web_timeline_orders_by_date_and_keeps_precision():
    chart = timeline_chart([TimelineEntry("2024-05", None, "event", "b"), TimelineEntry("2024-03-02", None, "event", "a"),
                            TimelineEntry("غير معروف", None, "event", "c"), TimelineEntry("2023", "year", "event", "")])  # fmt: skip
    assert [r["date"] for r in chart["rows"]] == ["2023-01-01", "2024-03-02", "2024-05-01"]
    assert [r["precision"] for r in chart["rows"]] == ["year", "day", "month"]
    assert chart["rows"][0]["x2"] > chart["rows"][2]["x2"]  # earliest drawn at the right (RTL)
    assert [u["label"] for u in chart["undated"]] == ["c"]
    assert date_range("2024-02-30") is None


def test_web_story_page_caps_long_lists_and_points_to_the_api(tmp_path, monkeypatch):
    from riwaya.web import pages

    build_store(tmp_path / "store.db")
    client = TestClient(create_app(tmp_path / "store.db"))
    monkeypatch.setitem(pages.PAGE_LIMITS, "articles", 1)
    html = client.get("/stories/s1").text
    listed = html.split('id="story-articles"', 1)[1]
    assert listed.count("<li>") == 1
    assert 'class="more meta"' in listed and "/api/stories/s1" in listed


def test_web_comparison_shows_each_outlets_own_words_and_arabic_names():
    from riwaya.web.views import comparison_matrix

    drones = {"n": 3, "kind": "exact"}
    slot = SlotComparison(
        "count:drone", "conflict", [SlotValue(drones, ["a1"]), SlotValue({"n": 1, "kind": "about"}, ["a2"])]
    )
    claim = Claim("count:drone", drones | {"of": "drone"}, "a1:e1", "a1", 0, 18, "ثلاث طائرات مسيّرة", "الرافد",
                  "الرافد", None)  # fmt: skip
    matrix = comparison_matrix(Comparison("i1", [claim], [slot]), {"a1": "الرافد", "a2": "المشرق"})
    row = matrix["rows"][0]
    assert row["slot"] == "عدد المسيّرات" and row["code"] == "count:drone"
    assert row["cells"]["الرافد"] == [{"value": "3", "words": ["ثلاث طائرات مسيّرة"]}]
    assert row["cells"]["المشرق"] == [{"value": "نحو 1", "words": []}]  # no claim: the value alone


def test_web_timeline_labels_name_types_and_kinds_in_arabic():
    from riwaya.web.views import entry_label

    def entry(kind: str, label: str, *said: str) -> TimelineEntry:
        return TimelineEntry("2024", "year", kind, label, [Cite("a1", 0, len(s), s) for s in said])

    assert entry_label(entry("incident", "attack.drone · ياسمين")) == "هجوم بطائرة مسيّرة · ياسمين"
    assert entry_label(entry("published", "article published")) == "نشر مقال"
    said = entry("time", "mentioned date", "السبت الماضي")
    assert entry_label(said) == "تاريخ مذكور في النص: «السبت الماضي»"
    assert entry_label(entry("event", "new.type")) == "new.type"  # unknown codes pass through


def test_web_home_pages_through_stories_largest_first(env):
    client, _ = env
    first = client.get("/", params={"limit": 1}).text
    assert 'href="/stories/s1"' in first and 'href="/stories/s2"' not in first
    assert 'id="stories-pager"' in first and "offset=1" in first
    second = client.get("/", params={"limit": 1, "offset": 1}).text
    assert 'href="/stories/s2"' in second and 'href="/stories/s1"' not in second
    api = client.get("/api/stories", params={"limit": 1}).json()
    assert api["total"] == 2 and [s["id"] for s in api["items"]] == ["s1"]


def test_web_story_page_leads_with_the_brief_agreed_then_contested(env):
    client, ids = env
    html = client.get("/stories/s1").text
    brief = html.split('id="brief"', 1)[1].split("</section>", 1)[0]
    assert brief.index("ما تتفق عليه المصادر") < brief.index("ما تختلف فيه")
    assert "السلاح" in brief and "عبوة أو قنبلة" in brief and "صاروخ" in brief
    assert "مصدر أمني ← وكالة السهل" in brief and f'href="/articles/{ids["bridge_two"]}"' in brief
    assert html.index('id="brief"') < html.index('id="timeline"')


def test_web_brief_splits_corroborated_from_single_source_and_tolerates_missing_keys():
    from riwaya.display import corroborated, slot_name, value_text

    items = [
        {"text": "أ", "outlets": ["x", "y"]},
        {"text": "ب", "outlets": ["x"]},
        {"text": "ج", "slot": "place"},
    ]
    twice = [{"text": "د", "article": "a", "start": 5, "slot": s} for s in ("place", "weapon")]
    assert [i["slot"] for i in corroborated(twice)[0]] == ["place"]  # one sentence, listed once
    multi, single = corroborated(items)
    assert [i["text"] for i in multi] == ["أ", "ج"] and [i["text"] for i in single] == ["ب"]
    assert slot_name(None) == "" and value_text(None) == ""
