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
from .errors import plain
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
    None when missing (for a fact with a none code, a missing value is that code, shown by the
    fact's `none_label`). `fact_label`, `unit`, `value` and `expected` may hold lazy
    translations while in memory; `to_dict()` turns them into plain str.
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

    def to_dict(self, text: Callable[[Any], str] = str) -> dict[str, Any]:
        """Plain JSON data; `text` turns the labels into str (`str`, or a memo of it: a lazy
        translation costs a look-up each time it is turned)."""
        return {
            "path": str(self.path),
            "fact": str(self.fact),
            "fact_label": text(self.fact_label),
            "fact_type": str(self.fact_type),
            "operator": str(self.operator),
            "value": None if self.value is None else text(self.value),
            "expected": text(self.expected),
            "outcome": str(self.outcome),
            "unit": text(self.unit),
            "raw": plain(self.raw),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConditionResult:
        return cls(
            path=data["path"],
            fact=data["fact"],
            fact_label=data["fact_label"],
            fact_type=data["fact_type"],
            operator=data["operator"],
            value=data["value"],
            expected=data["expected"],
            outcome=Outcome(data["outcome"]),
            unit=data.get("unit", ""),
            raw=data.get("raw"),
        )


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

    def to_dict(self, text: Callable[[Any], str] = str) -> dict[str, Any]:
        """Plain JSON data (every label a str), read back by `from_dict`."""
        return {
            "outcome": str(self.outcome),
            "on": self.on.isoformat(),
            "conditions": [condition.to_dict(text) for condition in self.conditions],
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
    actual = comparable(leaf, value, on)
    if actual is None:
        return result(leaf, value, Outcome.UNKNOWN, on, expected=expected)
    return result(leaf, value, of_bool(decide(leaf, actual, on)), on, expected=expected)


def decide(leaf: Compare | InList, actual: Any, on: date) -> bool:
    """Whether the leaf holds for a value already in comparable form (see `comparable`).

    The SQL compiler asks this too, with NONE_KEY and ABOVE_NONE, for the constant outcome
    of the "none" rows of facts that have a none code: one truth table for both evaluators.
    """
    if isinstance(leaf, Compare):
        return COMPARE[leaf.op](actual, target(leaf, leaf.operand, on))
    return any(actual == target(leaf, operand, on) for operand in leaf.operands)


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


# Facts with a none code (`Fact.none_code`) compare as keys: none is NONE_KEY, a present value
# v is (1, v), so none sorts below every value (ranks are negated: 1 is highest) and equals
# only itself. ABOVE_NONE stands for "any present value" when compared with none.
NONE_KEY: tuple[int, ...] = (0,)
ABOVE_NONE: tuple[int, ...] = (1,)


def comparable(leaf: Leaf, value: Any, on: date) -> Any:
    """The value in the form operands compare with (ranks negated: 1 is highest); None when
    the outcome is UNKNOWN (missing, or a code the codebook does not rank)."""
    fact = leaf.fact
    if value is None:
        return NONE_KEY if fact.has_none else None
    base: Any = value
    if fact.type == FactType.RANKED:
        rank = leaf.codebook.ranks.get(value) if leaf.codebook is not None else None
        base = None if rank is None else -rank
    elif fact.type == FactType.YEARS_SINCE:
        base = years_since(value, on)
    if fact.has_none and base is not None:
        return (1, base)
    return base


def is_none_operand(leaf: Leaf, operand: Operand) -> bool:
    """The operand names the fact's none code ("no value")."""
    if isinstance(operand, Ranked):
        return operand.none
    return leaf.fact.has_none and isinstance(operand, str) and operand == leaf.fact.none_code


def target(leaf: Leaf, operand: Operand, on: date) -> Any:
    if is_none_operand(leaf, operand):
        return NONE_KEY
    base: Any = operand
    if isinstance(operand, Ranked):
        base = -operand.rank
    elif isinstance(operand, FixedDate | RelativeDate):
        base = operand.resolve(on)
    return (1, base) if leaf.fact.has_none else base


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
        if leaf.fact.has_none:
            return show_code(leaf, leaf.fact.none_code), leaf.fact.none_code
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
