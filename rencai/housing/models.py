"""Talent apartments: buildings and units (with the dates of their states), the allocation
scheme (ranking keys, room table, deadlines: data), applications on the waiting list, rounds
whose order is frozen when they close, offers, and tenancies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.policies.models import Entitlement
from rencai.talents.models import Talent

from .choices import (
    HousingApplicationState,
    InspectionResult,
    OfferState,
    RentShare,
    RoundState,
    TenancyState,
    UnitState,
)


class Building(TimeStampedModel):
    """A building of talent apartments in one county, managed by a housing bureau."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        Organisation,
        verbose_name=_("managing department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rent_or_buy = models.BooleanField(
        _("rent-or-buy (租售并举)"),
        default=False,
        help_text=_("Tenants may buy their unit after the years the scheme sets."),
    )

    class Meta:
        ordering = ["county__code", "name"]
        verbose_name = _("apartment building")
        verbose_name_plural = _("apartment buildings")

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """One apartment. Its state changes are kept (`UnitStatePeriod`) so that figures can be
    computed as of a past date; `state` is the current one."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units"
    )
    number = models.CharField(_("unit number"), max_length=20)
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2)
    furnished = models.BooleanField(_("furnished (拎包入住)"), default=True)
    state = models.CharField(
        _("state"), max_length=20, choices=UnitState.choices, default=UnitState.FITTING_OUT
    )
    fit_out_started_on = models.DateField(_("fit-out started on"))
    monthly_rent_fen = models.PositiveBigIntegerField(_("monthly rent (fen)"))
    rent_share = models.CharField(
        _("talent's share"), max_length=10, choices=RentShare.choices, default=RentShare.FREE
    )
    talent_rent_fen = models.PositiveBigIntegerField(_("talent's monthly rent (fen)"), default=0)

    class Meta:
        ordering = ["building", "number"]
        verbose_name = _("apartment")
        verbose_name_plural = _("apartments")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "number"],
                name="housing_unit_number_unique",
                violation_error_message=_("This building already has a unit with this number."),
            ),
            models.CheckConstraint(
                condition=Q(rooms__gte=1),
                name="housing_unit_has_rooms",
                violation_error_message=_("A unit has at least one room."),
            ),
            models.CheckConstraint(
                condition=Q(floor_area__gt=0),
                name="housing_unit_floor_area_positive",
                violation_error_message=_("The floor area must be positive."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(rent_share=RentShare.FREE, talent_rent_fen=0)
                    | Q(
                        rent_share=RentShare.REDUCED,
                        talent_rent_fen__gt=0,
                        talent_rent_fen__lt=models.F("monthly_rent_fen"),
                    )
                    | Q(rent_share=RentShare.FULL, talent_rent_fen=models.F("monthly_rent_fen"))
                ),
                name="housing_unit_talent_share_matches_rent",
                violation_error_message=_(
                    "The talent's rent must be zero (rent-free), below the rent (reduced) or "
                    "the rent (full)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.number}"


class UnitStatePeriod(models.Model):
    """A unit in one state from `started_on` until `ended_on` (empty: still in it)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("apartment"), on_delete=models.CASCADE, related_name="periods"
    )
    state = models.CharField(_("state"), max_length=20, choices=UnitState.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = fields.recorded_by(_("recorded by"))

    class Meta:
        ordering = ["unit", "started_on", "pk"]
        verbose_name = _("apartment state period")
        verbose_name_plural = _("apartment state periods")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(ended_on__isnull=True),
                name="housing_unit_one_current_state",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="housing_unit_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_state_display()} {self.started_on}"


class AllocationScheme(models.Model):
    """The allocation rules as data, by effective date: the waiting list's ranking keys in
    turn, the rooms a household needs, the answer deadline, the refusals allowed and the
    rent-or-buy option."""

    name = models.CharField(_("name"), max_length=100)
    effective_from = models.DateField(_("effective from"), unique=True)
    ranking_keys = models.JSONField(
        _("ranking keys"),
        help_text=_('In turn, e.g. [{"key": "tier", "order": "asc"}, …].'),
    )
    room_table = models.JSONField(
        _("rooms by household size"), help_text=_('e.g. {"1": 1, "3": 2, "5": 3}.')
    )
    offer_working_days = models.PositiveSmallIntegerField(_("working days to answer an offer"))
    max_refusals = models.PositiveSmallIntegerField(_("refused suitable offers before lapsing"))
    buy_option_years = models.PositiveSmallIntegerField(
        _("years before the option to buy"), null=True, blank=True
    )
    buy_option_terms = models.TextField(_("terms of the option to buy"), blank=True)
    term_years = models.PositiveSmallIntegerField(_("tenancy term (years)"), default=3)
    deposit_fen = models.PositiveBigIntegerField(_("deposit (fen)"), default=0)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("allocation scheme")
        verbose_name_plural = _("allocation schemes")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from})"

    def clean(self) -> None:
        from .ranking import key_errors, room_table_errors

        errors = {}
        if problems := key_errors(self.ranking_keys):
            errors["ranking_keys"] = problems
        if problems := room_table_errors(self.room_table):
            errors["room_table"] = problems
        if errors:
            raise ValidationError(errors)


