"""The ``entities`` step: Arabic and English named entities (CRF, stacked networks, rules).

:mod:`.component` registers the step; :func:`.shipped.tagger` tags token lists directly; the
corpus-wide canonical entities are :mod:`riwaya.stages.canonical_entities`; training lives in
:mod:`riwaya.training`.
"""
