"""The medical channel's vocabularies: HL7 FHIR's Slot and Appointment statuses, in Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotStatus(models.TextChoices):
    """FHIR Slot.status (free, busy, busy-unavailable)."""

    FREE = "free", _("Free")
    BUSY = "busy", _("Fully booked")
    UNAVAILABLE = "busy-unavailable", _("Withdrawn")


class SlotKind(models.TextChoices):
    VISIT = "visit", _("Department visit")
    CHECKUP = "checkup", _("Check-up package")


class AppointmentStatus(models.TextChoices):
    """FHIR Appointment.status: booked → arrived (checked in) → fulfilled | noshow; cancelled.

    Being accompanied is a step within `arrived`: the liaison is named on the appointment.
    """

    BOOKED = "booked", _("Booked")
    ARRIVED = "arrived", _("Checked in")
    FULFILLED = "fulfilled", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NOSHOW = "noshow", _("No-show")


# Appointments that hold a place in their slot (a no-show's place was taken all the same).
HOLDING_STATUSES = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.ARRIVED,
    AppointmentStatus.FULFILLED,
    AppointmentStatus.NOSHOW,
)
ENDED_STATUSES = (
    AppointmentStatus.FULFILLED,
    AppointmentStatus.CANCELLED,
    AppointmentStatus.NOSHOW,
)
