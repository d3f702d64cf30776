"""List filters as shareable URLs (outlet, date range, language, incident type) and a search
that finds stories and incidents besides articles."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

import riwaya
from riwaya.web.app import create_app

ARTICLE_LINK = re.compile(r'<li><a href="/articles/([0-9a-f]+)"')
INCIDENT_LINK = re.compile(r'<li><a href="/incidents/([^"]+)"')


def test_articles_filter_by_outlet_dates_and_language(demo_web):
    client, doc = demo_web
    outlet = doc["articles"][0]["outlet"]
    listed = set(ARTICLE_LINK.findall(client.get("/articles", params={"outlet": outlet}).text))
    assert listed == {a["id"] for a in doc["articles"] if a["outlet"] == outlet}
    day = sorted(a["published"]["value"] for a in doc["articles"] if a["published"].get("value"))[-1]
    late = set(ARTICLE_LINK.findall(client.get("/articles", params={"since": day, "lang": "ar"}).text))
    assert late == {a["id"] for a in doc["articles"] if (a["published"].get("value") or "") >= day}
    assert not ARTICLE_LINK.findall(client.get("/articles", params={"until": "1990"}).text)


def test_incidents_filter_by_type_and_pager_keeps_the_filters(demo_web):
    client, doc = demo_web
    attacks = {i["id"] for i in doc["incidents"] if i["type"].split(".")[0] == "attack"}
    assert set(INCIDENT_LINK.findall(client.get("/incidents", params={"type": "attack"}).text)) == attacks
    everything = client.get("/incidents", params={"limit": 1}).text
    assert len(INCIDENT_LINK.findall(everything)) == 1
    if len(doc["incidents"]) > 1:
        assert 'href="/incidents?limit=1&amp;offset=1"' in everything
    dated = client.get("/incidents", params={"since": "2025-09-15", "limit": 1}).text
    assert "since=2025-09-15&amp;limit=1" in dated or not INCIDENT_LINK.findall(dated)


def test_bad_filters_are_refused_in_the_one_error_shape(demo_web):
    client, _ = demo_web
    for url in ("/articles?since=yesterday", "/incidents?type=DROP%20TABLE", "/articles?lang=arabic"):
        response = client.get(url)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request", url


def test_search_lists_matching_stories_and_incidents_before_articles(demo_web):
    client, doc = demo_web
    story = max(doc["stories"], key=lambda s: s["size"])
    word = max((w for w in (story["title"] or "").split() if len(w) > 3), key=len)
    page = client.get("/search", params={"q": word}).text
    assert f'href="/stories/{story["id"]}"' in page.split('id="hit-count"')[0]
    placed = next(i for i in doc["incidents"] if i.get("place"))
    found = client.get("/search", params={"q": placed["place"]}).text
    assert f'href="/incidents/{placed["id"]}"' in found


def test_a_bidi_override_in_metadata_cannot_reorder_the_page(tmp_path):
    from riwaya.display import isolate_bidi

    assert (
        isolate_bidi("عنوان\u202eمقلوب") == "\u2068عنوان\u202eمقلوب\u2069" and isolate_bidi("عادي") == "عادي"
    )
    source = tmp_path / "rlo.txt"
    source.write_text(
        "خبر \u202eمقلوب\n\nأعلنت البلدية افتتاح حديقة جديدة في حي الزيتون صباح اليوم.\n", encoding="utf-8"
    )
    db = tmp_path / "rlo.db"
    riwaya.analyze([str(source)], db=db)
    client = TestClient(create_app(db))
    for url in ("/articles", f"/articles/{riwaya.load(db).export()['articles'][0]['id']}"):
        page = client.get(url).text
        for override in re.finditer("\u202e", page):
            before, after = page[: override.start()], page[override.end() :]
            assert before.count("\u2068") > before.count("\u2069") and "\u2069" in after, (
                url
            )  # inside an isolate


def test_a_page_past_the_last_story_says_so_and_links_back(demo_web):
    client, doc = demo_web
    page = client.get("/", params={"offset": 99999}).text
    assert "100000" not in page and "الصفحة الأولى" in page


def test_the_api_link_opens_an_arabic_page_describing_every_endpoint(demo_web):
    client, _ = demo_web
    home = client.get("/").text
    assert 'href="/api"' in home and 'href="/api/openapi.json" lang="en"' not in home
    page = client.get("/api").text
    rows = re.findall(r'<span dir="ltr" lang="en">([A-Z]+ /api/[^<]*)</span></td><td>([^<]*)</td>', page)
    assert len(rows) >= 15 and all(about for _, about in rows)  # each endpoint described in Arabic
