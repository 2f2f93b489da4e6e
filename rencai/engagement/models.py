"""Leader contact (the "five ones"), contact logs, and talents' requests (诉求) to resolution."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import recorded_by
from rencai.core.models import Organisation, TimeStampedModel
from rencai.talents.models import Talent

from .choices import Channel, ContactKind, RateCode, RequestCategory, RequestState, Satisfaction

S = RequestState


class FiveOnesItem(models.Model):
    """One item of a year's "five ones" (五个一) checklist: data, edited by administrators."""

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.SlugField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["year", "order", "id"]
        verbose_name = _("five-ones item")
        verbose_name_plural = _("five-ones items")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"],
                name="five_ones_item_unique_per_year",
                violation_error_message=_("The year's checklist already has this item."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.label}"


class ContactPairing(TimeStampedModel):
    """A contact leader paired with a high-level talent for one year."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact leader"),
        on_delete=models.PROTECT,
        related_name="contact_pairings",
    )
    talent = models.ForeignKey(
        Talent,
        verbose_name=_("talent"),
        on_delete=models.PROTECT,
        related_name="contact_pairings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = recorded_by(_("paired by"))

    class Meta:
        ordering = ["-year", "leader_id", "talent__name", "id"]
        verbose_name = _("contact pairing")
        verbose_name_plural = _("contact pairings")
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "talent", "year"],
                name="pairing_unique_per_year",
                violation_error_message=_("This leader is already paired with the talent."),
            )
        ]
        indexes = [models.Index(fields=["leader", "year"], name="pairing_leader_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.leader} · {self.talent.name}"


class FiveOnesTick(models.Model):
    """One checklist item done for a pairing, with its date and note."""

    pairing = models.ForeignKey(
        ContactPairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="ticks"
    )
    item = models.ForeignKey(
        FiveOnesItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="ticks"
    )
    done_on = models.DateField(_("done on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = recorded_by(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["pairing", "item__order", "id"]
        verbose_name = _("five-ones tick")
        verbose_name_plural = _("five-ones ticks")
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "item"],
                name="five_ones_tick_once",
                violation_error_message=_("This item is already ticked."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pairing_id}: {self.item.label}"


class ContactLog(models.Model):
    """A contact between a leader and their paired talent: a visit, a call, a meeting, a letter,
    or a policy pack delivered (which is what the figure "policy packs delivered" counts)."""

    pairing = models.ForeignKey(
        ContactPairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="logs"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=ContactKind.choices)
    happened_on = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=500)
    recorded_by = recorded_by(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        indexes = [models.Index(fields=["happened_on"], name="contact_log_date_idx")]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


class TalentRequest(TimeStampedModel):
    """Something a talent asks the city to solve (诉求), worked by the responsible department
    until the talent's feedback closes it (or reopens it when not satisfied).

    Targets are working days: the department responds (starts work) by `response_due_on` and
    answers by `resolution_due_on`, both counted from the assignment; `due_on` is the last day
    of the current open step, empty once answered or closed.
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="requests"
    )
    pairing = models.ForeignKey(
        ContactPairing,
        verbose_name=_("pairing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    category = models.CharField(_("category"), max_length=15, choices=RequestCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    channel = models.CharField(_("recorded through"), max_length=10, choices=Channel.choices)
    raised_by = recorded_by(_("recorded by"))
    raised_at = models.DateTimeField(_("raised at"))
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_requests",
    )
    state = models.CharField(_("state"), max_length=12, choices=S.choices, default=S.RAISED)
    target_working_days = models.PositiveSmallIntegerField(
        _("time target (working days)"), validators=[MinValueValidator(1)], default=10
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    response_due_on = models.DateField(_("response due on"), null=True, blank=True)
    resolution_due_on = models.DateField(_("resolution due on"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    due_on = models.DateField(_("step due on"), null=True, blank=True, db_index=True)
    satisfaction = models.CharField(
        _("feedback"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    resolved = models.BooleanField(_("resolved, says the talent"), null=True, blank=True)
    feedback_comment = models.CharField(_("feedback comment"), max_length=500, blank=True)
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    excluded = models.BooleanField(_("excluded from the rates"), default=False)
    exclusion_reason = models.CharField(_("reason for the exclusion"), max_length=300, blank=True)
    excluded_by = recorded_by(_("excluded by"))
    excluded_at = models.DateTimeField(_("excluded at"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("talent request")
        verbose_name_plural = _("talent requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=S.RAISED) | Q(department__isnull=False),
                name="request_assigned_has_department",
                violation_error_message=_("An assigned request names its department."),
            ),
            models.CheckConstraint(
                condition=~Q(state=S.CLOSED) | ~Q(satisfaction=""),
                name="request_closed_after_feedback",
                violation_error_message=_("A request closes only after the talent's feedback."),
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(exclusion_reason=""),
                name="request_exclusion_has_reason",
                violation_error_message=_("An exclusion from the rates gives its reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "state"], name="request_department_state_idx"),
            models.Index(fields=["feedback_at"], name="request_feedback_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class RequestEvent(models.Model):
    """One step in a request's history: from and to which state, by whom, why."""

    request = models.ForeignKey(
        TalentRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(_("from"), max_length=12, choices=S.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=S.choices)
    actor = recorded_by(_("by"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["request", "created_at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"


class RateDefinition(models.Model):
    """How one rate is measured, written down as data (as 12345 hotlines publish theirs).

    Over the requests with a valid feedback in the period (the denominator), a request counts
    in the numerator when its condition holds; a "basically satisfied" feedback counts for
    `basically_satisfied_weight` of one, the others for one.
    """

    code = models.CharField(_("rate"), max_length=20, choices=RateCode.choices, unique=True)
    numerator = models.CharField(_("numerator"), max_length=300)
    denominator = models.CharField(_("denominator"), max_length=300)
    basically_satisfied_weight = models.DecimalField(
        _("weight of “basically satisfied”"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("rate definition")
        verbose_name_plural = _("rate definitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(basically_satisfied_weight__gte=0, basically_satisfied_weight__lte=1),
                name="rate_weight_between_0_and_1",
                violation_error_message=_("The weight lies between 0 and 1."),
            )
        ]

    def __str__(self) -> str:
        return self.get_code_display()
