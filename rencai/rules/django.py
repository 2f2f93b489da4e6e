"""The one Django adapter: rules → `Q` pairs and CASE expressions; error messages.

Every node compiles to a PAIR of positive predicates, where it is TRUE and where it is FALSE:
T(not x) = F(x), F(not x) = T(x); T(and) = all T, F(and) = any F; T(or) = any T,
F(or) = all F; a leaf's T and F both require the value to be present (IS NOT NULL), so a row
with a missing value is in neither: UNKNOWN. Facts with a none code (`Fact.none_code`, e.g.
tier) are the exception: there a missing value is the value "none", and its rows go wholly to
T or to F by the same truth table `explain` uses (`explain.decide`). Django's `~Q` is never
used for `not` (it lets NULL rows through); it appears only inside a leaf, beside an explicit
not-null guard.

Dates are turned into bounds once in Python (`rules.dates`) and emitted as plain comparisons
on the date column: indexable, and identical on PostgreSQL and SQLite.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    DecimalField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, ExtractYear, Round
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext, gettext_noop

from .amounts import (
    FixedAmount,
    FormulaAmount,
    NoAmount,
    TableAmount,
    none_row_fen,
    parse_amount,
)
from .dates import evaluation_date, years_bound
from .errors import ErrorCode, Reason, RuleError
from .explain import ABOVE_NONE, COMPARE, NONE_KEY, decide, is_none_operand
from .facts import Fact, FactCatalogue, FactType
from .logic import Outcome
from .parse import parse
from .tree import (
    MIRRORED,
    NEGATED,
    And,
    Compare,
    CompareOp,
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

ALWAYS = Q(pk__isnull=False)  # a real, trivially true predicate (an empty Q() cannot be a When)
NEVER = Q(pk__isnull=True)
LOOKUPS: dict[CompareOp, str] = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
NULL_FEN = Value(None, output_field=BigIntegerField())


@dataclass(frozen=True)
class Compiled:
    """Where the rule is TRUE and where it is FALSE; rows in neither are UNKNOWN."""

    true_q: Q
    false_q: Q

    def outcome(self) -> Case:
        """A CASE yielding "true", "false" or "unknown" per row (one query for all three)."""
        return Case(
            When(self.true_q, then=Value(str(Outcome.TRUE))),
            When(self.false_q, then=Value(str(Outcome.FALSE))),
            default=Value(str(Outcome.UNKNOWN)),
        )


def compile_rule(rule: Any, catalogue: FactCatalogue, *, on: date) -> Compiled:
    """The (TRUE, FALSE) predicates of `rule` (JSON or ParsedRule) on `on`; filter with true_q."""
    true_q, false_q = compile_node(parse(rule, catalogue).root, evaluation_date(on))
    return Compiled(true_q, false_q)


def select[M: Any](
    queryset: QuerySet[M], rule: Any, catalogue: FactCatalogue, *, on: date
) -> QuerySet[M]:
    """The rows of `queryset` for which `rule` is TRUE on `on`."""
    return queryset.filter(compile_rule(rule, catalogue, on=on).true_q)


def compile_node(node: Node, on: date) -> tuple[Q, Q]:
    if isinstance(node, Not):
        true_q, false_q = compile_node(node.child, on)
        return false_q, true_q
    if isinstance(node, And | Or):
        pairs = [compile_node(child, on) for child in node.children]
        trues = [pair[0] for pair in pairs]
        falses = [pair[1] for pair in pairs]
        if isinstance(node, And):
            return all_q(trues), any_q(falses)
        return any_q(trues), all_q(falses)
    return compile_leaf(node, on)


def all_q(parts: list[Q]) -> Q:
    return reduce(operator.and_, parts) if parts else ALWAYS


def any_q(parts: list[Q]) -> Q:
    return reduce(operator.or_, parts) if parts else NEVER


def compile_leaf(leaf: Leaf, on: date) -> tuple[Q, Q]:
    fact = leaf.fact
    if isinstance(leaf, Has):
        if fact.exists is None:
            raise ValueError(f"set fact {fact.name!r} has no exists(code, on)")
        exists = fact.exists(leaf.code, on)
        # Each membership is its own subquery and two-valued, so F is its negation.
        return Q(exists), ~Q(exists)
    if fact.has_none:
        return none_able_pair(leaf, on)
    if fact.type == FactType.YEARS_SINCE:
        true_q, false_q = years_pair(leaf, on)
    else:
        true_q, false_q = value_pair(leaf, leaf.operands if isinstance(leaf, InList) else (), on)
    present = present_q(fact)
    return true_q & present, false_q & present


def value_pair(leaf: Compare | InList, operands: tuple[Operand, ...], on: date) -> tuple[Q, Q]:
    """(T, F) over the value column, before the not-null guard; `operands` for `in`."""
    fact = leaf.fact
    if fact.is_keyed:
        return keyed_pair(leaf, operands)
    if isinstance(leaf, Compare):
        value = db_value(leaf.operand, on)
        op = MIRRORED[leaf.op] if fact.type == FactType.RANKED else leaf.op
        return comparison(fact, op, value), comparison(fact, NEGATED[op], value)
    return membership(fact, [db_value(operand, on) for operand in operands])


def keyed_pair(leaf: Compare | InList, operands: tuple[Operand, ...]) -> tuple[Q, Q]:
    """(T, F) of a code or ranked fact as `key_field IN (…)`: no join to the catalogue.

    The codes that satisfy the leaf are decided here, from the catalogue's codes and ranks
    (the same cache the rule was parsed with); F is the rest of the present rows, as the
    comparison on the joined column gives.
    """
    fact = leaf.fact
    if fact.type == FactType.RANKED:
        ranks = fact.codes() if fact.codes is not None else {}
        if isinstance(leaf, Compare):
            test, rank = COMPARE[MIRRORED[leaf.op]], as_rank(leaf.operand)
            codes = [code for code, held in ranks.items() if test(held, rank)]
        else:
            wanted = {as_rank(operand) for operand in operands}
            codes = [code for code, held in ranks.items() if held in wanted]
    elif isinstance(leaf, Compare):
        codes = [str(leaf.operand)]
        if leaf.op == "!=":
            true_q, false_q = keys_in(fact, codes)
            return false_q, true_q
    else:
        codes = [str(operand) for operand in operands]
    return keys_in(fact, codes)


def as_rank(operand: Operand) -> int:
    if not isinstance(operand, Ranked):
        raise TypeError(f"not a ranked code: {operand!r}")
    return operand.rank


def keys_in(fact: Fact, codes: list[str]) -> tuple[Q, Q]:
    """Rows whose key is one of the codes' keys, and the others (before the not-null guard)."""
    keys = fact.keys() if fact.keys is not None else {}
    wanted = list(dict.fromkeys(keys[code] for code in codes if code in keys))
    if not wanted:
        return NEVER, ALWAYS
    in_keys = Q(**{f"{fact.key_field}__in": wanted})
    return in_keys, ~in_keys


