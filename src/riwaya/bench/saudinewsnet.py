"""The SaudiNewsNet dump as story-clustering inputs (zips of JSON arrays), for the clustering bench.

Each record becomes a :class:`riwaya.stages.stories.StoryInput` keyed by its URL (else
``zip member#index``), dated by ``date_extracted`` when that is a full day, language ``ar``.
"""

from __future__ import annotations

import glob
import json
import zipfile
from typing import Any

from riwaya.paths import shared_path
from riwaya.stages.stories.clustering import StoryInput, day_number


def saudinewsnet_inputs(folder: str | None = None, limit: int | None = None) -> list[StoryInput]:
    """Every SaudiNewsNet article of ``folder`` (default ``../shared/data/saudinewsnet``)."""
    base = folder or str(shared_path("data", "saudinewsnet"))
    out: list[StoryInput] = []
    for path in sorted(glob.glob(f"{base}/*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                out.extend(_snn_input(f"{name}#{i}", rec) for i, rec in enumerate(json.loads(zf.read(name))))
        if limit and len(out) >= limit:
            return out[:limit]
    return out


def _snn_input(key: str, rec: dict[str, Any]) -> StoryInput:
    day = day_number(str(rec.get("date_extracted") or "")[:10])
    return StoryInput(
        rec.get("url") or key, rec.get("title"), rec.get("content") or "", day, "ar", rec.get("source")
    )
