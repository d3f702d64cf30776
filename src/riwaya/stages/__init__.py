"""Corpus stages: they see every article at once (canonical entities, incidents, comparison,
stories, timeline, brief) and build the typed records of :mod:`riwaya.results`."""
