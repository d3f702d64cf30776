"""The Python API that the CLI is a thin skin over: ``analyze``, ``export``, ``show``.

``analyze`` ingests inputs, cleans and annotates each article (in ``jobs`` processes), stores
the articles, then runs the corpus stages over every current article of the store. Each call
is a run of the store's ``runs`` table (:mod:`riwaya.store.runs`), finished only once its
corpus results are saved.
"""

from __future__ import annotations

import importlib.metadata
import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riwaya import export as exporter
from riwaya.corpus import Corpus
from riwaya.errors import RiwayaError
from riwaya.export.formats import FORMATS
from riwaya.ingest.repair import cut_title, repair_document, valid_unicode
from riwaya.ingest.sources import iter_documents
from riwaya.model import Article, Failure, RawDocument
from riwaya.pipeline import Pipeline, error_reason, time_budget
from riwaya.store.copies import RECORD, edition, identity, publication_key
from riwaya.store.sqlite import Store

BATCH = 200


@dataclass
class Result:
    """What a run did: the corpus, failures of this run, counts and per-stage seconds; ``run``
    is its id in the store's ``runs`` table, ``completed`` the earlier unfinished (killed) runs
    whose stored articles its corpus stages covered."""

    corpus: Corpus
    failures: list[Failure] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    timings: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run: int | None = None
    completed: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def export(self) -> dict[str, Any]:
        return exporter.build(self.corpus, failures=[f.to_dict() for f in self.failures])


@dataclass
class Unchanged:
    """A document whose cleaned text the store already holds, analysed by these components."""

    id: str


_WORKER_PIPELINE: Pipeline | None = None
_WORKER_KNOWN: dict[str, str] = {}
_WORKER_PARTIAL = False


def _init_worker(names: list[str] | None, known: dict[str, str], partial: bool) -> None:
    global _WORKER_PIPELINE, _WORKER_KNOWN, _WORKER_PARTIAL
    _WORKER_PIPELINE, _WORKER_KNOWN, _WORKER_PARTIAL = Pipeline.build(names), known, partial


def components_key(pipeline: Pipeline) -> str:
    """What the store keeps per article to say which component versions analysed it."""
    return json.dumps([c.key for c in pipeline.components])


def process_document(
    doc: RawDocument,
    pipeline: Pipeline | None = None,
    known: dict[str, str] | None = None,
    partial: bool | None = None,
) -> tuple[Article | Failure | Unchanged, dict]:
    """Clean and annotate one document; any exception becomes a Failure naming the stage.

    ``known`` (:func:`~riwaya.store.copies.identity` -> components key, from the store) skips
    the annotation of an article already stored by the same component versions: re-running a
    30k-article corpus to add ten articles then costs the cleaning, not half an hour.
    ``partial``: an article whose component failed is kept with ``failed_layers`` (else it
    becomes the Failure of that component, as the all-or-nothing HTTP ingest wants)."""
    pipeline = pipeline or _WORKER_PIPELINE
    known = _WORKER_KNOWN if known is None else known
    partial = _WORKER_PARTIAL if partial is None else partial
    timings: dict[str, float] = {}
    stage, source = "clean", doc.source
    try:
        stage = "unicode"
        doc, replaced, notes = repair_document(doc)
        stage, source = "clean", doc.source
        for comp in pipeline.at("source"):
            stage, t0 = comp.name, time.perf_counter()
            with time_budget(
                pipeline.component_seconds, f"{comp.name!r} ran past its budget on this document"
            ):
                article = comp.func(doc)  # an OverBudget here is this document's failure
            timings[stage] = time.perf_counter() - t0
        if not article.text.strip():
            return Failure(doc.source, "clean", "no article text left after removing boilerplate"), timings
        stage = "title"
        notes += _checked(article, replaced)
        if notes:
            article.meta["repairs"] = notes
        article.meta["edition"] = edition(doc.meta)
        place = publication_key(article.url, article.source, article.outlet, article.meta.get("record"))
        keys = (identity(article.id, place, article.meta["edition"]), identity(article.id, place))
        if known and components_key(pipeline) in (known.get(keys[0]), known.get(keys[1])):
            return Unchanged(article.id), timings
        stage = "article"
        pipeline.run_article(article, timings)
        if article.failed_layers and not partial:
            first = article.failed_layers[0]
            return Failure(source, first["component"], first["reason"]), timings
        article.meta["components"] = [c.key for c in pipeline.components]
        return article, timings
    except Exception as exc:  # noqa: BLE001 - bad input must never stop a batch
        return Failure(source, stage, error_reason(exc)), timings


