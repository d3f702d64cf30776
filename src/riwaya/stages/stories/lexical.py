"""Lexical features of stories: light stems and TF-IDF vectors of title + lead.

Stems are :func:`riwaya.text.tokens.match_key` of folded words (English stopwords out); the
document frequencies come from the shipped background table ``data/story_df.tsv``, joined by the
corpus's own leads once it is large (:func:`corpus_idf`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from riwaya.resources import data_path, read_lines, read_tsv
from riwaya.text.normalize import fold
from riwaya.text.tokens import match_key

LEAD_CHARS = 400  # title + this much body feeds the lexical signal
MIN_IDF = 2.0  # stems in more than ~1/7 of background documents are function words
CORPUS_IDF_MIN_DOCS = 1000  # from this many articles, the corpus's own word counts join the idf

WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=400_000)
def _stem(word: str) -> str:
    return match_key(word)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(read_lines("stopwords_en.txt"))


def stems(text: str) -> list[str]:
    """Light stems of the words of ``text`` (folded, proclitics stripped, English stopwords out)."""
    stop = _stopwords()
    out = (_stem(w) for w in WORD.findall(fold(text)))
    return [s for s in out if len(s) > 1 and s not in stop]


class Idf:
    """Inverse document frequency from the shipped background table (unknown stems are rare),
    plus the documents of the corpus at hand: a word common in this corpus ("خادم الحرمين" in
    Saudi papers) says little about which story an article belongs to, however rare elsewhere."""

    def __init__(self, documents: Iterable[Iterable[str]] = ()) -> None:
        rows = read_tsv("story_df.tsv")
        self.docs = int(_header_count())
        self.df = {row[0]: int(row[1]) for row in rows if len(row) == 2}
        for terms in documents:
            self.add(terms)

    def add(self, terms: Iterable[str]) -> None:
        self.docs += 1
        for term in set(terms):
            self.df[term] = self.df.get(term, 0) + 1

    def __call__(self, term: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(term, 1) + 1))


def _header_count() -> str:
    first = data_path("story_df.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    return first.split("\t")[1]


@lru_cache(maxsize=1)
def default_idf() -> Idf:
    return Idf()


def term_vector(text: str, idf: Idf | None = None) -> dict[str, float]:
    """Unit-length TF-IDF of stems and stem bigrams; function words (low idf) are dropped."""
    idf = idf or default_idf()
    words = stems(text)
    weights = {w: idf(w) for w in set(words)}
    counts = Counter(w for w in words if weights[w] >= MIN_IDF)
    vec = {t: (1 + math.log(c)) * weights[t] for t, c in counts.items()}
    for a, b in zip(words, words[1:], strict=False):
        if weights[a] >= MIN_IDF and weights[b] >= MIN_IDF:
            vec[f"{a} {b}"] = vec.get(f"{a} {b}", 0.0) + min(weights[a], weights[b])
    return _unit(vec)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in vec.values()))
    return {t: x / norm for t, x in vec.items()} if norm else {}


def corpus_idf(leads: Iterable[str]) -> Idf:
    """The background idf updated with the stems of these leads (title + first LEAD_CHARS), once
    there are CORPUS_IDF_MIN_DOCS of them. A smaller corpus is usually one story's coverage, whose
    shared words are the story itself; a large one is a sample of the news, whose shared words are
    beats (royal news, weather, markets) that would otherwise pull unrelated events together."""
    leads = list(leads)
    if len(leads) < CORPUS_IDF_MIN_DOCS:
        return default_idf()
    return Idf(stems(lead) for lead in leads)
