"""CRF features for one sentence of tokens: word, folded form, clitic-free stem, affixes, shape,
gazetteer classes, subword-vector clusters (:mod:`riwaya.components.entities.clusters`), a context window (+-2
words and clusters, +-3 for cue classes, +-1 adjective of origin), short quoted runs and a name
list from another corpus (WikiFANE).

Word-level features are cached per distinct word so tagging stays fast (names and function words
repeat); context features reuse the neighbours' cached values with a position prefix.
"""

from __future__ import annotations

import re
from functools import lru_cache

from riwaya.components.entities import clusters
from riwaya.components.entities.gazetteer import classes_of, name_tags
from riwaya.text.arabic import ARABIC_LETTER, DIGIT
from riwaya.text.normalize import fold
from riwaya.text.tokens import light_segment

ARABIC = ARABIC_LETTER
LATIN = re.compile(r"[A-Za-z]")
MAX_WORD = 40
USE_CLUSTERS = False  # no dev gain (models/README.md); scripts/ner_dev.py --clusters switches them on
CLUSTER_CONTEXT = True  # neighbours' clusters too (scripts/ner_dev.py --ownclusters: own word only)
STEM_CLUSTERS_ONLY = False  # clusters of the clitic-free stem only (scripts/ner_dev.py --stemclusters)
EXTRA = False  # nisba, title-in-last-3, lexicon and cluster bigrams (scripts/ner_dev.py --extra)
FLAGS: set[str] = set()  # dev-only switches, no dev gain (scripts/ner_dev.py --f=ngram|vowel|pname)
LONG_VOWELS = set("اوي")
QUOTE_PAIRS = {"«": "»", '"': '"', "'": "'", "“": "”"}
MAX_QUOTED = 4


def shape(word: str) -> str:
    """A coarse script/character-class shape: ar, lat, num, punct or a mix like ar+num."""
    kinds = [k for k, rx in (("ar", ARABIC), ("lat", LATIN), ("num", DIGIT)) if rx.search(word)]
    return "+".join(kinds) or "punct"


@lru_cache(maxsize=200000)
def word_features(word: str) -> tuple[tuple[str, ...], str, str, tuple[str, ...], tuple[str, ...]]:
    """(own features, folded word, stem, cue classes, cluster ids) for one word, cached."""
    word = word[:MAX_WORD]
    folded, seg = fold(word), light_segment(word)
    stem = fold(seg.stem)
    cues = classes_of(word)
    feats = [f"w={word}", f"f={folded}", f"s={stem}", f"shape={shape(word)}",
             f"len={min(len(stem), 8)}", f"pre={'+'.join(seg.prefixes)}"]  # fmt: skip
    feats += [f"p{n}={stem[:n]}" for n in (1, 2, 3) if len(stem) > n]
    feats += [f"x{n}={stem[-n:]}" for n in (1, 2, 3) if len(stem) > n]
    feats += [f"cue={c}" for c in cues]
    if folded.startswith("ال") or seg.prefixes:
        feats.append("def" if "ال" in seg.prefixes else "clitic")
    if EXTRA and "ال" in seg.prefixes and stem.endswith("ي") and len(stem) >= 4:
        feats.append("nisba")  # العراقي، الأمريكي: adjectives of origin, rarely names on their own
    feats += _flagged(stem)
    cids = clusters.cluster_ids(word) if USE_CLUSTERS else ()
    sids = (clusters.cluster_ids(seg.stem) if seg.prefixes else cids) if USE_CLUSTERS else ()
    if STEM_CLUSTERS_ONLY:
        feats += [f"s{c}" for c in sids]
        return tuple(feats), folded, stem, cues, sids
    feats += cids
    feats += [f"s{c}" for c in sids]
    return tuple(feats), folded, stem, cues, cids


def _nisba(stem: str, prefixes) -> bool:
    """العراقي، للبرازيلي: a definite adjective of origin, often right before a foreign name."""
    return "ال" in prefixes and stem.endswith("ي") and len(stem) >= 4


def _flagged(stem: str) -> list[str]:
    """Dev-only word features: stem character trigrams (transliterated names share them) and the
    share of long vowels (foreign names spell vowels out: فابريغاس)."""
    feats = []
    if "ngram" in FLAGS and len(stem) >= 4:
        feats += [f"g3={stem[k : k + 3]}" for k in range(len(stem) - 2)]
    if "vowel" in FLAGS and len(stem) >= 4:
        feats.append(f"vow={4 * sum(c in LONG_VOWELS for c in stem) // len(stem)}")
    return feats


@lru_cache(maxsize=200000)
def context_features(word: str) -> dict[int, tuple[str, ...]]:
    """What ``word`` contributes to a neighbour's features at each offset, cached per word."""
    _own, folded, stem, cues, cids = word_features(word)
    nisba = _nisba(stem, light_segment(word[:MAX_WORD]).prefixes)
    out = {}
    for off in (-3, -2, -1, 1, 2, 3):
        feats = [f"{off}cue={c}" for c in cues]
        if abs(off) <= 2:
            feats += [f"{off}f={folded}", f"{off}s={stem}", *(f"{off}{c}" for c in cids if CLUSTER_CONTEXT)]
        if abs(off) == 1 and nisba:
            feats.append(f"{off}nisba")
        out[off] = tuple(feats)
    return out


