"""Person-name repairs of real-news shapes, over one sentence's tags (after the taggers).

- A person tagged on a common phrase (``entity_not_names.txt``: حسن الجوار "good-neighbourliness",
  a title alone) is untagged.
- Two people joined by و in one name (العبادي والمالكي) are split at the و + article word, and a
  person that runs into li- + a listed outlet or place (... لرويترز) stops before it, the outlet
  or place tagged alone.
- After a title (الرئيس، الملا; its adjectives skipped: الرئيس الشرعي) an untagged given name is a
  person (الملا عمر), and an untagged plain word right before a person extends it (a first name
  the tagger left out).
- A month name tagged as a name beside a dash or another month (أبريل - نيسان) is untagged.
"""

from __future__ import annotations

from functools import lru_cache

from riwaya.components.entities.data import chunks
from riwaya.components.entities.gazetteer import classes_of, name_table
from riwaya.resources import read_lines, read_tsv
from riwaya.text.normalize import fold

FUNCTION_WORDS = frozenset(
    fold(w)
    for w in ("من", "في", "على", "إلى", "عن", "مع", "أن", "إن", "قد", "لم", "ما", "لا", "غير", "كل", "بعض")
)
OPENING_QUOTES = ("«", '"', "“")
LISTED_KINDS = {"OUTLET": "ORG", "COUNTRY": "LOC", "CITY": "LOC"}


def fix_people(words: list[str], tags: list[str]) -> None:
    """Apply the repairs of the module docstring to ``tags`` in place."""
    for start, end, kind in sorted(chunks(tags)):
        if kind == "PER" and _not_a_name(words[start:end]):
            tags[start:end] = ["O"] * (end - start)
        elif kind == "PER":
            _split_joined(words, tags, start, end)
        elif end - start == 1 and _month_beside_dash(words, start):
            tags[start] = "O"
    _tag_after_titles(words, tags)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w) for w in line.split()) for line in read_lines("entity_not_names.txt"))


def _not_a_name(words: list[str]) -> bool:
    folded = tuple(fold(w) for w in words)
    first = folded[0]
    bare = first[1:] if first[:1] in "وفبلك" and len(first) > 3 else first
    return folded in _not_names() or (bare, *folded[1:]) in _not_names()


def _split_joined(words: list[str], tags: list[str], start: int, end: int) -> None:
    """Split a person at an inner و + article word; stop it before li- + a listed outlet or place."""
    for k in range(start + 1, end):
        f = fold(words[k])
        listed = LISTED_KINDS.get(name_table().get((f[1:],), "")) if f[:1] in "لب" else None
        if listed:
            tags[k] = f"B-{listed}"
            for n in range(k + 1, end):
                tags[n] = "O"
            return
        if f.startswith("وال") and len(f) > 5:
            tags[k] = "B-PER"


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(fold(row[0]) for row in read_tsv("months.tsv"))


def _month_beside_dash(words: list[str], k: int) -> bool:
    if fold(words[k]) not in _months():
        return False
    near = [words[n] for n in (k - 2, k - 1, k + 1, k + 2) if 0 <= n < len(words)]
    return any(w in ("-", "–") or fold(w) in _months() for w in near)


@lru_cache(maxsize=1)
def _extra_titles() -> frozenset[str]:
    rows = read_tsv("entity_name_words.tsv")
    return frozenset(fold(w) for w, cls in rows if cls == "title") | frozenset(
        fold(w) for w in read_lines("ner_honorifics.txt")
    )


@lru_cache(maxsize=1)
def _ranks() -> frozenset[str]:
    return frozenset(fold(w) for w, cls in read_tsv("entity_name_words.tsv") if cls == "rank")


@lru_cache(maxsize=1)
def _given() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("gazetteer_given_names.txt"))


def _is_title(word: str) -> bool:
    f = fold(word)
    bare = f[1:] if f[:1] in "وفبلك" and len(f) > 3 else f
    if f.startswith("لل"):
        bare = "ال" + f[2:]
    return "TITLE" in classes_of(word) or f in _extra_titles() or bare in _extra_titles()


def _tag_after_titles(words: list[str], tags: list[str]) -> None:
    for k, word in enumerate(words[:-1]):
        if tags[k] != "O" or not _is_title(word):
            continue
        j = k + 1
        while (
            j < len(words) - 1 and tags[j] == "O" and (_nisba(fold(words[j])) or fold(words[j]) in _ranks())
        ):
            j += 1
        if tags[j] != "O" or not _plain(words[j]):
            continue
        follows = j + 1 < len(tags) and tags[j + 1] == "B-PER"
        if follows:
            tags[j], tags[j + 1] = "B-PER", "I-PER"
        elif fold(words[j]) in _given():
            tags[j] = "B-PER"


def _nisba(folded: str) -> bool:
    return folded.startswith("ال") and folded.endswith(("ي", "يه")) and len(folded) >= 5


def _plain(word: str) -> bool:
    """A bare word that may be part of a name: Arabic letters only, no article, not a function word or title."""
    f = fold(word)
    return (len(f) >= 3 and f.isalpha() and not f.startswith("ال") and f not in FUNCTION_WORDS
            and f not in _ranks() and not _is_title(word))  # fmt: skip
