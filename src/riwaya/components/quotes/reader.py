"""The paragraph reader: tokens, quotation marks and the noun phrases that name speakers and outlets."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from riwaya.components.quotes.lexicon import MAX_NP, SURNAME, agencies_starting, in_class, lexicon, lookup
from riwaya.components.quotes.marks import Mark, find_marks, tokens_of
from riwaya.model import Span


@dataclass
class Phrase:
    """A run of tokens ``[a, b)`` read as a noun phrase, with the proclitic ل/ب/عن trimmed."""

    a: int
    b: int
    start: int
    end: int


class Reader:
    """Reads one paragraph ``text[start:end]`` over its layer ``tokens``, ``sentences`` and entity
    ``mentions`` (start, end, label)."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        sentences: list[tuple[int, int]],
        tokens: list[Span],
        mentions: list[tuple[int, int, str]] | None = None,
    ):
        self.text, self.start, self.end = text, start, end
        self.marks = find_marks(text, start, end)
        self.toks = tokens_of(text, tokens, self.marks)
        self.sentences = sentences or [(start, end)]
        self.lex = lexicon()
        self.mentions = [m for m in mentions or () if start <= m[0] < end]
        # indexes for the position lookups below (a long paragraph has thousands of tokens)
        self._starts = [t.start for t in self.toks]
        self._opening: dict[int, Mark] = {}
        for mark in self.marks:
            self._opening.setdefault(mark.open, mark)
        self._sentence_starts = [s[0] for s in self.sentences]

    # token helpers
    def key(self, i: int) -> str:
        return self.toks[i].key if 0 <= i < len(self.toks) else ""

    def is_open(self, i: int) -> bool:
        t = self.toks[i]
        return not t.word and t.start in self._opening

    def mark_at(self, i: int) -> Mark | None:
        """The quotation mark that opens at token ``i`` (the first found there), if any."""
        return self._opening.get(self.toks[i].start)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The first sentence holding ``pos``, else the whole paragraph."""
        k = bisect_right(self._sentence_starts, pos)
        if k and self.sentences[k - 1][0] <= pos < self.sentences[k - 1][1]:
            return self.sentences[k - 1]  # sentences ascend and do not overlap: the one candidate
        return next((s for s in self.sentences if s[0] <= pos < s[1]), (self.start, self.end))

    def tok_limit(self, pos: int) -> int:
        """First token index at or after character ``pos`` (token starts ascend)."""
        return bisect_left(self._starts, pos)

    # --- lexical tests
    def outlet_at(self, i: int) -> int:
        """Tokens an outlet name starting at ``i`` covers (0 when none): head noun and/or known name."""
        key = self.key(i)
        stripped = key[1:] if key[:1] == "ل" and len(key) > 3 else key
        n = 0
        if stripped in self.lex.words["outlet_head"] or key in self.lex.words["outlet_head"]:
            if self.key(i + 1) in self.lex.media:
                return 0  # ``على موقع تويتر``: where the words were posted, not who relayed them
            n = 1 + self.name_after(i + 1)
            return n
        if key.startswith("لل") and "ال" + key[2:] in self.lex.words["outlet_ref"]:
            return 1  # ``وأكد للصحيفة``: the outlet named before, told again
        return self._agency_len(i, stripped)

    def _agency_len(self, i: int, first: str) -> int:
        best = 0
        for words in agencies_starting(first) + (
            agencies_starting(self.key(i)) if first != self.key(i) else ()
        ):
            if all(self.key(i + k) == w for k, w in enumerate(words[1:], 1)):
                best = max(best, len(words))
        return best

    def name_after(self, i: int) -> int:
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
            and self.np_word(i + n)
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

    def np_word(self, i: int) -> bool:
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
            or (t.text.endswith("ها") and "الله" not in k)  # ``التزامها``: the verb's object
            or (t.text.endswith(("هم", "ه")) and "الله" not in k and not k.startswith("ال"))  # not المتهم
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
            if self.np_word(j) and not (j > i and self._outlet_break(j)):
                j += 1
            elif self._abbreviation_dot(j, stop):
                j += 1  # ``د.أبو النجا``: the dot of an abbreviated title
            elif j > i and self.is_open(j) and (self.short_name(j, stop) or self.titled_name(j)):
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
            j > 0
            and j + 1 < stop
            and self.toks[j].text == "."
            and len(self.key(j - 1)) == 1
            and self.toks[j - 1].word
            and self.toks[j + 1].word
        )

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
        return (
            prev.key.startswith("ال")
            and not any(ms < prev.end <= me for ms, me, _ in self.mentions)
            and not (single and nisba)
        )

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
        member = head in self.lex.anonymous or head in self.lex.words["member"]
        allowed = ("في", "من") if member else ("عن",) if head.startswith("النائب") else ()
        if prep not in allowed or j + 1 >= stop or self.outlet_at(j + 1):
            return j
        if self.is_open(j + 1) and self.short_name(j + 1, stop + 1, followed=False):
            return self.tok_limit(self.mark_at(j + 1).close + 1)  # ``عضو في «مجلس الشورى»``
        if not self.np_word(j + 1):
            return j
        k = j + 1
        while k < stop and k - j <= 4 and self.np_word(k) and not self._outlet_break(k):
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

    def short_name(self, j: int, stop: int, followed: bool = True) -> bool:
        """A quoted name inside a phrase (``موقع “أكسيوس” الأمريكي``): short and followed by a word
        (``followed`` False: anything may follow, ``عضو في «مجلس الشورى»،``)."""
        mark = self.mark_at(j)
        if mark is None or not mark.balanced:
            return False
        first, last = bisect_right(self._starts, mark.open), bisect_left(self._starts, mark.close)
        inner = [t for t in self.toks[first:last] if t.word]
        nxt = self.tok_limit(mark.close + 1)
        return 0 < len(inner) <= 3 and (not followed or (nxt < stop and self.np_word(nxt)))

    def titled_name(self, j: int) -> bool:
        """A quoted surname after a title (``العقيد “القرشي” أنه``): one or two words in marks."""
        return (
            self.key(j - 1) in self.lex.words["title"]
            and self.short_name(j, len(self.toks), False)
            and (
                len(
                    [
                        t
                        for t in self.toks
                        if self.mark_at(j).open < t.start < self.mark_at(j).close and t.word
                    ]
                )
                <= 2
            )
        )

    def name_quote(self, j: int) -> bool:
        """A short quoted name before more words (``على "تويتر" إلى``), not quoted content."""
        mark = self.mark_at(j)
        if mark is None or not mark.balanced:
            return False
        first, last = bisect_right(self._starts, mark.open), bisect_left(self._starts, mark.close)
        inner = [t for t in self.toks[first:last] if t.word]
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


def proclitic(np: Phrase, reader: Reader) -> int:
    """1 when the phrase starts with a detachable ل (``لمكتب``), 0 for ``للـ`` (``للجيش``)."""
    key = reader.key(np.a)
    return int(np.start == reader.toks[np.a].start and key[:1] == "ل" and key[:2] != "لل")
