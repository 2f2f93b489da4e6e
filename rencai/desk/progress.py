"""A case's progress as its talent follows it: the steps as a timeline (done, current, to
come), with their dates and who acts next — the department or "you", never a staff name.

`timeline(case)` reads the case's history, step approvals and payments (three queries);
`next_milestone(case)` is the current step of it, for the talent's home.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rencai.core.models import Organisation

from .choices import ApplicationState
from .models import Application
from .steps import steps_of

A = ApplicationState
YOU = _("You")

DONE = "done"
CURRENT = "current"
TODO = "todo"
STOPPED = "stopped"


@dataclass(frozen=True)
class Milestone:
    what: str
    who: str  # the organisation (or "you") that acts at this step
    status: str  # done | current | todo | stopped
    when: datetime | date | None = None
    note: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


def _first_event(events, state: str) -> datetime | None:
    return next((e.created_at for e in events if e.to_state == state), None)


def _last_event(events, state: str):
    found = [e for e in events if e.to_state == state]
    return found[-1] if found else None


def _paying_department(case: Application, payments) -> Organisation | None:
    if payments:
        return payments[0].paying_department
    return case.benefit.paying_department or case.department


def timeline(case: Application) -> list[Milestone]:
    """The case's steps in order. Past ones carry their date; the current one says who acts."""
    events = list(case.events.order_by("created_at", "id"))
    approvals = {a.order: a for a in case.approvals.select_related("organisation")}
    steps = steps_of(case.benefit)
    names = Organisation.objects.in_bulk([s.organisation_id for s in steps] + [case.department_id])
    department = names.get(case.department_id)
    state = case.state
    milestones: list[Milestone] = []

    # 1. The talent submits (a draft waits for them).
    submitted = _first_event(events, A.SUBMITTED) or case.submitted_at
    if state == A.DRAFT:
        milestones.append(Milestone(gettext("Submit the application"), str(YOU), CURRENT))
    else:
        milestones.append(Milestone(gettext("Application submitted"), str(YOU), DONE, submitted))

    # A return for correction: it waits for the talent until they resubmit.
    returned = _last_event(events, A.RETURNED)
    if returned is not None:
        milestones.append(
            Milestone(
                gettext("Returned for correction"),
                str(department or ""),
                DONE,
                returned.created_at,
                returned.note,
            )
        )
        if state == A.RETURNED:
            milestones.append(
                Milestone(gettext("Correct and submit again"), str(YOU), CURRENT, note="")
            )
        else:
            resubmitted = next(
                (
                    e.created_at
                    for e in events
                    if e.to_state == A.SUBMITTED and e.created_at >= returned.created_at
                ),
                None,
            )
            milestones.append(Milestone(gettext("Submitted again"), str(YOU), DONE, resubmitted))

    # 2. The department accepts it (受理).
    accepted = _first_event(events, A.ACCEPTED)
    ended = state in (A.REJECTED, A.WITHDRAWN)
    if accepted:
        milestones.append(Milestone(gettext("Accepted"), str(department or ""), DONE, accepted))
    elif not ended:
        milestones.append(
            Milestone(
                gettext("Acceptance"),
                str(department or ""),
                CURRENT if state == A.SUBMITTED else TODO,
            )
        )

    # 3. Each approval step, decided by its organisation.
    for step in steps:
        approval = approvals.get(step.order)
        organisation = names.get(step.organisation_id)
        what = (
            gettext("Review and decision")
            if len(steps) == 1
            else gettext("Approval, step %(n)s of %(total)s")
            % {"n": step.order, "total": len(steps)}
        )
        if approval is not None:
            milestones.append(
                Milestone(what, str(approval.organisation), DONE, approval.decided_at)
            )
        elif not ended:
            current = state == A.ACCEPTED and step.order == case.step
            milestones.append(
                Milestone(what, str(organisation or ""), CURRENT if current else TODO)
            )

    # 4. The end: rejected or withdrawn, or the decision and the payment.
    if state == A.REJECTED:
        milestones.append(
            Milestone(
                gettext("Rejected"), str(department or ""), STOPPED, case.decided_at, case.reason
            )
        )
    elif state == A.WITHDRAWN:
        withdrawn = _last_event(events, A.WITHDRAWN)
        when = withdrawn.created_at if withdrawn else None
        milestones.append(Milestone(gettext("Withdrawn"), str(YOU), STOPPED, when))
    else:
        if case.decided_at:
            milestones.append(
                Milestone(gettext("Approved"), str(department or ""), DONE, case.decided_at)
            )
        if case.amount_fen or (case.version.amount or {}).get("kind", "none") != "none":
            payments = list(
                case.disbursements.select_related("paying_department").order_by("instalment")
            )
            payer = _paying_department(case, payments)
            for payment in payments:
                milestones.append(
                    Milestone(
                        gettext("Paid, instalment %(n)s") % {"n": payment.instalment}
                        if len(payments) > 1
                        else gettext("Paid"),
                        str(payment.paying_department),
                        DONE,
                        payment.paid_on,
                    )
                )
            if state == A.APPROVED or (state == A.DISBURSED and not payments):
                milestones.append(Milestone(gettext("Payment"), str(payer or ""), CURRENT))
            elif state not in (A.DISBURSED, A.CLOSED) and not payments:
                milestones.append(Milestone(gettext("Payment"), str(payer or ""), TODO))
        if state == A.CLOSED:
            closed = _last_event(events, A.CLOSED)
            milestones.append(
                Milestone(
                    gettext("Closed"),
                    str(department or ""),
                    DONE,
                    closed.created_at if closed else None,
                )
            )
    return milestones


def next_milestone(case: Application) -> Milestone | None:
    """The step the case waits for now, or None once it is over."""
    return next((m for m in timeline(case) if m.status == CURRENT), None)


@dataclass(frozen=True)
class NextStep:
    what: str
    who: str


def next_steps(cases: list[Application]) -> dict[int, NextStep]:
    """What each case waits for and who acts, for a list (the talent's home): a fixed number
    of queries whatever the number of cases (the cases come with `department` selected)."""
    from .models import ApprovalStep

    benefit_ids = {case.benefit_id for case in cases}
    chains: dict[int, list[ApprovalStep]] = {}
    for row in ApprovalStep.objects.filter(benefit_id__in=benefit_ids).select_related(
        "organisation"
    ):
        chains.setdefault(row.benefit_id, []).append(row)
    found: dict[int, NextStep] = {}
    for case in cases:
        chain = sorted(chains.get(case.benefit_id, []), key=lambda r: r.order)
        department = str(case.department)
        if case.state == A.DRAFT:
            found[case.pk] = NextStep(gettext("Submit the application"), str(YOU))
        elif case.state == A.RETURNED:
            found[case.pk] = NextStep(gettext("Correct and submit again"), str(YOU))
        elif case.state == A.SUBMITTED:
            found[case.pk] = NextStep(gettext("Acceptance"), department)
        elif case.state == A.ACCEPTED:
            step = next((r for r in chain if r.order == case.step), None)
            what = (
                gettext("Approval, step %(n)s of %(total)s") % {"n": case.step, "total": len(chain)}
                if len(chain) > 1
                else gettext("Review and decision")
            )
            found[case.pk] = NextStep(what, str(step.organisation) if step else department)
        elif case.state == A.APPROVED:
            payer = case.benefit.paying_department
            found[case.pk] = NextStep(gettext("Payment"), str(payer) if payer else department)
    return found
