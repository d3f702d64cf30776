"""Where the shared evaluation data lives (never shipped; only read by train/eval/bench/tests)."""

from __future__ import annotations

import os
from pathlib import Path

from riwaya.errors import RiwayaError


def shared_dir() -> Path | None:
    """``$RIWAYA_SHARED``, else ``../shared`` beside the repository or the working directory."""
    candidates = [os.environ.get("RIWAYA_SHARED")]
    repo = Path(__file__).resolve().parents[2]
    candidates += [str(repo.parent / "shared"), str(Path.cwd().parent / "shared"), str(Path.cwd() / "shared")]
    for cand in candidates:
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    return None


def shared_path(*parts: str) -> Path:
    """A path under the shared folder, or an error that says how to point riwaya at it."""
    base = shared_dir()
    if base is None or not (base.joinpath(*parts)).exists():
        raise RiwayaError(
            f"shared data {'/'.join(parts)!r} not found; set RIWAYA_SHARED to the folder holding "
            "corpus/ and data/, or pass the path explicitly"
        )
    return base.joinpath(*parts)
