"""Issue 19 item 6 and issue 23 items 1 and 4: republished copies are kept, a failing component
or store write costs one layer or one article, and versions follow the publication, not its
position in a file. Fictional texts written for these tests."""

from __future__ import annotations

import json

from click.testing import CliRunner

import riwaya
from riwaya.cli import main
from riwaya.model import Article, Span
from riwaya.pipeline import Component, Pipeline
from riwaya.store.copies import copy_id, reidentify
from riwaya.store.sqlite import Store

WIRE = (
    "أعلنت هيئة الموانئ في مدينة الرمال افتتاح رصيف جديد للسفن التجارية صباح الأحد. "
    "وقال مدير الهيئة إن الرصيف يستقبل عشر سفن في الأسبوع."
)
OTHER = "افتتحت بلدية تل الزيتون سوقا أسبوعيا للحرفيين في الساحة القديمة مساء الخميس."
THIRD = "أطلقت جمعية القراء في بلدة السنديان مسابقة للقصة القصيرة يشارك فيها طلاب المدارس."


def _clean() -> Component:
    return Pipeline.build(["clean"]).components[0]


def _records(tmp_path, name, records):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "items.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(folder)


def _wire(outlet: str, n: int) -> dict:
    return {"text": WIRE, "title": "رصيف جديد", "outlet": outlet, "url": f"https://{outlet}.example/{n}"}


def test_copies_two_outlets_one_text_are_two_articles_linked(tmp_path):
    db = tmp_path / "s.db"
    inputs = _records(tmp_path, "in", [_wire("sahil", 1), _wire("wadi", 7), {"text": OTHER}])
    result = riwaya.analyze([inputs], db=db, pipeline=Pipeline.build(["clean"]))
    first, copy, other = result.corpus.articles
    assert (first.outlet, copy.outlet) == ("sahil", "wadi") and copy.url == "https://wadi.example/7"
    assert first.copy_of is None and other.copy_of is None
    assert copy.copy_of == first.id and copy.id == copy_id(first.id, copy.url) != first.id
    assert result.counts["added"] == 2 and result.counts["copies"] == 1
    doc = json.loads(riwaya.export(db))
    by_outlet = {a["outlet"]: a for a in doc["articles"]}
    assert by_outlet["wadi"]["copy_of"] == first.id and "copy_of" not in by_outlet["sahil"]
    again = riwaya.analyze([inputs], db=db, pipeline=Pipeline.build(["clean"]))
    assert again.counts["unchanged"] == 3 and not (again.counts["added"] or again.counts["copies"])
    shown = CliRunner().invoke(main, ["show", copy.id, "--db", str(db)])
    assert f"republishes the text of article {first.id}" in shown.output


def test_copies_a_copy_in_a_later_run_is_kept(tmp_path):
    db = tmp_path / "s.db"
    riwaya.analyze([_records(tmp_path, "a", [_wire("sahil", 1)])], db=db, pipeline=Pipeline.build(["clean"]))
    later = riwaya.analyze(
        [_records(tmp_path, "b", [_wire("wadi", 2)])], db=db, pipeline=Pipeline.build(["clean"])
    )
    assert later.counts["copies"] == 1
    with Store(db) as store:
        original, copy = store.iter_articles()
    assert copy.copy_of == original.id and copy.outlet == "wadi"


def test_copies_reidentify_renames_ids_inside_span_attributes():
    article = Article(WIRE, id="a" * 16)
    event = Span(0, 5, "event", {"id": f"{'a' * 16}:e0", "article": "a" * 16, "args": [{"of": "a" * 16}]})
    article.add_layer("events", [event])
    reidentify(article, "b" * 16)
    [renamed] = article.layer("events")
    assert article.id == "b" * 16
    assert renamed.attrs == {"id": f"{'b' * 16}:e0", "article": "b" * 16, "args": [{"of": "b" * 16}]}


