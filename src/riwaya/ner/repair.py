"""Rule repairs of CRF tags for errors the features cannot see, applied per sentence after tagging.

- A "person" whose first word is a preposition glued to an unknown common word (لعدوان جبان: "to
  a cowardly aggression") is no person: names after a bare ل/ب are known names (لمحمد).
- An organisation that runs into a person (تحالف فتح هادي العامري) is split where a given name
  starts after the organisation's head and name: ORG + PER.
- An untagged given name of 4+ letters followed by a definite word (مقتدى الصدر) is a person.
- An untagged organisation the project's list names in two words or more (الحشد الشعبي، وكالة
  الأنباء العراقية), clitics allowed (للحشد الشعبي), is an organisation: ANERcorp has too few of
  them for the taggers to trust the list. Not the ministries (وزارة الدفاع: whose? joining every
  country's under one name would be wrong) nor الشرق الأوسط (the region more often than the paper).
- A "person" or "place" right after a weapon noun (صاروخ كاتيوشا، صواريخ غراد) is the weapon's
  model, not a name of the story, unless the place is a known one (صواريخ كوبا: Cuba's).
- An "organisation" that is one generic head word (ميليشيات، الحزب: "militias", "the party") is
  none, unless training named that word an organisation (حماس، الكونغرس are heads and names).
"""

from __future__ import annotations

from functools import lru_cache

from riwaya.ner.data import chunks
from riwaya.ner.features import word_features
from riwaya.ner.gazetteer import classes_of, name_tags
from riwaya.normalize import fold
from riwaya.resources import read_lines

GLUED_PREPS = ("ل", "ب")
UNLISTED_HEADS = ("وزارة",)  # listed names with these heads need a country to be one actor
AMBIGUOUS_LISTED = ("الشرق الأوسط",)
WEAPON_NOUNS = frozenset(fold(w) for w in ("صاروخ", "صواريخ", "قذيفة", "قذائف", "راجمة", "راجمات", "طراز"))
MIN_GIVEN = 4


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names as written (unfolded: على is no علي), for the untagged-name rule."""
    return frozenset(read_lines("gazetteer_given_names.txt"))


def repair(words: list[str], tags: list[str], lexicon: dict[str, str]) -> list[str]:
    """The tags of one sentence with the repairs applied (a new list)."""
    tags = list(tags)
    for start, end, kind in sorted(chunks(tags)):
        if _weapon_model(words, start, end, kind, lexicon):
            tags[start:end] = ["O"] * (end - start)
        elif kind == "PER" and _glued_common(words[start], lexicon):
            tags[start:end] = ["O"] * (end - start)
        elif kind == "ORG" and end - start == 1 and _generic_head(words[start], lexicon):
            tags[start] = "O"
        elif kind == "ORG":
            _split_person(words, tags, start, end)
    _tag_given_names(words, tags)
    _tag_listed_organisations(words, tags)
    return tags


def _weapon_model(words: list[str], start: int, end: int, kind: str, lexicon: dict[str, str]) -> bool:
    if kind not in ("PER", "LOC") or start == 0 or fold(words[start - 1]) not in WEAPON_NOUNS:
        return False
    stems = _stems(words[start:end])
    known_place = any(name_tags(stems)) or any(lexicon.get(s) == "LOC" for s in stems)
    return not (kind == "LOC" and known_place)


def _stems(words: list[str]) -> list[str]:
    """The clitic-free folded stems the CRF's features use (cached per word there)."""
    return [word_features(w)[2] for w in words]


def _glued_common(word: str, lexicon: dict[str, str]) -> bool:
    """ل/ب + a 4+ letter word that neither the name lexicon nor the given names know."""
    folded = fold(word)
    rest = folded[1:]
    if folded[:1] not in GLUED_PREPS or len(rest) < 4 or rest.startswith("ال"):
        return False
    known = lexicon.get(folded) == "PER" or lexicon.get(rest) == "PER" or "GIVEN" in classes_of(rest)
    return not known


def _generic_head(word: str, lexicon: dict[str, str]) -> bool:
    return "ORGHEAD" in classes_of(word) and lexicon.get(word_features(word)[2]) != "ORG"


def _split_person(words: list[str], tags: list[str], start: int, end: int) -> None:
    if "ORGHEAD" not in classes_of(words[start]):
        return
    for k in range(start + 2, end - 1):
        if "GIVEN" in classes_of(words[k]):
            tags[k:end] = ["B-PER"] + ["I-PER"] * (end - k - 1)
            return


def _tag_given_names(words: list[str], tags: list[str]) -> None:
    names = given_names()
    for i in range(len(words) - 1):
        word, nxt = words[i], words[i + 1]
        if tags[i] != "O" or tags[i + 1] != "O" or len(word) < MIN_GIVEN:
            continue
        if word in names and fold(nxt).startswith("ال") and len(nxt) >= 5:
            tags[i], tags[i + 1] = "B-PER", "I-PER"


def _tag_listed_organisations(words: list[str], tags: list[str]) -> None:
    stems = _stems(words)
    listed = name_tags(stems)
    for start, end, kind in chunks([t.replace("OUTLET", "ORG") if t else "O" for t in listed]):
        if (
            kind == "ORG"
            and end - start >= 2
            and all(t == "O" for t in tags[start:end])
            and _one_actor(tuple(stems[start:end]))
        ):
            tags[start:end] = ["B-ORG"] + ["I-ORG"] * (end - start - 1)


def _one_actor(key: tuple[str, ...]) -> bool:
    heads, ambiguous = _unlisted_keys()
    return key[0] not in heads and key not in ambiguous


@lru_cache(maxsize=1)
def _unlisted_keys() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    heads = frozenset(_stems(list(UNLISTED_HEADS)))
    return heads, frozenset(tuple(_stems(name.split())) for name in AMBIGUOUS_LISTED)
