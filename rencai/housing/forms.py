"""Forms of the housing pages. Forms check input; services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import DivisionLevel
from rencai.core.errors import DomainError
from rencai.core.forms import DateInput
from rencai.core.models import Division

from .choices import MANUAL_UNIT_STATES, InspectionResult, RentShare, UnitState
from .models import Building
from .services.allocation import DEFAULT_CHECKLIST


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    placed = False
    for name, messages in (exc.fields or {}).items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def counties():
    return Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")


class ApplyForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County where you want to live"), queryset=Division.objects.none()
    )
    household_size = forms.IntegerField(
        label=_("Household size (including you)"), min_value=1, max_value=20, initial=1
    )

    def __init__(self, *args, to_confirm: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()
        self.to_confirm = list(to_confirm or [])
        if self.to_confirm:
            self.fields["confirm"] = forms.BooleanField(
                label=_("I declare: %(conditions)s") % {"conditions": "；".join(self.to_confirm)},
                required=True,
            )


class CountyFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()


class WaitingListFilterForm(CountyFilterForm):
    """The waiting list's filters: a stock's drill-down asks for the list as it stood on a day
    (applied by then, not yet housed, withdrawn or lapsed)."""

    as_of = forms.DateField(label=_("On the list on"), required=False, widget=DateInput)


class TenancyFilterForm(CountyFilterForm):
    """The tenancies' filters: those running on a day (a stock), or started within a period
    (the wait's median counts those)."""

    as_of = forms.DateField(label=_("Running on"), required=False, widget=DateInput)
    starts_from = forms.DateField(label=_("Started from"), required=False, widget=DateInput)
    starts_to = forms.DateField(label=_("Started to"), required=False, widget=DateInput)


class OpenRoundForm(CountyFilterForm):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].required = True


class UnitForm(forms.Form):
    """An apartment added to one of the bureau's buildings (rents in yuan)."""

    building = forms.ModelChoiceField(label=_("Building"), queryset=Building.objects.none())
    number = forms.CharField(label=_("Unit number"), max_length=20)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=10)
    floor_area = forms.DecimalField(
        label=_("Floor area (m²)"), max_digits=7, decimal_places=2, min_value=1
    )
    furnished = forms.BooleanField(label=_("Furnished"), required=False, initial=True)
    monthly_rent = forms.DecimalField(
        label=_("Monthly rent (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    rent_share = forms.ChoiceField(label=_("Talent's share"), choices=RentShare.choices)
    talent_rent = forms.DecimalField(
        label=_("Talent's monthly rent (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    fit_out_started_on = forms.DateField(label=_("Fit-out started on"), widget=DateInput)

    def __init__(self, *args, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if buildings is not None:
            self.fields["building"].queryset = buildings


UNIT_LABELS = dict(UnitState.choices)


class UnitStateForm(forms.Form):
    to_state = forms.ChoiceField(
        label=_("New state"),
        choices=[(s, UNIT_LABELS[s]) for s in UnitState.values if s in MANUAL_UNIT_STATES],
    )
    on = forms.DateField(label=_("From"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


CHECKLIST_LABELS = {
    "keys": _("Keys handed over"),
    "furniture": _("Furniture as listed"),
    "appliances": _("Appliances work"),
    "water_meter": _("Water meter read"),
    "electricity_meter": _("Electricity meter read"),
    "gas_meter": _("Gas meter read"),
}


class ChecklistForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Move-in checklist"),
        choices=[(item, CHECKLIST_LABELS[item]) for item in DEFAULT_CHECKLIST],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class RenewForm(forms.Form):
    ends_on = forms.DateField(label=_("New end date"), widget=DateInput)


class MoveOutForm(forms.Form):
    inspection_result = forms.ChoiceField(
        label=_("Move-out inspection"), choices=InspectionResult.choices
    )
    note = forms.CharField(label=_("Inspection note"), max_length=300, required=False)
    on = forms.DateField(label=_("Moved out on"), widget=DateInput, required=False)
