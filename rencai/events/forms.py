"""The events pages' forms: they validate input; the services decide."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import DivisionLevel, OrganisationKind
from rencai.core.models import Division, Organisation
from rencai.desk.forms import WalkInForm as WindowWalkInForm

from . import permissions
from .choices import EventKind, RegistrationStatus
from .selectors import MixerFilters, RegistrationFilters
from .services.walk_in import WALK_IN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(the county office)"),
    )
    division = forms.ModelChoiceField(
        label=_("County (or the city)"), queryset=Division.objects.order_by("code")
    )
    place = forms.CharField(label=_("Venue"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)
    audience_rule = forms.CharField(
        label=_("Audience rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_('In the rule language, e.g. {"<=": [{"var": "age"}, 35]}; empty: everyone.'),
    )
    pick_limit = forms.IntegerField(
        label=_("Pick limit"), min_value=1, max_value=20, initial=3, required=False
    )
    offer_hours = forms.IntegerField(
        label=_("Offer valid for (hours)"), min_value=1, max_value=336, initial=24
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)
        divisions = Division.objects.order_by("code")
        if not permissions.sees_every_event(actor):
            departments = departments.filter(pk__in=sorted(permissions.department_ids(actor)))
            counties = sorted(permissions.county_ids(actor))
            own = Organisation.objects.filter(pk__in=sorted(permissions.department_ids(actor)))
            divisions = divisions.filter(
                pk__in=[*counties, *own.values_list("division_id", flat=True)]
            )
        self.fields["organiser"].queryset = departments
        self.fields["division"].queryset = divisions
        first = departments.first()
        if first is not None:
            self.initial.setdefault("organiser", first.pk)
            self.initial.setdefault("division", first.division_id)
        elif divisions.filter(level=DivisionLevel.COUNTY).exists():
            self.initial.setdefault("division", divisions.first().pk)

    def clean_audience_rule(self) -> Any:
        raw = (self.cleaned_data.get("audience_rule") or "").strip()
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("Not valid JSON.")) from None

    def event_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["pick_limit"] = data.get("pick_limit") or 3
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Registration code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
    )
    scan_id = forms.CharField(max_length=64, widget=forms.HiddenInput)


class WalkInForm(WindowWalkInForm):
    """The window's walk-in form, cut to its five essentials."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in WALK_IN_FIELDS:
                del self.fields[name]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (xlsx)"))


class RegistrationFilterForm(forms.Form):
    """The registrations across the organiser's events (the events figures land here)."""

    county = forms.ModelChoiceField(
        label=_("County"),
        required=False,
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *EventKind.choices]
    )
    event = forms.IntegerField(label=_("Event number"), required=False, min_value=1)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *RegistrationStatus.choices]
    )
    registered_from = forms.DateField(label=_("Day registered from"), required=False, widget=DATE)
    registered_to = forms.DateField(label=_("Day registered to"), required=False, widget=DATE)
    checked_in_from = forms.DateField(label=_("Checked in from"), required=False, widget=DATE)
    checked_in_to = forms.DateField(label=_("Checked in to"), required=False, widget=DATE)

    def filters(self) -> RegistrationFilters:
        if not self.is_bound or not self.is_valid():
            return RegistrationFilters()
        data = self.cleaned_data
        return RegistrationFilters(
            county=data["county"].pk if data.get("county") else None,
            kind=data.get("kind") or "",
            event=data.get("event"),
            status=data.get("status") or "",
            registered_from=data.get("registered_from"),
            registered_to=data.get("registered_to"),
            checked_in_from=data.get("checked_in_from"),
            checked_in_to=data.get("checked_in_to"),
        )


class MixerFilterForm(forms.Form):
    """The mixers' pairs and people paired (the pairs figures land here)."""

    county = forms.ModelChoiceField(
        label=_("County"),
        required=False,
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"),
    )
    held_from = forms.DateField(label=_("Mixer held from"), required=False, widget=DATE)
    held_to = forms.DateField(label=_("Mixer held to"), required=False, widget=DATE)
    event = forms.IntegerField(label=_("Event number"), required=False, min_value=1)

    def filters(self) -> MixerFilters:
        if not self.is_bound or not self.is_valid():
            return MixerFilters()
        data = self.cleaned_data
        return MixerFilters(
            county=data["county"].pk if data.get("county") else None,
            held_from=data.get("held_from"),
            held_to=data.get("held_to"),
            event=data.get("event"),
        )
