"""Validation errors: every problem in a rule, each with the JSON path to the offending node."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any


class ErrorCode(StrEnum):
    BAD_SHAPE = "bad_shape"  # not the grammar's shape (params: reason)
    UNKNOWN_OPERATOR = "unknown_operator"  # params: operator
    UNKNOWN_FACT = "unknown_fact"  # params: fact
    OPERATOR_NOT_FOR_TYPE = "operator_not_for_type"  # params: operator, fact, type
    BAD_VALUE = "bad_value"  # params: reason, fact (where known), value (where printable)
    TOO_DEEP = "too_deep"  # params: limit
    TOO_LARGE = "too_large"  # params: limit, nodes


class Reason(StrEnum):
    """The finer reason of a bad_shape or bad_value error (params["reason"])."""

    # bad_shape
    NOT_AN_OBJECT = "not_an_object"  # a rule node must be a JSON object
    ONE_KEY = "one_key"  # a rule node has exactly one operator key
    NOT_A_LIST = "not_a_list"  # and/or take a list
    TWO_ARGUMENTS = "two_arguments"  # comparisons take [{"var": FACT}, VALUE]
    NOT_A_VAR = "not_a_var"  # the first argument must be {"var": "fact_name"}
    NOT_AN_AMOUNT_SPEC = "not_an_amount_spec"  # amounts: an object with a known "kind"
    UNKNOWN_KEY = "unknown_key"  # an object with a key the grammar does not know (params: key)
    MISSING_KEY = "missing_key"  # params: key
    # bad_value
    WRONG_TYPE = "wrong_type"  # params: expected (text, code, number, date, years, amount)
    FLOAT = "float"  # a JSON float where Decimal is required
    EMPTY = "empty"  # an empty string or empty list
    UNKNOWN_CODE = "unknown_code"  # params: value
    BAD_DATE = "bad_date"  # params: value
    OUT_OF_RANGE = "out_of_range"  # params: value, min, max
    NOT_A_NUMBER = "not_a_number"  # a string that is not a plain decimal number
    NOT_AN_AMOUNT = "not_an_amount"  # not a yuan string ≥ 0 with at most two decimals
    NOT_FOR_AMOUNT = "not_for_amount"  # the amount's fact has the wrong type


def plain(value: Any) -> Any:
    """`value` as plain JSON data: str, int, float, bool, None, lists and dicts of them.

    Labels may be lazy translation proxies (Django's gettext_lazy) and codes StrEnums: every
    other object becomes its str(), so json.dumps never meets it (rules imports no Django).
    """
    if value is None or (isinstance(value, bool | int | float) and not isinstance(value, Enum)):
        return value
    if isinstance(value, str):
        return str(value)  # a plain str even for a StrEnum
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


@dataclass(frozen=True)
class RuleError:
    """One problem: where (a JSON path such as "$.and[1].>=[1]"), what, and the details."""

    path: str
    code: ErrorCode
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "code": str(self.code), "params": plain(self.params)}

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(self.params.items()))
        return f"{self.path}: {self.code}" + (f" ({details})" if details else "")


class RuleValidationError(ValueError):
    """A rule (or amount) refused, with every problem found (not only the first)."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))