def sentence_features(
    words: list[str], lexicon: dict[str, str] | None = None, hints: list[str] | None = None,
    names: dict[tuple[str, ...], str] | None = None, dense: list[tuple[str, float, float]] | None = None,
) -> list[list[str]]:  # fmt: skip
    """Feature lists for every token of a sentence.

    ``lexicon`` maps stems to a name type; ``hints`` (second pass) gives per token the type its stem
    was tagged with elsewhere in the document by the first pass; ``names`` maps stem tuples to a
    type from another corpus (:func:`riwaya.components.entities.lexicon.names`); ``dense`` is the stacked MLP's
    (label, probability) per token (:mod:`riwaya.components.entities.dense`).
    """
    info = [word_features(w) for w in words]
    ctx = [context_features(w) for w in words]
    stems = [i[2] for i in info]
    gaz = name_tags(stems)
    lex = [lexicon.get(s, "") for s in stems] if lexicon else [""] * len(stems)
    n, out = len(words), []
    quoted = _quoted(words)
    named = _name_list(stems, names) if names else [[] for _ in words]
    for i in range(n):
        feats = ["bias", *info[i][0], *named[i]]
        if i in quoted:
            feats.append("inquote")
        for off in (-3, -2, -1, 1, 2, 3):
            if 0 <= i + off < n:
                feats += ctx[i + off][off]
        feats += _local(stems, gaz, lex, i)
        if EXTRA:
            feats += _extra(info, lex, i)
        if dense:
            feats += _dense(dense, i)
        if hints:
            feats += [
                f"{off}doc={hints[i + off]}" for off in (-1, 0, 1) if 0 <= i + off < n and hints[i + off]
            ]
        out.append(feats)
    if out:
        out[0].append("BOS")
        out[-1].append("EOS")
    return out


def _dense(preds: list[tuple[str, float, float]], i: int) -> list[str]:
    """The stacked MLP's label at and around token ``i``, a confidence bucket for its own, and
    (with --f=pname) how likely it found a name where its best guess is O (recall is the weak side)."""
    label, p, named = preds[i]
    feats = [f"mlp={label}", f"mlp={label}|{'hi' if p >= 0.9 else 'mid' if p >= 0.6 else 'lo'}"]
    if "pname" in FLAGS and label == "O" and named >= 0.2:
        feats.append(f"mlp_name={'hi' if named >= 0.4 else 'mid'}")
    feats += [f"{off}mlp={preds[i + off][0]}" for off in (-1, 1) if 0 <= i + off < len(preds)]
    return feats


def _quoted(words: list[str]) -> set[int]:
    """Positions inside a short quoted run (« الشرق الأوسط », « جيلي »): outlets, brands, titles."""
    inside, i = set(), 0
    while i < len(words):
        close = QUOTE_PAIRS.get(words[i])
        if close:
            for j in range(i + 2, min(i + MAX_QUOTED + 2, len(words))):
                if words[j] == close:
                    inside.update(range(i + 1, j))
                    i = j
                    break
        i += 1
    return inside


def _name_list(stems: list[str], names: dict[tuple[str, ...], str]) -> list[list[str]]:
    """Per token: name-list types of the stem and its neighbours, and B-/I-TYPE where a listed
    multi-word name (longest first) covers it: names the small news corpus never showed."""
    n = len(stems)
    out: list[list[str]] = [[] for _ in stems]
    for i, stem in enumerate(stems):  # listed stems are rare: write to the neighbours of each
        kind = names.get((stem,))
        if kind:
            for off in (1, 0, -1):  # each token's features in offset order -1, 0, 1
                if 0 <= i + off < n:
                    out[i + off].append(f"{-off}nl={kind}")
    i = 0
    while i < n:
        for size in range(min(4, n - i), 1, -1):
            kind = names.get(tuple(stems[i : i + size]))
            if kind:
                for k in range(i, i + size):
                    out[k].append(f"nsp={'B' if k == i else 'I'}-{kind}")
                i += size - 1
                break
        i += 1
    return out


def _local(stems: list[str], gaz: list[str], lex: list[str], i: int) -> list[str]:
    """Features that depend on the sentence, not just the word: gazetteer and lexicon tags, bigrams."""
    feats, n = [], len(stems)
    if gaz[i]:
        feats.append(f"gaz={gaz[i]}")
    for off in (-2, -1, 1, 2):
        if 0 <= i + off < n and gaz[i + off]:
            feats.append(f"{off}gaz={gaz[i + off]}")
    feats += [f"{off}lex={lex[i + off]}" for off in (-1, 0, 1) if 0 <= i + off < n and lex[i + off]]
    if i > 0:
        feats.append(f"-1s|s={stems[i - 1]}|{stems[i]}")
    if i + 1 < n:
        feats.append(f"s|+1s={stems[i]}|{stems[i + 1]}")
    return feats


def _extra(info: list[tuple], lex: list[str], i: int) -> list[str]:
    """A title within the last 3 words, and bigrams of lexicon types and coarse clusters."""
    feats = []
    if any("TITLE" in info[k][3] for k in range(max(0, i - 3), i)):
        feats.append("title<3")
    if i > 0:
        if lex[i - 1] or lex[i]:
            feats.append(f"-1lex|lex={lex[i - 1]}|{lex[i]}")
        a, b = info[i - 1][4], info[i][4]
        feats.append(f"-1c|c={a[1] if a else '-'}|{b[1] if b else '-'}")
    return feats
