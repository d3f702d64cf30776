"""Embedded tweets kept as blocks (the ``tweets`` layer) and repeated paragraphs (the ``repeats`` layer)."""

from __future__ import annotations

import json

import pytest

from riwaya.components.clean.blocks import parse_signature, parse_tweet_date
from riwaya.corpus import Corpus
from riwaya.export import build, check_spans
from riwaya.pipeline import Pipeline

# Fictional article, people and accounts written for these tests.
TITLE = "حاكم الإقليم يدعو إلى الهدوء بعد ليلة من الاحتجاجات"
INTRO = "دعا حاكم إقليم السهول الشرقية سليم الورداني مساء الأحد إلى الهدوء بعد ليلة من الاحتجاجات في مدينة النخيل."
QUOTED = 'وكتب الورداني في تغريدة: "مدينتنا أكبر من الخلافات، وأبواب مكتبي مفتوحة لكل من يريد الحوار بهدوء ومسؤولية"'
TWEET = "مدينتنا أكبر من الخلافات، وأبواب مكتبي مفتوحة لكل من يريد الحوار بهدوء ومسؤولية"
SIGNATURE = "— سليم الورداني Salim Alwardani (@s_alwardani) March 3, 2024"
TWEET2 = "فرق البلدية تعمل منذ الفجر على إزالة آثار الليلة الماضية pic.twitter.com/AbCdEf123"
SIGNATURE2 = "— بلدية النخيل (@nakheel_city) ٤ مارس ٢٠٢٤"
LINK_TWEET = "صور من جولة الحاكم في السوق القديم"
LINK = "pic.twitter.com/Zz9Yy8Xx7"
SIGNATURE3 = "— مكتب الحاكم (@gov_office) Mar 4, 2024"
OUTRO = "وقالت الشرطة إنها أوقفت ثلاثة أشخاص بتهمة إتلاف ممتلكات عامة."


def _clean(lines: list[str]):
    return Pipeline.build(["clean"])("\n".join(lines), source="tweets.txt")


def test_clean_tweets_signature_parsing():
    assert parse_signature(SIGNATURE) == {
        "author": "سليم الورداني Salim Alwardani",
        "handle": "s_alwardani",
        "date": "2024-03-03",
    }
    assert parse_signature(SIGNATURE2)["date"] == "2024-03-04"
    assert parse_signature("— (@anon_1) December 25, 2020") == {
        "author": None,
        "handle": "anon_1",
        "date": "2020-12-25",
    }
    assert parse_signature("— سليم الورداني (@s_alwardani) قال إنه سيعود") is None
    assert parse_signature("سليم الورداني (@s_alwardani) March 3, 2024") is None
    assert parse_signature(INTRO) is None


@pytest.mark.parametrize(
    "value, iso",
    [
        ("November 7, 2021", "2021-11-07"),
        ("Nov 7, 2021", "2021-11-07"),
        ("7 نوفمبر 2021", "2021-11-07"),
        ("February 30, 2021", None),
        ("Someday 7, 2021", None),
    ],
)
def test_clean_tweets_dates(value, iso):
    assert parse_tweet_date(value) == iso


def test_clean_tweets_layer_attrs_and_spans():
    article = _clean(
        [TITLE, INTRO, TWEET, SIGNATURE, TWEET2, SIGNATURE2, LINK_TWEET, LINK, SIGNATURE3, OUTRO]
    )
    tweets = article.layer("tweets")
    assert [article.surface(t) for t in tweets] == [TWEET, TWEET2, f"{LINK_TWEET}\n{LINK}"]
    assert [t.attrs["handle"] for t in tweets] == ["s_alwardani", "nakheel_city", "gov_office"]
    assert [t.attrs["date"] for t in tweets] == ["2024-03-03", "2024-03-04", "2024-03-04"]
    assert tweets[1].attrs["author"] == "بلدية النخيل"
    assert [article.surface(t.attrs["signature"]) for t in tweets] == [SIGNATURE, SIGNATURE2, SIGNATURE3]
    assert all(t.label == "tweet" for t in tweets)
    assert SIGNATURE in article.text and TWEET in article.text  # kept, not removed


def test_clean_tweets_export_passes_span_check():
    article = _clean([TITLE, INTRO, TWEET, SIGNATURE, OUTRO])
    doc = json.loads(json.dumps(build(Corpus([article]))))
    [record] = doc["articles"][0]["tweets"]
    assert record["signature"]["text"] == SIGNATURE and record["handle"] == "s_alwardani"
    assert check_spans(doc) >= 2


def test_clean_tweets_signature_without_text_above():
    article = _clean([SIGNATURE, OUTRO])
    [tweet] = article.layer("tweets")
    assert article.surface(tweet) == SIGNATURE


def test_clean_tweets_two_signatures_do_not_share_text():
    article = _clean([TITLE, TWEET, SIGNATURE, SIGNATURE2])
    first, second = article.layer("tweets")
    assert article.surface(first) == TWEET
    assert article.surface(second) == SIGNATURE2


# --- repeats ---------------------------------------------------------------------------------------
def test_clean_tweets_quoted_then_embedded_is_a_repeat():
    article = _clean([TITLE, INTRO, QUOTED, OUTRO, TWEET, SIGNATURE])
    [repeat] = article.layer("repeats")
    assert article.surface(repeat) == TWEET
    assert TWEET in article.surface(repeat.attrs["of"])
    assert repeat.attrs["of"].start < repeat.start
    of = repeat.attrs["of"]
    assert article.text[of.start - 1].isspace() and article.text[of.end - 1] == '"'  # whole words
    assert article.text.count(TWEET) == 2  # marked, never deleted


def test_clean_tweets_exact_and_near_identical_paragraphs():
    near = INTRO.replace("مساء الأحد", "مساء يوم الأحد").replace("إلى", "الى")
    article = _clean([TITLE, INTRO, OUTRO, INTRO, near])
    repeats = article.layer("repeats")
    assert len(repeats) == 2
    assert all(article.surface(r.attrs["of"]) == INTRO for r in repeats)
    assert [article.surface(r) for r in repeats] == [INTRO, near]


def test_clean_tweets_embedded_first_then_quoted_marks_the_quote():
    article = _clean([TITLE, TWEET, SIGNATURE, INTRO, QUOTED])
    [repeat] = article.layer("repeats")
    assert article.surface(repeat.attrs["of"]) == TWEET
    assert TWEET in article.surface(repeat) and article.surface(repeat) != QUOTED


def test_clean_tweets_short_and_different_paragraphs_are_not_repeats():
    article = _clean([TITLE, "ردود فعل", INTRO, "ردود فعل", OUTRO, SIGNATURE, SIGNATURE])
    assert article.layer("repeats") == []


def test_clean_tweets_title_and_signatures_are_not_compared():
    article = _clean([TITLE, TITLE + " اليوم", TWEET, SIGNATURE, OUTRO, TWEET, SIGNATURE])
    starts = {r.start for r in article.layer("repeats")}
    signatures = {t.attrs["signature"].start for t in article.layer("tweets")}
    assert not starts & signatures
    assert [article.surface(r) for r in article.layer("repeats")] == [TWEET]
