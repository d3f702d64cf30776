"""Components declare requires/provides; the pipeline checks them when it is built."""

import pytest

from riwaya.errors import PipelineError
from riwaya.model import Article, Span
from riwaya.pipeline import REGISTRY, Pipeline, component


@pytest.fixture
def scratch_components():
    before = dict(REGISTRY)

    @component("t_words", requires=("paragraphs",), provides=("t_words",))
    def words(article):
        article.add_layer("t_words", [Span(0, 1)])

    @component("t_counts", requires=("t_words",), provides=("t_counts",))
    def counts(article):
        article.meta["n"] = len(article.layer("t_words"))

    yield
    REGISTRY.clear()
    REGISTRY.update(before)


def test_pipeline_default_builds_and_lists_core_steps():
    names = [c["name"] for c in Pipeline.build().describe()]
    assert names[0] == "clean"
    assert names.index("segment") < names.index("language")


def test_pipeline_missing_layer_names_the_provider(scratch_components):
    with pytest.raises(PipelineError) as err:
        Pipeline.build(["clean", "t_counts"])
    message = str(err.value)
    assert "'t_counts' requires layer 't_words'" in message and "t_words" in message.split("add one of:")[1]


def test_pipeline_unknown_component_is_reported(scratch_components):
    with pytest.raises(PipelineError, match="unknown component"):
        Pipeline.build(["clean", "no_such_step"])


def test_pipeline_runs_components_in_dependency_order(scratch_components):
    pipeline = Pipeline.build(["clean", "t_words", "t_counts"])
    article = Article("نص")
    pipeline.run_article(article)
    assert article.meta["n"] == 1


def test_pipeline_bad_level_is_rejected():
    with pytest.raises(PipelineError, match="level"):
        component("x", level="sentence")
