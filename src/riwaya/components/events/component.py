"""Events: typed event mentions per article, with arguments, polarity, modality and attribution.

A trigger lexicon (``event_triggers.tsv``) is matched over folded, clitic-stripped tokens; each
match becomes an ``events`` span over the trigger, labelled with a type from the taxonomy in
``event_types.json`` (which maps every type to CAMEO, PLOVER and ACLED). Arguments are read from
the trigger's sentence: weapons and their counts (``3 طائرات`` = 3, ``نحو 8 صواريخ`` = about 8,
``عدد من`` = several, an indefinite singular = 1, a dual = 2), casualties, outcome, time of day,
target, actor and place. Several attack triggers in one sentence describe one attack, so they
make one event. Entities, times and quotes are used when those layers ran (better targets,
places, dates and attribution) and approximated from cue words when they did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.resources import read_json, read_tsv
from riwaya.text.normalize import fold
from riwaya.text.tokens import clitic_variants, light_segment, match_key, split_sentences, tokenize

NEGATION_WINDOW = 5
SCOPE_TOKENS = 12
TARGET_MAX_TOKENS = 6
TOWARD = {fold(w) for w in ("إلى", "على", "ضد", "نحو")}
PUNCT = set(".,،؛;:!?؟()[]\"'«»“”‘’—-–…/")


# --- resources ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One lexicon pattern (folded token patterns, ``*`` = prefix) and what it means."""

    tokens: tuple[str, ...]
    value: str
    extra: str = ""


def _pattern(text: str) -> tuple[str, ...]:
    """Fold a pattern token by token; ``ة*`` becomes a bare prefix so ``زيارة*`` finds زيارته."""
    return tuple(fold(tok.replace("ة*", "*")) for tok in text.split())


class Lexicon:
    """Multi-token patterns matched longest first over token key sets.

    Entries are indexed by their first token (exact keys, and prefixes for ``*`` patterns),
    so a position only tries the few entries that can start there.
    """

    def __init__(self, entries: list[Entry]):
        self.entries = sorted(entries, key=lambda e: -len(e.tokens))
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        for rank, entry in enumerate(self.entries):
            first = entry.tokens[0]
            index = self.prefix if first.endswith("*") else self.exact
            index.setdefault(first.rstrip("*") if first.endswith("*") else first, []).append(rank)
        self.longest_prefix = max((len(p) for p in self.prefix), default=0)
        self._seen: dict[frozenset[str], list[int]] = {}

    def _candidates(self, tok: Tok) -> list[int]:
        found = self._seen.get(tok.keys)
        if found is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            found = self._seen[tok.keys] = self._lookup(tok)
        return found

    def _lookup(self, tok: Tok) -> list[int]:
        ranks: set[int] = set()
        for key in tok.keys:
            ranks.update(self.exact.get(key, ()))
            for n in range(min(len(key), self.longest_prefix) + 1):
                ranks.update(self.prefix.get(key[:n], ()))
        return sorted(ranks)

    def match_at(self, toks: list[Tok], i: int, hi: int | None = None) -> Entry | None:
        hi = len(toks) if hi is None else hi
        for rank in self._candidates(toks[i]):
            entry = self.entries[rank]
            if i + len(entry.tokens) <= hi and all(
                _token_matches(toks[i + k], pat) for k, pat in enumerate(entry.tokens) if k
            ):
                return entry
        return None

    def find(self, toks: list[Tok], lo: int, hi: int) -> list[tuple[int, int, Entry]]:
        """Non-overlapping matches ``(first, last+1, entry)`` within tokens ``[lo, hi)``."""
        out, i = [], lo
        while i < hi:
            entry = self.match_at(toks, i, hi)
            if entry:
                out.append((i, i + len(entry.tokens), entry))
                i += len(entry.tokens)
            else:
                i += 1
        return out


def _token_matches(tok: Tok, pattern: str) -> bool:
    if pattern.endswith("*"):
        return any(k.startswith(pattern[:-1]) for k in tok.keys)
    return pattern in tok.keys


@cache
def triggers() -> Lexicon:
    return Lexicon(
        [Entry(_pattern(r[0]), r[1], r[2] if len(r) > 2 else "") for r in read_tsv("event_triggers.tsv")]
    )


@cache
def cues(kind: str) -> Lexicon:
    rows = [r for r in read_tsv("event_cues.tsv") if r[0] == kind]
    return Lexicon([Entry(_pattern(r[1]), r[2] if len(r) > 2 else "") for r in rows])


