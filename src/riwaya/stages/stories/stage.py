"""Story clustering: which articles report the same unfolding story, online and explained.

Why conservative: two articles put in one story look like two newsrooms corroborating each
other, so a false merge is worse than a split. An article joins a story only when several
signals agree, and its membership keeps the score and the reason (shared words, embedding
similarity, shared entities, days apart) so a reader can check the decision.

Signals, compared against each story's running state (centroids, not every member):
* multilingual sentence embeddings of title + lead (:mod:`riwaya.text.embed`), so Arabic and
  English reports of one event can meet;
* TF-IDF over normalised light stems (:func:`riwaya.text.tokens.match_key`) and stem bigrams of
  title + lead, weighted by a background document-frequency table (``data/story_df.tsv``);
* shared canonical entities (``entities`` layer, attr ``key``) when that layer exists;
* time decay on publication dates: far-apart dates lower the score, > MAX_GAP_DAYS forbids,
  and stretching a story beyond SPAN_DAYS costs score (no drifting into a whole beat).

Online: each story record carries its ``state`` (centroid, top terms, entity counts, date
range); a new run restores it from the stored ``stories`` result and assigns only articles not
yet in a story, so earlier memberships never change. Articles are taken in date order.

Seed 003 (a later event that recalls the 2021 attack) joins the attack story when, as in the
seed files, no publication dates are known: its words and embedding are as close to the story
as 002's, and text alone cannot tell a follow-up from a later event. With publication dates a
year apart it cannot join (``MAX_GAP_DAYS``). 004 (another Kadhimi story) stays apart.

Result key ``stories``: :class:`riwaya.results.Story` records (``id, title, articles[{article,
score, reason, signals}], first, last, size, outlets, languages, state``). Modules: lexical
features (:mod:`.lexical`), the online clusterer (:mod:`.clustering`), this stage (:mod:`.stage`).
"""

from __future__ import annotations

import base64
from collections import Counter
from datetime import date

import numpy as np

from riwaya.corpus import Corpus
from riwaya.pipeline import component
from riwaya.results import Incident, Story, StoryState
from riwaya.stages.stories.clustering import Clusterer, RunningStory, StoryInput, featurize
from riwaya.stages.stories.lexical import LEAD_CHARS, corpus_idf
from riwaya.text.embed import DIM, Embedder, head_text


# --- records (the ``stories`` result) and the corpus stage ------------------------------------
def story_record(story: RunningStory) -> Story:
    """The exported story, with the state a later run needs to keep assigning online."""
    state = StoryState(_pack(story.emb_sum), {t: round(w, 5) for t, w in story.terms.items()},
                       dict(story.entities), [story.first, story.last], story.size)  # fmt: skip
    return Story(story.id, story.title, list(story.members), _iso(story.first), _iso(story.last),
                 sorted(story.outlets), sorted(story.languages), state)  # fmt: skip


def story_from_record(record: Story) -> RunningStory:
    state = record.state
    first, last = state.days
    return RunningStory(
        record.id, record.title, _unpack(state.centroid), dict(state.terms), Counter(state.entities),
        first, last, list(record.members), set(record.outlets), set(record.languages), state.added,
    )  # fmt: skip


def _pack(vec: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vec, dtype="<f4").tobytes()).decode("ascii")


def _unpack(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(DIM, np.float32)
    vec = np.frombuffer(base64.b64decode(text), dtype="<f4").copy()
    return vec if vec.shape == (DIM,) else np.zeros(DIM, np.float32)


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


def cluster(corpus: Corpus, embedder: Embedder | None = None) -> list[Story]:
    """Restore earlier stories, assign only the articles not yet in one, drop vanished members."""
    current = {a.id for a in corpus.articles}
    stories = [story_from_record(r) for r in corpus.get("stories")]
    for story in stories:
        story.members = [m for m in story.members if m.article in current]
    clusterer = Clusterer(s for s in stories if s.members)
    done = clusterer.assigned()
    partners = incident_partners(corpus.incidents())
    new = [StoryInput.from_article(a, partners.get(a.id, ())) for a in corpus.articles if a.id not in done]
    if new:  # the corpus idf reads every article's lead: only worth it when some will be placed
        idf = corpus_idf(head_text(a.title, a.text, LEAD_CHARS) for a in corpus.articles)
        clusterer.add_all(featurize(new, embedder, idf))
    return [story_record(s) for s in clusterer.stories]


def incident_partners(incidents: list[Incident]) -> dict[str, set[str]]:
    """Article id -> the other articles that report one of its incidents."""
    out: dict[str, set[str]] = {}
    for incident in incidents:
        members = set(incident.articles)
        for article_id in members if len(members) > 1 else ():
            out.setdefault(article_id, set()).update(members)
    return out


def place_incidents(stories: list[Story], incidents: list[Incident]) -> None:
    """Each incident into the story holding most of its lead articles (else of its articles):
    the storyline's incidents, the second level of the account."""
    story_of = {m.article: k for k, st in enumerate(stories) for m in st.members}
    for incident in incidents:
        votes = Counter(story_of[a] for a in incident.leads or incident.articles if a in story_of)
        if votes:
            stories[max(votes, key=lambda k: (votes[k], -k))].incidents.append(incident.id)


@component("stories", version="3", level="corpus", provides=("stories",), optional=("entities", "incidents"))
def stories_stage(corpus: Corpus) -> None:
    stories = cluster(corpus)
    place_incidents(stories, corpus.incidents())
    corpus.put("stories", stories)
