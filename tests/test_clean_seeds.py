"""The seed articles (read at run time from ../shared, skipped without it): boilerplate gone, tweets found,
the outlet label above a headline not taken for the title. No seed text is embedded here."""

from __future__ import annotations

import re

import pytest

from riwaya.analysis import analyze, load
from riwaya.components.clean.component import boilerplate_reason
from riwaya.export import check_spans
from riwaya.pipeline import Pipeline

SIGNATURE_LINE = re.compile(r"^\s*— .*\(@\w+\) \S.*\d{4}\s*$")
EXPECTED_REASONS = {"back-to-top button", "comment prompt", "read-more link", "related-articles block"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from riwaya.paths import shared_dir

    base = shared_dir()
    if base is None or not (base / "corpus" / "seeds").is_dir():
        pytest.skip("../shared (seed articles) is not present; CI has it")
    folder = base / "corpus" / "seeds"
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = analyze([str(folder)], db=db, pipeline=Pipeline.build(["clean"]))
    by_name = {a.source.rsplit("/", 1)[-1][:3]: a for a in result.corpus.articles}
    return folder, result, by_name, db


def test_clean_seeds_five_articles_without_failures(seeds):
    _, result, by_name, _ = seeds
    assert result.ok, result.failures
    assert sorted(by_name) == ["000", "001", "002", "003", "004"]


def test_clean_seeds_boilerplate_lines_are_gone(seeds):
    _, _, by_name, _ = seeds
    reasons = {r["reason"] for a in by_name.values() for r in a.removals}
    assert EXPECTED_REASONS <= reasons
    for article in by_name.values():
        for line in article.text.split("\n"):
            assert boilerplate_reason(line) is None, (article.source, line)
        for r in article.removals:
            assert article.raw[r["raw_start"] : r["raw_end"]] == r["text"]


def test_clean_seeds_tweets_match_signature_lines(seeds):
    _, _, by_name, _ = seeds
    counts = {}
    for name, article in by_name.items():
        expected = sum(bool(SIGNATURE_LINE.match(line)) for line in article.raw.splitlines())
        tweets = article.layer("tweets")
        assert len(tweets) == expected, name
        counts[name] = len(tweets)
        for tweet in tweets:
            assert tweet.attrs["handle"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", tweet.attrs["date"])
            assert SIGNATURE_LINE.match(article.surface(tweet.attrs["signature"]))
            assert tweet.end <= tweet.attrs["signature"].start
    assert counts["001"] == 1 and counts["004"] == 3


def test_clean_seeds_outlet_label_is_not_the_title(seeds):
    _, _, by_name, _ = seeds
    article = by_name["003"]
    raw_lines = [line.strip() for line in article.raw.splitlines() if line.strip()]
    assert article.meta["section"] == raw_lines[0]
    assert article.title == raw_lines[1]
    assert article.text.startswith(article.title)
    for name, other in by_name.items():
        if name != "003":
            assert other.title == other.raw.splitlines()[0].strip(), name


def test_clean_seeds_export_spans_check(seeds):
    *_, db = seeds
    doc = load(db).export()
    assert len(doc["articles"]) == 5
    assert check_spans(doc) > 0
