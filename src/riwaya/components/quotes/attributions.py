"""The attributions of one paragraph: cues found, each read into a speaker, a chain and content."""

from __future__ import annotations

from dataclasses import dataclass, field

from riwaya.components.quotes.content import content_after, content_before, read_content
from riwaya.components.quotes.lexicon import (
    ASIDES,
    B_PRONOUNS,
    ISSUE_VERBS,
    MAX_NP,
    MAX_TO_BRACKET,
    Cue,
    b_complement,
    in_class,
    lookup,
)
from riwaya.components.quotes.reader import Phrase, Reader
from riwaya.components.quotes.source import Source, assemble, content_start, read_source, skip_setting
from riwaya.components.quotes.speaker import Who, back_subject, classify, medium_author, sentence_subject
from riwaya.model import Span


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
    medium_who: Who | None = None  # the statement itself (``جاء في البيان``) when no issuer is known
    nested: bool = False  # reported inside another attribution's content; its via ends in that speaker
    tail: int = -1  # end of the trailing sources attached to it (``، بحسب X نقلا عن Y``)
    outer: Found | None = None  # the quotation a quoted report sits in; its speaker joins the chain


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
        if _inside_region(found, toks[i].start):
            continue
        outer = _inside_content(found, toks[i].start, sent)
        if outer is not None:
            item = _nested(reader, i, cue, sent, min(limit, outer.content[1]), outer)
        else:
            item = _build(reader, i, cue, sent, limit, found)
        if item is not None:
            found.append(item)
    found.extend(_quoted_reports(reader, found))
    return found


def _quoted_reports(reader: Reader, found: list[Found]) -> list[Found]:
    """Reports inside a quotation (``وأضاف “نادى الحارس (توقف مكانك) وكان الرجل يصيح (لن أتحرك)”``):
    a cue in the marks with a bracketed passage after it is a nested record; its chain continues
    through the quoted speaker (see ``Found.outer``)."""
    out: list[Found] = []
    for f in [f for f in found if f.kind == "direct" and "(" in reader.text[f.content[0] : f.content[1]]]:
        spans = [Span(t.start, t.end) for t in reader.toks if f.content[0] <= t.start < f.content[1]]
        sub = Reader(reader.text, f.content[0], f.content[1], [f.content], spans, reader.mentions)
        for i, t in enumerate(sub.toks):
            cue = lookup(sub.lex.cues, t.key) if t.word else None
            span = _bracketed_after(sub, i, f.content[1]) if cue and cue.type in ("verb", "part") else None
            if span is None or any(o.content == span for o in out):
                continue
            who = _quoted_speaker(sub, i, span, f, out)
            if who is not None:
                item = _found(sub, i, who, [], span, True, None, f.sentence)
                item.nested, item.outer = True, f
                out.append(item)
    return out


def _bracketed_after(reader: Reader, i: int, end: int) -> tuple[int, int] | None:
    """The inside of the bracket opened within a few words after token ``i`` (before ``end``)."""
    for k in range(i + 1, min(len(reader.toks), i + MAX_TO_BRACKET)):
        t = reader.toks[k]
        if t.text == "(":
            close = reader.text.find(")", t.end, end)
            return (t.end, close) if close > t.end else None
        cue = lookup(reader.lex.cues, t.key) if t.word else None
        if t.start >= end or (cue is not None and cue.type != "part"):
            return None  # another report starts first (a participle may sit between: ``صاحت قائلة``)
    return None


def _quoted_speaker(reader: Reader, i: int, span, f: Found, out: list[Found]) -> Who | None:
    """Who speaks in a quoted report: the subject after the cue, before it (``وكانت المرأة تقول``), or
    for a participle the speaker just reported."""
    if lookup(reader.lex.cues, reader.key(i)).type == "part":
        return out[-1].who if out else None
    stop = reader.tok_limit(span[0]) - 1
    np, _ = reader.read_np(i + 1, stop)
    np = np or back_subject(reader, i, f.content[0])
    return classify(reader, np) if np is not None else None


def _nested(reader: Reader, i: int, cue: Cue, sent, limit: int, outer: Found) -> Found | None:
    """A report inside another's indirect content (``قالت المصادر إن الوفد أكد أن ...``): a record
    of its own when it names its speaker; its chain continues through the outer speaker."""
    if outer.kind != "indirect" or cue.type not in ("verb", "relay") or outer.who is None:
        return None
    if in_class("complementiser", reader.key(i - 1)) and reader.key(i - 2) in reader.lex.words["temporal"]:
        return _build(reader, i, cue, sent, limit, [])  # ``، قبل أن تؤكد الوزارة``: the writer's own clause
    item = _build(reader, i, cue, sent, limit, [])
    if item is None or item.who is None or item.content[1] > outer.content[1]:
        return None
    item.via = item.via + [(outer.who.start, outer.who.end, None)] + list(outer.via)
    item.nested = True
    return item


