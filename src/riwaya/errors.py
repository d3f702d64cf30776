"""A small exception hierarchy: every message says what happened, the bad value and the fix."""

from __future__ import annotations

import importlib


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


# ``require(module, CORE, ...)``: a core dependency imported late because it is slow to import.
CORE = "core"


class MissingExtra(RiwayaError):
    """An optional dependency is needed for this feature but is not installed."""

    def __init__(self, module: str, extra: str, feature: str):
        if extra == CORE:
            what, fix = "the core package", "reinstall riwaya: pip install --force-reinstall riwaya"
        else:
            what, fix = "the optional package", f"install it with: pip install 'riwaya[{extra}]'"
        super().__init__(f"{feature} needs {what} {module!r}, which is not installed; {fix}")
        self.module, self.extra = module, extra


def require(module: str, extra: str, feature: str):
    """Import an optional (or slow core) dependency only when used, with an install hint if missing.

    ``extra`` names the ``[project.optional-dependencies]`` extra that installs ``module``, or is
    :data:`CORE` for a core dependency.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra, feature) from exc
