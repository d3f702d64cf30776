"""The incident page: every incident of a story reachable from it, each outlet's account with a
link that opens the cited sentence highlighted, disputes explained in Arabic."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

LINK = re.compile(r'href="(/incidents/[^"]+)"')
CITE = re.compile(r'<a class="cite" href="(/articles/([0-9a-f]+)\?hl=(\d+)-(\d+)#cited)"><q>([^<]*)</q></a>')
TAG = re.compile(r"<[^>]+>")


def test_every_incident_of_every_story_is_linked_from_its_story_page(demo_web):
    client, doc = demo_web
    for story in doc["stories"]:
        page = client.get(f"/stories/{story['id']}").text
        assert set(LINK.findall(page)) >= {f"/incidents/{i}" for i in story["incidents"]}, story["id"]


def test_incident_pages_answer_in_arabic_with_status_beside_the_slot(demo_web):
    client, doc = demo_web
    contested = [
        i for i in doc["incidents"] if any(s["status"] == "conflict" for s in i.get("comparison", []))
    ]
    assert contested
    page = client.get(f"/incidents/{contested[0]['id']}")
    assert page.status_code == 200 and '<html dir="rtl" lang="ar">' in page.text
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", page.text).group(1)
    assert re.findall(r"<th[^>]*>([^<]*)<", header)[:2] == ["التفصيل", "الحالة"]
    assert "تختلف المصادر في" in page.text and 'class="cell conflict"' in page.text


def test_a_citation_opens_its_sentence_highlighted(demo_web):
    client, doc = demo_web
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    incident = next(i for i in doc["incidents"] if i.get("claims"))
    cites = CITE.findall(client.get(f"/incidents/{incident['id']}").text)
    assert cites
    for href, article, start, end, words in cites[:5]:
        assert texts[article][int(start) : int(end)] == htmllib.unescape(words)
        target = client.get(href.split("#")[0]).text
        marked = re.search(r'<span class="hl[^"]*cited[^"]*" id="cited"[^>]*>([^<]*)</span>', target)
        assert marked and texts[article][int(start) :].startswith(htmllib.unescape(marked.group(1)))


def test_incident_pages_show_no_english_words_outside_names_and_ids(demo_web):
    client, doc = demo_web
    for incident in doc["incidents"]:
        page = client.get(f"/incidents/{incident['id']}").text
        body = page.split("<main>", 1)[1].split("</main>", 1)[0]
        names = re.sub(r"<bdi>.*?</bdi>", " ", body)  # sources and outlets: names as the text writes them
        visible = TAG.sub(" ", re.sub(r'<span dir="ltr" lang="en">.*?</span>', " ", names))
        assert not re.findall(r"[A-Za-z]{3,}", htmllib.unescape(visible)), incident["id"]


def test_unknown_incident_and_bad_highlight_are_clear_errors(demo_web):
    client, doc = demo_web
    missing = client.get("/incidents/incident-99999", headers={"accept": "text/html"})
    assert missing.status_code == 404 and '<html dir="rtl" lang="ar">' in missing.text
    article = doc["articles"][0]["id"]
    assert client.get(f"/articles/{article}?hl=abc").status_code == 422
    assert client.get(f"/articles/{article}?hl=999999-1000000").status_code == 200  # outside: no mark


def test_entity_page_shows_spellings_merge_reasons_outlets_and_incidents(demo_web):
    client, doc = demo_web
    entity = max(doc["entities"], key=lambda e: len(e["mentions"]))
    story = next(
        s for s in doc["stories"] if entity["mentions"][0]["article"] in {a["article"] for a in s["articles"]}
    )
    assert f'href="/entities/{entity["id"]}"' in client.get(f"/stories/{story['id']}").text
    page = client.get(f"/entities/{entity['id']}")
    assert page.status_code == 200 and '<html dir="rtl" lang="ar">' in page.text
    for text in {m["text"] for m in entity["mentions"]}:
        assert htmllib.escape(text, quote=False) in page.text
    assert "same key" not in page.text and "spelling variant" not in page.text  # reasons are in Arabic
    rows = re.findall(r"<tr><td><bdi>[^<]*</bdi></td><td>(\d+)</td>", page.text)
    assert sum(int(n) for n in rows) == len(entity["mentions"])  # every mention counted under one outlet
    assert 'href="/incidents/' in page.text


def test_unknown_entity_is_a_404_in_arabic(demo_web):
    client, _ = demo_web
    page = client.get("/entities/per-0000000000", headers={"accept": "text/html"})
    assert page.status_code == 404 and "لم نعثر" in page.text


VISIBLE_SKIP = (  # names as the texts write them, ids, and the source text cleaning removed
    re.compile(r"<bdi>.*?</bdi>", re.S),
    re.compile(r'<span dir="ltr" lang="en">.*?</span>', re.S),
    re.compile(r'<span class="removed-text"[^>]*>.*?</span>', re.S),
    re.compile(r'<div class="text" id="article-text"[^>]*>.*?</div>', re.S),
    re.compile(r'<p class="snippet">.*?</p>', re.S),
    re.compile(r'<span class="source"[^>]*>.*?</span>', re.S),
)


def english_words(page: str, texts: str) -> set[str]:
    """Latin words a reader sees in the page body or its tooltips that are not in the articles'
    own texts (proper names and embedded tweets stay allowed)."""
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    for skip in VISIBLE_SKIP:
        body = skip.sub(" ", body)
    seen = (
        htmllib.unescape(TAG.sub(" ", body))
        + " "
        + " ".join(htmllib.unescape(t) for t in re.findall(r'title="([^"]*)"', page))
    )
    return {w for w in re.findall(r"[A-Za-z][A-Za-z_.:-]{2,}", seen) if w not in texts}


def all_pages(doc: dict) -> list[str]:
    return (["/", "/incidents", "/articles"] + [f"/stories/{s['id']}" for s in doc["stories"]]
            + [f"/incidents/{i['id']}" for i in doc["incidents"]] + [f"/entities/{e['id']}" for e in doc["entities"]]
            + [f"/articles/{a['id']}" for a in doc["articles"]])  # fmt: skip


def test_no_english_word_or_pipeline_code_on_any_demo_page(demo_web):
    client, doc = demo_web
    texts = " ".join(a["text"] + " " + (a["title"] or "") for a in doc["articles"])
    leaks = {path: words for path in all_pages(doc) if (words := english_words(client.get(path).text, texts))}
    assert leaks == {}


def test_no_english_word_or_file_name_on_any_seed_page(seeds_dir, tmp_path):
    from fastapi.testclient import TestClient

    import riwaya
    from riwaya.web.app import create_app

    db = tmp_path / "seeds.db"
    riwaya.analyze([str(seeds_dir)], db=db)
    doc = riwaya.load(db).export()
    client = TestClient(create_app(db), raise_server_exceptions=False)
    texts = " ".join(a["text"] + " " + (a["title"] or "") for a in doc["articles"])
    leaks = {path: words for path in all_pages(doc) if (words := english_words(client.get(path).text, texts))}
    assert leaks == {}
    home = client.get("/").text  # the seeds are text files without metadata: named as unknown sources
    assert "مصدر غير معروف 1" in home and not any(Path(a["source"]).stem in home for a in doc["articles"])
