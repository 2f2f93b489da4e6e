"""The dashboard's filters (a GET form): the period (a month, a quarter, a year, or from–to),
a county among those the actor may see, and a department for the figures that break down by
department. An invalid filter is an error on the page, never a silently wider number."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.figures import Period
from rencai.core.forms import DateInput
from rencai.core.models import Division, Organisation
from rencai.core.permissions import roles_of

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
PERIOD_KINDS = [
    (MONTH, _("Month")),
    (QUARTER, _("Quarter")),
    (YEAR, _("Year")),
    (CUSTOM, _("From – to")),
]
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
LONGEST_DAYS = 366 * 10  # a custom period of at most ten years


def visible_counties(actor):
    """Every county for the city-wide roles and department officers (whose figures hold only
    their own records, wherever they are); a county officer's own counties otherwise."""
    counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    roles = roles_of(actor)
    if roles.is_city_wide or roles.has(Role.DEPARTMENT_OFFICER):
        return counties
    return counties.filter(pk__in=sorted(roles.division_ids(Role.COUNTY_OFFICER)))


def visible_departments(actor):
    """A department officer's own departments; every department for the others."""
    departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)
    roles = roles_of(actor)
    if not roles.is_city_wide and not roles.has(Role.COUNTY_OFFICER):
        departments = departments.filter(
            pk__in=sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
        )
    return departments.order_by("division__code", "name")


@dataclass(frozen=True)
class Filters:
    period: Period
    kind: str
    county: int | None = None
    department: int | None = None

    @property
    def as_of(self) -> date:
        """Stocks stand on the period's last day, or today while the period runs."""
        return min(self.period.end, clock.today())


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def period_of(kind: str, year: int, month: int) -> Period:
    if kind == QUARTER:
        first = (month - 1) // 3 * 3 + 1
        return Period(month_period(year, first).start, month_period(year, first + 2).end)
    if kind == YEAR:
        return Period(date(year, 1, 1), date(year, 12, 31))
    return month_period(year, month)


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, required=False)
    month = forms.CharField(
        label=_("Month (its quarter, its year)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2022-09"}),
        help_text=_("For a quarter or a year, any month in it."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(
        label=_("Department"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Applies to the figures counted by department."),
    )

    def __init__(self, data=None, *, actor, **kwargs):
        super().__init__(data, **kwargs)
        anything = [("", _("(all I may see)"))]
        self.fields["county"].choices = anything + [
            (str(pk), name) for pk, name in visible_counties(actor).values_list("pk", "name")
        ]
        self.fields["department"].choices = [("", _("(any)"))] + [
            (str(org.pk), str(org)) for org in visible_departments(actor).select_related("division")
        ]
        today = clock.today()
        self.initial.setdefault("period", MONTH)
        self.initial.setdefault("month", f"{today:%Y-%m}")

    def clean_month(self) -> tuple[int, int] | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2022-09."))
        return int(match.group(1)), int(match.group(2))

    def clean(self):
        data = super().clean()
        kind = data.get("period") or MONTH
        data["period"] = kind
        if kind == CUSTOM:
            first, last = data.get("date_from"), data.get("date_to")
            if "date_from" in self.errors or "date_to" in self.errors:
                return data
            if first is None or last is None:
                raise ValidationError(_("A period from – to needs both days."))
            if last < first:
                raise ValidationError(_("The period ends before it starts."))
            if (last - first).days > LONGEST_DAYS:
                raise ValidationError(_("A period may be at most ten years long."))
        return data

    def filters(self) -> Filters:
        """The chosen filters; the current month (of the clock) when nothing is chosen.
        Call only on an unbound or a valid form."""
        today = clock.today()
        if not self.is_bound:
            return Filters(month_period(today.year, today.month), MONTH)
        data = self.cleaned_data
        kind = data["period"]
        if kind == CUSTOM:
            period = Period(data["date_from"], data["date_to"])
        else:
            year, month = data.get("month") or (today.year, today.month)
            period = period_of(kind, year, month)
        return Filters(period, kind, data.get("county"), data.get("department"))
