"""The policy rule language: a strict, typed subset of JsonLogic (pure Python).

`validate(rule, catalogue)` refuses unknown facts, wrong types and unsupported operators with
the path to the offending node; `explain(rule, subject, catalogue, on=...)` evaluates one talent
with Kleene three-valued logic and a trace; `rencai.rules.django.compile_rule(...)` turns the
same rule into a pair of Django `Q` predicates (where it is TRUE, where it is FALSE).
Only `rencai.rules.django` imports Django.

Amounts (`validate_amount`, `amount_fen`; `rencai.rules.django.compile_amount`) follow the same
pattern: one JSON spec, a Python evaluator and a SQL CASE expression.
"""

from .amounts import Amount, amount_fen, parse_amount, validate_amount
from .dates import anniversary, shift, years_bound, years_since
from .errors import ErrorCode, Reason, RuleError, RuleValidationError
from .explain import ConditionResult, Explanation, explain
from .facts import Fact, FactCatalogue, FactType
from .logic import Outcome
from .parse import MAX_DEPTH, MAX_NODES, parse, validate
from .tree import ParsedRule

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "Amount",
    "ConditionResult",
    "ErrorCode",
    "Explanation",
    "Fact",
    "FactCatalogue",
    "FactType",
    "Outcome",
    "ParsedRule",
    "Reason",
    "RuleError",
    "RuleValidationError",
    "amount_fen",
    "anniversary",
    "explain",
    "parse",
    "parse_amount",
    "shift",
    "validate",
    "validate_amount",
    "years_bound",
    "years_since",
]
