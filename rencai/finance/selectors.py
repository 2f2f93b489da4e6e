"""Reads, scoped to the actor: loans, the bank officer's queue, the LPR table, claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import calendar, clock
from rencai.core.errors import NotFound

from . import permissions, subsidy
from .choices import PIPELINE, LoanState
from .models import Loan, LoanProduct, LprRate


def loans_for_actor(actor) -> QuerySet[Loan]:
    return Loan.objects.filter(permissions.scope_q(actor)).select_related(
        "talent", "product", "bank", "county", "borrower_organisation", "guarantor"
    )


def get_loan_for_actor(actor, pk) -> Loan:
    """The loan, if the actor may see it; "not found" alike for missing and forbidden."""
    try:
        return loans_for_actor(actor).get(pk=pk)
    except (Loan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc


def active_products() -> QuerySet[LoanProduct]:
    return LoanProduct.objects.filter(is_active=True).select_related("benefit", "guarantor")


def conditions_to_confirm(on: date) -> list[str]:
    """What the borrower confirms on applying: the `to_confirm` conditions of the benefits of
    the active products, in force on `on` (data cannot show them)."""
    from rencai.policies import selectors as policy_selectors

    conditions: list[str] = []
    for product in active_products():
        version = policy_selectors.current_version(product.benefit, on)
        for condition in (version.to_confirm or ()) if version else ():
            if str(condition) not in conditions:
                conditions.append(str(condition))
    return conditions


def lpr_on(day: date) -> LprRate | None:
    """The LPR in force on `day`: the row with the latest effective date on or before it."""
    return LprRate.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


@dataclass(frozen=True)
class QueueRow:
    loan: Loan
    step_label: str
    working_days_left: int | None  # negative: overdue by that many
    overdue: bool

    @property
    def days_overdue(self) -> int:
        return -self.working_days_left if self.overdue and self.working_days_left else 0


def queue_for_actor(actor, *, today: date | None = None) -> list[QueueRow]:
    """Loans waiting in a step, most urgent first, with the working days left on each."""
    today = today or clock.today()
    loans = loans_for_actor(actor).filter(state__in=PIPELINE).order_by("step_due_at", "pk")
    left_by_due: dict[date, int] = {}  # many loans share a due day: count each day once
    rows = []
    for loan in loans:
        left = None
        if loan.step_due_at is not None:
            due = timezone.localtime(loan.step_due_at).date()
            if due not in left_by_due:
                left_by_due[due] = (
                    calendar.working_days_between(today, due)
                    if due >= today
                    else -calendar.working_days_between(due, today)
                )
            left = left_by_due[due]
        rows.append(
            QueueRow(loan, LoanState(loan.state).label, left, left is not None and left < 0)
        )
    return rows


def end_of_day(day: date) -> datetime:
    return clock.aware(datetime.combine(day, time(23, 59, 59)))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter")
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


@dataclass(frozen=True)
class ClaimLine:
    loan: Loan
    period: subsidy.Period


def claim_lines(actor, *, bank_id: int, year: int, quarter: int) -> list[ClaimLine]:
    """The government's part of interest a bank claims for a quarter: the subsidised periods
    of its loans (that the actor sees) settled within the quarter."""
    first, last = quarter_bounds(year, quarter)
    loans = (
        loans_for_actor(actor)
        .filter(bank_id=bank_id, subsidy_slot__isnull=False, disbursed_on__lte=last)
        .exclude(ended_on__lt=first)
        .order_by("disbursed_on", "pk")
    )
    lines = []
    for loan in loans:
        for period in subsidy.schedule_of(loan):
            if first <= period.end <= last and period.government_fen > 0:
                lines.append(ClaimLine(loan, period))
    return lines


# The one-year LPR as published (public facts; the same rows as migration 0002). The demo and
# the test factories put them back where a database was emptied without its migrations
# (a transactional test's flush).
PUBLIC_LPR = (
    (date(2021, 12, 20), 380, "2021-12-20 一年期 LPR 3.80%"),
    (date(2022, 1, 20), 370, "2022-01-20 一年期 LPR 3.70%"),
    (date(2022, 8, 22), 365, "2022-08-22 一年期 LPR 3.65%"),
)


def ensure_public_lpr() -> None:
    for day, bp, note in PUBLIC_LPR:
        LprRate.objects.get_or_create(effective_from=day, defaults={"rate_bp": bp, "note": note})
