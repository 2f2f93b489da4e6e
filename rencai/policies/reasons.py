"""Eligibility explanations in words: why a rule failed (`reasons_of`), which facts are
missing (`missing_of`) — for the pack, the desk's stored explanations and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rencai.rules import Explanation, Outcome
from rencai.rules.tree import NEGATED

from .describe import SYMBOLS
from .facts import CATALOGUE


def _negations(path: str) -> int:
    return path.split(".").count("not")


def reason(condition) -> str:
    """A failed condition as a sentence: what the talent has, and what the rule needs."""
    negated = _negations(condition.path) % 2 == 1
    label = str(condition.fact_label)
    unit = f" {condition.unit}" if condition.unit else ""
    if condition.operator == "has":
        template = (
            _("%(label)s: holding %(expected)s excludes this benefit")
            if negated
            else _("%(label)s: needs %(expected)s")
        )
        return template % {"label": label, "expected": condition.expected}
    value = f"{condition.value}{unit}" if condition.value is not None else "—"
    if condition.operator == "in":
        need = _("none of %(values)s") if negated else _("one of %(values)s")
        need %= {"values": condition.expected}
    else:
        op = NEGATED[condition.operator] if negated else condition.operator
        need = f"{SYMBOLS[op]} {condition.expected}{unit}"
    return _("%(label)s: %(value)s (needs %(need)s)") % {
        "label": label,
        "value": value,
        "need": need,
    }


def reasons_of(explanation: Explanation) -> list[str]:
    """The conditions that made the rule FALSE (a condition under `not` when it held)."""
    failed = []
    for condition in explanation.conditions:
        if condition.outcome == Outcome.UNKNOWN:
            continue
        holds = condition.outcome == Outcome.TRUE
        if _negations(condition.path) % 2 == 1:
            holds = not holds
        if not holds:
            failed.append(reason(condition))
    return failed


def missing_of(explanation: Explanation) -> list[str]:
    labels = []
    for name in sorted(explanation.missing):
        fact = CATALOGUE.get(name)
        labels.append(str(fact.label) if fact is not None else name)
    return labels
