"""Quote lexicons: reporting cues, anonymous sources, agencies, word classes and negations.

Every list is folded once (diacritics and hamza forms never matter for lookup); a key is
also looked up without a leading conjunction و/ف.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from riwaya.resources import read_lines, read_tsv
from riwaya.text.normalize import fold

MAX_NP = 8
TELL_VERBS = frozenset({"افاد", "ابلغ"})  # folded; their object is whom the words were told to
PRONOUN_PPS = frozenset({"به", "بها", "عنه", "عنها", "عنهم", "له", "لها"})
SETTING_PREPS = frozenset({"في", "عبر", "خلال"})  # ``قائلة في بيان ... إن``
MAX_SETTING = 9  # tokens a setting (``في بيان على موقعها على الإنترنت``) may take before its content
MAX_TO_BRACKET = 6  # tokens from a cue inside a quotation to the bracket holding what was said
MAX_REGION = 30  # tokens between a cue and its content (an apposition and an outlet told may sit there)
OPENER_LOOKAHEAD = 4  # an opener this close after an object-looking word is the content's real start
CITING = frozenset({"بحسب", "حسب", "وبحسب"})  # folded; ``، بحسب الصحيفة،`` inside a source region
B_PRONOUNS = frozenset({"به", "بها", "بهم"})  # a ب-complement already filled by a pronoun
ISSUE_VERBS = frozenset({"اصدر", "اصدرت", "نشر", "نشرت", "وزع", "وزعت", "اذاع", "اذاعت"})
SURNAME = re.compile(r"ال\w{2,}(ي|ون|اوي|اني)")  # folded nisba/family-name shapes (الربيعي، السعدون)
ASIDES = frozenset({"يذكر", "ويذكر"})  # ``يذكر أن``: the writer's own aside, not a report


@dataclass(frozen=True)
class Cue:
    """A reporting cue (a row of ``reporting_cues.tsv``, folded).

    ``fallback`` says what the content is when ``intro`` never comes: ``obj`` the rest of the
    clause after the subject (``أعلنت الحركة تعيين ...``), ``ب`` the clause from a ب-word after
    the subject (``تعهد الرئيس بمحاسبة ...``), ``next`` nothing, and the introducer must follow
    the cue at once (``وبين أن``: otherwise بين is the preposition)."""

    lemma: str
    type: str  # verb | part | relay | prep | in
    intro: str  # folded word opening the content, "obj" or "-"
    fallback: str = ""


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
    cues = {fold(row[0]): _cue(row) for row in read_tsv("reporting_cues.tsv")}
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


@lru_cache(maxsize=64)
def own_outlet_names(outlet: str | None) -> frozenset[tuple[str, ...]]:
    """The names (folded word tuples) an outlet goes by in its own articles (``quote_own_outlets.tsv``)."""
    key = (outlet or "").strip().lower()
    return frozenset(
        tuple(fold(w) for w in name.split())
        for ident, name in read_tsv("quote_own_outlets.tsv")
        if ident == key
    )


@lru_cache(maxsize=4096)
def agencies_starting(word: str) -> tuple[tuple[str, ...], ...]:
    """The agency names (folded word tuples) whose first word is ``word``."""
    return tuple(words for words in lexicon().agencies if words[0] == word)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Folded given names (``gazetteer_given_names.txt``): ``بشار`` is a name, not a ب-complement."""
    return frozenset(fold(w) for w in read_lines("gazetteer_given_names.txt"))


def _cue(row: tuple[str, ...]) -> Cue:
    """A cue from its row: form, lemma, type, introducer and an optional fallback."""
    return Cue(fold(row[1]), row[2], fold(row[3]), fold(row[4]) if len(row) > 4 else "")


def b_complement(cue: Cue) -> bool:
    """Whether the cue takes a ب-complement after its subject (``طالبت اللجنة بإجراء ...``)."""
    return cue.fallback == "ب" or cue.intro == "ب"


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
