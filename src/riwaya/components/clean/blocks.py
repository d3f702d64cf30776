"""Blocks that cleaning recognises but keeps: embedded tweets and paragraphs repeated in an article.

A scraped tweet embed is the tweet's text followed by a signature line
``— Name (@handle) Month D, YYYY``; the tweet span covers the text line (and a bare
``pic.twitter.com`` / ``t.co`` link line under it), the signature is a nested span.
A repeat (a tweet quoted in the text and embedded again, a paragraph pasted twice) is found on
folded text (:func:`riwaya.text.normalize.fold`), exactly or, above ~40 characters, near-identically
(rapidfuzz ratio >= 90, also as a part of a longer paragraph), and marked, never deleted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from riwaya.model import Span
from riwaya.resources import read_tsv
from riwaya.text.normalize import DIGITS, DROPPED, FOLD, fold, normalize, to_ascii_digits
from riwaya.text.tweets import SIGNATURE

DATE_MDY = re.compile(r"(?P<month>[^\W\d_]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})")
DATE_DMY = re.compile(r"(?P<day>\d{1,2}) (?P<month>[^\W\d_]+),? (?P<year>\d{4})")
LINK_ONLY = re.compile(r"(https?://)?(pic\.twitter\.com|t\.co|twitter\.com|x\.com)/\S+")
REPEAT_MIN_CHARS = 15  # shorter paragraphs (subheadings) repeat by nature
FUZZY_MIN_CHARS = 40
FUZZY_MIN_SCORE = 90
CANDIDATE_WORD_SHARE = 0.6  # share of the shorter paragraph's words found in the other
WORDS = re.compile(r"\w{2,}")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {fold(name): int(number) for name, number, *_ in read_tsv("tweet_months.tsv")}


def parse_signature(line: str) -> dict | None:
    """``{"author", "handle", "date"}`` of a tweet signature line, or None if it is not one."""
    match = SIGNATURE.fullmatch(line.strip())
    if match is None:
        return None
    date = parse_tweet_date(match["date"])
    if date is None:
        return None
    return {"author": match["author"].strip() or None, "handle": match["handle"], "date": date}


def parse_tweet_date(value: str) -> str | None:
    """``"November 7, 2021"``, ``"7 نوفمبر 2021"`` ... as ISO ``2021-11-07``, or None."""
    from datetime import date

    text = to_ascii_digits(value.strip())
    match = DATE_MDY.fullmatch(text) or DATE_DMY.fullmatch(text)
    month = _months().get(fold(match["month"])) if match else None
    if month is None:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"])).isoformat()
    except ValueError:
        return None


def find_tweets(text: str, paragraphs: list[Span]) -> list[Span]:
    """One ``tweet`` span per signature line: the text line(s) above it, the signature nested."""
    tweets, taken = [], -1
    for k, para in enumerate(paragraphs):
        parsed = parse_signature(text[para.start : para.end])
        if parsed is None:
            continue
        first = _tweet_text_start(text, paragraphs, k, taken)
        start, end = (paragraphs[first].start, paragraphs[k - 1].end) if first < k else (para.start, para.end)
        signature = Span(para.start, para.end, "signature")
        tweets.append(Span(start, end, "tweet", {**parsed, "signature": signature}))
        taken = k
    return tweets


def _tweet_text_start(text: str, paragraphs: list[Span], k: int, taken: int) -> int:
    """Index of the first paragraph of the tweet text above signature ``k`` (``k`` if none)."""
    first = k - 1
    if first <= taken:
        return k
    if LINK_ONLY.fullmatch(text[paragraphs[first].start : paragraphs[first].end]) and first - 1 > taken:
        first -= 1
    return first


# --- repeats -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """``str.translate`` table equal to :func:`riwaya.text.normalize.fold` (minus lowercasing): fast keys."""
    return str.maketrans({**{c: "" for c in DROPPED}, **FOLD, **DIGITS})


def fast_fold(text: str) -> str:
    """The folded form of ``text`` as :func:`riwaya.text.normalize.fold` gives it, via one translate."""
    return text.translate(_fold_table()).lower()


def find_repeats(text: str, paragraphs: list[Span]) -> list[Span]:
    """A ``repeat`` span for each paragraph (or part of one) that repeats an earlier one.

    Word overlap picks the candidate pairs, so the fuzzy comparison runs on a few pairs only.
    """
    keys = [fast_fold(text[p.start : p.end]).strip() for p in paragraphs]
    words = [frozenset(WORDS.findall(k)) for k in keys]
    views: dict[int, object] = {}
    repeats: list[Span] = []
    for j, para in enumerate(paragraphs):
        parts: list[Span] = []
        for i in range(j):
            if not _candidate(keys[i], keys[j], words[i], words[j]):
                continue
            found = _repeat_of(_view(views, i, text, paragraphs), _view(views, j, text, paragraphs))
            if found is None:
                continue
            (a0, a1), (b0, b1) = found
            span = Span(
                para.start + b0,
                para.start + b1,
                "repeat",
                {"of": Span(paragraphs[i].start + a0, paragraphs[i].start + a1, "paragraph")},
            )
            if not any(p.start < span.end and span.start < p.end for p in parts):
                parts.append(span)
            if (b0, b1) == (0, para.end - para.start):
                break  # the whole paragraph repeats: its first occurrence is enough
        repeats += parts
    return repeats


def _candidate(key_a: str, key_b: str, words_a: frozenset, words_b: frozenset) -> bool:
    shortest = min(len(key_a), len(key_b))
    if shortest < REPEAT_MIN_CHARS:
        return False
    if key_a == key_b:
        return True
    small, big = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    return (
        shortest >= FUZZY_MIN_CHARS and bool(small) and len(small & big) >= CANDIDATE_WORD_SHARE * len(small)
    )


def _view(views: dict, i: int, text: str, paragraphs: list[Span]):
    if i not in views:
        views[i] = normalize(text[paragraphs[i].start : paragraphs[i].end])
    return views[i]


def _repeat_of(earlier, later) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Original-offset ranges (in earlier, in later) of a repeat, or None."""
    a, b = earlier.text.strip(), later.text.strip()
    if min(len(a), len(b)) < REPEAT_MIN_CHARS:
        return None
    whole_a, whole_b = (0, len(earlier.original)), (0, len(later.original))
    if a == b:
        return whole_a, whole_b
    if min(len(a), len(b)) < FUZZY_MIN_CHARS:
        return None
    return _fuzzy(earlier, later, whole_a, whole_b)


def _fuzzy(earlier, later, whole_a, whole_b):
    from rapidfuzz import fuzz

    if fuzz.ratio(earlier.text, later.text, score_cutoff=FUZZY_MIN_SCORE):
        return whole_a, whole_b
    later_shorter = len(later.text) <= len(earlier.text)
    short, long = (later, earlier) if later_shorter else (earlier, later)
    found = fuzz.partial_ratio_alignment(short.text, long.text, score_cutoff=FUZZY_MIN_SCORE)
    if found is None:
        return None
    part = _trim(long, long.to_original(found.dest_start, found.dest_end))
    return (part, whole_b) if later_shorter else (whole_a, part)


def _trim(view, span: tuple[int, int]) -> tuple[int, int]:
    """Snap a range of the original to whole words, without spaces at its ends."""
    text, (start, end) = view.original, span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < end and not text[start - 1].isspace():
        start -= 1
    while start < end < len(text) and not text[end].isspace():
        end += 1
    return start, end
