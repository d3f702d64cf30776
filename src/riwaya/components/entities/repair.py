"""Rule repairs of CRF tags for errors the features cannot see, applied per sentence after tagging.

- A "person" whose first word is a preposition glued to an unknown common word (لعدوان جبان: "to
  a cowardly aggression") is no person: names after a bare ل/ب are known names (لمحمد).
- An organisation that runs into a person (تحالف فتح هادي العامري) is split where a given name
  starts after the organisation's head and name: ORG + PER.
- An untagged given name of 4+ letters followed by a definite word (مقتدى الصدر) is a person.
- An untagged organisation the project's lists name in two words or more (الحشد الشعبي، وكالة
  الأنباء العراقية، جامعة الدول العربية), clitics allowed (للحشد الشعبي، لجامعة), is an organisation: ANERcorp has too few of
  them for the taggers to trust the list. Not the ministries (وزارة الدفاع: whose? joining every
  country's under one name would be wrong) nor الشرق الأوسط (the region more often than the paper).
- A "person" or "place" right after a weapon noun (صاروخ كاتيوشا، صواريخ غراد) is the weapon's
  model, not a name of the story, unless the place is a known one (صواريخ كوبا: Cuba's).
- A "person" loses the honorifics it starts with (سعادة السيد، الشيخ): ANERcorp train never starts
  a person with one, and a name that is only honorifics is none.
- An "organisation" that is one generic head word (ميليشيات، الحزب: "militias", "the party") is
  none, unless training named that word an organisation (حماس، الكونغرس are heads and names).
- A "place" followed by a masculine adjective of origin (ميلان الإيطالي، هامبورغ الألماني) is a club:
  cities and countries are feminine in Arabic (ميلان الإيطالية would be the city). In ANERcorp train
  a name followed by such an adjective is an organisation 71 times, a place 11.
- A short quoted run after a word that says what it names (برنامج «الناس وأنا»، صحيفة «الشرق
  الأوسط»، استاد "سلتيك بارك") is one name of that kind: a work or venue (MISC, as ANERcorp tags
  titles) or an organisation. In ANERcorp train the run after a listed cue is one name of that
  type 63 times in 67.
- A listed public figure's full name (محمد شياع السوداني، بان كي مون; ``gazetteer_people.tsv``) is
  one person, unless a name the tagger found runs past it: the taggers often stop at a surname that
  reads as an adjective of origin (السوداني "the Sudanese") or split foreign names.
- A "person" is cut before an inner word that starts with li- + the article (فيديو للكاظمي: "a
  video of al-Kadhimi" -> للكاظمي): no ANERcorp train person has such a word inside.

Across sentences (:func:`tag_clubs_in_context`, after the rules above): a listed sports club
(``gazetteer_clubs.tsv``) near a sports word (``ner_sports_cues.txt``) is an organisation. Clubs
are most of the organisations both taggers miss on dev (سلتيك، بنفيكا، ستيوا بوخارست tagged as
the city): ANERcorp has few of each, and a foreign club's name reads like a person's or a place's.
"""

from __future__ import annotations

from functools import lru_cache

from riwaya.components.entities.data import bio, chunks
from riwaya.components.entities.features import word_features
from riwaya.components.entities.gazetteer import (
    MAX_NAME_WORDS,
    classes_of,
    name_tags,
    organisation_table,
    people_table,
)
from riwaya.resources import read_lines, read_tsv
from riwaya.text.normalize import fold
from riwaya.text.tokens import clitic_variants

GLUED_PREPS = ("ل", "ب")
UNLISTED_HEADS = ("وزارة",)  # listed names with these heads need a country to be one actor
AMBIGUOUS_LISTED = ("الشرق الأوسط",)
WEAPON_NOUNS = frozenset(fold(w) for w in ("صاروخ", "صواريخ", "قذيفة", "قذائف", "راجمة", "راجمات", "طراز"))
MIN_GIVEN = 4
QUOTES = {"«": "»", '"': '"', "“": "”"}
MAX_QUOTED = 6  # words inside a quoted title
OF_THE = "لل"  # li- + the article: "of the", "for the"
PLACE_PREPOSITIONS = frozenset(fold(w) for w in ("في", "إلى", "من", "قرب", "داخل"))


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
        elif kind == "PER":
            _strip_honorifics(words, tags, start, end)
            _cut_before_of_the(words, tags, start, end)
            _split_conjoined_people(words, tags, start, end, lexicon)
    _tag_given_names(words, tags)
    stems = _stems(words)
    _tag_listed_organisations(stems, tags)
    _tag_listed_people(stems, tags)
    _tag_clubs(words, tags)
    _tag_quoted_titles(words, tags)
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
            tags[k:end] = bio("PER", end - k)
            return


