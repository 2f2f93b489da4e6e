"""A case's life around the decision (decisions.py decides; opening.py opens): submit a
draft, accept, return for correction, resubmit, withdraw before a decision, close."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.policies.choices import EntitlementState, Periodicity

from .. import selectors
from ..choices import ApplicationState
from ..eligibility import check_eligibility, refuse_unless_eligible, require_amount
from ..errors import DeskError
from ..models import Application
from ..steps import first_step
from ..timing import clock_start, due_at_for
from . import budgets
from .common import changing, move_entitlement, require_reason
from .opening import open_application
from .payments import clean_account

A = ApplicationState

__all__ = [
    "accept_application",
    "close_application",
    "open_application",
    "resubmit_application",
    "return_application",
    "submit_application",
    "withdraw_application",
]


# --- before the decision ------------------------------------------------------------------


def _reevaluate(case: Application, confirmed: Iterable[str] | None) -> None:
    chosen = case.confirmed if confirmed is None else list(confirmed)
    result = check_eligibility(case.talent, case.version, confirmed=chosen)
    refuse_unless_eligible(result, submitting=True)
    require_amount(result)
    case.explanation = result.to_dict()
    case.confirmed = list(result.confirmed)
    case.amount_fen = result.amount_fen


def _submit(
    application: Application, *, actor, action: str, confirmed, payee_account, note, key
) -> Application:
    with changing(application, actor=actor, action=action, key=key, note=note) as change:
        case = change.case
        if change.replay:
            return case
        _reevaluate(case, confirmed)
        if payee_account is not None:
            case.payee_account = clean_account(payee_account) if payee_account else ""
        case.state = A.SUBMITTED
        if case.submitted_at is None:
            case.submitted_at = clock.now()
        if case.due_at is None:
            case.due_at = due_at_for(case.benefit, clock_start(case))
        case.save(
            update_fields=[
                "state",
                "explanation",
                "confirmed",
                "amount_fen",
                "payee_account",
                "submitted_at",
                "due_at",
                "updated_at",
            ]
        )
    return case


def submit_application(
    application: Application,
    *,
    actor,
    confirmed: Iterable[str] | None = None,
    payee_account: str | None = None,
    idempotency_key: str = "",
) -> Application:
    """Submit a draft: eligibility checked again, conditions to confirm all confirmed."""
    return _submit(
        application,
        actor=actor,
        action="submit",
        confirmed=confirmed,
        payee_account=payee_account,
        note="",
        key=idempotency_key,
    )


def resubmit_application(
    application: Application,
    *,
    actor,
    confirmed: Iterable[str] | None = None,
    payee_account: str | None = None,
    note: str = "",
    idempotency_key: str = "",
) -> Application:
    """Send a returned case back, corrected: checked again like a submission. The clock
    keeps running from the first submission (or the window visit)."""
    return _submit(
        application,
        actor=actor,
        action="resubmit",
        confirmed=confirmed,
        payee_account=payee_account,
        note=note,
        key=idempotency_key,
    )


def accept_application(
    application: Application, *, actor, note: str = "", idempotency_key: str = ""
) -> Application:
    """Take the case in (受理): every document on the checklist seen or uploaded."""
    with changing(
        application, actor=actor, action="accept", key=idempotency_key, note=note
    ) as change:
        case = change.case
        if change.replay:
            return case
        missing = selectors.missing_documents(case)
        if missing:
            raise DomainError(
                _("Documents missing: %(list)s") % {"list": "; ".join(missing)},
                code=DeskError.DOCUMENTS_MISSING,
                fields={"documents": missing},
            )
        case.state = A.ACCEPTED
        case.save(update_fields=["state", "updated_at"])
    return case


def return_application(
    application: Application, *, actor, reason: str, idempotency_key: str = ""
) -> Application:
    """Send the case back to the talent for correction, with the reason. Step approvals
    already given are cleared: the corrected case is decided afresh (history keeps them)."""
    reason = require_reason(reason)
    with changing(
        application, actor=actor, action="return", key=idempotency_key, note=reason
    ) as change:
        case = change.case
        if change.replay:
            return case
        cleared = case.approvals.count()
        case.approvals.all().delete()
        case.state = A.RETURNED
        case.reason = reason
        case.step = first_step(case.benefit).order
        case.save(update_fields=["state", "reason", "step", "updated_at"])
        if cleared:
            change.extra = {"step_approvals_cleared": cleared}
    return case


def withdraw_application(
    application: Application, *, actor, reason: str = "", idempotency_key: str = ""
) -> Application:
    """The talent withdraws (before a decision); the entitlement is withdrawn with it."""
    with changing(application, actor=actor, action="withdraw", key=idempotency_key) as change:
        case = change.case
        if change.replay:
            return case
        case.state = A.WITHDRAWN
        case.reason = (reason or "").strip()[:300]
        case.save(update_fields=["state", "reason", "updated_at"])
        move_entitlement(case, EntitlementState.WITHDRAWN)
        change.note = case.reason
    return case


# --- after the decision -------------------------------------------------------------------


def close_application(
    application: Application, *, actor, note: str = "", idempotency_key: str = ""
) -> Application:
    """Close an approved or paid case. What was committed and not paid goes back to the
    budget; a monthly benefit's entitlement ends (a one-off stays paid, or granted in kind)."""
    with changing(
        application, actor=actor, action="close", key=idempotency_key, note=note
    ) as change:
        case = change.case
        if change.replay:
            return case
        released = budgets.release_unpaid(case)
        case.state = A.CLOSED
        case.closed_at = clock.now()
        case.save(update_fields=["state", "closed_at", "updated_at"])
        if case.benefit.periodicity == Periodicity.MONTHLY:
            move_entitlement(case, EntitlementState.ENDED)
        if released:
            change.extra = {"budget_released_fen": released}
    return case
