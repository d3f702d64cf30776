"""How an event is told: polarity, modality, and whether it is anaphoric or generic."""

from __future__ import annotations

from riwaya.components.events.lexicon import cues, family, negation, triggers
from riwaya.components.events.tokens import Tok
from riwaya.components.events.triggers import Mention
from riwaya.model import Span

NEGATION_WINDOW = 5


def polarity(toks: list[Tok], lo: int, m: Mention) -> str:
    """Negative when a negation precedes the trigger in the same clause with no trigger between."""
    for j in range(m.first - 1, max(lo, m.first - NEGATION_WINDOW) - 1, -1):
        if toks[j].punct or triggers().match_at(toks, j):
            return "positive"
        if negation().match_at(toks, j):
            return "negative"
    return "positive"


def modality(toks: list[Tok], lo: int, hi: int, m: Mention) -> str:
    if cues("irrealis").find(toks, lo, hi):
        return "irrealis"
    if cues("hedge").find(toks, lo, hi):
        return "hedged"
    return "asserted"


def anaphoric(toks: list[Tok], lo: int, hi: int, m: Mention) -> bool:
    """A mention that points back to a happening already told: definite (الهجوم) or with a
    demonstrative next to it (هذا الهجوم، تلك التهديدات، الهجوم ذاته)."""
    near = [j for j in (m.first - 1, m.last, m.last + 1) if lo <= j < hi and not toks[j].punct]
    return has_definite_head(toks, m) or any(cues("demonstrative").match_at(toks, j) for j in near)


def generic_reason(toks: list[Tok], lo: int, m: Mention, args: list[Span]) -> str | None:
    """Why a mention names a kind of happening rather than one happening (None when it names one).

    ``أي هجوم``, ``سلسلة من الهجمات``, ``مثل هذه الهجمات`` are generic; so is a plural trigger
    (هجمات، تهديدات) with no count, casualties or date of its own and no demonstrative. Protests
    are exempt from the plural rule: one protest is usually reported in the plural (احتجاجات)."""
    for j in range(max(lo, m.first - 3), m.first):
        entry = cues("generic_quant").match_at(toks, j)
        if entry and j + len(entry.tokens) >= m.first - 1:
            return f"quantified: {toks[j].surface}"
    plural = cues("plural").match_at(toks, m.first)
    if not plural or family(m.type) == "protest":
        return None
    details = {"count", "injured", "killed"} & {a.attrs["role"] for a in args}
    dated = any(a.attrs["role"] == "time" and str(a.attrs.get("value") or "")[:4].isdigit() for a in args)
    demonstrative = m.first > lo and cues("demonstrative").match_at(toks, m.first - 1)
    if details or dated or demonstrative:
        return None
    return f"plural without details: {toks[m.first].surface}"


def has_definite_head(toks: list[Tok], m: Mention) -> bool:
    return any(toks[i].definite for i in range(m.first, m.last))
