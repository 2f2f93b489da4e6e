"""Engagement forms: ticks, contact logs, requests, request actions, filters. Forms check
shape only; the services hold the rules."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import OrganisationKind
from rencai.core.models import Division, Organisation

from .choices import ContactKind, RequestCategory, RequestState, Satisfaction
from .selectors import RequestFilters

DATE = forms.DateInput(attrs={"type": "date"})


def departments():
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, is_active=True).order_by(
        "division__code", "name"
    )


class TickForm(forms.Form):
    item = forms.ModelChoiceField(queryset=None, label=_("Item"), empty_label=None)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: item.label


class LogForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    happened_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=RequestCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    department = forms.ModelChoiceField(
        queryset=None, label=_("Responsible department"), required=False
    )
    target_working_days = forms.IntegerField(
        label=_("Time target (working days)"), required=False, min_value=1, max_value=60
    )

    def __init__(self, *args, staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()
        if not staff:  # the talent describes the need; the task force routes it
            del self.fields["department"]
            del self.fields["target_working_days"]


class ActionForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=None, label=_("Responsible department"), required=False
    )
    target_working_days = forms.IntegerField(
        label=_("Time target (working days)"), required=False, min_value=1, max_value=60
    )
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), required=False, choices=[("", "—"), *Satisfaction.choices]
    )
    resolved = forms.TypedChoiceField(
        label=_("Is the matter resolved?"),
        required=False,
        choices=[("yes", _("Resolved")), ("no", _("Not resolved"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", "—"), *RequestState.choices]
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=None
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", "—"), *RequestCategory.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # a figure's drill-down lands here with the county and the period it counts
    county = forms.ModelChoiceField(
        label=_("County"), required=False, queryset=Division.objects.filter(level="county")
    )
    raised_from = forms.DateField(label=_("Raised from"), required=False, widget=DATE)
    raised_to = forms.DateField(label=_("Raised to"), required=False, widget=DATE)
    closed_from = forms.DateField(label=_("Closed from"), required=False, widget=DATE)
    closed_to = forms.DateField(label=_("Closed to"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()

    def filters(self) -> RequestFilters:
        if not self.is_bound or not self.is_valid():
            return RequestFilters()
        data = self.cleaned_data
        return RequestFilters(
            state=data.get("state") or "",
            department=data["department"].pk if data.get("department") else None,
            category=data.get("category") or "",
            overdue=True if data.get("overdue") else None,
            county=data["county"].pk if data.get("county") else None,
            raised_from=data.get("raised_from"),
            raised_to=data.get("raised_to"),
            closed_from=data.get("closed_from"),
            closed_to=data.get("closed_to"),
        )


class RatesForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=None
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()

    def period(self, today: date) -> tuple[date, date, int | None]:
        start, end, department = date(today.year, 1, 1), today, None
        if self.is_bound and self.is_valid():
            start = self.cleaned_data.get("start") or start
            end = self.cleaned_data.get("end") or end
            if self.cleaned_data.get("department"):
                department = self.cleaned_data["department"].pk
        return start, end, department
