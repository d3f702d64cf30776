"""The ``entities`` step: Arabic and English named entities (CRF, stacked networks, rules).

:mod:`.component` registers the step; :func:`.crf.tagger` tags token lists directly; the
corpus-wide canonical entities are :mod:`riwaya.stages.canonical_entities`.
"""
