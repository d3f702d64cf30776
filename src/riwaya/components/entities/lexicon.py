"""A name lexicon learnt from labelled data: stems that are mostly part of a name, with the type.

Used as a CRF feature. While training it is built jackknife style (each fold sees the lexicon of
the other folds), so the model learns how far a "seen as a name elsewhere" hint can be trusted
instead of memorising it; the shipped lexicon is built from all training data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from riwaya.components.entities.data import Sentence, chunks
from riwaya.components.entities.features import word_features

MIN_SHARE = 0.5
MIN_COUNT = 1
NAME_TYPES = ("PER", "ORG", "LOC")
MAX_NAME_WORDS = 4


def build(sentences: list[Sentence]) -> dict[str, str]:
    """stem -> type for stems tagged as (part of) a name in at least half their occurrences."""
    total: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    for words, tags in sentences:
        for word, tag in zip(words, tags, strict=True):
            stem = word_features(word)[2]
            total[stem] += 1
            if tag != "O":
                kinds[stem][tag[2:]] += 1
    out = {}
    for stem, counter in kinds.items():
        kind, n = counter.most_common(1)[0]
        if len(stem) >= 2 and n >= MIN_COUNT and sum(counter.values()) / total[stem] >= MIN_SHARE:
            out[stem] = kind
    return out


def jackknife(sentences: list[Sentence], extra: list[Sentence], folds: int = 5) -> list[dict[str, str]]:
    """Per sentence, the lexicon built without that sentence's fold (plus ``extra`` data)."""
    size = -(-len(sentences) // folds)
    lexicons = []
    for k in range(folds):
        others = sentences[: k * size] + sentences[(k + 1) * size :]
        lex = build(others + extra)
        lexicons += [lex] * len(sentences[k * size : (k + 1) * size])
    return lexicons


def names(sentences: list[Sentence]) -> dict[tuple[str, ...], str]:
    """A name list from another corpus (WikiFANE): stems mostly named, as in :func:`build`, plus
    whole multi-word names (2-4 stems) with their majority type.

    It feeds its own CRF feature, apart from the jackknifed lexicon: the CRF learns how far an
    encyclopaedia's names carry over to news instead of trusting them like ANERcorp's own.
    """
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for words, tags in sentences:
        stems = [word_features(w)[2] for w in words]
        for start, end, kind in chunks(tags):
            if 2 <= end - start <= MAX_NAME_WORDS and kind in NAME_TYPES:
                votes[tuple(stems[start:end])][kind] += 1
    out = {(stem,): kind for stem, kind in build(sentences).items() if kind in NAME_TYPES}
    return out | {key: c.most_common(1)[0][0] for key, c in votes.items()}


def save_names(table: dict[tuple[str, ...], str], path: str | Path) -> None:
    save({" ".join(key): kind for key, kind in table.items()}, path)


def load_names(path: str | Path) -> dict[tuple[str, ...], str]:
    return {tuple(key.split(" ")): kind for key, kind in load(path).items()}


def save(lexicon: dict[str, str], path: str | Path) -> None:
    lines = [f"{stem}\t{kind}" for stem, kind in sorted(lexicon.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(path: str | Path) -> dict[str, str]:
    path = Path(path)
    if not path.is_file():
        return {}
    rows = (ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if "\t" in ln)
    return {stem: kind for stem, kind in rows}
