"""The city and its people: divisions, organisations, users, role assignments, the audit log."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import fields
from .choices import (
    CITY_ROLES,
    DIVISION_ROLES,
    ORGANISATION_ROLES,
    UNSCOPED_ROLES,
    DivisionLevel,
    MessageState,
    OrganisationKind,
    Role,
    ScheduledRunStatus,
    ServicePointKind,
)
from .clock import ClockedDateTimeField
from .text import format_datetime
from .validators import validate_credit_code


class TimeStampedModel(models.Model):
    """Creation and modification times, for every table that people edit."""

    created_at = ClockedDateTimeField(_("created at"), auto_now_add=True)
    updated_at = ClockedDateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Division(models.Model):
    """An administrative division: the city, or one of its county-level units."""

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=DivisionLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> "OrganisationQuerySet":
        return self.filter(kind=kind)


class Organisation(TimeStampedModel):
    """Any organisation: a department, enterprise, hospital, bank, school or service point."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="organisations"
    )
    code = models.SlugField(
        _("code"),
        max_length=50,
        blank=True,
        help_text=_("A short stable code, e.g. housing for the housing bureau."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    service_point_kind = models.CharField(
        _("service point kind"), max_length=20, choices=ServicePointKind.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organisation_credit_code_unique",
                violation_error_message=_("An organisation with this credit code exists."),
            ),
            models.UniqueConstraint(
                fields=["division", "code"],
                condition=~Q(code=""),
                name="organisation_code_unique_in_division",
                violation_error_message=_("This code is already used in this division."),
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.SERVICE_POINT) | Q(service_point_kind=""),
                name="organisation_service_point_kind_only_for_service_points",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self._password_changed = True

    # A saved new password ends the API tokens issued under the old one: `set_password` marks
    # the user, and `rencai.core.tokens` revokes on the post_save that follows.


class RoleAssignment(models.Model):
    """A role held by a user within a scope: a division, an organisation, or none."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(DIVISION_ROLES), division__isnull=False, organisation=None)
                    | Q(
                        role__in=sorted(ORGANISATION_ROLES),
                        organisation__isnull=False,
                        division=None,
                    )
                    | Q(
                        role__in=sorted(CITY_ROLES | UNSCOPED_ROLES),
                        division=None,
                        organisation=None,
                    )
                ),
                name="role_assignment_scope_matches_role",
                violation_error_message=_("This role needs a different kind of scope."),
            ),
            # One assignment per user, role and scope (three partial indexes: NULLs differ).
            models.UniqueConstraint(
                fields=["user", "role", "division"],
                condition=Q(division__isnull=False),
                name="role_assignment_unique_division",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="role_assignment_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(division__isnull=True, organisation__isnull=True),
                name="role_assignment_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.division or self.organisation
        return f"{self.get_role_display()} · {scope}" if scope else str(self.get_role_display())


class AuditEvent(models.Model):
    """One write, reveal or batch: who did what to which object, and what changed."""

    created_at = ClockedDateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = fields.recorded_by(_("actor"))
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    target_id = models.CharField(_("object id"), max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{format_datetime(self.created_at)} {self.action} {self.target_repr}"


class OneTimeCode(models.Model):
    """A short code sent to a mobile to prove the person holds it (e.g. claiming a record)."""

    MAX_ATTEMPTS = 5
    LIFETIME = timedelta(minutes=10)

    purpose = models.CharField(_("purpose"), max_length=30)
    mobile = models.CharField(_("mobile"), max_length=11)
    code_hash = models.CharField(max_length=64)
    subject = models.CharField(_("subject"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["purpose", "mobile"], name="otp_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.mobile[:3]}****"

    @staticmethod
    def hash_code(code: str) -> str:
        return hashlib.sha256(code.encode()).hexdigest()

    @classmethod
    def new_code(cls) -> str:
        return f"{secrets.randbelow(1_000_000):06d}"


class Notification(models.Model):
    """A message to a person: in-app always, and by SMS or e-mail where configured.

    A talent without an account yet is addressed by `subject` (talents.talent:<pk>); the
    notification is attached to their user when they claim their record.
    """

    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject_type = models.CharField(_("about type"), max_length=60, blank=True)
    subject_id = models.CharField(_("about id"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    channels = models.JSONField(_("delivered by"), default=list, blank=True)
    created_at = ClockedDateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkingDay(models.Model):
    """One day of the official calendar: a working day or not (holidays, 调休 make-up days).

    Seeded from `chinesecalendar` (2004–2026) and corrected by administrators each year; a
    year with no rows falls back to Monday–Friday (see `rencai.core.calendar`).
    """

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {'✓' if self.is_working else '—'}"


class ScheduledRun(models.Model):
    """One occurrence (slot) of a scheduled job (`rencai.core.schedule`): done at most once.

    The job's work and the "done" mark commit together; `started_at`/`finished_at` are the
    real (wall-clock) times of the run that finished it, even for a run "as of" another time.
    """

    job = models.CharField(_("job"), max_length=100)
    slot = models.CharField(_("slot"), max_length=40, help_text=_("The occurrence, e.g. a date."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ScheduledRunStatus.choices,
        default=ScheduledRunStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"


class Message(models.Model):
    """One outgoing message on one channel (the outbox, `rencai.core.outbox`): queued in the
    transaction of the work it tells about, then sent, retried on failure, never sent twice.

    Its id is the unique (kind, subject, recipient, slot, channel): "campaigns.reminder",
    campaigns.reminder:12, user:5, "2022-09-06", "sms". Queuing it again does nothing.
    """

    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.CharField(_("about type"), max_length=60)
    subject_id = models.CharField(_("about id"), max_length=40)
    recipient = models.CharField(_("recipient"), max_length=100)
    slot = models.CharField(_("occurrence"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20)
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = ClockedDateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = ClockedDateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "slot", "channel"],
                name="message_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="message_queued_idx",
                condition=Q(state="queued"),
            )
        ]

    def __str__(self) -> str:
        subject = f"{self.subject_type}:{self.subject_id}"
        return f"{self.kind} {subject} → {self.recipient} ({self.channel})"
