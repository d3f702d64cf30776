"""Named, versioned components that declare what they require and provide, checked at build time.

Three levels, run in this order:

* ``source`` components turn an ingested :class:`~riwaya.ingest.sources.RawDocument` into an
  :class:`~riwaya.model.Article` (cleaning: the only step that may decide the text);
* ``article`` components add span layers to one article; they run in parallel processes;
* ``corpus`` stages see every article at once (canonical entities, incidents, stories).

Modules register components with the :func:`component` decorator when imported; the default
pipeline imports the step modules in :data:`STEP_MODULES` that exist and orders what they
registered by their declared requirements.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from riwaya.errors import PipelineError
from riwaya.model import Article

LEVELS = ("source", "article", "corpus")

# Step modules whose components make up the default pipeline, in pipeline order.
STEP_MODULES = (
    "riwaya.components.clean.component",
    "riwaya.components.segment",
    "riwaya.components.language",
    "riwaya.components.entities.component",
    "riwaya.components.times.component",
    "riwaya.components.quotes.component",
    "riwaya.components.events.component",
    "riwaya.stages.incidents",
    "riwaya.stages.compare",
    "riwaya.stages.stories",
    "riwaya.stages.timeline",
)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    level: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    func: Callable[..., Any]
    optional: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


REGISTRY: dict[str, Component] = {}


def component(
    name: str,
    *,
    version: str = "1",
    level: str = "article",
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as a pipeline component.

    ``requires`` must be provided by earlier components; ``optional`` layers are used when an
    earlier component provides them (e.g. quotes link speakers to entities if entities ran).
    """
    if level not in LEVELS:
        raise PipelineError(f"component {name!r} has level {level!r}; use one of {LEVELS}")

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = Component(
            name, version, level, tuple(requires), tuple(provides), func, tuple(optional)
        )
        return func

    return register


def load_step_modules() -> None:
    """Import every step module that exists so its components register themselves."""
    for module in STEP_MODULES:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def providers_of(layer: str) -> list[str]:
    return [c.name for c in REGISTRY.values() if layer in c.provides]


@dataclass
class Pipeline:
    """An ordered, checked list of components."""

    components: list[Component] = field(default_factory=list)

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
            {"name": c.name, "version": c.version, "level": c.level,
             "requires": list(c.requires), "provides": list(c.provides)}
            for c in self.components
        ]  # fmt: skip

    def run_article(self, article: Article) -> Article:
        for comp in self.at("article"):
            comp.func(article)
        article.meta.setdefault("components", [c.key for c in self.components])
        return article


def _default_order() -> list[str]:
    """Registered components ordered by level, then by requirement, then by step module order."""
    order: list[str] = []
    for level in LEVELS:
        pending = [c for c in REGISTRY.values() if c.level == level]
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
