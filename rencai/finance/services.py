"""Loan use cases: apply, then one service per step (documents, guarantee, approval,
contract, disbursement, repayment, default …). Each checks permission, runs in one
transaction under a row lock, writes a loan event and an audit event, and tells the talent.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, calendar, clock
from rencai.core.choices import Role
from rencai.core.errors import DomainError, NotFound, PermissionDenied
from rencai.core.models import Organisation, User
from rencai.core.money import fen_to_yuan
from rencai.core.notifications import notify
from rencai.core.permissions import roles_of
from rencai.policies import evaluation
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import DEAD_STATES, EntitlementSource, EntitlementState
from rencai.policies.models import Entitlement
from rencai.policies.reasons import missing_of, reasons_of
from rencai.policies.services.entitlements import (
    plain_explanation,
    record_entitlement,
    transition_entitlement,
)
from rencai.rules import Outcome
from rencai.talents.models import Talent

from . import permissions, selectors, workflow
from .choices import OPEN_STATES, ORGANISATION_KINDS, Channel, EndReason, LoanState
from .errors import LoanError, LoanRefused
from .models import Loan, LoanEvent, LoanProduct

AUDITED_FIELDS = [
    "state",
    "amount_fen",
    "term_months",
    "reason",
    "contract_date",
    "lpr_bp",
    "contract_rate_bp",
    "borrower_rate_bp",
    "subsidy_slot",
    "disbursed_on",
    "maturity_date",
    "extended_to",
    "overdue_since",
    "ended_on",
    "end_reason",
    "fund_paid_fen",
]
# A loan still holding its entitlement: in the pipeline, or lent and not yet ended.
RUNNING = OPEN_STATES | {LoanState.DISBURSED}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def refuse(message: str, code: str, reasons: Iterable[str] = ()) -> LoanRefused:
    return LoanRefused(message, code=code, fields={"eligibility": list(reasons) or [message]})


# --- applying -------------------------------------------------------------------------


def check_application(
    talent: Talent,
    product: LoanProduct,
    *,
    bank: Organisation,
    amount_fen: int,
    term_months: int,
    borrower_organisation: Organisation | None,
    on: date,
    confirmed: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Refuse (LoanRefused with reasons) an application the product's terms or the benefit's
    rule do not allow, or whose conditions to confirm (the benefit's `to_confirm`: what data
    cannot show) are not all confirmed; the eligibility explanation otherwise.
    `confirmed=None` skips that last check (a read-only look: is this talent admitted?)."""
    if not product.is_active:
        raise refuse(_("This loan product is not offered any more."), LoanError.PRODUCT_INACTIVE)
    if not product.banks.filter(pk=bank.pk).exists():
        raise refuse(
            _("%(bank)s does not offer %(product)s.") % {"bank": bank, "product": product},
            LoanError.BANK_NOT_PARTNER,
        )
    if amount_fen <= 0 or amount_fen > product.max_amount_fen:
        raise refuse(
            _("The amount must be more than ¥0 and at most ¥%(limit)s for %(product)s.")
            % {"limit": f"{fen_to_yuan(product.max_amount_fen):,}", "product": product},
            LoanError.OVER_LIMIT,
        )
    if term_months <= 0 or term_months > product.max_term_months:
        raise refuse(
            _("The term must be at most %(months)s months for %(product)s.")
            % {"months": product.max_term_months, "product": product},
            LoanError.TERM_TOO_LONG,
        )
    needs_organisation = product.borrower_kind in ORGANISATION_KINDS
    if needs_organisation and borrower_organisation is None:
        raise refuse(
            _("Name the borrowing organisation for %(product)s.") % {"product": product},
            LoanError.ORGANISATION_REQUIRED,
        )
    if not needs_organisation and borrower_organisation is not None:
        raise refuse(
            _("An individual loan names no borrowing organisation."),
            LoanError.ORGANISATION_NOT_ALLOWED,
        )
    subsidised = (
        Loan.objects.filter(talent=talent).filter(subsidy_slot__isnull=False).count()
        + Loan.objects.filter(talent=talent, state__in=workflow.STEP_TARGET).count()
    )
    if subsidised >= product.max_subsidised_loans:
        raise refuse(
            _("The borrower already has %(n)s subsidised loans or applications (at most %(max)s).")
            % {"n": subsidised, "max": product.max_subsidised_loans},
            LoanError.SUBSIDY_LIMIT,
        )
    version = policy_selectors.current_version(product.benefit, on)
    if version is None:
        raise refuse(_("The loan subsidy was not in force on that day."), LoanError.NOT_ELIGIBLE)
    subject = evaluation.talent_for_evaluation(talent.pk, on)
    explanation = evaluation.explain(version, subject, on)
    if explanation.outcome != Outcome.TRUE:
        reasons = (
            reasons_of(explanation)
            if explanation.outcome == Outcome.FALSE
            else [_("%(fact)s is not recorded") % {"fact": f} for f in missing_of(explanation)]
        )
        raise refuse(
            _("Not eligible: %(reasons)s") % {"reasons": "; ".join(reasons)},
            LoanError.NOT_ELIGIBLE,
            reasons,
        )
    to_confirm = [str(c) for c in version.to_confirm or ()]
    if confirmed is not None:
        given = {str(c).strip() for c in confirmed}
        unconfirmed = [c for c in to_confirm if c not in given]
        if unconfirmed:
            raise refuse(
                _("Conditions still to confirm: %(list)s") % {"list": "; ".join(unconfirmed)},
                LoanError.UNCONFIRMED,
                unconfirmed,
            )
    return {
        "version": version.number,
        **plain_explanation(explanation),
        "confirmed": to_confirm if confirmed is not None else [],
    }


