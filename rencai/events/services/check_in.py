"""Check-in at the door. Each scan carries an id made by the scanning page: the same scan sent
twice (a retry, an offline queue uploaded again) finds the check-in it made and counts once —
the database keeps (event, scan id) unique and one check-in per registration.

A refusal says why: the code is not registered, belongs to another event, was cancelled,
is still on the waiting list, or is already checked in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError, PermissionDenied

from .. import permissions
from ..choices import CheckInMethod, EventStatus, RegistrationStatus
from ..errors import EventError, ScanRefused
from ..models import CheckIn, Event, Registration
from .registration import normalise_code

MAX_BATCH = 500


@dataclass(frozen=True)
class ScanResult:
    """One scan's answer: the check-in (new or the one this scan already made), or why not."""

    scan_id: str
    ok: bool
    check_in: CheckIn | None = None
    repeated: bool = False  # this scan id had already been recorded
    code: str = ""
    message: str = ""


def _refuse(code: str, message: str) -> ScanRefused:
    return ScanRefused(message, code=code)


def _registration_for(event: Event, code: str) -> Registration:
    registration = Registration.objects.select_related("talent", "event").filter(code=code).first()
    if registration is None:
        raise _refuse(EventError.UNKNOWN_CODE, _("Not registered: no registration has this code."))
    if registration.event_id != event.pk:
        raise _refuse(
            EventError.ANOTHER_EVENT,
            _("This code is for another event: %(event)s") % {"event": registration.event.title},
        )
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED):
        raise _refuse(EventError.CANCELLED, _("This registration was cancelled."))
    if registration.status == RegistrationStatus.WAITLISTED:
        raise _refuse(EventError.WAITLISTED, _("Still on the waiting list: no place yet."))
    return registration


def check_in(
    event: Event,
    *,
    actor,
    code: str,
    scan_id: str,
    scanned_at: datetime | None = None,
    method: str = CheckInMethod.TYPED,
) -> ScanResult:
    """Check in the registration with `code`; the same `scan_id` twice counts once.

    `scanned_at` is the scanning page's time for an offline scan (then `uploaded_at` is now).
    Raises ScanRefused with the reason.
    """
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    scan_id = (scan_id or "").strip()[:64]
    if not scan_id:
        raise DomainError(_("A scan needs its id."), fields={"scan_id": [_("Required.")]})
    if event.status not in (EventStatus.PUBLISHED, EventStatus.CLOSED):
        raise _refuse(EventError.NOT_OPEN, _("This event is not open for check-in."))
    now = clock.now()
    previous = CheckIn.objects.filter(event=event, scan_id=scan_id).first()
    if previous is not None:
        return ScanResult(scan_id, True, previous, repeated=True)
    registration = _registration_for(event, normalise_code(code))
    existing = CheckIn.objects.filter(registration=registration).first()
    if existing is not None:
        if existing.scan_id == scan_id:  # the same scan, committed a moment ago
            return ScanResult(scan_id, True, existing, repeated=True)
        raise _refuse(EventError.ALREADY_CHECKED_IN, _("Already checked in."))
    offline = scanned_at is not None and method == CheckInMethod.OFFLINE
    try:
        with transaction.atomic():
            if registration.status == RegistrationStatus.OFFERED:
                # Came to the door with an offer: taking the place by arriving.
                registration.status = RegistrationStatus.REGISTERED
                registration.save(update_fields=["status", "updated_at"])
            created = CheckIn.objects.create(
                event=event,
                registration=registration,
                scan_id=scan_id,
                method=method,
                scanned_at=min(scanned_at, now) if offline and scanned_at else now,
                uploaded_at=now if offline else None,
                recorded_by=audit.acting_user(actor),
            )
            audit.record(
                actor,
                "events.check_in",
                created,
                changes={"registration": registration.pk, "method": method},
            )
    except IntegrityError:
        # The same scan (or another scan of this person) committed meanwhile.
        again = CheckIn.objects.filter(event=event, scan_id=scan_id).first()
        if again is not None:
            return ScanResult(scan_id, True, again, repeated=True)
        raise _refuse(EventError.ALREADY_CHECKED_IN, _("Already checked in.")) from None
    return ScanResult(scan_id, True, created)


def check_in_batch(event: Event, *, actor, scans: list[dict[str, Any]]) -> list[ScanResult]:
    """Upload a queue of scans (offline ones keep their time): each is answered on its own."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    if len(scans) > MAX_BATCH:
        raise DomainError(_("At most %(n)s scans at once.") % {"n": MAX_BATCH})
    results = []
    for scan in scans:
        try:
            results.append(
                check_in(
                    event,
                    actor=actor,
                    code=scan.get("code", ""),
                    scan_id=scan.get("scan_id", ""),
                    scanned_at=scan.get("scanned_at"),
                    method=scan.get("method") or CheckInMethod.TYPED,
                )
            )
        except DomainError as exc:
            results.append(
                ScanResult(scan.get("scan_id", ""), False, code=str(exc.code), message=str(exc))
            )
    return results


def check_in_many(
    event: Event, *, actor, scans: list[tuple[Registration, str, datetime]]
) -> list[CheckIn]:
    """Record many check-ins known to be good (the demo's day at the door, replayed): each
    (registration holding a place, scan id, scanned at); one audit event for the batch."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    with transaction.atomic():
        for registration, _scan_id, _when in scans:
            if registration.event_id != event.pk or registration.status not in (
                RegistrationStatus.REGISTERED,
            ):
                raise _refuse(EventError.UNKNOWN_CODE, _("Not registered for this event."))
        created = CheckIn.objects.bulk_create(
            [
                CheckIn(
                    event=event,
                    registration=registration,
                    scan_id=scan_id,
                    method=CheckInMethod.TYPED,
                    scanned_at=when,
                    recorded_by=audit.acting_user(actor),
                )
                for registration, scan_id, when in scans
            ]
        )
        audit.record(actor, "events.check_in_many", event, changes={"checked_in": len(created)})
    return created