def _checked(article: Article, replaced: list[dict]) -> list[dict[str, str]]:
    """Add the Unicode replacements to the removals; cut an overlong title; a sidecar that could
    not be read is noted too. The notes of what was repaired (reported as failures)."""
    if replaced:
        article.removals = sorted([*article.removals, *replaced], key=lambda r: r["raw_start"])
    notes = [note] if (note := cut_title(article)) else []
    if article.meta.get("sidecar_error"):
        notes.append({"stage": "sidecar", "reason": article.meta["sidecar_error"]})
    return notes


def article_failures(article: Article) -> list[Failure]:
    """What went wrong in an article that was kept: repairs, and layers a component failed to add."""
    out = [
        Failure(article.source or article.id, n["stage"], n["reason"])
        for n in article.meta.get("repairs", [])
    ]
    for failed in article.failed_layers:
        layers = ", ".join(failed["layers"]) or "none"
        reason = f"{failed['reason']}; the article was kept without layer(s) {layers}"
        out.append(Failure(article.source or article.id, failed["component"], reason))
    return out


def annotate(
    docs: list[RawDocument],
    pipeline: Pipeline,
    jobs: int = 1,
    on_done: Callable[[], None] | None = None,
    known: dict[str, str] | None = None,
    partial: bool = False,
) -> Iterable[tuple[Article | Failure | Unchanged, dict]]:
    """Process documents in order, in ``jobs`` worker processes when ``jobs > 1``
    (``partial``: see :func:`process_document`)."""
    known = known or {}
    if jobs <= 1 or len(docs) < 2:
        for doc in docs:
            yield process_document(doc, pipeline, known, partial)
            on_done and on_done()
        return
    names = [c.name for c in pipeline.components]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(names, known, partial)) as pool:
        for item in pool.imap(process_document, docs, chunksize=4):
            yield item
            on_done and on_done()


def analyze(
    inputs: Iterable[str] | str,
    *,
    db: str | Path | None = None,
    jobs: int = 1,
    pipeline: Pipeline | None = None,
    progress: bool = False,
    command: str | None = None,
) -> Result:
    """Analyse articles from paths, folders, globs, zips or ``-``; store them; run corpus stages.

    The run is recorded from its start (``command`` names it, by default this call); each
    batch of articles is committed with its failures, and the run is marked finished after
    the corpus results are saved, so a killed run stays visible as unfinished."""
    started = time.perf_counter()
    pipeline = pipeline or Pipeline.build()
    inputs = [str(i) for i in ([inputs] if isinstance(inputs, (str, Path)) else list(inputs))]
    store = Store(db)
    try:
        run = store.start_run(inputs, command or f"riwaya.analyze({inputs!r})", _version())
        result = Result(Corpus(), run=run)
        docs = _ingest(inputs, result)
        store.record_failures(result.failures, run, read=inputs)
        with _progress(progress, len(docs)) as tick:
            _annotate_and_store(docs, pipeline, jobs, store, result, tick)
        stage_failures: list[Failure] = []
        result.corpus, changed = run_store_stages(store, pipeline, result.timings, stage_failures)
        store.update_articles(changed, layers=("times",))
        store.save_results(result.corpus.results)
        store.record_failures(stage_failures, run, read=["corpus"])
        result.failures = [_valid(f) for f in [*result.failures, *stage_failures]]
        result.completed = store.finish_run(run)
    finally:
        store.close()
    result.seconds = time.perf_counter() - started
    return result


def _read_as(source: str) -> set[str]:
    """The inputs that reading ``source`` read again: itself, its file (a JSON record
    ``file.json#3``) and its archive (a zip member ``news.zip!a.txt``)."""
    file = RECORD.sub("", source)
    return {source, file, file.split("!", 1)[0]}


def _version() -> str:
    try:
        return importlib.metadata.version("riwaya")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return "unknown"


