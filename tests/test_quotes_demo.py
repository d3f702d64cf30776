"""Gold-free checks of the quotes layer on the shipped demo corpus, with entities in the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from riwaya.analysis import process_document
from riwaya.ingest.sources import iter_documents
from riwaya.model import Article
from riwaya.pipeline import Pipeline
from riwaya.text.normalize import fold

DEMO = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo"


@pytest.fixture(scope="module")
def demo_articles() -> list[Article]:
    pipeline = Pipeline.build(["clean", "segment", "entities", "quotes"])
    paths = sorted(str(p) for p in DEMO.iterdir() if p.suffix in (".txt", ".html"))
    articles = [process_document(doc, pipeline)[0] for doc in iter_documents(paths)]
    return [a for a in articles if isinstance(a, Article)]


def person_speakers(articles: list[Article]):
    """(article, quote, PER mentions inside the speaker span) for speakers naming a person."""
    for a in articles:
        people = [m for m in a.layer("entities") if m.label == "PER"]
        for q in a.layer("quotes"):
            sp = q.attrs["speaker"]
            inside = [m for m in people if sp.start <= m.start and m.end <= sp.end]
            if inside:
                yield a, q, inside


def test_quotes_demo_person_speakers_are_linked(demo_articles):
    rows = list(person_speakers(demo_articles))
    assert len(rows) >= 10
    linked = [q.attrs["speaker"].attrs["entity"] in {m.attrs["entity"] for m in ms} for _, q, ms in rows]
    assert sum(linked) / len(linked) >= 0.95


def test_quotes_demo_speakers_end_at_words_not_clitics(demo_articles):
    """No speaker ends in a detached clitic, a quotation mark or a preposition."""
    for a in demo_articles:
        for q in a.layer("quotes"):
            words = q.attrs["speaker"].text_in(a.text).split()
            assert words and len(fold(words[-1])) > 1, words
            assert fold(words[-1]) not in {"في", "من", "عن", "علي", "الي"}, words
            assert words[-1][-1] not in '«»“”"', words


def test_quotes_demo_person_name_ends_speaker(demo_articles):
    """A speaker naming a person ends with the name or a role after it, never the verb's object
    (tweets are left out: their author is the signature's, in both scripts)."""
    for a, q, people in person_speakers(demo_articles):
        if q.attrs["kind"] == "tweet":
            continue
        tail = [fold(w) for w in a.text[max(m.end for m in people) : q.attrs["speaker"].end].split()]
        surname = len(tail) == 1 and tail[0].startswith("ال") and tail[0] != "الله"  # tagger stopped early
        assert not tail or surname or tail[0] in ("مدير", "رئيس", "المتحدث", "الناطق"), tail
