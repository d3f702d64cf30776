"""Online story clustering: the article view (:class:`StoryInput`), a story's running state
(:class:`RunningStory`), the decision (:func:`judge`) and the :class:`Clusterer`.

An article joins the best story whose gates it passes (words and meaning for one language,
meaning only across languages), else opens a new one; the membership keeps the score, the
reason in words and the signals. Dates decay the score and forbid joins beyond MAX_GAP_DAYS.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from riwaya.model import Article
from riwaya.results import StoryMember
from riwaya.stages.stories.lexical import LEAD_CHARS, Idf, corpus_idf, term_vector
from riwaya.text.embed import DIM, Embedder, default_embedder, head_text

TOP_TERMS = 80  # terms kept in a story's lexical centroid (also what is stored)
MAX_GAP_DAYS = 30  # beyond this an article cannot join (a later event recalling an old one)
DECAY_DAYS = 20.0  # score *= exp(-(gap - 2) / DECAY_DAYS): follow-ups a week later still join
SPAN_DAYS = 10  # a story may cover this many days before stretching it costs score
SPAN_DECAY_DAYS = 7.0
WINDOW_DAYS = 7  # stories older than this are not embedding candidates for a dated article

# Gates (see judge): same-language joins need words AND meaning to agree.
MIN_LEXICAL = 0.22
MIN_EMBEDDING = 0.35
JOIN_SCORE = 0.40
CROSS_MIN_EMBEDDING = 0.62  # across languages only the embedding (and entities) can speak
ENTITY_BONUS = 0.04  # per shared entity key, at most three
INCIDENT_BONUS = 0.1  # the article reports an incident that a member article also reports
MAX_LEXICAL_CANDIDATES = 30


@dataclass
class StoryInput:
    """What clustering needs from one article (built from an Article or a raw record)."""

    id: str
    title: str | None
    text: str
    day: int | None = None
    language: str | None = None
    outlet: str | None = None
    entities: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    vec: np.ndarray | None = None
    terms: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article, partners: Iterable[str] = ()) -> StoryInput:
        """``partners``: articles that report one of this article's incidents (from incidents)."""
        keys = frozenset(s.attrs["key"] for s in article.layer("entities") if s.attrs.get("key"))
        day = day_number(article.published.value) if article.published.precision == "day" else None
        return cls(article.id, article.title, article.text, day, article.language, article.outlet, keys,
                   frozenset(partners) - {article.id})  # fmt: skip

    def head(self, chars: int) -> str:
        return head_text(self.title, self.text, chars)


def day_number(value: str | None) -> int | None:
    """Proleptic ordinal of an ISO day, or None when the value is not a full date."""
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def featurize(
    inputs: list[StoryInput], embedder: Embedder | None = None, idf: Idf | None = None
) -> list[StoryInput]:
    """Fill each input's embedding (title + lead) and TF-IDF terms; batches the embedding.
    Without ``idf``, document frequencies come from the background plus ``inputs`` themselves."""
    embedder = embedder or default_embedder()
    idf = idf or corpus_idf(item.head(LEAD_CHARS) for item in inputs)
    vectors = embedder.encode([item.head(300) for item in inputs])
    for item, vec in zip(inputs, vectors, strict=False):
        item.vec = vec
        item.terms = term_vector(item.head(LEAD_CHARS), idf)
    return inputs


@dataclass
class RunningStory:
    """A story's running state: enough to judge a new article without its earlier members."""

    id: str
    title: str | None
    emb_sum: np.ndarray
    terms: dict[str, float]
    entities: Counter
    first: int | None
    last: int | None
    members: list[StoryMember] = field(default_factory=list)
    outlets: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    size: int = 0
    _centroid: np.ndarray | None = field(default=None, repr=False)
    _term_norm: float | None = field(default=None, repr=False)

    @classmethod
    def open(cls, item: StoryInput) -> RunningStory:
        story = cls(f"story-{item.id[:12]}", item.title, np.zeros(DIM, np.float32), {}, Counter(), None, None)
        story.add(item, StoryMember(item.id, 1.0, "opened the story", {}))
        return story

    def add(self, item: StoryInput, member: StoryMember) -> None:
        if item.vec is not None:
            self.emb_sum += item.vec
        for term, weight in item.terms.items():
            self.terms[term] = self.terms.get(term, 0.0) + weight
        self.terms = dict(sorted(self.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS])
        self.entities.update(sorted(item.entities))
        self._widen(item.day)
        self.outlets.update([item.outlet] if item.outlet else [])
        self.languages.update([item.language] if item.language else [])
        self.members.append(member)
        self.size += 1
        self._centroid = self._term_norm = None

    def _widen(self, day: int | None) -> None:
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def centroid(self) -> np.ndarray:
        if self._centroid is None:
            norm = float(np.sqrt(self.emb_sum @ self.emb_sum))
            self._centroid = self.emb_sum / norm if norm else self.emb_sum
        return self._centroid

    def term_norm(self) -> float:
        if self._term_norm is None:
            self._term_norm = math.sqrt(sum(x * x for x in self.terms.values()))
        return self._term_norm

    def span_with(self, day: int | None) -> int | None:
        """How many days the story would cover with an article of ``day``."""
        if day is None or self.first is None:
            return None
        return max(self.last, day) - min(self.first, day)

    def days_apart(self, day: int | None) -> int | None:
        if day is None or self.first is None:
            return None
        return max(0, self.first - day, day - self.last)


