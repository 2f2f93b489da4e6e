"""Reads of job fairs, always scoped to the actor; missing and forbidden answer alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.events.choices import EventStatus
from rencai.events.models import CheckIn, Event
from rencai.talents.models import Talent

from . import permissions
from .choices import JOB_FAIR, IntentStatus
from .models import EmploymentIntent, FairEnterprise, Position


def _id(pk) -> int:
    """A path's id as a number (0, which names no row, when it cannot be one)."""
    try:
        number = int(pk)
    except (TypeError, ValueError, OverflowError):
        return 0
    return number if 0 < number < 2**63 else 0


# The statuses of a fair every signed-in user may browse: published, and closed after it.
PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED)


def _public_fairs_q() -> Q:
    return Q(status__in=PUBLIC_EVENT_STATUSES)


def fairs_for_actor(actor) -> QuerySet[Event]:
    """Job fairs the actor may see: published ones; the organiser's in any status; those an
    enterprise contact's organisation takes part in; all for the task force."""
    qs = Event.objects.filter(kind=JOB_FAIR)
    if permissions.sees_every_fair(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    q = _public_fairs_q()
    if organisers := permissions.organiser_ids(actor):
        q |= Q(organiser_id__in=sorted(organisers))
    if contacts := permissions.contact_organisation_ids(actor):
        q |= Q(fair_enterprises__organisation_id__in=sorted(contacts))
    return qs.filter(pk__in=Event.objects.filter(kind=JOB_FAIR).filter(q).values("pk"))


def get_fair_for_actor(actor, pk) -> Event:
    fair = fairs_for_actor(actor).filter(pk=_id(pk)).first()
    if fair is None:
        raise NotFound(_("Not found."))
    return fair


def participants_for_actor(actor, fair: Event | None = None) -> QuerySet[FairEnterprise]:
    qs = FairEnterprise.objects.filter(fair__in=fairs_for_actor(actor)).select_related(
        "organisation", "fair"
    )
    if fair is not None:
        qs = qs.filter(fair=fair)
    return qs


def positions_for_actor(actor) -> QuerySet[Position]:
    """Positions of the fairs the actor may see; closed positions only to who manages them."""
    qs = Position.objects.filter(participant__fair__in=fairs_for_actor(actor)).with_related()
    if permissions.sees_every_fair(actor):
        return qs
    managed = Q(participant__fair__organiser_id__in=sorted(permissions.organiser_ids(actor)))
    managed |= Q(
        participant__organisation_id__in=sorted(permissions.contact_organisation_ids(actor))
    )
    return qs.filter(Q(is_open=True) | managed)


def get_position_for_actor(actor, pk) -> Position:
    position = positions_for_actor(actor).filter(pk=_id(pk)).first()
    if position is None:
        raise NotFound(_("Not found."))
    return position


def managed_positions(actor) -> QuerySet[Position]:
    """The positions the actor posts and edits: their enterprise's (contact) or their fairs'
    (organiser)."""
    if actor is None:
        return Position.objects.with_related()
    q = Q(participant__organisation_id__in=sorted(permissions.contact_organisation_ids(actor)))
    q |= Q(participant__fair__organiser_id__in=sorted(permissions.organiser_ids(actor)))
    return Position.objects.filter(q).with_related()


def intents_for_actor(actor) -> QuerySet[EmploymentIntent]:
    """The intents the actor may see: a talent their own; an enterprise contact those on their
    organisation's positions; an organiser those at their fairs; a county officer those of
    their county's seekers; the task force all."""
    qs = EmploymentIntent.objects.select_related(
        "talent", "position__participant__organisation", "position__participant__fair"
    )
    if permissions.sees_every_fair(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    roles = roles_of(actor)
    q = Q(talent__user=actor)
    if contacts := permissions.contact_organisation_ids(actor):
        q |= Q(position__participant__organisation_id__in=sorted(contacts))
    if organisers := permissions.organiser_ids(actor):
        q |= Q(position__participant__fair__organiser_id__in=sorted(organisers))
    if counties := roles.division_ids(Role.COUNTY_OFFICER):
        q |= Q(talent__county_id__in=sorted(counties))
    return qs.filter(q)


def get_intent_for_actor(actor, pk) -> EmploymentIntent:
    intent = intents_for_actor(actor).filter(pk=_id(pk)).first()
    if intent is None:
        raise NotFound(_("Not found."))
    return intent


def fair_figures(fair: Event) -> dict[str, int]:
    """The fair's own numbers for its page: enterprises, positions, places, seekers checked in,
    seekers with a confirmed intent (the registered figures count the same)."""
    positions = Position.objects.filter(participant__fair=fair).aggregate(
        positions=Count("pk"), places=Sum("headcount")
    )
    return {
        "enterprises": FairEnterprise.objects.filter(fair=fair).count(),
        "positions": positions["positions"] or 0,
        "places": positions["places"] or 0,
        "checked_in": CheckIn.objects.filter(event=fair)
        .values("registration__talent")
        .distinct()
        .count(),
        "with_intent": EmploymentIntent.objects.filter(
            position__participant__fair=fair, status=IntentStatus.CONFIRMED
        )
        .values("talent")
        .distinct()
        .count(),
    }


# --- the lists the fairs' figures drill down to ----------------------------------------------


@dataclass(frozen=True)
class FairFilters:
    """Which fairs' records a list shows: the fair's county and the day it was held (whole
    days in Asia/Shanghai, both ends included), or one fair."""

    fair_county: int | None = None
    held_from: date | None = None
    held_to: date | None = None
    fair: int | None = None


def fair_q(filters: FairFilters, path: str) -> Q:
    """`filters` on the fair that `path` (e.g. "participant__fair") names."""
    q = Q()
    if filters.fair_county is not None:
        q &= Q(**{f"{path}__division_id": filters.fair_county})
    if filters.held_from is not None:
        q &= Q(**{f"{path}__starts_at__date__gte": filters.held_from})
    if filters.held_to is not None:
        q &= Q(**{f"{path}__starts_at__date__lte": filters.held_to})
    if filters.fair is not None:
        q &= Q(**{f"{path}_id": filters.fair})
    return q


def search_participants(actor, filters: FairFilters) -> QuerySet[FairEnterprise]:
    """The enterprises taking part in the fairs the actor may see, filtered."""
    return participants_for_actor(actor).filter(fair_q(filters, "fair"))


def seeker_fairs(actor) -> QuerySet[Event]:
    """The fairs whose seekers the actor may list by name: the organiser's; all for the task
    force."""
    fairs = Event.objects.filter(kind=JOB_FAIR)
    if permissions.sees_every_fair(actor):
        return fairs
    return fairs.filter(organiser_id__in=sorted(permissions.organiser_ids(actor)))


SEEKERS_CHECKED_IN = "checked_in"
SEEKERS_WITH_INTENT = "with_intent"


def search_seekers(actor, filters: FairFilters, which: str) -> QuerySet[Talent]:
    """The seekers checked in at (or with an intent confirmed at) the fairs the actor
    organises, each once, filtered by the fair."""
    fairs = seeker_fairs(actor).values("pk")
    if which == SEEKERS_WITH_INTENT:
        talents = EmploymentIntent.objects.filter(
            fair_q(filters, "position__participant__fair"),
            position__participant__fair__in=fairs,
            status=IntentStatus.CONFIRMED,
        ).values("talent_id")
    else:
        talents = CheckIn.objects.filter(fair_q(filters, "event"), event__in=fairs).values(
            "registration__talent_id"
        )
    return Talent.objects.filter(pk__in=talents).select_related("county").order_by("name", "pk")
