"""Quotes and their sources: who said what, and through whom it reached the page.

A rule-based reader of Arabic attributions, fast enough for whole archives (no model). Per
paragraph it finds quotation marks (every style, unbalanced ones capped at the paragraph end)
and reporting cues from ``reporting_cues.tsv``; around each cue it reads

* the **speaker**: the subject after the cue (VSO), the noun phrase before it (SVO after
  ``وكان``), the author of a statement (``بيان لـ...``), the source after ``بحسب/وفق``, or, for a
  cue with no subject (``وأضاف أن``, ``مضيفا``), the previous speaker;
* the **chain** (``via``): outlets the words were told to (``لوكالة رويترز``, ``أفاد وكالة ...``)
  and relays (``نقل موقع ... عن ...``, ``نقلا عن``), ordered from the speaker to the page;
* the **content**: after the complementiser (أن/إن) or the cue's preposition up to the end of
  the clause, or the inside of the quotation marks (a quote may run over several sentences);
  the verb's object when the cue takes one (``أعلنت الحركة تعيين``، ``تعهد بمحاسبة``: the
  fallback column of ``reporting_cues.tsv``); a quotation that opens a clause which goes on is
  kept whole, marks included (mixed speech, kind ``indirect``).

A report inside another's indirect content (``قالت المصادر إن الوفد أكد أن ...``), a report in
brackets inside a quotation, and the one behind a trailing ``بحسب ما أعلنت X`` get records of
their own whose chain runs on through the outer speaker. Words told to the article's own
outlet (``quote_own_outlets.tsv``) are no link of the chain.

Layer ``quotes``: one span per attribution with attrs ``id, kind, cue, speaker, content, via,
time, anonymous, hedges, also`` (see docs/ARCHITECTURE.md). Speaker kinds: ``named``, ``role``,
``anonymous``, ``outlet`` (an outlet reporting in its own name, e.g. ``ذكرت رويترز أن``; the
speaker span is then the outlet's name). Embedded tweets (layer ``tweets``) become ``tweet``
quotes; an in-text quote of the same words gets the embed in ``also`` instead of a second quote.
Reads the ``paragraphs``, ``sentences``, ``tokens`` and ``tweets`` layers, and ``entities`` and
``times`` when they ran.
"""

from __future__ import annotations

import bisect
import re

from riwaya.components.quotes.attributions import Found, read_paragraph, statement_issuers
from riwaya.components.quotes.lexicon import lexicon, own_outlet_names
from riwaya.components.quotes.marks import words
from riwaya.components.quotes.reader import Reader
from riwaya.components.quotes.speaker import Who
from riwaya.components.quotes.tweets import add_tweets, says_something
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.arabic import LETTERS
from riwaya.text.normalize import fold

DATE_VALUE = re.compile(r"^\d{4}(-\d\d){0,2}$")
ABBREVIATION_END = re.compile(rf"(?:^|[\s(])[{LETTERS}]\.\s*$")


@component(
    "quotes",
    version="2",
    requires=("paragraphs", "sentences", "tokens", "tweets"),
    provides=("quotes",),
    optional=("entities", "times"),
)
def quotes(article: Article) -> None:
    article.add_layer("quotes", extract(article))


def extract(article: Article) -> list[Span]:
    """The ``quotes`` spans of an article (pure: reads layers, writes nothing)."""
    text = article.text
    sentences = [(s.start, s.end) for s in article.layer("sentences")]
    tokens = article.layer("tokens")
    starts = [t.start for t in tokens]
    mentions = [(m.start, m.end, m.label) for m in article.layer("entities")]
    found: list[Found] = []
    issuers: list[tuple[int, Who]] = []
    for para in article.layer("paragraphs"):
        inside = _join_abbreviations(text, [s for s in sentences if para.start <= s[0] < para.end])
        lo, hi = bisect.bisect_left(starts, para.start), bisect.bisect_left(starts, para.end)
        reader = Reader(text, para.start, para.end, inside, tokens[lo:hi], mentions)
        found.extend(read_paragraph(reader))
        issuers.extend(statement_issuers(reader))
    _inherit(found, issuers)
    for f in found:
        if f.outer is not None and f.outer.who is not None:
            f.via = f.via + [(f.outer.who.start, f.outer.who.end, None)] + list(f.outer.via)
    _drop_own_outlet(text, found, article.outlet)
    found = [f for f in found if f.who is not None and says_something(text, f.content)]
    found = _dedupe(found)
    add_tweets(article, found)
    return [_to_span(article, f, n) for n, f in enumerate(sorted(found, key=_start), 1)]


