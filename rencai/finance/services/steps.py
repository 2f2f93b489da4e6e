"""A loan's steps, one service each, all through `common.stepping`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from rencai.core import audit, calendar, clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.policies.choices import EntitlementState
from rencai.talents.models import Talent

from .. import permissions, selectors
from ..choices import EndReason
from ..errors import LoanError, LoanRefused
from ..models import Loan
from .common import add_months, move_entitlement, stepping


def check_documents(loan: Loan, *, actor, note: str = "") -> Loan:
    """The bank found the application's documents complete: on to guarantee review."""
    with stepping(loan, actor=actor, action="check_documents", note=note):
        pass
    return loan


def approve_guarantee(loan: Loan, *, actor, note: str = "") -> Loan:
    """The guarantee centre guarantees the loan: on to the bank's approval."""
    with stepping(loan, actor=actor, action="approve_guarantee", note=note):
        pass
    return loan


def approve(loan: Loan, *, actor, note: str = "") -> Loan:
    """The bank approves the loan; the time from application to approval is kept on it."""
    with stepping(loan, actor=actor, action="approve", note=note) as step:
        case, now = step.loan, clock.now()
        case.approved_at = case.decided_at = now
        case.approval_working_days = calendar.working_days_between(
            clock.aware(case.applied_at).date(), clock.today()
        )
        hours = Decimal((now - case.applied_at).total_seconds()) / 3600
        case.approval_hours = hours.quantize(Decimal("0.1"))
        move_entitlement(case, EntitlementState.GRANTED)
    return loan


def reject(loan: Loan, *, actor, reason: str) -> Loan:
    """The bank (or the guarantee centre, at its review) turns the application down."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give a reason."),
            code=LoanError.REASON_REQUIRED,
            fields={"reason": [_("Give a reason.")]},
        )
    with stepping(loan, actor=actor, action="reject", note=reason) as step:
        step.loan.reason = reason[:300]
        step.loan.decided_at = clock.now()
        move_entitlement(step.loan, EntitlementState.REJECTED)
    return loan


def sign_contract(
    loan: Loan, *, actor, contract_date: date | None = None, rate_bp: int | None = None
) -> Loan:
    """Sign the contract: the rate is fixed by the LPR on the contract date (at most LPR plus
    the product's cap), the borrower's rate is at most LPR − 150bp, and a subsidised loan
    takes the borrower's next free slot (of three)."""
    contract_date = contract_date or clock.today()
    lpr = selectors.lpr_on(contract_date)
    if lpr is None:
        raise LoanRefused(_("No LPR is recorded for the contract date."), code=LoanError.NO_LPR)
    with stepping(loan, actor=actor, action="sign_contract") as step:
        case, product = step.loan, step.loan.product
        rate = lpr.rate_bp if rate_bp is None else rate_bp
        if rate <= 0 or rate > lpr.rate_bp + product.rate_cap_spread_bp:
            raise LoanRefused(
                _("The contract rate may be at most %(cap)s%% (LPR %(lpr)s%% + %(spread)sbp).")
                % {
                    "cap": f"{(lpr.rate_bp + product.rate_cap_spread_bp) / 100:.2f}",
                    "lpr": f"{lpr.rate_bp / 100:.2f}",
                    "spread": product.rate_cap_spread_bp,
                },
                code=LoanError.RATE_OVER_CAP,
            )
        case.contract_date, case.lpr_bp, case.contract_rate_bp = contract_date, lpr.rate_bp, rate
        case.borrower_rate_bp = max(0, min(rate, lpr.rate_bp + product.borrower_spread_bp))
        Talent.objects.select_for_update().filter(pk=case.talent_id).first()
        used = set(
            Loan.objects.filter(talent_id=case.talent_id, subsidy_slot__isnull=False).values_list(
                "subsidy_slot", flat=True
            )
        )
        free = [n for n in range(1, product.max_subsidised_loans + 1) if n not in used]
        case.subsidy_slot = free[0] if free else None
        step.note = _("Rate %(rate)s%%, LPR %(lpr)s%%, contract date %(day)s") % {
            "rate": f"{rate / 100:.2f}",
            "lpr": f"{lpr.rate_bp / 100:.2f}",
            "day": contract_date.isoformat(),
        }
    return loan


def disburse(loan: Loan, *, actor, on: date | None = None) -> Loan:
    """The money is lent: the term runs from today; the time to money is kept on the loan."""
    on = on or clock.today()
    with stepping(loan, actor=actor, action="disburse") as step:
        case = step.loan
        if on < case.contract_date:
            raise LoanRefused(
                _("Money cannot be lent before the contract."), code=LoanError.BAD_DATE
            )
        case.disbursed_at, case.disbursed_on = clock.now(), on
        case.maturity_date = add_months(on, case.term_months)
        case.disbursement_working_days = calendar.working_days_between(
            clock.aware(case.applied_at).date(), on
        )
    return loan


def repay(loan: Loan, *, actor, on: date | None = None) -> Loan:
    """The loan is repaid; before maturity, the subsidy ends that day."""
    on = on or clock.today()
    with stepping(loan, actor=actor, action="repay") as step:
        case = step.loan
        if on < case.disbursed_on:
            raise LoanRefused(_("A loan is repaid after it is lent."), code=LoanError.BAD_DATE)
        case.ended_on = on
        case.end_reason = EndReason.EARLY if on < case.maturity_date else EndReason.MATURED
        move_entitlement(case, EntitlementState.ENDED)
    return loan


def record_default(loan: Loan, *, actor, on: date | None = None, fund_paid_fen: int) -> Loan:
    """The borrower defaulted: the subsidy stops and the guarantee fund's payment to the bank
    is recorded."""
    if fund_paid_fen < 0 or fund_paid_fen > loan.amount_fen * 2:
        raise LoanRefused(_("Enter the amount the guarantee fund paid."), code=LoanError.BAD_AMOUNT)
    on = on or clock.today()
    with stepping(loan, actor=actor, action="record_default") as step:
        case = step.loan
        case.ended_on, case.end_reason, case.fund_paid_fen = on, EndReason.DEFAULT, fund_paid_fen
        move_entitlement(case, EntitlementState.ENDED)
    return loan


def record_overdue(loan: Loan, *, actor, since: date) -> Loan:
    """The borrower is overdue since `since`: no subsidy on that period or any after."""
    with stepping(loan, actor=actor, action="record_overdue") as step:
        step.loan.overdue_since = since
    return loan


def extend(loan: Loan, *, actor, to: date) -> Loan:
    """The bank extends the loan: the extension carries no subsidy."""
    with stepping(loan, actor=actor, action="extend") as step:
        if to <= step.loan.maturity_date:
            raise LoanRefused(_("An extension ends after maturity."), code=LoanError.BAD_DATE)
        step.loan.extended_to = to
    return loan


def withdraw(loan: Loan, *, actor, reason: str = "") -> Loan:
    """The borrower (or whoever filed for them) withdraws the application."""
    with stepping(loan, actor=actor, action="withdraw", note=reason) as step:
        step.loan.reason = (reason or "")[:300]
        move_entitlement(step.loan, EntitlementState.WITHDRAWN)
    return loan


def reveal_identity(loan: Loan, *, actor) -> str:
    """The borrower's full identity number, for a bank officer on their bank's application;
    one audit event per reveal."""
    if not permissions.can_reveal(actor, loan):
        raise PermissionDenied(_("You may not reveal this identity number."))
    audit.record(actor, "loan.reveal", loan.talent, changes={"loan": loan.pk})
    return loan.talent.id_number
