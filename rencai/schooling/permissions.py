"""Named predicates: who may do what to an enrolment case (ROLES.md). Visibility is answered
first by `selectors.cases_for_actor`; these answer the next question for a case the actor sees.

- The talent requests follow-up for their own children.
- Officers of the case's education office (the county's education bureau, or the city's)
  review it, assign a school, record the enrolment, or close it as not placed.
- A school contact records the enrolment of the cases assigned to their school.
- The task force and county officers read; hospitals, banks and others see nothing.

`actor=None` is a system job (the demo): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from . import workflow
from .models import EnrolmentCase


def _system(actor) -> bool:
    return actor is None


def office_officer(actor, case: EnrolmentCase) -> bool:
    """An officer of the education office the case is routed to."""
    offices = roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)
    return case.education_office_id in offices


def school_contact(actor, case: EnrolmentCase) -> bool:
    """A contact of the school the case is assigned to."""
    if case.assigned_school_id is None:
        return False
    return case.assigned_school_id in roles_of(actor).organisation_ids(Role.SCHOOL_CONTACT)


def can_request(actor, talent: Talent) -> bool:
    """A talent, for their own children."""
    if _system(actor):
        return True
    return roles_of(actor).has(Role.TALENT) and talent.user_id == actor.pk


def can_review(actor, case: EnrolmentCase) -> bool:
    return _system(actor) or office_officer(actor, case)


def can_assign(actor, case: EnrolmentCase) -> bool:
    return _system(actor) or office_officer(actor, case)


def can_enrol(actor, case: EnrolmentCase) -> bool:
    return _system(actor) or office_officer(actor, case) or school_contact(actor, case)


def can_not_place(actor, case: EnrolmentCase) -> bool:
    return _system(actor) or office_officer(actor, case)


PREDICATES = {
    "review": can_review,
    "assign": can_assign,
    "enrol": can_enrol,
    "not_place": can_not_place,
}


def may(actor, case: EnrolmentCase, action: str) -> bool:
    return PREDICATES[action](actor, case)


def allowed_actions(actor, case: EnrolmentCase) -> list[str]:
    """The actions both the state table and the actor's roles allow now (the page's buttons)."""
    return [a for a in workflow.actions_from(case.state) if may(actor, case, a)]


def can_list(actor) -> bool:
    """The case list and its export: every office role that may see a case."""
    return roles_of(actor).has(
        Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.SCHOOL_CONTACT
    )
