"""A small exception hierarchy: every message says what happened, the bad value and the fix."""

from __future__ import annotations


class RiwayaError(Exception):
    """Base of every error riwaya raises on purpose."""


class IngestError(RiwayaError):
    """An input could not be read or decoded into an article."""


class SpanError(RiwayaError):
    """An annotation does not fit the cleaned text it points into."""


class PipelineError(RiwayaError):
    """A pipeline was asked for a component or layer that nobody provides."""


class StoreError(RiwayaError):
    """The SQLite store could not be opened, migrated or written."""


class MissingExtra(RiwayaError):
    """An optional dependency is needed for this feature but is not installed."""

    def __init__(self, module: str, extra: str, feature: str):
        super().__init__(
            f"{feature} needs the optional package {module!r}, which is not installed; "
            f"install it with: pip install 'riwaya[{extra}]'"
        )
        self.module, self.extra = module, extra


def require(module: str, extra: str, feature: str):
    """Import an optional heavy dependency only when used, with an install hint if missing."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra, feature) from exc
