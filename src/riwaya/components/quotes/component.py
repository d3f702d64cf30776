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
  the clause, or the inside of the quotation marks (a quote may run over several sentences).

Layer ``quotes``: one span per attribution with attrs ``id, kind, cue, speaker, content, via,
time, anonymous, hedges, also`` (see docs/ARCHITECTURE.md). Speaker kinds: ``named``, ``role``,
``anonymous``, ``outlet`` (an outlet reporting in its own name, e.g. ``ذكرت رويترز أن``; the
speaker span is then the outlet's name). Embedded tweets (layer ``tweets`` or, without it, a
``— Name (@handle) Date`` signature line) become ``tweet`` quotes; an in-text quote of the same
words gets the embed in ``also`` instead of a second quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.resources import read_tsv
from riwaya.text.arabic import LETTERS
from riwaya.text.normalize import fold

TOKEN = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+|[^\s\w]")
LINK = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|net|org|co|ly|me)/\S*")  # pic.twitter.com/x
PAIRS = {"“": "”“", "«": "»", "„": "“”", "‘": "’", '"': '"', "”": "”“", "‹": "›"}
CLOSERS = set('”“»’"›')
SIGNATURE = re.compile(r"^[—–-]\s*(?P<author>.+?)\s*\(@(?P<handle>\w+)\)\s*(?P<date>.*)$")
DATE_VALUE = re.compile(r"^\d{4}(-\d\d){0,2}$")
MAX_NP = 8
TELL_VERBS = frozenset({"افاد", "ابلغ"})  # folded; their object is whom the words were told to
PRONOUN_PPS = frozenset({"به", "بها", "عنه", "عنها", "عنهم", "له", "لها"})
NEGATIONS = frozenset({"لم", "ولم", "لا", "ولا", "لن", "ولن", "ما"})
B_COMPLEMENT = frozenset({"طالب", "افاد", "صرح", "نوه", "اعرب"})  # folded lemmas taking a ب-complement
ISSUE_VERBS = frozenset({"اصدر", "اصدرت", "نشر", "نشرت", "وزع", "وزعت", "اذاع", "اذاعت"})
SURNAME = re.compile(r"ال\w{2,}(ي|ون|اوي|اني)")  # folded nisba/family-name shapes (الربيعي، السعدون)
ASIDES = frozenset({"يذكر", "ويذكر"})  # ``يذكر أن``: the writer's own aside, not a report


# --- lexicons -------------------------------------------------------------------------------


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

    def has(self, cls: str, key: str) -> bool:
        return key in self.words.get(cls, ())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All word lists, folded once (diacritics and hamza forms never matter for lookup)."""
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
    return Lexicon(cues, anonymous, agencies, frozen, media, tuple(hedges))


def lookup(table, key: str):
    """A lexicon entry for ``key`` or for ``key`` without a leading conjunction و/ف."""
    hit = table.get(key)
    if hit is None and len(key) > 2 and key[0] in "وف":
        hit = table.get(key[1:])
    return hit


def in_class(cls: str, key: str) -> bool:
    lex = lexicon()
    return lex.has(cls, key) or (len(key) > 2 and key[0] in "وف" and lex.has(cls, key[1:]))


# --- tokens and quotation marks ---------------------------------------------------------------


@dataclass
class Tok:
    start: int
    end: int
    text: str
    key: str
    word: bool
    quote: int = -1  # index of the quotation the token lies inside, -1 outside


@dataclass
class Mark:
    """A quotation: the opening mark at ``open``, the closing one at ``close`` (or paragraph end)."""

    open: int
    close: int
    balanced: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def find_marks(text: str, start: int, end: int) -> list[Mark]:
    """Quotations in ``text[start:end]``; an unclosed one stops at the paragraph end, never later."""
    marks, pos = [], start
    while pos < end:
        ch = text[pos]
        if ch in PAIRS and _opens(text, pos, start, end):
            close = _closer(text, pos, end)
            marks.append(Mark(pos, close if close is not None else end, close is not None))
            pos = (close if close is not None else end) + 1
            continue
        pos += 1
    return marks


def _opens(text: str, pos: int, start: int, end: int) -> bool:
    """A mark opens a quotation when text follows it (a closing-style ” used as opener included)."""
    after = text[pos + 1] if pos + 1 < end else ""
    before = text[pos - 1] if pos > start else " "
    if not after or after.isspace():
        return False
    return text[pos] not in '”"' or not (before.isalnum() and not _is_prefix_letter(text, pos))


def _is_prefix_letter(text: str, pos: int) -> bool:
    """``بـ”العمل`` / ``ب"العمل``: a one-letter proclitic glued to an opening mark."""
    return pos >= 1 and text[pos - 1] in "بلوفك" and (pos < 2 or not text[pos - 2].isalnum())


def _closer(text: str, pos: int, end: int) -> int | None:
    closers = PAIRS[text[pos]]
    for i in range(pos + 1, end):
        if text[i] in closers and (i + 1 >= end or not text[i + 1].isalnum() or text[i] != "“"):
            return i
    return None


