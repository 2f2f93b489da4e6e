"""Amounts: how much a benefit pays one talent, in integer fen (Decimal arithmetic, no floats).

Amount spec JSON (yuan as strings with at most two decimals, ≥ 0):

    {"kind": "none"}                                     no money (amount None)
    {"kind": "fixed", "yuan": "30000.00"}
    {"kind": "table", "fact": CODE_OR_RANKED_FACT,
     "rows": {"master": "30000.00", "doctorate": "60000.00"}, "default": "0.00"}
        the row of the talent's code; a code not listed gets "default" (None without one);
        a missing fact value gets None (the amount is unknown) — except for a fact with a
        none code (`Fact.none_code`, e.g. no tier), where a missing value is "none": it gets
        the row named by the none code if there is one, else "default", else None.
    {"kind": "formula", "fact": NUMBER_OR_YEARS_SINCE_FACT,
     "per_unit": "1000.00", "base": "0.00", "cap": "50000.00"}
        min(base + max(value, 0) × per_unit, cap), rounded half up to the fen ("base"
        optional, default 0); a missing value gives None.

`rencai.rules.django.compile_amount` compiles the same spec to one SQL CASE expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .dates import evaluation_date, years_since
from .errors import ErrorCode, Reason, RuleError, RuleValidationError
from .explain import read_value
from .facts import Fact, FactCatalogue, FactType
from .parse import allowed_codes, read_codebook
from .tree import Codebook
from .values import decode_code, decode_yuan

KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {  # kind: (required, optional) keys
    "none": (frozenset(), frozenset()),
    "fixed": (frozenset({"yuan"}), frozenset()),
    "table": (frozenset({"fact", "rows"}), frozenset({"default"})),
    "formula": (frozenset({"fact", "per_unit", "cap"}), frozenset({"base"})),
}
TABLE_TYPES = frozenset({FactType.CODE, FactType.RANKED})
FORMULA_TYPES = frozenset({FactType.NUMBER, FactType.YEARS_SINCE})


@dataclass(frozen=True)
class NoAmount:
    pass


@dataclass(frozen=True)
class FixedAmount:
    fen: int


@dataclass(frozen=True)
class TableAmount:
    fact: Fact
    rows: Mapping[str, int]  # code → fen
    default: int | None
    codebook: Codebook | None


@dataclass(frozen=True)
class FormulaAmount:
    fact: Fact
    per_unit: int  # fen per unit of the fact
    base: int
    cap: int


Amount = NoAmount | FixedAmount | TableAmount | FormulaAmount


def parse_amount(spec: Any, catalogue: FactCatalogue) -> Amount:
    """The typed amount of `spec`; raises RuleValidationError listing every problem."""
    if isinstance(spec, NoAmount | FixedAmount | TableAmount | FormulaAmount):
        return spec
    errors: list[RuleError] = []

    def report(path: str, code: ErrorCode, **params: Any) -> None:
        errors.append(RuleError(path, code, params))

    amount = AmountParser(catalogue, report).spec(spec)
    if errors or amount is None:
        raise RuleValidationError(errors)
    return amount


def validate_amount(spec: Any, catalogue: FactCatalogue) -> None:
    parse_amount(spec, catalogue)


def amount_fen(spec: Any, subject: Any, catalogue: FactCatalogue, *, on: date) -> int | None:
    """The amount for `subject` on `on` in integer fen; None when there is none or it is unknown."""
    on = evaluation_date(on)
    amount = parse_amount(spec, catalogue)
    if isinstance(amount, NoAmount):
        return None
    if isinstance(amount, FixedAmount):
        return amount.fen
    value = read_value(amount.fact, subject, on)
    if isinstance(amount, TableAmount):
        return table_fen(amount, value)
    if value is None:
        return None
    units = years_since(value, on) if amount.fact.type == FactType.YEARS_SINCE else value
    return formula_fen(amount, Decimal(units))


def table_fen(amount: TableAmount, value: Any) -> int | None:
    fact = amount.fact
    if value is None:
        return none_row_fen(amount) if fact.has_none else None
    code = str(value)
    if fact.has_none and code == fact.none_code:
        return amount.default  # a catalogue code spelt like the none code: never its row
    return amount.rows.get(code, amount.default)


def none_row_fen(amount: TableAmount) -> int | None:
    """What "none" (a missing value of a fact with a none code) is paid: its row, or default."""
    return amount.rows.get(amount.fact.none_code, amount.default)


def formula_fen(amount: FormulaAmount, value: Decimal) -> int:
    raw = amount.base + max(value, Decimal(0)) * amount.per_unit
    return min(int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)), amount.cap)


class AmountParser:
    def __init__(self, catalogue: FactCatalogue, report: Any) -> None:
        self.catalogue = catalogue
        self.report = report

    def spec(self, spec: Any) -> Amount | None:
        kind = spec.get("kind") if isinstance(spec, dict) else None
        if not isinstance(kind, str) or kind not in KINDS:  # a list or dict is not hashable
            where = "$.kind" if isinstance(spec, dict) else "$"
            self.report(where, ErrorCode.BAD_SHAPE, reason=str(Reason.NOT_AN_AMOUNT_SPEC))
            return None
        if not self.keys(spec, *KINDS[kind]):
            return None
        if kind == "none":
            return NoAmount()
        if kind == "fixed":
            fen = decode_yuan(spec["yuan"], "$.yuan", self.report)
            return FixedAmount(fen) if fen is not None else None
        if kind == "table":
            return self.table(spec)
        return self.formula(spec)

    def keys(
        self, spec: dict[str, Any], required: frozenset[str], optional: frozenset[str]
    ) -> bool:
        ok = True
        for key in sorted(spec.keys() - required - optional - {"kind"}):
            self.report(f"$.{key}", ErrorCode.BAD_SHAPE, reason=str(Reason.UNKNOWN_KEY), key=key)
            ok = False
        for key in sorted(required - spec.keys()):
            self.report("$", ErrorCode.BAD_SHAPE, reason=str(Reason.MISSING_KEY), key=key)
            ok = False
        return ok

    def fact(self, spec: dict[str, Any], types: frozenset[FactType]) -> Fact | None:
        name = spec["fact"]
        fact = self.catalogue.get(name) if isinstance(name, str) else None
        if fact is None:
            self.report("$.fact", ErrorCode.UNKNOWN_FACT, fact=str(name))
            return None
        if fact.type not in types:
            reason = str(Reason.NOT_FOR_AMOUNT)
            self.report("$.fact", ErrorCode.BAD_VALUE, reason=reason, fact=name, type=fact.type)
            return None
        return fact

    def table(self, spec: dict[str, Any]) -> TableAmount | None:
        fact = self.fact(spec, TABLE_TYPES)
        rows = spec["rows"]
        if not isinstance(rows, dict) or not rows:
            reason = Reason.WRONG_TYPE if not isinstance(rows, dict) else Reason.EMPTY
            self.report("$.rows", ErrorCode.BAD_VALUE, reason=str(reason), expected="rows")
            return None
        default = None
        if spec.get("default") is not None:
            default = decode_yuan(spec["default"], "$.default", self.report)
        if fact is None:
            return None
        book = read_codebook(fact)
        codes = allowed_codes(fact, book)
        if codes is None:  # open-ended codes: rows can only name the none code
            codes = {fact.none_code: 0} if fact.has_none else {}
        table: dict[str, int] = {}
        for code, yuan in rows.items():
            path = f"$.rows.{code}"
            known = decode_code(code, path, self.report, codes, fact.name)
            fen = decode_yuan(yuan, path, self.report)
            if known is not None and fen is not None:
                table[known] = fen
        if len(table) != len(rows) or (spec.get("default") is not None and default is None):
            return None
        return TableAmount(fact, table, default, book)

    def formula(self, spec: dict[str, Any]) -> FormulaAmount | None:
        fact = self.fact(spec, FORMULA_TYPES)
        per_unit = decode_yuan(spec["per_unit"], "$.per_unit", self.report)
        base = decode_yuan(spec.get("base", "0"), "$.base", self.report)
        cap = decode_yuan(spec["cap"], "$.cap", self.report)
        if fact is None or per_unit is None or base is None or cap is None:
            return None
        return FormulaAmount(fact, per_unit, base, cap)
