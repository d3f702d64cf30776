"""Issue 23: the fuzzing harness, bounded for CI (``riwaya bench --what reliability`` runs the
long campaign). Random Arabic, Latin, markup and control text goes through the per-document
path and the export round trip; the seeded generator's malformed files and zips go through
``analyze`` beside a good file. Derandomized, so a run is reproducible."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riwaya.analysis import analyze, process_document
from riwaya.bench import reliability as fuzz
from riwaya.corpus import Corpus
from riwaya.export import build, check_spans
from riwaya.model import Article, Failure, RawDocument, Span
from riwaya.pipeline import Pipeline

BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIECES = st.one_of(
    st.sampled_from(fuzz.ARABIC).map(lambda w: w + " "),
    st.sampled_from(fuzz.LATIN).map(lambda w: w + " "),
    st.sampled_from([*fuzz.MARKUP, *fuzz.PUNCT, *fuzz.SPACE, *fuzz.MARKS, *fuzz.ODD]),
    st.characters(codec=None),
    st.characters(categories=["Cs", "Cc", "Cf", "Mn", "Zs", "Zl", "Zp"]),
    st.text(max_size=12),
)
TEXTS = st.lists(PIECES, max_size=120).map("".join)
METAS = st.fixed_dictionaries(
    {"format": st.sampled_from(["txt", "json"])},
    optional={
        "title": TEXTS,
        "outlet": st.text(max_size=20),
        "date": st.text(max_size=12),
        "url": st.text(max_size=20),
    },
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    built = Pipeline.build()
    built(fuzz.GOOD)  # load the models once
    return built


def _spans(value):
    if isinstance(value, Span):
        yield value
        value = value.attrs
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _spans(item)


def _annotated(pipeline: Pipeline, text: str, meta: dict, source: str = "fuzz.txt") -> Article | Failure:
    result, _ = process_document(RawDocument(text, source, dict(meta)), pipeline, {}, True)
    assert isinstance(result, Article | Failure)
    return result


@BOUNDED
@given(text=TEXTS, meta=METAS)
def test_any_text_through_process_document(pipeline, text, meta):
    article = _annotated(pipeline, text, meta)
    if isinstance(article, Failure):
        assert article.stage == "clean" and "no article text" in article.reason
        return
    assert article.failed_layers == []  # no component raised on it
    spans = [s for layer in article.layers.values() for s in _spans(layer)]
    assert all(0 <= s.start <= s.end <= len(article.text) for s in spans)
    assert fuzz.span_violation(article) is None
    json.dumps(build(Corpus([article])), ensure_ascii=False).encode("utf-8")  # valid Unicode throughout


@settings(BOUNDED, max_examples=15)
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_export_round_trip_of_fuzzed_articles(pipeline, texts):
    articles = [
        a for k, t in enumerate(texts) if isinstance(a := _annotated(pipeline, t, {}, f"f{k}.txt"), Article)
    ]
    doc = build(Corpus(articles))
    again = json.loads(json.dumps(doc, ensure_ascii=False).encode("utf-8").decode("utf-8"))
    layered = sum(len(a.layer(key)) for a in articles for key in ("entities", "times", "quotes", "events"))
    assert check_spans(again) >= layered
    assert [a["text"] for a in again["articles"]] == [a.text for a in articles]


def test_seeded_fuzz_texts_are_reproducible_and_clean(pipeline):
    first = [fuzz.fuzz_text(random.Random(n)) for n in range(30)]
    assert first == [fuzz.fuzz_text(random.Random(n)) for n in range(30)]
    for n, text in enumerate(first):
        got = fuzz.check_document(
            pipeline, RawDocument(text, f"seed-{n}.txt", fuzz.fuzz_meta(random.Random(n)))
        )
        assert (got["escaped"], got.get("violation"), got.get("component")) == (None, None, None), n


def test_every_kind_of_malformed_file_beside_a_good_file(tmp_path):
    """One input of each generated kind in one run: nothing escapes, the good article is stored,
    and each of the reproducers of issue 23 is a failure row of its own."""
    rnd = random.Random(23)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(fuzz.GOOD, encoding="utf-8")
    for kind, make in sorted(fuzz.MALFORMED.items()):
        (folder / kind).write_bytes(make(rnd))
    (folder / "side.txt").write_text(fuzz.GOOD.replace("الخميس", "الجمعة"), encoding="utf-8")
    (folder / "side.meta.json").write_bytes(b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    result = analyze([str(folder)], db=tmp_path / "s.db", pipeline=Pipeline.build(["clean", "segment"]))
    stored = {a.source.rsplit("/", 1)[-1] for a in result.corpus.articles}
    assert {"good.txt", "side.txt"} <= stored
    failed = {f.input.rsplit("/", 1)[-1].split("!")[0].split("#")[0] for f in result.failures}
    assert {"deep.json", "surrogate.json", "corrupt.zip", "firstline.txt", "side.txt"} <= failed


@pytest.mark.parametrize("seed", range(3))
def test_seeded_malformed_batches(seed):
    assert fuzz.check_files(fuzz.malformed_files(random.Random(seed), 8))["escaped"] is None


@pytest.mark.parametrize(
    "text",
    [
        'عنوان\nذكر َصحيفةٞ"ب',  # quotes raised IndexError
        "عنوان\nوقع الحادث قبل\nعقدين\nمن الزمن",  # times raised ValueError, and an empty time span
        "عنوان\n" + "<p>" * 3000,  # 9,000 markup tokens in one line
        "عنوان\n" + "ب" * 5000,  # one 5,000-character token
    ],
    ids=["quotes", "times", "markup", "token"],
)
def test_issue_reproducers_keep_every_layer(pipeline, text):
    article = _annotated(pipeline, text, {"format": "txt"})
    assert article.failed_layers == [] and article.layers["tokens"]
    assert fuzz.span_violation(article) is None


def test_hard_wrapped_duration_has_no_empty_time_span(pipeline):
    article = _annotated(pipeline, "عنوان\nوقع الحادث قبل\nعقدين\nمن الزمن", {"format": "txt"})
    assert article.layer("times") and all(s.end > s.start for s in article.layer("times"))
