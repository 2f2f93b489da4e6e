"""Reads of events, always scoped to the actor. Picks are read only by their chooser; everyone
else gets counts (`mixer_counts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent
from rencai.talents.selectors import talent_of_user

from . import permissions
from .choices import PLACE_HOLDING_STATUSES, EventStatus
from .models import CheckIn, Event, Match, Pick, Registration

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED)


def organiser_scope_q(actor) -> Q:
    """The events an actor organises: their department's, their county's; all for the task
    force."""
    if permissions.sees_every_event(actor):
        return Q()
    q = Q(pk__in=[])
    departments = permissions.department_ids(actor)
    if departments:
        q |= Q(organiser_id__in=sorted(departments))
    counties = permissions.county_ids(actor)
    if counties:
        q |= Q(division_id__in=sorted(counties))
    return q


def event_scope_q(actor) -> Q:
    """The events an actor sees: organisers their own, the task force all, talents the
    published and closed ones, and any they registered for."""
    q = organiser_scope_q(actor)
    if actor is not None and roles_of(actor).has(Role.TALENT):
        q |= Q(status__in=PUBLIC_STATUSES) | Q(
            pk__in=Registration.objects.filter(talent__user_id=actor.pk).values("event_id")
        )
    return q


def events_for_actor(actor) -> QuerySet[Event]:
    return Event.objects.filter(event_scope_q(actor)).select_related("organiser", "division")


def get_event_for_actor(actor, pk) -> Event:
    try:
        return events_for_actor(actor).get(pk=pk)
    except (Event.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such event.")) from None


def managed_events(actor) -> QuerySet[Event]:
    """The events the actor organises (what an organiser's lists show)."""
    if not permissions.is_organiser_role(actor):
        return Event.objects.none()
    return Event.objects.filter(organiser_scope_q(actor)).select_related("organiser", "division")


def talent_of(actor) -> Talent | None:
    return talent_of_user(actor) if actor is not None else None


def registration_of(talent: Talent | None, event: Event) -> Registration | None:
    """The talent's live registration for the event (or their latest, when none is live)."""
    if talent is None:
        return None
    return (
        Registration.objects.filter(event=event, talent=talent)
        .select_related("check_in")
        .order_by("-pk")
        .first()
    )


def registrations_of_event(event: Event) -> QuerySet[Registration]:
    """Everyone registered for the event, for its organisers (caller checks)."""
    return (
        Registration.objects.filter(event=event)
        .select_related("talent", "check_in")
        .order_by("status", "waitlist_position", "pk")
    )


def my_registrations(talent: Talent) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(talent=talent)
        .select_related("event", "check_in")
        .order_by("-event__starts_at", "-pk")
    )


def waitlist_rank(registration: Registration) -> int | None:
    """Where a waiting-list entry stands now: 1 + those still waiting before it."""
    if registration.waitlist_position is None or registration.status != "waitlisted":
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status="waitlisted",
        waitlist_position__lt=registration.waitlist_position,
    ).count()
    return ahead + 1


def check_ins_of_event(event: Event) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(event=event).select_related("registration__talent")


def participants(event: Event) -> QuerySet[Registration]:
    """A mixer's participants: the registrations checked in."""
    return (
        Registration.objects.filter(event=event, check_in__isnull=False)
        .select_related("talent")
        .order_by("check_in__scanned_at", "pk")
    )


def my_picks(registration: Registration) -> QuerySet[Pick]:
    """The chooser's own picks (only ever shown to the chooser)."""
    return Pick.objects.filter(chooser=registration).select_related("chosen__talent")


@dataclass(frozen=True)
class MatchView:
    match: Match
    other: Registration
    i_consented: bool
    they_consented: bool

    @property
    def contact_shared(self) -> bool:
        return self.i_consented and self.they_consented


def my_matches(registration: Registration) -> list[MatchView]:
    """The participant's own matches (after the round closed), each with the other side and
    whether both consented to share contacts."""
    rows = Match.objects.filter(Q(first=registration) | Q(second=registration)).select_related(
        "first__talent", "second__talent"
    )
    views = []
    for match in rows:
        mine_first = match.first_id == registration.pk
        views.append(
            MatchView(
                match=match,
                other=match.second if mine_first else match.first,
                i_consented=(match.first_consented_at if mine_first else match.second_consented_at)
                is not None,
                they_consented=(
                    match.second_consented_at if mine_first else match.first_consented_at
                )
                is not None,
            )
        )
    return views


