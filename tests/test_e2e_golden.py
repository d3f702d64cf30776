"""End-to-end: analyse the demo corpus (and the seed articles when ../shared is present) and
compare a stable digest of the export with the committed golden files in tests/golden/.

When a change is intended to alter the results, regenerate with
``python scripts/update_golden.py`` and review the diff it prints before committing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import riwaya
from golden.digest import (
    DEMO_GOLDEN,
    SEED_GOLDEN,
    demo_digest,
    diff_lines,
    dumps,
    seed_digest,
    seed_overlap,
    top_keys_missing,
)
from riwaya.export import check_spans

UPDATE_HINT = "if this change is intended, run `python scripts/update_golden.py` and review its diff"
STORE_TABLES = ("articles", "spans", "failures", "results")


def assert_matches_golden(golden: Path, digest: dict) -> None:
    new = dumps(digest)
    old = golden.read_text(encoding="utf-8") if golden.exists() else ""
    diff = diff_lines(old, new, golden.name)
    shown = "\n".join(diff[:80]) + (f"\n... ({len(diff) - 80} more diff lines)" if len(diff) > 80 else "")
    assert not diff, f"{golden.name} differs from the current results ({UPDATE_HINT}):\n{shown}"


def store_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of the stored tables, sorted, to tell whether a run changed the store."""
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in STORE_TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    demo = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo"
    db = tmp_path_factory.mktemp("e2e_demo") / "demo.db"
    result = riwaya.analyze([str(demo)], db=db)
    return demo, db, result, result.export()


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    from riwaya.paths import shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared (seed articles) is not present; CI has it")
    seeds = shared / "corpus" / "seeds"
    db = tmp_path_factory.mktemp("e2e_seeds") / "seeds.db"
    result = riwaya.analyze([str(seeds)], db=db)
    return seeds, db, result, result.export()


# --- demo corpus -----------------------------------------------------------------------------


def test_e2e_demo_digest_matches_golden(demo_run):
    _, _, result, doc = demo_run
    assert_matches_golden(DEMO_GOLDEN, demo_digest(doc, result.corpus))


def test_e2e_demo_every_span_checks(demo_run):
    _, db, _, doc = demo_run
    assert check_spans(doc) > 500
    assert check_spans(riwaya.load(db).export()) == check_spans(doc)


def test_e2e_demo_has_every_top_level_key(demo_run):
    _, _, result, doc = demo_run
    assert top_keys_missing(doc) == []
    assert doc["schema"] == "riwaya/1"
    assert result.ok and len(doc["articles"]) == 8


def test_e2e_demo_store_rebuilds_the_same_digest(demo_run):
    _, db, result, doc = demo_run
    stored = riwaya.load(db)
    assert dumps(demo_digest(stored.export(), stored.corpus)) == dumps(demo_digest(doc, result.corpus))


def test_e2e_demo_analysing_twice_changes_nothing(demo_run):
    demo, db, first, doc = demo_run
    before = store_snapshot(db)
    again = riwaya.analyze([str(demo)], db=db)
    assert again.counts["unchanged"] == len(doc["articles"])
    assert again.counts["added"] == again.counts["versions"] == again.counts["reanalysed"] == 0
    assert store_snapshot(db) == before
    assert dumps(demo_digest(again.export(), again.corpus)) == dumps(demo_digest(doc, first.corpus))


def test_e2e_demo_two_jobs_give_the_same_digest(demo_run, tmp_path):
    demo, _, first, doc = demo_run
    parallel = riwaya.analyze([str(demo)], db=tmp_path / "jobs2.db", jobs=2)
    assert dumps(demo_digest(parallel.export(), parallel.corpus)) == dumps(demo_digest(doc, first.corpus))


# --- seed articles (read from ../shared at run time; the digest holds no article text) ----


def test_e2e_seeds_digest_matches_golden(seed_run):
    _, _, result, doc = seed_run
    assert_matches_golden(SEED_GOLDEN, seed_digest(doc, result.corpus))


def test_e2e_seeds_golden_repeats_no_seed_text(seed_run):
    seeds = seed_run[0]
    for golden in (SEED_GOLDEN, DEMO_GOLDEN):
        assert seed_overlap(golden.read_text(encoding="utf-8"), seeds) == [], golden.name


def test_e2e_seeds_every_span_checks(seed_run):
    _, db, _, doc = seed_run
    assert check_spans(doc) > 500
    assert check_spans(riwaya.load(db).export()) == check_spans(doc)


def test_e2e_seeds_has_every_top_level_key(seed_run):
    _, _, result, doc = seed_run
    assert top_keys_missing(doc) == []
    assert result.ok and len(doc["articles"]) == 5


def test_e2e_seeds_two_jobs_give_the_same_digest(seed_run, tmp_path):
    seeds, _, first, doc = seed_run
    parallel = riwaya.analyze([str(seeds)], db=tmp_path / "jobs2.db", jobs=2)
    assert dumps(seed_digest(parallel.export(), parallel.corpus)) == dumps(seed_digest(doc, first.corpus))


def test_e2e_golden_diff_names_the_changed_line(demo_run):
    """The failure message must point at what changed: perturb one title and diff."""
    _, _, result, doc = demo_run
    digest = demo_digest(doc, result.corpus)
    changed = demo_digest(doc, result.corpus)
    name = sorted(changed["articles"])[0]
    changed["articles"][name]["title"] = "عنوان آخر"
    diff = diff_lines(dumps(digest), dumps(changed), "demo")
    assert diff[0] == f"@@ demo: articles > {name} @@"
    assert [line for line in diff if line.startswith("+ ")] == ['+ "title": "عنوان آخر",']
    assert len([line for line in diff if line.startswith("- ")]) == 1
