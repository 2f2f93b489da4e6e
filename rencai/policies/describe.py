"""Rules and amounts in plain words, for the handbook and the benefit pages.

`describe_rule(rule, catalogue)` turns a rule's JSON into a list of short sentences, one per
condition of the top-level `and` ("age ≤ 35 years old", "degree: master or higher"); nested
groups read as one sentence joined by "and" / "or". `describe_amount(spec, catalogue)` gives
what the handbook prints for an amount. Both parse with the rule language first, so codes
show as their names and values as their types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from rencai.core.money import format_yuan
from rencai.core.text import join_list
from rencai.rules.amounts import FixedAmount, FormulaAmount, NoAmount, TableAmount, parse_amount
from rencai.rules.errors import RuleValidationError
from rencai.rules.facts import FactCatalogue, FactType
from rencai.rules.parse import parse
from rencai.rules.tree import (
    NEGATED,
    And,
    Compare,
    FixedDate,
    Has,
    InList,
    Node,
    Not,
    Or,
    Ranked,
    RelativeDate,
)

SYMBOLS = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def describe_rule(rule: Any, catalogue: FactCatalogue) -> list[str]:
    """One plain sentence per top-level condition; [] for an empty or invalid rule."""
    if not rule:
        return []
    try:
        root = parse(rule, catalogue).root
    except RuleValidationError:
        return []
    if isinstance(root, And):
        return [_node(child) for child in root.children]
    return [_node(root)]


def _node(node: Node, *, nested: bool = False) -> str:
    if isinstance(node, And | Or):
        joiner = _(" and ") if isinstance(node, And) else _(" or ")
        text = joiner.join(_node(child, nested=True) for child in node.children)
        return f"({text})" if nested and len(node.children) > 1 else text
    if isinstance(node, Not):
        return _negated(node.child)
    return _leaf(node, negated=False)


def _negated(node: Node) -> str:
    if isinstance(node, Compare | Has | InList):
        return _leaf(node, negated=True)
    if isinstance(node, Not):
        return _node(node.child)
    return _("not %(condition)s") % {"condition": _node(node, nested=True)}


def _name(node: Compare | InList | Has, code: str) -> str:
    return node.codebook.name(code) if node.codebook is not None else code


def _value(node: Compare | InList, operand: Any) -> str:
    if isinstance(operand, Ranked):
        return _name(node, operand.code)
    if isinstance(operand, FixedDate):
        return operand.value.isoformat()
    if isinstance(operand, RelativeDate):
        return _relative(operand)
    if node.fact.type == FactType.CODE:
        return _name(node, str(operand))
    return str(operand)


def _relative(offset: RelativeDate) -> str:
    parts = []
    if offset.years:
        n = abs(offset.years)
        parts.append(ngettext("%(n)s year", "%(n)s years", n) % {"n": n})
    if offset.months:
        n = abs(offset.months)
        parts.append(ngettext("%(n)s month", "%(n)s months", n) % {"n": n})
    if offset.days:
        n = abs(offset.days)
        parts.append(ngettext("%(n)s day", "%(n)s days", n) % {"n": n})
    if not parts:
        return _("the day of evaluation")
    amount = join_list(parts)
    total = offset.years * 366 + offset.months * 31 + offset.days
    if total < 0:
        return _("%(amount)s before the day of evaluation") % {"amount": amount}
    return _("%(amount)s after the day of evaluation") % {"amount": amount}


RANKED_PHRASES = {
    "==": gettext_noop("%(label)s: %(value)s"),
    "!=": gettext_noop("%(label)s: not %(value)s"),
    ">=": gettext_noop("%(label)s: %(value)s or higher"),
    "<=": gettext_noop("%(label)s: %(value)s or lower"),
    ">": gettext_noop("%(label)s: higher than %(value)s"),
    "<": gettext_noop("%(label)s: lower than %(value)s"),
}


def _leaf(node: Compare | InList | Has, *, negated: bool) -> str:
    label = str(node.fact.label)
    if isinstance(node, Has):
        return _has(node, label, negated)
    if isinstance(node, InList):
        values = join_list(_value(node, operand) for operand in node.operands)
        template = _("%(label)s: not %(values)s") if negated else _("%(label)s: %(values)s")
        return template % {"label": label, "values": values}
    op = NEGATED[node.op] if negated else node.op
    value = _value(node, node.operand)
    if node.fact.type == FactType.RANKED:
        return _(RANKED_PHRASES[op]) % {"label": label, "value": value}
    if node.fact.type in (FactType.CODE, FactType.TEXT):
        return _(RANKED_PHRASES[op if op in ("==", "!=") else "=="]) % {
            "label": label,
            "value": value,
        }
    unit = str(node.fact.unit) if node.fact.type == FactType.YEARS_SINCE else ""
    return f"{label} {SYMBOLS[op]} {value}{' ' + unit if unit else ''}"


SET_PHRASES = {
    "cards": (gettext_noop("holds a valid %(value)s"), gettext_noop("holds no valid %(value)s")),
    "entitlements": (
        gettext_noop("already holds or has applied for %(value)s"),
        gettext_noop("neither holds nor has applied for %(value)s"),
    ),
    "family": (
        gettext_noop("has a family member: %(value)s"),
        gettext_noop("has no family member: %(value)s"),
    ),
}


def _has(node: Has, label: str, negated: bool) -> str:
    value = _name(node, node.code)
    default = (gettext_noop("%(label)s: %(value)s"), gettext_noop("%(label)s: not %(value)s"))
    yes, no = SET_PHRASES.get(node.fact.name, default)
    return _(no if negated else yes) % {"label": label, "value": value}


# --- amounts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountRow:
    label: str
    fen: int


@dataclass(frozen=True)
class AmountText:
    """What the handbook prints: a fixed sum, a table of sums, or a sentence."""

    kind: str
    fen: int | None = None
    rows: list[AmountRow] = field(default_factory=list)
    text: str = ""


def describe_amount(spec: Any, catalogue: FactCatalogue) -> AmountText:
    try:
        amount = parse_amount(spec or {"kind": "none"}, catalogue)
    except RuleValidationError:
        return AmountText(kind="none")
    if isinstance(amount, NoAmount):
        return AmountText(kind="none")
    if isinstance(amount, FixedAmount):
        return AmountText(kind="fixed", fen=amount.fen)
    if isinstance(amount, TableAmount):
        book = amount.codebook
        ranks = book.ranks if book is not None else {}
        codes = sorted(amount.rows, key=lambda code: (ranks.get(code, 10**6), code))
        rows = [AmountRow(book.name(c) if book else c, amount.rows[c]) for c in codes]
        if amount.default:
            rows.append(AmountRow(_("others"), amount.default))
        return AmountText(kind="table", rows=rows, text=str(amount.fact.label))
    assert isinstance(amount, FormulaAmount)  # noqa: S101 (the four kinds are exhaustive)
    return AmountText(
        kind="formula",
        fen=amount.cap,
        text=_("%(base)s plus %(per_unit)s per %(unit)s of %(label)s, at most %(cap)s")
        % {
            "base": format_yuan(amount.base),
            "per_unit": format_yuan(amount.per_unit),
            "unit": str(amount.fact.unit) or _("unit"),
            "label": str(amount.fact.label),
            "cap": format_yuan(amount.cap),
        },
    )
