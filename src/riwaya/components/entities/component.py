"""Step module for entities: the ``entities`` article component.

``entities`` tags each sentence with the shipped CRF (:mod:`riwaya.components.entities.crf`), makes the tags of the
article consistent, groups mentions into article-local entities (:mod:`riwaya.components.entities.linking`) and
links role phrases to the person they denote. Layer ``entities``: one span per mention, label
PER/ORG/LOC, attrs ``entity`` (article-local id), ``key`` (folded canonical key, stable across
articles), ``name`` (canonical surface), ``role`` (bool) and, when a mention joined by a rule other
than an identical key, ``link`` (the reason).

The corpus stage ``canonical_entities`` joins them across articles (:mod:`riwaya.stages.canonical_entities`).
The component's version carries a digest of the shipped model (:func:`entities_version`, resolved
when a pipeline is built); :mod:`riwaya.evaluate.ner` scores the tagger (``riwaya eval ner``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from riwaya.components.entities import english as en
from riwaya.components.entities import linking, shapes, shipped
from riwaya.components.entities.data import bio, chunks
from riwaya.components.entities.linking import Cluster, Mention
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.arabic import ARABIC_LETTER
from riwaya.text.normalize import fold

PIPELINE_TYPES = ("PER", "ORG", "LOC")
NAME_LABELS = (*PIPELINE_TYPES, "FAC")  # FAC: a facility, a LOC span with attrs subtype FAC
ARABIC = ARABIC_LETTER
MAX_TOKEN = 60
LATIN_GAP = 4  # tokens allowed between a Latin name and the Arabic name it spells (Al - Kadhimi)


def entities_version() -> str:
    """The rules' version plus the shipped model's digest (:func:`shipped.model_digest`), so a
    store analysed with another model or ``RIWAYA_NER`` mode is re-analysed."""
    return f"8+{shipped.model_digest()}"


@component("entities", version=entities_version, requires=("tokens", "sentences"), provides=("entities",))
def entities(article: Article) -> None:
    article.add_layer("entities", find_entities(article))


def find_entities(article: Article) -> list[Span]:
    """Entity mention spans of an article (see the module docstring for the attrs)."""
    sentences = _sentence_tokens(article)
    words = [[_word(article, t) for t in sent] for sent in sentences]
    tags = _tags(article.text, sentences, words, shipped.tagger)
    tags = _tag_variants(words, [shapes.reshape(w, t) for w, t in zip(words, tags, strict=True)])
    names = _name_mentions(words, tags)
    clusters = linking.cluster_names(names)
    roles = _role_mentions(words, names, clusters)
    return _to_spans(sentences, clusters, roles, _clitic_cut(names))


def _tags(text: str, sentences: list[list[Span]], words: list[list[str]], arabic_tagger) -> list[list[str]]:
    """BIO tags per sentence: English sentences (no Arabic letter, Latin words) from the English
    rules of :mod:`riwaya.components.entities.english`, the others from the Arabic tagger, each over its own
    sentences so its document pass sees only its language."""
    english = [i for i, ws in enumerate(words) if en.is_english(ws)]
    arabic = sorted(set(range(len(words))) - set(english))
    tags: list[list[str]] = [[] for _ in words]
    gaps = [
        [text[s[k - 1].end : t.start] if k else " " for k, t in enumerate(s)]
        for s in (sentences[i] for i in english)
    ]
    joined = [[gap == "" for gap in sent] for sent in gaps]
    breaks = [["\n" in gap for gap in sent] for sent in gaps]
    for i, sent_tags in zip(
        english, en.tag_document([words[i] for i in english], joined, breaks), strict=True
    ):
        tags[i] = sent_tags
    if arabic:
        found = arabic_tagger().tag_document([words[i] for i in arabic], window=len(arabic))
        for i, sent_tags in zip(arabic, found, strict=True):
            tags[i] = sent_tags
    return tags


def _sentence_tokens(article: Article) -> list[list[Span]]:
    """Tokens grouped by sentence (tokens outside any sentence form their own group)."""
    sentences, tokens = article.layer("sentences"), article.layer("tokens")
    groups: list[list[Span]] = [[] for _ in sentences]
    extra: list[Span] = []
    k = 0
    for tok in tokens:
        while k < len(sentences) and sentences[k].end <= tok.start:
            k += 1
        if k < len(sentences) and sentences[k].start <= tok.start:
            groups[k].append(tok)
        else:
            extra.append(tok)
    return [g for g in groups if g] + ([extra] if extra else [])


def _word(article: Article, token: Span) -> str:
    return article.text[token.start : token.end][:MAX_TOKEN]


def _tag_variants(words: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
    """Tag untagged spellings variants (a one-letter typo) of multi-word names of the article."""
    stems = [[_stem(w) for w in sent] for sent in words]
    names = {(tuple(st[a:b]), kind) for st, tg in zip(stems, tags, strict=True)
             for a, b, kind in chunks(tg) if b - a > 1 and kind in NAME_LABELS}  # fmt: skip
    for st, tg in zip(stems, tags, strict=True):
        where: dict[str, list[int]] = defaultdict(list)
        for i, stem in enumerate(st):
            where[stem].append(i)
        for key, kind in names:
            n = len(key)
            for i in _aligned_starts(where, key, len(st)):
                if _free_for(tg, i, n, kind) and linking.variant_keys(tuple(st[i : i + n]), key):
                    tg[i : i + n] = bio(kind, n)
    return tags


def _stem(word: str) -> str:
    key = linking.name_key([word])
    return key[0] if key else ""


def _aligned_starts(where: dict[str, list[int]], key: tuple[str, ...], size: int) -> list[int]:
    """Start positions, in order, where at least one word of ``key`` sits at its own offset: a
    variant of a multi-word name shares a word with it (:func:`linking.variant_keys`), so other
    starts need no check. Why: checking every start against every name was a fifth of the
    entities step on long articles."""
    starts = {p - j for j, stem in enumerate(key) for p in where.get(stem, ())}
    return sorted(i for i in starts if 0 <= i <= size - len(key))


def _free_for(tags: list[str], i: int, n: int, kind: str) -> bool:
    """Tokens ``i..i+n`` are untagged, or only their tail is tagged as a ``kind`` name (a short form)."""
    inside = tags[i : i + n]
    spills = i + n < len(tags) and tags[i + n].startswith("I-")
    return inside[0] == "O" and not spills and all(t == "O" or t[2:] == kind for t in inside)


def _name_mentions(words: list[list[str]], tags: list[list[str]]) -> list[Mention]:
    mentions = []
    for s, (sent, sent_tags) in enumerate(zip(words, tags, strict=True)):
        for start, end, label in sorted(chunks(sent_tags)):
            start, end = _script_trimmed(sent, start, end)
            if label in NAME_LABELS and start < end and linking.name_key(sent[start:end]):
                mentions.append(Mention(start, end, label, sent[start:end], s))
    return _extent_trimmed([m for m in mentions if not _latin_aside(m, words[m.sentence], mentions)])


def _latin_aside(m: Mention, sent: list[str], mentions: list[Mention]) -> bool:
    """A Latin-script "name" that is a social-media handle (@IraqiPMO) or the Latin spelling
    written beside an Arabic name (a tweet signature: Samer Al-Khatib سامر الخطيب). Why: the
    handle names an account, not a person or place, and the signature is the same person, whose
    Latin spelling becomes ``name_en`` in the canonical step; tagged alone they were extra
    entities, often cut short (Samer Al)."""
    if any(ARABIC.search(w) for w in m.words):
        return False
    if (m.start > 0 and sent[m.start - 1] == "@") or m.words[0].startswith("@"):
        return True
    near = [o for o in mentions if o.sentence == m.sentence and o is not m and ARABIC.search(o.words[0])]
    return any(_only_latin_between(sent, m, o) or _only_latin_between(sent, o, m) for o in near)


def _only_latin_between(sent: list[str], first: Mention, second: Mention) -> bool:
    """``second`` follows ``first`` with at most LATIN_GAP tokens between, none of them Arabic."""
    gap = sent[first.end : second.start]
    return first.end <= second.start and len(gap) <= LATIN_GAP and not any(ARABIC.search(w) for w in gap)


def _script_trimmed(sent: list[str], start: int, end: int) -> tuple[int, int]:
    """Drop edge tokens with no Arabic letter from an Arabic name (a Latin signature beside it)."""
    arabic = [bool(ARABIC.search(w)) for w in sent[start:end]]
    if not any(arabic):
        return start, end
    while not ARABIC.search(sent[start]):
        start += 1
    while not ARABIC.search(sent[end - 1]):
        end -= 1
    return start, end


def _extent_trimmed(mentions: list[Mention]) -> list[Mention]:
    """A 3+ word name whose first or last word is extra to a name seen alone in the article is cut.

    The CRF sometimes runs a name into the next word (name + noun); if the article also has the
    name without that word, the shorter extent is the one the article supports.
    """
    keys = {(m.label, m.key) for m in mentions}
    for m in mentions:
        if len(m.words) < 3 or not ARABIC.search(m.words[0]):  # English rules find whole names
            continue
        if (m.label, m.key[:-1]) in keys:
            m.end, m.words = m.end - 1, m.words[:-1]
        elif (m.label, m.key[1:]) in keys:
            m.start, m.words = m.start + 1, m.words[1:]
    return mentions


def _role_mentions(words, names: list[Mention], clusters: list[Cluster]) -> list[Mention]:
    """Role phrases and ``الأخير`` linked to a person when the article makes it unambiguous."""
    entity_of = {id(m): c.index for c in clusters for m in c.mentions}
    starts = {(m.sentence, m.start): m for m in names}
    bindings: dict[tuple[str, ...], set[int]] = {}
    roles: list[Mention] = []
    for s, sent in enumerate(words):
        taken = {i for m in names if m.sentence == s for i in range(m.start, m.end)}
        for i, j in linking.role_spans(sent, taken):
            role = Mention(i, j, "PER", sent[i:j], s, role=True)
            named = starts.get((s, j)) or (
                starts.get((s, j + 1)) if j < len(sent) and sent[j] in ",،" else None
            )
            if named is not None and named.label == "PER":
                role.entity = entity_of[id(named)]
                bindings.setdefault(linking.role_key(role.words), set()).add(role.entity)
                role.link = "role named beside the person"
            else:
                holders = bindings.get(linking.role_key(role.words), set())
                if len(holders) == 1:
                    role.entity, role.link = (
                        next(iter(holders)),
                        "role held by this person earlier in the article",
                    )
            roles.append(role)
        roles += _latter_mentions(sent, s, names, entity_of, taken)
    return [r for r in roles if r.entity is not None]


def _latter_mentions(sent, s, names, entity_of, taken) -> list[Mention]:
    """``الأخير`` standing for a person: not an adjective after a definite noun (الأسبوع الأخير)."""
    found = []
    for i, word in enumerate(sent):
        if i in taken or fold(linking.strip_proclitics(word)) not in linking.LATTER:
            continue
        if i > 0 and "ال" in linking.light_segment(sent[i - 1]).prefixes:
            continue
        before = [
            m for m in names if m.label == "PER" and (m.sentence == s - 1 or (m.sentence == s and m.end <= i))
        ]
        if before:
            latest = max(before, key=lambda m: (m.sentence, m.start))
            found.append(Mention(i, i + 1, "PER", [word], s, True, entity_of[id(latest)], "the latter"))
    return found


def _to_spans(sentences: list[list[Span]], clusters: list[Cluster], roles: list[Mention], cut) -> list[Span]:
    """One span per mention; a facility is a LOC span with ``subtype: "FAC"``; a name's span
    leaves out the proclitic ``cut(word)`` measures on its first word."""
    spans = []
    info = {c.index: (f"e{c.index + 1}", " ".join(c.key), canonical_name(c, cut), c.label) for c in clusters}
    for m in [m for c in clusters for m in c.mentions] + roles:
        cid = m.entity if m.role else next(c.index for c in clusters if m in c.mentions)
        local, key, name, label = info[cid]
        attrs: dict[str, Any] = {"entity": local, "key": key, "name": name, "role": m.role}
        if label == "FAC":
            label, attrs["subtype"] = "LOC", "FAC"
        if m.link:
            attrs["link"] = m.link
        toks = sentences[m.sentence]
        start = toks[m.start].start + (0 if m.role else cut(m.words[0]))
        spans.append(Span(start, toks[m.end - 1].end, label, attrs))
    return spans


def _clitic_cut(names: list[Mention]):
    """``word -> characters before the name`` for this article's mentions: a proclitic is cut
    before the article, or before a word of 4+ letters (or a country: قطر) that is listed or
    starts another mention of the article (:func:`shapes.outside_clitic`)."""
    firsts = {fold(m.words[0]) for m in names}

    def known(folded: str) -> bool:
        if len(folded) < 4:
            return shapes.listed_country(folded)
        return folded in firsts or shapes.listed_word(folded)

    return lambda word: shapes.outside_clitic(word, known, shapes.listed_word) if ARABIC.search(word) else 0


def canonical_name(cluster: Cluster, cut=None) -> str:
    """The most frequent of the longest surface forms, conjunctions and prepositions removed (also
    the proclitic ``cut(word)`` leaves outside a span: لوكالة رويترز -> وكالة رويترز)."""
    names = [m for m in cluster.mentions if not m.role]
    longest = max(len(m.words) for m in names)
    forms = Counter(" ".join([_first_word(m, cut), *m.words[1:]]) for m in names if len(m.words) == longest)
    return _glued(max(forms, key=lambda form: (not form.isupper(), forms[form])))  # Baghdad, not BAGHDAD


def _glued(name: str) -> str:
    """Tokens joined by spaces, with hyphens and initials' dots glued back: ``al - Sadr`` ->
    ``al-Sadr``, ``U . S . Army`` -> ``U.S. Army``."""
    name = re.sub(r" \.", ".", name.replace(" - ", "-"))
    return re.sub(r"(?<=\b[A-Z]\.) (?=[A-Z]\.)", "", name)


def _first_word(m: Mention, cut) -> str:
    """:func:`_bare_first`, or, when it strips nothing, the first word past the proclitic ``cut`` measures."""
    bare = _bare_first(m)
    return bare[cut(m.words[0]) :] if cut and bare == m.words[0] else bare


def _bare_first(m: Mention) -> str:
    """The first word without proclitics (للكاظمي -> الكاظمي, لطهران -> طهران when the key says so)."""
    word = linking.strip_proclitics(m.words[0])
    extra = len(linking.match_key(word)) - len(m.key[0]) if m.key else 0
    return word[1:] if extra == 1 and len(word) > 3 else word
