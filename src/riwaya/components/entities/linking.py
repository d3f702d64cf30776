"""Which mentions of one article denote the same actor, and which role phrases denote whom.

Names meet under a *key*: the folded, clitic-free stems of their words (للكاظمي, والكاظمي and
الكاظمي all give كاظمي). Mentions then join an entity by, in order of trust:

* ``same key``: identical keys;
* ``spelling variant``: same number of words, each word identical or a close variant (same
  consonant skeleton, e.g. قاآني/قآني, or one edit in a word of 4+ letters, e.g. صطفى/مصطفى),
  with at least one word identical when the name has several;
* ``short form``: the key is the tail of exactly one longer name in the article (الكاظمي after
  مصطفى الكاظمي), or a kunya alone (أبو مهدي) that starts exactly one longer name; two people
  sharing the surname leave it unlinked. A kunya's case forms (أبي/أبا) key as أبو.

Role phrases (رئيس الوزراء العراقي) are linked when the article itself says who holds the role
(the phrase stands right before a name), and ``الأخير`` links to the latest person mentioned in
the same or previous sentence. Role bindings never leave the article: roles change hands over time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from riwaya.components.entities.gazetteer import (
    KUNYA,
    KUNYA_CASES,
    name_table,
    organisation_table,
    people_table,
)
from riwaya.components.entities.shapes import heads
from riwaya.resources import read_lines
from riwaya.text.normalize import fold
from riwaya.text.tokens import light_segment, match_key  # noqa: F401 (re-exported for entities)

NISBA = re.compile(r"^ال\w{2,}(?:ي|يه|يين|يون)$")
LATTER = {"الاخير", "الاخيره"}
MAX_ROLE_WORDS = 4


@dataclass
class Mention:
    """A name or role mention over tokens ``[first, last]`` of the article."""

    start: int
    end: int
    label: str
    words: list[str]
    sentence: int
    role: bool = False
    entity: int | None = None
    link: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        return name_key(self.words)


@dataclass
class Cluster:
    """One actor of the article: its mentions and the reasons they joined."""

    index: int
    key: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def label(self) -> str:
        names = [m.label for m in self.mentions if not m.role]
        return Counter(names).most_common(1)[0][0] if names else "PER"


def name_key(words: list[str]) -> tuple[str, ...]:
    """Folded clitic-free stems; a leading و/ف/ب/ك/ل is also dropped before a gazetteer name (لطهران,
    لمجلس التعاون الخليجي، بمحمد شياع السوداني) and before the head of an official name (لوكالة أنباء ...)."""
    return _name_key(tuple(words))


@lru_cache(maxsize=65_536)
def _name_key(words: tuple[str, ...]) -> tuple[str, ...]:
    bare = _head_without_clitic(words[0]) if len(words) > 1 else None
    if bare:  # لوكالة أنباء ... keys as وكالة أنباء ...
        return _name_key((bare, *words[1:]))
    key = tuple(
        k for k in (match_key(w) for w in words) if any(c.isalnum() for c in k)
    )  # not al - Sadr's hyphen
    if key and len(key[0]) >= 4 and key[0][0] in "وفبكل":
        stripped = (key[0][1:], *key[1:])
        if stripped in name_table() or stripped in organisation_table() or stripped in people_table():
            return stripped
    return _kunya_key(key)


def _head_without_clitic(word: str) -> str | None:
    """A construct head of an official name (:func:`shapes.heads`) with one or two proclitic
    letters before it, folded and without them (لوكالة -> وكاله); None otherwise."""
    folded = fold(word)
    for k in (1, 2):
        rest = folded[k:]
        if all(c in "وفبكل" for c in folded[:k]) and rest in heads() and heads()[rest].shape != "definite":
            return rest
    return None


def _kunya_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """أبي مهدي / أبا مهدي -> ابو مهدي (a kunya's case endings), and ابومهدي المهندس -> ابو مهدي
    مهندس when that spaced form is a listed person (a glued ابو is also the start of places:
    ابوظبي، ابوجا)."""
    if len(key) < 2:
        return key
    if key[0] in KUNYA_CASES:
        return (KUNYA, *key[1:])
    spaced = (KUNYA, key[0][len(KUNYA) :], *key[1:])
    if key[0].startswith(KUNYA) and len(key[0]) > len(KUNYA) + 2 and spaced in people_table():
        return spaced
    return key


@lru_cache(maxsize=262_144)
def strip_proclitics(word: str) -> str:
    """والكاظمي/للكاظمي -> الكاظمي: drop conjunctions and prepositions, keep the article."""
    seg = light_segment(word)
    if "ال" not in seg.prefixes:  # nothing stripped, or a mis-split: وكالة read as و + ك + الة
        return word
    return "ال" + seg.stem


SOUND_LETTERS = str.maketrans("غڤگپچ", "جفكبج")  # g, v, g, p, ch: transliterations that alternate


@lru_cache(maxsize=65536)
def skeleton(stem: str) -> str:
    """Consonant skeleton: long vowels after the first letter dropped and the letters that
    transliterate one foreign sound made one (ترامب/ترمب -> ترمب, كونغرس/كونجرس -> كنجرس).

    Letters that only meet once a vowel is gone stay apart (جوجل -> ججل, not جل): collapsing
    them joined Google with Geely on the full SaudiNewsNet corpus.
    """
    return (stem[:1] + "".join(c for c in stem[1:] if c not in "اوي")).translate(SOUND_LETTERS)


@lru_cache(maxsize=1)
def distinct_names() -> frozenset[str]:
    """Folded given names and place names that are never spellings of one another, though some
    differ by one letter (حسن/حسين، محمد/محمود، سعد/سعيد، تونس/تينيسي)."""
    words = read_lines("gazetteer_given_names.txt") + read_lines("entity_distinct_names.txt")
    places = (k[0] for k in name_table() if len(k) == 1)
    return frozenset(fold(w) for w in words) | frozenset(places)


@lru_cache(maxsize=262144)
def close_words(a: str, b: str) -> bool:
    """Spelling variants of one word, conservatively (a wrong join is worse than a missed one).

    * never two different known names (given names, places: محمد/محمود، حسن/حسين);
    * a letter written twice or once (قاآني folds to قااني);
    * long vowels written or not, or g/j-type letters swapped, with 3+ consonants left: one edit,
      two from 6 letters (ترامب/ترمب، الأمريكية/الأميركية، كونغرس/كونجرس), which keeps تركيا
      from ترويكا and غنيا from غينيا;
    * one letter dropped at the start of a 5+ letter word (صطفى/مصطفى), or any one edit from
      7 letters (a typo). Elsewhere in a shorter word a letter makes another name (كيري/كيربي،
      الشمري/الشهري، مرسى/مرسين).
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or (a in distinct_names() and b in distinct_names()):
        return False
    if undoubled(a) == undoubled(b):  # قاآني folds to قااني: قآني/قاني
        return True
    from rapidfuzz.distance import Levenshtein

    edits = Levenshtein.distance(a, b)
    short, long_ = sorted((a, b), key=len)
    if skeleton(a) == skeleton(b) and len(skeleton(a)) >= 3 and edits <= (2 if len(short) >= 6 else 1):
        return True
    if edits != 1:
        return False
    return len(long_) >= 7 or (len(long_) >= 5 and long_[1:] == short)


def undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def variant_keys(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two keys that spell the same name (see the module docstring)."""
    if len(a) != len(b) or not a or a == b:
        return False
    if len(a) > 1 and not any(x == y for x, y in zip(a, b, strict=True)):
        return False
    return all(close_words(x, y) for x, y in zip(a, b, strict=True))


def is_tail(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return 0 < len(short) < len(full) and full[-len(short) :] == short and len(short[-1]) >= 3


def is_kunya_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """أبو مهدي for أبو مهدي المهندس: a kunya alone is how such men are called."""
    return len(short) == 2 and short[0] == KUNYA and len(full) > 2 and full[:2] == short


def cluster_names(mentions: list[Mention]) -> list[Cluster]:
    """Group name mentions into entities, longest names first so short forms find them."""
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, ...], Cluster] = {}
    for m in sorted(mentions, key=lambda m: (-len(m.key), m.start)):
        target, reason = _find_cluster(m, clusters, by_key)
        if target is None:
            target = Cluster(len(clusters), m.key)
            clusters.append(target)
            by_key[m.key] = target
        m.link = reason
        target.mentions.append(m)
    return clusters


def _find_cluster(m: Mention, clusters: list[Cluster], by_key) -> tuple[Cluster | None, str | None]:
    if not m.key:
        return None, None
    if m.key in by_key:
        return by_key[m.key], None
    variants = [c for c in clusters if variant_keys(m.key, c.key)]
    if len(variants) == 1:
        return variants[0], f"spelling variant of {' '.join(variants[0].key)}"
    if m.label == "PER":
        fulls = [
            c for c in clusters if c.label == "PER" and (is_tail(m.key, c.key) or is_kunya_of(m.key, c.key))
        ]
        if len(fulls) == 1:
            return fulls[0], f"short form of {' '.join(fulls[0].key)}"
    return None, None


@lru_cache(maxsize=1)
def role_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    heads = frozenset(fold(w) for w in read_lines("entity_role_heads.txt"))
    words = frozenset(fold(w) for w in read_lines("entity_role_words.txt"))
    return heads, words


def role_spans(words: list[str], taken: set[int]) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of role phrases: a head plus complements or nisba adjectives."""
    heads, complements = role_lexicon()
    spans, i = [], 0
    while i < len(words):
        if i in taken or fold(strip_proclitics(words[i])) not in heads:
            i += 1
            continue
        j = i + 1
        while (
            j < len(words) and j - i < MAX_ROLE_WORDS and j not in taken and _completes(words[j], complements)
        ):
            j += 1
        spans.append((i, j))
        i = j
    return spans


def _completes(word: str, complements: frozenset[str]) -> bool:
    folded = fold(word)
    return folded in complements or bool(NISBA.match(folded))


def role_key(words: list[str]) -> tuple[str, ...]:
    """Role phrases meet by head and first complement (رئيس الوزراء == رئيس الوزراء العراقي)."""
    return tuple(fold(strip_proclitics(w)) for w in words[:2])