def _strip_honorifics(words: list[str], tags: list[str], start: int, end: int) -> None:
    """سعادة السيد محمد -> محمد; a "person" that is only honorifics (سعادة السيد) is none."""
    first = start
    while first < end and fold(words[first]) in _honorifics():
        tags[first] = "O"
        first += 1
    if start < first < end:
        tags[first] = "B-PER"


def _cut_before_of_the(words: list[str], tags: list[str], start: int, end: int) -> None:
    """فيديو للكاظمي ("a video of al-Kadhimi") -> للكاظمي: a word inside a person's name never
    starts with ل + the article (ANERcorp train: 0 of its persons), so what comes before it is not
    part of the name."""
    for k in range(end - 1, start, -1):
        if fold(words[k]).startswith(OF_THE) and len(words[k]) > len(OF_THE) + 2:
            tags[start:k] = ["O"] * (k - start)
            tags[k] = "B-PER"
            return


def _split_conjoined_people(
    words: list[str], tags: list[str], start: int, end: int, lexicon: dict[str, str]
) -> None:
    """آندي وديانا رزق -> آندي | وديانا رزق: an inner word that is و ("and") + a known given name,
    while the word itself is no name (ولد، وقاص، وليد are), starts a second person. Why: the
    networks run two people joined by و into one; ANERcorp train's first eight tenths have no
    person such a split would cut (0 of its persons; 126 pairs of people joined this way)."""
    for k in range(start + 1, end):
        word = words[k]
        if (
            tags[k] == "I-PER"  # an earlier repair may have cut the name before k
            and word.startswith("و")
            and len(word) > 2
            and _is_name(word[1:], lexicon)
            and not _is_name(word, lexicon)
        ):
            tags[k] = "B-PER"


def _is_name(word: str, lexicon: dict[str, str]) -> bool:
    """A listed given name, or a word the name lexicon learnt as a person."""
    return word in given_names() or lexicon.get(fold(word)) == "PER"


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("ner_honorifics.txt"))


def _tag_given_names(words: list[str], tags: list[str]) -> None:
    names = given_names()
    for i in range(len(words) - 1):
        word, nxt = words[i], words[i + 1]
        if tags[i] != "O" or tags[i + 1] != "O" or len(word) < MIN_GIVEN:
            continue
        if word in names and fold(nxt).startswith("ال") and len(nxt) >= 5 and fold(nxt) not in _honorifics():
            tags[i], tags[i + 1] = "B-PER", "I-PER"


def _tag_listed_organisations(stems: list[str], tags: list[str]) -> None:
    for start, end in _listed_spans(stems, "ORG"):
        if all(t == "O" for t in tags[start:end]) and _one_actor(tuple(stems[start:end])):
            tags[start:end] = bio("ORG", end - start)


def _tag_listed_people(stems: list[str], tags: list[str]) -> None:
    """A listed public figure's full name is one person, whatever the tagger made of its words,
    unless a name the tagger found runs past it (مؤسسة محمد بن راشد آل مكتوم: the foundation)."""
    for start, end in _listed_spans(stems, "PER"):
        if _no_name_runs_past(tags, start, end):
            tags[start:end] = bio("PER", end - start)


def _no_name_runs_past(tags: list[str], start: int, end: int) -> bool:
    """Every name the tagger found that overlaps ``[start, end)`` lies inside it."""
    return all(start <= c[0] and c[1] <= end for c in chunks(tags) if c[0] < end and start < c[1])


def _listed_spans(stems: list[str], kind: str) -> list[tuple[int, int]]:
    """Spans of listed names of two words or more (organisations or people), longest first from
    each start; the first word may carry a proclitic the light segmenter keeps (لجامعة الدول
    العربية، ولمحمد شياع السوداني)."""
    table = _listed_tables()[kind]
    return [(i, end) for i, end, _key in _longest_spans(stems, table, lambda s: _listed_heads(s, kind), 2)]


def _longest_spans(stems: list[str], table, heads, shortest: int) -> list[tuple[int, int, tuple]]:
    """(start, end, key) of the longest name of ``table`` at each start, scanning left to right
    past each match; ``heads(stem)`` gives the readings of a first word (with a proclitic off)."""
    spans, i = [], 0
    while i < len(stems):
        end, head = max(
            ((_match_end(table, stems, i, h, shortest), h) for h in heads(stems[i])), default=(0, "")
        )
        if end:
            spans.append((i, end, (head, *stems[i + 1 : end])))
        i = end or i + 1
    return spans


@lru_cache(maxsize=1)
def _listed_tables() -> dict[str, frozenset[tuple[str, ...]]]:
    return {"ORG": organisation_table(), "PER": people_table()}


@lru_cache(maxsize=65536)
def _listed_heads(stem: str, kind: str) -> tuple[str, ...]:
    """The readings of a stem (as is, or without 1-2 proclitic letters) that start a listed name."""
    return tuple(v for v in clitic_variants(stem) if v in _listed_starts()[kind])


