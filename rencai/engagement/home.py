"""Engagement's menu entries and home panels: the contact leader's talents, what is due this
year and their open requests; a department's requests (overdue first); the task force's
overdue requests across departments; the talent's own requests. Registered in
`EngagementConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav
from rencai.core.permissions import roles_of

from . import selectors, workflow
from .models import FiveOnesItem, TalentRequest

RECENT = 8


def leader_panel(actor, today: date) -> dict:
    """The leader's talents this year, the five-ones items still due, their open requests."""
    pairings = list(
        selectors.leader_pairings(actor, today.year).annotate(done=Count("ticks", distinct=True))
    )
    items = FiveOnesItem.objects.filter(year=today.year).count()
    rows = [{"pairing": p, "done": p.done, "due": max(items - p.done, 0)} for p in pairings]
    requests = selectors.requests_for_actor(actor).filter(state__in=workflow.OPEN_STATES)
    return {
        "rows": rows,
        "items": items,
        "year": today.year,
        "due_total": sum(r["due"] for r in rows),
        "requests": list(requests.order_by("due_on", "pk")[:RECENT]),
        "open_count": requests.count(),
        "today": today,
    }


def _department_summary(requests, today: date) -> dict:
    counts = requests.aggregate(
        open=Count("pk", filter=Q(state__in=workflow.OPEN_STATES)),
        overdue=Count("pk", filter=selectors.overdue_q(today)),
        answered=Count("pk", filter=Q(state=workflow.S.ANSWERED)),
    )
    overdue = requests.filter(selectors.overdue_q(today)).order_by("due_on", "pk")
    others = requests.filter(state__in=workflow.OPEN_STATES).exclude(selectors.overdue_q(today))
    listed = list(overdue[:RECENT])
    listed += list(others.order_by("due_on", "pk")[: max(RECENT - len(listed), 0)])
    return {**counts, "requests": listed, "today": today}


def department_panel(actor, today: date) -> dict | None:
    """A department officer's requests, overdue first; none at all: no panel."""
    departments = sorted(roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER))
    requests = TalentRequest.objects.filter(department_id__in=departments).select_related(
        "talent", "department"
    )
    if not departments or not requests.exists():
        return None
    return _department_summary(requests, today)


def task_force_panel(actor, today: date) -> dict:
    """Overdue requests across departments, counted per department."""
    overdue = selectors.overdue_for_actor(actor, today)
    by_department = (
        overdue.values("department__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "department__name")
    )
    return {
        "overdue": list(overdue[:RECENT]),
        "overdue_count": overdue.count(),
        "by_department": list(by_department),
        "today": today,
    }


def talent_panel(actor, today: date) -> dict | None:
    requests = list(selectors.own_requests(actor)[:RECENT])
    return {"requests": requests, "today": today}


def register() -> None:
    register_nav(
        "engagement.pairings",
        url_name="engagement:pairing-list",
        label=_("Leader contact"),
        roles={Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.CONTACT_LEADER},
        order=370,
    )
    register_nav(
        "engagement.requests",
        url_name="engagement:request-list",
        label=_("Talents' requests"),
        roles={Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.CONTACT_LEADER},
        order=371,
    )
    register_nav(
        "engagement.rates",
        url_name="engagement:rates",
        label=_("Request rates"),
        roles={Role.TASK_FORCE, Role.DEPARTMENT_OFFICER},
        order=372,
    )
    register_nav(
        "engagement.mine",
        url_name="engagement:my-requests",
        label=_("My requests"),
        roles={Role.TALENT},
        order=440,
    )
    register_home_panel(
        "engagement.leader",
        template="engagement/home/leader.html",
        roles={Role.CONTACT_LEADER},
        build=leader_panel,
        order=200,
    )
    register_home_panel(
        "engagement.department",
        template="engagement/home/department.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=department_panel,
        order=325,
    )
    register_home_panel(
        "engagement.task_force",
        template="engagement/home/task_force.html",
        roles={Role.TASK_FORCE},
        build=task_force_panel,
        order=335,
    )
    register_home_panel(
        "engagement.talent",
        template="engagement/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=715,
    )