def _entitlement_for(talent: Talent, product: LoanProduct, explanation) -> Entitlement:
    """The talent's live entitlement of the subsidy benefit, recorded now if none is live
    (one live entitlement per talent and benefit: several loans share it)."""
    live = (
        Entitlement.objects.live()
        .filter(talent=talent, benefit=product.benefit, beneficiary=None)
        .first()
    )
    if live is not None:
        return live
    return record_entitlement(
        talent,
        product.benefit,
        actor=None,
        state=EntitlementState.PENDING,
        source=EntitlementSource.DESK,
        explanation=explanation,
        note=_("Guarantee loan application"),
    )


def apply_for_loan(
    talent: Talent,
    *,
    actor,
    product: LoanProduct,
    bank: Organisation,
    amount_fen: int,
    term_months: int,
    borrower_organisation: Organisation | None = None,
    purpose: str = "",
    channel: str | None = None,
    confirmed: Iterable[str] = (),
) -> Loan:
    """File a loan application for `talent` with `bank` (the talent, a clerk, or an officer
    visiting them), with the benefit's conditions `confirmed` by the borrower. Refused with
    reasons when the terms, the rule or an unconfirmed condition do not allow it."""
    if actor is not None:
        if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
            raise NotFound(_("Not found."))
        if not permissions.can_file(actor):
            raise PermissionDenied(_("You may not file loan applications."))
    now = clock.now()
    today = clock.today()
    with transaction.atomic():
        # One borrower at a time: the subsidised-loan count is decided under this lock.
        talent = Talent.objects.select_for_update().get(pk=talent.pk)
        explanation = check_application(
            talent,
            product,
            bank=bank,
            amount_fen=amount_fen,
            term_months=term_months,
            borrower_organisation=borrower_organisation,
            on=today,
            confirmed=list(confirmed),
        )
        entitlement = _entitlement_for(talent, product, explanation)
        target = workflow.target_days(product, LoanState.APPLIED)
        loan = Loan.objects.create(
            talent=talent,
            borrower_organisation=borrower_organisation,
            product=product,
            bank=bank,
            guarantor=product.guarantor,
            county=talent.county,
            entitlement=entitlement,
            channel=channel or _channel_of(actor, talent),
            amount_fen=amount_fen,
            term_months=term_months,
            purpose=purpose[:200],
            eligibility=explanation,
            applied_at=now,
            step_since=now,
            step_due_at=selectors.end_of_day(calendar.add_working_days(today, target)),
            created_by=audit.acting_user(actor),
        )
        LoanEvent.objects.create(
            loan=loan, to_state=loan.state, actor=audit.acting_user(actor), target_days=target
        )
        audit.record(
            actor,
            "loan.apply",
            loan,
            changes=audit.diff({}, audit.snapshot(loan, AUDITED_FIELDS)),
        )
        _tell_talent(loan)
        _tell_bank(loan)
    return loan


def _tell_bank(loan: Loan) -> None:
    """Tell the bank's loan officers a new application is in their queue (in-app)."""
    officers = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.BANK_OFFICER,
        role_assignments__organisation=loan.bank,
    ).distinct()
    for officer in officers:
        notify(
            title=_("New loan application #%(id)s: %(name)s, %(amount)s")
            % {
                "id": loan.pk,
                "name": loan.talent.name,
                "amount": f"¥{fen_to_yuan(loan.amount_fen):,}",
            },
            link=reverse("finance-loan-detail", args=[loan.pk]),
            user=officer,
        )


