"""Components declare requires/provides; the pipeline checks them when it is built."""

import importlib

import pytest

from riwaya import pipeline
from riwaya.analysis import components_key, process_document
from riwaya.errors import PipelineError
from riwaya.model import Article, RawDocument, Span
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


def _register_same_function():
    @component("t_same", provides=("t_same",))
    def same(article):
        article.meta["same"] = True

    return same


def test_pipeline_duplicate_name_from_another_function_is_refused(scratch_components):
    with pytest.raises(PipelineError) as err:

        @component("t_words", provides=("t_words",))
        def other_words(article):
            pass

    message = str(err.value)
    assert "'t_words' is already registered by test_pipeline_registry.scratch_components" in message
    assert "other_words cannot register it too; give one of them another name" in message
    assert REGISTRY["t_words"].func.__name__ == "words"


def test_pipeline_same_function_registered_again_is_not_a_duplicate(scratch_components):
    first, second = _register_same_function(), _register_same_function()
    assert first is not second and REGISTRY["t_same"].func is second


def test_pipeline_reimporting_a_step_module_registers_nothing_new(scratch_components):
    before = sorted(REGISTRY)
    importlib.reload(importlib.import_module("riwaya.components.segment"))
    assert sorted(REGISTRY) == before and REGISTRY["segment"].func.__module__ == "riwaya.components.segment"


def test_pipeline_missing_step_module_is_an_error(monkeypatch):
    monkeypatch.setattr(pipeline, "STEP_MODULES", (*pipeline.STEP_MODULES, "riwaya.stages.no_such_stage"))
    with pytest.raises(PipelineError, match="'riwaya.stages.no_such_stage' in riwaya.pipeline.STEP_MODULES"):
        Pipeline.build()


def test_pipeline_step_module_with_a_missing_import_is_not_called_missing(tmp_path, monkeypatch):
    (tmp_path / "t_broken_step.py").write_text("import no_such_package_for_riwaya_tests\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as err:
        pipeline.load_step_modules(["t_broken_step"])
    assert err.value.name == "no_such_package_for_riwaya_tests"


def test_pipeline_version_callable_runs_at_build_not_at_import(scratch_components):
    calls = []

    def digest() -> str:
        calls.append(1)
        return "7+abc"

    @component("t_versioned", version=digest, requires=("paragraphs",), provides=("t_versioned",))
    def versioned(article):
        pass

    assert calls == [] and REGISTRY["t_versioned"].version is digest
    built = Pipeline.build(["clean", "t_versioned"])
    assert len(calls) == 1 and built.components[1].version == "7+abc"
    assert built.describe()[1]["version"] == "7+abc"
    assert components_key(built) == '["clean@2", "t_versioned@7+abc"]'
    again = Pipeline.build(["clean", "t_versioned"])
    assert len(calls) == 1 and again.components[1].key == "t_versioned@7+abc"  # cached
    doc, _ = process_document(RawDocument("عنوان\nنص المقال", "t.txt", {}), again)
    assert doc.meta["components"] == ["clean@2", "t_versioned@7+abc"]


def test_pipeline_version_callable_must_return_a_string(scratch_components):
    @component("t_badversion", version=lambda: None, provides=("t_badversion",))
    def bad(article):
        pass

    with pytest.raises(PipelineError, match="'t_badversion': its version callable returned None"):
        Pipeline.build(["clean", "t_badversion"])


def test_pipeline_default_versions_are_strings_once_built():
    described = Pipeline.build().describe()
    assert len(described) >= 12
    assert [d["name"] for d in described if not isinstance(d["version"], str) or not d["version"]] == []


TEXT = "قمة في القاهرة\nقال الرئيس الأمريكي جو بايدن في واشنطن يوم الاثنين إن المحادثات ستستمر."


def test_pipeline_call_annotates_one_text_like_the_batch_run():
    nlp = Pipeline.build()
    doc = nlp(TEXT, published="2024-03-04", outlet="صحيفة المثال")
    assert doc.title == "قمة في القاهرة" and doc.language == "ar" and doc.outlet == "صحيفة المثال"
    assert doc.published.value == "2024-03-04" and doc.published.source == "metadata"
    assert [doc.surface(s) for s in doc.layer("entities")] == [
        "القاهرة",
        "الرئيس الأمريكي",
        "جو بايدن",
        "واشنطن",
    ]
    batch, _ = process_document(
        RawDocument(TEXT, "<text>", {"date": "2024-03-04", "outlet": "صحيفة المثال"}), nlp
    )
    assert batch.meta.pop("edition") == '[null, "2024-03-04"]'  # what the store versions by
    assert doc.layers == batch.layers and doc.meta == batch.meta | {"format": "txt"}


def test_pipeline_call_takes_a_title_and_body_only_text():
    doc = Pipeline.build(["clean", "segment"])("النص كله متن المقال.", title="عنوان آخر", format="json")
    assert doc.title == "عنوان آخر" and doc.layer("title") == [] and len(doc.layer("sentences")) == 1


def test_pipeline_call_without_a_source_component_says_how_to_build_one():
    with pytest.raises(PipelineError, match="Pipeline.build"):
        Pipeline()("نص")


def test_pipeline_call_keeps_further_metadata_for_the_components():
    doc = Pipeline.build(["clean", "segment"])("عنوان\nنص المقال.", crawled="2024-03-05")
    assert doc.meta["crawled"] == "2024-03-05" and doc.meta["format"] == "txt"


def test_pipeline_default_order_does_not_depend_on_import_order(scratch_components):
    before = [c["name"] for c in Pipeline.build().describe()]
    language = REGISTRY.pop("language")
    REGISTRY["language"] = language  # as if imported last
    assert [c["name"] for c in Pipeline.build().describe()] == before
    assert before.index("segment") < before.index("language") < before.index("entities")
