"""Registration, the waiting list and offers of freed places.

Every change of places runs under a lock on the event row: a registration takes a place while
`places_taken < capacity` (the database refuses more), otherwise the next waiting-list position
(`waitlist_issued + 1`, unique per event). When a place frees, the first still waiting is
offered it for the event's `offer_hours`; an offer not accepted in time expires (the scheduled
job `events.expire_offers`) and passes to the next.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.notifications import notify
from rencai.core.text import format_datetime
from rencai.talents.models import Talent

from .. import audience, permissions
from ..choices import (
    PLACE_HOLDING_STATUSES,
    EventStatus,
    RegistrationSource,
    RegistrationStatus,
)
from ..errors import AlreadyRegistered, EventError, NotAdmitted
from ..models import Event, Registration

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed at the door
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a scanner or a hand typed, as stored: upper case, no spaces or dashes; a QR
    holding a URL ends with the code."""
    text = (raw or "").strip().rstrip("/")
    text = text.rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:16]


def _check_open(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(_("This event is not open for registration."), code=EventError.NOT_OPEN)
    if clock.now() >= event.ends_at:
        raise DomainError(_("This event is over."), code=EventError.NOT_OPEN)


def _place_or_position(locked: Event, registration: Registration) -> None:
    """Give the registration a place, or the next waiting-list position (event locked)."""
    if locked.places_taken < locked.capacity:
        locked.places_taken += 1
        registration.status = RegistrationStatus.REGISTERED
    else:
        locked.waitlist_issued += 1
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = locked.waitlist_issued


def _save_new(registration: Registration) -> Registration:
    for _attempt in range(5):
        registration.code = new_code()
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            if Registration.objects.filter(code=registration.code).exists():
                continue  # a code collision: draw again
            raise AlreadyRegistered(_("Already registered for this event.")) from exc
        return registration
    raise RuntimeError("could not draw a unique registration code")


def register(
    event: Event,
    *,
    actor,
    talent: Talent,
    source: str = RegistrationSource.ONLINE,
    check_audience: bool = True,
) -> Registration:
    """Register `talent` for `event`: a place, or a waiting-list position when full.

    A talent registering themself must be admitted by the audience rule; organisers (an
    import, a walk-in at the door) register whom they choose.
    """
    if permissions.is_talent_self(actor, talent) or actor is None:
        pass
    elif not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You may not register people for this event."))
    if check_audience and source == RegistrationSource.ONLINE:
        found = audience.verdict(event, talent)
        if not found.admitted:
            raise NotAdmitted(
                _("This event is not open to you: %(reasons)s")
                % {"reasons": "; ".join(found.reasons)},
                fields={"audience": found.reasons},
            )
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(locked)
        if Registration.objects.live().filter(event=locked, talent=talent).exists():
            raise AlreadyRegistered(_("Already registered for this event."))
        registration = Registration(
            event=locked, talent=talent, source=source, registered_by=audit.acting_user(actor)
        )
        _place_or_position(locked, registration)
        _save_new(registration)
        locked.save(update_fields=["places_taken", "waitlist_issued", "updated_at"])
        audit.record(
            actor,
            "events.register",
            registration,
            changes={"status": registration.status, "source": source},
        )
    return registration


def _release_place(locked: Event) -> None:
    locked.places_taken = max(locked.places_taken - 1, 0)


def offer_freed_places(locked: Event) -> list[Registration]:
    """While the (locked) event has a free place and someone waits, offer it to the first."""
    offered: list[Registration] = []
    while locked.status == EventStatus.PUBLISHED and locked.places_taken < locked.capacity:
        first = (
            Registration.objects.select_for_update()
            .filter(event=locked, status=RegistrationStatus.WAITLISTED)
            .select_related("talent")
            .order_by("waitlist_position")
            .first()
        )
        if first is None:
            break
        first.status = RegistrationStatus.OFFERED
        first.offer_expires_at = clock.now() + timedelta(hours=locked.offer_hours)
        first.save(update_fields=["status", "offer_expires_at", "updated_at"])
        locked.places_taken += 1
        audit.record(None, "events.offer", first, changes={"status": first.status})
        notify(
            title=_("A place at %(event)s is yours to take") % {"event": locked.title},
            body=_("Accept it before %(when)s.")
            % {"when": format_datetime(first.offer_expires_at)},
            link=reverse("events:detail", args=[locked.pk]),
            user=first.talent.user,
            subject=first,
            mobile=first.talent.mobile,
        )
        offered.append(first)
    locked.save(update_fields=["places_taken", "updated_at"])
    return offered


def _locked_pair(registration: Registration) -> tuple[Event, Registration]:
    locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    return locked_event, locked


def cancel_registration(registration: Registration, *, actor) -> Registration:
    """Give up a place (it is offered to the first waiting) or a waiting-list position."""
    if actor is not None and not permissions.can_change_registration(actor, registration):
        raise PermissionDenied(_("You may not change this registration."))
    with transaction.atomic():
        event, locked = _locked_pair(registration)
        if not locked.is_live:
            raise DomainError(
                _("This registration is no longer live."), code=EventError.ILLEGAL_TRANSITION
            )
        if hasattr(locked, "check_in"):
            raise DomainError(
                _("Already checked in: the registration stays."),
                code=EventError.ILLEGAL_TRANSITION,
            )
        held = locked.status in PLACE_HOLDING_STATUSES
        before = locked.status
        locked.status = RegistrationStatus.CANCELLED
        locked.cancelled_at = clock.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(
            actor, "events.cancel_registration", locked, changes={"status": [before, "cancelled"]}
        )
        if held:
            _release_place(event)
            offer_freed_places(event)
    return locked


def accept_offer(registration: Registration, *, actor) -> Registration:
    """Take the place offered, before the offer expires."""
    if actor is not None and not permissions.can_change_registration(actor, registration):
        raise PermissionDenied(_("You may not change this registration."))
    with transaction.atomic():
        _event, locked = _locked_pair(registration)
        if locked.status != RegistrationStatus.OFFERED:
            raise DomainError(
                _("No place is offered on this registration."),
                code=EventError.ILLEGAL_TRANSITION,
            )
        if locked.offer_expires_at is not None and locked.offer_expires_at <= clock.now():
            raise DomainError(_("The offer has expired."), code=EventError.OFFER_EXPIRED)
        locked.status = RegistrationStatus.REGISTERED
        locked.save(update_fields=["status", "updated_at"])
        audit.record(actor, "events.accept_offer", locked, changes={"status": locked.status})
    return locked


def expire_offers(now=None) -> int:
    """Offers not taken in time expire; each freed place goes to the next waiting (the
    scheduled job). Returns how many expired."""
    now = now or clock.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in sorted(set(event_ids)):
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event_id)
            stale = list(
                Registration.objects.select_for_update().filter(
                    event=locked, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
                )
            )
            for registration in stale:
                registration.status = RegistrationStatus.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                _release_place(locked)
            audit.record(None, "events.offers_expired", locked, changes={"expired": len(stale)})
            offer_freed_places(locked)
            expired += len(stale)
    return expired


def register_many(
    event: Event, *, actor, talents: list[Talent], source: str = RegistrationSource.IMPORT
) -> list[Registration]:
    """Register many talents at once (an import, the demo): under one lock of the event,
    places first and then waiting-list positions in the order given; one audit event for the
    batch. Refused whole if any is already registered."""
    if actor is not None and not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You may not register people for this event."))
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(locked)
        if Registration.objects.live().filter(event=locked, talent__in=talents).exists():
            raise AlreadyRegistered(_("Some of them are already registered for this event."))
        rows = []
        codes: set[str] = set()
        for talent in talents:
            registration = Registration(
                event=locked, talent=talent, source=source, registered_by=audit.acting_user(actor)
            )
            _place_or_position(locked, registration)
            code = new_code()
            while code in codes:
                code = new_code()
            codes.add(code)
            registration.code = code
            rows.append(registration)
        created = Registration.objects.bulk_create(rows)
        locked.save(update_fields=["places_taken", "waitlist_issued", "updated_at"])
        audit.record(
            actor,
            "events.register_many",
            locked,
            changes={"registered": len(created), "source": source},
        )
    return created
