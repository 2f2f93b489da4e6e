"""Schooling's figures: cases requested (by stage), placed within target. Registered in
`SchoolingConfig.ready()`; read through `rencai.core.figures`.

A case counts for the county recorded on it (the talent's county when it was requested).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import selectors
from .choices import EnrolmentState
from .models import EnrolmentCase

CASE_COUNTY = _("the county recorded on the case (the talent's when it was requested)")
BREAKDOWNS = {"stage": "stage", "state": "state", "office": "education_office"}


def visible_cases(actor):
    return EnrolmentCase.objects.filter(selectors.scope_q(actor))


def closed_cases(actor):
    return visible_cases(actor).filter(
        state__in=[EnrolmentState.ENROLLED, EnrolmentState.NOT_PLACED], closed_at__isnull=False
    )


def register() -> None:
    register_figure(
        Figure(
            name="schooling.cases_requested",
            label=_("Enrolment cases requested"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_cases,
            date_field="requested_at",
            county_field="county",
            attribution=CASE_COUNTY,
            breakdowns=BREAKDOWNS,
            drilldown="schooling:case-list",
            drilldown_params={"county": "county", "from": "requested_from", "to": "requested_to"},
            description=_("Children's enrolment cases requested within the period, by stage."),
        ),
        order=60,
    )
    register_figure(
        Figure(
            name="schooling.placed_within_target",
            label=_("Children placed within target"),
            unit=Unit.ITEMS,
            kind=Kind.RATIO,
            measure=Measure.FLOW,
            records=closed_cases,
            date_field="closed_at",
            county_field="county",
            attribution=CASE_COUNTY,
            numerator=Q(state=EnrolmentState.ENROLLED, enrolled_on__lte=F("placement_due_on")),
            breakdowns=BREAKDOWNS,
            drilldown="schooling:case-list",
            drilldown_params={"county": "county", "from": "closed_from", "to": "closed_to"},
            description=_(
                "Of the cases closed within the period, those enrolled by the placement's "
                "deadline (working days from the request)."
            ),
        ),
        order=61,
    )
