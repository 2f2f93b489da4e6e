"""Schooling's menu entries and home panels: the education office's cases and what is
overdue, the task force's overdue list, a school's cases to enrol, a talent's children.
Registered in `SchoolingConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.models import Organisation
from rencai.core.navigation import register_home_panel, register_nav
from rencai.core.permissions import roles_of

from . import selectors, workflow
from .choices import EnrolmentState
from .services import EDUCATION_CODE

RECENT = 5


def _summary(cases, today: date) -> dict:
    """Open cases by state and the overdue ones (counted in the same query), the first few."""
    counts = cases.aggregate(
        overdue=Count("pk", filter=selectors.overdue_q(today)),
        **{state: Count("pk", filter=Q(state=state)) for state in workflow.OPEN_STATES},
    )
    overdue = cases.filter(selectors.overdue_q(today)).order_by("due_on", "pk")
    return {
        "by_state": [(EnrolmentState(s).label, counts[s]) for s in workflow.OPEN_STATES],
        "overdue_count": counts["overdue"],
        "overdue": list(overdue[:RECENT]),
    }


def education_panel(actor, today: date) -> dict | None:
    """Only for officers of an education bureau: their open cases and the overdue ones."""
    offices = sorted(roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER))
    if not offices or not Organisation.objects.filter(pk__in=offices, code=EDUCATION_CODE).exists():
        return None
    cases = selectors.cases_for_actor(actor).filter(education_office_id__in=offices)
    return _summary(cases, today)


def task_force_panel(actor, today: date) -> dict:
    return _summary(selectors.cases_for_actor(actor), today)


def school_panel(actor, today: date) -> dict:
    waiting = selectors.waiting_at_school(actor)
    return {"waiting_count": waiting.count(), "waiting": list(waiting[:RECENT])}


def talent_panel(actor, today: date) -> dict:
    return {"cases": list(selectors.children_cases(actor)[:RECENT])}


OFFICES = {Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.SCHOOL_CONTACT}


def register() -> None:
    register_nav(
        "schooling.cases",
        url_name="schooling:case-list",
        label=_("Schooling"),
        roles=OFFICES,
        order=350,
    )
    register_nav(
        "schooling.mine",
        url_name="schooling:my-schooling",
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


def talent_page_panel(actor, talent) -> dict | None:
    """The talent page's schooling section: the children's cases the viewer sees (none: hidden)."""
    cases = list(selectors.cases_for_actor(actor).filter(talent=talent))
    if not cases:
        return None
    return {"template": "schooling/_talent_cases.html", "context": {"cases": cases}}
