"""Rebuild ``src/riwaya/data/story_df.tsv``: background document frequencies of light stems.

Story clustering weighs shared words by how rare they are; with a handful of articles the
corpus itself cannot say which words are common, so a background table is shipped. It is
built from ANERcorp (Benajiba 2007, news text, CC BY-SA 4.0: the same data the shipped NER
model is trained on, with the same attribution), cut into pseudo-documents of
``CHUNK`` tokens because the corpus has no document breaks. Only stems and counts are kept.
SaudiNewsNet is never used here: its licence forbids shipping anything derived from it.
Run: ``python scripts/build_story_df.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from riwaya.paths import shared_path
from riwaya.stages.stories import stems

CHUNK = 150
MIN_DF = 2
OUT = Path(__file__).resolve().parents[1] / "src" / "riwaya" / "data" / "story_df.tsv"


def pseudo_documents(path: Path) -> list[str]:
    """ANERcorp tokens (first column) grouped into fixed-size chunks."""
    words = [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.split()]
    return [" ".join(words[i : i + CHUNK]) for i in range(0, len(words), CHUNK)]


def main() -> None:
    docs = pseudo_documents(shared_path("data", "anercorp", "train.txt"))
    df = Counter()
    for doc in docs:
        df.update(set(stems(doc)))
    rows = sorted(((t, c) for t, c in df.items() if c >= MIN_DF), key=lambda r: (-r[1], r[0]))
    lines = [
        f"# documents\t{len(docs)}",
        "# light stem (riwaya.text.tokens.match_key)\tdocument frequency",
        "# source: ANERcorp (Benajiba 2007), CC BY-SA 4.0, pseudo-documents of 150 tokens of the train split",
    ]
    OUT.write_text("\n".join(lines + [f"{t}\t{c}" for t, c in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} stems from {len(docs)} pseudo-documents -> {OUT}")


if __name__ == "__main__":
    main()
