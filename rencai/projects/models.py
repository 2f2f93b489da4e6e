"""Tech projects (科技项目), talents' expertise, match proposals (人才对接) and their outcomes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.talents.models import Talent

from .choices import LIVE_STATES, Answer, OutcomeKind, ProjectField, ProjectStatus, ProposalStatus


class TechProject(TimeStampedModel):
    """An enterprise's or institute's technical need, posted by its contact or by the science
    bureau for it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enterprise or institute"),
        on_delete=models.PROTECT,
        related_name="tech_projects",
    )
    title = models.CharField(_("title"), max_length=100)
    need = models.TextField(_("need"), max_length=2000)
    field = models.CharField(_("field"), max_length=30, choices=ProjectField.choices)
    budget_fen = models.PositiveBigIntegerField(_("budget"), default=0)
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.OPEN
    )
    posted_on = models.DateField(_("posted on"), db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set by the first proposal: the day the project was matched (the figure's date).
    first_proposed_on = models.DateField(_("first proposal on"), null=True, blank=True)
    posted_by = fields.recorded_by(_("posted by"))

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("tech project")
        verbose_name_plural = _("tech projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen__lte=10**14),
                name="tech_project_budget_bounded",
                violation_error_message=_("The budget is too large."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Expertise(TimeStampedModel):
    """What a talent offers projects, beyond their education, title and employer: a free-text
    profile they edit on the phone, and what they share with enterprises."""

    talent = models.OneToOneField(
        Talent, verbose_name=_("talent"), on_delete=models.CASCADE, related_name="expertise"
    )
    profile = models.TextField(_("expertise profile"), max_length=1000, blank=True)
    open_to_projects = models.BooleanField(
        _("open to tech projects"),
        default=True,
        help_text=_("The science bureau may consider me for enterprises' tech projects."),
    )
    share_profile = models.BooleanField(_("share my profile with enterprises"), default=True)
    share_education = models.BooleanField(
        _("share my education and title with enterprises"), default=True
    )
    share_employer = models.BooleanField(_("share my employer with enterprises"), default=False)

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise profiles")

    def __str__(self) -> str:
        return str(self.talent)


class Proposal(TimeStampedModel):
    """The science bureau proposes a talent for a project; both sides answer. One live
    proposal per (project, talent), kept by a partial unique index."""

    project = models.ForeignKey(
        TechProject,
        verbose_name=_("tech project"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="project_proposals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    talent_answer = models.CharField(
        _("talent's answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    enterprise_answer = models.CharField(
        _("enterprise's answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    talent_answered_on = models.DateField(_("talent answered on"), null=True, blank=True)
    enterprise_answered_on = models.DateField(_("enterprise answered on"), null=True, blank=True)
    proposed_on = models.DateField(_("proposed on"), db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    closed_on = models.DateField(_("declined or withdrawn on"), null=True, blank=True)
    score = models.FloatField(_("relevance score"), default=0)
    reasons = models.JSONField(_("matched terms"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    proposed_by = fields.recorded_by(_("proposed by"))

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "talent"],
                condition=Q(status__in=[s.value for s in LIVE_STATES]),
                name="proposal_one_live_per_project_talent",
                violation_error_message=_("This talent is already proposed for this project."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.ACCEPTED)
                | (Q(talent_answer=Answer.ACCEPTED) & Q(enterprise_answer=Answer.ACCEPTED)),
                name="proposal_accepted_by_both",
                violation_error_message=_("A proposal is accepted only when both sides accept."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.talent}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATES


class Outcome(TimeStampedModel):
    """What came of an accepted proposal: a contract signed, a cooperation under way."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    recorded_on = models.DateField(_("date"))
    amount_fen = models.PositiveBigIntegerField(_("contract amount"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = fields.recorded_by(_("recorded by"))

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind"],
                name="outcome_one_per_kind",
                violation_error_message=_("This outcome is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_kind_display()}"
