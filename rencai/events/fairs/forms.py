"""The job fairs pages' forms: they validate input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.models import Division, Organisation
from rencai.core.money import yuan_to_fen
from rencai.talents.models import Degree

from .choices import PARTICIPANT_KINDS, IntentStatus
from .selectors import FairFilters

DATE = forms.DateInput(attrs={"type": "date"})


class FairFilterForm(forms.Form):
    """Which fairs' records a list shows (a fairs figure's drill-down lands with these)."""

    fair_county = forms.ModelChoiceField(
        label=_("County of the fair"),
        queryset=Division.objects.filter(level="county"),
        required=False,
    )
    held_from = forms.DateField(label=_("Fair held from"), required=False, widget=DATE)
    held_to = forms.DateField(label=_("Fair held to"), required=False, widget=DATE)

    def fair_filters(self, fair: int | None = None) -> FairFilters:
        if not self.is_bound or not self.is_valid():
            return FairFilters(fair=fair)
        data = self.cleaned_data
        return FairFilters(
            fair_county=data["fair_county"].pk if data.get("fair_county") else None,
            held_from=data.get("held_from"),
            held_to=data.get("held_to"),
            fair=fair,
        )


class PositionFilterForm(FairFilterForm):
    q = forms.CharField(label=_("Position"), required=False, max_length=50)
    degree = forms.ModelChoiceField(
        label=_("Degree required"), queryset=Degree.objects.all(), required=False
    )
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Organisation.objects.filter(kind__in=PARTICIPANT_KINDS),
        required=False,
    )
    field_order = ["q", "degree", "county", "enterprise", "fair_county", "held_from", "held_to"]


class IntentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *IntentStatus.choices]
    )


def _yuan(value: Decimal | None) -> int | None:
    return None if value is None else yuan_to_fen(str(value))


class PositionForm(forms.Form):
    title = forms.CharField(label=_("Position"), max_length=100)
    headcount = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    salary_min = forms.DecimalField(
        label=_("Monthly salary from (yuan)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    salary_max = forms.DecimalField(
        label=_("Monthly salary to (yuan)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    degree = forms.ModelChoiceField(
        label=_("Degree required"), queryset=Degree.objects.all(), required=False
    )
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea
    )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "headcount": data["headcount"],
            "salary_min_fen": _yuan(data["salary_min"]),
            "salary_max_fen": _yuan(data["salary_max"]),
            "degree": data["degree"],
            "county": data["county"],
            "description": data["description"],
        }


class EnterpriseForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Organisation.objects.filter(kind__in=PARTICIPANT_KINDS, is_active=True),
    )
    booth = forms.CharField(label=_("Booth"), required=False, max_length=20)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Positions (xlsx)"))


class SeekerCodeForm(forms.Form):
    """The seeker's registration code (from their QR code), typed or scanned."""

    code = forms.CharField(label=_("Registration code"), max_length=16)
    position = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
