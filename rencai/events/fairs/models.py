"""Job fairs: the enterprises taking part in a fair, their positions, and employment intents
between a seeker and a position.

A job fair is an `events.Event` of kind job fair; its seekers are the event's registrations
and check-ins. An intent counts (figures, the fair's page) only when both sides confirmed it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import recorded_by
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.talents.models import Degree, Talent

from .choices import PARTICIPANT_KINDS, IntentStatus, Side


class FairEnterprise(TimeStampedModel):
    """An enterprise or institute taking part in one job fair, at a booth."""

    fair = models.ForeignKey(
        "events.Event",
        verbose_name=_("job fair"),
        on_delete=models.PROTECT,
        related_name="fair_enterprises",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="fair_participations",
        limit_choices_to={"kind__in": PARTICIPANT_KINDS},
    )
    booth = models.CharField(_("booth"), max_length=20, blank=True)
    added_by = recorded_by(_("added by"))

    class Meta:
        ordering = ["fair", "booth", "organisation__name"]
        verbose_name = _("participating enterprise")
        verbose_name_plural = _("participating enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "organisation"],
                name="fair_enterprise_once_per_fair",
                violation_error_message=_("This enterprise already takes part in this fair."),
            ),
            models.UniqueConstraint(
                fields=["fair", "booth"],
                condition=~Q(booth=""),
                name="fair_booth_unique_per_fair",
                violation_error_message=_("Another enterprise has this booth."),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class PositionQuerySet(models.QuerySet):
    def with_related(self) -> PositionQuerySet:
        return self.select_related(
            "participant__organisation", "participant__fair", "degree", "county"
        )


class Position(TimeStampedModel):
    """A job an enterprise offers at a fair: headcount (places), monthly salary range in fen,
    the degree it asks for, and the county where the work is."""

    participant = models.ForeignKey(
        FairEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("position"), max_length=100)
    headcount = models.PositiveSmallIntegerField(_("places"))
    salary_min_fen = models.PositiveIntegerField(_("monthly salary from"), null=True, blank=True)
    salary_max_fen = models.PositiveIntegerField(_("monthly salary to"), null=True, blank=True)
    degree = models.ForeignKey(
        Degree,
        verbose_name=_("degree required"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    posted_by = recorded_by(_("posted by"))

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["participant__organisation__name", "title", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1, headcount__lte=1000),
                name="position_headcount_between_1_and_1000",
                violation_error_message=_("A position has between 1 and 1,000 places."),
            ),
            models.CheckConstraint(
                condition=Q(salary_min_fen__isnull=True)
                | Q(salary_max_fen__isnull=True)
                | Q(salary_min_fen__lte=F("salary_max_fen")),
                name="position_salary_min_not_above_max",
                violation_error_message=_("The lower salary is above the upper one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.organisation.name} {self.title}"

    @property
    def fair(self):
        return self.participant.fair

    @property
    def organisation(self) -> Organisation:
        return self.participant.organisation


class EmploymentIntentQuerySet(models.QuerySet):
    def confirmed(self) -> EmploymentIntentQuerySet:
        return self.filter(status=IntentStatus.CONFIRMED)


class EmploymentIntent(TimeStampedModel):
    """A seeker and an enterprise agreeing to proceed on one position (就业意向).

    Either side proposes (that is their side's confirmation); the other side confirms. It
    counts only when both have confirmed (`status` confirmed, `confirmed_at` the later of the
    two). A walk-in without an account confirms at the organiser's desk: the organiser records
    it (`seeker_confirmed_at_desk`, audited). One intent per seeker and position.
    """

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="intents"
    )
    talent = models.ForeignKey(
        Talent,
        verbose_name=_("job seeker"),
        on_delete=models.PROTECT,
        related_name="employment_intents",
    )
    proposed_by_side = models.CharField(_("proposed by"), max_length=10, choices=Side.choices)
    proposed_by = recorded_by(_("proposed by (user)"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IntentStatus.choices,
        default=IntentStatus.PROPOSED,
        db_index=True,
    )
    seeker_confirmed_at = models.DateTimeField(_("seeker confirmed at"), null=True, blank=True)
    seeker_confirmed_by = recorded_by(_("seeker's confirmation recorded by"))
    seeker_confirmed_at_desk = models.BooleanField(_("confirmed at the desk"), default=False)
    enterprise_confirmed_at = models.DateTimeField(
        _("enterprise confirmed at"), null=True, blank=True
    )
    enterprise_confirmed_by = recorded_by(_("enterprise confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    declined_by_side = models.CharField(
        _("declined by"), max_length=10, choices=Side.choices, blank=True
    )

    objects = EmploymentIntentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("employment intent")
        verbose_name_plural = _("employment intents")
        constraints = [
            models.UniqueConstraint(
                fields=["talent", "position"],
                name="intent_once_per_seeker_and_position",
                violation_error_message=_("This seeker already has an intent on this position."),
            ),
            models.CheckConstraint(
                # Confirmed exactly when both sides have confirmed.
                condition=(
                    Q(
                        status=IntentStatus.CONFIRMED,
                        seeker_confirmed_at__isnull=False,
                        enterprise_confirmed_at__isnull=False,
                        confirmed_at__isnull=False,
                    )
                    | (
                        ~Q(status=IntentStatus.CONFIRMED)
                        & Q(confirmed_at__isnull=True)
                        & (
                            Q(seeker_confirmed_at__isnull=True)
                            | Q(enterprise_confirmed_at__isnull=True)
                        )
                    )
                ),
                name="intent_confirmed_iff_both_sides",
                violation_error_message=_("An intent is confirmed only when both sides confirm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent.name} → {self.position}"

    def confirmed_by(self, side: str) -> bool:
        if side == Side.SEEKER:
            return self.seeker_confirmed_at is not None
        return self.enterprise_confirmed_at is not None