@dataclass(frozen=True)
class MixerCounts:
    participants: int
    choosers: int
    picks: int
    pairs: int
    people_paired: int


def mixer_counts(event: Event) -> MixerCounts:
    """What organisers and staff see of a mixer: counts, never who picked whom."""
    picks = Pick.objects.filter(event=event).aggregate(
        picks=Count("pk"), choosers=Count("chooser", distinct=True)
    )
    matches = Match.objects.filter(event=event)
    paired = Registration.objects.filter(event=event).filter(
        Exists(Match.objects.filter(first=OuterRef("pk")))
        | Exists(Match.objects.filter(second=OuterRef("pk")))
    )
    return MixerCounts(
        participants=CheckIn.objects.filter(event=event).count(),
        choosers=picks["choosers"],
        picks=picks["picks"],
        pairs=matches.count(),
        people_paired=paired.count(),
    )


def event_counts(event: Event) -> dict[str, int]:
    return Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status__in=PLACE_HOLDING_STATUSES)),
        waitlisted=Count("pk", filter=Q(status="waitlisted")),
        checked_in=Count("check_in"),
    )


# --- registrations across events (the figures' drill-downs) ----------------------------------


@dataclass(frozen=True)
class RegistrationFilters:
    """Days are whole days in Asia/Shanghai, both ends included."""

    county: int | None = None  # the talent's county
    kind: str = ""  # the event's kind
    event: int | None = None
    status: str = ""
    registered_from: date | None = None  # the day the registration was made
    registered_to: date | None = None
    checked_in_from: date | None = None  # the day of the check-in (only those checked in)
    checked_in_to: date | None = None


def search_registrations(actor, filters: RegistrationFilters) -> QuerySet[Registration]:
    """The registrations for the events the actor organises (every event: the task force)."""
    qs = (
        Registration.objects.filter(event__in=managed_events(actor).values("pk"))
        .select_related("event", "talent", "talent__county", "check_in")
        .order_by("-created_at", "-pk")
    )
    if filters.county is not None:
        qs = qs.filter(talent__county_id=filters.county)
    if filters.kind:
        qs = qs.filter(event__kind=filters.kind)
    if filters.event is not None:
        qs = qs.filter(event_id=filters.event)
    if filters.status:
        qs = qs.filter(status=filters.status)
    for name, lookup in (
        ("registered_from", "created_at__date__gte"),
        ("registered_to", "created_at__date__lte"),
        ("checked_in_from", "check_in__scanned_at__date__gte"),
        ("checked_in_to", "check_in__scanned_at__date__lte"),
    ):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{lookup: getattr(filters, name)})
    return qs


# --- a mixer's pairs and the people in them, without names (the figures' drill-downs) --------


@dataclass(frozen=True)
class MixerFilters:
    county: int | None = None  # pairs: the event's division; people: the talent's county
    held_from: date | None = None  # the day of the mixer, both ends included
    held_to: date | None = None
    event: int | None = None


PAIRS = "pairs"
PEOPLE_PAIRED = "people"


def _mixer_q(filters: MixerFilters, prefix: str = "event__") -> Q:
    q = Q()
    if filters.held_from is not None:
        q &= Q(**{f"{prefix}starts_at__date__gte": filters.held_from})
    if filters.held_to is not None:
        q &= Q(**{f"{prefix}starts_at__date__lte": filters.held_to})
    if filters.event is not None:
        q &= Q(**{f"{prefix}id": filters.event})
    return q


def search_pairs(actor, filters: MixerFilters) -> QuerySet[Match]:
    """The pairs at the mixers the actor organises — rows to count, never who (only the
    event, its day and division are read)."""
    qs = Match.objects.filter(_mixer_q(filters), event__in=managed_events(actor).values("pk"))
    if filters.county is not None:
        qs = qs.filter(event__division_id=filters.county)
    return qs.select_related("event", "event__division").order_by("-event__starts_at", "pk")


def search_people_paired(actor, filters: MixerFilters) -> QuerySet[Registration]:
    """The participants in at least one pair at the mixers the actor organises — rows to
    count by the talent's county, never who."""
    qs = Registration.objects.filter(
        _mixer_q(filters), event__in=managed_events(actor).values("pk")
    ).filter(
        Exists(Match.objects.filter(first=OuterRef("pk")))
        | Exists(Match.objects.filter(second=OuterRef("pk")))
    )
    if filters.county is not None:
        qs = qs.filter(talent__county_id=filters.county)
    return qs.select_related("event", "talent__county").order_by("-event__starts_at", "pk")
