"""Schooling forms: the talent's request, the office's and school's actions, list filters.
Forms check shape only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import OrganisationKind
from rencai.core.models import Division, Organisation
from rencai.talents.choices import Relation

from .choices import EnrolmentState, Stage
from .selectors import CaseFilters


def _schools():
    return (
        Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True)
        .select_related("division")
        .order_by("division__code", "name")
    )


class RequestForm(forms.Form):
    child = forms.ModelChoiceField(queryset=None, label=_("Child"), empty_label=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    preferred_schools = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Preferred schools"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to three, in no particular order."),
    )
    confirmed = forms.MultipleChoiceField(
        label=_("I confirm"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, talent, to_confirm=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = talent.family.filter(relation=Relation.CHILD)
        self.fields["preferred_schools"].queryset = _schools()
        self.fields["preferred_schools"].label_from_instance = lambda s: (
            f"{s.name}（{s.division.name}）"
        )
        self.fields["confirmed"].choices = [(c, c) for c in to_confirm]
        if not to_confirm:
            del self.fields["confirmed"]


class ActionForm(forms.Form):
    school = forms.ModelChoiceField(queryset=None, label=_("School"), required=False)
    enrolled_on = forms.DateField(
        label=_("Enrolled on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else _schools()


DATE = forms.DateInput(attrs={"type": "date"})


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", "—"), *EnrolmentState.choices]
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", "—"), *Stage.choices])
    county = forms.ModelChoiceField(
        label=_("County"), required=False, queryset=Division.objects.filter(level="county")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # a figure's drill-down lands here with the county and the period it counts
    requested_from = forms.DateField(label=_("Requested from"), required=False, widget=DATE)
    requested_to = forms.DateField(label=_("Requested to"), required=False, widget=DATE)
    closed_from = forms.DateField(label=_("Closed from"), required=False, widget=DATE)
    closed_to = forms.DateField(label=_("Closed to"), required=False, widget=DATE)

    def filters(self) -> CaseFilters:
        if not self.is_bound or not self.is_valid():
            return CaseFilters()
        data = self.cleaned_data
        return CaseFilters(
            state=data.get("state") or "",
            stage=data.get("stage") or "",
            county=data["county"].pk if data.get("county") else None,
            overdue=True if data.get("overdue") else None,
            requested_from=data.get("requested_from"),
            requested_to=data.get("requested_to"),
            closed_from=data.get("closed_from"),
            closed_to=data.get("closed_to"),
        )
