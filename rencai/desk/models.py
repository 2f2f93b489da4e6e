"""The one-window desk: applications (cases), documents, approval steps, budgets, payments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.clock import ClockedDateTimeField
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.policies.models import Benefit, BenefitVersion, Entitlement
from rencai.talents.models import Talent

from .choices import ApplicationState, Channel, StepDecision


class ApprovalStep(models.Model):
    """A benefit's approval chain: step N is decided by an officer of `organisation`.

    A benefit with no steps is decided in one step by its owning department.
    """

    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.CASCADE, related_name="approval_steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("deciding organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    clerk_may_approve = models.BooleanField(
        _("window clerk may approve"),
        default=False,
        help_text=_("Clear-cut benefits a window clerk may approve on the spot."),
    )

    class Meta:
        ordering = ["benefit", "order"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "order"], name="approval_step_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.benefit} #{self.order} {self.organisation}"


class Budget(models.Model):
    """A benefit's yearly budget, held by its paying department, in fen."""

    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("paying department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_fen = models.BigIntegerField(_("budget (fen)"))
    committed_fen = models.BigIntegerField(_("committed (fen)"), default=0)
    spent_fen = models.BigIntegerField(_("spent (fen)"), default=0)

    class Meta:
        ordering = ["-year", "benefit"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "year"], name="budget_unique_per_year"),
            models.CheckConstraint(
                condition=Q(committed_fen__gte=0, spent_fen__gte=0, amount_fen__gte=0),
                name="budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gte=models.F("committed_fen") + models.F("spent_fen")),
                name="budget_not_exceeded",
                violation_error_message=_("The budget would be exceeded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit} {self.year}"

    @property
    def remaining_fen(self) -> int:
        return self.amount_fen - self.committed_fen - self.spent_fen


class Application(TimeStampedModel):
    """A case: a talent's request for a benefit, from submission to money paid.

    Its entitlement (in `policies`) carries the one-live-case-per-talent-and-benefit rule.
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="applications"
    )
    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.PROTECT, related_name="applications"
    )
    version = models.ForeignKey(
        BenefitVersion,
        verbose_name=_("benefit version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entitlement = models.OneToOneField(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        related_name="application",
    )
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="desk_cases",
        help_text=_("The queue the case is routed to: the benefit's owning department."),
    )
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    service_point = models.ForeignKey(
        Organisation,
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    clerk = fields.recorded_by(_("clerk"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    step = models.PositiveSmallIntegerField(_("approval step"), default=1)
    amount_fen = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    payee_account = models.CharField(_("payee account"), max_length=40, blank=True)
    explanation = models.JSONField(_("eligibility at submission"), default=dict, blank=True)
    decision_explanation = models.JSONField(_("eligibility at decision"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    confirmed = models.JSONField(_("conditions confirmed"), default=list, blank=True)
    opened_at = models.DateTimeField(
        _("service started"), help_text=_("Window: when the clerk opened the talent.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(
        _("handling time (seconds)"), null=True, blank=True
    )
    handling_working_days = models.PositiveSmallIntegerField(
        _("handling time (working days)"), null=True, blank=True
    )
    due_at = models.DateTimeField(_("due by"), null=True, blank=True, db_index=True)
    number = models.CharField(
        _("case number"),
        max_length=20,
        blank=True,
        help_text=_("The public case number, e.g. HG2022-000123 (numbering.py)."),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, blank=True)
    created_by = fields.recorded_by(_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="application_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__isnull=True) | Q(amount_fen__gte=0),
                name="application_amount_not_negative",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="application_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "state"], name="application_queue_idx"),
            models.Index(fields=["county", "state"], name="application_county_idx"),
            # the dashboard's cases opened in a period (by benefit and state), for the city
            # and for a county; decided in a period (within target, median handling time)
            models.Index(
                fields=["created_at"],
                include=["benefit", "state", "county"],
                name="application_created_idx",
            ),
            models.Index(
                fields=["county", "created_at"],
                include=["benefit", "state"],
                name="application_county_created_idx",
            ),
            models.Index(
                fields=["decided_at"],
                include=["state", "due_at", "handling_working_days", "county"],
                condition=Q(decided_at__isnull=False),
                name="application_decided_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.talent} · {self.benefit}"

    @property
    def public_number(self) -> str:
        """The number people read: the public case number (the id before it was given)."""
        return self.number or str(self.pk)


class CaseNumberPrefix(models.Model):
    """The letters a city's case numbers start with (HG for Huanggang): data, not code."""

    division = models.OneToOneField(
        Division, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(_("prefix"), max_length=6)

    class Meta:
        verbose_name = _("case number prefix")
        verbose_name_plural = _("case number prefixes")

    def __str__(self) -> str:
        return f"{self.division} {self.prefix}"


class CaseCounter(models.Model):
    """The last case number given in a year under a prefix: the row is locked while the
    next number is taken (`numbering.next_number`), so two cases never get one number."""

    prefix = models.CharField(_("prefix"), max_length=6)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case counter")
        verbose_name_plural = _("case counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="case_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.year}: {self.last}"


class RequestKey(models.Model):
    """An `Idempotency-Key` claimed by a user, inserted *first* in the request's transaction.

    The unique index is the referee: a concurrent request with the same key blocks on it
    until the first commits (then finds the key taken and replays the first's result) or rolls
    back (then goes ahead itself). docs/decisions/0003-idempotency.md.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("idempotency key"), max_length=80)
    action = models.CharField(_("action"), max_length=30)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="request_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ApplicationEvent(models.Model):
    """One step in a case's history: the state it moved from and to, by whom, why."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(
        _("from"), max_length=10, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=ApplicationState.choices)
    actor = fields.recorded_by(_("by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = ClockedDateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class StepApproval(models.Model):
    """The decision of one approval step of a case."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    order = models.PositiveSmallIntegerField(_("step"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=StepDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = ClockedDateTimeField(_("decided at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["application", "order"]
        verbose_name = _("step approval")
        verbose_name_plural = _("step approvals")
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="step_approval_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.order} {self.decision}"


def document_path(instance: ApplicationDocument, filename: str) -> str:
    return f"applications/{instance.application_id}/{instance.code}-{filename}"


class ApplicationDocument(models.Model):
    """A document on the benefit's checklist: ticked as seen at the window, or uploaded."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    code = models.SlugField(_("document"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    seen_original = models.BooleanField(_("original seen at the window"), default=False)
    uploaded_by = fields.recorded_by(_("uploaded by"))
    uploaded_at = ClockedDateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "code"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "code"], name="application_document_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Disbursement(models.Model):
    """A payment of a case (one per instalment): never twice, by a database constraint."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    instalment = models.PositiveSmallIntegerField(_("instalment"), default=1)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    payee_account = models.CharField(_("payee account"), max_length=40)
    paying_department = models.ForeignKey(
        Organisation,
        verbose_name=_("paying department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField(_("paid on"))
    recorded_by = fields.recorded_by(_("recorded by"))
    created_at = ClockedDateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "instalment"],
                name="disbursement_once_per_instalment",
                violation_error_message=_("This instalment has already been paid."),
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="disbursement_positive"),
        ]
        # No (paid_on) index for the dashboard: measured at a million cases it made the city's
        # month 0.13 s faster and a county's 0.7 s slower (docs/performance.md).

    def __str__(self) -> str:
        return f"{self.application_id} #{self.instalment}"


class ServicePointEntry(TimeStampedModel):
    """A service point's entry in the directory of the service network: where it is, when it
    is open, what it offers, whom to call. The service point itself stays a
    `core.Organisation` of kind service_point (the city window, county windows, talent
    stations in parks and enterprises); the desk, which works at the windows, keeps this."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="directory_entry",
        limit_choices_to={"kind": "service_point"},
    )
    address = models.CharField(_("address"), max_length=200)
    hours = models.CharField(
        _("opening hours"), max_length=200, help_text=_("e.g. Mon–Fri 9:00–12:00, 14:00–17:30")
    )
    telephone = models.CharField(_("enquiry telephone"), max_length=30)
    benefits = models.ManyToManyField(
        Benefit,
        verbose_name=_("benefits handled"),
        blank=True,
        related_name="service_point_entries",
    )
    services = models.JSONField(
        _("other services"),
        default=list,
        blank=True,
        help_text=_("Services offered besides benefits, one short phrase each."),
    )
    illustrative = models.BooleanField(
        _("illustrative (示例)"),
        default=False,
        help_text=_("The address and telephone are made up for the demo."),
    )

    class Meta:
        ordering = ["organisation__division__code", "organisation__name"]
        verbose_name = _("service point directory entry")
        verbose_name_plural = _("service point directory")

    def __str__(self) -> str:
        return str(self.organisation)
