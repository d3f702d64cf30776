"""Tagging: run every rule over the folded view, keep the longest non-overlapping matches, resolve.

``tag(text, anchor)`` is the whole tagger; spans are offsets into ``text`` itself (the folded
view is only for matching, see :mod:`riwaya.text.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from riwaya.components.times.builders import Spec
from riwaya.components.times.context import in_context
from riwaya.components.times.filters import is_false
from riwaya.components.times.resolve import resolve
from riwaya.components.times.rules import Found, gates, rules
from riwaya.text.normalize import normalize


@dataclass
class Timex:
    """One temporal expression: ``text[start:end]``, its TIMEX3 type/value and how it was read."""

    start: int
    end: int
    type: str
    value: str | None
    precision: str | None
    anchor: str | None
    spec: Spec
    rule: str = ""
    hijri: str | None = None  # the Hijri reading of a Hijri expression (value stays Gregorian)

    def attrs(self) -> dict:
        """The span attributes: type, value, precision, anchor; ``calendar`` and ``hijri`` for Hijri."""
        out = {"type": self.type, "value": self.value, "precision": self.precision, "anchor": self.anchor}
        if self.hijri:
            out |= {"calendar": "hijri", "hijri": self.hijri}
        return out


WHITESPACE = re.compile(r"\s")


def detect(folded: str) -> list[tuple[str, Found]]:
    """Every rule's matches, then the longest ones that do not overlap (earliest first on ties),
    less the false times (:mod:`riwaya.components.times.filters`)."""
    candidates: list[tuple[str, Found]] = []
    open_gates = {name for name, gate in gates().items() if gate.search(folded)}
    for rule in rules():
        if rule.gate and rule.gate not in open_gates:
            continue
        for match in rule.pattern.finditer(folded):
            if match.end() > match.start():
                spec = rule.build(match, folded)
                if spec is not None:
                    candidates.append((rule.name, _trim(folded, match.start(), match.end(), spec)))
    return [(name, f) for name, f in _longest_first(candidates) if not is_false(folded, name, f)]


def _trim(folded: str, start: int, end: int, spec: Spec) -> Found:
    """Durations found inside an offset (بعد 3 أسابيع من ...) keep only "3 أسابيع"; parentheses
    around the whole match are dropped, a parenthesised word inside it ("(خمسة) أيام") stays."""
    if spec.fields.pop("inner", False):  # skip the offset word and the whitespace after it
        gap = WHITESPACE.search(folded, start, end)
        start = _skip_spaces(folded, gap.start()) if gap else start
    inner = folded[start:end].rstrip()
    if inner[:1] == "(" and (inner.endswith(")") or inner.count(")") < inner.count("(")):
        start = _skip_spaces(folded, start + 1)
    if folded[start:end].count(")") > folded[start:end].count("("):
        end = folded.rindex(")", start, end)
    while end > start and folded[end - 1].isspace():
        end -= 1
    return Found(start, end, spec)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _longest_first(candidates: list[tuple[str, Found]]) -> list[tuple[str, Found]]:
    ordered = sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[1].start))
    taken: list[tuple[str, Found]] = []
    for name, found in ordered:
        if all(found.end <= f.start or found.start >= f.end for _, f in taken):
            taken.append((name, found))
    return sorted(taken, key=lambda c: c[1].start)


def tag(text: str, anchor: date | None = None) -> list[Timex]:
    """All temporal expressions of ``text``, resolved against ``anchor`` when given, in context
    (:mod:`riwaya.components.times.context`)."""
    return in_context(text, candidates(text, anchor), anchor)


def candidates(text: str, anchor: date | None = None) -> list[Timex]:
    """The expressions of ``text``, each resolved on its own (what :func:`reresolve_all` takes)."""
    view = normalize(text)
    out = []
    for name, found in detect(view.text):
        start, end = view.to_original(found.start, found.end)
        out.append(make_timex(start, end, found.spec, anchor, name))
    return out


def make_timex(start: int, end: int, spec: Spec, anchor: date | None, rule: str = "") -> Timex:
    resolved = resolve(spec, anchor)
    used = anchor.isoformat() if anchor is not None and resolved.anchored else None
    return Timex(start, end, spec.type, resolved.value, resolved.precision, used, spec, rule, resolved.hijri)


def reresolve(timex: Timex, anchor: date | None) -> Timex:
    """The same expression resolved against another anchor, on its own (no context)."""
    return make_timex(timex.start, timex.end, timex.spec, anchor, timex.rule)


def reresolve_all(text: str, found: list[Timex], anchor: date | None) -> list[Timex]:
    """``found`` (as :func:`candidates` returned it for ``text``) resolved against ``anchor``, in context."""
    return in_context(text, [reresolve(t, anchor) for t in found], anchor)