def none_able_pair(leaf: Compare | InList, on: date) -> tuple[Q, Q]:
    """A fact whose missing value is the value "none": no row is UNKNOWN.

    Present rows are compared as usual (with the not-null guard); the missing rows all go to
    T or to F, as `explain.decide` says for NONE_KEY. A none operand holds for present rows
    as `decide` says for ABOVE_NONE (any present value), and adds nothing to an `in` list.
    """
    present, missing = present_q(leaf.fact), missing_q(leaf.fact)
    if isinstance(leaf, Compare) and is_none_operand(leaf, leaf.operand):
        holds = decide(leaf, ABOVE_NONE, on)
        true_q, false_q = (present, NEVER) if holds else (NEVER, present)
    else:
        real = (
            tuple(o for o in leaf.operands if not is_none_operand(leaf, o))
            if isinstance(leaf, InList)
            else ()
        )
        if isinstance(leaf, InList) and not real:
            true_q, false_q = NEVER, present
        else:
            true_q, false_q = value_pair(leaf, real, on)
            true_q, false_q = true_q & present, false_q & present
    if decide(leaf, NONE_KEY, on):
        return either(true_q, missing), false_q
    return true_q, either(false_q, missing)


def either(first: Q, second: Q) -> Q:
    return second if first is NEVER else first | second


