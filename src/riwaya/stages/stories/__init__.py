"""Story clustering (the ``stories`` corpus stage): see :mod:`riwaya.stages.stories.stage`."""

from riwaya.stages.stories.clustering import Clusterer, RunningStory, StoryInput, Verdict, featurize, judge
from riwaya.stages.stories.lexical import Idf, corpus_idf, default_idf, stems, term_vector
from riwaya.stages.stories.stage import (
    cluster,
    incident_partners,
    stories_stage,
    story_from_record,
    story_record,
)

__all__ = [
    "Clusterer",
    "Idf",
    "RunningStory",
    "StoryInput",
    "Verdict",
    "cluster",
    "corpus_idf",
    "default_idf",
    "featurize",
    "incident_partners",
    "judge",
    "stems",
    "stories_stage",
    "story_from_record",
    "story_record",
    "term_vector",
]
