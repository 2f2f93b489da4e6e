"""The desk's figures: cases opened, settled within target, handling time, money paid.
Registered in `DeskConfig.ready()`; read through `rencai.core.figures`.

A case counts for the county recorded on it (the talent's county when it was opened).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import selectors
from .choices import DECIDED_STATES
from .models import Application

CASE_COUNTY = _("the county recorded on the case (the talent's when it was opened)")


def visible_cases(actor):
    return Application.objects.filter(selectors.scope_q(actor))


def decided_cases_with_target(actor):
    return visible_cases(actor).filter(
        state__in=DECIDED_STATES, decided_at__isnull=False, due_at__isnull=False
    )


def decided_cases(actor):
    return visible_cases(actor).filter(state__in=DECIDED_STATES, decided_at__isnull=False)


def visible_payments(actor):
    return selectors.disbursements_for_actor(actor).select_related(None)


CASE_BREAKDOWNS = {
    "benefit": "benefit",
    "department": "department",
    "channel": "channel",
    # the window or station that opened the case (none for online and outreach cases)
    "service_point": "service_point",
    "state": "state",
}


# the case list's filters for the decided cases (the desk's ratio and median)
DECIDED_PARAMS = {
    "county": "county",
    "from": "decided_from",
    "to": "decided_to",
    "benefit": "benefit",
    "department": "department",
    "state": "state",
    "channel": "channel",
}


def register() -> None:
    register_figure(
        Figure(
            name="desk.cases_opened",
            label=_("Cases opened"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_cases,
            date_field="created_at",
            county_field="county",
            attribution=CASE_COUNTY,
            breakdowns=CASE_BREAKDOWNS,
            drilldown="desk:application-list",
            drilldown_params={
                "county": "county",
                "from": "opened_from",
                "to": "opened_to",
                "benefit": "benefit",
                "department": "department",
                "state": "state",
                "channel": "channel",
            },
            description=_("Cases opened at a window, online or by outreach within the period."),
        ),
        order=30,
    )
    register_figure(
        Figure(
            name="desk.settled_within_target",
            label=_("Cases settled within target"),
            unit=Unit.ITEMS,
            kind=Kind.RATIO,
            measure=Measure.FLOW,
            records=decided_cases_with_target,
            date_field="decided_at",
            county_field="county",
            attribution=CASE_COUNTY,
            numerator=Q(decided_at__lte=F("due_at")),
            breakdowns=CASE_BREAKDOWNS,
            drilldown="desk:application-list",
            drilldown_params=DECIDED_PARAMS,
            # the denominator: the decided cases with a target (the list links its numerator)
            drilldown_fixed={"decision": "with_target"},
            description=_(
                "Of the cases decided within the period that have a time target, those decided "
                "by their deadline."
            ),
        ),
        order=31,
    )
    register_figure(
        Figure(
            name="desk.median_handling_working_days",
            label=_("Median handling time"),
            unit=Unit.WORKING_DAYS,
            kind=Kind.MEDIAN,
            measure=Measure.FLOW,
            records=decided_cases,
            date_field="decided_at",
            county_field="county",
            attribution=CASE_COUNTY,
            value_field="handling_working_days",
            breakdowns=CASE_BREAKDOWNS,
            drilldown="desk:application-list",
            drilldown_params=DECIDED_PARAMS,
            drilldown_fixed={"decision": "decided"},
            description=_("Working days from the start of a case to its decision (median)."),
        ),
        order=32,
    )
    register_figure(
        Figure(
            name="desk.money_paid",
            label=_("Money paid"),
            unit=Unit.FEN,
            kind=Kind.SUM,
            measure=Measure.FLOW,
            records=visible_payments,
            date_field="paid_on",
            county_field="application__county",
            attribution=CASE_COUNTY,
            value_field="amount_fen",
            breakdowns={"benefit": "application__benefit", "department": "paying_department"},
            drilldown="desk:ledger",
            drilldown_params={
                "county": "county",
                "from": "date_from",
                "to": "date_to",
                "benefit": "benefit",
                "department": "department",
            },
            description=_("Payments recorded as paid within the period."),
        ),
        order=33,
    )
