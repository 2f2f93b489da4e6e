"""A campaign (活动月) and its supervision.

A campaign has actions (the city's nine special actions and any number of local "N" actions),
each with a lead and responsible units (departments or counties). Each unit has indicators with
targets and dated milestones. A computed indicator names a figure of the figures registry and is
never typed in; a reported one takes counts the unit reports for work outside the system, which
the task force accepts or sends back. Cadences (reminders every N days) and the red / amber /
green thresholds are data on the campaign.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.clock import ClockedDateTimeField
from rencai.core.models import Division, Organisation, TimeStampedModel

from .choices import ActionKind, DayCount, IndicatorKind, Pace, ReportState

ONE_SCOPE = Q(organisation__isnull=False, division__isnull=True) | Q(
    organisation__isnull=True, division__isnull=False
)


def default_scoring() -> dict:
    return {"cap_permille": 1200, "missed_milestone_points": "2.0"}


class Campaign(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing office"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The office that supervises the campaign and signs its bulletins."),
    )
    reminder_every = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        default=3,
        help_text=_("Units behind pace are reminded every this many days."),
    )
    reminder_day_count = models.CharField(
        _("reminder days are"), max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    green_from = models.PositiveSmallIntegerField(
        _("green from (‰ of pace)"),
        default=1000,
        help_text=_("An indicator at or above this share of its expected value is on pace."),
    )
    amber_from = models.PositiveSmallIntegerField(
        _("amber from (‰ of pace)"),
        default=800,
        help_text=_("Below green but at or above this share: slightly behind. Below: red."),
    )
    bulletin_weekday = models.PositiveSmallIntegerField(
        _("bulletin day of the week"),
        default=4,
        help_text=_("0 is Monday … 6 is Sunday: the weekly bulletin covers the week ending then."),
    )
    scoring = models.JSONField(
        _("scoring scheme"),
        default=default_scoring,
        help_text=_(
            "cap_permille: the most an indicator counts for, in ‰ of its expected value; "
            "missed_milestone_points: points taken off for each milestone missed."
        ),
    )
    created_by = fields.recorded_by(_("created by"))

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_it_starts",
                violation_error_message=_("A campaign ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(bulletin_weekday__lte=6), name="campaign_bulletin_weekday_valid"
            ),
            models.CheckConstraint(
                condition=Q(amber_from__lte=models.F("green_from"), reminder_every__gte=1),
                name="campaign_thresholds_ordered",
                violation_error_message=_("Amber must start at or below green."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Action(TimeStampedModel):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="actions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_division = models.ForeignKey(
        Division,
        verbose_name=_("lead county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_illustrative = models.BooleanField(
        _("illustrative (示例)"),
        default=False,
        help_text=_("The lead or the targets are examples, not the city's record."),
    )

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                name="action_number_unique_in_campaign",
                violation_error_message=_("This campaign already has an action with this number."),
            ),
            models.CheckConstraint(
                condition=Q(lead__isnull=False, lead_division__isnull=True)
                | Q(lead__isnull=True, lead_division__isnull=False),
                name="action_led_by_one_department_or_county",
                violation_error_message=_("An action is led by one department or one county."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def lead_name(self) -> str:
        return str(self.lead or self.lead_division)


class Body(TimeStampedModel):
    """Something that stands for one responsible body: a department or a county (exactly one;
    each concrete model says so in a check constraint)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def body(self) -> Organisation | Division | None:
        return self.organisation or self.division

    @property
    def body_key(self) -> str:
        """ "o<id>" for a department, "d<id>" for a county: one key per body across actions."""
        return f"o{self.organisation_id}" if self.organisation_id else f"d{self.division_id}"