def db_value(operand: Operand, on: date) -> Any:
    """The column-side value: a rank, a resolved date, a number, a code or text."""
    if isinstance(operand, Ranked):
        return operand.rank  # the fact's field is the rank column; 1 is highest
    if isinstance(operand, FixedDate | RelativeDate):
        return operand.resolve(on)
    if isinstance(operand, Decimal):
        if operand == operand.to_integral_value():
            return int(operand)
        # Django would truncate a Decimal compared with an integer column; a typed Value is
        # compared exactly by both engines.
        return Value(operand, output_field=DecimalField())
    return operand


def comparison(fact: Fact, op: CompareOp, value: Any) -> Q:
    field = fact.field
    if op == "==":
        return Q(**{field: value})
    if op == "!=":
        if fact.type in (FactType.TEXT, FactType.CODE):
            return ~Q(**{field: value})  # safe: the caller adds the not-null guard
        return Q(**{f"{field}__lt": value}) | Q(**{f"{field}__gt": value})
    return Q(**{f"{field}__{LOOKUPS[op]}": value})


def membership(fact: Fact, values: list[Any]) -> tuple[Q, Q]:
    if any(isinstance(value, Value) for value in values):
        trues = [comparison(fact, "==", value) for value in values]
        return any_q(trues), all_q([comparison(fact, "!=", value) for value in values])
    unique = list(dict.fromkeys(values))
    return Q(**{f"{fact.field}__in": unique}), ~Q(**{f"{fact.field}__in": unique})


def present_q(fact: Fact) -> Q:
    """The value is there: not NULL (and not "" for blank-is-missing columns)."""
    present = Q(**{f"{fact.presence_field}__isnull": False})
    if fact.blank_is_missing:
        present &= ~Q(**{fact.field: ""})
    return present


def missing_q(fact: Fact) -> Q:
    missing = Q(**{f"{fact.presence_field}__isnull": True})
    if fact.blank_is_missing:
        missing |= Q(**{fact.field: ""})
    return missing


def years_pair(leaf: Compare | InList, on: date) -> tuple[Q, Q]:
    """Full years since the start column, as bounds on it: years ≥ N ⇔ start ≤ bound(N)."""
    start = leaf.fact.field

    def at_least(n: int) -> Q:
        return Q(**{f"{start}__lte": years_bound(on, n)})

    def below(n: int) -> Q:
        return Q(**{f"{start}__gt": years_bound(on, n)})

    def exactly(n: int) -> tuple[Q, Q]:
        return at_least(n) & below(n + 1), below(n) | at_least(n + 1)

    if isinstance(leaf, InList):
        pairs = [exactly(n) for n in dict.fromkeys(as_years(o) for o in leaf.operands)]
        return any_q([pair[0] for pair in pairs]), all_q([pair[1] for pair in pairs])
    n = as_years(leaf.operand)
    pairs_by_op: dict[CompareOp, tuple[Q, Q]] = {
        ">=": (at_least(n), below(n)),
        ">": (at_least(n + 1), below(n + 1)),
        "==": exactly(n),
    }
    if leaf.op in pairs_by_op:
        return pairs_by_op[leaf.op]
    true_q, false_q = pairs_by_op[NEGATED[leaf.op]]  # <, <=, != are the others' negations
    return false_q, true_q


def as_years(operand: Operand) -> int:
    if not isinstance(operand, int):
        raise TypeError(f"not a number of years: {operand!r}")
    return operand


# --- amounts -------------------------------------------------------------------------------


def compile_amount(spec: Any, catalogue: FactCatalogue, *, on: date) -> Combinable:
    """The amount in integer fen per row as one SQL expression (NULL: none or unknown).

    `queryset.aggregate(total=Sum(compile_amount(...)))` costs a whole population in one query.
    """
    on = evaluation_date(on)
    amount = parse_amount(spec, catalogue)
    if isinstance(amount, NoAmount):
        return NULL_FEN
    if isinstance(amount, FixedAmount):
        return fen(amount.fen)
    if isinstance(amount, TableAmount):
        return table_amount(amount)
    if amount.fact.type == FactType.YEARS_SINCE:
        return years_formula(amount, on)
    return number_formula(amount)


