"""End to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

The server is ``riwaya.web.app.create_app`` under uvicorn on 127.0.0.1 and a free port, over the
fictional fixture store plus the bundled demo corpus (cleaned and segmented only, so these tests
do not depend on the model-backed stages). Install the browser with scripts/setup-browser.sh.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import ARGS, BROWSER_MARKS, CHROMIUM

from api_store import build_store
from riwaya.bench.latency import BackgroundServer
from riwaya.web.app import create_app

DEMO = Path(__file__).resolve().parents[2] / "src" / "riwaya" / "demo"

pytestmark = BROWSER_MARKS


def _add_demo(path: Path) -> None:
    from riwaya import analysis as run
    from riwaya.pipeline import Pipeline

    if DEMO.is_dir():
        run.analyze([str(DEMO)], db=path, pipeline=Pipeline.build(["clean", "segment"]))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path_factory.mktemp("browser") / "store.db"
    _add_demo(path)
    ids = build_store(path)
    with BackgroundServer(create_app(path)) as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield url, ids, browser
        browser.close()


@pytest.fixture
def page(site):
    page = site[2].new_page(viewport={"width": 1100, "height": 900})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    page.close()


def test_browser_story_shows_timeline_and_conflicts(site, page):
    url, _, _ = site
    page.goto(url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.click("text=انفجار قرب جسر الوادي")
    page.wait_for_selector("#timeline-chart")
    assert page.locator("#timeline-chart g.entry").count() == 2
    assert page.locator("#timeline-chart g.precision-month rect").count() == 1
    cells = page.locator("td.conflict").all_inner_texts()
    assert sorted(cells) == sorted(["عبوة ناسفة", "صاروخ"])
    color = page.eval_on_selector("td.conflict", "el => getComputedStyle(el).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")  # the stylesheet loaded under the CSP


def test_browser_search_finds_spelling_variants(site, page):
    url, ids, _ = site
    page.goto(url + "/search")
    page.fill("#q", "الامريكية")
    page.press("#q", "Enter")
    page.wait_for_selector("#hits")
    links = page.locator("#hits a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {f"/articles/{ids['bridge_one']}", f"/articles/{ids['bridge_two']}"} <= set(links)
    assert page.locator("#hits mark").count() >= 2


def test_browser_injected_markup_shows_as_text_and_never_runs(site, page):
    url, ids, _ = site
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + f"/articles/{ids['injection']}")
    page.wait_for_selector("#article-text")
    assert "pwned" not in page.evaluate("document.title").replace("document.title='pwned'", "")
    assert page.locator("#article-text img, #article-text script, main script").count() == 0
    text = page.inner_text("#article-text")
    assert "<script>document.title='pwned'</script>" in text and "onerror=\"document.title='pwned2'\"" in text
    assert page.dialogs == [] and errors == []
    page.goto(url + "/stories/s1")
    assert page.locator("main b, main script").count() == 0


def test_browser_article_highlights_and_removed_section(site, page):
    url, ids, _ = site
    page.goto(url + f"/articles/{ids['bridge_one']}")
    assert page.locator("#article-text .ent-PER").first.inner_text() == "سالم الراشد"
    assert page.locator("#article-text .q-cue").inner_text() == "قال"
    assert "اشترك في النشرة البريدية" in page.inner_text("#removed")
