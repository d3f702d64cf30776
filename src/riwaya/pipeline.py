"""Named, versioned components that declare what they require and provide, checked at build time.

Three levels, run in this order:

* ``source`` components turn an ingested :class:`~riwaya.model.RawDocument` into an
  :class:`~riwaya.model.Article` (cleaning: the only step that may decide the text);
* ``article`` components add span layers to one article; they run in parallel processes;
* ``corpus`` stages see every article at once (canonical entities, incidents, stories).

Modules register components with the :func:`component` decorator when imported; the default
pipeline imports the step modules in :data:`STEP_MODULES` and orders what they registered by
their declared requirements. A version may be a callable (a model digest): it is resolved when
a pipeline is built, once per process, never at import. ``Pipeline.build()(text)`` annotates one
text.

Limits per article (README, Limits): an article component gets :data:`COMPONENT_SECONDS`, all of
them together :data:`DOCUMENT_SECONDS`, and a text over :data:`MAX_ANNOTATED_CHARS` characters is
not annotated; a component past a limit fails on that article only, as one that raises does.
"""

from __future__ import annotations

import importlib
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from riwaya.errors import PipelineError
from riwaya.model import Article, RawDocument

LEVELS = ("source", "article", "corpus")

# Why these limits: the slowest of 31,030 SaudiNewsNet articles (60 KB) takes about 3 s through
# every article component on one core, so they never touch news; a 400 KB text takes about 25 s.
COMPONENT_SECONDS = 10.0  # one article component on one article
DOCUMENT_SECONDS = 30.0  # every article component of one article together
MAX_ANNOTATED_CHARS = 500_000  # about 15 times the longest SaudiNewsNet article
OVERRUN_REPEAT = 0.5  # seconds between reminders to a component that swallowed its OverBudget

# Step modules whose components make up the default pipeline, in pipeline order.
STEP_MODULES = (
    "riwaya.components.clean.component",
    "riwaya.components.segment",
    "riwaya.components.language",
    "riwaya.components.entities.component",
    "riwaya.components.times.component",
    "riwaya.components.quotes.component",
    "riwaya.components.events.component",
    "riwaya.components.claims.component",
    "riwaya.stages.canonical_entities",
    "riwaya.stages.incidents",
    "riwaya.stages.compare",
    "riwaya.stages.stories",
    "riwaya.stages.timeline",
    "riwaya.stages.brief",
)


Version = str | Callable[[], str]


@dataclass(frozen=True)
class Component:
    """A registered step; ``version`` is a string once the component is :meth:`resolved`."""

    name: str
    version: Version
    level: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    func: Callable[..., Any]
    optional: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.name}@{self.resolved().version}"

    @property
    def origin(self) -> str:
        """Where the function is defined: ``module.qualname``."""
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def resolved(self) -> Component:
        """This component with a string version (a callable version is called once per process)."""
        if isinstance(self.version, str):
            return self
        if self.version not in _RESOLVED:
            _RESOLVED[self.version] = _call_version(self.name, self.version)
        return replace(self, version=_RESOLVED[self.version])


REGISTRY: dict[str, Component] = {}
_RESOLVED: dict[Callable[[], str], str] = {}


def _call_version(name: str, version: Callable[[], str]) -> str:
    value = version()
    if not isinstance(value, str) or not value:
        raise PipelineError(
            f"component {name!r}: its version callable returned {value!r}; it must return a non-empty str"
        )
    return value