@cache
def weapons() -> Lexicon:
    return Lexicon([Entry(_pattern(r[0]), r[1], r[2]) for r in read_tsv("event_weapons.tsv")])


@cache
def count_words() -> dict[str, int]:
    return {fold(word): int(value) for word, value in read_tsv("count_words.tsv")}


@cache
def event_types() -> dict[str, dict[str, Any]]:
    return read_json("event_types.json")["types"]


def type_info(event_type: str) -> dict[str, Any]:
    return event_types().get(event_type) or event_types()[event_type.split(".")[0]]


def codes(event_type: str) -> dict[str, Any]:
    info = type_info(event_type)
    return {"cameo": info["cameo"], "plover": info["plover"], "acled": info["acled"]}


def family(event_type: str) -> str:
    return type_info(event_type)["family"]


# --- tokens ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    surface: str
    keys: frozenset[str]
    definite: bool
    punct: bool


def make_token(text: str, start: int, end: int) -> Tok:
    """A token with every folded reading: clitic variants and a bare و/ف before short words."""
    surface = text[start:end]
    keys = set(clitic_variants(surface))
    folded = fold(surface)
    if len(folded) >= 3 and folded[0] in "وف":
        keys.add(folded[1:])
    definite = "ال" in light_segment(surface).prefixes
    return Tok(start, end, surface, frozenset(keys), definite, all(c in PUNCT for c in surface))


def article_tokens(article: Article) -> list[Tok]:
    spans = article.layer("tokens") or tokenize(article.text)
    return [make_token(article.text, s.start, s.end) for s in spans]


def article_sentences(article: Article) -> list[Span]:
    return article.layer("sentences") or split_sentences(article.text)


# --- numbers -----------------------------------------------------------------------------
def count_value(n: int | None, kind: str = "exact") -> dict[str, Any]:
    """A count as riwaya compares it: ``{"n": 3, "kind": "exact"}``; kinds in compare.INTERVALS."""
    return {"n": n, "kind": kind}


def number_of(tok: Tok) -> int | None:
    digits = "".join(ch for ch in next(iter(sorted(tok.keys, key=len)), "") if ch.isdigit())
    if digits and len(digits) <= 6:
        return int(digits)
    words = count_words()
    return next((words[k] for k in tok.keys if k in words), None)


def count_before(toks: list[Tok], i: int, lo: int) -> tuple[dict[str, Any], int] | None:
    """The count written just before token ``i`` and where it starts: a number (with an
    approximator such as نحو) or a vague quantity (عدد من)."""
    if i - 1 >= lo and (n := number_of(toks[i - 1])) is not None:
        approx = _approximator(toks, i - 1, lo)
        first = i - 1 - (len(approx[1]) if approx else 0)
        return count_value(n, approx[0] if approx else "exact"), first
    for width in (2, 1):
        j = i - width
        if j >= lo and (entry := cues("vague").match_at(toks[:i], j)) and j + len(entry.tokens) == i:
            return count_value(None, entry.value), j
    return None


def _approximator(toks: list[Tok], i: int, lo: int) -> tuple[str, tuple[str, ...]] | None:
    for width in (2, 1):
        j = i - width
        if j >= lo and (entry := cues("approx").match_at(toks[:i], j)) and j + len(entry.tokens) == i:
            return entry.value, entry.tokens
    return None


def weapon_count(toks: list[Tok], first: int, number: str, lo: int) -> tuple[dict[str, Any], int] | None:
    """How many of a weapon: a written count, else 1 for an indefinite singular, 2 for a dual."""
    written = count_before(toks, first, lo)
    if written or toks[first].definite:
        return written
    value = {"sg": count_value(1), "du": count_value(2)}.get(number)
    return (value, first) if value else None


def count_after(toks: list[Tok], i: int, hi: int) -> dict[str, Any] | None:
    """A count just after a casualty word (``إصابة عدد من``, ``مقتل 3``)."""
    for j in range(i, min(i + 3, hi)):
        if (entry := cues("vague").match_at(toks[:hi], j)) is not None:
            return count_value(None, entry.value)
        if (n := number_of(toks[j])) is not None:
            approx = _approximator(toks, j, i)
            return count_value(n, approx[0] if approx else "exact")
    return None


# --- events ------------------------------------------------------------------------------
@dataclass
class Mention:
    first: int
    last: int
    type: str
    sentence: int
    extra_triggers: list[tuple[int, int]] = field(default_factory=list)
    content_of_threat: bool = False