class HousingApplication(TimeStampedModel):
    """A talent's application for an apartment in one county: its ranking inputs, each with
    the date it was recorded, and the entitlement it records through `policies`."""

    talent = models.ForeignKey(
        Talent,
        verbose_name=_("talent"),
        on_delete=models.PROTECT,
        related_name="housing_applications",
    )
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    household_size = models.PositiveSmallIntegerField(_("household size"))
    applied_on = models.DateField(_("applied on"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=HousingApplicationState.choices,
        default=HousingApplicationState.WAITING,
    )
    inputs = models.JSONField(_("ranking inputs"), default=dict)
    explanation = models.JSONField(_("eligibility explanation"), default=dict)
    refusals = models.PositiveSmallIntegerField(_("refused offers"), default=0)
    left_list_on = models.DateField(_("left the waiting list on"), null=True, blank=True)
    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("housing application")
        verbose_name_plural = _("housing applications")
        constraints = [
            models.UniqueConstraint(
                fields=["talent"],
                condition=Q(
                    state__in=[HousingApplicationState.WAITING, HousingApplicationState.OFFERED]
                ),
                name="housing_one_live_application_per_talent",
                violation_error_message=_("This talent already has a live housing application."),
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1, household_size__lte=20),
                name="housing_application_household_size_range",
            ),
        ]

    def __str__(self) -> str:
        return f"HA{self.pk:06d}" if self.pk else "HA—"

    @property
    def reference(self) -> str:
        return str(self)


class AllocationRound(TimeStampedModel):
    """One allocation round in one county. Closing it freezes the waiting list's order
    (`RankEntry`) under the scheme's keys, so each rank can be explained and reproduced."""

    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        AllocationScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField(_("opened on"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    ranking_keys = models.JSONField(_("ranking keys (as frozen)"), default=list)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["county"],
                condition=Q(state=RoundState.OPEN),
                name="housing_one_open_round_per_county",
                violation_error_message=_("This county already has an open round."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RankEntry(models.Model):
    """An application's place in a closed round, with the inputs it was ranked on."""

    round = models.ForeignKey(
        AllocationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(
        HousingApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="rank_entries",
    )
    position = models.PositiveIntegerField(_("place"))
    inputs = models.JSONField(_("ranking inputs (as frozen)"))

    class Meta:
        ordering = ["round", "position"]
        verbose_name = _("waiting-list place")
        verbose_name_plural = _("waiting-list places")
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="housing_rank_position"),
            models.UniqueConstraint(
                fields=["round", "application"], name="housing_rank_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.position}"


class Offer(TimeStampedModel):
    """A unit offered to an applicant, to accept or decline by `deadline`."""

    application = models.ForeignKey(
        HousingApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("apartment"), on_delete=models.PROTECT, related_name="offers"
    )
    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    offered_on = models.DateField(_("offered on"))
    deadline = models.DateField(_("answer by"))
    state = models.CharField(
        _("state"), max_length=10, choices=OfferState.choices, default=OfferState.OPEN
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    offered_by = fields.recorded_by(_("offered by"))

    class Meta:
        ordering = ["-offered_on", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(state=OfferState.OPEN),
                name="housing_one_open_offer_per_unit",
                violation_error_message=_("This unit is already on offer."),
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state=OfferState.OPEN),
                name="housing_one_open_offer_per_application",
                violation_error_message=_("This applicant already has an open offer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.application}"


class Tenancy(TimeStampedModel):
    """A talent living in a unit: rent, deposit, move-in checklist, renewals, move-out with
    its inspection, and the option to buy where the building is rent-or-buy."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("apartment"), on_delete=models.PROTECT, related_name="tenancies"
    )
    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="tenancies"
    )
    application = models.OneToOneField(
        HousingApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="tenancy",
    )
    offer = models.OneToOneField(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="tenancy"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=TenancyState.choices, default=TenancyState.ACTIVE
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    ended_on = models.DateField(_("moved out on"), null=True, blank=True)
    monthly_rent_fen = models.PositiveBigIntegerField(_("monthly rent (fen)"))
    talent_rent_fen = models.PositiveBigIntegerField(_("talent's monthly rent (fen)"))
    deposit_fen = models.PositiveBigIntegerField(_("deposit (fen)"), default=0)
    wait_days = models.PositiveIntegerField(_("days waited"))
    checklist = models.JSONField(_("move-in checklist"), default=list)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    inspection_result = models.CharField(
        _("move-out inspection"), max_length=10, choices=InspectionResult.choices, blank=True
    )
    inspection_note = models.CharField(_("inspection note"), max_length=300, blank=True)
    buy_option_from = models.DateField(_("may buy from"), null=True, blank=True)
    buy_option_terms = models.TextField(_("terms of the option to buy"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(state=TenancyState.ACTIVE),
                name="housing_one_active_tenancy_per_unit",
                violation_error_message=_("This unit already has an active tenancy."),
            ),
            models.UniqueConstraint(
                fields=["talent"],
                condition=Q(state=TenancyState.ACTIVE),
                name="housing_one_active_tenancy_per_talent",
                violation_error_message=_("This talent already has an active tenancy."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="housing_tenancy_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state=TenancyState.ACTIVE, ended_on__isnull=True)
                | Q(state=TenancyState.ENDED, ended_on__isnull=False),
                name="housing_tenancy_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} @ {self.unit}"


class TenancyRenewal(models.Model):
    """A tenancy's term extended: from the old end date to the new one."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name=_("tenancy"), on_delete=models.CASCADE, related_name="renewals"
    )
    renewed_on = models.DateField(_("renewed on"))
    previous_ends_on = models.DateField(_("previous end"))
    ends_on = models.DateField(_("new end"))
    renewed_by = fields.recorded_by(_("renewed by"))

    class Meta:
        ordering = ["tenancy", "renewed_on", "pk"]
        verbose_name = _("tenancy renewal")
        verbose_name_plural = _("tenancy renewals")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("previous_ends_on")),
                name="housing_renewal_extends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy} → {self.ends_on}"