def _join_abbreviations(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin sentences cut after an abbreviated title (``وقال د. سامر``، ``م. علي``) for reading."""
    out: list[tuple[int, int]] = []
    for s in sentences:
        if out and ABBREVIATION_END.search(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], s[1])
        else:
            out.append(s)
    return out


def _inherit(found: list[Found], issuers: list[tuple[int, Who]] = ()) -> None:
    """A cue with no subject of its own (``وأضاف أن``) continues the previous speaker and chain; an
    authorless statement (``وقال البيان``) continues the most recent statement source instead."""
    last: Found | None = None
    source: tuple[int, Who, list] | None = None
    pending = sorted(issuers, key=lambda x: x[0])
    for f in found:
        while pending and pending[0][0] < f.cue[0]:
            pos, who = pending.pop(0)
            source = (pos, who, [])
        if f.who is None and f.said_by_medium and (source is not None or f.medium_who is not None):
            f.who, f.via = (source[1], list(source[2])) if source is not None else (f.medium_who, f.via)
        elif f.who is None and last is not None:
            f.who = last.who
            f.via = f.via or list(last.via)
        if f.who is not None and not f.nested:
            last = f
            if f.kind == "statement":
                source = (f.cue[0], f.who, list(f.via))


def _drop_own_outlet(text: str, found: list[Found], outlet: str | None) -> None:
    """Words told to the article's own outlet (``ل«عكاظ»`` in Okaz) reached the page directly:
    the outlet is the medium, not a link of the chain (names in ``quote_own_outlets.tsv``)."""
    names = own_outlet_names(outlet)
    if not names:
        return
    for f in found:
        f.via = [v for v in f.via if _bare_name(text[v[0] : v[1]]) not in names]


def _bare_name(surface: str) -> tuple[str, ...]:
    """An outlet's words, folded, without the ل before it or its head noun (``صحيفة``)."""
    folded = [fold(w) for w in words(surface)]
    if folded and folded[0][:1] == "ل" and len(folded[0]) > 3:
        folded[0] = folded[0][1:]
    if len(folded) > 1 and folded[0] in lexicon().words["outlet_head"] and folded[0] != "وكاله":
        folded = folded[1:]
    return tuple(folded)


def _dedupe(found: list[Found]) -> list[Found]:
    seen: dict[tuple[int, int], Found] = {}
    for f in found:
        seen.setdefault(f.content, f)
    return list(seen.values())


def _start(f: Found) -> int:
    return min(f.cue[0], f.content[0])


def _to_span(article: Article, f: Found, n: int) -> Span:
    who = f.who
    entity = _entity(article, who.start, who.end)
    speaker = Span(who.start, who.end, "speaker", {"kind": who.kind, "entity": entity})
    via = [
        Span(s, e, "via", {"entity": _entity(article, s, e), "name": _outlet_name(article.text[s:e])})
        for s, e, _ in f.via
    ]
    local = [f.cue, f.content] + (
        [(who.start, who.end)] if f.sentence[0] <= who.start < f.sentence[1] else []
    )
    local += [(s, e) for s, e, _ in f.via if f.sentence[0] <= s < f.sentence[1]]
    attrs = {
        "id": f"q{n}",
        "kind": f.kind,
        "cue": Span(*f.cue, "cue"),
        "speaker": speaker,
        "content": Span(*f.content, "content"),
        "via": via,
        "time": f.time or _time(article, f.sentence),
        "anonymous": who.anonymous,
        "hedges": [Span(s, e, "hedge") for s, e in f.hedges],
        "also": [Span(s, e, "tweet") for s, e in f.also],
    }
    return Span(min(s for s, _ in local), max(e for _, e in local), "quote", attrs)


ENTITY_PRIORITY = {"PER": 2, "ORG": 1}


def _entity(article: Article, start: int, end: int):
    """The id of the entity mention in ``[start, end)``: a person before a body before a place (a
    speaker is someone; the tagger may tag a surname as a place), then the larger overlap."""
    best, best_score = None, (0, 0)
    for m in article.layer("entities"):
        overlap = min(end, m.end) - max(start, m.start)
        score = (ENTITY_PRIORITY.get(m.label, 0), overlap)
        if overlap > 0 and score > best_score:
            best, best_score = m.attrs.get("entity"), score
    return best


def _outlet_name(surface: str) -> str | None:
    folded = tuple(fold(w) for w in words(surface))
    for n in range(len(folded)):
        for key, canon in lexicon().agencies.items():
            if folded[n : n + len(key)] == key:
                return canon
    return None


def _time(article: Article, sent: tuple[int, int]) -> str | None:
    for t in article.layer("times"):
        value = str(t.attrs.get("value") or "")
        if sent[0] <= t.start < sent[1] and t.attrs.get("type", "date") == "date" and DATE_VALUE.match(value):
            return value
    return None