def _valid(failure: Failure) -> Failure:
    """The failure with valid Unicode (an input name may carry undecodable bytes as surrogates)."""
    fields = (failure.input, failure.stage, failure.reason)
    return Failure(*(valid_unicode(v)[0] for v in fields))


def _ingest(inputs: list[str], result: Result) -> list[RawDocument]:
    docs = []
    for item in iter_documents(inputs):
        if isinstance(item, Failure):
            result.failures.append(item)
        else:
            docs.append(item)
    result.counts["inputs"] = len(docs) + len(result.failures)
    return docs


def _annotate_and_store(docs, pipeline, jobs, store: Store, result: Result, tick) -> None:
    """Store the articles in batches, each in one transaction with its failures (an input read
    again replaces its failure rows of earlier runs; an unchanged one keeps them)."""
    batch: list[Article] = []
    failures: list[Failure] = []
    read: list[str] = []
    for item, timings in annotate(docs, pipeline, jobs, tick, store.component_keys(), partial=True):
        result.timings.update(timings)
        if isinstance(item, Failure):
            failures.append(item)
            read.append(item.input)
        elif isinstance(item, Unchanged):
            result.counts["unchanged"] += 1
        else:
            failures.extend(article_failures(item))
            batch.append(item)
            read.extend(_read_as(item.source or item.id))
        if len(batch) >= BATCH:
            result.counts.update(store.save_articles(batch, failures, result.run, read))
            result.failures.extend(failures)
            batch, failures, read = [], [], []
    result.counts.update(store.save_articles(batch, failures, result.run, read))
    result.failures.extend(failures)


def run_corpus_stages(
    corpus: Corpus, pipeline: Pipeline, timings: Counter | None = None, failures: list[Failure] | None = None
) -> Corpus:
    """Corpus-level stages in order; each may read earlier results and add its own keys.

    With a ``failures`` list, a stage that raises is recorded there (input ``corpus``) and the
    next stages run; without one, its error propagates (the HTTP ingest stores nothing then)."""
    for comp in pipeline.at("corpus"):
        t0 = time.perf_counter()
        try:
            comp.func(corpus)
        except Exception as exc:  # noqa: BLE001 - the articles are stored; report the stage
            if failures is None:
                raise
            failures.append(
                Failure("corpus", comp.name, f"{error_reason(exc)}; its results were not updated")
            )
        if timings is not None:
            timings[comp.name] += time.perf_counter() - t0
    return corpus


def _progress(enabled: bool, total: int):
    """A rich progress bar on long runs; a no-op context otherwise."""

    @contextmanager
    def bar():
        if not enabled or total < 2:
            yield lambda: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress("[progress.description]{task.description}", *columns, transient=True) as prog:
            task = prog.add_task("analysing", total=total)
            yield lambda: prog.advance(task)

    return bar()


def load(db: str | Path) -> Result:
    """Rebuild what a run showed from the store alone."""
    store = Store(db)
    corpus = Corpus(list(store.iter_articles()), store.results())
    result = Result(corpus, failures=store.failures())
    store.close()
    return result


def export(db: str | Path, fmt: str = "json") -> str:
    """The store as text in one of :data:`riwaya.export.formats.FORMATS` (json, jsonl, csv,
    acled, plover, graphml, brief)."""
    if fmt not in FORMATS:
        raise RiwayaError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(load(db).export())


def show(article_id: str, db: str | Path) -> Article:
    """One stored article with its layers (a unique id prefix is enough)."""
    store = Store(db)
    try:
        return store.load_article(article_id)
    finally:
        store.close()


def run_store_stages(
    store: Store,
    pipeline: Pipeline,
    timings: Counter | None = None,
    failures: list[Failure] | None = None,
    given: dict[str, list[Any]] | None = None,
) -> tuple[Corpus, list[Article]]:
    """The corpus stages over every current article of ``store``, saving nothing: the corpus
    with its new results, and the articles whose publication date the stages changed. ``given``
    replaces stored result keys first (new corrections, before they are saved)."""
    corpus = Corpus(list(store.iter_articles()), {**store.results(), **(given or {})})
    before = {a.id: a.published.to_dict(a.text) for a in corpus.articles}
    run_corpus_stages(corpus, pipeline, timings, failures)
    changed = [a for a in corpus.articles if a.published.to_dict(a.text) != before[a.id]]
    return corpus, changed
