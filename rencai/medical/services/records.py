"""Health records: only that a talent has one at a hospital, when it was opened, and the
dates of the check-ups. No diagnosis or other medical content is ever stored."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.talents.models import Talent

from .. import permissions, selectors
from ..models import Appointment, Checkup, HealthRecord, Hospital


def open_health_record(
    talent: Talent, hospital: Hospital, *, actor, on: date | None = None
) -> HealthRecord:
    """Open the talent's record at the hospital (once: a second is a Conflict)."""
    if not selectors.may_serve(actor, talent):
        raise NotFound(_("Not found."))
    if not permissions.can_open_health_record(actor, hospital):
        raise PermissionDenied(_("Only the hospital's liaison opens its health records."))
    on = on or clock.today()
    if on > clock.today():
        raise ValidationError({"opened_on": [_("The date cannot be in the future.")]})
    record = HealthRecord(
        hospital=hospital,
        talent=talent,
        opened_on=on,
        opened_by=audit.acting_user(actor),
    )
    try:
        with transaction.atomic():
            record.save()
            audit.record(actor, "health_record.open", record, changes={"opened_on": on.isoformat()})
    except IntegrityError:
        raise Conflict(
            _("This talent already has a record at this hospital."), code="health_record_exists"
        ) from None
    return record


def record_checkup(record: HealthRecord, *, actor, on: date) -> Checkup:
    """Note the date of a check-up on the record (no result is kept)."""
    if not permissions.can_open_health_record(actor, record.hospital):
        raise PermissionDenied(_("Only the hospital's liaison keeps its health records."))
    if on > clock.today():
        raise ValidationError({"date": [_("The date cannot be in the future.")]})
    try:
        with transaction.atomic():
            checkup = Checkup.objects.create(record=record, date=on)
            audit.record(actor, "health_record.checkup", record, changes={"date": on.isoformat()})
    except IntegrityError:
        raise Conflict(
            _("This check-up date is already recorded."), code="checkup_exists"
        ) from None
    return checkup


def add_checkup(appointment: Appointment, *, actor) -> Checkup:
    """A completed check-up visit's date on the talent's record at that hospital (opened
    now if it was not); called inside the visit's transaction."""
    record, created = HealthRecord.objects.get_or_create(
        hospital=appointment.hospital,
        talent=appointment.talent,
        defaults={
            "opened_on": appointment.slot.date,
            "opened_by": audit.acting_user(actor),
        },
    )
    if created:
        audit.record(
            actor,
            "health_record.open",
            record,
            changes={"opened_on": record.opened_on.isoformat()},
        )
    checkup, _created = Checkup.objects.get_or_create(
        record=record, date=appointment.slot.date, defaults={"appointment": appointment}
    )
    audit.record(
        actor, "health_record.checkup", record, changes={"date": appointment.slot.date.isoformat()}
    )
    return checkup
