"""Corrections that last: stored with who, when and why, exported, undoable, re-applied when
articles are re-analysed or new ones arrive, refused when they contradict or name nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import riwaya
from riwaya import corrections as fix

DEMO = Path(riwaya.__file__).parent / "demo"
NEW_ARTICLE = (
    "عاصفة ترابية تغلق طريق الوادي\n\nأغلقت السلطات في مدينة الوادي الطريق السريع صباح الخميس بسبب عاصفة "
    "ترابية كثيفة، ودعت السائقين إلى تجنب السفر حتى تتحسن الرؤية.\n"
)  # fictional


@pytest.fixture
def store(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    db = tmp_path / "demo.db"
    riwaya.analyze([str(corpus)], db=db)
    return db


def incidents(db: Path) -> dict[str, dict]:
    return {i["id"]: i for i in riwaya.load(db).export()["incidents"]}


def test_a_split_survives_reanalysis_and_new_articles(store, tmp_path):
    big = max(incidents(store).values(), key=lambda i: len(i["leads"]))
    moved = big["leads"][-1]
    made = fix.add_correction(str(store), "split_incident", incident=big["id"], articles=[moved],
                              who="سارة", why="مقالة عن حدث آخر")  # fmt: skip
    assert (made["who"], made["why"], made["articles"]) == ("سارة", "مقالة عن حدث آخر", [moved]) and made[
        "at"
    ]

    def split_holds() -> bool:
        holding = [i for i in incidents(store).values() if moved in i["articles"] and moved in i["leads"]]
        return len(holding) == 1 and holding[0]["articles"] == [moved]

    assert split_holds()
    riwaya.analyze([str(tmp_path / "corpus")], db=store)  # the same articles again
    assert split_holds()
    (tmp_path / "corpus" / "09_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    riwaya.analyze([str(tmp_path / "corpus")], db=store)  # and a new article
    assert split_holds()
    doc = riwaya.load(store).export()
    assert doc["corrections"][0]["applied"] is True  # exported with how it applied


def test_a_merge_joins_two_incidents_and_undo_restores_them(store):
    before = incidents(store)
    a, b = sorted(before.values(), key=lambda i: -len(i["leads"]))[:2]
    fix.add_correction(
        str(store), "merge_incidents", incident=b["id"], into=a["id"], who="علي", why="الحدث نفسه"
    )
    merged = [i for i in incidents(store).values() if set(b["leads"]) <= set(i["leads"])]
    assert len(merged) == 1 and set(a["leads"]) <= set(merged[0]["leads"])
    assert any("merged by علي" in r for j in merged[0]["joins"] for r in j["reasons"])  # the reason is kept
    undone = fix.undo_correction(str(store), "c1", who="علي")
    assert undone["undone"]["who"] == "علي"
    assert len(incidents(store)) == len(before)
    assert [c["id"] for c in fix.list_corrections(str(store))] == ["c1"]  # history kept


def test_rejecting_a_claim_removes_it_from_the_comparison(store):
    inc = next(i for i in incidents(store).values() if i.get("claims"))
    claim = inc["claims"][0]
    fix.add_correction(str(store), "reject_claim", incident=inc["id"], slot=claim["slot"], article=claim["article"],
                       start=claim["start"], end=claim["end"], who="سارة", why="قراءة خاطئة للعدد")  # fmt: skip
    key = (claim["slot"], claim["article"], claim["start"], claim["end"])
    after = [c for i in incidents(store).values() for c in i.get("claims", [])]
    assert key not in {(c["slot"], c["article"], c["start"], c["end"]) for c in after}


def test_entities_merge_and_split(store):
    people = [e for e in riwaya.load(store).export()["entities"] if e["type"] == "PER"]
    a, b = people[:2]
    fix.add_correction(
        str(store), "merge_entities", entities=[a["id"], b["id"]], who="سارة", why="الشخص نفسه"
    )
    entities = {e["id"]: e for e in riwaya.load(store).export()["entities"]}
    assert b["id"] not in entities and len(entities[a["id"]]["mentions"]) == len(a["mentions"]) + len(
        b["mentions"]
    )
    several = next(
        e for e in entities.values() if e["id"] != a["id"] and len({m["text"] for m in e["mentions"]}) > 1
    )
    spelling = several["mentions"][-1]["text"]
    fix.add_correction(
        str(store), "split_entity", entity=several["id"], spellings=[spelling], who="سارة", why="شخصان"
    )
    after = {e["id"]: e for e in riwaya.load(store).export()["entities"]}
    assert spelling not in {m["text"] for m in after[several["id"]]["mentions"]}
    assert any(
        spelling in {m["text"] for m in e["mentions"]} for e in after.values() if e["id"] != several["id"]
    )


def test_bad_corrections_are_clear_errors_and_store_nothing(store):
    first = next(iter(incidents(store)))
    cases = [
        (dict(kind="merge_incidents", incident="incident-999", into=first), 404),
        (dict(kind="merge_incidents", incident=first, into=first), 400),
        (dict(kind="split_incident", incident=first, articles=["0" * 16]), 400),
        (dict(kind="merge_entities", entities=["per-0000000000", "per-1111111111"]), 404),
        (dict(kind="rename_everything"), 400),
    ]
    for given, status in cases:
        with pytest.raises(fix.CorrectionError) as err:
            fix.add_correction(str(store), who="سارة", why="تجربة", **given)
        assert err.value.status == status, given
    with pytest.raises(fix.CorrectionError):
        fix.add_correction(str(store), "merge_incidents", incident=first, into=first, who="", why="")
    with pytest.raises(fix.CorrectionError) as err:
        fix.undo_correction(str(store), "c9", who="سارة")
    assert err.value.status == 404 and fix.list_corrections(str(store)) == []


def test_a_correction_whose_articles_are_gone_says_so(store, tmp_path):
    big = max(incidents(store).values(), key=lambda i: len(i["leads"]))
    fix.add_correction(str(store), "split_incident", incident=big["id"], articles=[big["leads"][-1]],
                       who="سارة", why="حدث آخر")  # fmt: skip
    corpus = tmp_path / "only_new"
    corpus.mkdir()
    (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    other = tmp_path / "other.db"
    riwaya.analyze([str(corpus)], db=other)
    from riwaya.store.sqlite import Store

    with Store(other) as s:  # the same correction in a store without its articles
        s.save_results({"corrections": fix.list_corrections(str(store))})
    riwaya.analyze([str(corpus)], db=other)
    applied = fix.list_corrections(str(other))[0]["applied"]
    assert isinstance(applied, str) and "no longer" in applied


def test_the_api_makes_lists_and_undoes_corrections_with_the_token(store):
    from fastapi.testclient import TestClient

    from riwaya.web.app import create_app

    client = TestClient(create_app(store, token="secret"), raise_server_exceptions=False)
    big = max(incidents(store).values(), key=lambda i: len(i["leads"]))
    body = {"kind": "split_incident", "incident": big["id"], "articles": [big["leads"][-1]], "why": "حدث آخر"}
    assert client.post("/api/corrections", json=body).status_code == 401
    auth = {"authorization": "Bearer secret", "x-riwaya-user": "sara"}
    made = client.post("/api/corrections", json=body, headers=auth)
    assert made.status_code == 201 and made.json()["who"] == "sara"  # from the header
    split_off = next(i for i in incidents(store).values() if i["articles"] == [big["leads"][-1]])
    back = {"kind": "merge_incidents", "incident": split_off["id"], "into": big["id"], "why": "خطأ"}
    again = client.post("/api/corrections", json=back, headers=auth)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"  # undo c1 instead
    listed = client.get("/api/corrections").json()
    assert listed["total"] == 1 and listed["items"][0]["applied"] is True
    undo = client.post("/api/corrections/c1/undo", json={"who": "سارة"}, headers=auth)
    assert undo.json()["undone"]["who"] == "سارة"  # from the body
    assert client.post("/api/corrections/c1/undo", headers=auth).status_code == 409


def test_the_incident_page_corrects_without_script_and_shows_who_and_why(store):
    from fastapi.testclient import TestClient

    from riwaya.web.app import create_app

    client = TestClient(create_app(store, token="secret"), raise_server_exceptions=False)
    big = max(incidents(store).values(), key=lambda i: len(i["leads"]))
    page = f"/incidents/{big['id']}"
    assert client.get(page).text.count('<form class="correct"') >= 2
    form = {"kind": "split_incident", "incident": big["id"], "articles": [big["leads"][-1]], "why": "حدث آخر",
            "who": "سارة", "back": page}  # fmt: skip
    refused = client.post("/corrections", data=form | {"token": "wrong"}, headers={"accept": "text/html"})
    assert refused.status_code == 403 and fix.list_corrections(str(store)) == []
    done = client.post("/corrections", data=form | {"token": "secret"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == page
    shown = client.get(page).text
    assert "سارة" in shown and "حدث آخر" in shown and "فصل مقالات عن الحدث" in shown


def test_the_entity_page_merges_and_splits_entities(store):
    from fastapi.testclient import TestClient

    from riwaya.web.app import create_app

    client = TestClient(create_app(store, token="secret"), raise_server_exceptions=False)
    entities = riwaya.load(store).export()["entities"]
    a, b = [e for e in entities if e["type"] == "PER"][:2]
    page = f"/entities/{a['id']}"
    assert 'id="merge-entity-form"' in client.get(page).text
    form = {"kind": "merge_entities", "entities": [a["id"], b["id"]], "why": "الشخص نفسه", "who": "سارة",
            "token": "secret", "back": page}  # fmt: skip
    assert client.post("/corrections", data=form, follow_redirects=False).status_code == 303
    merged = {e["id"]: e for e in riwaya.load(store).export()["entities"]}
    assert b["id"] not in merged and "سارة" in client.get(page).text
