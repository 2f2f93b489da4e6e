"""Hospitals publish slots, singly or as a weekly pattern, and set their cancellation cut-off."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied
from rencai.policies.models import Benefit

from .. import permissions
from ..choices import AppointmentStatus, SlotKind, SlotStatus
from ..models import Appointment, Hospital, Slot
from .booking import tell_talent

MAX_WEEKS = 26
SLOT_FIELDS = ["kind", "service", "date", "start_time", "end_time", "capacity"]


def _check_manager(actor, hospital: Hospital) -> None:
    if not permissions.can_manage_hospital(actor, hospital):
        raise PermissionDenied(_("Only the hospital's liaison publishes its slots."))


def _validate(*, service: str, day: date, start_time: time, end_time: time, capacity: int, kind):
    errors: dict[str, list[str]] = {}
    if not (service or "").strip():
        errors["service"] = [_("Name the department or check-up package.")]
    if day < clock.today():
        errors["date"] = [_("A slot cannot be in the past.")]
    if end_time <= start_time:
        errors["end_time"] = [_("A slot ends after it starts.")]
    if not 1 <= capacity <= 200:
        errors["capacity"] = [_("A slot holds between 1 and 200 people.")]
    if kind not in SlotKind.values:
        errors["kind"] = [_("Unknown kind.")]
    if errors:
        raise ValidationError(errors)


def _build(hospital, *, actor, benefit, kind, service, day, start_time, end_time, capacity, series):
    return Slot(
        hospital=hospital,
        benefit=benefit,
        kind=kind,
        service=service.strip(),
        date=day,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        series=series,
        published_by=audit.acting_user(actor),
    )


def publish_slot(
    hospital: Hospital,
    *,
    actor,
    benefit: Benefit,
    service: str,
    date: date,
    start_time: time,
    end_time: time,
    capacity: int,
    kind: str = SlotKind.VISIT,
) -> Slot:
    """One slot; a second slot of the same hospital, day, time and service is a Conflict."""
    _check_manager(actor, hospital)
    _validate(
        service=service,
        day=date,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        kind=kind,
    )
    slot = _build(
        hospital,
        actor=actor,
        benefit=benefit,
        kind=kind,
        service=service,
        day=date,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        series="",
    )
    try:
        with transaction.atomic():
            slot.save()
            audit.record(
                actor,
                "slot.publish",
                slot,
                changes=audit.diff({}, audit.snapshot(slot, SLOT_FIELDS)),
            )
    except IntegrityError:
        raise Conflict(_("This hospital already offers this slot."), code="slot_exists") from None
    return slot


def publish_weekly_slots(
    hospital: Hospital,
    *,
    actor,
    benefit: Benefit,
    service: str,
    weekdays: list[int],
    first_date: date,
    last_date: date,
    start_time: time,
    end_time: time,
    capacity: int,
    kind: str = SlotKind.VISIT,
) -> list[Slot]:
    """Slots on the given weekdays (0 = Monday) from `first_date` to `last_date`, as one
    series; all or nothing (an existing slot among them refuses the whole pattern)."""
    _check_manager(actor, hospital)
    _validate(
        service=service,
        day=first_date,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        kind=kind,
    )
    days = sorted({int(d) for d in weekdays})
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValidationError({"weekdays": [_("Choose at least one weekday.")]})
    if last_date < first_date or (last_date - first_date).days > MAX_WEEKS * 7:
        raise ValidationError(
            {"last_date": [_("A pattern runs for at most %(weeks)s weeks.") % {"weeks": MAX_WEEKS}]}
        )
    series = uuid.uuid4().hex
    slots = []
    day = first_date
    while day <= last_date:
        if day.weekday() in days:
            slots.append(
                _build(
                    hospital,
                    actor=actor,
                    benefit=benefit,
                    kind=kind,
                    service=service,
                    day=day,
                    start_time=start_time,
                    end_time=end_time,
                    capacity=capacity,
                    series=series,
                )
            )
        day += timedelta(days=1)
    if not slots:
        raise ValidationError({"weekdays": [_("No day of the period falls on these weekdays.")]})
    try:
        with transaction.atomic():
            for slot in slots:
                slot.save()
            audit.record(
                actor,
                "slot.publish_weekly",
                hospital,
                changes={
                    "series": series,
                    "slots": len(slots),
                    "service": service,
                    "first_date": first_date.isoformat(),
                    "last_date": last_date.isoformat(),
                },
            )
    except IntegrityError:
        raise Conflict(_("Some of these slots are already offered."), code="slot_exists") from None
    return slots


def set_cancel_cutoff(hospital: Hospital, *, actor, hours: int) -> Hospital:
    """How many hours before a slot its bookings may still be cancelled or moved."""
    _check_manager(actor, hospital)
    if not 0 <= int(hours) <= 24 * 14:
        raise ValidationError({"cancel_cutoff_hours": [_("The cut-off is at most two weeks.")]})
    with transaction.atomic():
        locked = Hospital.objects.select_for_update().get(pk=hospital.pk)
        before = audit.snapshot(locked, ["cancel_cutoff_hours"])
        locked.cancel_cutoff_hours = int(hours)
        locked.save(update_fields=["cancel_cutoff_hours", "updated_at"])
        audit.record(
            actor,
            "hospital.set_cutoff",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, ["cancel_cutoff_hours"])),
        )
    return locked


def withdraw_slot(slot: Slot, *, actor, reason: str) -> Slot:
    """The hospital takes a slot back (FHIR busy-unavailable): its bookings are cancelled
    and their talents told, whatever the cut-off — the hospital is the one changing."""
    _check_manager(actor, slot.hospital)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        locked = Slot.objects.select_for_update().get(pk=slot.pk)
        if locked.status == SlotStatus.UNAVAILABLE:
            return locked
        now = clock.now()
        if timezone.make_aware(datetime.combine(locked.date, locked.start_time)) <= now:
            raise Conflict(_("This slot has already begun."), code="slot_closed")
        booked = list(
            Appointment.objects.select_for_update(of=("self",))
            .select_related("talent", "hospital__organisation", "slot")
            .filter(slot=locked, status=AppointmentStatus.BOOKED)
            .order_by("pk")
        )
        for appointment in booked:
            appointment.status = AppointmentStatus.CANCELLED
            appointment.cancel_reason = reason
            appointment.ended_at = now
            appointment.save(update_fields=["status", "cancel_reason", "ended_at", "updated_at"])
            audit.record(
                actor,
                "appointment.cancel",
                appointment,
                changes={"status": [AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED]},
            )
            tell_talent(appointment, _("Green-channel visit cancelled by the hospital"))
        locked.status = SlotStatus.UNAVAILABLE
        locked.booked = 0
        locked.save(update_fields=["status", "booked", "updated_at"])
        audit.record(
            actor,
            "slot.withdraw",
            locked,
            changes={"reason": reason, "cancelled": len(booked)},
        )
    return locked
