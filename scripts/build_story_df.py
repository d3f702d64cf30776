"""Rebuild ``src/riwaya/data/story_df.tsv``: document frequencies of light stems in SaudiNewsNet.

Story clustering weighs shared words by how rare they are; with a handful of articles the
corpus itself cannot say which words are common, so a background table is shipped. Only
stems and counts are kept (no text). Run: ``python scripts/build_story_df.py``.
"""

from __future__ import annotations

import glob
import json
import zipfile
from collections import Counter
from pathlib import Path

from riwaya.paths import shared_path
from riwaya.stories import stems

MIN_DF = 20
OUT = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "data" / "story_df.tsv"


def main() -> None:
    df, n = Counter(), 0
    for path in sorted(glob.glob(str(shared_path("data", "saudinewsnet") / "*.zip"))):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                for item in json.loads(zf.read(name)):
                    n += 1
                    df.update(set(stems(f"{item.get('title') or ''} {item.get('content') or ''}")))
    rows = sorted(((t, c) for t, c in df.items() if c >= MIN_DF), key=lambda r: (-r[1], r[0]))
    lines = [f"# documents\t{n}", "# light stem (riwaya.segment.match_key)\tdocument frequency"]
    OUT.write_text("\n".join(lines + [f"{t}\t{c}" for t, c in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} stems from {n} documents -> {OUT}")


if __name__ == "__main__":
    main()
