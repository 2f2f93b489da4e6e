"""The rule editor's amount, as a form: no money, a fixed amount, or a table of rows
"when <fact> is <value> → amount" (a formset), with the JSON editor kept for other kinds.

The JSON it builds is exactly the amount language's (`rencai.rules.amounts`):
{"kind": "table", "fact": "degree", "rows": {"master": "30000.00"}, "default": "0.00"}.
Errors are shown on the row they belong to (an unknown value, a missing amount, a value twice).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.rules.amounts import TABLE_TYPES

from .facts import CATALOGUE, code_labels

NONE, FIXED, TABLE, JSON = "none", "fixed", "table", "json"
KINDS = [
    (NONE, _("No money")),
    (FIXED, _("The same amount for everyone")),
    (TABLE, _("An amount per value of one fact (a table)")),
    (JSON, _("Another kind, written as JSON")),
]
ROW_PREFIX = "amount_row"
MONEY = {"min_value": Decimal(0), "max_digits": 14, "decimal_places": 2}


def table_facts() -> list[tuple[str, str]]:
    """The facts a table may key on (coded or ranked), as (name, label)."""
    return [(f.name, str(f.label)) for f in CATALOGUE if f.type in TABLE_TYPES]


def fact_values(name: str) -> list[tuple[str, str]]:
    """The values of fact `name` a row may name: its "none" value first, then its codes."""
    fact = next((f for f in CATALOGUE if f.name == name), None)
    if fact is None:
        return []
    labels = code_labels(name)
    codes = fact.codes() if fact.codes is not None else {}
    values = [(fact.none_code, str(fact.none_label or fact.none_code))] if fact.none_code else []
    ordered = sorted(codes.items(), key=lambda item: item[1])
    return values + [(code, labels.get(code, code)) for code, _rank in ordered]


def _yuan(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class AmountForm(forms.Form):
    kind = forms.ChoiceField(label=_("how much it pays"), choices=KINDS, widget=forms.RadioSelect)
    fixed_yuan = forms.DecimalField(label=_("amount (yuan)"), required=False, **MONEY)
    table_fact = forms.ChoiceField(label=_("the fact the table reads"), required=False)
    table_default = forms.DecimalField(
        label=_("amount for any other value (yuan)"),
        required=False,
        help_text=_("Leave empty to pay nothing to a value without a row."),
        **MONEY,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "amount_form")
        super().__init__(*args, **kwargs)
        self.fields["table_fact"].choices = table_facts()

    def clean(self):
        data = super().clean()
        if data.get("kind") == FIXED and data.get("fixed_yuan") is None:
            self.add_error("fixed_yuan", _("Enter the amount."))
        if data.get("kind") == TABLE and not data.get("table_fact"):
            self.add_error("table_fact", _("Choose the fact the table reads."))
        return data

    def chosen_fact(self) -> str:
        value = self["table_fact"].value()
        return value or (table_facts()[0][0] if table_facts() else "")


class AmountRowForm(forms.Form):
    value = forms.ChoiceField(label=_("when the fact is"), required=False)
    yuan = forms.DecimalField(label=_("amount (yuan)"), required=False, **MONEY)

    def __init__(self, *args, values: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", "—"), *(values or [])]

    def clean(self):
        data = super().clean()
        if data.get("value") and data.get("yuan") is None and "yuan" not in self.errors:
            self.add_error("yuan", _("Enter the amount for this row."))
        if data.get("yuan") is not None and not data.get("value") and "value" not in self.errors:
            self.add_error("value", _("Choose the value this row pays for."))
        return data


class BaseAmountRowFormSet(forms.BaseFormSet):
    def clean(self):
        seen: set[str] = set()
        for form in self.forms:
            value = form.cleaned_data.get("value") if hasattr(form, "cleaned_data") else None
            if value in seen:
                form.add_error("value", _("This value has a row already."))
            elif value:
                seen.add(value)


AmountRowFormSet = forms.formset_factory(
    AmountRowForm, formset=BaseAmountRowFormSet, extra=2, max_num=50, validate_max=True
)


def initial_of(amount: dict[str, Any] | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The form's and the rows' initial values for a saved amount JSON."""
    amount = amount or {"kind": NONE}
    kind = amount.get("kind")
    if kind == NONE:
        return {"kind": NONE}, []
    if kind == FIXED and set(amount) <= {"kind", "yuan"}:
        return {"kind": FIXED, "fixed_yuan": amount.get("yuan")}, []
    if (
        kind == TABLE
        and isinstance(amount.get("rows"), dict)
        and set(amount)
        <= {
            "kind",
            "fact",
            "rows",
            "default",
        }
    ):
        rows = [{"value": code, "yuan": yuan} for code, yuan in amount["rows"].items()]
        initial = {"kind": TABLE, "table_fact": amount.get("fact")}
        initial["table_default"] = amount.get("default")
        return initial, rows
    return {"kind": JSON}, []


def bind(data=None, amount: dict[str, Any] | None = None):
    """The amount form and its rows, bound to `data` (a POST) or filled from `amount`."""
    initial, rows = initial_of(amount)
    form = AmountForm(data, initial=initial)
    values = fact_values(form.chosen_fact())
    formset = AmountRowFormSet(
        data, initial=rows or None, prefix=ROW_PREFIX, form_kwargs={"values": values}
    )
    return form, formset


def amount_json(form: AmountForm, formset) -> dict[str, Any] | None:
    """The amount the valid form and rows describe; None for "written as JSON"."""
    data = form.cleaned_data
    kind = data["kind"]
    if kind == NONE:
        return {"kind": NONE}
    if kind == FIXED:
        return {"kind": FIXED, "yuan": _yuan(data["fixed_yuan"])}
    if kind == TABLE:
        rows = {
            row.cleaned_data["value"]: _yuan(row.cleaned_data["yuan"])
            for row in formset.forms
            if row.cleaned_data.get("value")
        }
        amount: dict[str, Any] = {"kind": TABLE, "fact": data["table_fact"], "rows": rows}
        if data.get("table_default") is not None:
            amount["default"] = _yuan(data["table_default"])
        return amount
    return None


def posted(data) -> tuple[bool, dict[str, Any] | None, Any, Any]:
    """(valid, amount or None for "use the JSON field", form, rows) from a POST."""
    form, formset = bind(data)
    valid = form.is_valid()
    if valid and form.cleaned_data["kind"] == TABLE:
        valid = formset.is_valid()
        if valid and not any(row.cleaned_data.get("value") for row in formset.forms):
            form.add_error(None, _("Add at least one row to the table."))
            valid = False
    return valid, (amount_json(form, formset) if valid else None), form, formset