@lru_cache(maxsize=1)
def _listed_starts() -> dict[str, frozenset[str]]:
    return {kind: frozenset(key[0] for key in table) for kind, table in _listed_tables().items()}


def _match_end(table, stems: list[str], i: int, head: str, shortest: int = 2) -> int:
    """The end of the longest name in ``table`` (of ``shortest`` words or more) that starts at
    ``i`` read as ``head``; 0 if none."""
    for n in range(min(MAX_NAME_WORDS, len(stems) - i), shortest - 1, -1):
        if (head, *stems[i + 1 : i + n]) in table:
            return i + n
    return 0


def _one_actor(key: tuple[str, ...]) -> bool:
    heads, ambiguous = _unlisted_keys()
    return key[0] not in heads and key not in ambiguous


@lru_cache(maxsize=1)
def _unlisted_keys() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    heads = frozenset(_stems(list(UNLISTED_HEADS)))
    return heads, frozenset(tuple(_stems(name.split())) for name in AMBIGUOUS_LISTED)


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("gazetteer_nationalities.txt"))


@lru_cache(maxsize=1)
def _title_cues() -> dict[str, str]:
    return {word_features(cue)[2]: kind for cue, kind in read_tsv("ner_title_cues.tsv")}


def _masculine_origin(word: str) -> bool:
    """الفرنسي، والإيطالي: a definite masculine adjective of origin (not الفرنسية)."""
    feats, _folded, stem, _cues, _ids = word_features(word)
    return "def" in feats and stem in nationalities()


def _tag_clubs(words: list[str], tags: list[str]) -> None:
    for start, end, kind in chunks(tags):
        if kind == "LOC" and end < len(words) and tags[end] == "O" and _masculine_origin(words[end]):
            tags[start:end] = bio("ORG", end - start)


def tag_clubs_in_context(
    sentences: list[list[str]], tagged: list[list[str]], reach: int = 2
) -> list[list[str]]:
    """The tags with listed clubs made organisations where sports words are near: in the sentence
    or ``reach`` sentences around it for a name that is only a club (سلتيك، ستيوا بوخارست: the
    name wins over the tagger's place or person inside it); in the sentence itself, on untagged
    words not after a place preposition, for a name that is also a city or a word (برشلونة،
    الهلال: في برشلونة stays the city)."""
    stems = [_stems(words) for words in sentences]
    sporty = [any(_sports_word(s) for s in row) for row in stems]
    out = []
    for i, (words, tags) in enumerate(zip(sentences, tagged, strict=True)):
        near = any(sporty[max(0, i - reach) : i + reach + 1])
        out.append(_tag_clubs_listed(words, stems[i], list(tags), sporty[i]) if near else tags)
    return out


def _tag_clubs_listed(words: list[str], stems: list[str], tags: list[str], here: bool) -> list[str]:
    """Clubs in a sentence near sports words (``here``: one is in the sentence itself)."""
    for start, end, ambiguous in _club_spans(stems):
        if ambiguous and not (here and all(t == "O" for t in tags[start:end])):
            continue
        if ambiguous and start and fold(words[start - 1]) in PLACE_PREPOSITIONS:
            continue
        if _no_name_runs_past(tags, start, end):
            tags[start:end] = bio("ORG", end - start)
    return tags


def _club_spans(stems: list[str]) -> list[tuple[int, int, bool]]:
    """Listed clubs in a sentence, longest first from each start (a proclitic allowed on the first
    word: وبنفيكا), with whether the name is ambiguous."""
    table = clubs()
    return [(i, end, table[key]) for i, end, key in _longest_spans(stems, table, clitic_variants, 1)]


@lru_cache(maxsize=1)
def clubs() -> dict[tuple[str, ...], bool]:
    """Stem tuple of a listed club -> whether the name is also a place or a word."""
    return {
        tuple(_stems(name.split())): kind == "ambiguous" for name, kind in read_tsv("gazetteer_clubs.tsv")
    }


@lru_cache(maxsize=65536)
def _sports_word(stem: str) -> bool:
    return any(v in _sports_cues() for v in clitic_variants(stem))


@lru_cache(maxsize=1)
def _sports_cues() -> frozenset[str]:
    return frozenset(_stems(read_lines("ner_sports_cues.txt")))


def _tag_quoted_titles(words: list[str], tags: list[str]) -> None:
    for i in range(len(words) - 3):
        close = QUOTES.get(words[i + 1])
        kind = close and _title_cues().get(word_features(words[i])[2])
        end = _closing(words, i + 2, close) if kind else None
        if end and end > i + 2 and tags[i + 1] == "O" and not tags[end].startswith("I-"):
            tags[i + 2 : end] = bio(kind, end - i - 2)


def _closing(words: list[str], start: int, close: str) -> int | None:
    """The index of the closing quote within :data:`MAX_QUOTED` words of ``start``."""
    for k in range(start, min(len(words), start + MAX_QUOTED + 1)):
        if words[k] == close:
            return k
    return None
