"""Tech projects' forms: list filters, posting a project, the expertise profile, outcomes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.models import Division, Organisation
from rencai.core.money import yuan_to_fen

from .choices import OutcomeKind, ProjectField, ProjectStatus, ProposalStatus
from .models import Expertise

DATE = forms.DateInput(attrs={"type": "date"})
ALL = [("", _("All"))]


class ProjectFilterForm(forms.Form):
    """The project list's filters; a figure's drill-down lands here with the county."""

    field = forms.ChoiceField(label=_("Field"), choices=ALL + ProjectField.choices, required=False)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ALL + ProjectStatus.choices, required=False
    )

    def apply(self, projects):
        if not self.is_valid():
            return projects
        for name in ("field", "county", "status"):
            if self.cleaned_data.get(name):
                projects = projects.filter(**{name: self.cleaned_data[name]})
        return projects


class OutcomeFilterForm(forms.Form):
    """The outcome list's filters; the "outcomes recorded" figure's drill-down lands here with
    the project's county and the period the outcomes were recorded in."""

    kind = forms.ChoiceField(label=_("Outcome"), choices=ALL + OutcomeKind.choices, required=False)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    recorded_from = forms.DateField(label=_("Recorded from"), required=False, widget=DATE)
    recorded_to = forms.DateField(label=_("Recorded to"), required=False, widget=DATE)

    LOOKUPS = {
        "kind": "kind",
        "county": "proposal__project__county",
        "recorded_from": "recorded_on__gte",
        "recorded_to": "recorded_on__lte",
    }

    def apply(self, outcomes):
        if not self.is_valid():
            return outcomes
        for name, lookup in self.LOOKUPS.items():
            if self.cleaned_data.get(name):
                outcomes = outcomes.filter(**{lookup: self.cleaned_data[name]})
        return outcomes


class ProposalFilterForm(forms.Form):
    """The proposal list's filters; a figure's drill-down lands here with the project's county
    and the period of acceptance."""

    status = forms.ChoiceField(
        label=_("Status"), choices=ALL + ProposalStatus.choices, required=False
    )
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    accepted_from = forms.DateField(label=_("Accepted from"), required=False, widget=DATE)
    accepted_to = forms.DateField(label=_("Accepted to"), required=False, widget=DATE)

    LOOKUPS = {
        "status": "status",
        "county": "project__county",
        "accepted_from": "accepted_on__gte",
        "accepted_to": "accepted_on__lte",
    }

    def apply(self, proposals):
        if not self.is_valid():
            return proposals
        for name, lookup in self.LOOKUPS.items():
            if self.cleaned_data.get(name):
                proposals = proposals.filter(**{lookup: self.cleaned_data[name]})
        return proposals


class ProjectForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Enterprise or institute"),
        queryset=Organisation.objects.filter(
            kind__in=["enterprise", "institution"], is_active=True
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    need = forms.CharField(
        label=_("Need"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    field = forms.ChoiceField(label=_("Field"), choices=ProjectField.choices)
    budget = forms.DecimalField(
        label=_("Budget (yuan)"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level="county"),
        required=False,
        help_text=_("The organisation's own, if left empty."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            if len(organisations) == 1:  # a contact posts for their one organisation
                self.fields["organisation"].initial = organisations[0]
                self.fields["organisation"].empty_label = None

    def budget_fen(self) -> int:
        return yuan_to_fen(self.cleaned_data.get("budget") or Decimal("0"))


class ExpertiseForm(forms.ModelForm):
    class Meta:
        model = Expertise
        fields = [
            "profile",
            "open_to_projects",
            "share_profile",
            "share_education",
            "share_employer",
        ]
        widgets = {"profile": forms.Textarea(attrs={"rows": 6})}


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    recorded_on = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Contract amount (yuan)"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def amount_fen(self) -> int:
        return yuan_to_fen(self.cleaned_data.get("amount") or Decimal("0"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
