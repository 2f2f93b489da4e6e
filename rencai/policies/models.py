"""Policies, their benefits (versioned rules and amounts), entitlements and outreach runs."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.models import Organisation, TimeStampedModel
from rencai.core.text import format_datetime
from rencai.talents.models import FamilyMember, Talent

from .choices import (
    DEAD_STATES,
    EntitlementSource,
    EntitlementState,
    OutreachTrigger,
    Periodicity,
    PolicyCategory,
    RunStatus,
    TimeUnit,
    VersionStatus,
)
from .subjects import subject_kind


class Policy(TimeStampedModel):
    """A policy document that grants one or more benefits."""

    title = models.CharField(_("title"), max_length=200)
    issuing_body = models.CharField(_("issuing body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=PolicyCategory.choices)
    effective_from = models.DateField(_("effective from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    link = models.URLField(_("link"), blank=True)
    is_example = models.BooleanField(
        _("example (示例)"),
        default=False,
        help_text=_("Illustrative demo policy, labelled as an example wherever it is shown."),
    )

    class Meta:
        ordering = ["category", "-effective_from", "title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("effective_from")),
                name="policy_expires_after_effective",
                violation_error_message=_("A policy cannot expire before it takes effect."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Benefit(TimeStampedModel):
    """One entitlement a policy grants: the lineage (stable id and URL) of its versions."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="benefits"
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    summary = models.TextField(_("summary in plain words"), blank=True)
    audience = models.CharField(
        _("who it is for"), max_length=100, blank=True, help_text=_("e.g. new graduates")
    )
    owning_department = models.ForeignKey(
        Organisation,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="owned_benefits",
    )
    paying_department = models.ForeignKey(
        Organisation,
        verbose_name=_("paying department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paid_benefits",
    )
    exclusivity_group = models.SlugField(
        _("exclusivity group"),
        max_length=50,
        blank=True,
        help_text=_("A talent may hold only one benefit of the same group."),
    )
    no_application = models.BooleanField(_("granted without application (免申即享)"), default=False)
    covers_family = models.BooleanField(
        _("covers family members"),
        default=False,
        help_text=_(
            "A spouse, child or parent may be the beneficiary (e.g. check-ups, schooling)."
        ),
    )
    periodicity = models.CharField(
        _("periodicity"), max_length=10, choices=Periodicity.choices, default=Periodicity.ONE_OFF
    )
    months = models.PositiveSmallIntegerField(_("number of months"), null=True, blank=True)
    documents = models.JSONField(_("documents to provide"), default=list, blank=True)
    time_target = models.PositiveIntegerField(_("service time target"), null=True, blank=True)
    time_unit = models.CharField(
        _("time unit"), max_length=15, choices=TimeUnit.choices, default=TimeUnit.MINUTES
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["policy", "name"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = [
            models.CheckConstraint(
                condition=Q(periodicity=Periodicity.ONE_OFF, months__isnull=True)
                | Q(periodicity=Periodicity.MONTHLY, months__isnull=False, months__gte=1),
                name="benefit_months_only_for_monthly",
                violation_error_message=_("A monthly benefit needs a number of months."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BenefitVersion(models.Model):
    """One published (or draft) set of rule, amount and terms, effective from a date."""

    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    rule = models.JSONField(_("eligibility rule"), default=dict)
    amount = models.JSONField(_("amount"), default=dict)
    to_confirm = models.JSONField(
        _("conditions to confirm"),
        default=list,
        blank=True,
        help_text=_("Conditions a person confirms, which data cannot show."),
    )
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note on the change"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = fields.recorded_by(_("created by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = fields.recorded_by(_("published by"))

    class Meta:
        ordering = ["benefit", "-number"]
        verbose_name = _("benefit version")
        verbose_name_plural = _("benefit versions")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "number"], name="benefit_version_unique"),
            models.UniqueConstraint(
                fields=["benefit"],
                condition=Q(status=VersionStatus.DRAFT),
                name="benefit_one_draft",
                violation_error_message=_("This benefit already has a draft."),
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="benefit_version_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit} v{self.number}"


class EntitlementQuerySet(models.QuerySet):
    def live(self) -> EntitlementQuerySet:
        return self.exclude(state__in=DEAD_STATES)


LIVE = ~Q(state__in=DEAD_STATES)


class Entitlement(TimeStampedModel):
    """That a talent holds, or has applied for, a benefit (any version), with its state.

    The beneficiary is the talent, or one of their family members (a child's schooling, a
    parent's check-up) where the benefit covers family. At most one live entitlement per
    beneficiary and benefit, and per beneficiary and exclusivity group: partial unique
    indexes, so a double click or two clerks can never make two — while two children each
    have their own.
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="entitlements"
    )
    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.PROTECT, related_name="entitlements"
    )
    version = models.ForeignKey(
        BenefitVersion,
        verbose_name=_("benefit version"),
        on_delete=models.PROTECT,
        related_name="entitlements",
    )
    beneficiary = models.ForeignKey(
        FamilyMember,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entitlements",
        help_text=_("The family member the benefit is delivered to; empty: the talent."),
    )
    exclusivity_group = models.SlugField(_("exclusivity group"), max_length=50, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=EntitlementState.choices,
        default=EntitlementState.PENDING,
    )
    source = models.CharField(_("source"), max_length=10, choices=EntitlementSource.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    explanation = models.JSONField(_("eligibility as decided"), default=dict, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = fields.recorded_by(_("recorded by"))

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(
                fields=["talent", "benefit"],
                condition=LIVE & Q(beneficiary__isnull=True),
                name="entitlement_one_live_per_benefit",
                violation_error_message=_(
                    "This talent already holds or has applied for this benefit."
                ),
            ),
            models.UniqueConstraint(
                fields=["talent", "exclusivity_group"],
                condition=LIVE & ~Q(exclusivity_group="") & Q(beneficiary__isnull=True),
                name="entitlement_one_live_per_group",
                violation_error_message=_(
                    "This talent already holds or has applied for a benefit of the same group."
                ),
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "benefit"],
                condition=LIVE & Q(beneficiary__isnull=False),
                name="entitlement_one_live_per_member_benefit",
                violation_error_message=_(
                    "This family member already holds or has applied for this benefit."
                ),
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "exclusivity_group"],
                condition=LIVE & ~Q(exclusivity_group="") & Q(beneficiary__isnull=False),
                name="entitlement_one_live_per_member_group",
                violation_error_message=_(
                    "This family member already holds or has applied for a benefit of the "
                    "same group."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__isnull=True) | Q(amount_fen__gte=0),
                name="entitlement_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["benefit", "state"], name="entitlement_benefit_state_idx")]

    def __str__(self) -> str:
        return f"{self.talent} · {self.benefit} ({self.get_state_display()})"


class OutreachRun(models.Model):
    """One search for everyone who qualifies for a benefit (or all) and holds nothing yet."""

    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("benefit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_runs",
        help_text=_("Empty: every active benefit."),
    )
    talent = models.ForeignKey(
        Talent,
        verbose_name=_("talent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the run looked at one talent only."),
    )
    county = models.ForeignKey(
        "core.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the run looked at one county's talents only."),
    )
    subject_kind = models.CharField(
        _("subject kind"),
        max_length=40,
        blank=True,
        help_text=_("Set when the run told the audience of one subject (an event…)."),
    )
    subject_id = models.BigIntegerField(_("subject"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=15, choices=OutreachTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    evaluated_on = models.DateField(_("evaluation date"))
    started_by = fields.recorded_by(_("started by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    found = models.PositiveIntegerField(_("talents found"), default=0)
    recorded = models.PositiveIntegerField(_("pending entitlements recorded"), default=0)
    notified = models.PositiveIntegerField(_("talents notified"), default=0)
    versions = models.JSONField(_("versions evaluated"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outreach run")
        verbose_name_plural = _("outreach runs")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {format_datetime(self.created_at)}"

    @property
    def subject_display(self) -> str:
        """A subject run's subject: its kind's label and the subject ("" for other runs)."""
        if not self.subject_kind:
            return ""
        try:
            entry = subject_kind(self.subject_kind)
            return f"{entry.label} · {entry.load(self.subject_id)}"
        except (LookupError, ObjectDoesNotExist):
            return f"{self.subject_kind} #{self.subject_id}"


class OutreachNotice(models.Model):
    """That a talent was told about one version of a subject (a benefit version, an event…):
    never twice for the same (talent, kind, subject, version).

    A log written in bulk by outreach, hundreds of thousands of rows a run, so it carries no
    foreign-key constraints and one index beside its key and uniqueness (the run's, for
    notifying it); docs/decisions/0008-outreach-notice-log.md says what that gives up.
    `kind` names a registered outreach subject (`rencai.policies.subjects`): for a benefit,
    `subject_id` is the benefit and `subject_version` its version number. `department` is the
    subject's department when it was told (its kind's `department`), for the figures.
    """

    talent = models.ForeignKey(
        Talent, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject_id = models.BigIntegerField(_("subject"))
    subject_version = models.IntegerField(_("subject version"))
    run = models.ForeignKey(
        OutreachRun,
        on_delete=models.CASCADE,
        related_name="notices",
        db_constraint=False,
    )
    # the subject's department, copied when the notice is written (the subject is named by id
    # only): a benefit's owning department, an event's organiser — the dashboard's department
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outreach notice")
        verbose_name_plural = _("outreach notices")
        constraints = [
            # Leading with the subject version: what an anti-join per version reads.
            models.UniqueConstraint(
                fields=["kind", "subject_id", "subject_version", "talent"],
                name="outreach_notice_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent_id} · {self.kind}:{self.subject_id} v{self.subject_version}"


class OutreachMark(models.Model):
    """That a run over the registry (or one county) found `found` talents for a subject
    version and recorded every one of them, as of a PostgreSQL snapshot: a later run whose
    found query is the same (`rule_key`: its SQL and parameters, so a rule reading the date
    gets a new key every day) and in whose registry nothing changed since (`rencai.policies.
    marks`: a change log kept by triggers) has nothing new for the version and skips it.
    docs/decisions/0008-outreach-notice-log.md ("High-water marks")."""

    kind = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    subject_version = models.IntegerField()
    # the run's county, 0 for the whole registry
    scope = models.BigIntegerField(default=0)
    rule_key = models.CharField(max_length=64)
    # pg_current_snapshot() when the run began evaluating, the run's transaction id and the
    # change sequence then (its own later writes count as changes)
    snapshot = models.TextField()
    xid = models.CharField(max_length=24)
    seq = models.BigIntegerField()
    found = models.BigIntegerField()
    run_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id", "subject_version", "scope"],
                name="outreach_mark_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id} v{self.subject_version} @{self.scope}"
