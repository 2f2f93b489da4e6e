"""The medical pages' forms: they validate input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.forms import DateInput
from rencai.core.models import Division

from .choices import AppointmentStatus, SlotKind

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class TimeInput(forms.TimeInput):
    input_type = "time"


class SlotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SlotKind.choices)
    service = forms.CharField(label=_("Department or package"), max_length=60)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=200, initial=5)


class WeeklySlotsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SlotKind.choices)
    service = forms.CharField(label=_("Department or package"), max_length=60)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    first_date = forms.DateField(label=_("From"), widget=DateInput)
    last_date = forms.DateField(label=_("To"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=200, initial=5)


class CutoffForm(forms.Form):
    cancel_cutoff_hours = forms.IntegerField(
        label=_("Cancellation cut-off (hours before the slot)"), min_value=0, max_value=336
    )


ENDED = "ended"
ENDED_STATUSES = (AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW)


def _county_field():
    return forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )


class AppointmentFilterForm(forms.Form):
    """The appointment list's filters; a figure's drill-down lands here with the county and
    the period (of the slot's day, or of the visit's completion)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    completed_from = forms.DateField(label=_("Completed from"), required=False, widget=DateInput)
    completed_to = forms.DateField(label=_("Completed to"), required=False, widget=DateInput)
    county = _county_field()
    # "ended": the visits whose outcome is known (completed or missed), the no-show rate's
    # denominator; its numerator is the no-shows
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—"), (ENDED, _("Ended (completed or missed)")), *AppointmentStatus.choices],
    )
    hospital = forms.IntegerField(label=_("Hospital"), required=False, min_value=1)
    # the department responsible for the slot's benefit (the dashboard's department filter)
    department = forms.IntegerField(label=_("Department"), required=False, min_value=1)


class RecordFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    county = _county_field()
    hospital = forms.IntegerField(label=_("Hospital"), required=False, min_value=1)
