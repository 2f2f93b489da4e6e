"""The medical green channel: designated hospitals, their slots, booked and accompanied
visits, and the bare fact that a talent has a health record at a hospital.

No diagnosis or other medical content is stored anywhere in this app: a health record is
only "opened on" and the dates of its check-ups.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import recorded_by
from rencai.core.models import Organisation, TimeStampedModel
from rencai.core.text import format_date
from rencai.policies.models import Benefit, Entitlement
from rencai.talents.models import FamilyMember, Talent

from .choices import HOLDING_STATUSES, AppointmentStatus, SlotKind, SlotStatus


class Hospital(TimeStampedModel):
    """A designated hospital of the green channel (an organisation of kind hospital)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="designated_hospital",
        limit_choices_to={"kind": "hospital"},
    )
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancellation cut-off (hours before the slot)"), default=24
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("green-channel phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("designated"), default=True)

    class Meta:
        ordering = ["organisation__division__code", "organisation__name"]
        verbose_name = _("designated hospital")
        verbose_name_plural = _("designated hospitals")
        constraints = [
            models.CheckConstraint(
                condition=Q(cancel_cutoff_hours__lte=24 * 14),
                name="hospital_cutoff_at_most_two_weeks",
                violation_error_message=_("The cut-off is at most two weeks."),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class Slot(TimeStampedModel):
    """A time a hospital offers to the channel: a department or check-up package, with a
    capacity. `booked` counts the appointments holding a place; the database keeps it within
    the capacity."""

    hospital = models.ForeignKey(
        Hospital, verbose_name=_("hospital"), on_delete=models.PROTECT, related_name="slots"
    )
    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("benefit"),
        on_delete=models.PROTECT,
        related_name="medical_slots",
        help_text=_("The benefit whose rule decides who may book."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=SlotKind.choices, default=SlotKind.VISIT
    )
    service = models.CharField(_("department or package"), max_length=60)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=SlotStatus.choices, default=SlotStatus.FREE
    )
    series = models.CharField(
        _("weekly series"), max_length=32, blank=True, help_text=_("Slots published together.")
    )
    published_by = recorded_by(_("published by"))

    class Meta:
        ordering = ["date", "start_time", "hospital", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=200),
                name="slot_capacity_between_1_and_200",
                violation_error_message=_("A slot holds between 1 and 200 people."),
            ),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")),
                name="slot_booked_within_capacity",
                violation_error_message=_("This slot is fully booked."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="slot_ends_after_it_starts",
                violation_error_message=_("A slot ends after it starts."),
            ),
            models.UniqueConstraint(
                fields=["hospital", "date", "start_time", "service"],
                name="slot_unique_per_hospital_time_service",
                violation_error_message=_("This hospital already offers this slot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hospital} {format_date(self.date)} {self.start_time:%H:%M} {self.service}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked, 0)


class AppointmentQuerySet(models.QuerySet):
    def holding(self) -> AppointmentQuerySet:
        return self.filter(status__in=HOLDING_STATUSES)


class Appointment(TimeStampedModel):
    """One booked green-channel visit of a talent (or one family member) in a slot."""

    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="appointments"
    )
    hospital = models.ForeignKey(
        Hospital, verbose_name=_("hospital"), on_delete=models.PROTECT, related_name="+"
    )
    talent = models.ForeignKey(
        Talent,
        verbose_name=_("talent"),
        on_delete=models.PROTECT,
        related_name="medical_appointments",
    )
    beneficiary = models.ForeignKey(
        FamilyMember,
        verbose_name=_("family member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the talent themself."),
    )
    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
        db_index=True,
    )
    booked_by = recorded_by(_("booked by"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    accompanied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompanying liaison"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accompanied_at = models.DateTimeField(_("accompanied from"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["slot__date", "slot__start_time", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            # One place per person in a slot (two indexes: NULL beneficiaries differ).
            models.UniqueConstraint(
                fields=["slot", "talent"],
                condition=Q(beneficiary__isnull=True, status__in=HOLDING_STATUSES),
                name="appointment_one_per_talent_and_slot",
                violation_error_message=_("This person already holds a place in this slot."),
            ),
            models.UniqueConstraint(
                fields=["slot", "beneficiary"],
                condition=Q(beneficiary__isnull=False, status__in=HOLDING_STATUSES),
                name="appointment_one_per_family_member_and_slot",
                violation_error_message=_("This person already holds a place in this slot."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AppointmentStatus.FULFILLED)
                | Q(accompanied_by__isnull=False, completed_at__isnull=False),
                name="appointment_fulfilled_was_accompanied",
                violation_error_message=_("A completed visit names its accompanying liaison."),
            ),
        ]
        indexes = [models.Index(fields=["hospital", "status"], name="appointment_hospital_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.talent.name} · {self.slot}"

    @property
    def beneficiary_name(self) -> str:
        return self.beneficiary.name if self.beneficiary_id else self.talent.name


class HealthRecord(TimeStampedModel):
    """That a talent has a health record at a hospital: when it was opened, nothing more."""

    hospital = models.ForeignKey(
        Hospital,
        verbose_name=_("hospital"),
        on_delete=models.PROTECT,
        related_name="health_records",
    )
    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="health_records"
    )
    opened_on = models.DateField(_("opened on"), db_index=True)
    opened_by = recorded_by(_("opened by"))

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("health record")
        verbose_name_plural = _("health records")
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "talent"],
                name="health_record_one_per_talent_and_hospital",
                violation_error_message=_("This talent already has a record at this hospital."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent.name} · {self.hospital}"


class Checkup(models.Model):
    """The date of one check-up on a health record (no result is kept)."""

    record = models.ForeignKey(
        HealthRecord,
        verbose_name=_("health record"),
        on_delete=models.CASCADE,
        related_name="checkups",
    )
    date = models.DateField(_("check-up date"))
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("appointment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkup",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("check-up")
        verbose_name_plural = _("check-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "date"],
                name="checkup_one_per_record_and_day",
                violation_error_message=_("This check-up date is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} {format_date(self.date)}"
