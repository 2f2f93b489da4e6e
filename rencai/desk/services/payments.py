"""Payments of approved cases: one disbursement per instalment, never twice.

The amount is the case's (from the benefit's rule, per month for a monthly benefit, up to the
benefit's number of months); the payee account is required and shown masked; the paying
department is the benefit's (or the owning department). The case row is locked while paying,
and the `(application, instalment)` unique constraint stands behind the lock: a double click,
a retried request or two officers at once pay once.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, DomainError
from rencai.core.money import yuan_digits
from rencai.policies.choices import EntitlementState

from .. import permissions
from ..choices import ApplicationState
from ..errors import DeskError
from ..instalments import instalments_left, instalments_of
from ..models import Application, Disbursement
from . import budgets
from .common import changing, move_entitlement, replayed

ACCOUNT_RE = re.compile(r"^\d{8,32}$")


def mask_account(value: str) -> str:
    """All but the last four characters masked: ***************1234."""
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def clean_account(value: str) -> str:
    """A bank account or card number: 8–32 digits (spaces and dashes dropped)."""
    account = re.sub(r"[\s-]", "", value or "")
    if not ACCOUNT_RE.match(account):
        message = _("Enter the payee's bank account number (8 to 32 digits).")
        raise DomainError(
            message, code=DeskError.INVALID_ACCOUNT, fields={"payee_account": [message]}
        )
    return account


def _already_paid(instalment: int) -> Conflict:
    message = _("Instalment %(n)s has already been paid.") % {"n": instalment}
    return Conflict(message, code=DeskError.ALREADY_PAID, fields={"instalment": [message]})


def _choose_instalment(case: Application, instalment: int | None) -> int:
    if not case.amount_fen:
        raise DomainError(
            _("This case has no amount to pay (a benefit in kind): close it instead."),
            code=DeskError.NOTHING_TO_PAY,
        )
    total = instalments_of(case.benefit)
    left = instalments_left(case)
    if instalment is None:
        if not left:
            raise _already_paid(total)
        return left[0]
    if not 1 <= instalment <= total:
        message = _("Choose an instalment from 1 to %(n)s.") % {"n": total}
        raise DomainError(message, code="invalid", fields={"instalment": [message]})
    if instalment not in left:
        raise _already_paid(instalment)
    return instalment


def disburse(
    application: Application,
    *,
    actor,
    instalment: int | None = None,
    paid_on: date | None = None,
    payee_account: str | None = None,
    idempotency_key: str = "",
) -> Disbursement:
    """Record the payment of one instalment (the next unpaid one unless given)."""
    with changing(application, actor=actor, action="disburse", key=idempotency_key) as change:
        case = change.case
        if change.replay:
            event = replayed(case, actor=actor, action="disburse", key=idempotency_key)
            return Disbursement.objects.get(pk=event.changes["disbursement"])
        number = _choose_instalment(case, instalment)
        account = clean_account(payee_account) if payee_account else case.payee_account
        if not account:
            message = _("The payee's bank account is required.")
            raise DomainError(
                message, code=DeskError.INVALID_ACCOUNT, fields={"payee_account": [message]}
            )
        paid_on = paid_on or clock.today()
        if paid_on > clock.today():
            message = _("The date cannot be in the future.")
            raise DomainError(message, code="invalid", fields={"paid_on": [message]})
        try:
            with transaction.atomic():
                payment = Disbursement.objects.create(
                    application=case,
                    instalment=number,
                    amount_fen=case.amount_fen,
                    payee_account=account,
                    paying_department_id=permissions.paying_department_id(case.benefit),
                    paid_on=paid_on,
                    recorded_by=audit.acting_user(actor),
                )
        except IntegrityError:
            raise _already_paid(number) from None
        budgets.spend(case, case.amount_fen)
        case.payee_account = account
        case.state = ApplicationState.DISBURSED
        case.save(update_fields=["state", "payee_account", "updated_at"])
        move_entitlement(case, EntitlementState.PAID, amount_fen=case.amount_fen)
        change.note = _("Instalment %(n)s: ¥%(amount)s paid on %(date)s") % {
            "n": number,
            "amount": yuan_digits(case.amount_fen),
            "date": paid_on,
        }
        change.extra = {
            "disbursement": payment.pk,
            "instalment": number,
            "amount_fen": case.amount_fen,
            "payee_account": mask_account(account),
        }
    return payment
