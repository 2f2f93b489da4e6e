"""Job fairs' figures, per fair (a breakdown) and period (the fair's start): enterprises taking
part, positions, places (the sum of their headcounts), seekers checked in, seekers with at
least one intent confirmed by both sides (FACTS.md). Registered in `FairsConfig.ready()`.

A fair's records count for the fair's county (a city-level fair has none), on the fair's day.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure
from rencai.events.models import CheckIn

from . import selectors
from .choices import JOB_FAIR, IntentStatus

THE_FAIRS_COUNTY = _("the fair's county")
# the fairs' lists filter by the fair's county and day, and by one fair (a breakdown's key)
FAIR_LIST = {"county": "fair_county", "from": "held_from", "to": "held_to", "fair": "fair"}


def enterprises(actor):
    return selectors.participants_for_actor(actor).select_related(None)


def positions(actor):
    return selectors.positions_for_actor(actor).select_related(None).filter(is_open=True)


def checked_in(actor):
    """Check-ins at the job fairs the actor may see (a seeker counts once per fair)."""
    return CheckIn.objects.filter(event__kind=JOB_FAIR, event__in=selectors.fairs_for_actor(actor))


def confirmed_intents(actor):
    return (
        selectors.intents_for_actor(actor)
        .select_related(None)
        .filter(status=IntentStatus.CONFIRMED)
    )


def register() -> None:
    common = {"measure": Measure.FLOW, "attribution": THE_FAIRS_COUNTY}
    register_figure(
        Figure(
            name="fairs.enterprises",
            label=_("Enterprises at job fairs"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            records=enterprises,
            date_field="fair__starts_at",
            county_field="fair__division",
            breakdowns={"fair": "fair"},
            drilldown="fairs:enterprise-list",
            drilldown_params=FAIR_LIST,
            description=_(
                "Enterprises and institutes taking part in job fairs held in the period."
            ),
            **common,
        ),
        order=70,
    )
    register_figure(
        Figure(
            name="fairs.positions",
            label=_("Positions at job fairs"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            records=positions,
            date_field="participant__fair__starts_at",
            county_field="participant__fair__division",
            breakdowns={"fair": "participant__fair"},
            drilldown="fairs:open-positions",
            drilldown_params=FAIR_LIST,
            description=_("Open positions offered at job fairs held in the period."),
            **common,
        ),
        order=71,
    )
    register_figure(
        Figure(
            name="fairs.places",
            label=_("Places offered at job fairs"),
            unit=Unit.ITEMS,
            kind=Kind.SUM,
            value_field="headcount",
            records=positions,
            date_field="participant__fair__starts_at",
            county_field="participant__fair__division",
            breakdowns={"fair": "participant__fair"},
            drilldown="fairs:open-positions",
            drilldown_params=FAIR_LIST,
            description=_("The sum of the headcounts of the open positions at job fairs."),
            **common,
        ),
        order=72,
    )
    register_figure(
        Figure(
            name="fairs.seekers_checked_in",
            label=_("Job seekers checked in at job fairs"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            records=checked_in,
            distinct_field="registration__talent",
            date_field="event__starts_at",
            county_field="event__division",
            breakdowns={"fair": "event"},
            drilldown="fairs:seekers-checked-in",
            drilldown_params=FAIR_LIST,
            description=_("Distinct seekers checked in at the door of job fairs."),
            **common,
        ),
        order=73,
    )
    register_figure(
        Figure(
            name="fairs.seekers_with_intent",
            label=_("Job seekers with a confirmed employment intent"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            records=confirmed_intents,
            distinct_field="talent",
            date_field="position__participant__fair__starts_at",
            county_field="position__participant__fair__division",
            breakdowns={"fair": "position__participant__fair"},
            drilldown="fairs:seekers-with-intent",
            drilldown_params=FAIR_LIST,
            description=_(
                "Distinct seekers with at least one intent confirmed by both sides, at job "
                "fairs held in the period."
            ),
            **common,
        ),
        order=74,
    )