def tokenize(text: str, start: int, end: int, marks: list[Mark]) -> list[Tok]:
    toks, m = [], 0
    for match in TOKEN.finditer(text, start, end):
        s = match.start()
        while m < len(marks) and marks[m].close < s:
            m += 1
        word = match.group()[0].isalnum() or match.group()[0] == "_"
        inside = m if m < len(marks) and marks[m].open < s < marks[m].close else -1
        toks.append(Tok(s, match.end(), match.group(), fold(match.group()), word, inside))
    return toks


# --- reading an attribution -------------------------------------------------------------------


@dataclass
class Phrase:
    """A run of tokens ``[a, b)`` read as a noun phrase, with the proclitic ل/ب/عن trimmed."""

    a: int
    b: int
    start: int
    end: int


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


@dataclass
class Draft:
    cue: tuple[int, int]
    cue_tok: int
    speaker: Phrase | None
    via: list[Phrase]
    content: tuple[int, int]
    direct: bool
    medium: str | None
    inherit: bool = False
    sentence: tuple[int, int] = (0, 0)


class Reader:
    """Reads the attributions of one paragraph."""

    def __init__(self, text: str, start: int, end: int, sentences: list[tuple[int, int]],
                 mentions: list[tuple[int, int, str]] | None = None):  # fmt: skip
        self.text, self.start, self.end = text, start, end
        self.marks = find_marks(text, start, end)
        self.toks = tokenize(text, start, end, self.marks)
        self.sentences = sentences or [(start, end)]
        self.lex = lexicon()
        self.mentions = [m for m in mentions or () if start <= m[0] < end]

    # token helpers
    def key(self, i: int) -> str:
        return self.toks[i].key if 0 <= i < len(self.toks) else ""

    def is_open(self, i: int) -> bool:
        t = self.toks[i]
        return not t.word and any(m.open == t.start for m in self.marks)

    def mark_at(self, i: int) -> Mark | None:
        pos = self.toks[i].start
        return next((m for m in self.marks if m.open == pos), None)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s in self.sentences:
            if s[0] <= pos < s[1]:
                return s
        return (self.start, self.end)

    def tok_limit(self, pos: int) -> int:
        """First token index at or after character ``pos``."""
        for i, t in enumerate(self.toks):
            if t.start >= pos:
                return i
        return len(self.toks)

    # --- lexical tests
    def outlet_at(self, i: int) -> int:
        """Tokens an outlet name starting at ``i`` covers (0 when none): head noun and/or known name."""
        key = self.key(i)
        stripped = key[1:] if key[:1] == "ل" and len(key) > 3 else key
        n = 0
        if stripped in self.lex.words["outlet_head"] or key in self.lex.words["outlet_head"]:
            if self.key(i + 1) in self.lex.media:
                return 0  # ``على موقع تويتر``: where the words were posted, not who relayed them
            n = 1 + self._name_after(i + 1)
            return n
        return self._agency_len(i, stripped)

    def _agency_len(self, i: int, first: str) -> int:
        best = 0
        for words in self.lex.agencies:
            if words[0] in (first, self.key(i)) and all(
                self.key(i + k) == w for k, w in enumerate(words[1:], 1)
            ):
                best = max(best, len(words))
        return best

    def _name_after(self, i: int) -> int:
        """Length of the name after an outlet head: a known agency, a quoted name or 1-3 words."""
        if i < len(self.toks) and self.is_open(i):
            mark = self.mark_at(i)
            j = self.tok_limit(mark.close + 1) if mark and mark.balanced else i
            return j - i + self._nisba(j) if j - i <= 5 else 0
        known = self._agency_len(i, self.key(i))
        if known:
            return known + self._nisba(i + known)
        n = 0
        while (
            n < 3
            and i + n < len(self.toks)
            and self._np_word(i + n)
            and self.key(i + n) not in self.lex.words["complementiser"]
        ):
            n += 1
        return n

    def _nisba(self, i: int) -> int:
        """Trailing relational adjectives (الأمريكي، الكردي العراقي) after an outlet name."""
        n = 0
        while n < 2 and i + n < len(self.toks) and re.fullmatch(r"ال\w+(ي|يه)", self.key(i + n)):
            n += 1
        return n

    def _np_word(self, i: int) -> bool:
        t = self.toks[i]
        k = t.key
        if not t.word or t.quote >= 0:
            return False
        lex = self.lex
        if k in lex.words["boundary"] or k in lex.words["relative"] or in_class("complementiser", k):
            return False
        abbreviation = i + 1 < len(self.toks) and self.toks[i + 1].text == "."
        if (len(k) < 2 and not abbreviation) or (k == "الله" and self.key(i - 1) not in ("عبد", "وعبد")):
            return False  # a detached clitic (``لـ«الرافد»``) or God as the object (``دعت ... الله أن``)
        if (
            k in lex.media
            or k.startswith("بال")
            or (t.text.endswith(("ها", "هم", "ه")) and "الله" not in k and not k.startswith("ال"))
        ):
            return False
        return lookup(lex.cues, k) is None or k in lex.anonymous

    def read_np(self, i: int, stop: int) -> tuple[Phrase | None, int]:
        """A noun phrase from token ``i``: words up to a boundary, punctuation, outlet or cue."""
        n = self.outlet_at(i) if i < stop and self.key(i)[:1] != "ل" else 0
        if n:
            return self.phrase(i, i + n), i + n
        j = i
        while j < stop and j - i < MAX_NP:
            if self._np_word(j) and not (j > i and self._outlet_break(j)):
                j += 1
            elif self._abbreviation_dot(j, stop):
                j += 1  # ``د.أبو النجا``: the dot of an abbreviated title
            elif j > i and self.is_open(j) and self._short_name(j, stop):
                j = self.tok_limit(self.mark_at(j).close + 1)
            else:
                break
        if j == i or (j == i + 1 and len(self.key(i)) < 2):
            return None, i  # nothing, or a lone letter (``د.``، ``أ.``): an abbreviated title
        j = self._affiliation(i, j, stop)
        j = self._fit_to_names(i, j, stop)
        return self.phrase(i, j), j

    def _abbreviation_dot(self, j: int, stop: int) -> bool:
        return (
            j > 0 and j + 1 < stop and self.toks[j].text == "." and len(self.key(j - 1)) == 1
            and self.toks[j - 1].word and self.toks[j + 1].word
        )  # fmt: skip

    def _fit_to_names(self, i: int, j: int, stop: int) -> int:
        """End a speaker where the names of the ``entities`` layer say it ends: before a verb's object
        (``الحربي الله``، ``الزعيم الشيعي الولايات المتحدة``) and through a name the word lists cut
        short (``... بمكة المكرمة``، ``الناطق باسم ... علي الأحمدي``)."""
        if not self.mentions:
            return j
        j = self._cut_after_name(i, j)
        return self._extend_over_name(i, j, stop)

    def _cut_after_name(self, i: int, j: int) -> int:
        for s, e, label in self.mentions:
            if not self.toks[i].start <= s < self.toks[j - 1].end:
                continue
            if label == "PER":
                k = self.tok_limit(e)
                if i < k < j and not self._appositive(k) and not self._more_name(s, k):
                    return k
            elif self._object_entity(i, j, s, e):
                return self.tok_limit(s)
        return j

    def _more_name(self, s: int, k: int) -> bool:
        """The tagger often stops early (``ماجد`` of ``ماجد السعدون``): a surname-shaped word, or a
        definite word after a one-word name, continues the name rather than starting the object."""
        key = self.key(k)
        one_word = self.tok_limit(s) == k - 1
        return SURNAME.fullmatch(key) is not None or (one_word and key.startswith("ال") and key != "الله")

    def _appositive(self, k: int) -> bool:
        """A role after a name (``العتيبي رئيس مجلس``) still belongs to the speaker."""
        key = self.key(k)
        bare = key[1:] if key[:1] in "ول" and len(key) > 3 else key
        return any(w in self.lex.words[c] for w in (key, bare) for c in ("role", "construct", "title"))

    def _object_entity(self, i: int, j: int, s: int, e: int) -> bool:
        """A place or body right after a complete definite phrase is the verb's object, not a genitive."""
        k = self.tok_limit(s)
        if not (i < k < j) or self.toks[k].start != s or not self.key(k).startswith("ال"):
            return False
        prev = self.toks[k - 1]
        single = self.tok_limit(e) - k == 1
        nisba = re.fullmatch(r"ال\w+(ي|يه|يين|يون)", self.key(k)) is not None
        return prev.key.startswith("ال") and not any(ms < prev.end <= me for ms, me, _ in self.mentions) \
            and not (single and nisba)  # fmt: skip

    def _extend_over_name(self, i: int, j: int, stop: int) -> int:
        if j >= stop:
            return j
        end = self.toks[j - 1].end
        for s, e, label in self.mentions:
            inside = s < end < e
            starts = label == "PER" and self._role_head(i) and self._gap_to(j, s) is not None
            if inside or starts:
                k = self.tok_limit(e)
                if k <= stop and all(self.toks[n].quote < 0 for n in range(j, k)):
                    return k
        return j

    def _role_head(self, i: int) -> bool:
        key = self.key(i)
        return key in self.lex.words["role"] or (key[:1] in "ول" and key[1:] in self.lex.words["role"])

    def _gap_to(self, j: int, pos: int) -> int | None:
        """Tokens from ``j`` to a name starting at ``pos``: only titles may stand between (``العميد``)."""
        k = j
        while k < len(self.toks) and self.toks[k].end <= pos:
            if not self.toks[k].word or self.key(k) not in self.lex.words["title"]:
                return None
            k += 1
        return k - j if k < len(self.toks) and self.toks[k].start <= pos else None

    def _affiliation(self, i: int, j: int, stop: int) -> int:
        """``مصدر في وزارة الخارجية``، ``النائبة عن كتلة``: a source's affiliation is part of it."""
        head = (
            self.key(i)[1:]
            if self.key(i)[:1] in "لو" and self.key(i)[1:] in self.lex.anonymous
            else self.key(i)
        )
        prep = self.key(j)
        allowed = ("في", "من") if head in self.lex.anonymous else ("عن",) if head.startswith("النائب") else ()
        if prep not in allowed or j + 1 >= stop or not self._np_word(j + 1) or self.outlet_at(j + 1):
            return j
        k = j + 1
        while k < stop and k - j <= 4 and self._np_word(k) and not self._outlet_break(k):
            k += 1
        return k

    def _outlet_break(self, j: int) -> bool:
        """An outlet inside a phrase starts the chain (``مسؤول لوكالة``), unless it is a name part."""
        prev = self.key(j - 1)
        return (
            prev != "باسم"
            and self.outlet_at(j) > 0
            and (self.key(j)[:1] == "ل" or self.key(j) in self.lex.words["outlet_head"])
        )

    def _short_name(self, j: int, stop: int) -> bool:
        """A quoted name inside a phrase (``موقع “أكسيوس” الأمريكي``): short and followed by a word."""
        mark = self.mark_at(j)
        if mark is None or not mark.balanced:
            return False
        inner = [t for t in self.toks if mark.open < t.start < mark.close and t.word]
        nxt = self.tok_limit(mark.close + 1)
        return len(inner) <= 3 and nxt < stop and self._np_word(nxt)

    def _name_quote(self, j: int) -> bool:
        """A short quoted name before more words (``على "تويتر" إلى``), not quoted content."""
        mark = self.mark_at(j)
        if mark is None or not mark.balanced:
            return False
        inner = [t for t in self.toks if mark.open < t.start < mark.close and t.word]
        nxt = self.tok_limit(mark.close + 1)
        return (
            len(inner) <= 3
            and nxt < len(self.toks)
            and self.toks[nxt].word
            and not in_class("complementiser", self.key(nxt))
        )

    def phrase(self, a: int, b: int) -> Phrase:
        first = self.toks[a]
        start = first.start
        if (
            first.key[:1] in "لب"
            and len(first.key) > 3
            and (first.key[1:3] in ("ال", "لل") or self._lexical(first.key[1:]))
        ):
            start += 1
        return Phrase(a, b, start, self.toks[b - 1].end)

    def _lexical(self, key: str) -> bool:
        lex = self.lex
        return (
            key in lex.anonymous or key in lex.words["outlet_head"] or any(w[0] == key for w in lex.agencies)
        )

    # --- the source region after a cue
    def read_source(self, i: int, stop: int, cue: Cue) -> Source:
        src = Source(relay=cue.type == "relay")
        while i < stop and self.key(i) in PRONOUN_PPS:
            i += 1
        if self.outlet_at(i) and (cue.lemma in TELL_VERBS or self.key(i)[:1] == "ل"):
            src.subject, j = None, i
        else:
            src.subject, j = self._subject(i, stop, src)
            if src.subject is not None and cue.lemma in B_COMPLEMENT:
                src.subject, j = self._before_complement(src.subject, j)
        while j < stop and j - i < 24:
            j = self._region_step(j, stop, src, cue)
            if j < 0:
                j, src.opened = -j, True
                break
        src.end = j
        return src

    def _before_complement(self, np: Phrase, j: int) -> tuple[Phrase, int]:
        """``طالبت اللجنة بإجراء تحقيق``: a ب-noun after the subject is the verb's complement."""
        for k in range(np.a + 1, np.b):
            key = self.key(k)
            if key[:1] == "ب" and len(key) > 3 and key not in ("باسم", "بن", "بنت"):
                return Phrase(np.a, k, np.start, self.toks[k - 1].end), k
        return np, j

    def _subject(self, i: int, stop: int, src: Source) -> tuple[Phrase | None, int]:
        if i < stop and self.key(i) in self.lex.media:
            src.medium, src.said_by_medium = self.lex.media[self.key(i)], True
            j = i + 1 + (self.key(i + 1) in self.lex.media)
            if self.key(j) in ("صادر", "الصادر") and self.key(j + 1) == "عن":
                src.author, j = self.read_np(j + 2, stop)
            elif j < stop and self.key(j)[:1] == "ل" and len(self.key(j)) > 2:
                src.author, j = self.read_np(j, stop)
                if src.author is not None:
                    src.author.start += _proclitic(src.author, self)
            return None, j
        return self.read_np(i, stop)

    def _region_step(self, j: int, stop: int, src: Source, cue: Cue) -> int:
        """Read one item of the region between subject and content; negative index = content here."""
        k, t = self.key(j), self.toks[j]
        if self._content_start(j, cue, src):
            return -j
        n = self.outlet_at(j)
        if n and t.word:
            src.told.append(self.phrase(j, j + n))
            return j + n
        if k == "ل" and j + 1 < stop and self.is_open(j + 1):  # ``لـ«الرافد»``: told to a quoted outlet
            n, mark = self._name_after(j + 1), self.mark_at(j + 1)
            if n and mark is not None and mark.balanced:
                src.told.append(Phrase(j + 1, j + 1 + n, mark.open + 1, mark.close))
                return j + 1 + n
        if k == "عن" and (src.relay or cue.intro != "عن"):
            np, nxt = self.read_np(j + 1, stop)
            if np:
                src.relayed.append(np)
            return max(nxt, j + 1)
        if k == "نقلا":
            src.relay = True
        elif k in self.lex.media:
            src.medium = src.medium or self.lex.media[k]
        elif k in self.lex.words["relative"] or (self.is_open(j) and self._short_name(j, stop + 1)):
            return self._skip_to_comma(j, stop)
        return j + 1

    def _skip_to_comma(self, j: int, stop: int) -> int:
        """Past a relative clause (``، الذي قدم من ...،``) to its comma; a colon ends it too."""
        while j < stop and self.toks[j].text not in "،,:" and not in_class("complementiser", self.key(j)):
            if self.is_open(j):
                mark = self.mark_at(j)
                j = self.tok_limit(mark.close + 1) if mark else j + 1
                continue
            j += 1
        return j

    def _content_start(self, j: int, cue: Cue, src: Source) -> bool:
        t = self.toks[j]
        if t.text in (":",) or self.is_open(j) and not self._name_quote(j):
            return True
        if in_class("complementiser", t.key):
            return True
        intro = cue.intro
        return intro not in ("-", "obj") and t.key == intro and not (intro == "عن" and src.relay)


