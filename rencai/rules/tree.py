"""The typed rule tree: what `parse` builds once, and what `explain` and `compile_rule` walk.

Every value is already decoded by its fact's type (Decimal, dates, ranks), so the evaluators
never look at raw JSON again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from .dates import shift
from .facts import Fact

CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
COMPARISONS: tuple[CompareOp, ...] = ("==", "!=", "<", "<=", ">", ">=")
# The comparison that is TRUE exactly where another is FALSE (for a present value).
NEGATED: dict[CompareOp, CompareOp] = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
}
# The same comparison seen from the other side: a >= b  ⇔  -a <= -b (ranks: 1 is highest).
MIRRORED: dict[CompareOp, CompareOp] = {
    "==": "==",
    "!=": "!=",
    "<": ">",
    ">": "<",
    "<=": ">=",
    ">=": "<=",
}


@dataclass(frozen=True)
class Codebook:
    """A snapshot of a coded fact's codes (with ranks) and names, taken once per parse."""

    ranks: Mapping[str, int]
    names: Mapping[str, str]

    def name(self, code: str) -> str:
        return self.names.get(code, code)


@dataclass(frozen=True)
class Ranked:
    """A code of a ranked fact, with its rank (1 is highest).

    `none` marks the fact's none code (`Fact.none_code`): "no value", below every code; its
    `rank` is then one below the lowest listed rank, for display and sorting only (the
    evaluators compare none by the flag, never by this number).
    """

    code: str
    rank: int
    none: bool = False


@dataclass(frozen=True)
class FixedDate:
    """{"date": "YYYY-MM-DD"}"""

    value: date

    def resolve(self, on: date) -> date:
        return self.value


@dataclass(frozen=True)
class RelativeDate:
    """{"on": {"years": Y, "months": M, "days": D}}: the evaluation date shifted."""

    years: int = 0
    months: int = 0
    days: int = 0

    def resolve(self, on: date) -> date:
        return shift(on, years=self.years, months=self.months, days=self.days)


DateValue = FixedDate | RelativeDate
# TEXT/CODE: str; RANKED: Ranked; NUMBER: Decimal; DATE: DateValue; YEARS_SINCE: int.
Operand = str | Ranked | Decimal | FixedDate | RelativeDate | int


@dataclass(frozen=True)
class Compare:
    """{OP: [{"var": FACT}, VALUE]}"""

    path: str
    fact: Fact
    op: CompareOp
    operand: Operand
    raw: Any  # the value as written in the rule
    codebook: Codebook | None = None


@dataclass(frozen=True)
class InList:
    """{"in": [{"var": FACT}, [VALUE, ...]]}"""

    path: str
    fact: Fact
    operands: tuple[Operand, ...]
    raw: Any
    codebook: Codebook | None = None


@dataclass(frozen=True)
class Has:
    """{"has": [{"var": SET_FACT}, CODE]}"""

    path: str
    fact: Fact
    code: str
    codebook: Codebook | None = None


@dataclass(frozen=True)
class And:
    path: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    path: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    path: str
    child: Node


Leaf = Compare | InList | Has
Node = And | Or | Not | Compare | InList | Has


@dataclass(frozen=True)
class ParsedRule:
    """A validated rule: its typed tree and the JSON it came from."""

    root: Node
    source: Any

    def leaves(self) -> list[Leaf]:
        found: list[Leaf] = []
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, And | Or):
                stack.extend(reversed(node.children))
            elif isinstance(node, Not):
                stack.append(node.child)
            else:
                found.append(node)
        return found