def _cue_ok(reader: Reader, i: int, cue: Cue) -> bool:
    """Prepositional cues need their source: ``نقلا عن``, ``وفقا لـ``, ``بحسب X`` (not ``فحسب.``);
    a negated verb (``ولم تعلن``) reports nothing; a participle opens a clause (``، مضيفا``)."""
    nxt = reader.key(i + 1)
    relative = reader.key(i - 1) == "ما" and reader.key(i).endswith(("ه", "ها"))  # ``ما وصفه``
    if (reader.key(i - 1) in reader.lex.negations and not relative) or (
        i > 0 and reader.toks[i - 1].text.isdigit()
    ):
        return False  # ``ولم تعلن``; ``100 طالب`` is a count of students
    if reader.key(i) in ASIDES and in_class("complementiser", nxt):
        return False
    if cue.fallback == "next":
        return in_class("complementiser", nxt)
    if cue.type == "in":
        return nxt == "في" and lookup(reader.lex.media, reader.key(i + 2)) is not None
    if nxt in B_PRONOUNS and b_complement(cue):
        return False  # ``وطالب بها المواطنون``: the pronoun is the complement; nothing is reported
    if cue.type == "part":
        return (
            i == 0
            or reader.toks[i - 1].text in "،,:.؛"
            or content_start(reader, skip_setting(reader, i + 1), cue, Source())
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


def _inside_content(found: list[Found], pos: int, sent: tuple[int, int]) -> Found | None:
    """The attribution of the same sentence whose content holds ``pos`` (None when none does)."""
    return next((f for f in found if f.content[0] <= pos < f.content[1] and f.sentence == sent), None)


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
    src = read_source(reader, i + 2 if cue.type == "in" else i + 1, stop, cue)
    if cue.lemma == "كتب" and not src.medium:
        return None
    speaker, via = assemble(src)
    if speaker is None and src.author is None:
        speaker = back_subject(reader, i, sent[0]) or medium_author(reader, i, sent[0])
        if speaker is None and not _at_clause_start(reader, i, sent):
            return None
    same_subject = None
    if speaker is None and src.author is None and _after_comma(reader, i):
        if not any(f.sentence == sent for f in found):  # ``دان الوزير الهجوم، ووصفه بأنه``
            same_subject = sentence_subject(reader, sent)
    if src.opened and src.end < len(reader.toks) and reader.toks[src.end].start >= limit:
        limit = sent[1]  # the clause cut fell inside the source region (``، بحسب ما نقلت عنه X،``)
    via = [p for p in via if p.start < limit]  # outlets past the clause belong to a later cue
    if speaker is None and src.author is None and _after_comma(reader, i) and not src.opened:
        return None  # ``، وتهدد أمنه``: a conjoined verb with an object is no report of its own
    content = content_after(reader, src, i, cue, stop, limit)
    if content is None:
        return None
    span, direct = content
    who = classify(reader, speaker or src.author) if (speaker or src.author) else same_subject
    item = _found(reader, i, who, via, span, direct, src.medium, sent)
    item.said_by_medium = src.said_by_medium and src.author is None
    if item.said_by_medium and src.medium_phrase is not None:
        item.medium_who = classify(reader, src.medium_phrase)
    return item


def _build_participle(reader, i, cue, sent, limit, found) -> Found | None:
    """``مضيفا أن``، ``معتبرة الهجوم ...``: the speaker is the subject of the clause it hangs on."""
    content = read_content(reader, skip_setting(reader, i + 1), limit)
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
    if reader.key(j) in reader.lex.words["claim_noun"]:
        return _own_claim(reader, i, sent, found)
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
        reported = inner is not None and inner.type == "verb" and who.kind != "outlet"
        content = content_before(reader, i, sent, found, who, via, reported)
    if content is None:
        return None
    return _found(reader, i, who, via, content[0], content[1], src.medium, sent)


def _own_claim(reader: Reader, i: int, sent, found: list[Found]) -> Found | None:
    """``...، حسب زعمه``: the clause before is the claim of the one the pronoun points to: the
    speaker just reported (the phrase then hedges that report), else the sentence's subject."""
    claim = (reader.toks[i].start, reader.toks[i + 1].end)
    same = [f for f in found if f.sentence == sent and f.content[1] <= claim[0]]
    if same:
        same[-1].hedges.append(claim)
        return None
    who = found[-1].who if found else sentence_subject(reader, sent)
    k = i - 1
    while k >= 0 and not reader.toks[k].word and reader.toks[k].text in "،,":
        k -= 1
    if who is None or k < 0 or reader.toks[k].end <= sent[0]:
        return None
    content = (reader.toks[reader.tok_limit(sent[0])].start, reader.toks[k].end)
    item = _found(reader, i, who, [], content, False, None, sent)
    item.hedges.append(claim)
    return item


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
    if reader.toks[k].text in "،," and k == i - 1 and _conjoined(reader, i):
        return True  # ``...، وقال إن``: a new clause whose subject is the previous speaker
    return reader.toks[k].text in "،,:" and k - reader.tok_limit(sent[0]) <= 3


def _after_comma(reader: Reader, i: int) -> bool:
    return i > 0 and reader.toks[i - 1].text in "،," and _conjoined(reader, i)


def _conjoined(reader: Reader, i: int) -> bool:
    """The cue carries the conjunction و/ف (``وقال``), not a root letter (``وصف``)."""
    key = reader.key(i)
    return key[:1] in "وف" and key not in reader.lex.cues and key[1:] in reader.lex.cues


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
    first = {w: w for w in {h[0] for h in reader.lex.hedges}}
    for k in range(reader.tok_limit(sent[0]), len(toks)):  # from the sentence on, not token 0
        t = toks[k]
        if not t.word or lookup(first, t.key) is None:
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
