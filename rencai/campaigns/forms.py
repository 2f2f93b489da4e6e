from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import DivisionLevel
from rencai.core.models import Division
from rencai.core.uploads import stored_name, validate_upload

from .choices import Pace, ReportState


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput({"type": "date"})
    )


class ReportFilterForm(forms.Form):
    """The progress reports' filters; the "reports accepted" figure's drill-down lands here with
    the reporting unit's county and the period the reports stand for (their "as of" day)."""

    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY),
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("(any)")), *ReportState.choices], required=False
    )
    date_from = forms.DateField(
        label=_("As of, from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(
        label=_("As of, to"), required=False, widget=forms.DateInput({"type": "date"})
    )

    LOOKUPS = {
        "county": "indicator__unit__division",
        "state": "state",
        "date_from": "as_of__gte",
        "date_to": "as_of__lte",
    }

    def apply(self, reports):
        if not self.is_bound or not self.is_valid():
            return reports
        for name, lookup in self.LOOKUPS.items():
            if self.cleaned_data.get(name):
                reports = reports.filter(**{lookup: self.cleaned_data[name]})
        return reports


class ReportForm(forms.Form):
    value = forms.IntegerField(label=_("Count"), min_value=0, max_value=10**12)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput({"type": "date"}))
    note = forms.CharField(
        label=_("What it is made of"), widget=forms.Textarea({"rows": 3}), max_length=2000
    )
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False)

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            evidence.name = stored_name(validate_upload(evidence, "campaign_evidence"))
        return evidence


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Send back"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason (when sent back)"), required=False, max_length=300)


class StatusForm(forms.Form):
    pace = forms.ChoiceField(
        label=_("Status"), choices=[("", _("As computed"))] + list(Pace.choices), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class PlanForm(forms.Form):
    plan = forms.FileField(label=_("Plan (方案)"))

    def clean_plan(self):
        plan = self.cleaned_data["plan"]
        plan.name = stored_name(validate_upload(plan, "campaign_plan"))
        return plan


class WeekEndForm(forms.Form):
    week_end = forms.DateField(label=_("Week ending"), widget=forms.DateInput({"type": "date"}))


class HalfEndForm(forms.Form):
    half_end = forms.DateField(
        label=_("Half-month ending"), widget=forms.DateInput({"type": "date"})
    )


class AdjustmentForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    points = forms.DecimalField(
        label=_("Points (+/-)"), max_digits=5, decimal_places=1, min_value=-100, max_value=100
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2}), max_length=2000
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, f"{u.action.number}. {u}") for u in units]


class VisitForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Supervision group"), coerce=int)
    unit = forms.ChoiceField(label=_("Unit visited"))
    visited_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput({"type": "date"}))
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea({"rows": 3}), max_length=4000
    )
    item = forms.CharField(label=_("To put right (optional)"), required=False, max_length=300)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=100)
    due_on = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args, groups=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.pk, str(g)) for g in groups]
        self.fields["unit"].choices = units

    def clean(self):
        data = super().clean()
        if data.get("item") and not (data.get("owner") and data.get("due_on")):
            raise forms.ValidationError(_("An item to put right needs an owner and a deadline."))
        return data


class DoneForm(forms.Form):
    note = forms.CharField(label=_("How it was put right"), max_length=300)


class LocalActionForm(forms.Form):
    lead = forms.ChoiceField(label=_("Lead (county or department)"))
    name = forms.CharField(label=_("Action"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 3}), max_length=2000
    )
    indicator = forms.CharField(label=_("Measured by"), max_length=100)
    target = forms.IntegerField(label=_("Target value"), min_value=0, max_value=10**9)

    def __init__(self, *args, leads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = leads
