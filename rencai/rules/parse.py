"""Validation: JSON rule → typed tree, or every problem found with its path.

Grammar (a strict, typed subset of JsonLogic; no truthiness, no loose ==, no substring `in`):

    rule := {"and": [rule, ...]}                     empty list = TRUE
          | {"or": [rule, ...]}                      empty list = FALSE
          | {"not": rule}
          | {OP: [{"var": FACT}, VALUE]}             OP in ==, !=, <, <=, >, >=
          | {"in": [{"var": FACT}, [VALUE, ...]]}    a non-empty list
          | {"has": [{"var": SET_FACT}, CODE]}

Paths read like "$.and[1].>=[1]" (the value of the `>=` under the second child of `and`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from .errors import ErrorCode, Reason, RuleError, RuleValidationError
from .facts import ORDERED_TYPES, Fact, FactCatalogue, FactType
from .tree import (
    COMPARISONS,
    And,
    Codebook,
    Compare,
    CompareOp,
    Has,
    InList,
    Node,
    Not,
    Operand,
    Or,
    ParsedRule,
    Ranked,
)
from .values import decode_code, decode_date, decode_number, decode_text, decode_years

MAX_DEPTH = 20
MAX_NODES = 500
LOGICAL = ("and", "or", "not")
OPERATORS = frozenset((*LOGICAL, *COMPARISONS, "in", "has"))


def parse(rule: Any, catalogue: FactCatalogue) -> ParsedRule:
    """The typed tree of `rule`; raises RuleValidationError listing every problem."""
    if isinstance(rule, ParsedRule):
        return rule
    nodes = count_nodes(rule)
    if nodes > MAX_NODES:
        raise RuleValidationError(
            [RuleError("$", ErrorCode.TOO_LARGE, {"limit": MAX_NODES, "nodes": nodes})]
        )
    parser = Parser(catalogue)
    root = parser.node(rule, "$", 1)
    if parser.errors or root is None:
        raise RuleValidationError(parser.errors)
    return ParsedRule(root=root, source=rule)


def validate(rule: Any, catalogue: FactCatalogue) -> None:
    """Raise RuleValidationError (with every problem and its path) unless `rule` is valid."""
    parse(rule, catalogue)


def count_nodes(rule: Any, limit: int = MAX_NODES) -> int:
    """Conditions plus in-list items, counted without recursion; stops just past `limit`."""
    count = 0
    stack = [rule]
    while stack and count <= limit:
        node = stack.pop()
        count += 1
        if not isinstance(node, dict) or len(node) != 1:
            continue
        ((op, args),) = node.items()
        if op in ("and", "or") and isinstance(args, list):
            stack.extend(args)
        elif op == "not":
            stack.append(args)
        elif op == "in" and isinstance(args, list) and len(args) == 2 and isinstance(args[1], list):
            count += len(args[1])
    return count


class Parser:
    """Builds the typed tree, collecting every error instead of stopping at the first."""

    def __init__(self, catalogue: FactCatalogue) -> None:
        self.catalogue = catalogue
        self.errors: list[RuleError] = []
        self.codebooks: dict[str, Codebook | None] = {}

    def report(self, path: str, code: ErrorCode, **params: Any) -> None:
        self.errors.append(RuleError(path, code, params))

    def node(self, raw: Any, path: str, depth: int) -> Node | None:
        if depth > MAX_DEPTH:
            self.report(path, ErrorCode.TOO_DEEP, limit=MAX_DEPTH)
            return None
        if not isinstance(raw, dict):
            self.report(path, ErrorCode.BAD_SHAPE, reason=str(Reason.NOT_AN_OBJECT))
            return None
        if len(raw) != 1:
            self.report(path, ErrorCode.BAD_SHAPE, reason=str(Reason.ONE_KEY))
            return None
        ((op, args),) = raw.items()
        if op not in OPERATORS:
            self.report(path, ErrorCode.UNKNOWN_OPERATOR, operator=str(op))
            return None
        if op in LOGICAL:
            return self.logical(op, args, path, depth)
        return self.leaf(op, args, path)

    def logical(self, op: str, args: Any, path: str, depth: int) -> Node | None:
        if op == "not":
            child = self.node(args, f"{path}.not", depth + 1)
            return Not(path, child) if child is not None else None
        if not isinstance(args, list):
            self.report(f"{path}.{op}", ErrorCode.BAD_SHAPE, reason=str(Reason.NOT_A_LIST))
            return None
        children = [self.node(arg, f"{path}.{op}[{i}]", depth + 1) for i, arg in enumerate(args)]
        kept = tuple(child for child in children if child is not None)
        if len(kept) != len(children):
            return None
        return And(path, kept) if op == "and" else Or(path, kept)

    def leaf(self, op: str, args: Any, node_path: str) -> Node | None:
        path = f"{node_path}.{op}"
        if not isinstance(args, list) or len(args) != 2:
            self.report(path, ErrorCode.BAD_SHAPE, reason=str(Reason.TWO_ARGUMENTS))
            return None
        fact = self.var(args[0], f"{path}[0]")
        if fact is None:
            return None
        value_path = f"{path}[1]"
        allowed = self.check_operator(op, fact, node_path)
        if op == "has" or fact.type == FactType.SET:
            code = self.code(fact, args[1], value_path)
            if not allowed or code is None:
                return None
            return Has(node_path, fact, code, self.codebook(fact))
        if op == "in":
            operands = self.in_list(fact, args[1], value_path)
            if not allowed or operands is None:
                return None
            return InList(node_path, fact, operands, args[1], self.codebook(fact))
        operand = self.operand(fact, args[1], value_path)
        if not allowed or operand is None:
            return None
        compare_op = cast(CompareOp, op)  # the operator check let only comparisons through
        return Compare(node_path, fact, compare_op, operand, args[1], self.codebook(fact))

    def var(self, raw: Any, path: str) -> Fact | None:
        if not isinstance(raw, dict) or raw.keys() != {"var"} or not isinstance(raw["var"], str):
            self.report(path, ErrorCode.BAD_SHAPE, reason=str(Reason.NOT_A_VAR))
            return None
        fact = self.catalogue.get(raw["var"])
        if fact is None:
            self.report(f"{path}.var", ErrorCode.UNKNOWN_FACT, fact=raw["var"])
        return fact

    def check_operator(self, op: str, fact: Fact, path: str) -> bool:
        if fact.type == FactType.SET:
            allowed = op == "has"
        elif op in ("==", "!=", "in"):
            allowed = True
        else:
            allowed = op != "has" and fact.type in ORDERED_TYPES
        if not allowed:
            self.report(
                path,
                ErrorCode.OPERATOR_NOT_FOR_TYPE,
                operator=op,
                fact=fact.name,
                label=fact.label,
                type=str(fact.type),
            )
        return allowed

    def in_list(self, fact: Fact, raw: Any, path: str) -> tuple[Operand, ...] | None:
        if not isinstance(raw, list):
            self.report(path, ErrorCode.BAD_VALUE, reason=str(Reason.WRONG_TYPE), expected="list")
            return None
        if not raw:
            self.report(path, ErrorCode.BAD_VALUE, reason=str(Reason.EMPTY))
            return None
        operands = [self.operand(fact, item, f"{path}[{i}]") for i, item in enumerate(raw)]
        kept = tuple(operand for operand in operands if operand is not None)
        return kept if len(kept) == len(operands) else None

    def operand(self, fact: Fact, raw: Any, path: str) -> Operand | None:
        decoders: dict[FactType, Callable[[Any, str], Operand | None]] = {
            FactType.TEXT: lambda r, p: decode_text(r, p, self.report),
            FactType.CODE: lambda r, p: self.code(fact, r, p),
            FactType.RANKED: lambda r, p: self.ranked(fact, r, p),
            FactType.NUMBER: lambda r, p: decode_number(r, p, self.report),
            FactType.DATE: lambda r, p: decode_date(r, p, self.report),
            FactType.YEARS_SINCE: lambda r, p: decode_years(r, p, self.report),
            FactType.SET: lambda r, p: self.code(fact, r, p),
        }
        return decoders[fact.type](raw, path)

    def code(self, fact: Fact, raw: Any, path: str) -> str | None:
        return decode_code(
            raw, path, self.report, allowed_codes(fact, self.codebook(fact)), fact.name
        )

    def ranked(self, fact: Fact, raw: Any, path: str) -> Ranked | None:
        code = self.code(fact, raw, path)
        book = self.codebook(fact)
        if code is None or book is None:
            return None
        if fact.has_none and code == fact.none_code:
            return Ranked(code, max(book.ranks.values(), default=0) + 1, none=True)
        return Ranked(code, book.ranks[code])

    def codebook(self, fact: Fact) -> Codebook | None:
        """The fact's codes and names, read once per parse (they may come from the database)."""
        if fact.name not in self.codebooks:
            self.codebooks[fact.name] = read_codebook(fact)
        return self.codebooks[fact.name]


def read_codebook(fact: Fact) -> Codebook | None:
    """The fact's codes and names now; the none code (if any) is named by `none_label`."""
    if fact.codes is None and fact.names is None and not fact.has_none:
        return None
    ranks: Mapping[str, int] = dict(fact.codes()) if fact.codes is not None else {}
    names: dict[str, str] = dict(fact.names()) if fact.names is not None else {}
    if fact.has_none:
        names[fact.none_code] = str(fact.none_label) or fact.none_code
    return Codebook(ranks=ranks, names=names)


def allowed_codes(fact: Fact, book: Codebook | None) -> dict[str, int] | None:
    """The codes a rule (or an amount row) may name for `fact`; None: any slug.

    The none code of a fact that has one is always allowed (it names "no value").
    """
    codes = dict(book.ranks) if book is not None and fact.codes is not None else None
    if fact.type == FactType.RANKED and codes is None:
        codes = {}  # a ranked fact without codes can rank nothing (but none)
    if fact.has_none and codes is not None:
        codes[fact.none_code] = 0
    return codes
