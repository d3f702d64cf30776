"""The one data model: an article whose cleaned text never changes, and stand-off spans over it.

Every annotation is a :class:`Span` ``[start, end)`` into ``Article.text``, so
``article.text[span.start:span.end]`` is always the surface form. Spans are grouped in named
layers (``"sentences"``, ``"entities"``, ``"times"``, ``"quotes"`` ...) that components add.
A span's ``attrs`` may hold plain JSON values or nested spans (a quote's cue, speaker and
content), which are checked and exported the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from riwaya.errors import SpanError

SCHEMA = "riwaya/1"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range of the cleaned text with a label and free attributes."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self, text: str) -> dict[str, Any]:
        """Serialise with the surface form, nested spans included (used by export and store)."""
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text_in(text)}
        if self.label:
            out["label"] = self.label
        for key, value in self.attrs.items():
            out[key] = _attr_to_json(value, text)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        """Inverse of :meth:`to_dict` (the surface ``text`` is derived, so it is dropped)."""
        attrs = {k: _attr_from_json(v) for k, v in data.items() if k not in ("start", "end", "text", "label")}
        return cls(int(data["start"]), int(data["end"]), data.get("label", ""), attrs)


def _attr_to_json(value: Any, text: str) -> Any:
    if isinstance(value, Span):
        return value.to_dict(text)
    if isinstance(value, (list, tuple)):
        return [_attr_to_json(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _attr_to_json(v, text) for k, v in value.items()}
    return value


def _attr_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "start" in value and "end" in value and "text" in value:
        return Span.from_dict(value)
    if isinstance(value, list):
        return [_attr_from_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _attr_from_json(v) for k, v in value.items()}
    return value


def iter_spans(span: Span) -> Iterator[Span]:
    """The span and every span nested in its attributes, depth first."""
    yield span
    stack = list(span.attrs.values())
    while stack:
        value = stack.pop()
        if isinstance(value, Span):
            yield from iter_spans(value)
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())


@dataclass
class Published:
    """A publication date with its precision and where it came from.

    ``value`` is ISO 8601 truncated to ``precision`` (``day``: 2021-11-07, ``month``: 2021-11,
    ``year``: 2021); ``inferred`` is True when it was read from the text rather than metadata.
    ``not_before``/``not_after`` bound an unknown or uncertain day (``not_after``: the crawl day);
    ``signals`` lists every clue weighed for an inferred date, each a dict with ``source``,
    ``value``, ``confidence`` and ``evidence`` (a span dict, or the URL).
    """

    value: str | None = None
    precision: str | None = None
    inferred: bool = False
    confidence: float | None = None
    evidence: Span | None = None
    source: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    signals: list[dict[str, Any]] | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "precision": self.precision,
            "inferred": self.inferred,
        }
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_dict(text)
        for key in ("source", "not_before", "not_after", "signals"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Published:
        data = dict(data or {})
        evidence = data.pop("evidence", None)
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known, evidence=Span.from_dict(evidence) if evidence else None)


def outlet_label(outlet: str | None, url: str | None, source: str | None, ident: str = "") -> str:
    """Who published it, for citations: the outlet; else the site of its URL; else the file's
    name (a path is noise in a citation); else the start of the id."""
    if outlet:
        return outlet
    if url and "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0]
        return host.removeprefix("www.") or ident[:8]
    if source and source not in ("-", "<stdin>"):
        name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
        return name.rsplit(".", 1)[0] if "." in name else name or ident[:8]
    return ident[:8]


def article_id(text: str) -> str:
    """A stable id from the cleaned text: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article:
    """One news article: cleaned text (immutable once set), raw text, metadata and span layers."""

    def __init__(self, text: str, raw: str | None = None, **meta: Any):
        object.__setattr__(self, "text", text)
        self.raw = text if raw is None else raw
        self.id: str = meta.pop("id", None) or article_id(text)
        self.source: str | None = meta.pop("source", None)
        self.url: str | None = meta.pop("url", None)
        self.outlet: str | None = meta.pop("outlet", None)
        self.title: str | None = meta.pop("title", None)
        self.language: str | None = meta.pop("language", None)
        self.published: Published = meta.pop("published", None) or Published()
        self.version: int = meta.pop("version", 1)
        self.removals: list[dict[str, Any]] = meta.pop("removals", [])
        # The id of the first-stored article with the same cleaned text, when this one republishes it.
        self.copy_of: str | None = meta.pop("copy_of", None)
        # Layers a component failed to add: ``{"component", "layers", "reason"}`` each.
        self.failed_layers: list[dict[str, Any]] = meta.pop("failed_layers", [])
        self.meta: dict[str, Any] = meta.pop("meta", {}) | meta
        self.layers: dict[str, list[Span]] = {}
        # Layers computed on first use (the store does not keep tokens: millions of rows).
        self.derive: dict[str, Callable[[Article], list[Span]]] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text":
            raise AttributeError(
                "Article.text is the cleaned text and never changes after cleaning; "
                "add a span layer instead, or build a new Article from new raw text."
            )
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, title={self.title!r}, layers={sorted(self.layers)})"

    def add_layer(self, name: str, spans: list[Span]) -> list[Span]:
        """Attach (or replace) a layer after checking every span, nested ones included."""
        checked = sorted(spans, key=lambda s: (s.start, s.end))
        for span in checked:
            self.check_span(span, name)
        self.layers[name] = checked
        return checked

    def check_span(self, span: Span, layer: str = "?") -> None:
        for inner in iter_spans(span):
            if not (0 <= inner.start <= inner.end <= len(self.text)):
                raise SpanError(
                    f"span [{inner.start}, {inner.end}) in layer {layer!r} of article {self.id} "
                    f"falls outside its text of length {len(self.text)}; "
                    "compute offsets on Article.text (or map normalised offsets back with "
                    "NormalizedView.to_original)"
                )

    def layer(self, name: str) -> list[Span]:
        if name not in self.layers and name in self.derive:
            self.layers[name] = self.derive.pop(name)(self)
        return self.layers.get(name, [])

    def layer_names(self) -> list[str]:
        return sorted({*self.layers, *self.derive})

    @property
    def outlet_label(self) -> str:
        """:func:`outlet_label` of this article."""
        return outlet_label(self.outlet, self.url, self.source, self.id)

    def surface(self, span: Span) -> str:
        return self.text[span.start : span.end]


@dataclass
class Failure:
    """One input or article that could not be processed: recorded, reported, never fatal."""

    input: str
    stage: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "stage": self.stage, "reason": self.reason}


@dataclass
class RawDocument:
    """What ingest read: decoded raw text plus whatever metadata came with it.

    ``meta`` keys understood downstream: ``title``, ``outlet``, ``url``, ``date`` (ISO string
    from metadata), ``format`` (txt|html|json), ``encoding``, ``title_in_text`` (the first
    line of a .txt file is its headline).
    """

    raw: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
