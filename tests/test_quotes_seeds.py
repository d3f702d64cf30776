"""On the seed articles (read at run time): the chains through AFP, Reuters, Axios and Shafaq News."""

from __future__ import annotations

from riwaya.analysis import process_document
from riwaya.ingest.sources import iter_documents
from riwaya.pipeline import Pipeline


def seed_quotes(seeds_dir):
    pipeline = Pipeline.build(["clean", "segment", "quotes"])
    out = []
    for doc in iter_documents([str(p) for p in sorted(seeds_dir.glob("*.txt"))]):
        article, _ = process_document(doc, pipeline)
        for q in article.layer("quotes"):
            a = q.attrs
            out.append((a["speaker"].text_in(article.text), a["speaker"].attrs["kind"],
                        [v.attrs.get("name") or v.text_in(article.text) for v in a["via"]],
                        a["cue"].text_in(article.text)))  # fmt: skip
    return out


def test_quotes_seeds_chains(seeds_dir):
    quotes = seed_quotes(seeds_dir)
    chains = {via[0]: (speaker, kind) for speaker, kind, via, _ in quotes if via}
    assert chains["AFP"] == ("مصدر أمني", "anonymous")
    assert chains["Reuters"] == ("مسؤول أمريكي", "anonymous")
    assert chains["Axios"] == ("مصدرين مطلعين", "anonymous")
    assert chains["Shafaq News"] == ("مصدر عسكري", "anonymous")


def test_quotes_seeds_state_department_spokesman(seeds_dir):
    speakers = [speaker for speaker, _, _, _ in seed_quotes(seeds_dir)]
    assert any("باسم وزارة الخارجية" in s and "برايس" in s for s in speakers)