@dataclass
class Verdict:
    score: float
    joins: bool
    reason: str
    signals: dict[str, Any]


def judge(item: StoryInput, story: RunningStory) -> Verdict:
    """Score ``item`` against ``story`` and say, in words, why it joins or not."""
    emb = float(story.centroid() @ item.vec) if item.vec is not None else 0.0
    lexical, shared = _lexical(item.terms, story.terms, story.term_norm())
    entities = sorted(item.entities & set(story.entities))[:3]
    gap = story.days_apart(item.day)
    cross = bool(item.language and story.languages and item.language not in story.languages)
    same_incident = sorted(item.partners & {m.article for m in story.members})[:3]
    base, gate_ok = _base_score(emb, lexical, cross)
    if same_incident:  # the incidents stage already matched the event itself: meaning must still agree
        base, gate_ok = base + INCIDENT_BONUS, emb >= MIN_EMBEDDING
    decay = _decay(gap, story.span_with(item.day))
    score = round((base + ENTITY_BONUS * len(entities)) * decay, 4)
    too_far = gap is not None and gap > MAX_GAP_DAYS
    joins = gate_ok and not too_far and score >= JOIN_SCORE
    signals = {"embedding": round(emb, 3), "lexical": round(lexical, 3), "shared_terms": shared,
               "shared_entities": entities, "days_apart": gap, "cross_language": cross,
               "same_incident_as": same_incident}  # fmt: skip
    return Verdict(score, joins, _reason(signals, too_far), signals)


def _decay(gap: int | None, span: int | None) -> float:
    """Far from the story's dates, and stretching the story beyond SPAN_DAYS, both cost score:
    the second stops a story from drifting day by day into a whole beat (daily market reports)."""
    if gap is None:
        return 1.0
    return math.exp(-max(0, gap - 2) / DECAY_DAYS) * math.exp(
        -max(0, (span or 0) - SPAN_DAYS) / SPAN_DECAY_DAYS
    )


def _base_score(emb: float, lexical: float, cross: bool) -> tuple[float, bool]:
    """Same language: words and meaning must both agree; across languages: meaning only, higher bar."""
    if cross and lexical < MIN_LEXICAL:
        return emb * JOIN_SCORE / CROSS_MIN_EMBEDDING, emb >= CROSS_MIN_EMBEDDING
    return 0.4 * emb + 0.6 * lexical, lexical >= MIN_LEXICAL and emb >= MIN_EMBEDDING


def _lexical(terms: dict[str, float], story_terms: dict[str, float], norm: float) -> tuple[float, list[str]]:
    if not norm or not terms:
        return 0.0, []
    parts = {t: w * story_terms[t] for t, w in terms.items() if t in story_terms}
    top = sorted(parts, key=lambda t: (-parts[t], t))[:5]
    return sum(parts.values()) / norm, top


def _reason(signals: dict[str, Any], too_far: bool) -> str:
    bits = []
    if signals["shared_terms"]:
        bits.append(f"shares words {', '.join(signals['shared_terms'])} (tf-idf {signals['lexical']})")
    bits.append(f"embedding similarity {signals['embedding']}")
    if signals["cross_language"]:
        bits.append("other language: judged by the multilingual embedding")
    if signals["shared_entities"]:
        bits.append(f"same entities {', '.join(signals['shared_entities'])}")
    if signals.get("same_incident_as"):
        bits.append(f"reports the same incident as {', '.join(a[:8] for a in signals['same_incident_as'])}")
    gap = signals["days_apart"]
    bits.append("dates unknown" if gap is None else f"{gap} day(s) from the story's dates")
    if too_far:
        bits.append(f"more than {MAX_GAP_DAYS} days apart: a separate event")
    return "; ".join(bits)


