"""Engagement forms: ticks, contact logs, requests, request actions, filters. Forms check
shape only; the services hold the rules."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core.choices import OrganisationKind
from rencai.core.models import Division, Organisation

from .choices import ContactKind, RequestCategory, RequestState, Satisfaction
from .models import FiveOnesItem
from .selectors import ContactFilters, RequestFilters

DATE = forms.DateInput(attrs={"type": "date"})
OUTCOME_CHOICES = [
    ("", "—"),
    ("satisfied", _("Satisfied or basically satisfied")),
    ("not_satisfied", _("Not satisfied")),
    ("responded_in_time", _("Taken up in time")),
    ("responded_late", _("Not taken up in time")),
    ("resolved", _("Resolved, says the talent")),
    ("not_resolved", _("Not resolved, says the talent")),
]


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
        label=pgettext_lazy("contact log", "Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
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
    # the rates' drill-down: the requests with a feedback in the period, and a rate's numerator
    feedback_from = forms.DateField(label=_("Feedback from"), required=False, widget=DATE)
    feedback_to = forms.DateField(label=_("Feedback to"), required=False, widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=OUTCOME_CHOICES)

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
            feedback_from=data.get("feedback_from"),
            feedback_to=data.get("feedback_to"),
            outcome=data.get("outcome") or "",
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


class ContactFilterForm(forms.Form):
    """The contact-log list's filters (the contacts and policy-packs figures land here)."""

    county = forms.ModelChoiceField(
        label=_("County"), required=False, queryset=Division.objects.filter(level="county")
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"), required=False, choices=[("", "—"), *ContactKind.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def filters(self) -> ContactFilters:
        if not self.is_bound or not self.is_valid():
            return ContactFilters()
        data = self.cleaned_data
        return ContactFilters(
            county=data["county"].pk if data.get("county") else None,
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class TickFilterForm(forms.Form):
    """The five-ones list's filters (the five-ones figure lands here)."""

    county = forms.ModelChoiceField(
        label=_("County"), required=False, queryset=Division.objects.filter(level="county")
    )
    item = forms.ChoiceField(label=_("Item"), required=False)
    date_from = forms.DateField(label=_("Done from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Done to"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels: dict[str, str] = {}
        for code, label in FiveOnesItem.objects.order_by("-year", "order").values_list(
            "code", "label"
        ):
            labels.setdefault(code, label)
        self.fields["item"].choices = [("", "—"), *labels.items()]

    def filters(self) -> ContactFilters:
        if not self.is_bound or not self.is_valid():
            return ContactFilters()
        data = self.cleaned_data
        return ContactFilters(
            county=data["county"].pk if data.get("county") else None,
            item=data.get("item") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
