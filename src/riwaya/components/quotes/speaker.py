"""Who spoke: the speaker's kind (named, role, anonymous, outlet) and speakers found before the cue."""

from __future__ import annotations

from dataclasses import dataclass

from riwaya.components.quotes.lexicon import Lexicon, in_class, lookup
from riwaya.components.quotes.reader import Phrase, Reader, proclitic

MAX_BACK_SUBJECT = 10  # words of an SVO subject (``وكان العميد ... الناطق باسم قوات التحالف ذكر``)


@dataclass
class Who:
    """A resolved speaker: absolute span, kind (named|role|anonymous|outlet) and anonymity kind."""

    start: int
    end: int
    kind: str
    anonymous: str | None = None


def classify(reader: Reader, np: Phrase) -> Who:
    """Classify a speaker phrase: anonymous source, outlet, role description or named speaker."""
    lex = reader.lex
    keys = [reader.key(k) for k in range(np.a, np.b) if reader.toks[k].word] or [""]
    first = keys[0][1:] if np.start > reader.toks[np.a].start else keys[0]
    first = lookup({first: first, first[1:]: first[1:]}, first) if first not in lex.anonymous else first
    anon = lex.anonymous.get(first) or lex.anonymous.get(" ".join(keys[:2]))
    if anon:
        return Who(np.start, np.end, "anonymous", anon)
    if (
        reader.outlet_at(np.a) >= np.b - np.a
        or first in lex.words["outlet_head"]
        or first in lex.words["outlet_ref"]
    ):
        return Who(np.start, np.end, "outlet")
    if first in lex.words["role"] and all(_descriptive(lex, k) for k in keys[1:]):
        return Who(np.start, np.end, "role")
    return Who(np.start, np.end, "named")


def _descriptive(lex: Lexicon, key: str) -> bool:
    """A word of a role description (``باسم وزارة الخارجية الأمريكية``) rather than a name."""
    bare = key[1:] if key[:1] in "لب" and len(key) > 3 else key
    return (
        key.startswith(("ال", "لل"))
        or bare.startswith("ال")
        or bare in lex.words["role"]
        or bare in lex.words["construct"]
        or key in lex.words["construct"]
    )


def back_subject(reader: Reader, i: int, sent_start: int) -> Phrase | None:
    """SVO order (``وكان مصدر أمني أفاد``): a short noun phrase right after a clause opener."""
    if i > 0 and reader.key(i - 1) == "قد":
        i -= 1
    j = i
    while (
        j - 1 >= 0
        and reader.toks[j - 1].start >= sent_start
        and i - j < MAX_BACK_SUBJECT
        and reader.np_word(j - 1)
        and not in_class("opener", reader.key(j - 1))
    ):
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


def medium_author(reader: Reader, i: int, sent_start: int) -> Phrase | None:
    """``نشر ... مقطع فيديو للكاظمي قال فيه``: the speaker is the ل-author of the medium."""
    if reader.key(i + 1) not in ("فيه", "فيها", "خلاله", "خلالها"):
        return None
    for k in range(i - 1, -1, -1):
        if reader.toks[k].start < sent_start:
            break
        if reader.key(k) in reader.lex.media and reader.key(k + 1)[:1] == "ل":
            np, _ = reader.read_np(k + 1, i)
            return Phrase(np.a, np.b, np.start + proclitic(np, reader), np.end) if np else None
        if reader.key(k) in reader.lex.media:
            first = reader.tok_limit(sent_start)
            np, _ = reader.read_np(first + 1, min(first + 5, i))
            return np
    return None


def sentence_subject(reader: Reader, sent) -> Who | None:
    """The subject after the first verb of the sentence (``دانت الولايات المتحدة ...، معتبرة``)."""
    k = reader.tok_limit(sent[0])
    toks = reader.toks
    if reader.key(k) in ("من", "بدوره", "بدورها", "وتعليقا", "تعليقا"):
        while k < len(toks) and toks[k].text not in "،,":
            k += 1
        k += 1
    np, _ = reader.read_np(k + 1, min(k + 5, len(toks)))
    return classify(reader, np) if np else None