def component(
    name: str,
    *,
    version: Version = "1",
    level: str = "article",
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as a pipeline component.

    ``requires`` must be provided by earlier components; ``optional`` layers are used when an
    earlier component provides them (e.g. quotes link speakers to entities if entities ran).
    ``version`` is a str or a zero-argument callable returning one, called when a pipeline is
    built. A name belongs to one function: registering another function under it fails
    (the same function registered again, as on a module re-import, replaces itself).
    """
    if level not in LEVELS:
        raise PipelineError(f"component {name!r} has level {level!r}; use one of {LEVELS}")

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        comp = Component(name, version, level, tuple(requires), tuple(provides), func, tuple(optional))
        taken = REGISTRY.get(name)
        if taken is not None and taken.origin != comp.origin:
            raise PipelineError(
                f"component name {name!r} is already registered by {taken.origin}; "
                f"{comp.origin} cannot register it too; give one of them another name"
            )
        REGISTRY[name] = comp
        return func

    return register


def load_step_modules(modules: Iterable[str] | None = None) -> None:
    """Import every step module (default :data:`STEP_MODULES`) so its components register
    themselves; a module that does not exist is an error."""
    for module in STEP_MODULES if modules is None else modules:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not f"{module}.".startswith(f"{exc.name}."):
                raise  # the step module exists but something it imports is missing
            raise PipelineError(
                f"step module {module!r} in riwaya.pipeline.STEP_MODULES does not exist "
                f"({exc}); fix its name there or restore the module"
            ) from exc


def providers_of(layer: str) -> list[str]:
    return [c.name for c in REGISTRY.values() if layer in c.provides]


class OverBudget(Exception):
    """An article component ran past its time budget, or the article is too long to annotate."""


@dataclass
class Pipeline:
    """An ordered, checked list of components with resolved versions.

    ``Pipeline.build()(text)`` cleans and annotates one text and returns the :class:`Article`.
    ``component_seconds``, ``document_seconds`` and ``max_chars`` bound one article's cost
    (``None``: no limit); the time budgets hold where a timer signal can be used (the main
    thread of a Unix process, which is where ``analyze`` and its workers annotate).
    """

    components: list[Component] = field(default_factory=list)
    component_seconds: float | None = COMPONENT_SECONDS
    document_seconds: float | None = DOCUMENT_SECONDS
    max_chars: int | None = MAX_ANNOTATED_CHARS

    def __post_init__(self) -> None:
        self.components = [c.resolved() for c in self.components]

    @classmethod
    def build(cls, names: Iterable[str] | None = None, *, exclude: Iterable[str] = ()) -> Pipeline:
        """Build the default pipeline, or one from ``names``; fails on any unmet requirement."""
        load_step_modules()
        skipped = set(exclude)
        chosen = list(names) if names is not None else [n for n in _default_order() if n not in skipped]
        unknown = [n for n in chosen if n not in REGISTRY]
        if unknown:
            raise PipelineError(
                f"unknown component(s) {unknown}; registered components are {sorted(REGISTRY)}"
            )
        pipeline = cls([REGISTRY[n] for n in chosen])
        pipeline.check()
        return pipeline

    def check(self) -> None:
        """Every requirement must be provided by an earlier component (by level order too)."""
        provided: set[str] = set()
        for comp in sorted(self.components, key=lambda c: LEVELS.index(c.level)):
            for need in comp.requires:
                if need not in provided:
                    who = providers_of(need) or ["no registered component"]
                    raise PipelineError(
                        f"component {comp.name!r} requires layer {need!r}, which no earlier "
                        f"component in this pipeline provides; add one of: {', '.join(who)}"
                    )
            provided.update(comp.provides)

    def at(self, level: str) -> list[Component]:
        return [c for c in self.components if c.level == level]

    @property
    def provided(self) -> set[str]:
        return {layer for c in self.components for layer in c.provides}

    def describe(self) -> list[dict[str, Any]]:
        return [
            {
                "name": c.name,
                "version": c.version,
                "level": c.level,
                "requires": list(c.requires),
                "provides": list(c.provides),
            }
            for c in self.components
        ]

    def __call__(
        self,
        text: str,
        *,
        title: str | None = None,
        published: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
        source: str = "<text>",
        format: str = "txt",
        **meta: Any,
    ) -> Article:
        """Clean and annotate one text as ingest reads a file: with ``format="txt"`` its first line
        is the headline unless ``title`` says otherwise (``"json"``: the text is the body only);
        ``published`` is an ISO date; further ``meta`` is kept as ingest keeps a file's metadata
        (e.g. ``crawled``). Corpus stages need many articles and do not run here."""
        sources = self.at("source")
        if not sources:
            raise PipelineError(
                "this pipeline has no source component to turn a text into an article; "
                "build it with Pipeline.build() or include 'clean'"
            )
        meta |= {"title": title, "date": published, "outlet": outlet, "url": url, "format": format}
        doc = RawDocument(text, source, {k: v for k, v in meta.items() if v is not None})
        for comp in sources:
            article = comp.func(doc)
        article.meta["components"] = [c.key for c in self.components]
        return self.run_article(article, strict=True)

    def run_article(
        self, article: Article, timings: dict[str, float] | None = None, *, strict: bool = False
    ) -> Article:
        """Run the article components; one that raises leaves the article without its layers,
        listed in ``article.failed_layers`` (so are the components that need those layers).
        ``strict`` lets the error propagate instead (one text annotated in code or a test)."""
        failed: set[str] = {layer for f in article.failed_layers for layer in f["layers"]}
        too_long = self._too_long(article)
        deadline = time.monotonic() + self.document_seconds if self.document_seconds else None
        for comp in self.at("article"):
            missing = sorted(set(comp.requires) & failed)
            t0 = time.perf_counter()
            try:
                if too_long:
                    raise OverBudget(too_long)
                if missing:
                    raise PipelineError(f"needs layer(s) {missing}, which failed earlier in this article")
                with time_budget(*self._budget(comp.name, deadline)):
                    comp.func(article)
            except Exception as exc:  # noqa: BLE001 - one component's error never costs the article
                if strict:
                    raise
                for layer in comp.provides:
                    article.layers.pop(layer, None)
                    article.derive.pop(layer, None)
                article.failed_layers.append(
                    {"component": comp.name, "layers": list(comp.provides), "reason": error_reason(exc)}
                )
                failed.update(comp.provides)
            if timings is not None:
                timings[comp.name] = time.perf_counter() - t0
        article.meta.setdefault("components", [c.key for c in self.components])
        return article

    def _too_long(self, article: Article) -> str | None:
        if self.max_chars is None or len(article.text) <= self.max_chars:
            return None
        return (
            f"the text has {len(article.text):,} characters, over the {self.max_chars:,}-character limit "
            "for annotation; the article is kept with its paragraphs only; split the file into articles"
        )

    def _budget(self, name: str, deadline: float | None) -> tuple[float | None, str]:
        """Seconds ``name`` may run on this article and what to say when they are spent."""
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise OverBudget(
                f"the article's {self.document_seconds:g} s budget for all components was spent "
                f"before {name!r} ran"
            )
        if left is not None and (self.component_seconds is None or left < self.component_seconds):
            return (
                left,
                f"{name!r} ran past the article's {self.document_seconds:g} s budget for all components",
            )
        if self.component_seconds is None:
            return None, ""  # no limit: the message is never used
        return (
            self.component_seconds,
            f"{name!r} ran past its {self.component_seconds:g} s budget on this article",
        )


@contextmanager
def time_budget(seconds: float | None, message: str) -> Iterator[None]:
    """Raise :class:`OverBudget` (``message``) in the running code once ``seconds`` have passed,
    and again every :data:`OVERRUN_REPEAT` s should it be swallowed. A no-op without a limit,
    outside the main thread, or when a timer is already running (nothing else's is replaced)."""
    if not seconds or not _can_alarm():
        yield
        return
    armed = [True]

    def expire(signum: int, frame: Any) -> None:
        if armed[0]:
            where = f" (stopped in {Path(frame.f_code.co_filename).name}:{frame.f_lineno})" if frame else ""
            raise OverBudget(message + where)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, OVERRUN_REPEAT)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _can_alarm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def error_reason(exc: BaseException) -> str:
    """``Type: message (at file:line)`` of an unexpected error, for a failure row."""
    where = traceback.extract_tb(exc.__traceback__)
    at = f" (at {Path(where[-1].filename).name}:{where[-1].lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{at}"


def _step_index(comp: Component) -> int:
    """Position in :data:`STEP_MODULES` of the step module (or package) defining the component;
    components from elsewhere come after, in registration order."""
    module = comp.func.__module__
    found = [k for k, step in enumerate(STEP_MODULES) if module == step or module.startswith(f"{step}.")]
    return found[0] if found else len(STEP_MODULES)


def _default_order() -> list[str]:
    """Registered components ordered by level, then by requirement, then by step module order."""
    order: list[str] = []
    for level in LEVELS:
        pending = sorted((c for c in REGISTRY.values() if c.level == level), key=_step_index)
        provided = {layer for n in order for layer in REGISTRY[n].provides}
        while pending:
            waiting = {layer for c in pending for layer in c.provides}  # optional layers still to come
            ready = [
                c
                for c in pending
                if set(c.requires) <= provided and not (set(c.optional) & waiting) - set(c.provides)
            ]
            if not ready:  # unmet requirement: keep order and let check() explain it
                ready = pending[:1]
            comp = ready[0]
            order.append(comp.name)
            provided.update(comp.provides)
            pending.remove(comp)
    return order
