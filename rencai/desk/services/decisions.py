"""Deciding cases: approve the step the case waits for, reject, approve many at once.

Approval checks eligibility again on the day (under the case's benefit version, ignoring the
case's own pending entitlement): if it no longer holds, approval is blocked with the reasons.
A multi-step benefit keeps the case `accepted` until its last step approves; each step is one
`StepApproval` by an officer of the organisation the step names. The last step commits the
amount to the budget (refused with the figures if it would be exceeded), grants the
entitlement, and stops the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError
from rencai.policies.choices import EntitlementState

from ..choices import ApplicationState, StepDecision
from ..eligibility import check_eligibility, refuse_unless_eligible, require_amount
from ..errors import DeskError
from ..models import Application, StepApproval
from ..steps import current_step, next_step
from ..timing import handling_times
from . import budgets
from .common import changing, move_entitlement, require_reason

A = ApplicationState


def _decide(case: Application) -> None:
    """Stamp the decision time and the measured handling times."""
    case.decided_at = clock.now()
    case.handling_seconds, case.handling_working_days = handling_times(case, case.decided_at)


DECISION_FIELDS = ["decided_at", "handling_seconds", "handling_working_days"]


def approve_application(
    application: Application, *, actor, note: str = "", idempotency_key: str = ""
) -> Application:
    """Approve the step the case waits for; the last step approves the case."""
    with changing(
        application, actor=actor, action="approve", key=idempotency_key, note=note
    ) as change:
        case = change.case
        if change.replay:
            return case
        result = check_eligibility(case.talent, case.version, confirmed=case.confirmed)
        refuse_unless_eligible(result, submitting=True, code=DeskError.NO_LONGER_ELIGIBLE)
        require_amount(result)
        step = current_step(case)
        StepApproval.objects.create(
            application=case,
            order=step.order,
            organisation_id=step.organisation_id,
            decision=StepDecision.APPROVED,
            decided_by=actor,
            note=(note or "")[:300],
        )
        case.decision_explanation = result.to_dict()
        following = next_step(case)
        if following is not None:
            case.step = following.order
            case.save(update_fields=["step", "decision_explanation", "updated_at"])
            change.action = "approve_step"
            change.note = note or _("Step %(order)s approved") % {"order": step.order}
            change.extra = {"step": step.order}
            change.tell_talent = False
            return case
        case.amount_fen = result.amount_fen
        case.state = A.APPROVED
        _decide(case)
        committed = budgets.commit(case, budgets.total_fen(case), year=budgets.decision_year(case))
        case.save(
            update_fields=[
                "state",
                "amount_fen",
                "decision_explanation",
                *DECISION_FIELDS,
                "updated_at",
            ]
        )
        move_entitlement(case, EntitlementState.GRANTED, amount_fen=case.amount_fen)
        change.extra = {"step": step.order, "budget": committed.pk if committed else None}
    return case


def reject_application(
    application: Application, *, actor, reason: str, idempotency_key: str = ""
) -> Application:
    """Reject the case with a reason (at intake, or at the step it waits for)."""
    reason = require_reason(reason)
    with changing(
        application, actor=actor, action="reject", key=idempotency_key, note=reason
    ) as change:
        case = change.case
        if change.replay:
            return case
        if case.state == A.ACCEPTED:
            step = current_step(case)
            StepApproval.objects.create(
                application=case,
                order=step.order,
                organisation_id=step.organisation_id,
                decision=StepDecision.REJECTED,
                decided_by=actor,
                note=reason,
            )
        case.state = A.REJECTED
        case.reason = reason
        _decide(case)
        case.save(update_fields=["state", "reason", *DECISION_FIELDS, "updated_at"])
        move_entitlement(case, EntitlementState.REJECTED)
    return case


@dataclass(frozen=True)
class BulkResult:
    """One case of a bulk approval: its state afterwards, or why it was refused."""

    application_id: int
    ok: bool
    state: str
    code: str = ""
    message: str = ""
    number: str = ""


def bulk_approve(applications: Iterable[Application], *, actor, note: str = "") -> list[BulkResult]:
    """Approve many cases (e.g. 免申即享), each on its own: checked, audited and notified
    like a single approval; one refusal does not stop the others."""
    results = []
    cases = sorted(applications, key=lambda case: case.pk)
    for case in cases:
        try:
            done = approve_application(case, actor=actor, note=note)
        except DomainError as exc:
            results.append(
                BulkResult(
                    case.pk, False, case.state, str(exc.code), str(exc.message), case.public_number
                )
            )
        except ValidationError as exc:
            results.append(
                BulkResult(
                    case.pk,
                    False,
                    case.state,
                    "invalid",
                    "; ".join(exc.messages),
                    case.public_number,
                )
            )
        else:
            results.append(BulkResult(case.pk, True, done.state, number=case.public_number))
    audit.record(
        actor,
        "application.bulk_approve",
        target_type=Application._meta.label_lower,
        target_repr=", ".join(case.public_number for case in cases)[:200],
        changes={
            "approved": sum(r.ok for r in results),
            "refused": sum(not r.ok for r in results),
        },
    )
    return results