def fen(value: int | None) -> Value:
    return Value(value, output_field=BigIntegerField())


def table_amount(amount: TableAmount) -> Case:
    fact = amount.fact
    paid = {
        code: v
        for code, v in amount.rows.items()
        if not (fact.has_none and code == fact.none_code)  # that row is for missing values
    }
    rows = keyed_rows(fact, paid) if fact.is_keyed else joined_rows(amount, paid)
    missing = fen(none_row_fen(amount)) if fact.has_none else NULL_FEN
    return Case(
        When(missing_q(fact), then=missing),
        *rows,
        default=fen(amount.default),
        output_field=BigIntegerField(),
    )


def keyed_rows(fact: Fact, paid: dict[str, int]) -> list[When]:
    """One `key_field IN (…)` branch per amount paid: no join to the catalogue.

    A row's code is matched by its key (the same code cache the amount was parsed with), as
    `amounts.table_fen` matches the talent's code; a code without a key pays nothing here.
    """
    keys = fact.keys() if fact.keys is not None else {}
    by_fen: dict[int, list[Any]] = {}
    for code, value in paid.items():
        if code in keys:
            by_fen.setdefault(value, []).append(keys[code])
    return [
        When(Q(**{f"{fact.key_field}__in": wanted}), then=fen(value))
        for value, wanted in by_fen.items()
    ]


def joined_rows(amount: TableAmount, paid: dict[str, int]) -> list[When]:
    """One branch per row, on the joined value column (facts without keys)."""
    fact = amount.fact
    ranks = amount.codebook.ranks if amount.codebook is not None else {}
    return [
        When(Q(**{fact.field: ranks[code] if fact.type == FactType.RANKED else code}), then=fen(v))
        for code, v in paid.items()
    ]


def number_formula(amount: FormulaAmount) -> Case:
    """min(base + max(value, 0) × per_unit, cap), rounded half up to the fen."""
    field = amount.fact.field
    value = Cast(F(field), DecimalField(max_digits=40, decimal_places=20))
    raw = Value(Decimal(amount.base)) + value * Value(Decimal(amount.per_unit))
    return Case(
        When(missing_q(amount.fact), then=NULL_FEN),
        When(Q(**{f"{field}__lte": 0}), then=fen(min(amount.base, amount.cap))),
        When(GreaterThanOrEqual(raw, Value(Decimal(amount.cap))), then=fen(amount.cap)),
        default=Cast(Round(raw), BigIntegerField()),
        output_field=BigIntegerField(),
    )


def years_formula(amount: FormulaAmount, on: date) -> Case:
    """The same formula over full years; thresholds become bounds on the start column."""
    start = amount.fact.field
    whens = [
        When(missing_q(amount.fact), then=NULL_FEN),
        # Fewer than one full year (a start in the future included) counts as zero.
        When(Q(**{f"{start}__gt": years_bound(on, 1)}), then=fen(min(amount.base, amount.cap))),
    ]
    if amount.per_unit == 0 or amount.cap <= amount.base:
        return Case(*whens, default=fen(min(amount.base, amount.cap)))
    reaches_cap = math.ceil((amount.cap - amount.base) / amount.per_unit)
    if reaches_cap < on.year:  # a start date that old exists in the calendar
        capped = Q(**{f"{start}__lte": years_bound(on, reaches_cap)})
        whens.append(When(capped, then=fen(amount.cap)))
    raw = fen(amount.base) + full_years(start, on) * fen(amount.per_unit)
    # PostgreSQL's EXTRACT yields numeric: cast back so every branch is a bigint.
    return Case(*whens, default=Cast(raw, BigIntegerField()), output_field=BigIntegerField())


def full_years(start: str, on: date) -> Combinable:
    """Full years (周岁) from the start column to `on`, by the (month, day) comparison."""
    before_anniversary = Q(**{f"{start}__month__gt": on.month}) | Q(
        **{f"{start}__month": on.month, f"{start}__day__gt": on.day}
    )
    correction = Case(When(before_anniversary, then=Value(1)), default=Value(0))
    return Value(on.year) - ExtractYear(start) - correction


