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


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> tuple[Path, dict]:
    """The demo corpus analysed once per test session: (store path, its export). Read-only:
    tests that change a store analyse their own copy."""
    import riwaya

    db = tmp_path_factory.mktemp("demo_store") / "demo.db"
    riwaya.analyze([str(Path(__file__).resolve().parents[1] / "src" / "riwaya" / "demo")], db=db)
    return db, riwaya.load(db).export()


@pytest.fixture(scope="module")
def demo_web(demo_store):
    """(a test client of the demo store's web app, the store's export)."""
    from fastapi.testclient import TestClient

    from riwaya.web.app import create_app

    db, doc = demo_store
    return TestClient(create_app(db), raise_server_exceptions=False), doc
