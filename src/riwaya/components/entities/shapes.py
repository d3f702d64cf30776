"""Name shapes of real news that the taggers miss, as rules over one sentence's tags.

- An official name is a head word plus its genitive chain and adjectives (``entity_name_heads.tsv``):
  an indefinite head takes a chain that ends in a definite word or a name, then definite adjectives
  (وزارة الخارجية الأميركية، مجلس شورى ...، شرطة منطقة ...); a definite head takes adjectives
  only (النيابة العامة، الجيش العراقي: bare الجيش is no name). ``entity_name_words.tsv`` says which
  words end a chain (القوات الموالية، اليسارية) and which carry it on (لحقوق الإنسان).
- Facility heads (مسجد، قاعدة، مطار، طريق ...) give ``FAC``: a saint's name inside a mosque's name
  is part of the facility, and قاعدة + a name is a base, not al-Qaeda.
- A generic descriptor (تنظيم، صحيفة، حركة، محافظة ...) stays outside the name after it.
- A group known by a nisba (الحوثيين، المليشيات الحوثية) and a bare country word (المملكة) are
  names (``entity_groups.tsv``).

The entities component applies :func:`reshape` after the taggers, so the tagger scores on
ANERcorp (whose guidelines leave ministries untagged) do not move. :func:`outside_clitic` gives
the proclitic a mention span leaves out (بالكويت -> الكويت; للحوثيين stays whole: its ل has
absorbed the article's alif).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from riwaya.components.entities import people
from riwaya.components.entities.data import bio
from riwaya.components.entities.gazetteer import name_table
from riwaya.resources import read_lines, read_tsv
from riwaya.text.normalize import fold, fold_char

PROCLITIC_LETTERS = "وفبكل"
NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يتين", "يتان", "يان")
GROUP_ENDINGS = ("", "ين", "ون", "ه")
QUOTES = {"«": "»", '"': '"', "“": "”"}
MAX_CHAIN = 8  # words after a head
MAX_QUOTED = 6
NAME_SHAPES = ("construct", "definite", "landmark")
DUAL = "تي"  # a construct head's dual ending (وزارتي)


@dataclass(frozen=True)
class Head:
    """A head word of ``entity_name_heads.tsv``: the type it gives and how its name is shaped."""

    kind: str
    shape: str
    not_after: frozenset[str]
    dual: bool = False


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    """Folded head word -> :class:`Head`."""
    out = {}
    for row in read_tsv("entity_name_heads.tsv"):
        after = frozenset(fold(w) for w in row[3].split(",")) if len(row) > 3 and row[3] else frozenset()
        out.setdefault(fold(row[0]), Head(row[1], row[2], after))
    return out


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """Folded word -> adjective | stop | link | honorific (``entity_name_words.tsv``)."""
    return {fold(word): cls for word, cls in read_tsv("entity_name_words.tsv")}


@lru_cache(maxsize=1)
def groups() -> dict[str, tuple[str, str]]:
    """Folded group or bare word -> (type, shape) (``entity_groups.tsv``)."""
    return {fold(word): (kind, shape) for word, kind, shape in read_tsv("entity_groups.tsv")}


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("gazetteer_nationalities.txt"))


@lru_cache(maxsize=65536)
def listed_word(folded: str) -> bool:
    """A folded word that is a listed name or head as written: a single-word place or outlet of
    the gazetteers, a given name, a head word."""
    return (folded,) in name_table() or folded in given_folded() or folded in heads()


def listed_country(folded: str) -> bool:
    return name_table().get((folded,)) == "COUNTRY"


@lru_cache(maxsize=1)
def given_folded() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("gazetteer_given_names.txt"))


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[str, ...]:
    """Folded readings of a word: as is, ل+ل read as the article (للجمعية -> الجمعيه), then
    without one or two proclitic letters (بوزارة -> وزاره)."""
    f = fold(word)
    out = [f]
    for k in (0, 1):
        if f[k : k + 2] == "لل" and (k == 0 or f[0] in "وف") and len(f) - k > 4:
            out.append("ال" + f[k + 2 :])
    for k in (1, 2):
        if len(f) - k >= 3 and all(c in PROCLITIC_LETTERS for c in f[:k]):
            out.append(f[k:])
    return tuple(out)


def reshape(words: list[str], tags: list[str]) -> list[str]:
    """The sentence's tags with official names, facilities, descriptors, nisba groups and bare
    names applied (a new list; labels PER ORG LOC MISC and ``FAC``)."""
    tags = list(tags)
    _tag_groups(words, tags)
    i = 0
    while i < len(words):
        found = name_at(words, tags, i)
        if found is None:
            i += 1
            continue
        start, end, kind = found
        _retag(tags, i, start, end, kind)
        if kind and _second_of_dual(words, tags, i, end):
            end += 1
        i = max(end, i + 1)
    people.fix_people(words, tags)
    return tags


def _second_of_dual(words: list[str], tags: list[str], i: int, end: int) -> bool:
    """وزارتي الدفاع والداخلية: after the name of a dual head at ``i``, و + one definite word is a
    second name of the same type (tagged; True when it was)."""
    head = head_of(words[i])
    if not (head and head.dual) or end >= len(words):
        return False
    f = fold(words[end])
    if not (f.startswith("وال") and len(f) > 4) or (end + 1 < len(words) and adjective(fold(words[end + 1]))):
        return False
    tags[end] = f"B-{head.kind}"
    return True


def head_of(word: str) -> Head | None:
    """The head a word is, read with or without its proclitics (a definite head only as definite)."""
    table = heads()
    for r in readings(word):
        head = table.get(r)
        if head is not None and (head.shape != "definite" or r.startswith("ال")):
            return head
        dual = table.get(r[: -len(DUAL)] + "ه") if r.endswith(DUAL) else None
        if dual is not None and dual.shape == "construct":
            return Head(dual.kind, dual.shape, dual.not_after, True)
    return None


def name_at(words: list[str], tags: list[str], i: int) -> tuple[int, int, str] | None:
    """(start, end, type) of the name a head word at ``i`` starts or introduces, or None."""
    head = head_of(words[i])
    if head is None or (i and fold(words[i - 1]) in head.not_after):
        return None
    if head.shape in NAME_SHAPES:
        end = _quoted_end(words, i) or _chain(words, tags, i + 1, head.shape != "definite")
        if end is None and head.shape == "landmark" and i + 1 < len(words) and _unknown_word(words[i + 1]):
            end = i + 2
        if end and head.kind != "FAC" and tags[i + 1] == "B-PER" and end == _chunk_end(tags, i + 1):
            return None  # مكتب العبادي، مؤسسه أبو مهدي ("its founder"): the person alone
        return (i, _crf_extent(words, tags, i, end), head.kind) if end else None
    if i + 1 < len(words) and _indefinite_gentilic(fold(words[i + 1])):
        return i + 1, i + 2, None  # صحيفة سورية: "a Syrian paper", no name
    end = _after_descriptor(words, tags, i + 1, head)
    return (i + 1, end, head.kind) if end else None


def _indefinite_gentilic(folded: str) -> bool:
    """سورية، عراقية: an indefinite adjective of origin (feminine or plural)."""
    return any(
        folded.endswith(e) and folded[: -len(e)] + "ي" in nationalities() for e in ("يه", "يين", "يون")
    )


def _after_descriptor(words: list[str], tags: list[str], j: int, head: Head) -> int | None:
    """The end of the name after a descriptor at ``j - 1``, its gentilic left out (صحيفة القبس
    الكويتية -> القبس), or None."""
    shape = head.shape
    if j >= len(words) or tags[j] == "B-PER" or word_classes().get(fold(words[j])) == "honorific":
        return None  # جماعة صالح: the person's; مدينة الملك ...: an institution named after him
    if tags[j] == "B-LOC" and head.kind == "ORG" and shape != "descriptor":
        return None  # ميليشيات طهران: Tehran's militias, not a group named Tehran (papers are: صحيفة الرياض)
    if tags[j] != "O":
        end = _chunk_end(tags, j)
        while end < len(words) and word_classes().get(fold(words[end])) == "adjective":
            end += 1
        return end
    if shape == "descriptor-name":
        return None
    if shape == "place":
        return j + 1 if _unknown_word(words[j]) else None
    end = _chain(words, tags, j, True)
    if end and shape == "descriptor-group" and not adjective(fold(words[end - 1])):
        return None
    while end and end - 1 > j and _gentilic(fold(words[end - 1])):
        end -= 1
    return end


def _unknown_word(word: str) -> bool:
    """One bare word that may be a place name: Arabic, no article, no nisba ending, not a link."""
    f = fold(word)
    return len(f) >= 3 and f.isalpha() and not f.startswith("ال") and not f.endswith(("ي", "يه")) \
        and f not in word_classes() and f not in heads() and f not in people.FUNCTION_WORDS  # fmt: skip


def _gentilic(folded: str) -> bool:
    """الكويتية، السوري: a definite adjective of origin."""
    if not folded.startswith("ال"):
        return False
    base = folded[2:]
    for ending in ("يه", "يين", "يون", "ي"):
        if base.endswith(ending) and base[: -len(ending)] + "ي" in nationalities():
            return True
    return False


def _chain(words: list[str], tags: list[str], j: int, need: bool) -> int | None:
    """The end of a name's complement from ``j``: while ``need`` (after an indefinite noun) a
    definite word, a tagged name or a link noun; then definite adjectives, a name after an
    honorific, or li- + a link noun. None when no complement ends it."""
    end, k = None, j
    while k < len(words) and k - j < MAX_CHAIN:
        step = _need_step(words, tags, k) if need else _def_step(words, tags, k)
        if step is None:
            break
        k, need = step
        if not need:
            end = k
    return end


def _need_step(words: list[str], tags: list[str], k: int) -> tuple[int, bool] | None:
    f, cls = fold(words[k]), word_classes().get(fold(words[k]))
    if tags[k] != "O":
        if not f.startswith("ال") and f.endswith("يه"):
            return None  # منظمة إرهابية: an indefinite adjective, no name
        return _chunk_inside(words, tags, k), False
    if f.startswith("ال") and len(f) > 3 and cls != "stop":
        return k + 1, False
    if cls == "link" or (f in heads() and heads()[f].shape != "definite"):
        return k + 1, True
    return None


def _def_step(words: list[str], tags: list[str], k: int) -> tuple[int, bool] | None:
    f = fold(words[k])
    if adjective(f):
        return k + 1, False
    if word_classes().get(fold(words[k - 1])) == "honorific" and f.isalpha():
        return (_chunk_inside(words, tags, k) if tags[k] != "O" else k + 1), False
    if f.startswith("ل") and len(f) > 3:
        rest = "ال" + f[2:] if f.startswith("لل") else f[1:]
        if word_classes().get(rest) == "link" or (rest in heads() and heads()[rest].shape == "construct"):
            return k + 1, not rest.startswith("ال")
    return None


def adjective(folded: str) -> bool:
    """A definite adjective that stays inside a name: listed, or a nisba not listed as a stop."""
    cls = word_classes().get(folded)
    if not folded.startswith("ال") or cls == "stop":
        return False
    return cls == "adjective" or (len(folded) >= 5 and folded.endswith(NISBA_ENDINGS))


def _quoted_end(words: list[str], i: int) -> int | None:
    """The closing quote's index when a head opens a quoted run of 2+ words («مجلس ... »)."""
    close = QUOTES.get(words[i - 1]) if i else None
    for k in range(i + 2, min(len(words), i + MAX_QUOTED + 1)) if close else ():
        if words[k] == close:
            return k
    return None


