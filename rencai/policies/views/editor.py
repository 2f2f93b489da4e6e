"""What the rule builder (static/policies/rule_editor.js) needs to know about each fact."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rencai.rules.facts import FactType

from ..facts import CATALOGUE, code_labels

# The operators the builder offers per fact type (the rule language accepts exactly these).
OPERATORS = {
    FactType.RANKED: ["==", "!=", ">=", "<=", ">", "<"],
    FactType.CODE: ["==", "!=", "in"],
    FactType.TEXT: ["==", "!=", "in"],
    FactType.NUMBER: ["==", "!=", ">=", "<=", ">", "<"],
    FactType.YEARS_SINCE: ["<=", "<", ">=", ">", "==", "!="],
    FactType.DATE: [">=", "<=", ">", "<", "==", "!="],
    FactType.SET: ["has"],
}


def operator_labels() -> dict[str, str]:
    return {
        "==": _("is"),
        "!=": _("is not"),
        ">=": "≥",
        "<=": "≤",
        ">": ">",
        "<": "<",
        "in": _("is one of"),
        "has": _("has"),
    }


# The order the builder lists facts in: the usual conditions first, raw dates last.
ORDER = [
    "degree",
    "age",
    "years_in_city",
    "years_since_graduation",
    "tier",
    "title",
    "county",
    "sex",
    "tags",
    "cards",
    "family",
    "entitlements",
]


def editor_facts() -> dict:
    """Facts (name, label, type, operators, codes) and operator labels, as plain JSON."""
    facts = []
    ordered = sorted(
        CATALOGUE, key=lambda f: ORDER.index(f.name) if f.name in ORDER else len(ORDER)
    )
    for fact in ordered:
        names = code_labels(fact.name)
        codes = fact.codes() if fact.codes is not None else {}
        # "none" (no tier, no title) is a value a rule may name: first, as it ranks lowest.
        none = [{"code": fact.none_code, "label": str(fact.none_label or fact.none_code)}]
        facts.append(
            {
                "name": fact.name,
                "label": str(fact.label),
                "type": str(fact.type),
                "unit": str(fact.unit),
                "operators": OPERATORS[fact.type],
                "codes": (none if fact.none_code else [])
                + [
                    {"code": code, "label": names.get(code, code)}
                    for code, _rank in sorted(codes.items(), key=lambda item: item[1])
                ],
            }
        )
    return {
        "facts": facts,
        "first": ORDER[0],
        "operators": operator_labels(),
        "text": {
            "add": _("Add a condition"),
            "remove": _("Remove"),
            "not": _("not"),
            "all": _("all of these"),
            "any": _("any of these"),
            "match": _("The talent must meet"),
            "complex": _("This rule has nested groups: edit it as JSON below."),
            "value": _("value"),
        },
    }
