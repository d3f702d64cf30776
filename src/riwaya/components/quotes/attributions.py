"""The attributions of one paragraph: cues found, each read into a speaker, a chain and content."""

from __future__ import annotations

from dataclasses import dataclass, field

from riwaya.components.quotes.content import content_after, content_before, read_content
from riwaya.components.quotes.lexicon import ASIDES, ISSUE_VERBS, MAX_NP, Cue, in_class, lookup
from riwaya.components.quotes.reader import Phrase, Reader
from riwaya.components.quotes.source import Source, assemble, content_start, read_source
from riwaya.components.quotes.speaker import Who, back_subject, classify, medium_author, sentence_subject


@dataclass
class Found:
    """An attribution being read (character offsets); ``who`` None continues the previous speaker."""

    cue: tuple[int, int]
    who: Who | None
    via: list[tuple[int, int, str | None]]
    content: tuple[int, int]
    kind: str
    sentence: tuple[int, int]
    hedges: list[tuple[int, int]] = field(default_factory=list)
    also: list[tuple[int, int]] = field(default_factory=list)
    time: str | None = None
    inherit_via: bool = False
    said_by_medium: bool = False


def read_paragraph(reader: Reader) -> list[Found]:
    """Every attribution of a paragraph, in text order (speaker None = the previous speaker)."""
    lex, toks = reader.lex, reader.toks
    cues = [
        (i, c)
        for i, t in enumerate(toks)
        if t.word and t.quote < 0 and (c := lookup(lex.cues, t.key)) and _cue_ok(reader, i, c)
    ]
    found: list[Found] = []
    for n, (i, cue) in enumerate(cues):
        sent = reader.sentence_of(toks[i].start)
        limit = _clause_limit(reader, cues, n, sent)
        if _inside_content(found, toks[i].start, sent) or _inside_region(found, toks[i].start):
            continue
        item = _build(reader, i, cue, sent, limit, found)
        if item is not None:
            found.append(item)
    return found


def _cue_ok(reader: Reader, i: int, cue: Cue) -> bool:
    """Prepositional cues need their source: ``نقلا عن``, ``وفقا لـ``, ``بحسب X`` (not ``فحسب.``);
    a negated verb (``ولم تعلن``) reports nothing; a participle opens a clause (``، مضيفا``)."""
    nxt = reader.key(i + 1)
    if reader.key(i - 1) in reader.lex.negations or (i > 0 and reader.toks[i - 1].text.isdigit()):
        return False  # ``ولم تعلن``; ``100 طالب`` is a count of students
    if reader.key(i) in ASIDES and in_class("complementiser", nxt):
        return False
    if cue.type == "part":
        return (
            i == 0 or reader.toks[i - 1].text in "،,:.؛" or content_start(reader, i + 1, cue, Source())
            if i + 1 < len(reader.toks)
            else False
        )
    if cue.lemma == "نقلا":
        return nxt == "عن"
    if reader.key(i) in ("وفقا", "طبقا", "ووفقا", "وطبقا"):
        return nxt[:1] == "ل"
    if cue.type == "prep":
        return i + 1 < len(reader.toks) and reader.toks[i + 1].word and reader.key(i) != "فحسب"
    return True


def _inside_content(found: list[Found], pos: int, sent: tuple[int, int]) -> bool:
    return any(f.content[0] <= pos < f.content[1] and f.sentence == sent for f in found)


def _inside_region(found: list[Found], pos: int) -> bool:
    """A cue between an earlier cue and its content (``قال X، بحسب ما نقلت عنه Y، إن``) is part of it."""
    return any(f.cue[0] < pos < f.content[0] for f in found)


def _clause_limit(reader: Reader, cues: list, n: int, sent: tuple[int, int]) -> int:
    """Where this attribution's clause ends: the sentence end, or the start of the next attribution
    in the same sentence when that one opens a new clause (``، مضيفا``, ``فيما قال``, ``، بحسب``)."""
    for j, cue in cues[n + 1 :]:
        start = reader.toks[j].start
        if start >= sent[1]:
            break
        k = j
        while k - 1 >= 0 and reader.toks[k - 1].word and in_class("opener", reader.key(k - 1)):
            k -= 1
        before = reader.toks[k - 1].text if k > 0 else ""
        comma = before in "،,؛"
        if (
            k < j
            or cue.type == "part"
            or (cue.type == "prep" and comma)
            or (reader.key(j)[:1] in "وف" and reader.key(j) not in reader.lex.cues)
        ):
            return reader.toks[k - 1].start if before in "،,؛" and k > 0 else reader.toks[k].start
    return sent[1]


def _build(reader: Reader, i: int, cue: Cue, sent, limit: int, found: list[Found]) -> Found | None:
    if cue.type == "prep":
        return _build_prep(reader, i, cue, sent, limit, found)
    if cue.type == "part":
        return _build_participle(reader, i, cue, sent, limit, found)
    stop = reader.tok_limit(sent[1])
    src = read_source(reader, i + 1, stop, cue)
    if cue.lemma == "كتب" and not src.medium:
        return None
    speaker, via = assemble(src)
    if speaker is None and src.author is None:
        speaker = back_subject(reader, i, sent[0]) or medium_author(reader, i, sent[0])
        if speaker is None and not _at_clause_start(reader, i, sent):
            return None
    if src.end < len(reader.toks) and reader.toks[src.end].start >= limit:
        limit = sent[1]  # the clause cut fell inside the source region (``، بحسب ما نقلت عنه X،``)
    content = content_after(reader, src, i, cue, stop, limit)
    if content is None:
        return None
    span, direct = content
    who = classify(reader, speaker or src.author) if (speaker or src.author) else None
    item = _found(reader, i, who, via, span, direct, src.medium, sent)
    item.said_by_medium = src.said_by_medium and src.author is None
    return item


