"""Count claims of one sentence: cue claims first, then what follows them, less non-tolls."""

from __future__ import annotations

from riwaya.components.claims.finder import Found, claim_of, cues_match, negated, sentence_cues, split_joint
from riwaya.components.claims.groups import continuations, relabel_casualties, suicide_claims, zero_claims
from riwaya.components.claims.lexicon import match
from riwaya.components.events.tokens import Tok


def find_claims(toks: list[Tok], lo: int, hi: int, blocked: frozenset[int]) -> list[Found]:
    """Every count claim of the sentence in tokens ``[lo, hi)``; ``blocked`` tokens are times."""
    used: set[int] = set()
    found: list[Found] = []
    if cues_match("skip_sentence", toks, lo, hi):
        return []
    for cue in split_joint(toks, lo, sentence_cues(toks, lo, hi), blocked):
        if negated(toks, cue.a, lo):
            continue
        claim = claim_of(toks, lo, hi, cue, blocked, used)
        if claim is not None:
            used.update(range(claim.count.first, claim.count.last))
            found.append(claim)
    found += zero_claims(toks, lo, hi) + suicide_claims(toks, lo, hi, found)
    found = sorted(found, key=lambda f: f.first)
    found += continuations(toks, hi, found, blocked, used)
    kept = [f for f in found if not _not_a_toll(toks, lo, hi, f)]
    return relabel_casualties(toks, sorted(kept, key=lambda f: f.first))


def _not_a_toll(toks: list[Tok], lo: int, hi: int, claim: Found) -> bool:
    """Those still in hospital right after the figure (39 إصابة تتلقى العلاج), or a total over
    several attacks around it (بعد هجومين أوقعا 13 قتيلا)."""
    after_end = range(claim.last, min(hi, claim.last + 3))
    if any(match("breakdown", toks, k, hi) for k in after_end):
        return True
    near = range(max(lo, claim.first - 4), min(hi, claim.last + 5))
    return any(match("multi", toks, k, hi) for k in near)