def _channel_of(actor, talent: Talent) -> str:
    if actor is not None and talent.user_id == actor.pk:
        return Channel.SELF
    return Channel.WINDOW if roles_of(actor).has(Role.WINDOW_CLERK) else Channel.VISIT


# --- the steps ------------------------------------------------------------------------


@dataclass
class Step:
    loan: Loan
    to_state: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def stepping(loan: Loan, *, actor, action: str, note: str = "") -> Iterator[Step]:
    """Every step's frame: lock the loan, refuse an illegal or forbidden action, let the
    block change it, then time the step, write the loan event and the audit event."""
    with transaction.atomic():
        locked = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("product", "talent", "entitlement")
            .get(pk=loan.pk)
        )
        to_state = workflow.check(locked.state, action)
        if not permissions.may(actor, locked, action):
            raise PermissionDenied(_("You may not do this to this loan."))
        before, from_state = audit.snapshot(locked, AUDITED_FIELDS), locked.state
        step = Step(locked, to_state, note=note)
        yield step
        now, today = clock.now(), clock.today()
        spent = calendar.working_days_between(clock.aware(locked.step_since).date(), today)
        target = workflow.target_days(locked.product, from_state)
        locked.state = to_state
        if from_state != to_state:
            locked.step_since = now
            next_target = workflow.target_days(locked.product, to_state)
            locked.step_due_at = (
                selectors.end_of_day(calendar.add_working_days(today, next_target))
                if next_target is not None
                else None
            )
        locked.save()
        LoanEvent.objects.create(
            loan=locked,
            from_state=from_state,
            to_state=to_state,
            actor=audit.acting_user(actor),
            note=(step.note or "")[:300],
            working_days=spent if from_state != to_state else None,
            target_days=target if from_state != to_state else None,
        )
        changes = audit.diff(before, audit.snapshot(locked, AUDITED_FIELDS))
        changes.update(step.extra)
        audit.record(actor, f"loan.{action}", locked, changes=changes)
        _tell_talent(locked, note=step.note)
    loan.__dict__.update(locked.__dict__)


def _tell_talent(loan: Loan, *, note: str = "") -> None:
    talent = loan.talent
    notify(
        title=_("Your loan application #%(id)s: %(state)s")
        % {"id": loan.pk, "state": LoanState(loan.state).label},
        body=note,
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def _move_entitlement(loan: Loan, to_state: str) -> None:
    """Move the shared entitlement on, unless another live loan still holds it there."""
    entitlement = loan.entitlement
    if entitlement.state == to_state or entitlement.state in DEAD_STATES:
        return
    others = Loan.objects.filter(entitlement=entitlement).exclude(pk=loan.pk)
    if (
        to_state in {*DEAD_STATES, EntitlementState.ENDED}
        and others.filter(state__in=RUNNING).exists()
    ):
        return
    if to_state == EntitlementState.REJECTED and others.exists():
        return
    if to_state == EntitlementState.ENDED and entitlement.state == EntitlementState.PENDING:
        to_state = EntitlementState.WITHDRAWN
    loan.entitlement = transition_entitlement(
        entitlement, actor=None, to_state=to_state, note=_("Loan #%(id)s") % {"id": loan.pk}
    )


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
        _move_entitlement(case, EntitlementState.GRANTED)
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
        _move_entitlement(step.loan, EntitlementState.REJECTED)
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
        _move_entitlement(case, EntitlementState.ENDED)
    return loan


def record_default(loan: Loan, *, actor, on: date | None = None, fund_paid_fen: int) -> Loan:
    """The borrower defaulted: the subsidy stops and the guarantee fund's payment to the bank
    is recorded."""
    if fund_paid_fen < 0 or fund_paid_fen > loan.amount_fen * 2:
        raise LoanRefused(_("Enter the amount the guarantee fund paid."), code=LoanError.BAD_DATE)
    on = on or clock.today()
    with stepping(loan, actor=actor, action="record_default") as step:
        case = step.loan
        case.ended_on, case.end_reason, case.fund_paid_fen = on, EndReason.DEFAULT, fund_paid_fen
        _move_entitlement(case, EntitlementState.ENDED)
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
        _move_entitlement(step.loan, EntitlementState.WITHDRAWN)
    return loan


def reveal_identity(loan: Loan, *, actor) -> str:
    """The borrower's full identity number, for a bank officer on their bank's application;
    one audit event per reveal."""
    if not permissions.can_reveal(actor, loan):
        raise PermissionDenied(_("You may not reveal this identity number."))
    audit.record(actor, "loan.reveal", loan.talent, changes={"loan": loan.pk})
    return loan.talent.id_number
