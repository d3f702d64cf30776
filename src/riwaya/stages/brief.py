"""Brief per story: what the outlets agree and differ on (result key ``briefs``, kept apart
from ``stories`` so stories stay stable between runs; :class:`riwaya.results.Brief`).

Agreed facts come first: incident comparison slots with status ``agree``, else sentences that
several outlets support. Contested details (``conflict`` slots) say who says what. Every item
cites its article and sentence span.
"""

from __future__ import annotations

from riwaya.corpus import Corpus
from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.results import Brief, BriefFact, Cite, Claim, ContestedClaim, ContestedSlot, SlotComparison, Story
from riwaya.stages.stories.lexical import term_vector
from riwaya.stages.timeline import cite, sentence_at, story_articles, story_incidents

MAX_AGREED = 5
SUPPORT_SIMILARITY = 0.35  # two sentences from different outlets state the same fact
REDUNDANT = 0.5  # a candidate this close to a chosen sentence adds nothing
MIN_SENTENCE, MAX_SENTENCE = 30, 400


def story_brief(story: Story, corpus: Corpus) -> Brief:
    articles = [a for a in story_articles(story, corpus.by_id()) if a.language in (None, "ar")]
    by_id = {a.id: a for a in articles}
    compared = corpus.comparisons()
    found = [compared[inc.id] for inc in story_incidents(corpus, set(by_id)) if inc.id in compared]
    slots = [s for comparison in found for s in comparison.slots]
    claims = [c for comparison in found for c in comparison.claims]
    agreed = [_slot_item(s, claims, by_id) for s in slots if s.status == "agree"]
    minority = _minority_values(slots)
    agreed = sorted((i for i in agreed if i and i.slot.partition(":")[2] not in minority),
                    key=lambda i: -len(i.outlets))  # fmt: skip
    contested = [_conflict_item(s, claims, by_id) for s in slots if s.status == "conflict"]
    method = "incident comparison" if agreed or contested else "cross-outlet sentence support"
    if not agreed:
        agreed = supported_sentences(articles)
    return Brief(story.id, "ar", method, agreed, [c for c in contested if c.claims])


def _minority_values(slots: list[SlotComparison]) -> set[str]:
    """Values on the smaller side of a conflict: their details (count:rocket) are not agreed facts."""
    out = set()
    for slot in slots:
        values = slot.values if slot.status == "conflict" else []
        ranked = sorted(values, key=lambda v: -len(v.articles))
        out.update(str(v.value) for v in ranked[1:])
    return out


def _claim_sentence(claim: Claim, by_id: dict[str, Article]) -> Cite | None:
    article = by_id.get(claim.article)
    if article is None:
        return None
    return cite(article, sentence_at(article, claim.start))


def _slot_item(slot: SlotComparison, claims: list[Claim], by_id: dict[str, Article]) -> BriefFact | None:
    """An agreed slot, told by the first sentence that states it, with every supporting outlet."""
    mine = [c for c in claims if c.slot == slot.slot and c.article in by_id]
    sentence = next((s for s in (_claim_sentence(c, by_id) for c in mine) if s), None)
    if sentence is None:
        return None
    outlets = sorted({c.outlet or c.article for c in mine})
    sources = sorted({c.source for c in mine if c.source})
    return BriefFact(sentence, f"{len(outlets)} outlet(s) agree on {slot.slot}", outlets, slot.slot, sources)


def _conflict_item(slot: SlotComparison, claims: list[Claim], by_id: dict[str, Article]) -> ContestedSlot:
    """Who says what: one cited sentence per distinct value, with the sources behind it."""
    out = []
    for value in slot.values:
        mine = [c for c in claims if c.slot == slot.slot and c.value == value.value]
        sentence = next((s for s in (_claim_sentence(c, by_id) for c in mine) if s), None)
        if sentence:
            out.append(ContestedClaim(sentence, value.value, value.sources, value.articles))
    return ContestedSlot(slot.slot, out)


def supported_sentences(articles: list[Article]) -> list[BriefFact]:
    """Fallback: sentences several outlets support, ranked by support then centrality (MMR-style)."""
    pool = [(a, s, term_vector(a.surface(s))) for a in articles for s in a.layer("sentences")
            if MIN_SENTENCE <= s.end - s.start <= MAX_SENTENCE]  # fmt: skip
    pool = [p for p in pool if p[2]]
    centroid = _mean(v for _, _, v in pool)
    scored = sorted(
        ((_support(p, pool), _cosine(p[2], centroid), n, p) for n, p in enumerate(pool)),
        key=lambda t: (-len(t[0]), -t[1], t[2]),
    )
    chosen: list[tuple] = []
    for outlets, centrality, _, item in scored:
        if len(chosen) >= MAX_AGREED or (not outlets and chosen):
            break
        if all(_cosine(item[2], c[2]) < REDUNDANT for c, _ in chosen):
            chosen.append((item, (sorted(outlets | {item[0].outlet_label}), round(centrality, 3))))
    return [_support_record(a, s, outlets, centrality) for (a, s, _), (outlets, centrality) in chosen]


def _support_record(article: Article, span: Span, outlets: list[str], centrality: float) -> BriefFact:
    n = len(outlets)
    basis = f"stated by {n} outlets" if n > 1 else "single source: no other outlet states it"
    return BriefFact(cite(article, span), basis, outlets, centrality=centrality)


def _support(item, pool) -> set[str]:
    """Other outlets with a sentence saying much the same thing."""
    own = item[0].outlet_label
    return {
        a.outlet_label
        for a, _, v in pool
        if a.outlet_label != own and _cosine(item[2], v) >= SUPPORT_SIMILARITY
    }


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _mean(vectors) -> dict[str, float]:
    total: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
    norm = sum(w * w for w in total.values()) ** 0.5
    return {t: w / norm for t, w in total.items()} if norm else {}


@component("brief", version="1", level="corpus", requires=("stories",),
           optional=("incidents", "comparison", "sentences"), provides=("briefs",))  # fmt: skip
def brief_stage(corpus: Corpus) -> None:
    corpus.put("briefs", [story_brief(s, corpus) for s in corpus.get("stories")])
