"""Embedded tweets as quotes: merged into the in-text quote of the same words, else quotes of their own."""

from __future__ import annotations

import re

from riwaya.components.quotes.attributions import Found
from riwaya.components.quotes.marks import words
from riwaya.components.quotes.speaker import Who
from riwaya.model import Article, Span
from riwaya.text.normalize import fold

LINK = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|net|org|co|ly|me)/\S*")  # pic.twitter.com/x


def add_tweets(article: Article, found: list[Found]) -> None:
    """Embedded tweets: merged into the in-text quote of the same words, else quotes of their own."""
    for tweet, signature, author, date in _tweets(article):
        twin = next(
            (f for f in found if _same_words(article.text, f.content, (tweet.start, tweet.end))), None
        )
        if twin is not None:
            twin.also.append((tweet.start, tweet.end))
            twin.time = twin.time or date
            continue
        who = Who(*author, "named")
        item = Found(
            (signature.start, signature.start + 1),
            who,
            [],
            (tweet.start, tweet.end),
            "tweet",
            (tweet.start, signature.end),
            time=date,
        )
        found.append(item)


def _tweets(article: Article):
    """(tweet span, signature span, author offsets, ISO date) of each span of the ``tweets`` layer."""
    for t in article.layer("tweets"):
        sig = t.attrs.get("signature") or Span(t.end, t.end)
        yield t, sig, _author_span(article.text, sig, t.attrs.get("author")), t.attrs.get("date")


def _author_span(text: str, sig: Span, author: str | None) -> tuple[int, int]:
    pos = text.find(author, sig.start, sig.end) if author else -1
    return (pos, pos + len(author)) if pos >= 0 else (sig.start, sig.end)


def says_something(text: str, content: tuple[int, int]) -> bool:
    """Content with a word besides links: a bare ``pic.twitter.com/...`` after a cue is no quote."""
    return bool(_words_without_links(text, content))


def _words_without_links(text: str, span: tuple[int, int]) -> set[str]:
    return {fold(w) for w in words(LINK.sub(" ", text[span[0] : span[1]]))}


def _same_words(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two passages quote the same words when most words of the shorter occur in the longer
    (links left out: every embedded tweet ends with a pic.twitter.com one)."""
    wa, wb = _words_without_links(text, a), _words_without_links(text, b)
    small = min(len(wa), len(wb))
    return small >= 4 and len(wa & wb) >= 0.7 * small
