"""Evaluating one subject (a talent) with Kleene logic, with a trace of every condition.

The trace is what a decision stores: `Explanation.to_dict()` is plain JSON, and
`Explanation.from_dict()` reads it back, so a decision can be shown later exactly as made.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .dates import evaluation_date, years_since
from .facts import Fact, FactCatalogue, FactType
from .logic import Outcome, all_of, any_of, negate, of_bool
from .parse import parse
from .tree import (
    And,
    Codebook,
    Compare,
    FixedDate,
    Has,
    InList,
    Leaf,
    Node,
    Not,
    Operand,
    Or,
    Ranked,
    RelativeDate,
)

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class ConditionResult:
    """One leaf of the rule for one subject.

    `value` and `expected` are as shown to people: a code's name, a number, an ISO date, full
    years; for `in` the expected values joined by ", "; for a set the names of the codes held.
    `raw` is the fact's value as JSON (code, ISO date, decimal string, years, list of codes);
    None when missing.
    """

    path: str
    fact: str
    fact_label: str
    fact_type: str
    operator: str
    value: str | None
    expected: str
    outcome: Outcome
    unit: str = ""
    raw: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "fact": self.fact,
            "fact_label": self.fact_label,
            "fact_type": self.fact_type,
            "operator": self.operator,
            "value": self.value,
            "expected": self.expected,
            "outcome": str(self.outcome),
            "unit": self.unit,
            "raw": self.raw,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConditionResult:
        return cls(**{**data, "outcome": Outcome(data["outcome"])})


@dataclass(frozen=True)
class Explanation:
    """The outcome for one subject on one date, every condition, and the facts still missing.

    `missing` names the facts whose absence decided an UNKNOWN outcome (empty when the outcome
    is TRUE or FALSE): filling them in may change the answer.
    """

    outcome: Outcome
    on: date
    conditions: tuple[ConditionResult, ...]
    missing: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "on": self.on.isoformat(),
            "conditions": [condition.to_dict() for condition in self.conditions],
            "missing": sorted(self.missing),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Explanation:
        return cls(
            outcome=Outcome(data["outcome"]),
            on=date.fromisoformat(data["on"]),
            conditions=tuple(ConditionResult.from_dict(c) for c in data["conditions"]),
            missing=frozenset(data["missing"]),
        )


def explain(rule: Any, subject: Any, catalogue: FactCatalogue, *, on: date) -> Explanation:
    """Evaluate `rule` (JSON or a ParsedRule) for `subject` on `on`.

    Raises RuleValidationError only for an invalid rule; a valid rule always evaluates.
    """
    on = evaluation_date(on)
    root = parse(rule, catalogue).root
    conditions: list[ConditionResult] = []
    outcome, missing = evaluate(root, subject, on, conditions)
    return Explanation(outcome, on, tuple(conditions), missing)


def evaluate(
    node: Node, subject: Any, on: date, trace: list[ConditionResult]
) -> tuple[Outcome, frozenset[str]]:
    """The node's outcome and the facts that made it UNKNOWN; appends every leaf to `trace`."""
    if isinstance(node, Not):
        outcome, missing = evaluate(node.child, subject, on, trace)
        return negate(outcome), missing
    if isinstance(node, And | Or):
        results = [evaluate(child, subject, on, trace) for child in node.children]
        combine = all_of if isinstance(node, And) else any_of
        outcome = combine(result for result, _ in results)
        if outcome != Outcome.UNKNOWN:
            return outcome, frozenset()
        deciding = [missing for result, missing in results if result == Outcome.UNKNOWN]
        return outcome, frozenset().union(*deciding)
    condition = evaluate_leaf(node, subject, on)
    trace.append(condition)
    unknown = condition.outcome == Outcome.UNKNOWN
    return condition.outcome, frozenset({node.fact.name}) if unknown else frozenset()


