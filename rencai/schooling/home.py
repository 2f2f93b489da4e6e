"""Schooling's menu entries and home panels: the education office's cases and what is
overdue, the task force's overdue list, a school's cases to enrol, a talent's children.
Registered in `SchoolingConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.models import Organisation
from rencai.core.navigation import register_home_panel, register_nav
from rencai.core.permissions import roles_of

from . import selectors, workflow
from .choices import EnrolmentState
from .services import EDUCATION_CODE

RECENT = 5


def _open_by_state(cases) -> list[tuple[str, int]]:
    counts = dict(
        cases.filter(state__in=workflow.OPEN_STATES)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(EnrolmentState(s).label, counts.get(s, 0)) for s in workflow.OPEN_STATES]


def education_panel(actor, today: date) -> dict | None:
    """Only for officers of an education bureau: their open cases and the overdue ones."""
    offices = roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)
    if not Organisation.objects.filter(pk__in=sorted(offices), code=EDUCATION_CODE).exists():
        return None
    cases = selectors.cases_for_actor(actor).filter(education_office_id__in=sorted(offices))
    overdue = selectors.overdue_for_actor(actor, today).filter(
        education_office_id__in=sorted(offices)
    )
    return {
        "by_state": _open_by_state(cases),
        "overdue_count": overdue.count(),
        "overdue": list(overdue[:RECENT]),
    }


def task_force_panel(actor, today: date) -> dict:
    overdue = selectors.overdue_for_actor(actor, today)
    return {
        "by_state": _open_by_state(selectors.cases_for_actor(actor)),
        "overdue_count": overdue.count(),
        "overdue": list(overdue[:RECENT]),
    }


def school_panel(actor, today: date) -> dict:
    waiting = selectors.waiting_at_school(actor)
    return {"waiting_count": waiting.count(), "waiting": list(waiting[:RECENT])}


def talent_panel(actor, today: date) -> dict:
    return {"cases": list(selectors.children_cases(actor)[:RECENT])}


OFFICES = {Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.SCHOOL_CONTACT}


def register() -> None:
    register_nav(
        "schooling.cases",
        url_name="schooling-case-list",
        label=_("Schooling"),
        roles=OFFICES,
        order=350,
    )
    register_nav(
        "schooling.mine",
        url_name="my-schooling",
        label=_("Children's schooling"),
        roles={Role.TALENT},
        order=430,
    )
    register_home_panel(
        "schooling.education",
        template="schooling/home/office.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=education_panel,
        order=320,
    )
    register_home_panel(
        "schooling.task_force",
        template="schooling/home/office.html",
        roles={Role.TASK_FORCE},
        build=task_force_panel,
        order=330,
    )
    register_home_panel(
        "schooling.school",
        template="schooling/home/school.html",
        roles={Role.SCHOOL_CONTACT},
        build=school_panel,
        order=340,
    )
    register_home_panel(
        "schooling.talent",
        template="schooling/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=710,
    )