def _crf_extent(words: list[str], tags: list[str], start: int, end: int) -> int:
    """``end``, or the end of the tagger's own name over ``start..end`` when it runs further
    through a li- genitive without a stop word or a new phrase (مجلس التعاون لدول الخليج العربية;
    not مطار ... بجدة)."""
    if end >= len(tags) or not tags[end].startswith("I-") or not fold(words[end]).startswith("ل"):
        return end
    k = end
    while k < len(tags) and tags[k].startswith("I-") and _inside_name(fold(words[k])):
        k += 1
    return k if k >= len(tags) or not tags[k].startswith("I-") else end


def _inside_name(folded: str) -> bool:
    """Not a stop word, nor a preposition or conjunction + the article or a listed place (بالمحافظة، بجدة)."""
    if word_classes().get(folded) == "stop" or folded.startswith(("بال", "وال", "فال", "كال")):
        return False
    return not (folded[:1] in "بو" and (folded[1:],) in name_table())


def _chunk_inside(words: list[str], tags: list[str], k: int) -> int:
    """The end of the tagged name at ``k``, cut before a word that is no part of a name (:func:`_inside_name`)."""
    end = _chunk_end(tags, k)
    return next((n for n in range(k + 1, end) if not _inside_name(fold(words[n]))), end)


