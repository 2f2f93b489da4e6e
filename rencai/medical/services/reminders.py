"""The day-before reminder: in-app and SMS, sent once per booking however often it runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit, clock

from ..choices import AppointmentStatus
from ..models import Appointment
from .booking import tell_talent


def send_reminders(now: datetime | None = None) -> int:
    """Remind every talent booked for tomorrow who was not reminded yet; returns how many.

    Each reminder claims its appointment with a conditional UPDATE (reminded_at still
    empty), so two runs — one after the other or at once — send it once.
    """
    now = now or clock.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, slot__date=tomorrow, reminded_at__isnull=True
    ).select_related("slot", "hospital__organisation", "talent")
    sent = 0
    for appointment in due:
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=appointment.pk, reminded_at__isnull=True, status=AppointmentStatus.BOOKED
            ).update(reminded_at=now)
            if not claimed:
                continue
            tell_talent(appointment, _("Reminder: green-channel visit tomorrow"))
            sent += 1
    if sent:
        audit.record(
            None,
            "appointment.remind",
            target_type="medical.appointment",
            target_repr=tomorrow.isoformat(),
            changes={"sent": sent},
        )
    return sent