# --- messages ------------------------------------------------------------------------------


def describe(error: RuleError) -> str:
    """The error as one translated sentence (English source strings; Chinese in zh_Hans)."""
    params = {key: value for key, value in error.params.items() if key != "reason"}
    params["path"] = error.path
    if params.get("label"):
        params["fact"] = params["label"]
    if error.code in (ErrorCode.BAD_SHAPE, ErrorCode.BAD_VALUE):
        template = REASON_MESSAGES.get(str(error.params.get("reason", "")))
    else:
        template = CODE_MESSAGES.get(error.code)
    if "expected" in params:
        params["expected"] = expected_name(str(params["expected"]))
    message = gettext(template) if template else gettext("Invalid rule at {path}.")
    try:
        return message.format(**params)
    except (KeyError, IndexError):
        return gettext("Invalid rule at {path}.").format(path=error.path)


def expected_name(kind: str) -> str:
    names = {
        "text": gettext("a text"),
        "code": gettext("a code"),
        "number": gettext("a number"),
        "years": gettext("a whole number of years"),
        "integer": gettext("a whole number"),
        "date": gettext("a date"),
        "offset": gettext("an offset in years, months and days"),
        "list": gettext("a list"),
        "rows": gettext("a table of amounts by code"),
    }
    return names.get(kind, kind)


# Marked for makemessages here, translated when describe() runs (in the request's language).
CODE_MESSAGES: dict[str, str] = {
    ErrorCode.UNKNOWN_OPERATOR: gettext_noop("Unknown operator “{operator}” at {path}."),
    ErrorCode.UNKNOWN_FACT: gettext_noop("Unknown fact “{fact}” at {path}."),
    ErrorCode.OPERATOR_NOT_FOR_TYPE: gettext_noop(
        "“{operator}” cannot be used with “{fact}” at {path}."
    ),
    ErrorCode.TOO_DEEP: gettext_noop(
        "The rule is nested too deeply at {path} (at most {limit} levels)."
    ),
    ErrorCode.TOO_LARGE: gettext_noop(
        "The rule is too large: {nodes} conditions, at most {limit}."
    ),
}
REASON_MESSAGES: dict[str, str] = {
    Reason.NOT_AN_OBJECT: gettext_noop("The condition at {path} is not a condition."),
    Reason.ONE_KEY: gettext_noop("The condition at {path} must have exactly one operator."),
    Reason.NOT_A_LIST: gettext_noop("The conditions at {path} must be a list."),
    Reason.TWO_ARGUMENTS: gettext_noop("The comparison at {path} needs a fact and a value."),
    Reason.NOT_A_VAR: gettext_noop("The comparison at {path} must start with a fact."),
    Reason.NOT_AN_AMOUNT_SPEC: gettext_noop("The amount at {path} is not a known kind of amount."),
    Reason.UNKNOWN_KEY: gettext_noop("Unexpected “{key}” at {path}."),
    Reason.MISSING_KEY: gettext_noop("“{key}” is missing at {path}."),
    Reason.WRONG_TYPE: gettext_noop("The value at {path} must be {expected}."),
    Reason.FLOAT: gettext_noop("The number at {path} must be written as text, such as “3.5”."),
    Reason.EMPTY: gettext_noop("The value at {path} must not be empty."),
    Reason.UNKNOWN_CODE: gettext_noop("“{value}” at {path} is not a code of “{fact}”."),
    Reason.BAD_DATE: gettext_noop("“{value}” at {path} is not a date (YYYY-MM-DD)."),
    Reason.OUT_OF_RANGE: gettext_noop("The value at {path} must be between {min} and {max}."),
    Reason.NOT_A_NUMBER: gettext_noop("“{value}” at {path} is not a number."),
    Reason.NOT_AN_AMOUNT: gettext_noop(
        "The amount at {path} must be in yuan with at most two decimals, such as “30000.00”."
    ),
    Reason.NOT_FOR_AMOUNT: gettext_noop(
        "“{fact}” cannot be used for this kind of amount at {path}."
    ),
}