class Clusterer:
    """Assigns articles one by one to the best story that accepts them, else opens a new one.

    Candidates come from an inverted index of story terms (lexical) plus the nearest story
    centroids by embedding (cross-language), restricted to stories active near the article's
    date; only candidates are scored in full.
    """

    def __init__(self, stories: Iterable[RunningStory] = ()):
        self.stories: list[RunningStory] = []
        self.index: dict[str, set[int]] = {}
        self.matrix = np.zeros((64, DIM), np.float32)  # row p: centroid of story p
        self.last_days = np.zeros(64, np.int64)  # 0 = undated
        for story in stories:
            self._register(story)

    def _register(self, story: RunningStory) -> int:
        self.stories.append(story)
        pos = len(self.stories) - 1
        if pos >= len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
            self.last_days = np.concatenate([self.last_days, np.zeros_like(self.last_days)])
        self._refresh(pos)
        return pos

    def _refresh(self, pos: int) -> None:
        story = self.stories[pos]
        self.matrix[pos] = story.centroid()
        self.last_days[pos] = story.last or 0
        self._index_terms(pos)

    def _index_terms(self, pos: int) -> None:
        for term in self.stories[pos].terms:
            self.index.setdefault(term, set()).add(pos)

    def assigned(self) -> set[str]:
        return {m.article for s in self.stories for m in s.members}

    def add_all(self, items: list[StoryInput], batch: int = 128) -> None:
        """Assign in date order (undated last, in given order); embeddings compared per batch."""
        items = sorted(items, key=lambda it: (it.day is None, it.day or 0))
        for lo in range(0, len(items), batch):
            chunk = items[lo : lo + batch]
            near = self._embedding_candidates(chunk)
            for item, extra in zip(chunk, near, strict=False):
                self.add(item, extra)

    def add(self, item: StoryInput, nearby: Iterable[int] = ()) -> RunningStory:
        if item.vec is None:  # not embedded: it cannot join (every gate needs meaning), only open
            item.vec = np.zeros(DIM, np.float32)
        best: tuple[Verdict, int] | None = None
        for pos in self._candidates(item, nearby):
            if not self._close(item, pos):
                continue
            verdict = judge(item, self.stories[pos])
            if verdict.joins and (best is None or verdict.score > best[0].score):
                best = (verdict, pos)
        if best is None:
            return self.stories[self._register(RunningStory.open(item))]
        verdict, pos = best
        story = self.stories[pos]
        story.add(item, StoryMember(item.id, verdict.score, verdict.reason, verdict.signals))
        self._refresh(pos)
        return story

    def _candidates(self, item: StoryInput, nearby: Iterable[int]) -> set[int]:
        top = sorted(item.terms, key=lambda t: -item.terms[t])[:15]
        shared = Counter(pos for t in top for pos in self.index.get(t, ()))
        found = {p for p, _ in shared.most_common(MAX_LEXICAL_CANDIDATES)} | set(nearby)
        found.update(
            self._snapshot
            + np.flatnonzero(self.matrix[self._snapshot : len(self.stories)] @ item.vec >= MIN_EMBEDDING)
        )
        return {int(p) for p in found if _near_in_time(item.day, self.stories[p])}

    def _close(self, item: StoryInput, pos: int) -> bool:
        """Every gate needs at least MIN_EMBEDDING: a cheap pre-check before the full judgement."""
        return item.vec is not None and float(self.matrix[pos] @ item.vec) >= MIN_EMBEDDING

    _snapshot = 0

    def _embedding_candidates(self, chunk: list[StoryInput], k: int = 5) -> list[list[int]]:
        """Top-k stories by centroid similarity for each item of a chunk, in one matrix product."""
        self._snapshot = len(self.stories)
        days = [it.day for it in chunk if it.day is not None]
        last = self.last_days[: self._snapshot]
        pool = (
            np.flatnonzero((last == 0) | (last >= min(days) - WINDOW_DAYS)) if days else np.arange(len(last))
        )
        if not len(pool):
            return [[] for _ in chunk]
        centroids = self.matrix[pool]
        vectors = np.stack([it.vec if it.vec is not None else np.zeros(DIM, np.float32) for it in chunk])
        sims = vectors @ centroids.T
        best = np.argsort(-sims, axis=1)[:, :k]
        return [[int(pool[j]) for j in row] for row in best]


def _near_in_time(day: int | None, story: RunningStory) -> bool:
    gap = story.days_apart(day)
    return gap is None or gap <= MAX_GAP_DAYS
