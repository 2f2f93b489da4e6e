"""What every loan service shares: the audited fields, the step frame (lock, check,
change, time, record, notify) and moving the shared entitlement on."""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit, calendar, clock
from rencai.core.errors import PermissionDenied
from rencai.core.notifications import notify
from rencai.policies.choices import DEAD_STATES, EntitlementState
from rencai.policies.services.entitlements import (
    allowed_transitions,
    transition_entitlement,
)

from .. import permissions, selectors, workflow
from ..choices import OPEN_STATES, LoanState
from ..errors import LoanRefused
from ..models import Loan, LoanEvent

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
        tell_talent(locked, note=step.note)
    loan.__dict__.update(locked.__dict__)


def tell_talent(loan: Loan, *, note: str = "") -> None:
    talent = loan.talent
    notify(
        title=_("Your loan application #%(id)s: %(state)s")
        % {"id": loan.pk, "state": LoanState(loan.state).label},
        body=note,
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def move_entitlement(loan: Loan, to_state: str) -> None:
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
    if to_state not in allowed_transitions(entitlement.state):
        # further on already through what else it is shared with (the desk paid the subsidy,
        # an earlier loan ran its course): a loan never moves it back
        return
    loan.entitlement = transition_entitlement(
        entitlement, actor=None, to_state=to_state, note=_("Loan #%(id)s") % {"id": loan.pk}
    )
