"""Readers for labelled NER files and the chunking that exact-span evaluation needs.

Formats: ``anercorp`` (``token TAG`` per line, no sentence breaks: sentences are cut after
``. ! ? ؟``), ``conll`` (``token TAG`` per line, blank line between sentences: AQMAR, Wojood's
first column pair) and ``wikifane`` (tab-separated, BOM and U+200E marks stripped, fine-grained
types mapped to PER/ORG/LOC, split clitics glued back). Tags are mapped to PER, ORG, LOC, MISC.
"""

from __future__ import annotations

from pathlib import Path

from riwaya.errors import RiwayaError

Sentence = tuple[list[str], list[str]]
TYPE_MAP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "MIS": "MISC"}
SENTENCE_END = {".", "!", "?", "؟"}
MAX_SENTENCE = 120
LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")  # BIO order
WIKIFANE_PER = (
    "Politician Religious_PER Artist Other_PER Scientist Athlete Businessperson Engineer Lawyer Police"
)
WIKIFANE_ORG = (
    "Commercial Non-Governmental Government Educational Media Sports Religious_ORG Medical-Science "
    "Entertainment"
)
WIKIFANE_LOC = (
    "Population-Center Nation State-or-Province Continent County-or-District GPE-Cluster Water-Body Celestial "
    "Land-Region-Natural Region-General Region-International Address Boundary"
)
# WikiFANE's fine-grained subtypes (ACE style); "Group" (العرب) is no name in ANERcorp, nor are
# facilities and products, so they become O.
WIKIFANE_MAP = {t: k for k, ts in (("PER", WIKIFANE_PER), ("ORG", WIKIFANE_ORG), ("LOC", WIKIFANE_LOC))
                for t in ts.split()}  # fmt: skip
PROCLITICS = {"و", "ف", "ب", "ل", "ك"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا", "ي"}  # ك is taken as a proclitic


def map_tag(tag: str) -> str:
    """``B-PERS`` -> ``B-PER``; unknown or malformed tags become ``O``."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, kind = tag.split("-", 1)
    kind = TYPE_MAP.get(kind)
    return f"{prefix}-{kind}" if prefix in ("B", "I") and kind else "O"


def read(path: str | Path, fmt: str = "anercorp") -> list[Sentence]:
    """Sentences of (tokens, tags) from a labelled file in ``fmt``."""
    path = Path(path)
    if not path.is_file():
        raise RiwayaError(f"NER data file {str(path)!r} does not exist; pass a token-per-line file")
    readers = {"anercorp": _read_anercorp, "conll": _read_conll, "wikifane": _read_wikifane}
    if fmt not in readers:
        raise RiwayaError(f"unknown NER data format {fmt!r}; use one of {sorted(readers)}")
    return readers[fmt](path.read_text(encoding="utf-8-sig"))


def _pairs(text: str, sep: str | None = None):
    for line in text.splitlines():
        parts = line.replace("\u200e", "").replace("\ufeff", "").strip().split(sep)
        if len(parts) < 2:
            yield None
            continue
        yield parts[0].strip(), parts[-1].strip()


def _read_anercorp(text: str) -> list[Sentence]:
    sentences, words, tags = [], [], []
    for pair in _pairs(text):
        if pair is None:
            continue
        words.append(pair[0])
        tags.append(map_tag(pair[1]))
        if pair[0] in SENTENCE_END or len(words) >= MAX_SENTENCE:
            sentences.append((words, tags))
            words, tags = [], []
    return sentences + ([(words, tags)] if words else [])


def _read_conll(text: str) -> list[Sentence]:
    sentences, words, tags = [], [], []
    for pair in _pairs(text):
        if pair is None:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(pair[0])
        tags.append(map_tag(pair[1]))
    return sentences + ([(words, tags)] if words else [])


def _read_wikifane(text: str) -> list[Sentence]:
    mapped = []
    for line in text.splitlines():
        parts = line.replace("\u200e", "").strip().split("\t")
        if len(parts) < 2:
            mapped.append("")
            continue
        prefix, _, kind = parts[-1].partition("-")
        kind = WIKIFANE_MAP.get(kind)
        mapped.append(f"{parts[0]} {prefix}-{kind}" if kind and prefix in "BI" else f"{parts[0]} O")
    return [reglue(words, tags) for words, tags in _read_conll("\n".join(mapped))]


def reglue(words: list[str], tags: list[str]) -> Sentence:
    """Glue WikiFANE's split clitics back (و تعتبر -> وتعتبر, مدن ها -> مدنها) as ANERcorp writes them.

    A glued proclitic takes the next word's tag (ANERcorp tags وبغداد as the place); an enclitic
    keeps its host's tag.
    """
    out_w: list[str] = []
    out_t: list[str] = []
    glue_next = False
    for word, tag in zip(words, tags, strict=True):
        if glue_next:
            out_w[-1] += word
            out_t[-1] = tag
        elif word in ENCLITICS and out_w and len(out_w[-1]) >= 2 and out_w[-1][-1].isalpha():
            out_w[-1] = out_w[-1].removesuffix("ة") + ("ت" if out_w[-1].endswith("ة") else "") + word
            continue
        else:
            out_w.append(word)
            out_t.append(tag)
        glue_next = word in PROCLITICS
    return out_w, out_t


def bio(kind: str, n: int) -> list[str]:
    """The BIO tags of one ``n``-word name of type ``kind`` (what :func:`chunks` reads back)."""
    return [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)


def chunks(tags: list[str]) -> set[tuple[int, int, str]]:
    """Exact spans ``(start, end, type)`` from BIO tags, CoNLL style (a stray I- starts a chunk)."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start is not None and (prefix != "I" or typ != kind):
            spans.add((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, typ
    return spans
