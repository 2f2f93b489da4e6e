"""Load demo cases (示例) so the desk's queues, report and ledger have something to show.

Every case goes through the desk's own services, as the window and the departments would
do it: the clerk finds the talent, opens the case with everything confirmed, ticks the
originals, accepts and — where the benefit allows it — approves at the window; the paying
department records payments; the 人社局 decides the first step of the living allowance.
Afterwards the cases are spread over the past weeks (the clock fields, and the deadlines
and handling times recomputed from them by the desk's own timing functions), so the queue
has overdue cases and the report has medians. Deterministic from `--seed`; safe to run
again (it does nothing when demo cases exist).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rencai.core import audit, sms
from rencai.core.choices import Role
from rencai.core.errors import DomainError
from rencai.core.models import User
from rencai.desk import permissions, services
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.models import Application, ApplicationEvent, Disbursement
from rencai.desk.selectors import document_code
from rencai.desk.timing import clock_start, due_at_for, handling_times
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import TimeUnit
from rencai.policies.models import Benefit
from rencai.policies.outreach import candidates
from rencai.talents.services.registry import find_for_window


@dataclass(frozen=True)
class Plan:
    """How many cases of one benefit, and how far each goes."""

    benefit: str
    cases: int
    decided: int  # approved at the window, or by the first step's department
    paid: int


PLANS = (
    Plan("home_purchase_subsidy", cases=14, decided=11, paid=7),
    Plan("graduate_living_allowance", cases=10, decided=4, paid=0),
)


class Command(BaseCommand):
    help = "Open demo cases through the desk's services (示例); nothing if any case exists."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, seed: int, **options):
        if Application.objects.exists():
            self.stdout.write("demo cases: cases exist, nothing to do")
            return
        clerk = User.objects.filter(username="clerk").first()
        if clerk is None:
            self.stdout.write("demo cases: no demo clerk, nothing to do")
            return
        rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
        opened = []
        with sms.quietly():
            for plan in PLANS:
                opened += self._serve(plan, clerk, rng)
        with transaction.atomic():
            for case in opened:
                _spread(case, rng)
            audit.record(
                None,
                "demo.load",
                target_type="demo",
                target_repr="demo cases",
                changes={"cases": len(opened)},
            )
        self.stdout.write(f"demo cases: {len(opened)} opened")

    def _serve(self, plan: Plan, clerk: User, rng: random.Random) -> list[Application]:
        benefit = Benefit.objects.filter(code=plan.benefit).first()
        today = timezone.localdate()
        version = policy_selectors.current_version(benefit, today) if benefit else None
        if version is None:
            return []
        # Synthetic talents only: the demo talent's own record stays free for the demo.
        found = candidates(benefit, version, today).filter(user__isnull=True).order_by("pk")
        cases = []
        for n, talent in enumerate(found[: plan.cases]):
            find_for_window(actor=clerk, id_number=talent.id_number)
            try:
                case = services.open_application(
                    talent,
                    benefit,
                    actor=clerk,
                    confirmed=[str(c) for c in version.to_confirm or []],
                    payee_account=f"62170{rng.randrange(10**13, 10**14)}",
                )
                for name in benefit.documents or []:
                    services.mark_document_seen(case, actor=clerk, code=document_code(str(name)))
                if n < plan.decided:
                    case = _decide(case, clerk)
                payer = _officer(permissions.paying_department_id(case.benefit))
                if (
                    n < plan.paid
                    and payer
                    and "disburse" in permissions.allowed_actions(payer, case)
                ):
                    services.disburse(case, actor=payer)
            except DomainError as exc:  # a budget or rule the demo data does not meet
                self.stderr.write(f"demo case for {talent.pk} stopped: {exc.message}")
                continue
            cases.append(case)
        return cases


def _officer(organisation_id: int) -> User | None:
    return User.objects.filter(
        role_assignments__role=Role.DEPARTMENT_OFFICER,
        role_assignments__organisation_id=organisation_id,
    ).first()


def _decide(case: Application, clerk: User) -> Application:
    """Accept, then approve step by step, each time as whoever may: the clerk at the window,
    else an officer of the organisation the step names."""
    case = _as_whoever_may(case, "accept", services.accept_application, clerk)
    while case.state == ApplicationState.ACCEPTED:
        step = case.benefit.approval_steps.filter(order=case.step).first()
        before = case.step
        case = _as_whoever_may(
            case,
            "approve",
            services.approve_application,
            clerk,
            step.organisation_id if step else None,
        )
        if case.state == ApplicationState.ACCEPTED and case.step == before:
            break  # nobody in the demo may decide this step
    return case


def _as_whoever_may(case, action, service, clerk, organisation_id=None) -> Application:
    officer = _officer(organisation_id or case.department_id)
    for actor in (clerk, officer):
        if actor is not None and action in permissions.allowed_actions(actor, case):
            return service(case, actor=actor)
    return case


def _spread(case: Application, rng: random.Random) -> None:
    """Move a case back to a working morning of the past six weeks, as if served then."""
    days_ago = rng.randrange(1, 42)
    day = timezone.localdate() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    start = timezone.make_aware(
        datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randrange(0, 420))
    )
    shift = start - case.opened_at
    case.opened_at = case.created_at = start
    if case.submitted_at is not None:
        case.submitted_at += shift
    if case.decided_at is not None:
        window = case.channel != Channel.ONLINE and case.benefit.time_unit == TimeUnit.MINUTES
        seconds = rng.randrange(120, 340) if window else rng.randrange(1, 5) * 86400
        case.decided_at = clock_start(case) + timedelta(seconds=seconds)
        case.handling_seconds, case.handling_working_days = handling_times(case, case.decided_at)
    case.due_at = due_at_for(case.benefit, clock_start(case))
    case.save(
        update_fields=[
            "created_at",
            "opened_at",
            "submitted_at",
            "decided_at",
            "handling_seconds",
            "handling_working_days",
            "due_at",
        ]
    )
    # The history moves with the case (the shift is back in time: events stay in the past).
    ApplicationEvent.objects.filter(application=case).update(created_at=F("created_at") + shift)
    if case.decided_at is not None:
        paid_on = min(
            timezone.localtime(case.decided_at).date() + timedelta(days=3), timezone.localdate()
        )
        Disbursement.objects.filter(application=case).update(paid_on=paid_on)
