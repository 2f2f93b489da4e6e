"""Children's schooling: enrolment cases, followed from the request until the child is placed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.policies.models import Entitlement
from rencai.talents.models import FamilyMember, Talent

from .choices import EnrolmentState, Stage

E = EnrolmentState


class EnrolmentCase(TimeStampedModel):
    """A talent's child to be enrolled at one stage, followed by an education office.

    Its entitlement (in `policies`, beneficiary the child) carries the one-live-per-child
    rule of the schooling benefit; the case adds one live case per child and stage.
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="enrolments"
    )
    child = models.ForeignKey(
        FamilyMember, verbose_name=_("child"), on_delete=models.PROTECT, related_name="enrolments"
    )
    entitlement = models.OneToOneField(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        related_name="enrolment",
    )
    stage = models.CharField(_("stage"), max_length=15, choices=Stage.choices)
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts (September).")
    )
    preferred_schools = models.ManyToManyField(
        Organisation,
        verbose_name=_("preferred schools"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    education_office = models.ForeignKey(
        Organisation,
        verbose_name=_("education office"),
        on_delete=models.PROTECT,
        related_name="enrolment_cases",
        help_text=_("The education bureau following the case: the county's, or the city's."),
    )
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=EnrolmentState.choices, default=E.REQUESTED
    )
    assigned_school = models.ForeignKey(
        Organisation,
        verbose_name=_("assigned school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_enrolments",
        limit_choices_to={"kind": "school"},
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("education officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The officer who reviewed the case."),
    )
    reason = models.CharField(_("reason not placed"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    explanation = models.JSONField(_("eligibility at the request"), default=dict, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("school assigned at"), null=True, blank=True)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_on = models.DateField(
        _("step due on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The last day of the current step's time target; empty once closed."),
    )
    placement_due_on = models.DateField(
        _("placement due on"), help_text=_("The last day of the whole placement's target.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("enrolment case")
        verbose_name_plural = _("enrolment cases")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "stage"],
                condition=~Q(state=E.NOT_PLACED),
                name="enrolment_one_live_per_child_stage",
                violation_error_message=_(
                    "This child already has an enrolment case for the stage."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[E.ASSIGNED, E.ENROLLED]) | Q(assigned_school__isnull=False),
                name="enrolment_assigned_has_school",
                violation_error_message=_("An assigned or enrolled case names its school."),
            ),
            models.CheckConstraint(
                condition=~Q(state=E.ENROLLED) | Q(enrolled_on__isnull=False),
                name="enrolment_enrolled_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=E.NOT_PLACED) | ~Q(reason=""),
                name="enrolment_not_placed_has_reason",
                violation_error_message=_("A case not placed gives its reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["education_office", "state"], name="enrolment_office_idx"),
            models.Index(fields=["assigned_school", "state"], name="enrolment_school_idx"),
            models.Index(fields=["county", "state"], name="enrolment_county_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.child.name} · {self.get_stage_display()}"


class EnrolmentEvent(models.Model):
    """One step in a case's history: from and to which state, by whom, why."""

    case = models.ForeignKey(
        EnrolmentCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(
        _("from"), max_length=12, choices=EnrolmentState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=12, choices=EnrolmentState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state} → {self.to_state}"
