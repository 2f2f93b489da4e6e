"""The events' figures: registered, attended (checked in), pairs and people paired — per event
and period, by kind and event. Registered in `EventsConfig.ready()`.

A registration or check-in counts for the talent's county and the day it happened; a mixer's
pairs and the people in them count on the day of the mixer, pairs for the event's division.
Counts come only from the events the reader organises (the task force: all).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import permissions, selectors
from .choices import RegistrationStatus
from .models import CheckIn, Event, Match, Registration

BY_EVENT = {"kind": "event__kind", "event": "event"}
# the registrations list's filters: the talent's county, and a breakdown's kind or event
BY_EVENT_PARAMS = {"county": "county", "kind": "kind", "event": "event"}
# the mixers' pairs and people paired, listed without names: by county, the mixer's day, event
MIXER_PARAMS = {"county": "county", "from": "held_from", "to": "held_to", "event": "event"}


def _events_q(actor, prefix: str = "event__") -> Q:
    if actor is not None and not permissions.is_organiser_role(actor):
        return Q(pk__in=[])
    scope = selectors.organiser_scope_q(actor)
    if not scope:
        return Q()
    return Q(**{f"{prefix}in": Event.objects.filter(scope).values("pk")})


def registered(actor):
    return Registration.objects.filter(_events_q(actor), status=RegistrationStatus.REGISTERED)


def attended(actor):
    return CheckIn.objects.filter(_events_q(actor))


def pairs(actor):
    return Match.objects.filter(_events_q(actor))


def people_paired(actor):
    return Registration.objects.filter(_events_q(actor)).filter(
        Exists(Match.objects.filter(first=OuterRef("pk")))
        | Exists(Match.objects.filter(second=OuterRef("pk")))
    )


def register() -> None:
    common = {"unit": Unit.PEOPLE, "kind": Kind.COUNT, "measure": Measure.FLOW}
    register_figure(
        Figure(
            name="events.registered",
            label=_("Registered for events"),
            records=registered,
            date_field="created_at",
            breakdowns=BY_EVENT,
            drilldown="events:places-held",
            drilldown_params={**BY_EVENT_PARAMS, "from": "registered_from", "to": "registered_to"},
            description=_("Registrations holding a place, by the day they were made."),
            **common,
        ),
        order=60,
    )
    register_figure(
        Figure(
            name="events.attended",
            label=_("Checked in at events"),
            records=attended,
            date_field="scanned_at",
            county_field="registration__talent__county",
            breakdowns=BY_EVENT,
            drilldown="events:registration-search",
            drilldown_params={**BY_EVENT_PARAMS, "from": "checked_in_from", "to": "checked_in_to"},
            description=_("Check-ins (a person at two events counts twice)."),
            **common,
        ),
        order=61,
    )
    register_figure(
        Figure(
            name="events.pairs",
            label=_("Mixer pairs"),
            records=pairs,
            date_field="event__starts_at",
            county_field="event__division",
            attribution=_("the event's division"),
            breakdowns=BY_EVENT,
            drilldown="events:mixer-pairs",
            drilldown_params=MIXER_PARAMS,
            description=_("Mutual picks at mixers, on the day of the mixer."),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
        ),
        order=62,
    )
    register_figure(
        Figure(
            name="events.people_paired",
            label=_("People paired at mixers"),
            records=people_paired,
            date_field="event__starts_at",
            breakdowns=BY_EVENT,
            drilldown="events:people-paired",
            drilldown_params=MIXER_PARAMS,
            description=_("Participants in at least one mutual pair, on the day of the mixer."),
            **common,
        ),
        order=63,
    )