class Unit(Body):
    """A responsible unit of an action: a department or a county, with its plan (方案)."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="units"
    )
    plan = models.FileField(_("plan (方案)"), upload_to="campaigns/plans/%Y/", blank=True)
    plan_uploaded_at = models.DateTimeField(_("plan uploaded at"), null=True, blank=True)

    class Meta:
        ordering = ["action", "organisation__name", "division__code"]
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        constraints = [
            models.CheckConstraint(
                condition=ONE_SCOPE,
                name="unit_is_one_department_or_county",
                violation_error_message=_("A unit is one department or one county."),
            ),
            models.UniqueConstraint(
                fields=["action", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unit_department_once_per_action",
            ),
            models.UniqueConstraint(
                fields=["action", "division"],
                condition=Q(division__isnull=False),
                name="unit_county_once_per_action",
            ),
        ]

    def __str__(self) -> str:
        return str(self.body)


class Indicator(TimeStampedModel):
    """What a unit is held to: a target, reached by a figure (computed) or by reports."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    figure = models.CharField(
        _("figure"),
        max_length=100,
        blank=True,
        help_text=_("The registered figure that counts it (computed indicators only)."),
    )
    breakdown = models.CharField(
        _("breakdown"),
        max_length=50,
        blank=True,
        help_text=_("Count only one row of the figure's breakdown (e.g. a department's own)."),
    )
    breakdown_key = models.CharField(_("breakdown value"), max_length=50, blank=True)
    target = models.BigIntegerField(
        _("target"), help_text=_("In the figure's unit: people, items, fen; ‰ for a ratio.")
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=10)
    manual_pace = models.CharField(
        _("status set by hand"), max_length=10, choices=Pace.choices, blank=True
    )
    manual_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["unit", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=IndicatorKind.COMPUTED) & ~Q(figure=""))
                | (Q(kind=IndicatorKind.REPORTED) & Q(figure="", breakdown="")),
                name="indicator_computed_names_a_figure",
                violation_error_message=_(
                    "A computed indicator names a figure; a reported one does not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(manual_pace="") | ~Q(manual_reason=""),
                name="indicator_manual_status_has_reason",
                violation_error_message=_("A status set by hand needs a reason."),
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField(_("due on"))
    target = models.BigIntegerField(_("target by then"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "due_on"],
                name="milestone_one_per_day",
                violation_error_message=_("This indicator already has a milestone on that day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.due_on:%Y-%m-%d}"


class ReportedValue(TimeStampedModel):
    """A count a unit reports for work outside the system, as it stood on a day."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="reports"
    )
    value = models.BigIntegerField(_("value"))
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"))
    evidence = models.FileField(_("evidence"), upload_to="campaigns/evidence/%Y/", blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    reported_by = fields.recorded_by(_("reported by"))
    decided_by = fields.recorded_by(_("decided by"))
    decided_at = ClockedDateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.CharField(_("reason sent back"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "-as_of", "-pk"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reported_value_positive"),
            models.CheckConstraint(
                condition=~Q(state=ReportState.RETURNED) | ~Q(return_reason=""),
                name="reported_value_returned_with_reason",
                violation_error_message=_("Say why the report is sent back."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.as_of:%Y-%m-%d})"


class Reminder(models.Model):
    """One reminder to one responsible person on one reminder day: what is behind."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_on = models.DateField(_("reminder day"))
    items = models.JSONField(_("items behind"), default=list)
    sent_at = ClockedDateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "recipient"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "recipient", "due_on"], name="reminder_once_per_person_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.recipient} ({self.due_on:%Y-%m-%d})"


class Frozen(models.Model):
    """A published document: written once, never changed or deleted (it keeps the figures it
    was published with)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise PermissionError(f"a published {self._meta.verbose_name} cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"a published {self._meta.verbose_name} cannot be deleted")


class Bulletin(Frozen):
    """The weekly bulletin (通报), 第N期: every action's and unit's progress against target as
    it stood at the end of the week, a ranking, highlights and laggards."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="bulletins"
    )
    number = models.PositiveSmallIntegerField(_("issue number"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    issued_at = ClockedDateTimeField(_("issued at"), auto_now_add=True)
    issued_by = fields.recorded_by(_("issued by"))
    issuing_office = models.CharField(_("issuing office"), max_length=100)
    snapshot = models.JSONField(_("figures as published"))

    class Meta:
        ordering = ["campaign", "-number"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="bulletin_number_unique_in_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign", "period_end"], name="bulletin_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} 第{self.number}期"


class Assessment(Frozen):
    """The half-monthly assessment (考核): each unit's score with its breakdown, under the
    scoring scheme in force, as of the half's last day."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="assessments"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    issued_at = ClockedDateTimeField(_("issued at"), auto_now_add=True)
    issued_by = fields.recorded_by(_("issued by"))
    scheme = models.JSONField(_("scoring scheme"))
    rows = models.JSONField(_("scores"))

    class Meta:
        ordering = ["campaign", "-period_end"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "period_end"], name="assessment_once_per_half_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.period_start:%m.%d}–{self.period_end:%m.%d}"


class Adjustment(models.Model):
    """The task force's adjustment of one unit's score in an assessment, with its reason."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    reason = models.CharField(_("reason"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    made_by = fields.recorded_by(_("made by"))
    made_at = ClockedDateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "unit", "made_at"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason"),
            models.CheckConstraint(
                condition=Q(points__gte=-100, points__lte=100), name="adjustment_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.points:+}"


class SupervisionGroup(models.Model):
    """A supervision group (督导组) of the task force: its leader and members."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="supervision_groups",
    )
    name = models.CharField(_("name"), max_length=50)
    leader = models.CharField(_("group leader"), max_length=50)
    members = models.CharField(_("members"), max_length=300, blank=True)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="supervision_group_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SupervisionVisit(Body):
    """A group's visit to a unit (a department or a county): what it found."""

    group = models.ForeignKey(
        SupervisionGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    findings = models.TextField(_("findings"))
    recorded_by = fields.recorded_by(_("recorded by"))

    class Meta:
        ordering = ["-visited_on", "pk"]
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        constraints = [
            models.CheckConstraint(
                condition=ONE_SCOPE,
                name="visit_is_to_one_department_or_county",
                violation_error_message=_("A visit is to one department or one county."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.visited}"

    @property
    def visited(self):
        return self.body


class Rectification(TimeStampedModel):
    """Something a visit found to put right, with its owner and deadline, tracked to done."""

    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        related_name="rectifications",
    )
    description = models.CharField(_("to put right"), max_length=300)
    owner = models.CharField(_("owner"), max_length=100)
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was put right"), max_length=300, blank=True)
    done_by = fields.recorded_by(_("marked done by"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(done_note=""),
                name="rectification_done_says_how",
                violation_error_message=_("Say how it was put right."),
            )
        ]

    def __str__(self) -> str:
        return self.description
