"""The source region after a cue: subject, relays (``نقلا عن``) and the outlets told (the ``via`` chain)."""

from __future__ import annotations

from dataclasses import dataclass, field

from riwaya.components.quotes.lexicon import (
    CITING,
    MAX_REGION,
    MAX_SETTING,
    OPENER_LOOKAHEAD,
    PRONOUN_PPS,
    SETTING_PREPS,
    TELL_VERBS,
    Cue,
    b_complement,
    given_names,
    in_class,
    lookup,
)
from riwaya.components.quotes.reader import Phrase, Reader, proclitic

NEUTRAL = Cue("-", "verb", "-")  # a cue whose only openers are complementisers, colons and marks


@dataclass
class Source:
    subject: Phrase | None = None
    relayed: list[Phrase] = field(default_factory=list)  # after عن, nearest the speaker last
    told: list[Phrase] = field(default_factory=list)  # outlets the words were told to
    relay: bool = False
    medium: str | None = None
    author: Phrase | None = None
    end: int = 0  # token index where the source region stopped
    opened: bool = False  # the region ended at a content opener (أن، a colon, a quotation mark...)
    said_by_medium: bool = False  # the subject is the statement itself (``وقال البيان``)
    medium_phrase: Phrase | None = None  # that statement as written (``البيان المنشور``)
    cited: list[Phrase] = field(default_factory=list)  # ``، بحسب الصحيفة،`` inside the region


def read_source(reader: Reader, i: int, stop: int, cue: Cue) -> Source:
    """The region after the cue at ``i - 1`` up to its content: subject, relays and outlets told."""
    src = Source(relay=cue.type == "relay")
    while i < stop and reader.key(i) in PRONOUN_PPS:
        i += 1
    if reader.outlet_at(i) and (cue.lemma in TELL_VERBS or reader.key(i)[:1] == "ل"):
        src.subject, j = None, i
    elif reader.key(i).startswith("لل") and len(reader.key(i)) > 4:
        src.subject, j = None, i  # ``أكد للوفد أن``: whom it was said to; the subject came before
    else:
        src.subject, j = _subject(reader, i, stop, src)
        if src.subject is not None and b_complement(cue):
            src.subject, j = _before_complement(reader, src.subject, j)
    while j < stop and j - i < MAX_REGION:
        if _object_opens(reader, src, i, j, cue):
            k = object_start(reader, src, i, stop)
            src.medium = src.medium or next(
                (reader.lex.media[reader.key(n)] for n in range(j, k) if reader.key(n) in reader.lex.media),
                None,
            )  # ``في بيان الحداد``: the setting skipped still says it was a statement
            j, src.opened = k, True
            break
        j = _region_step(reader, j, stop, src, cue)
        if j < 0:
            j, src.opened = -j, True
            break
    src.end = j
    return src


def _before_complement(reader: Reader, np: Phrase, j: int) -> tuple[Phrase, int]:
    """``طالبت اللجنة بإجراء تحقيق``: a ب-noun after the subject is the verb's complement."""
    for k in range(np.a + 1, np.b):
        key = reader.key(k)
        if key[:1] == "ب" and len(key) > 3 and key not in ("باسم", "بن", "بنت") and key not in given_names():
            return Phrase(np.a, k, np.start, reader.toks[k - 1].end), k
    return np, j


def _subject(reader: Reader, i: int, stop: int, src: Source) -> tuple[Phrase | None, int]:
    if i < stop and reader.key(i) in reader.lex.media:
        src.medium, src.said_by_medium = reader.lex.media[reader.key(i)], True
        j = i + 1 + (reader.key(i + 1) in reader.lex.media)
        src.medium_phrase = reader.phrase(i, _medium_end(reader, j, stop))
        if reader.key(j) in ("صادر", "الصادر") and reader.key(j + 1) == "عن":
            src.author, j = reader.read_np(j + 2, stop)
        elif j < stop and reader.key(j)[:1] == "ل" and len(reader.key(j)) > 2:
            src.author, j = reader.read_np(j, stop)
            if src.author is not None:
                src.author.start += proclitic(src.author, reader)
        return None, j
    return reader.read_np(i, stop)


def _medium_end(reader: Reader, j: int, stop: int) -> int:
    """The end of a statement's description (``البيان المنشور``): its adjectives, up to 3 words."""
    k = j
    while k < stop and k - j < 3 and reader.np_word(k) and reader.key(k).startswith("ال"):
        k += 1
    return k


def skip_setting(reader: Reader, j: int, stop: int | None = None) -> int:
    """Past the setting before a participle's content (``قائلة في بيان على موقعها إن``): from a
    preposition and a medium noun to the content opener within a few words; else ``j``."""
    stop = len(reader.toks) if stop is None else stop
    if reader.key(j) not in SETTING_PREPS or lookup(reader.lex.media, reader.key(j + 1)) is None:
        return j
    for k in range(j + 2, min(stop, j + MAX_SETTING)):
        if reader.toks[k].text == ":" or reader.is_open(k) or in_class("complementiser", reader.key(k)):
            return k
        if reader.toks[k].text in ".؛" or lookup(reader.lex.cues, reader.key(k)):
            break
    return j