def evaluate_leaf(leaf: Leaf, subject: Any, on: date) -> ConditionResult:
    fact = leaf.fact
    value = read_value(fact, subject, on)
    if isinstance(leaf, Has):
        held: frozenset[str] = value
        outcome = of_bool(leaf.code in held)
        return result(leaf, held, outcome, on, expected=show_code(leaf, leaf.code))
    if isinstance(leaf, Compare):
        expected = show_operand(leaf, leaf.operand, on)
    else:
        expected = ", ".join(show_operand(leaf, operand, on) for operand in leaf.operands)
    actual = None if value is None else comparable(leaf, value, on)
    if actual is None:
        return result(leaf, value, Outcome.UNKNOWN, on, expected=expected)
    if isinstance(leaf, Compare):
        outcome = of_bool(COMPARE[leaf.op](actual, target(leaf.operand, on)))
    else:
        outcome = of_bool(any(actual == target(operand, on) for operand in leaf.operands))
    return result(leaf, value, outcome, on, expected=expected)


def read_value(fact: Fact, subject: Any, on: date) -> Any:
    """The fact's value, normalised: None when missing; a frozenset of codes for sets."""
    value = fact.getter(subject, on)
    if fact.type == FactType.SET:
        return frozenset(str(code) for code in (value or ()))
    if value is None or (fact.blank_is_missing and value == ""):
        return None
    if fact.type in (FactType.DATE, FactType.YEARS_SINCE) and isinstance(value, datetime):
        return value.date()
    if fact.type == FactType.NUMBER and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def comparable(leaf: Leaf, value: Any, on: date) -> Any:
    """The value in the form operands compare with (ranks negated: 1 is highest)."""
    fact_type = leaf.fact.type
    if fact_type == FactType.RANKED:
        rank = leaf.codebook.ranks.get(value) if leaf.codebook is not None else None
        return None if rank is None else -rank
    if fact_type == FactType.YEARS_SINCE:
        return years_since(value, on)
    return value


def target(operand: Operand, on: date) -> Any:
    if isinstance(operand, Ranked):
        return -operand.rank
    if isinstance(operand, FixedDate | RelativeDate):
        return operand.resolve(on)
    return operand


def show_operand(leaf: Leaf, operand: Operand, on: date) -> str:
    if isinstance(operand, Ranked):
        return show_code(leaf, operand.code)
    if isinstance(operand, FixedDate | RelativeDate):
        return operand.resolve(on).isoformat()
    if isinstance(operand, str) and leaf.fact.type == FactType.CODE:
        return show_code(leaf, operand)
    return str(operand)


def show_code(leaf: Leaf, code: str) -> str:
    book: Codebook | None = leaf.codebook
    return book.name(code) if book is not None else code


def result(leaf: Leaf, value: Any, outcome: Outcome, on: date, *, expected: str) -> ConditionResult:
    fact = leaf.fact
    shown, raw = show_value(leaf, value, on)
    return ConditionResult(
        path=leaf.path,
        fact=fact.name,
        fact_label=fact.label,
        fact_type=str(fact.type),
        operator="has" if isinstance(leaf, Has) else "in" if isinstance(leaf, InList) else leaf.op,
        value=shown,
        expected=expected,
        outcome=outcome,
        unit=fact.unit,
        raw=raw,
    )


def show_value(leaf: Leaf, value: Any, on: date) -> tuple[str | None, Any]:
    """(as shown, as JSON) for the subject's value of the leaf's fact."""
    fact_type = leaf.fact.type
    if value is None:
        return None, None
    if fact_type == FactType.SET:
        codes = sorted(value)
        return ", ".join(show_code(leaf, code) for code in codes), codes
    if fact_type in (FactType.CODE, FactType.RANKED):
        return show_code(leaf, str(value)), str(value)
    if fact_type == FactType.DATE:
        return value.isoformat(), value.isoformat()
    if fact_type == FactType.YEARS_SINCE:
        years = years_since(value, on)
        return str(years), years
    return str(value), str(value)
