"""Event-data exports (ACLED CSV, PLOVER JSONL, GraphML, Markdown brief), each read back with
a standard reader: on a hand-built riwaya/1 document, on the demo corpus and on the seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import riwaya
from riwaya import analysis
from riwaya.display import count_phrase
from riwaya.export.acled import ACLED_FIELDS, FIELDS, to_acled
from riwaya.export.brief_md import to_brief_markdown
from riwaya.export.cells import safe_cell
from riwaya.export.facts import fatalities, incident_facts, outlet_name
from riwaya.export.formats import FORMATS
from riwaya.export.graphml import to_graphml
from riwaya.export.places import find_place
from riwaya.export.plover import to_plover

TEXT_A = "قصفت مسيّرة مخزناً في بغداد صباح الاثنين. وقال مصدر أمني إن ثلاثة حراس قتلوا."
TEXT_B = "قتل حارسان في هجوم بطائرة مسيرة على مخزن في بغداد."


def claim(article: str, text: str, slot: str, value, needle: str) -> dict:
    start = text.index(needle)
    return {"slot": slot, "value": value, "event": f"{article}:e0", "article": article, "start": start,
            "end": start + len(needle), "text": needle, "source": "x", "outlet": "x", "modality": None,
            "hedged": False, "origin": None, "update": None, "published": None}  # fmt: skip


def hand_doc() -> dict:
    """Two fictional articles on one drone strike whose death toll conflicts (3 vs 2)."""
    a, b = "a" * 16, "b" * 16
    articles = [
        {"id": a, "source": "https://www.rafid.example/news/1", "outlet": None, "title": "=مسيّرة تقصف مخزناً",
         "text": TEXT_A, "published": {"value": "2025-03-03"}},
        {"id": b, "source": "/data/b.txt", "outlet": "المشرق", "title": "مقتل حارسين", "text": TEXT_B,
         "published": {"value": "2025-03-04"}},
    ]  # fmt: skip
    start = TEXT_A.index("بغداد")
    entities = [
        {"id": "loc-1", "type": "LOC", "name": "بغداد", "name_en": "Baghdad",
         "mentions": [{"article": a, "start": start, "end": start + 5, "text": "بغداد"},
                      {"article": b, "start": TEXT_B.index("بغداد"), "end": TEXT_B.index("بغداد") + 5,
                       "text": "بغداد"}]},
        {"id": "org-1", "type": "ORG", "name": "فصيل الوادي", "name_en": None,
         "mentions": [{"article": a, "start": 0, "end": 4, "text": TEXT_A[:4]}]},
    ]  # fmt: skip
    trigger = TEXT_A.index("قصفت")
    events = [{"id": f"{a}:e0", "article": a, "start": trigger, "end": trigger + 4, "text": "قصفت",
               "arguments": [{"start": 0, "end": 4, "text": TEXT_A[:4], "role": "actor"},
                             {"start": start, "end": start + 5, "text": "بغداد", "role": "target"}]}]  # fmt: skip
    killed = {"slot": "killed", "status": "conflict",
              "values": [{"value": {"n": 3, "kind": "exact"}, "origins": 1},
                         {"value": {"n": 2, "kind": "exact"}, "origins": 1}]}  # fmt: skip
    incident = {
        "id": "incident-1", "type": "attack.drone", "family": "attack", "date": "2025-03-03",
        "codes": {"cameo": "195", "plover": "ASSAULT", "acled": "Air/drone strike"}, "place": "بغداد",
        "articles": [a, b], "leads": [a, b], "reacts_to": None, "events": [f"{a}:e0"],
        "claims": [claim(a, TEXT_A, "killed", {"n": 3, "kind": "exact"}, "ثلاثة حراس"),
                   claim(b, TEXT_B, "killed", {"n": 2, "kind": "exact"}, "قتل حارسان")],
        "comparison": [killed],
    }  # fmt: skip
    statement = {"id": "incident-2", "type": "statement", "family": "statement", "date": None, "codes": {},
                 "place": None, "articles": [b], "leads": [b], "reacts_to": "incident-1", "events": []}  # fmt: skip
    story = {"id": "story-1", "title": "هجوم المخزن", "size": 2, "first": "2025-03-03", "last": "2025-03-04",
             "incidents": ["incident-1", "incident-2"]}  # fmt: skip
    return {"schema": "riwaya/1", "articles": articles, "entities": entities, "events": events,
            "incidents": [incident, statement], "stories": [story], "timeline": [], "briefs": []}  # fmt: skip


def test_acled_has_the_codebook_columns_and_one_row_per_acled_incident():
    rows = list(csv.DictReader(io.StringIO(to_acled(hand_doc()))))
    assert list(rows[0]) == list(FIELDS) and FIELDS[: len(ACLED_FIELDS)] == ACLED_FIELDS
    assert len(rows) == 1  # the statement has no ACLED sub-event type
    row = rows[0]
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2025-03-03", "2025", "1")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (row["country"], row["location"]) == ("Iraq", "Baghdad")
    assert row["actor1"] == "فصيل الوادي" and row["actor2"] == "Baghdad"
    assert row["fatalities"] == "2"  # conflicting tolls: the conservative one
    assert "killed 3 (1 origin) vs 2 (1 origin)" in row["notes"] and row["riwaya_conflicts"] == "killed"
    assert row["source"] == "rafid.example; المشرق"  # the URL's host, never the file name b.txt
    assert row["notes"].startswith("'=")  # a formula-like headline is written as text


def test_acled_citations_point_at_the_spans_they_cite():
    doc = hand_doc()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    row = next(csv.DictReader(io.StringIO(to_acled(doc))))
    cited = [c.rpartition(":") for c in row["riwaya_citations"].split("; ")]
    read = [texts[art][int(span.split("-")[0]) : int(span.split("-")[1])] for art, _, span in cited]
    assert read == ["قصفت", "ثلاثة حراس", "قتل حارسان"]


def test_fatalities_follow_the_slot_status():
    attack = {"family": "attack"}
    revised = {"status": "revision", "values": [{"value": {"n": 4}}, {"value": {"n": 9}}]}
    assert fatalities(revised, attack) == 9  # the latest figure of a rising toll
    assert fatalities(None, attack) == 0  # a violent incident no one gives a toll for
    assert fatalities(None, {"family": "meeting"}) is None


def test_date_from_publication_when_the_incident_has_none():
    doc = hand_doc()
    doc["incidents"][0]["date"] = None
    facts = incident_facts(doc)[0]
    assert (facts.date, facts.precision, facts.date_basis) == ("2025-03-03", "reported", "reported")
    row = next(csv.DictReader(io.StringIO(to_acled(doc))))
    assert row["time_precision"] == "2" and "publication day" in row["notes"]


def test_plover_lines_are_json_with_codes_and_every_incident():
    events = [json.loads(line) for line in to_plover(hand_doc()).splitlines()]
    assert [e["id"] for e in events] == ["incident-1", "incident-2"]  # dated first, then undated
    strike = events[0]
    assert (strike["event_type"], strike["mode"], strike["cameo"]) == ("ASSAULT", "aerial", "195")
    assert strike["actor"]["entity"] == "org-1" and strike["recipient"]["name_en"] == "Baghdad"
    assert strike["location"]["country_iso3"] == "IRQ" and strike["riwaya"]["conflicts"] == ["killed"]
    assert events[1]["event_type"] is None and events[1]["riwaya"]["reacts_to"] == "incident-1"


def test_graphml_reads_back_with_networkx():
    nx = pytest.importorskip("networkx")
    graph = nx.read_graphml(io.StringIO(to_graphml(hand_doc())))
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds == {"loc-1": "entity", "org-1": "entity", "incident-1": "incident", "incident-2": "incident",
                     "story-1": "story"}  # fmt: skip
    relations = {(u, v): d["relation"] for u, v, d in graph.edges(data=True)}
    assert relations[("incident-1", "org-1")] == "actor" and relations[("incident-1", "loc-1")] == "target"
    assert (
        relations[("incident-2", "incident-1")] == "reacts_to"
        and relations[("story-1", "incident-2")] == "contains"
    )
    assert relations[("loc-1", "org-1")] == "co_mentioned"
    assert graph.nodes["incident-1"]["conflicts"] == "killed"


def test_brief_markdown_names_conflicts_in_arabic_and_cites_outlets():
    text = to_brief_markdown(hand_doc())
    assert text.startswith("# موجز: قصة\n")
    assert "- **هجوم بطائرة مسيّرة** في بغداد، 2025-03-03 (مقالتان)" in text
    assert "  - القتلى: تعارض: 3 (أصل مستقل)؛ 2 (أصل مستقل)" in text
    assert "attack.drone" not in text and "conflict" not in text


def test_a_cell_that_a_spreadsheet_would_run_is_text():
    assert [safe_cell(v) for v in ("=1+1", "@SUM(A1)", "+9", "-2", "ok", -2, 3)] == ["'=1+1", "'@SUM(A1)",
                                                                                      "'+9", "'-2", "ok", -2, 3]  # fmt: skip


def test_places_resolve_cities_countries_and_short_names():
    assert find_place("بغداد").country == "Iraq" and find_place("العراق").is_country
    assert find_place("السعودية").iso3 == "SAU" and find_place("عراق").name_en == "Iraq"
    assert find_place("مكان لا يعرفه أحد") is None and find_place(None) is None


def test_outlet_never_falls_back_to_a_file_name():
    assert outlet_name({"id": "x", "source": "/tmp/003_e17.txt", "outlet": None}) == "unknown source"
    assert outlet_name({"id": "x", "source": "https://www.a.example/x", "outlet": None}) == "a.example"


def test_arabic_number_agreement():
    assert [count_phrase(n, "article") for n in (1, 2, 3, 10, 11, 99, 100, 103)] == [
        "مقالة", "مقالتان", "3 مقالات", "10 مقالات", "11 مقالةً", "99 مقالةً", "100 مقالة", "103 مقالات",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("formats") / "demo.db"
    riwaya.analyze([str(Path(riwaya.__file__).parent / "demo")], db=db)
    return db


def test_every_format_exports_the_demo_and_reads_back(demo_db):
    nx = pytest.importorskip("networkx")
    out = {name: analysis.export(demo_db, name) for name in FORMATS}
    assert json.loads(out["json"])["schema"] == "riwaya/1"
    rows = list(csv.DictReader(io.StringIO(out["acled"])))
    assert rows and all(r["event_type"] and r["riwaya_incident"] for r in rows)
    assert all(json.loads(line)["id"] for line in out["plover"].splitlines())
    assert nx.read_graphml(io.StringIO(out["graphml"])).number_of_nodes() > 0
    assert out["brief"].startswith("# موجز")


def test_seed_acled_opens_in_pandas_with_the_drone_attack(seeds_dir, tmp_path):
    pd = pytest.importorskip("pandas")
    db = tmp_path / "seeds.db"
    riwaya.analyze([str(seeds_dir)], db=db)
    frame = pd.read_csv(io.StringIO(analysis.export(db, "acled")))
    assert list(frame.columns) == list(FIELDS)
    drone = frame[frame["sub_event_type"] == "Air/drone strike"]
    assert len(drone) == 1
    row = drone.iloc[0]
    assert row["fatalities"] == 0 and row["country"] == "Iraq" and row["event_date"] == "2021-11-07"
    assert "count:drone 1" in row["notes"] and "weapon drone" in row["notes"] and "rocket" in row["notes"]
