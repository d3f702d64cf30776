"""Story clustering against gold groups: which articles share a story, as pairs.

:func:`story_of` maps each article to its story; :func:`same_story_pairs` turns any
``name -> group`` mapping into the set of pairs in one group, so predicted and gold pairs compare
with :meth:`riwaya.evaluate.metrics.PRF.of_sets` (the gate in ``tests/test_stories_clustering.py``).
"""

from __future__ import annotations

from riwaya.results import Story


def story_of(stories: list[Story]) -> dict[str, str]:
    """Article id -> story id."""
    return {m.article: s.id for s in stories for m in s.members}


def same_story_pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    """Unordered pairs of names whose group is the same."""
    names = sorted(groups)
    return {frozenset((a, b)) for i, a in enumerate(names) for b in names[i + 1 :] if groups[a] == groups[b]}