def _chunk_end(tags: list[str], k: int) -> int:
    k += 1
    while k < len(tags) and tags[k].startswith("I-"):
        k += 1
    return k


def _retag(tags: list[str], head: int, start: int, end: int, kind: str | None) -> None:
    """Tag ``[start, end)`` as one ``kind`` name (untag it when ``kind`` is None); the head left
    outside it and the tail of a name it cut become untagged."""
    if head < start:
        tags[head:start] = ["O"] * (start - head)
    tags[start:end] = bio(kind, end - start) if kind else ["O"] * (end - start)
    while end < len(tags) and tags[end].startswith("I-"):
        tags[end] = "O"
        end += 1


def _tag_groups(words: list[str], tags: list[str]) -> None:
    """Nisba groups (الحوثيين) and bare country words (المملكة) as names, unless inside a longer name."""
    for k, word in enumerate(words):
        kind = _group_kind(word, words[k + 1] if k + 1 < len(words) else "")
        if kind and (tags[k] == "O" or (tags[k].startswith("B-") and _chunk_end(tags, k) == k + 1)):
            tags[k] = f"B-{kind}"


def _group_kind(word: str, nxt: str) -> str | None:
    kind, shape = _group_of(word)
    if shape == "bare" and adjective(fold(nxt)):
        return None  # المملكة المتحدة: the name goes on
    return kind