def _build_participle(reader, i, cue, sent, limit, found) -> Found | None:
    """``مضيفا أن``، ``معتبرة الهجوم ...``: the speaker is the subject of the clause it hangs on."""
    content = read_content(reader, i + 1, limit)
    if content is None:
        return None
    same = [f for f in found if f.sentence == sent]
    if same:
        who = same[-1].who
    else:  # opening its sentence (``. ومؤكدا أن``) it continues the previous speaker (see _inherit)
        who = None if _opens_sentence(reader, i, sent) else sentence_subject(reader, sent)
    item = _found(reader, i, who, same[-1].via if same else [], content[0], content[1], None, sent)
    item.inherit_via = bool(same)
    return item


def _opens_sentence(reader: Reader, i: int, sent) -> bool:
    k = i - 1
    while k >= 0 and reader.toks[k].start >= sent[0]:
        if reader.toks[k].word and not in_class("opener", reader.key(k)) and reader.key(k) not in ("و", "ف"):
            return False
        k -= 1
    return True


def _build_prep(reader, i, cue, sent, limit, found) -> Found | None:
    """``بحسب X``، ``وفقا لـX``، ``نقلا عن X``، ``بحسب ما نقلت X عن Y``."""
    toks = reader.toks
    stop = reader.tok_limit(sent[1])
    j = i + 1
    inner = lookup(reader.lex.cues, reader.key(j + 1)) if reader.key(j) == "ما" else None
    if reader.key(j) == "ما":  # بحسب ما نقلت/أوردته X عن Y: X relays Y
        relay = inner is None or inner.type == "relay" or inner.lemma in ("ذكر", "اورد")
        src = read_source(reader, j + 2, stop, Cue("نقل", "relay" if relay else "verb", "-"))
    else:
        src = read_source(reader, j, stop, Cue(cue.lemma, "relay" if cue.lemma == "نقلا" else "verb", "-"))
    speaker, via = assemble(src)
    if speaker is None:
        return None
    who = classify(reader, speaker)
    if _at_clause_start(reader, i, sent):
        k = src.end
        while (
            k < len(toks)
            and (not toks[k].word or in_class("complementiser", toks[k].key))
            and not reader.is_open(k)
        ):
            k += 1
        content = read_content(reader, k, limit) if k < len(toks) else None
    else:
        content = content_before(reader, i, sent, found, who, via)
    if content is None:
        return None
    return _found(reader, i, who, via, content[0], content[1], src.medium, sent)


def _at_clause_start(reader: Reader, i: int, sent) -> bool:
    k = i - 1
    while (
        k >= 0
        and reader.toks[k].start >= sent[0]
        and (in_class("opener", reader.key(k)) or reader.key(k) in ("و", "ف"))
    ):
        k -= 1
    if k < 0 or reader.toks[k].start < sent[0]:
        return True
    return reader.toks[k].text in "،,:" and k - reader.tok_limit(sent[0]) <= 3


def _found(reader, i, who, via, content, direct, medium, sent) -> Found:
    toks = reader.toks
    t = toks[i]
    cue_start = (
        t.start + 1
        if t.key[:1] in "وف" and lookup(reader.lex.cues, t.key[1:]) and t.key not in reader.lex.cues
        else t.start
    )
    cue_end = (
        t.end
        if reader.key(i + 1) != "عن" or lookup(reader.lex.cues, t.key).lemma != "نقلا"
        else toks[i + 1].end
    )
    kind = {"tweet": "tweet", "statement": "statement"}.get(medium or "", "direct" if direct else "indirect")
    vias = [(p.start, p.end, None) if isinstance(p, Phrase) else p for p in via]
    item = Found((cue_start, cue_end), who, vias, content, kind, sent)
    item.hedges = _hedges(reader, sent)
    return item


def _hedges(reader: Reader, sent) -> list[tuple[int, int]]:
    """Hedging and anonymity phrases in the attribution's sentence or the short one after it."""
    toks, out = reader.toks, []
    first = {h[0] for h in reader.lex.hedges}
    for k, t in enumerate(toks):
        if t.start < sent[0] or not t.word or lookup({w: w for w in first}, t.key) is None:
            continue
        if t.start > sent[1] + 80:
            break
        for h in reader.lex.hedges:
            keys = [t.key if t.key == h[0] else t.key[1:]] + [reader.key(k + n) for n in range(1, len(h))]
            if keys == list(h):
                out.append((t.start, toks[k + len(h) - 1].end))
    return out


def statement_issuers(reader: Reader) -> list[tuple[int, Who]]:
    """Who issued a statement (``أصدرت وزارة الصحة بيانا``), for a later ``وقال البيان`` to point to."""
    out = []
    for i, t in enumerate(reader.toks):
        if t.word and lookup(dict.fromkeys(ISSUE_VERBS, 1), t.key):
            sent = reader.sentence_of(t.start)
            np, j = reader.read_np(i + 1, min(i + 1 + MAX_NP, reader.tok_limit(sent[1])))
            if np is not None and reader.lex.media.get(reader.key(j)) == "statement":
                out.append((t.start, classify(reader, np)))
    return out