@component(
    "events", version="2", requires=("sentences", "tokens"), provides=("events",),
    optional=("entities", "times", "quotes", "tweets"),
)  # fmt: skip
def events(article: Article) -> None:
    article.add_layer("events", extract_events(article))


def extract_events(article: Article) -> list[Span]:
    """Every event mention of the article as a span over its trigger."""
    toks = article_tokens(article)
    spans: list[Span] = []
    for s_index, sentence in enumerate(article_sentences(article)):
        lo, hi = _token_range(toks, sentence)
        for mention in sentence_mentions(toks, lo, hi, s_index):
            spans.append(build_event(article, toks, lo, hi, mention, len(spans), sentence))
    return spans


def _token_range(toks: list[Tok], sentence: Span) -> tuple[int, int]:
    import bisect

    starts = [t.start for t in toks]
    return bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)


def sentence_mentions(toks: list[Tok], lo: int, hi: int, s_index: int) -> list[Mention]:
    """Trigger matches of one sentence, with conditions applied and attacks merged."""
    matches = [m for m in triggers().find(toks, lo, hi) if not cues("not_trigger").match_at(toks, m[0])]
    context = sentence_context(toks, lo, hi, matches)
    found = [Mention(a, b, e.value, s_index) for a, b, e in matches if context.get(e.extra, True)]
    return merge_attacks(mark_threat_content(found))


def sentence_context(
    toks: list[Tok], lo: int, hi: int, matches: list[tuple[int, int, Entry]]
) -> dict[str, bool]:
    """Which trigger conditions (event_triggers.tsv, third column) the sentence meets."""
    weapon = bool(weapons().find(toks, lo, hi))
    attack = any(e.extra == "" and family(e.value) == "attack" for _a, _b, e in matches)
    violent = (
        weapon
        or attack
        or any(cues(kind).find(toks, lo, hi) for kind in ("injured", "killed", "target_head", "violence"))
    )
    return {"": True, "weapon": weapon, "attack": attack, "violent": violent,
            "forces": bool(cues("forces").find(toks, lo, hi))}  # fmt: skip


def mark_threat_content(mentions: list[Mention]) -> list[Mention]:
    """An attack named right after a threat (``هدد باغتياله``) is what was threatened, not an attack."""
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        if family(prev.type) == "threat" and family(cur.type) == "attack" and cur.first - prev.last <= 3:
            cur.content_of_threat = True
    return [m for m in mentions if not m.content_of_threat]


def merge_attacks(mentions: list[Mention]) -> list[Mention]:
    """Attack triggers of one sentence describe one attack: keep the first, note the others."""
    out: list[Mention] = []
    head: Mention | None = None
    for m in mentions:
        if family(m.type) != "attack":
            out.append(m)
        elif head is None:
            head = m
            out.append(m)
        else:
            head.extra_triggers.append((m.first, m.last))
            head.type = _more_specific(head.type, m.type)
    return out


def _more_specific(a: str, b: str) -> str:
    return b if "." in b and "." not in a else a


def build_event(
    article: Article, toks: list[Tok], lo: int, hi: int, m: Mention, n: int, sentence: Span
) -> Span:
    start, end = toks[m.first].start, toks[m.last - 1].end
    args = event_arguments(article, toks, lo, hi, m)
    event_type = refine_type(m.type, args)
    attrs = {
        "id": f"{article.id}:e{n}",
        "article": article.id,
        "type": event_type,
        "family": family(event_type),
        "codes": codes(event_type),
        "trigger": Span(start, end),
        "arguments": args,
        "time": event_time(args),
        "polarity": polarity(toks, lo, m),
        "modality": modality(toks, lo, hi, m),
        "attributed_to": attribution(article, toks, lo, hi, start, end),
        "sentence": m.sentence,
        "definite": toks[m.first].definite or _has_definite_head(toks, m),
        "anaphoric": anaphoric(toks, lo, hi, m),
        "generic": generic_reason(toks, lo, m, args),
        "participants": participant_keys(article, args),
    }
    return Span(start, end, event_type, attrs)


def anaphoric(toks: list[Tok], lo: int, hi: int, m: Mention) -> bool:
    """A mention that points back to a happening already told: definite (الهجوم) or with a
    demonstrative next to it (هذا الهجوم، تلك التهديدات، الهجوم ذاته)."""
    near = [j for j in (m.first - 1, m.last, m.last + 1) if lo <= j < hi and not toks[j].punct]
    return _has_definite_head(toks, m) or any(cues("demonstrative").match_at(toks, j) for j in near)


