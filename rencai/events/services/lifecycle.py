"""An event's life: created as a draft, published (its audience is told: the outreach hook),
cancelled (everyone registered is told), closed after it ends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.notifications import notify
from rencai.policies.services import outreach_subject

from .. import audience, permissions, signals
from ..choices import LIVE_STATUSES, EventKind, EventStatus
from ..errors import EventError
from ..models import Event
from ..outreach import KIND as OUTREACH_KIND
from .registration import offer_freed_places

EVENT_FIELDS = [
    "kind",
    "title",
    "description",
    "organiser",
    "division",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "audience_rule",
    "offer_hours",
    "pick_limit",
]
AUDITED = [*EVENT_FIELDS, "status"]

# status → the statuses it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.PUBLISHED: (EventStatus.CANCELLED, EventStatus.CLOSED),
    EventStatus.CANCELLED: (),
    EventStatus.CLOSED: (),
}


def _validate(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and ends <= starts:
        errors.setdefault("ends_at", []).append(_("An event ends after it starts."))
    capacity = data.get("capacity")
    if capacity is not None and not 1 <= capacity <= 100_000:
        errors.setdefault("capacity", []).append(_("Between 1 and 100,000 places."))
    if data.get("kind") not in EventKind.values:
        errors.setdefault("kind", []).append(_("Choose a kind of event."))
    for message in audience.audience_errors(data.get("audience_rule")):
        errors.setdefault("audience_rule", []).append(message)
    if not (data.get("title") or "").strip():
        errors.setdefault("title", []).append(_("Enter a title."))
    if errors:
        raise ValidationError(errors)


def create_event(*, actor, **fields: Any) -> Event:
    """A draft event. The organiser department or the county must be the actor's own."""
    data = {name: fields[name] for name in EVENT_FIELDS if name in fields}
    data["audience_rule"] = data.get("audience_rule") or {}
    if not permissions.can_create_event(
        actor, organiser=data.get("organiser"), division=data.get("division")
    ):
        raise PermissionDenied(_("You may organise events only for your department or county."))
    _validate(data)
    with transaction.atomic():
        event = Event.objects.create(created_by=audit.acting_user(actor), **data)
        audit.record(
            actor,
            "events.create",
            event,
            changes=audit.diff({}, audit.snapshot(event, AUDITED)),
        )
    return event


def update_event(event: Event, *, actor, fields: dict[str, Any]) -> Event:
    """Change a draft or published event (its places never below those taken)."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
            raise DomainError(
                _("This event can no longer be changed."), code=EventError.ILLEGAL_TRANSITION
            )
        before = audit.snapshot(locked, AUDITED)
        data = {name: getattr(locked, name) for name in EVENT_FIELDS}
        data.update({k: v for k, v in fields.items() if k in EVENT_FIELDS})
        data["audience_rule"] = data.get("audience_rule") or {}
        _validate(data)
        if data["capacity"] < locked.places_taken:
            raise ValidationError(
                {"capacity": [_("%(n)s places are already taken.") % {"n": locked.places_taken}]}
            )
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save()
        audit.record(
            actor,
            "events.update",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, AUDITED)),
        )
        if locked.capacity > locked.places_taken:
            offer_freed_places(locked)
    return locked


def _transition(event: Event, *, actor, to: str, stamp: str) -> Event:
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if to not in TRANSITIONS[locked.status]:
        raise DomainError(
            _("A %(status)s event cannot be %(action)s.")
            % {"status": locked.get_status_display(), "action": EventStatus(to).label},
            code=EventError.ILLEGAL_TRANSITION,
        )
    before = audit.snapshot(locked, ["status"])
    locked.status = to
    setattr(locked, stamp, clock.now())
    locked.save(update_fields=["status", stamp, "updated_at"])
    audit.record(
        actor,
        f"events.{to}",
        locked,
        changes=audit.diff(before, audit.snapshot(locked, ["status"])),
    )
    return locked


def publish_event(event: Event, *, actor) -> Event:
    """Publish: talents see it, and the audience is told once (the outreach hook)."""
    with transaction.atomic():
        locked = _transition(event, actor=actor, to=EventStatus.PUBLISHED, stamp="published_at")
        # Outreach tells the audience once (a run queued for after the commit).
        outreach_subject(OUTREACH_KIND, locked, actor=actor)
        transaction.on_commit(lambda: signals.event_published(locked))
    return locked


def cancel_event(event: Event, *, actor) -> Event:
    """Cancel: everyone still registered or waiting is told."""
    with transaction.atomic():
        locked = _transition(event, actor=actor, to=EventStatus.CANCELLED, stamp="cancelled_at")
        for registration in locked.registrations.filter(status__in=LIVE_STATUSES).select_related(
            "talent"
        ):
            notify(
                title=_("%(event)s is cancelled") % {"event": locked.title},
                user=registration.talent.user,
                subject=registration,
            )
    return locked


def close_event(event: Event, *, actor) -> Event:
    with transaction.atomic():
        return _transition(event, actor=actor, to=EventStatus.CLOSED, stamp="closed_at")
