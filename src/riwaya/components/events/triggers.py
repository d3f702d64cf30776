"""Trigger matches of a sentence as event mentions: conditions applied, one attack per sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from riwaya.components.events.lexicon import Entry, cues, family, triggers, weapons
from riwaya.components.events.tokens import Tok
from riwaya.model import Span
from riwaya.resources import read_json


@dataclass
class Mention:
    first: int
    last: int
    type: str
    sentence: int
    extra_triggers: list[tuple[int, int]] = field(default_factory=list)
    content_of_threat: bool = False


def sentence_mentions(toks: list[Tok], lo: int, hi: int, s_index: int) -> list[Mention]:
    """Trigger matches of one sentence, with conditions applied and attacks merged."""
    matches = [m for m in triggers().find(toks, lo, hi) if not cues("not_trigger").match_at(toks, m[0])]
    context = sentence_context(toks, lo, hi, matches)
    found = [Mention(a, b, e.value, s_index) for a, b, e in matches if context.get(e.extra, True)]
    return merge_attacks(mark_threat_content(found))


def sentence_context(
    toks: list[Tok], lo: int, hi: int, matches: list[tuple[int, int, Entry]]
) -> dict[str, bool]:
    """Which trigger conditions (event_triggers.tsv, third column) the sentence meets."""
    weapon = bool(weapons().find(toks, lo, hi))
    attack = any(e.extra == "" and family(e.value) == "attack" for _a, _b, e in matches)
    violent = (
        weapon
        or attack
        or any(cues(kind).find(toks, lo, hi) for kind in ("injured", "killed", "target_head", "violence"))
    )
    return {
        "": True,
        "weapon": weapon,
        "attack": attack,
        "violent": violent,
        "forces": bool(cues("forces").find(toks, lo, hi)),
    }


def mark_threat_content(mentions: list[Mention]) -> list[Mention]:
    """An attack named right after a threat (``هدد باغتياله``) is what was threatened, not an attack."""
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        if family(prev.type) == "threat" and family(cur.type) == "attack" and cur.first - prev.last <= 3:
            cur.content_of_threat = True
    return [m for m in mentions if not m.content_of_threat]


def merge_attacks(mentions: list[Mention]) -> list[Mention]:
    """Attack triggers of one sentence describe one attack: keep the first, note the others."""
    out: list[Mention] = []
    head: Mention | None = None
    for m in mentions:
        if family(m.type) != "attack":
            out.append(m)
        elif head is None:
            head = m
            out.append(m)
        else:
            head.extra_triggers.append((m.first, m.last))
            head.type = _more_specific(head.type, m.type)
    return out


def _more_specific(a: str, b: str) -> str:
    return b if "." in b and "." not in a else a


def refine_type(event_type: str, args: list[Span]) -> str:
    """A plain attack with a weapon becomes its subtype (drone -> drone strike)."""
    if event_type != "attack":
        return event_type
    weapon = next((a.attrs["value"] for a in args if a.attrs["role"] == "instrument"), None)
    return read_json("event_types.json")["weapon_subtype"].get(weapon, event_type)