def generic_reason(toks: list[Tok], lo: int, m: Mention, args: list[Span]) -> str | None:
    """Why a mention names a kind of happening rather than one happening (None when it names one).

    ``أي هجوم``, ``سلسلة من الهجمات``, ``مثل هذه الهجمات`` are generic; so is a plural trigger
    (هجمات، تهديدات) with no count, casualties or date of its own and no demonstrative. Protests
    are exempt from the plural rule: one protest is usually reported in the plural (احتجاجات)."""
    for j in range(max(lo, m.first - 3), m.first):
        entry = cues("generic_quant").match_at(toks, j)
        if entry and j + len(entry.tokens) >= m.first - 1:
            return f"quantified: {toks[j].surface}"
    plural = cues("plural").match_at(toks, m.first)
    if not plural or family(m.type) == "protest":
        return None
    details = {"count", "injured", "killed"} & {a.attrs["role"] for a in args}
    dated = any(a.attrs["role"] == "time" and str(a.attrs.get("value") or "")[:4].isdigit() for a in args)
    demonstrative = m.first > lo and cues("demonstrative").match_at(toks, m.first - 1)
    if details or dated or demonstrative:
        return None
    return f"plural without details: {toks[m.first].surface}"


def _has_definite_head(toks: list[Tok], m: Mention) -> bool:
    return any(toks[i].definite for i in range(m.first, m.last))


def refine_type(event_type: str, args: list[Span]) -> str:
    """A plain attack with a weapon becomes its subtype (drone -> drone strike)."""
    if event_type != "attack":
        return event_type
    weapon = next((a.attrs["value"] for a in args if a.attrs["role"] == "instrument"), None)
    return read_json("event_types.json")["weapon_subtype"].get(weapon, event_type)


# --- arguments ---------------------------------------------------------------------------
def arg(
    toks: list[Tok], first: int, last: int, role: str, value: Any = None, entity: str | None = None
) -> Span:
    attrs: dict[str, Any] = {"role": role, "value": value, "entity": entity}
    if role in ("target", "actor"):
        attrs["keys"] = content_keys(toks[first:last])
    return Span(toks[first].start, toks[last - 1].end, "", attrs)


def content_keys(toks: list[Tok]) -> list[str]:
    """Folded, clitic-stripped words that can identify a participant (titles, fillers, kinds of
    target, weapons and armed-actor nouns dropped: two attacks on "a base" share no participant)."""
    return sorted({
        match_key(t.surface) for t in toks
        if not t.punct and len(match_key(t.surface)) >= 3 and not _common_word(t)
    })  # fmt: skip


def _common_word(tok: Tok) -> bool:
    lexicons = [
        generic_words(),
        weapons(),
        *(cues(k) for k in ("stop", "target_head", "violence", "place_head")),
    ]
    return any(lex.match_at([tok], 0) for lex in lexicons)