def _region_step(reader: Reader, j: int, stop: int, src: Source, cue: Cue) -> int:
    """Read one item of the region between subject and content; negative index = content here."""
    k, t = reader.key(j), reader.toks[j]
    if content_start(reader, j, cue, src):
        return -j
    n = reader.outlet_at(j)
    if n and t.word:
        src.told.append(reader.phrase(j, j + n))
        return j + n
    if k == "ل" and j + 1 < stop and reader.is_open(j + 1):  # ``لـ«الرافد»``: told to a quoted outlet
        n, mark = reader.name_after(j + 1), reader.mark_at(j + 1)
        if n and mark is not None and mark.balanced:
            src.told.append(Phrase(j + 1, j + 1 + n, mark.open + 1, mark.close))
            return j + 1 + n
    if k == "عن" and (src.relay or cue.intro != "عن"):
        np, nxt = reader.read_np(j + 1, stop)
        if np:
            src.relayed.append(np)
        return max(nxt, j + 1)
    if k in CITING and j + 1 < stop and reader.toks[j - 1].text in "،," and not src.opened:
        np, nxt = reader.read_np(j + 1, stop)  # ``وقال X لـY، بحسب الصحيفة، إن``
        if np is not None:
            src.cited.append(np)
            return nxt
    if k == "نقلا":
        src.relay = True
    elif k in reader.lex.media:
        src.medium = src.medium or reader.lex.media[k]
    elif k in reader.lex.words["relative"] or (reader.is_open(j) and reader.short_name(j, stop + 1)):
        return _skip_to_comma(reader, j, stop)
    return j + 1


def _skip_to_comma(reader: Reader, j: int, stop: int) -> int:
    """Past a relative clause (``، الذي قدم من ...،``) to its comma; a colon ends it too."""
    while j < stop and reader.toks[j].text not in "،,:" and not in_class("complementiser", reader.key(j)):
        if reader.is_open(j):
            mark = reader.mark_at(j)
            j = reader.tok_limit(mark.close + 1) if mark else j + 1
            continue
        j += 1
    return j


def content_start(reader: Reader, j: int, cue: Cue, src: Source) -> bool:
    """Whether the content opens at token ``j``: a colon, a quotation, a complementiser or the cue's
    introducer; a characterisation (``وصفه ... بأنها``) opens only at its own introducer."""
    t = reader.toks[j]
    if t.text in (":",) or reader.is_open(j) and not reader.name_quote(j):
        return True
    if in_class("characteriser", cue.intro):
        return in_class("characteriser", t.key)
    if in_class("complementiser", t.key):
        return True
    intro = cue.intro
    return intro not in ("-", "obj") and t.key == intro and not (intro == "عن" and src.relay)


def assemble(src: Source) -> tuple[Phrase | None, list[Phrase]]:
    """Speaker and chain: relays after عن are nearer the speaker than the subject that cites them;
    a source cited inside the region (``، بحسب الصحيفة،``) is the outermost."""
    if src.relay and src.relayed:
        chain = ([src.subject] if src.subject else []) + src.relayed
        return chain[-1], src.told + list(reversed(chain[:-1])) + src.cited
    return src.subject or src.author, list(src.told) + src.cited


def object_start(reader: Reader, src: Source, i: int, stop: int | None = None) -> int:
    """Where an object content begins: after the subject, the outlets told and the sources
    relayed (``نقلت صحيفة ... عن الوزير، توقعه ...``), past times (``اليوم (الجمعة)``) and commas."""
    relayed = src.relayed if src.relay else []
    stop = len(reader.toks) if stop is None else stop
    ends = [p.b for p in [src.subject, *src.told, *relayed] if p is not None and p.b <= stop]
    j = max(ends) if ends else i + 1
    while j < len(reader.toks) and (_skippable(reader, j) or reader.key(j) in reader.lex.words["said_noun"]):
        j += 1
    if reader.key(j) in SETTING_PREPS and lookup(reader.lex.media, reader.key(j + 1)) is not None:
        j += 2  # ``أعلنت الحكومة في بيان الحداد``: the setting, then the object
        while j < len(reader.toks) and reader.key(j) in reader.lex.words["setting_word"]:
            j += 1
    return j


def _object_opens(reader: Reader, src: Source, i: int, j: int, cue: Cue) -> bool:
    """A cue with an object fallback meets its object right after the subject and the outlets
    told (``أعلنت الحركة اليوم تعيين``، ``كشفت مراجع لـ«عكاظ» أسرار``): the content starts there."""
    if cue.fallback != "obj" or (src.subject is None and not src.told):
        return False
    k = object_start(reader, src, i, len(reader.toks))
    if k < j or k >= len(reader.toks) or not _object_word(reader, k):
        return False
    ahead = range(k + 1, min(len(reader.toks), k + OPENER_LOOKAHEAD))
    return not any(content_start(reader, n, NEUTRAL, src) for n in ahead)  # ``في كلمة متلفزة أن``


def _object_word(reader: Reader, j: int) -> bool:
    """A noun that opens a verb's object (``تعيين``، ``رفضه``) rather than a preposition, an outlet
    told (``لوكالة``), a medium (``في بيان``), a cue or the complementiser."""
    t, lex = reader.toks[j], reader.lex
    k = t.key
    return (
        t.word
        and t.quote < 0
        and len(k) > 2
        and k[:1] != "ل"
        and k not in lex.words["boundary"]
        and k not in lex.words["relative"]
        and k not in lex.words["time"]
        and k not in lex.media
        and k not in PRONOUN_PPS
        and k not in lex.words["said_noun"]
        and not in_class("complementiser", k)
        and lookup(lex.cues, k) is None
        and not reader.outlet_at(j)
    )


def _skippable(reader: Reader, j: int) -> bool:
    t = reader.toks[j]
    if not t.word:
        return t.text in "،,()"
    return t.key in reader.lex.words["time"] or (
        reader.key(j - 1) == "(" and reader.key(j + 1) == ")" and t.key in reader.lex.words["boundary"]
    )
