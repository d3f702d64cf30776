"""The ``segment`` step: sentence and token layers inside each kept paragraph (rules in
:mod:`riwaya.text.tokens`)."""

from __future__ import annotations

from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.tokens import split_sentences, tokenize


@component("segment", version="2", requires=("paragraphs",), provides=("sentences", "tokens"))
def segment(article: Article) -> None:
    sentences: list[Span] = []
    tokens: list[Span] = []
    for para in article.layer("paragraphs"):
        sentences.extend(split_sentences(article.text, para.start, para.end))
        tokens.extend(tokenize(article.text, para.start, para.end))
    article.add_layer("sentences", sentences)
    article.add_layer("tokens", tokens)
