"""Forms of the catalogue pages and of entitlements. They parse input; services decide."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import OrganisationKind
from rencai.core.jsonlimits import MAX_JSON_DEPTH, too_deep
from rencai.core.models import Organisation

from .choices import EntitlementState
from .models import Benefit, Policy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LinesField(forms.CharField):
    """A list of short texts, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def rule_text(value: Any) -> str:
    """A rule as text: a top-level and/or one condition per line, everything else compact."""
    if isinstance(value, dict) and len(value) == 1:
        ((op, args),) = value.items()
        if op in ("and", "or") and isinstance(args, list) and args:
            lines = ",\n".join("  " + json.dumps(arg, ensure_ascii=False) for arg in args)
            return f'{{"{op}": [\n{lines}\n]}}'
    return json.dumps(value, ensure_ascii=False)


class JSONTextField(forms.CharField):
    """JSON typed by an expert (or written by the rule builder); shown one condition a line."""

    widget = forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "mono"})

    def prepare_value(self, value):
        if isinstance(value, dict | list):
            return rule_text(value)
        return value

    def to_python(self, value) -> Any:
        text = (super().to_python(value) or "").strip()
        if not text:
            return {}
        if too_deep(text):
            raise ValidationError(
                _("JSON nested more than %(n)s levels deep is refused."),
                params={"n": MAX_JSON_DEPTH},
            )
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("Not valid JSON (line %(line)s, column %(column)s): %(reason)s"),
                params={"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
            ) from None


def departments():
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, is_active=True).order_by(
        "division__code", "name"
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = [
            "title",
            "issuing_body",
            "document_number",
            "category",
            "effective_from",
            "expires_on",
            "link",
            "full_text",
            "is_example",
        ]
        widgets = {
            "effective_from": DateInput(),
            "expires_on": DateInput(),
            "full_text": forms.Textarea(attrs={"rows": 6}),
        }


class BenefitForm(forms.ModelForm):
    documents = LinesField(
        label=_("documents to provide"), required=False, help_text=_("One per line.")
    )

    class Meta:
        model = Benefit
        fields = [
            "code",
            "name",
            "summary",
            "audience",
            "owning_department",
            "paying_department",
            "exclusivity_group",
            "no_application",
            "covers_family",
            "periodicity",
            "months",
            "documents",
            "time_target",
            "time_unit",
            "is_active",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, departments_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = departments_qs if departments_qs is not None else departments()
        self.fields["owning_department"].queryset = qs
        self.fields["paying_department"].queryset = departments()

    def _post_clean(self):
        # The service validates and saves; the model instance is not touched here.
        pass


class DraftForm(forms.Form):
    rule = JSONTextField(
        label=_("eligibility rule (JSON)"),
        required=False,
        help_text=_('e.g. {"and": [{">=": [{"var": "degree"}, "master"]}]}'),
    )
    amount = JSONTextField(
        label=_("amount (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "class": "mono"}),
        help_text=_('e.g. {"kind": "fixed", "yuan": "30000.00"}'),
    )
    to_confirm = LinesField(
        label=_("conditions to confirm"),
        required=False,
        help_text=_("What the person confirms and data cannot show; one per line."),
    )
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())
    note = forms.CharField(label=_("note on the change"), max_length=200, required=False)


class PublishForm(forms.Form):
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())


class EntitlementForm(forms.Form):
    benefit = forms.ModelChoiceField(
        label=_("benefit"), queryset=Benefit.objects.select_related("policy").order_by("name")
    )
    state = forms.ChoiceField(label=_("state"), choices=EntitlementState.choices)
    amount = forms.DecimalField(
        label=_("amount (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )
    granted_on = forms.DateField(label=_("granted on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("new state"))
    amount = forms.DecimalField(
        label=_("amount (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [
            (value, label) for value, label in EntitlementState.choices if value in allowed
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("xlsx workbook"))


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field (others: form-wide)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, messages in exc.message_dict.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