def event_arguments(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    fam = family(m.type)
    args: list[Span] = []
    if fam == "attack":
        scoped = instrument_args(toks, lo, hi) + casualty_args(toks, lo, hi)
        scoped += outcome_args(toks, lo, hi) + time_of_day_args(toks, lo, hi)
        args += dedupe_casualties([a for a in scoped if in_scope(toks, lo, hi, m, a)])
        args += target_args(toks, lo, hi, m)
    elif fam in ("accusation", "responsibility", "condemnation", "threat"):
        args += actor_or_object_args(article, toks, lo, hi, m)
    else:
        args += target_args(toks, lo, hi, m)
    args += time_args(article, toks, lo, hi) + place_args(article, toks, lo, hi, m)
    return args


def in_scope(toks: list[Tok], lo: int, hi: int, m: Mention, argument: Span) -> bool:
    """An argument belongs to the attack when it is near one of its triggers and no reporting
    verb (مؤكدا أن) or other event trigger stands closer: rhetoric after a quote cue is not a detail."""
    anchors = [(m.first, m.last), *m.extra_triggers]
    pos = next(i for i in range(lo, hi) if toks[i].end > argument.start)
    a, b = min(anchors, key=lambda ab: min(abs(pos - ab[0]), abs(pos - ab[1] + 1)))
    if min(abs(pos - a), abs(pos - b + 1)) > SCOPE_TOKENS:
        return False
    between = range(b, pos) if pos >= b else range(pos + 1, a)
    return not any(cues("say").match_at(toks, j) or _other_trigger(toks, j, anchors) for j in between)


def _other_trigger(toks: list[Tok], j: int, anchors: list[tuple[int, int]]) -> bool:
    entry = triggers().match_at(toks, j)
    same_attack = ("attack", "accusation", "responsibility")  # who did it: still about this attack
    return bool(entry) and family(entry.value) not in same_attack and not any(a <= j < b for a, b in anchors)


def dedupe_casualties(args: list[Span]) -> list[Span]:
    """One injured and one killed count per event: the first precise one wins over a bare mention."""
    out, seen = [], set()
    ranked = sorted(
        args,
        key=lambda a: (
            (a.attrs["role"], (a.attrs["value"] or {}).get("kind") == "some")
            if a.attrs["role"] in ("injured", "killed")
            else ("", False)
        ),
    )
    for a in ranked:
        if a.attrs["role"] in ("injured", "killed"):
            if a.attrs["role"] in seen:
                continue
            seen.add(a.attrs["role"])
        out.append(a)
    return sorted(out, key=lambda a: a.start)


def instrument_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    out = []
    for a, b, entry in weapons().find(toks, lo, hi):
        out.append(arg(toks, a, b, "instrument", entry.value))
        found = weapon_count(toks, a, entry.extra, lo)
        if found:
            out.append(arg(toks, found[1], b, "count", found[0] | {"of": entry.value}))
    return out


def casualty_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    out = []
    for kind in ("injured", "killed"):
        for a, b, entry in cues(kind).find(toks, lo, hi):
            if _negated_near(toks, a, lo):
                if entry.value == "noun":  # لم يسفر عن إصابات: none; لم يصب بأذى is about one person
                    out.append(arg(toks, a, b, kind, count_value(0)))
                continue
            before = count_before(toks, a, lo)
            count = before[0] if before else count_after(toks, b, hi) or count_value(None, "some")
            out.append(arg(toks, a, b, kind, count))
    return out


def _negated_near(toks: list[Tok], i: int, lo: int) -> bool:
    return any(cues("negation").match_at(toks, j) for j in range(max(lo, i - 4), i))


def outcome_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    return [arg(toks, a, b, "outcome", e.value) for a, b, e in cues("outcome").find(toks, lo, hi)]


def time_of_day_args(toks: list[Tok], lo: int, hi: int) -> list[Span]:
    """Morning / evening / night, unless it is a deadline (``حتى مساء``) rather than when it happened."""
    out = []
    for a, b, e in cues("time_of_day").find(toks, lo, hi):
        if a > lo and cues("time_block").match_at(toks, a - 1):
            continue
        out.append(arg(toks, a, b, "time_of_day", e.value))
    return out


def noun_phrase(toks: list[Tok], i: int, hi: int) -> tuple[int, int]:
    """Tokens from ``i`` up to punctuation, a stop word or a trigger, at most TARGET_MAX_TOKENS."""
    j = i
    while j < hi and j - i < TARGET_MAX_TOKENS and not toks[j].punct:
        if j > i and (cues("stop").match_at(toks, j) or triggers().match_at(toks, j)):
            break
        j += 1
    return i, j


def target_args(toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """What was attacked: a named target head (منزل X) anywhere in the sentence, else the phrase
    right after the trigger; and who survived (نجا X)."""
    out = []
    for a, _b, e in cues("target_head").find(toks, lo, hi):
        first, last = noun_phrase(toks, a, hi)
        out.append(arg(toks, first, last, "target", e.value))
    if not out and m.last < hi and not toks[m.last].punct:
        start = m.last + 1 if cues("stop").match_at(toks, m.last) else m.last
        first, last = noun_phrase(toks, start, hi)
        if last > first and not weapons().match_at(toks, first):
            out.append(arg(toks, first, last, "target"))
    for _a, b, e in cues("outcome").find(toks, lo, hi):
        if e.value == "survived" and b < hi and not cues("stop").match_at(toks, b):
            first, last = noun_phrase(toks, b, hi)
            if last > first:
                out.append(arg(toks, first, last, "target", "survivor"))
    return out


def actor_or_object_args(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Who is accused / claims / carried it out (an actor), or who is condemned / threatened (a target)."""
    if family(m.type) not in ("accusation", "responsibility"):
        first, last = _phrase_after(toks, m.last, hi)
        return [arg(toks, first, last, "target")] if last > first else []
    found = actor_phrase(article, toks, lo, hi, m)
    return [arg(toks, found[0], found[1], "actor", entity=found[2])] if found else []


def _phrase_after(toks: list[Tok], start: int, hi: int) -> tuple[int, int]:
    """The noun phrase after a trigger, or after إلى/على/ضد within the next few tokens."""
    for j in range(start, min(start + 4, hi)):
        if toks[j].punct or triggers().match_at(toks, j):
            break
        if fold(toks[j].surface) in TOWARD:
            start = j + 1
            break
    if start >= hi or toks[start].punct:
        return start, start
    if cues("stop").match_at(toks, start):
        start += 1
    return noun_phrase(toks, start, hi)


def actor_phrase(
    article: Article, toks: list[Tok], lo: int, hi: int, m: Mention
) -> tuple[int, int, str | None] | None:
    """The perpetrator named by an accusation or claim: an ORG/PER/NORP entity, or a phrase headed
    by an actor noun (جماعة، ميليشيات، فصائل) or a definite noun, trimmed at prepositions and verbs.

    Where it stands depends on the cue: after it (تتهم X، أصابع الاتهام إلى X، تورط X، تبنت X),
    before it (X نفذت الهجوم), or after the announcing verb (أعلنت X مسؤوليتها)."""
    starts = [m.last]
    if fold(toks[m.first].surface).lstrip("وف").startswith("نفذ"):
        starts = [_clause_start(toks, lo, m.first), m.last]
    elif cues("announce").find(toks, max(lo, m.first - 6), m.first):
        starts = [cues("announce").find(toks, max(lo, m.first - 6), m.first)[-1][1]]
    for start in starts:
        first, last = _phrase_after(toks, start, hi) if start == m.last else (start, start)
        if start != m.last:
            first, last = start, start
            while last < m.first and last - first < TARGET_MAX_TOKENS and not _ends_actor(toks, last, first):
                last += 1
        found = _trim_actor(article, toks, first, last)
        if found:
            return found
    return None


def _clause_start(toks: list[Tok], lo: int, i: int) -> int:
    """Back from token ``i`` to just after the nearest أن/إن, punctuation or reporting verb."""
    j = i
    while j > lo and i - j < TARGET_MAX_TOKENS and not toks[j - 1].punct:
        if fold(toks[j - 1].surface) in ("ان", "انه", "بان", "لان") or cues("say").match_at(toks, j - 1):
            break
        j -= 1
    return j


def _ends_actor(toks: list[Tok], j: int, first: int) -> bool:
    tok = toks[j]
    return tok.punct or (j > first and bool(cues("stop").match_at(toks, j) or cues("actor_stop").match_at(toks, j)
                                           or triggers().match_at(toks, j)))  # fmt: skip


def _trim_actor(
    article: Article, toks: list[Tok], first: int, last: int
) -> tuple[int, int, str | None] | None:
    """Keep the phrase only if it names an actor; cut it at the first stop word, verb cue or pronoun."""
    while first < last and (triggers().match_at(toks, first) or cues("actor_stop").match_at(toks, first)):
        first += 1
    end = first
    while end < last and not _ends_actor(toks, end, first):
        end += 1
    if end <= first:
        return None
    lo_off, hi_off = toks[first].start, toks[end - 1].end
    for ent in article.layer("entities"):
        if ent.label in ("ORG", "PER", "NORP", "GPE", "LOC") and lo_off <= ent.start < hi_off:
            if cues("actor_head").match_at(toks, first) or ent.start == lo_off:
                break
            return (_tok_index(toks, first, end, ent.start), _tok_index(toks, first, end, ent.end - 1) + 1,
                    ent.attrs.get("entity"))  # fmt: skip
    if cues("actor_head").match_at(toks, first) or (
        toks[first].definite and "entities" not in article.layers
    ):
        return first, end, None
    return (first, end, None) if _entity_at(article, lo_off) else None


def _tok_index(toks: list[Tok], lo: int, hi: int, offset: int) -> int:
    return next((i for i in range(lo, hi) if toks[i].end > offset), hi - 1)


def _entity_at(article: Article, offset: int) -> bool:
    return any(
        e.start == offset and e.label in ("ORG", "PER", "NORP", "GPE", "LOC")
        for e in article.layer("entities")
    )


def time_args(article: Article, toks: list[Tok], lo: int, hi: int) -> list[Span]:
    """Times from the times layer inside the sentence; without it, month names (``في نوفمبر``)."""
    if lo >= hi:
        return []
    start, end = toks[lo].start, toks[hi - 1].end
    if "times" in article.layers:
        return [
            Span(t.start, t.end, "", {"role": "time", "value": t.attrs.get("value"), "entity": None})
            for t in article.layer("times")
            if start <= t.start and t.end <= end and t.attrs.get("type", "date") in ("date", "time")
        ]
    return [_month_arg(toks, a, b, e, hi) for a, b, e in cues("month").find(toks, lo, hi)]


def _month_arg(toks: list[Tok], a: int, b: int, e: Entry, hi: int) -> Span:
    year = number_of(toks[b]) if b < hi else None
    if year is not None and 1900 < year < 2100:
        return arg(toks, a, b + 1, "time", f"{year:04d}-{int(e.value):02d}")
    return arg(toks, a, b, "time", f"XXXX-{int(e.value):02d}")


def place_args(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Where the event happened: the nearest place attached to it by a locative preposition
    (في بغداد، ببغداد، في العاصمة بغداد، منزله في المنطقة الخضراء), in the trigger's scope. A
    country named as a backer or actor (الموالية لإيران، أذرع طهران) is not where it happened."""
    if lo >= hi:
        return []
    candidates = (
        entity_places(article, toks, lo, hi, m)
        if "entities" in article.layers
        else cue_places(toks, lo, hi, m)
    )
    inside = [c for c in candidates if in_scope(toks, lo, hi, m, c)]
    return [min(inside, key=lambda c: _distance(toks, lo, hi, m, c))] if inside else []


def _distance(toks: list[Tok], lo: int, hi: int, m: Mention, span: Span) -> int:
    pos = _token_at(toks, lo, hi, span.start)
    return min(min(abs(pos - a), abs(pos - b + 1)) for a, b in [(m.first, m.last), *m.extra_triggers])


def _token_at(toks: list[Tok], lo: int, hi: int, offset: int) -> int:
    return next((i for i in range(lo, hi) if toks[i].end > offset), hi - 1)


def entity_places(article: Article, toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    start, end = toks[lo].start, toks[hi - 1].end
    out = []
    for e in article.layer("entities"):
        if e.label not in ("LOC", "GPE") or not (start <= e.start and e.end <= end):
            continue
        core = fold(e.attrs.get("key") or article.surface(e)).split()[0]
        if located(toks, lo, _token_at(toks, lo, hi, e.start), core, family(m.type)):
            attrs = {"role": "place", "value": e.attrs.get("key"), "entity": e.attrs.get("entity")}
            out.append(Span(e.start, e.end, "", attrs))
    return out


def located(toks: list[Tok], lo: int, i: int, core: str, fam: str) -> bool:
    """Whether the place word at token ``i`` follows a locative preposition (its own clitic ب,
    or في/قرب/شمال... before it, skipping up to two place nouns such as العاصمة or منطقة)."""
    if _clitic_b(toks[i], core):
        return True
    j = i - 1
    while j >= lo and i - j <= 3 and cues("place_head").match_at(toks, j):
        if _clitic_b(toks[j], match_key(toks[j].surface)):
            return True
        j -= 1
    if j < lo or toks[j].punct:
        return False
    kinds = ["locative"] + (["locative_to"] if fam in ("meeting", "deployment") else [])
    kinds += ["locative_on"] if fam == "attack" else []
    return any(_ends_at(cues(kind), toks, j) for kind in kinds)


def _clitic_b(tok: Tok, core: str) -> bool:
    """ببغداد, وبالعاصمة, بمدينة: a ب proclitic glued before ``core`` (a folded stem)."""
    folded = fold(tok.surface)
    at = folded.find(core) if core else -1
    if at <= 0 and core.startswith("ب") and folded.startswith(("بب", "وبب")):
        return True
    return at > 0 and "ب" in folded[:at].replace("ال", "")


def _ends_at(lexicon: Lexicon, toks: list[Tok], j: int) -> bool:
    """A lexicon entry that ends exactly at token ``j`` (one or two tokens long)."""
    for k in (j, j - 1):
        entry = lexicon.match_at(toks, k) if k >= 0 else None
        if entry and k + len(entry.tokens) == j + 1:
            return True
    return False


def cue_places(toks: list[Tok], lo: int, hi: int, m: Mention) -> list[Span]:
    """Without an entities layer: a place noun after a locative (في مدينة الريحان) and the name after it."""
    out = []
    for a, _b, _e in cues("place_head").find(toks, lo, hi):
        name = a + 1
        if name >= hi or toks[name].punct or cues("stop").match_at(toks, name):
            continue
        if located(toks, lo, name, match_key(toks[name].surface), family(m.type)):
            last = (
                name + 1 if name + 1 < hi and toks[name + 1].definite and not toks[name + 1].punct else name
            )
            if not cues("stop").match_at(toks, last):
                value = " ".join(match_key(t.surface) for t in toks[name : last + 1])
                out.append(arg(toks, name, last + 1, "place", value))
    return out


def event_time(args: list[Span]) -> str | None:
    return next((a.attrs["value"] for a in args if a.attrs["role"] == "time" and a.attrs["value"]), None)


@cache
def generic_words() -> Lexicon:
    return cues("generic")


def participant_keys(article: Article, args: list[Span]) -> list[str]:
    """What incidents join on: content words of targets and actors, plus the canonical key of
    any person or organisation inside them when the entities layer ran (places are left out:
    two threats "in Iraq" are not one threat)."""
    roles = [a for a in args if a.attrs["role"] in ("target", "actor")]
    keys = {k for a in roles for k in a.attrs.get("keys", [])}
    places: set[str] = set()
    for ent in article.layer("entities"):
        if ent.attrs.get("key") and any(a.start <= ent.start and ent.end <= a.end for a in roles):
            if ent.label in ("LOC", "GPE"):  # a shared country or city says little about who
                places |= {ent.attrs["key"], *(match_key(w) for w in article.surface(ent).split())}
            else:
                keys.add(ent.attrs["key"])
    return sorted(keys - places)


# --- polarity, modality, attribution -----------------------------------------------------
def polarity(toks: list[Tok], lo: int, m: Mention) -> str:
    """Negative when a negation precedes the trigger in the same clause with no trigger between."""
    for j in range(m.first - 1, max(lo, m.first - NEGATION_WINDOW) - 1, -1):
        if toks[j].punct or triggers().match_at(toks, j):
            return "positive"
        if cues("negation").match_at(toks, j):
            return "negative"
    return "positive"


def modality(toks: list[Tok], lo: int, hi: int, m: Mention) -> str:
    if cues("irrealis").find(toks, lo, hi):
        return "irrealis"
    if cues("hedge").find(toks, lo, hi):
        return "hedged"
    return "asserted"


def attribution(article: Article, toks: list[Tok], lo: int, hi: int, start: int, end: int) -> dict[str, Any]:
    """The quote whose content holds the trigger; without a quotes layer, a reporting cue; else the outlet."""
    if "quotes" in article.layers:
        for quote in article.layer("quotes"):
            content = quote.attrs.get("content")
            if isinstance(content, Span) and content.start <= start and end <= content.end:
                return quote_source(article, quote)
    else:
        found = cue_source(article, toks, lo, hi, start)
        if found:
            return found
    return {"kind": "outlet", "name": article.outlet_label}


def quote_source(article: Article, quote: Span) -> dict[str, Any]:
    speaker = quote.attrs.get("speaker")
    via = quote.attrs.get("via") or []
    return {
        "kind": "quote",
        "quote": quote.attrs.get("id"),
        "speaker": article.surface(speaker) if isinstance(speaker, Span) else None,
        "entity": speaker.attrs.get("entity") if isinstance(speaker, Span) else None,
        "via": [article.surface(v) for v in via if isinstance(v, Span)],
    }


def cue_source(
    article: Article, toks: list[Tok], lo: int, hi: int, trigger_start: int
) -> dict[str, Any] | None:
    """``X قال/أفاد (Y) أن ...`` before the trigger: speaker X (or the phrase after the cue), via Y."""
    for a, b, _e in cues("say").find(toks, lo, hi):
        if toks[a].start >= trigger_start:
            break
        before = [t for t in toks[lo:a] if fold(t.surface) not in ("و", "وكان", "كان", "وقد")]
        after_first, after_last = noun_phrase(toks, b, hi)
        after = toks[after_first:after_last]
        if before and len(before) <= 5:
            return _cue_dict(article, before, after)
        if after:
            return _cue_dict(article, after, [])
    return None


def _cue_dict(article: Article, speaker: list[Tok], via: list[Tok]) -> dict[str, Any]:
    text = article.text
    return {
        "kind": "cue",
        "speaker": text[speaker[0].start : speaker[-1].end],
        "entity": None,
        "via": [text[via[0].start : via[-1].end]] if via else [],
    }
