"""The medical channel's figures: visits completed, health records opened, the no-show rate
— by hospital, county and period. Registered in `MedicalConfig.ready()`.

A visit or record counts for the talent's county; the hospital is a breakdown.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import selectors
from .choices import AppointmentStatus

BY_HOSPITAL = {"hospital": "hospital"}
# a visit's department: the one responsible for the benefit its slot is booked under (the
# dashboard's department filter applies to the visits' figures)
VISIT_BREAKDOWNS = {**BY_HOSPITAL, "department": "slot__benefit__owning_department"}
# the lists' filters: the county, the period of the slot's day (or of the record's opening)
# and the hospital a dashboard's bar stands for
ON_THE_LIST = {"county": "county", "from": "date_from", "to": "date_to", "hospital": "hospital"}
VISITS = {**ON_THE_LIST, "department": "department"}
COMPLETED = {**VISITS, "from": "completed_from", "to": "completed_to"}


def visible_appointments(actor):
    return selectors.appointments_for_actor(actor).select_related(None)


def completed_visits(actor):
    return visible_appointments(actor).filter(status=AppointmentStatus.FULFILLED)


def ended_visits(actor):
    """Visits whose outcome is known: completed or missed."""
    return visible_appointments(actor).filter(
        status__in=[AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW]
    )


def visible_records(actor):
    return selectors.health_records_for_actor(actor).select_related(None).prefetch_related(None)


def register() -> None:
    register_figure(
        Figure(
            name="medical.visits_completed",
            label=_("Green-channel visits completed"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=completed_visits,
            date_field="completed_at",
            breakdowns=VISIT_BREAKDOWNS,
            drilldown="medical:appointment-list",
            drilldown_params=COMPLETED,
            description=_("Accompanied visits completed within the period."),
        ),
        order=50,
    )
    register_figure(
        Figure(
            name="medical.health_records_opened",
            label=_("Health records opened"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_records,
            date_field="opened_on",
            breakdowns=BY_HOSPITAL,
            drilldown="medical:record-list",
            drilldown_params=ON_THE_LIST,
            description=_("Talents' health records opened at designated hospitals."),
        ),
        order=51,
    )
    register_figure(
        Figure(
            name="medical.no_show_rate",
            label=_("Green-channel no-show rate"),
            unit=Unit.ITEMS,
            kind=Kind.RATIO,
            measure=Measure.FLOW,
            records=ended_visits,
            date_field="slot__date",
            numerator=Q(status=AppointmentStatus.NOSHOW),
            breakdowns=VISIT_BREAKDOWNS,
            drilldown="medical:appointment-list",
            drilldown_params=VISITS,
            drilldown_fixed={"status": "ended"},  # the denominator: the visits that ended
            description=_(
                "Of the visits due within the period that ended, those the talent missed."
            ),
        ),
        order=52,
    )