# --- content ------------------------------------------------------------------------------------


def _content(reader: Reader, j: int, limit: int) -> tuple[tuple[int, int], bool] | None:
    """Content from token ``j`` (a complementiser, colon, preposition or mark) to the clause end."""
    toks = reader.toks
    while j < len(toks) and (
        toks[j].text == ":" or (toks[j].word and not reader.is_open(j) and _opener_word(reader, j))
    ):
        j += 1
    if j >= len(toks) or toks[j].start >= limit:
        return None
    if reader.is_open(j):
        return _direct(reader, j, limit)
    return _trim(reader.text, toks[j].start, limit), False


def _opener_word(reader: Reader, j: int) -> bool:
    k = reader.key(j)
    return in_class("complementiser", k) or k in ("الي", "الى", "عن", "من", "علي")


def _direct(reader: Reader, j: int, limit: int) -> tuple[tuple[int, int], bool]:
    """A quotation, extended over quotations that continue it in the same clause (``وأن "..."``)."""
    mark = reader.mark_at(j)
    start, end = mark.inner
    for other in reader.marks:
        if other.open > mark.close and other.close <= limit and other.open < limit:
            between = reader.text[end : other.open]
            if len(between) < 12 and not re.search(r"[.؟!]", between):
                end, mark = other.close, other
    span = _trim(reader.text, start, max(end, start))
    return span, True


