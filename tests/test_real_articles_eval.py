"""The real-news articles annotation as evaluation input: raw offsets into the cleaned text,
and ``riwaya eval ner|times|quotes --data ../shared/annotation/articles``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from riwaya.analysis import process_document
from riwaya.cli import main
from riwaya.evaluate import ner, quotes, times
from riwaya.evaluate.real_articles import is_articles, load_articles, locator, offset_map, surface_form
from riwaya.model import RawDocument
from riwaya.pipeline import Pipeline

RAW = "  قال   المتحدث سامر النجـار إن الوفد وصل.\n\n \nوأضاف أن اللجنة\u00a0ستجتمع غدا في مدينة الواحة. \n"


def _cleaned(raw: str):
    article, _ = process_document(RawDocument(raw, "t.txt", {"format": "txt"}), Pipeline.build(["clean"]))
    return article


def test_offset_map_follows_removed_and_collapsed_whitespace_and_tatweel():
    article = _cleaned(RAW)
    assert article.text != RAW
    place, unplaced = locator(RAW, article)
    for word in ("قال", "سامر النجـار", "اللجنة\u00a0ستجتمع", "مدينة الواحة"):
        start = RAW.index(word)
        at = place({"start": start, "end": start + len(word), "text": word})
        assert at and article.text[at[0] : at[1]] == surface_form(word)
    assert unplaced == [] and place(None) is None and place({"canonical": "implicit"}) is None
    mapping = offset_map(RAW, article)
    assert mapping[0] is None and mapping[len(RAW)] == len(article.text)


def test_locator_finds_a_span_whose_offsets_are_off_by_searching_nearest():
    article = _cleaned(RAW)
    place, unplaced = locator(RAW + "الوفد", article)  # raw text past the end: mapped nowhere
    at = place({"start": len(RAW), "end": len(RAW) + 5})
    assert at and article.text[at[0] : at[1]] == "الوفد"
    assert place({"start": 0, "end": 2}) is None  # only the dropped leading spaces: nothing to find
    assert unplaced == []


def test_is_articles_needs_the_jsonl(tmp_path):
    assert not is_articles(tmp_path) and not is_articles(None)
    (tmp_path / "articles.jsonl").write_text("", encoding="utf-8")
    assert is_articles(tmp_path) and is_articles(tmp_path / "articles.jsonl")
    assert load_articles(tmp_path) == []


@pytest.fixture
def articles_dir(shared):
    folder = shared / "annotation" / "articles"
    if not (folder / "articles.jsonl").is_file() or not (shared / "data" / "saudinewsnet").is_dir():
        pytest.skip("../shared/annotation/articles or ../shared/data/saudinewsnet is not present")
    return folder


def test_real_articles_every_gold_span_is_placed(articles_dir):
    pipeline = Pipeline.build(["clean"])
    for doc in load_articles(articles_dir):
        article, _ = process_document(
            RawDocument(doc.record["content"], doc.url, {"format": "json"}), pipeline
        )
        place, unplaced = locator(doc.record["content"], article)
        for item in doc.gold["entities"] + doc.gold["times"]:
            at = place(item)
            assert at and article.text[at[0] : at[1]] == surface_form(item["text"]), (doc.url, item)
        assert unplaced == []


def test_real_articles_ner_scores_types_exact_and_overlap(articles_dir):
    result = ner.evaluate_articles(articles_dir)
    assert set(result["exact"]) >= {"PER", "ORG", "LOC", "micro"} and "MISC" not in result["exact"]
    assert result["exact"]["micro"]["gold"] == 399 and result["unplaced"] == []
    assert result["overlap"]["micro"]["correct"] >= result["exact"]["micro"]["correct"]
    out = CliRunner().invoke(main, ["eval", "ner", "--data", str(articles_dir)])
    assert out.exit_code == 0, out.output
    assert "overlapping spans" in out.output and "facilities" in out.output


def test_real_articles_times_and_quotes_commands(articles_dir):
    for command, key in (("times", "value_acc"), ("quotes", "via_exact_nonempty")):
        out = CliRunner().invoke(main, ["eval", command, "--data", str(articles_dir)])
        assert out.exit_code == 0, out.output
        report = json.loads(out.output)["real_news"]
        assert key in report and report["unplaced"] == []
    report = times.articles_report(articles_dir)
    assert report["gold"] == 84 and sum(r["gold"] for r in report["per_type"].values()) == 84
    assert quotes.evaluate_articles(articles_dir)["gold"] == 131
