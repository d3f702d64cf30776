"""The source region after a cue: subject, relays (``نقلا عن``) and the outlets told (the ``via`` chain)."""

from __future__ import annotations

from dataclasses import dataclass, field

from riwaya.components.quotes.lexicon import B_COMPLEMENT, PRONOUN_PPS, TELL_VERBS, Cue, in_class
from riwaya.components.quotes.reader import Phrase, Reader, proclitic


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


def read_source(reader: Reader, i: int, stop: int, cue: Cue) -> Source:
    """The region after the cue at ``i - 1`` up to its content: subject, relays and outlets told."""
    src = Source(relay=cue.type == "relay")
    while i < stop and reader.key(i) in PRONOUN_PPS:
        i += 1
    if reader.outlet_at(i) and (cue.lemma in TELL_VERBS or reader.key(i)[:1] == "ل"):
        src.subject, j = None, i
    else:
        src.subject, j = _subject(reader, i, stop, src)
        if src.subject is not None and cue.lemma in B_COMPLEMENT:
            src.subject, j = _before_complement(reader, src.subject, j)
    while j < stop and j - i < 24:
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
        if key[:1] == "ب" and len(key) > 3 and key not in ("باسم", "بن", "بنت"):
            return Phrase(np.a, k, np.start, reader.toks[k - 1].end), k
    return np, j


def _subject(reader: Reader, i: int, stop: int, src: Source) -> tuple[Phrase | None, int]:
    if i < stop and reader.key(i) in reader.lex.media:
        src.medium, src.said_by_medium = reader.lex.media[reader.key(i)], True
        j = i + 1 + (reader.key(i + 1) in reader.lex.media)
        if reader.key(j) in ("صادر", "الصادر") and reader.key(j + 1) == "عن":
            src.author, j = reader.read_np(j + 2, stop)
        elif j < stop and reader.key(j)[:1] == "ل" and len(reader.key(j)) > 2:
            src.author, j = reader.read_np(j, stop)
            if src.author is not None:
                src.author.start += proclitic(src.author, reader)
        return None, j
    return reader.read_np(i, stop)


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
    t = reader.toks[j]
    if t.text in (":",) or reader.is_open(j) and not reader.name_quote(j):
        return True
    if in_class("complementiser", t.key):
        return True
    intro = cue.intro
    return intro not in ("-", "obj") and t.key == intro and not (intro == "عن" and src.relay)


def assemble(src: Source) -> tuple[Phrase | None, list[Phrase]]:
    """Speaker and chain: relays after عن are nearer the speaker than the subject that cites them."""
    if src.relay and src.relayed:
        chain = ([src.subject] if src.subject else []) + src.relayed
        return chain[-1], src.told + list(reversed(chain[:-1]))
    return src.subject or src.author, list(src.told)