def _opened_inside(text: str, start: int, end: int) -> bool:
    inner = text[start:end]
    return any(o in inner[1:] for o in "«“„‘") or inner[1:].count('"') % 2 == 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,؛:" or text[end - 1] in CLOSERS):
        if text[end - 1] in CLOSERS and _opened_inside(text, start, end - 1):
            break
        end -= 1
    while start < end and (text[start].isspace() or text[start] in CLOSERS or text[start] in '«“„‘"'):
        start += 1
    return start, end


# --- building attributions in one paragraph -----------------------------------------------------


@dataclass
class Who:
    """A resolved speaker: absolute span, kind (named|role|anonymous|outlet) and anonymity kind."""

    start: int
    end: int
    kind: str
    anonymous: str | None = None


@dataclass
class Found:
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
    cues = [(i, c) for i, t in enumerate(toks) if t.word and t.quote < 0
            and (c := lookup(lex.cues, t.key)) and _cue_ok(reader, i, c)]  # fmt: skip
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
    if reader.key(i - 1) in NEGATIONS or (i > 0 and reader.toks[i - 1].text.isdigit()):
        return False  # ``ولم تعلن``; ``100 طالب`` is a count of students
    if reader.key(i) in ASIDES and in_class("complementiser", nxt):
        return False
    if cue.type == "part":
        return (
            i == 0 or reader.toks[i - 1].text in "،,:.؛" or reader._content_start(i + 1, cue, Source())
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
    src = reader.read_source(i + 1, stop, cue)
    if cue.lemma == "كتب" and not src.medium:
        return None
    speaker, via = _assemble(src)
    if speaker is None and src.author is None:
        speaker = _back_subject(reader, i, sent[0]) or _medium_author(reader, i, sent[0])
        if speaker is None and not _at_clause_start(reader, i, sent):
            return None
    if src.end < len(reader.toks) and reader.toks[src.end].start >= limit:
        limit = sent[1]  # the clause cut fell inside the source region (``، بحسب ما نقلت عنه X،``)
    content = _content_after(reader, src, i, cue, stop, limit)
    if content is None:
        return None
    span, direct = content
    who = _who(reader, speaker or src.author) if (speaker or src.author) else None
    item = _found(reader, i, who, via, span, direct, src.medium, sent)
    item.said_by_medium = src.said_by_medium and src.author is None
    return item


def _build_participle(reader, i, cue, sent, limit, found) -> Found | None:
    """``مضيفا أن``، ``معتبرة الهجوم ...``: the speaker is the subject of the clause it hangs on."""
    content = _content(reader, i + 1, limit)
    if content is None:
        return None
    same = [f for f in found if f.sentence == sent]
    if same:
        who = same[-1].who
    else:  # opening its sentence (``. ومؤكدا أن``) it continues the previous speaker (see _inherit)
        who = None if _opens_sentence(reader, i, sent) else _sentence_subject(reader, sent)
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
        src = reader.read_source(j + 2, stop, Cue("نقل", "relay" if relay else "verb", "-"))
    else:
        src = reader.read_source(j, stop, Cue(cue.lemma, "relay" if cue.lemma == "نقلا" else "verb", "-"))
    speaker, via = _assemble(src)
    if speaker is None:
        return None
    who = _who(reader, speaker)
    if _at_clause_start(reader, i, sent):
        k = src.end
        while (
            k < len(toks)
            and (not toks[k].word or in_class("complementiser", toks[k].key))
            and not reader.is_open(k)
        ):
            k += 1
        content = _content(reader, k, limit) if k < len(toks) else None
    else:
        content = _content_before(reader, i, sent, found, who, via)
    if content is None:
        return None
    return _found(reader, i, who, via, content[0], content[1], src.medium, sent)


def _content_before(reader, i, sent, found, who, via):
    """A trailing ``، بحسب X``: the clause before it, or the quotation that ends right before it."""
    toks = reader.toks
    k = i - 1
    while k >= 0 and not toks[k].word and toks[k].text in "،,":
        k -= 1
    if k < 0 or toks[k].end <= sent[0]:
        return None
    same = [f for f in found if f.sentence == sent and f.content[1] <= toks[i].start]
    if same and same[-1].who is not None:
        same[-1].via.append((who.start, who.end, None))
        same[-1].via.extend(t for t in ((v.start, v.end, None) for v in via) if t not in same[-1].via)
        return None
    closing = [m for m in reader.marks if m.balanced and m.close == toks[k].start]
    if closing:
        return _trim(reader.text, *closing[0].inner), True
    return _trim(reader.text, sent[0], toks[k].end), False


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


def _assemble(src: Source) -> tuple[Phrase | None, list[Phrase]]:
    """Speaker and chain: relays after عن are nearer the speaker than the subject that cites them."""
    if src.relay and src.relayed:
        chain = ([src.subject] if src.subject else []) + src.relayed
        return chain[-1], src.told + list(reversed(chain[:-1]))
    return src.subject or src.author, list(src.told)


def _back_subject(reader: Reader, i: int, sent_start: int) -> Phrase | None:
    """SVO order (``وكان مصدر أمني أفاد``): a short noun phrase right after a clause opener."""
    if i > 0 and reader.key(i - 1) == "قد":
        i -= 1
    j = i
    while j - 1 >= 0 and reader.toks[j - 1].start >= sent_start and i - j < 5 and reader._np_word(j - 1) \
            and not in_class("opener", reader.key(j - 1)):  # fmt: skip
        j -= 1
    if j == i:
        return None
    prev = j - 1
    if (
        prev < 0
        or reader.toks[prev].start < sent_start
        or in_class("opener", reader.key(prev))
        or in_class("complementiser", reader.key(prev))
    ):
        return reader.phrase(j, i)
    return None


def _medium_author(reader: Reader, i: int, sent_start: int) -> Phrase | None:
    """``نشر ... مقطع فيديو للكاظمي قال فيه``: the speaker is the ل-author of the medium."""
    if reader.key(i + 1) not in ("فيه", "فيها", "خلاله", "خلالها"):
        return None
    for k in range(i - 1, -1, -1):
        if reader.toks[k].start < sent_start:
            break
        if reader.key(k) in reader.lex.media and reader.key(k + 1)[:1] == "ل":
            np, _ = reader.read_np(k + 1, i)
            return Phrase(np.a, np.b, np.start + _proclitic(np, reader), np.end) if np else None
        if reader.key(k) in reader.lex.media:
            first = reader.tok_limit(sent_start)
            np, _ = reader.read_np(first + 1, min(first + 5, i))
            return np
    return None


def _proclitic(np: Phrase, reader: Reader) -> int:
    """1 when the phrase starts with a detachable ل (``لمكتب``), 0 for ``للـ`` (``للجيش``)."""
    key = reader.key(np.a)
    return int(np.start == reader.toks[np.a].start and key[:1] == "ل" and key[:2] != "لل")


def _sentence_subject(reader: Reader, sent) -> Who | None:
    """The subject after the first verb of the sentence (``دانت الولايات المتحدة ...، معتبرة``)."""
    k = reader.tok_limit(sent[0])
    toks = reader.toks
    if reader.key(k) in ("من", "بدوره", "بدورها", "وتعليقا", "تعليقا"):
        while k < len(toks) and toks[k].text not in "،,":
            k += 1
        k += 1
    np, _ = reader.read_np(k + 1, min(k + 5, len(toks)))
    return _who(reader, np) if np else None


def _content_after(reader, src: Source, i, cue: Cue, stop: int, limit: int):
    """Content after the source region, up to the clause end (``limit``)."""
    stop = min(stop, reader.tok_limit(limit)) if src.end < reader.tok_limit(limit) else stop
    if src.end < stop and src.opened:
        return _content(reader, src.end, limit)
    if cue.intro == "obj":
        start = src.subject.b if src.subject else i + 1
        return _content(reader, start, limit) if start < stop else None
    return None


def _who(reader: Reader, np: Phrase) -> Who:
    """Classify a speaker phrase: anonymous source, outlet, role description or named speaker."""
    lex = reader.lex
    keys = [reader.key(k) for k in range(np.a, np.b) if reader.toks[k].word]
    first = keys[0][1:] if np.start > reader.toks[np.a].start else keys[0]
    first = lookup({first: first, first[1:]: first[1:]}, first) if first not in lex.anonymous else first
    anon = lex.anonymous.get(first) or lex.anonymous.get(" ".join(keys[:2]))
    if anon:
        return Who(np.start, np.end, "anonymous", anon)
    if reader.outlet_at(np.a) >= np.b - np.a or first in lex.words["outlet_head"]:
        return Who(np.start, np.end, "outlet")
    if first in lex.words["role"] and all(_descriptive(lex, k) for k in keys[1:]):
        return Who(np.start, np.end, "role")
    return Who(np.start, np.end, "named")


def _descriptive(lex: Lexicon, key: str) -> bool:
    """A word of a role description (``باسم وزارة الخارجية الأمريكية``) rather than a name."""
    bare = key[1:] if key[:1] in "لب" and len(key) > 3 else key
    return key.startswith(("ال", "لل")) or bare.startswith("ال") or bare in lex.words["role"] \
        or bare in lex.words["construct"] or key in lex.words["construct"]  # fmt: skip


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


# --- the article -----------------------------------------------------------------------------


@component("quotes", version="2", requires=("paragraphs",), provides=("quotes",),
           optional=("sentences", "entities", "tweets", "times"))  # fmt: skip
def quotes(article: Article) -> None:
    article.add_layer("quotes", extract(article))


def extract(article: Article) -> list[Span]:
    """The ``quotes`` spans of an article (pure: reads layers, writes nothing)."""
    text = article.text
    paragraphs = article.layer("paragraphs") or [Span(0, len(text), "paragraph")]
    sentences = [(s.start, s.end) for s in article.layer("sentences")]
    mentions = [(m.start, m.end, m.label) for m in article.layer("entities")]
    found: list[Found] = []
    issuers: list[tuple[int, Who]] = []
    for para in paragraphs:
        inside = [s for s in sentences if para.start <= s[0] < para.end] or _split(text, para)
        inside = _join_abbreviations(text, inside)
        reader = Reader(text, para.start, para.end, inside, mentions)
        found.extend(read_paragraph(reader))
        issuers.extend(statement_issuers(reader))
    _inherit(found, issuers)
    found = [f for f in found if f.who is not None and _says_something(text, f.content)]
    found = _dedupe(found)
    _add_tweets(article, found, paragraphs)
    return [_to_span(article, f, n) for n, f in enumerate(sorted(found, key=_start), 1)]


ABBREVIATION_END = re.compile(rf"(?:^|[\s(])[{LETTERS}]\.\s*$")


def _join_abbreviations(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin sentences cut after an abbreviated title (``وقال د. سامر``، ``م. علي``) for reading."""
    out: list[tuple[int, int]] = []
    for s in sentences:
        if out and ABBREVIATION_END.search(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], s[1])
        else:
            out.append(s)
    return out


def _split(text: str, para: Span) -> list[tuple[int, int]]:
    from riwaya.text.tokens import split_sentences

    return [(s.start, s.end) for s in split_sentences(text, para.start, para.end)]


def statement_issuers(reader: Reader) -> list[tuple[int, Who]]:
    """Who issued a statement (``أصدرت وزارة الصحة بيانا``), for a later ``وقال البيان`` to point to."""
    out = []
    for i, t in enumerate(reader.toks):
        if t.word and lookup(dict.fromkeys(ISSUE_VERBS, 1), t.key):
            sent = reader.sentence_of(t.start)
            np, j = reader.read_np(i + 1, min(i + 1 + MAX_NP, reader.tok_limit(sent[1])))
            if np is not None and reader.lex.media.get(reader.key(j)) == "statement":
                out.append((t.start, _who(reader, np)))
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
        if f.who is None and f.said_by_medium and source is not None:
            f.who, f.via = source[1], list(source[2])
        elif f.who is None and last is not None:
            f.who = last.who
            f.via = list(last.via)
        if f.who is not None:
            last = f
            if f.kind == "statement":
                source = (f.cue[0], f.who, list(f.via))


def _dedupe(found: list[Found]) -> list[Found]:
    seen: dict[tuple[int, int], Found] = {}
    for f in found:
        seen.setdefault(f.content, f)
    return list(seen.values())


def _start(f: Found) -> int:
    return min(f.cue[0], f.content[0])


def _add_tweets(article: Article, found: list[Found], paragraphs: list[Span]) -> None:
    """Embedded tweets: merged into the in-text quote of the same words, else quotes of their own."""
    for tweet, signature, author, date in _tweets(article, paragraphs):
        twin = next(
            (f for f in found if _same_words(article.text, f.content, (tweet.start, tweet.end))), None
        )
        if twin is not None:
            twin.also.append((tweet.start, tweet.end))
            twin.time = twin.time or date
            continue
        who = Who(*author, "named")
        item = Found((signature.start, signature.start + 1), who, [], (tweet.start, tweet.end), "tweet",
                     (tweet.start, signature.end), time=date)  # fmt: skip
        found.append(item)


def _tweets(article: Article, paragraphs: list[Span]):
    """(tweet span, signature span, author offsets, ISO date) from the ``tweets`` layer or signatures."""
    text = article.text
    if "tweets" in article.layers:
        for t in article.layer("tweets"):
            sig = t.attrs.get("signature") or Span(t.end, t.end)
            yield t, sig, _author_span(text, sig, t.attrs.get("author")), t.attrs.get("date")
        return
    for prev, para in zip(paragraphs, paragraphs[1:], strict=False):
        match = SIGNATURE.match(text[para.start : para.end])
        if match:
            yield (
                prev,
                para,
                (para.start + match.start("author"), para.start + match.end("author")),
                _iso(match["date"]),
            )


def _author_span(text: str, sig: Span, author: str | None) -> tuple[int, int]:
    pos = text.find(author, sig.start, sig.end) if author else -1
    return (pos, pos + len(author)) if pos >= 0 else (sig.start, sig.end)


def _iso(value: str) -> str | None:
    from riwaya.text.dates import iso_with_precision

    try:
        return iso_with_precision(value.strip())[0] if value.strip() else None
    except Exception:  # noqa: BLE001 - an odd date never stops the article
        return None


def _says_something(text: str, content: tuple[int, int]) -> bool:
    """Content with a word besides links: a bare ``pic.twitter.com/...`` after a cue is no quote."""
    return bool(_words_without_links(text, content))


def _words_without_links(text: str, span: tuple[int, int]) -> set[str]:
    return {fold(w) for w in TOKEN.findall(LINK.sub(" ", text[span[0] : span[1]])) if w[0].isalnum()}


def _same_words(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two passages quote the same words when most words of the shorter occur in the longer
    (links left out: every embedded tweet ends with a pic.twitter.com one)."""
    wa, wb = _words_without_links(text, a), _words_without_links(text, b)
    small = min(len(wa), len(wb))
    return small >= 4 and len(wa & wb) >= 0.7 * small


def _to_span(article: Article, f: Found, n: int) -> Span:
    who = f.who
    entity = _entity(article, who.start, who.end)
    speaker = Span(who.start, who.end, "speaker", {"kind": who.kind, "entity": entity})
    via = [Span(s, e, "via", {"entity": _entity(article, s, e), "name": _outlet_name(article.text[s:e])})
           for s, e, _ in f.via]  # fmt: skip
    local = [f.cue, f.content] + (
        [(who.start, who.end)] if f.sentence[0] <= who.start < f.sentence[1] else []
    )
    local += [(s, e) for s, e, _ in f.via if f.sentence[0] <= s < f.sentence[1]]
    attrs = {
        "id": f"q{n}", "kind": f.kind, "cue": Span(*f.cue, "cue"), "speaker": speaker,
        "content": Span(*f.content, "content"), "via": via, "time": f.time or _time(article, f.sentence),
        "anonymous": who.anonymous, "hedges": [Span(s, e, "hedge") for s, e in f.hedges],
        "also": [Span(s, e, "tweet") for s, e in f.also],
    }  # fmt: skip
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
    words = tuple(fold(w) for w in TOKEN.findall(surface) if w[0].isalnum())
    for n in range(len(words)):
        for key, canon in lexicon().agencies.items():
            if words[n : n + len(key)] == key:
                return canon
    return None


def _time(article: Article, sent: tuple[int, int]) -> str | None:
    for t in article.layer("times"):
        value = str(t.attrs.get("value") or "")
        if sent[0] <= t.start < sent[1] and t.attrs.get("type", "date") == "date" and DATE_VALUE.match(value):
            return value
    return None
