"""Evaluation gate: the quotes layer on the hand-written fictional gold (floors just under measured)."""

from __future__ import annotations

import pytest

from riwaya.errors import RiwayaError
from riwaya.evaluate.quotes import GOLD, evaluate, load_gold, locate


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate(GOLD)


def test_quotes_eval_gold_is_large_and_covers_chains():
    records = load_gold(GOLD)
    quotes = [q for r in records for q in r["quotes"]]
    assert len(quotes) >= 100
    assert {len(q["via"]) for q in quotes} >= {0, 1, 2, 3}
    assert {q["speaker_kind"] for q in quotes} == {"named", "role", "anonymous", "outlet"}


def test_quotes_eval_gate(report):
    assert report["speaker"]["overlap"]["f1"] >= 0.94
    assert report["speaker"]["exact"]["f1"] >= 0.83
    assert report["content"]["overlap"]["f1"] >= 0.96
    assert report["cue"]["exact"]["f1"] >= 0.94
    assert report["chain_exact_match"] >= 0.93


def test_quotes_eval_locate_rejects_missing_string():
    with pytest.raises(RiwayaError, match="does not occur"):
        locate(
            "نص قصير", {"quotes": [{"kind": "direct", "cue": "قال", "speaker": "x", "content": "غير موجود"}]}
        )


def test_quotes_eval_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(RiwayaError, match="--data"):
        load_gold(tmp_path / "nope.jsonl")
