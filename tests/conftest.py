"""Shared fixtures: hand-built articles, and the ../shared data (skipped with a reason if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from riwaya.paths import shared_dir

SHARED = shared_dir()
needs_shared = pytest.mark.skipif(
    SHARED is None, reason="../shared (seed articles and labelled data) is not present; CI has it"
)


@pytest.fixture
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared (seed articles and labelled data) is not present; CI has it")
    return SHARED


@pytest.fixture
def seeds_dir(shared: Path) -> Path:
    return shared / "corpus" / "seeds"


@pytest.fixture
def demo_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo"
