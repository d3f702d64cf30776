"""The shipped NER tagger: which model file, the CRF alone or with its networks, and their digest.

Nothing here runs at import. :func:`tagger` loads a tagger once per process;
:func:`stacked_by_default` reads ``RIWAYA_NER`` when called; :func:`model_digest` hashes the
shipped model files (the entities component calls it when a pipeline is built).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from riwaya.components.entities.crf import Tagger, model_path
from riwaya.components.entities.stack import StackedTagger, net_paths
from riwaya.errors import RiwayaError

MODES = ("stacked", "crf")


def load(path: str | Path | None = None, stacked: bool = True) -> Tagger:
    """The tagger for a model file: stacked when networks lie beside it (and ``stacked``)."""
    model = Path(path) if path else model_path()
    return StackedTagger(model) if stacked and net_paths(model) else Tagger(model)


@lru_cache(maxsize=4)
def tagger(path: str | None = None, stacked: bool | None = None) -> Tagger:
    """The shipped tagger (the CRF with the networks stacked on it), loaded once per process;
    ``stacked=None`` follows :func:`stacked_by_default`."""
    return load(path, stacked_by_default() if stacked is None else stacked)


def stacked_by_default() -> bool:
    """True unless ``RIWAYA_NER=crf`` asks for the CRF alone (faster, less accurate: the trade-off
    is measured in ``src/riwaya/models/README.md``); any other value is an error."""
    mode = os.environ.get("RIWAYA_NER", "stacked")
    if mode not in MODES:
        raise RiwayaError(f"RIWAYA_NER is {mode!r}; set it to 'stacked' (the default) or 'crf'")
    return mode == "stacked"


def model_digest() -> str:
    """Eight hex digits of the shipped NER files, with ``-crf`` when :func:`stacked_by_default` is
    False: a store analysed with another model or mode is re-analysed, not kept as current."""
    digest = hashlib.sha1()
    for path in sorted(model_path().parent.glob("ner-crf.*")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:8] + ("" if stacked_by_default() else "-crf")
