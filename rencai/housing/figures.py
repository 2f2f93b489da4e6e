"""Housing's figures: apartments fitted out, units by state, occupancy, waiting list, wait,
tenancies — by county (the building's, or the county applied for). Stocks are computed as of
any past date from the dates the records keep (unit state periods, application and tenancy
dates). Registered in `HousingConfig.ready()`; read through `rencai.core.figures`."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import selectors
from .choices import LETTABLE_STATES, UnitState
from .models import UnitStatePeriod

BUILDING_COUNTY = _("the county of the apartment's building")
APPLIED_COUNTY = _("the county applied for")


def unit_periods(actor):
    return UnitStatePeriod.objects.filter(unit__in=selectors.units_for_actor(actor).values("pk"))


def lettable_periods(actor):
    return unit_periods(actor).filter(state__in=sorted(LETTABLE_STATES))


def visible_units(actor):
    return selectors.units_for_actor(actor).select_related(None)


def register() -> None:
    common = {"drilldown": "housing:unit-list", "drilldown_params": {"county": "county"}}
    register_figure(
        Figure(
            name="housing.units_fit_out_started",
            label=_("Apartments whose fit-out started"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.STOCK,
            records=visible_units,
            date_field="fit_out_started_on",
            county_field="building__county",
            attribution=BUILDING_COUNTY,
            breakdowns={"building": "building", "state": "state"},
            description=_(
                "Talent apartments whose fit-out had started by the day (being fitted out, "
                "ready, occupied or under repair)."
            ),
            **common,
        ),
        order=60,
    )
    register_figure(
        Figure(
            name="housing.units_by_state",
            label=_("Apartments by state"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.STOCK,
            records=unit_periods,
            date_field="started_on",
            until_field="ended_on",
            county_field="unit__building__county",
            attribution=BUILDING_COUNTY,
            breakdowns={"state": "state"},
            description=_("Apartments in each state on the day (from their dated state changes)."),
            **common,
        ),
        order=61,
    )
    register_figure(
        Figure(
            name="housing.occupancy",
            label=_("Apartment occupancy"),
            unit=Unit.ITEMS,
            kind=Kind.RATIO,
            measure=Measure.STOCK,
            records=lettable_periods,
            date_field="started_on",
            until_field="ended_on",
            county_field="unit__building__county",
            attribution=BUILDING_COUNTY,
            numerator=Q(state=UnitState.OCCUPIED),
            description=_(
                "Of the apartments fitted out on the day (ready, occupied or under repair), "
                "those occupied."
            ),
            **common,
        ),
        order=62,
    )
    register_figure(
        Figure(
            name="housing.waiting",
            label=_("Applicants on the apartment waiting list"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            measure=Measure.STOCK,
            records=selectors.applications_for_actor,
            date_field="applied_on",
            until_field="left_list_on",
            county_field="county",
            attribution=APPLIED_COUNTY,
            drilldown="housing:application-list",
            drilldown_params={"county": "county", "as_of": "as_of"},
            description=_(
                "Applications on the waiting list on the day (applied, not yet housed, "
                "withdrawn or lapsed)."
            ),
        ),
        order=63,
    )
    register_figure(
        Figure(
            name="housing.median_wait_days",
            label=_("Wait for an apartment (median days)"),
            unit=Unit.DAYS,
            kind=Kind.MEDIAN,
            measure=Measure.FLOW,
            records=selectors.tenancies_for_actor,
            date_field="starts_on",
            value_field="wait_days",
            county_field="unit__building__county",
            attribution=BUILDING_COUNTY,
            drilldown="housing:tenancy-list",
            drilldown_params={"county": "county", "from": "starts_from", "to": "starts_to"},
            description=_(
                "Days from the application to the start of the tenancy, for tenancies that "
                "started within the period (the median: the typical wait)."
            ),
        ),
        order=64,
    )
    register_figure(
        Figure(
            name="housing.tenancies_active",
            label=_("Active tenancies"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.STOCK,
            records=selectors.tenancies_for_actor,
            date_field="starts_on",
            until_field="ended_on",
            county_field="unit__building__county",
            attribution=BUILDING_COUNTY,
            drilldown="housing:tenancy-list",
            drilldown_params={"county": "county", "as_of": "as_of"},
            description=_("Tenancies running on the day."),
        ),
        order=65,
    )