@lru_cache(maxsize=65536)
def _group_of(word: str) -> tuple[str | None, str | None]:
    """(type, shape) of the group or bare name a word is, read with or without its proclitics."""
    table = groups()
    for r in readings(word):
        if r in table:
            return table[r]
        for ending in GROUP_ENDINGS[1:]:
            found = table.get(r[: -len(ending)]) if r.endswith(ending) else None
            if found and found[1] == "nisba":
                return found
    return None, None


def outside_clitic(word: str, known: Callable[[str], bool], listed: Callable[[str], bool]) -> int:
    """How many characters of a mention's first word are a proclitic outside the name: و ف ب ل ك
    (one or two) before the article or before a folded word ``known`` as a name (ولبنان -> لبنان).
    0 when the word itself is ``listed`` (بغداد، وليد) and for ل+ل: the whole token stays
    (للحوثيين), as the annotation guidelines keep it."""
    f = fold(word)
    if listed(f) or f.startswith("لل"):
        return 0
    for k in (1, 2):
        head, rest = f[:k], f[k:]
        if len(rest) < 3 or not all(c in PROCLITIC_LETTERS for c in head) or (k == 2 and head[0] not in "وف"):
            return 0  # two letters: و/ف + ب/ك/ل (وبالعراق), never بو (بوروسيا)
        if rest.startswith("لل") and head in ("و", "ف"):
            return _letters_end(word, k)
        if (rest.startswith("ال") and len(rest) > 3) or known(rest):
            return _letters_end(word, k)
    return 0


def _letters_end(word: str, k: int) -> int:
    """The index in ``word`` after its first ``k`` letters (and their vowel marks)."""
    seen = 0
    for i, ch in enumerate(word):
        if fold_char(ch):
            if seen == k:
                return i
            seen += 1
    return len(word)
