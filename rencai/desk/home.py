"""The desk's menu entries and home panels: the clerk's window, a department's queue, a
talent's applications. Registered in `DeskConfig.ready()`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.models import Organisation
from rencai.core.navigation import register_home_panel, register_nav, register_tab
from rencai.core.permissions import roles_of
from rencai.talents.providers import start_of_today

from . import progress, selectors, workflow
from .choices import ApplicationState

OFFICERS = frozenset({Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER})
RECENT = 5


def clerk_panel(actor, today: date) -> dict:
    """The way into the window (the one entry: find there, register there when not found),
    the cases the clerk opened today, and the clerk's own cases still open (accepted and
    waiting for a decision, or submitted and waiting for their documents), those due soonest
    first, with those due this week marked."""
    points = roles_of(actor).organisation_ids(Role.WINDOW_CLERK)
    mine = selectors.applications_for_actor(actor).filter(clerk_id=actor.pk)
    still_open = mine.filter(state__in=workflow.OPEN_STATES).order_by("due_at", "pk")
    week_end = clock.aware(datetime.combine(today + timedelta(days=6 - today.weekday()), time.max))
    open_cases = list(still_open[:RECENT])
    for case in open_cases:
        case.due_this_week = case.due_at is not None and case.due_at <= week_end  # type: ignore[attr-defined]
    return {
        "service_points": list(Organisation.objects.filter(pk__in=points).order_by("name")),
        "opened_today": mine.filter(created_at__gte=start_of_today()).count(),
        "open_cases": open_cases,
        "open_count": still_open.count(),
    }


def department_panel(actor, today: date) -> dict:
    """A department officer's work: the queue (overdue — by how many working days — and due
    this week), this year's budgets and what is left of them, and the latest payments."""
    queue = selectors.queue_for_actor(actor)
    urgent = (queue.overdue + queue.due_soon)[:RECENT]
    for case in urgent:
        case.late_days = queue.late_by.get(case.pk)  # type: ignore[attr-defined]
    return {
        "queue": queue,
        "urgent": urgent,
        "budgets": list(selectors.budgets_for_actor(actor, year=today.year).order_by("benefit")),
        "year": today.year,
        "payments": list(
            selectors.disbursements_for_actor(actor).order_by("-paid_on", "-id")[:RECENT]
        ),
    }


# The talent's cases on their home: those not over yet (an approved case waits for its money).
FOLLOWED_STATES = (*workflow.UNDECIDED_STATES, ApplicationState.APPROVED)


def talent_panel(actor, today: date) -> dict:
    """The talent's cases in progress: state, the next step, who acts next, the due date."""
    cases = list(
        selectors.applications_for_actor(actor)
        .filter(talent__user_id=actor.pk, state__in=FOLLOWED_STATES)
        .select_related("benefit", "department")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    steps = progress.next_steps(cases)
    for case in cases:
        case.next_step = steps.get(case.pk)
    return {"open_cases": cases}


def register() -> None:
    register_nav(
        "desk.window",
        url_name="desk:window",
        label=_("Window"),
        roles={Role.WINDOW_CLERK},
        order=110,
    )
    register_nav(
        "desk.cases",
        url_name="desk:application-list",
        label=_("Cases"),
        roles=OFFICERS | {Role.WINDOW_CLERK},
        order=300,
    )
    register_nav("desk.queue", url_name="desk:queue", label=_("Queue"), roles=OFFICERS, order=310)
    register_nav(
        "desk.report", url_name="desk:report", label=_("Handling times"), roles=OFFICERS, order=320
    )
    register_nav(
        "desk.ledger",
        url_name="desk:ledger",
        label=_("Disbursements"),
        roles={Role.TASK_FORCE, Role.DEPARTMENT_OFFICER, Role.COUNTY_OFFICER},
        order=330,
    )
    # 可申报 (what I can apply for) and 办件进度 (my cases' progress): two words a talent tells
    # apart, where 申报 and 我的申报 were not.
    register_nav(
        "desk.apply",
        url_name="desk:my-apply",
        label=_("Can apply for"),
        roles={Role.TALENT},
        order=402,
    )
    register_nav(
        "desk.my_applications",
        url_name="desk:my-applications",
        label=_("Case progress"),
        roles={Role.TALENT},
        order=404,
    )
    register_tab(
        "desk.apply",
        url_name="desk:my-apply",
        label=_("Can apply for"),
        roles={Role.TALENT},
        order=10,
    )
    register_tab(
        "desk.my_applications",
        url_name="desk:my-applications",
        label=_("Case progress"),
        roles={Role.TALENT},
        order=20,
    )
    register_nav(
        "desk.service_points",
        url_name="desk:service-point-list",
        label=_("Service points"),
        # where to go in person: for talents, the clerks who send them, the offices that plan
        roles={
            Role.TALENT,
            Role.WINDOW_CLERK,
            Role.CITY_ADMIN,
            Role.TASK_FORCE,
            Role.COUNTY_OFFICER,
        },
        order=900,
    )
    register_home_panel(
        "desk.window",
        template="desk/home/window_clerk.html",
        roles={Role.WINDOW_CLERK},
        build=clerk_panel,
        order=300,
    )
    register_home_panel(
        "desk.department",
        template="desk/home/department.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=department_panel,
        order=310,
    )
    register_home_panel(
        "desk.talent",
        template="desk/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=610,
    )
