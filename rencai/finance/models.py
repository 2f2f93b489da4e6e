"""Start-up guarantee loans: partner banks' loan products, the LPR table, loans and their
steps. Money is integer fen; rates are integer basis points (3.65% = 365)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import fields
from rencai.core.clock import ClockedDateTimeField
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.core.text import format_date
from rencai.policies.models import Benefit, Entitlement
from rencai.talents.models import Talent

from .choices import (
    ORGANISATION_KINDS,
    BorrowerKind,
    Channel,
    DayCount,
    EndReason,
    LoanState,
    Repayment,
    Rounding,
)


class LprRate(models.Model):
    """The one-year loan prime rate (LPR) from a date on: a table administrators extend.
    A loan's rate is fixed by the LPR in force on its contract date."""

    effective_from = models.DateField(_("effective from"), unique=True)
    rate_bp = models.PositiveSmallIntegerField(
        _("one-year LPR (basis points)"), help_text=_("For example 365 for 3.65 per cent.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("loan prime rate")
        verbose_name_plural = _("loan prime rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_bp__gt=0, rate_bp__lt=3000), name="lpr_rate_plausible"
            )
        ]

    def __str__(self) -> str:
        return f"{format_date(self.effective_from)} {self.rate_bp / 100:.2f}%"


class LoanProduct(TimeStampedModel):
    """A guarantee loan product: limits, term, repayment shape, rate rules, the subsidy's
    terms (day count, settlement day, rounding) and the benefit whose rule decides who may
    borrow. The subsidy schedule of every loan is reproducible from these terms."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    borrower_kind = models.CharField(_("borrower"), max_length=20, choices=BorrowerKind.choices)
    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("eligibility (benefit)"),
        on_delete=models.PROTECT,
        related_name="loan_products",
    )
    guarantor = models.ForeignKey(
        Organisation,
        verbose_name=_("guarantee centre"),
        on_delete=models.PROTECT,
        related_name="guaranteed_products",
    )
    banks = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner banks"),
        related_name="loan_products",
        limit_choices_to={"kind": "bank"},
    )
    max_amount_fen = models.BigIntegerField(_("limit (fen)"))
    max_term_months = models.PositiveSmallIntegerField(_("longest term (months)"))
    repayment = models.CharField(
        _("repayment"),
        max_length=20,
        choices=Repayment.choices,
        default=Repayment.INTEREST_QUARTERLY_BULLET,
    )
    rate_cap_spread_bp = models.SmallIntegerField(
        _("contract rate cap over LPR (bp)"),
        help_text=_("The contract rate may be at most LPR plus this many basis points."),
    )
    borrower_spread_bp = models.SmallIntegerField(
        _("borrower's rate over LPR (bp)"),
        default=-150,
        help_text=_("The borrower pays interest up to LPR plus this (−150: LPR − 1.5%)."),
    )
    max_subsidised_loans = models.PositiveSmallIntegerField(
        _("subsidised loans per borrower"), default=3
    )
    day_count = models.CharField(
        _("day count"), max_length=10, choices=DayCount.choices, default=DayCount.ACTUAL_360
    )
    settlement_day = models.PositiveSmallIntegerField(_("settlement day of month"), default=20)
    settlement_months = models.CharField(
        _("settlement months"),
        max_length=40,
        default="3,6,9,12",
        help_text=_("Months whose settlement day closes an interest period, comma separated."),
    )
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    target_documents_days = models.PositiveSmallIntegerField(
        _("documents check target (working days)"), default=1
    )
    target_guarantee_days = models.PositiveSmallIntegerField(
        _("guarantee review target (working days)"), default=2
    )
    target_approval_days = models.PositiveSmallIntegerField(
        _("bank approval target (working days)"), default=2
    )
    target_contract_days = models.PositiveSmallIntegerField(
        _("contract target (working days)"), default=2
    )
    target_disbursement_days = models.PositiveSmallIntegerField(
        _("disbursement target (working days)"), default=2
    )
    is_example = models.BooleanField(
        _("illustrative (示例)"), default=False, help_text=_("Figures made up for the demo.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["borrower_kind", "code"]
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount_fen__gt=0, max_term_months__gt=0),
                name="loan_product_limits_positive",
            ),
            models.CheckConstraint(
                condition=Q(settlement_day__gte=1, settlement_day__lte=28),
                name="loan_product_settlement_day_in_every_month",
                violation_error_message=_("The settlement day must be between 1 and 28."),
            ),
            models.CheckConstraint(
                condition=Q(borrower_spread_bp__lte=models.F("rate_cap_spread_bp")),
                name="loan_product_borrower_rate_under_cap",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def months(self) -> tuple[int, ...]:
        return tuple(sorted({int(m) for m in self.settlement_months.split(",") if m.strip()}))


class Loan(TimeStampedModel):
    """One start-up guarantee loan: a talent's application to a bank, through guarantee
    review and the bank's approval, to contract, disbursement and repayment.

    The rate is fixed on the contract date from the LPR table; a subsidised loan takes one
    of the borrower's three subsidy slots (a unique slot per talent, 1 to 3: the database
    refuses a fourth)."""

    talent = models.ForeignKey(
        Talent, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="loans"
    )
    borrower_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("borrowing organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loans",
    )
    product = models.ForeignKey(
        LoanProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="loans"
    )
    bank = models.ForeignKey(
        Organisation, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="bank_loans"
    )
    guarantor = models.ForeignKey(
        Organisation,
        verbose_name=_("guarantee centre"),
        on_delete=models.PROTECT,
        related_name="guaranteed_loans",
    )
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The borrower's county when they applied."),
    )
    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=LoanState.choices, default=LoanState.APPLIED
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    eligibility = models.JSONField(_("eligibility at application"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    applied_at = models.DateTimeField(_("applied at"))
    step_since = models.DateTimeField(_("in this step since"))
    step_due_at = models.DateTimeField(_("step due by"), null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    lpr_bp = models.PositiveSmallIntegerField(_("LPR on contract date (bp)"), null=True, blank=True)
    contract_rate_bp = models.PositiveSmallIntegerField(
        _("contract rate (bp)"), null=True, blank=True
    )
    borrower_rate_bp = models.PositiveSmallIntegerField(
        _("borrower's rate (bp)"), null=True, blank=True
    )
    subsidy_slot = models.PositiveSmallIntegerField(
        _("subsidised loan number"),
        null=True,
        blank=True,
        help_text=_("1 to 3: which of the borrower's subsidised loans this is."),
    )
    disbursed_at = models.DateTimeField(_("disbursed at"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True, db_index=True)
    maturity_date = models.DateField(_("maturity date"), null=True, blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=10, choices=EndReason.choices, blank=True
    )
    fund_paid_fen = models.BigIntegerField(_("guarantee fund paid (fen)"), null=True, blank=True)
    approval_working_days = models.PositiveSmallIntegerField(
        _("working days to approval"), null=True, blank=True
    )
    approval_hours = models.DecimalField(
        _("hours to approval"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    disbursement_working_days = models.PositiveSmallIntegerField(
        _("working days to money"), null=True, blank=True
    )
    created_by = fields.recorded_by(_("filed by"))

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0, term_months__gt=0),
                name="loan_amount_and_term_positive",
                violation_error_message=_("The amount and the term must be positive."),
            ),
            models.CheckConstraint(
                condition=Q(subsidy_slot__isnull=True)
                | Q(subsidy_slot__gte=1, subsidy_slot__lte=3),
                name="loan_subsidy_slot_one_to_three",
                violation_error_message=_("A borrower has at most three subsidised loans."),
            ),
            models.UniqueConstraint(
                fields=["talent", "subsidy_slot"],
                condition=Q(subsidy_slot__isnull=False),
                name="loan_subsidy_slot_unique_per_borrower",
                violation_error_message=_("A borrower has at most three subsidised loans."),
            ),
            models.CheckConstraint(
                condition=Q(borrower_rate_bp__isnull=True)
                | Q(borrower_rate_bp__lte=models.F("contract_rate_bp")),
                name="loan_borrower_rate_not_over_contract_rate",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_on__isnull=True) | Q(contract_date__isnull=False),
                name="loan_disbursed_after_contract",
            ),
            models.CheckConstraint(
                condition=Q(fund_paid_fen__isnull=True) | Q(fund_paid_fen__gte=0),
                name="loan_fund_payment_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["bank", "state"], name="loan_bank_queue_idx"),
            models.Index(fields=["county", "state"], name="loan_county_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.talent} · {self.product}"

    @property
    def needs_organisation(self) -> bool:
        return self.product.borrower_kind in ORGANISATION_KINDS

    @staticmethod
    def percent(bp: int | None) -> str:
        return "" if bp is None else f"{bp / 100:.2f}%"

    @property
    def rates(self) -> dict[str, str]:
        """The contract rate, the LPR it was fixed by and the borrower's rate, as percents."""
        return {
            "contract": self.percent(self.contract_rate_bp),
            "lpr": self.percent(self.lpr_bp),
            "borrower": self.percent(self.borrower_rate_bp),
        }


class LoanEvent(models.Model):
    """One step in a loan's life: from which state to which, by whom, when, why."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(_("from"), max_length=12, choices=LoanState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=LoanState.choices)
    actor = fields.recorded_by(_("by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = ClockedDateTimeField(_("time"), auto_now_add=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days in the step"), null=True, blank=True
    )
    target_days = models.PositiveSmallIntegerField(_("target"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("loan event")
        verbose_name_plural = _("loan events")

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.from_state} → {self.to_state}"