def test_versions_json_records_are_not_keyed_by_position(tmp_path):
    """[A, B] then [C, A, B]: all three current (A used to be superseded by C at position 0)."""
    db = tmp_path / "s.db"
    light = Pipeline.build(["clean"])
    riwaya.analyze([_records(tmp_path, "in", [{"text": WIRE}, {"text": OTHER}])], db=db, pipeline=light)
    riwaya.analyze(
        [_records(tmp_path, "in", [{"text": THIRD}, {"text": WIRE}, {"text": OTHER}])], db=db, pipeline=light
    )
    with Store(db) as store:
        assert sorted(a.text for a in store.iter_articles()) == sorted([WIRE, OTHER, THIRD])
        assert store.count() == 3


def test_versions_a_reverted_text_is_current_again(tmp_path):
    db, path = tmp_path / "s.db", tmp_path / "a.txt"
    light = Pipeline.build(["clean"])
    for text in (WIRE, OTHER, WIRE):
        path.write_text(text, encoding="utf-8")
        last = riwaya.analyze([str(path)], db=db, pipeline=light)
    assert last.counts["versions"] == 1
    with Store(db) as store:
        [current] = store.iter_articles()
        assert current.text == WIRE and len(store.article_ids(current_only=False)) == 2


def _explode(article: Article) -> None:
    if "الزيتون" in article.text:
        raise ValueError("boom on this text")
    article.add_layer("boom", [Span(0, 3, "boom")])


def _needs_boom(article: Article) -> None:
    article.add_layer("after", [Span(0, 1, "after")])


def test_failing_component_keeps_the_article_with_the_layer_marked_failed(tmp_path):
    db = tmp_path / "s.db"
    pipeline = Pipeline(
        [
            _clean(),
            Component("explode", "1", "article", (), ("boom",), _explode),
            Component("after_boom", "1", "article", ("boom",), ("after",), _needs_boom),
        ]
    )
    result = riwaya.analyze(
        [_records(tmp_path, "in", [{"text": WIRE}, {"text": OTHER}])], db=db, pipeline=pipeline
    )
    fine, hurt = result.corpus.articles
    assert fine.layer("boom") and fine.layer("after") and not fine.failed_layers
    assert [f["component"] for f in hurt.failed_layers] == ["explode", "after_boom"]
    assert not hurt.layer("boom") and "boom on this text" in hurt.failed_layers[0]["reason"]
    assert [(f.stage, "kept without layer(s) boom" in f.reason) for f in result.failures][0] == (
        "explode",
        True,
    )
    assert len(result.failures) == 2
    record = next(a for a in json.loads(riwaya.export(db))["articles"] if a["id"] == hurt.id)
    assert record["failed_layers"][0]["layers"] == ["boom"]
    shown = CliRunner().invoke(main, ["show", hurt.id, "--db", str(db), "--json"])
    assert json.loads(shown.output)["failed_layers"][1]["component"] == "after_boom"


def _unstorable(article: Article) -> None:
    if "الزيتون" in article.text:
        article.meta["oops"] = object()  # not JSON: the store write of this article fails


def _failing_stage(corpus) -> None:
    raise RuntimeError("stage broke")


def test_store_write_and_corpus_stage_errors_are_failures_and_the_rest_is_stored(tmp_path):
    db = tmp_path / "s.db"
    pipeline = Pipeline(
        [
            _clean(),
            Component("unstorable", "1", "article", (), (), _unstorable),
            Component("failing_stage", "1", "corpus", (), ("nothing",), _failing_stage),
        ]
    )
    inputs = _records(tmp_path, "in", [{"text": WIRE}, {"text": OTHER}, {"text": THIRD}])
    result = riwaya.analyze([inputs], db=db, pipeline=pipeline)
    assert sorted(a.text for a in result.corpus.articles) == sorted([WIRE, THIRD])
    assert [(f.input.rsplit("/", 1)[-1], f.stage) for f in result.failures] == [
        ("items.json#1", "store"),
        ("corpus", "failing_stage"),
    ]
    assert "TypeError" in result.failures[0].reason and "stage broke" in result.failures[1].reason
    with Store(db) as store:
        assert store.count() == 2 and len(store.failures()) == 2
