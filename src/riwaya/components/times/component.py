"""Times: every temporal expression as a ``times`` span, and a publication date for every article.

The article component tags the text once (:func:`riwaya.components.times.tag`), decides the publication
date (:func:`riwaya.components.times.published.publication_date`: metadata, else the best of the
URL, dateline, self-dating, "today + weekday", tweet and crawl signals), and resolves the
relative expressions against it, in context.
:func:`redate` re-resolves an article against a date found later (the incidents stage uses it
for undated articles). Evaluation lives in :mod:`riwaya.evaluate.times`.
"""

from __future__ import annotations

from datetime import date

from riwaya.components.times.published import publication_date
from riwaya.components.times.tagger import Timex, candidates, reresolve_all
from riwaya.model import Article, Published, Span
from riwaya.pipeline import component


@component(
    "times", version="3", requires=("sentences",), optional=("tweets",), provides=("times", "published")
)
def times(article: Article) -> None:
    found = candidates(article.text)
    article.published = publication_date(article, found)
    set_times_layer(article, found, anchor_of(article.published))


def redate(article: Article, published: Published) -> None:
    """Give ``article`` a new publication date and re-resolve its ``times`` layer against it."""
    article.published = published
    set_times_layer(article, candidates(article.text), anchor_of(published))


def anchor_of(published: Published) -> date | None:
    """Relative expressions resolve only against a day-precision publication date."""
    if published.value and published.precision == "day":
        return date.fromisoformat(published.value[:10])
    return None


def set_times_layer(article: Article, found: list[Timex], anchor: date | None) -> None:
    spans = [Span(t.start, t.end, "", t.attrs()) for t in reresolve_all(article.text, found, anchor)]
    article.add_layer("times", spans)
