"""Quote lexicons: reporting cues, anonymous sources, agencies, word classes and negations.

Every list is folded once (diacritics and hamza forms never matter for lookup); a key is
also looked up without a leading conjunction و/ف.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from riwaya.resources import read_tsv
from riwaya.text.normalize import fold

MAX_NP = 8
TELL_VERBS = frozenset({"افاد", "ابلغ"})  # folded; their object is whom the words were told to
PRONOUN_PPS = frozenset({"به", "بها", "عنه", "عنها", "عنهم", "له", "لها"})
B_COMPLEMENT = frozenset({"طالب", "افاد", "صرح", "نوه", "اعرب"})  # folded lemmas taking a ب-complement
ISSUE_VERBS = frozenset({"اصدر", "اصدرت", "نشر", "نشرت", "وزع", "وزعت", "اذاع", "اذاعت"})
SURNAME = re.compile(r"ال\w{2,}(ي|ون|اوي|اني)")  # folded nisba/family-name shapes (الربيعي، السعدون)
ASIDES = frozenset({"يذكر", "ويذكر"})  # ``يذكر أن``: the writer's own aside, not a report


@dataclass(frozen=True)
class Cue:
    lemma: str
    type: str  # verb | part | relay | prep
    intro: str  # folded word opening the content, "obj" or "-"


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, Cue]
    anonymous: dict[str, str]
    agencies: dict[tuple[str, ...], str]
    words: dict[str, frozenset[str]]
    media: dict[str, str]
    hedges: tuple[tuple[str, ...], ...]
    negations: frozenset[str]  # words that negate the cue after them (``ولم تعلن``)

    def has(self, cls: str, key: str) -> bool:
        return key in self.words.get(cls, ())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All word lists, folded once."""
    cues = {
        fold(f): Cue(fold(lemma), typ, fold(intro)) for f, lemma, typ, intro in read_tsv("reporting_cues.tsv")
    }
    anonymous = {fold(form): kind for form, kind in read_tsv("anonymous_sources.tsv")}
    agencies = {tuple(fold(w) for w in surface.split()): canon for surface, canon in read_tsv("agencies.tsv")}
    words: dict[str, set[str]] = {}
    media: dict[str, str] = {}
    hedges = []
    for row in read_tsv("quote_words.tsv"):
        cls, word = row[0], fold(row[1])
        if cls == "medium":
            media[word] = row[2]
        elif cls == "hedge":
            hedges.append(tuple(word.split()))
        words.setdefault(cls, set()).add(word)
    frozen = {k: frozenset(v) for k, v in words.items()}
    return Lexicon(cues, anonymous, agencies, frozen, media, tuple(hedges), negations())


def negations() -> frozenset[str]:
    """The negation particles (negation.tsv), bare or after و, and ما."""
    rows = read_tsv("negation.tsv")
    particles = {w for w, kind, _form in rows if kind == "particle"}
    return frozenset(
        particles | {"و" + w for w in particles} | {w for w, kind, _form in rows if kind == "ma"}
    )


def lookup(table, key: str):
    """A lexicon entry for ``key`` or for ``key`` without a leading conjunction و/ف."""
    hit = table.get(key)
    if hit is None and len(key) > 2 and key[0] in "وف":
        hit = table.get(key[1:])
    return hit


def in_class(cls: str, key: str) -> bool:
    lex = lexicon()
    return lex.has(cls, key) or (len(key) > 2 and key[0] in "وف" and lex.has(cls, key[1:]))
