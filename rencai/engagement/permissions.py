"""Named predicates: who may do what with pairings, contacts and requests (ROLES.md).
Visibility is answered first by the selectors; these answer the next question.

- The task force pairs leaders with high-level talents, assigns requests and excludes a
  request from the rates (with a reason); it sees everything.
- A contact leader ticks the five ones, logs contacts and raises requests for their paired
  talents, and may record the talent's feedback heard on a visit.
- Officers of the department a request is assigned to take it up and answer it.
- The talent raises their own requests and gives their feedback.
- Officers, clerks and county officers may record a request for a talent they see.

`actor=None` is a system job (the demo): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from . import workflow
from .models import ContactPairing, TalentRequest


def _system(actor) -> bool:
    return actor is None


def is_task_force(actor) -> bool:
    return _system(actor) or roles_of(actor).has(Role.TASK_FORCE)


def is_leader_of(actor, pairing: ContactPairing) -> bool:
    return (
        actor is not None
        and roles_of(actor).has(Role.CONTACT_LEADER)
        and pairing.leader_id == actor.pk
    )


def can_pair(actor) -> bool:
    return is_task_force(actor)


def can_record_contact(actor, pairing: ContactPairing) -> bool:
    """Ticks and contact logs: the pairing's leader (or the task force for them)."""
    return is_task_force(actor) or is_leader_of(actor, pairing)


def department_officer(actor, request: TalentRequest) -> bool:
    if actor is None or request.department_id is None:
        return False
    return request.department_id in roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def is_own(actor, talent: Talent) -> bool:
    return actor is not None and roles_of(actor).has(Role.TALENT) and talent.user_id == actor.pk


def is_paired_leader(actor, talent: Talent) -> bool:
    if actor is None or not roles_of(actor).has(Role.CONTACT_LEADER):
        return False
    return ContactPairing.objects.filter(leader_id=actor.pk, talent=talent).exists()


def can_raise(actor, talent: Talent) -> bool:
    """Raising is for those who serve the talent; the caller checked the talent is visible."""
    if _system(actor) or is_own(actor, talent) or is_paired_leader(actor, talent):
        return True
    return roles_of(actor).has(
        Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.WINDOW_CLERK
    )


def can_assign(actor, request: TalentRequest) -> bool:
    return is_task_force(actor) or (
        request.state == workflow.S.RAISED and is_paired_leader(actor, request.talent)
    )


def can_respond(actor, request: TalentRequest) -> bool:
    return _system(actor) or department_officer(actor, request)


def can_answer(actor, request: TalentRequest) -> bool:
    return _system(actor) or department_officer(actor, request)


def can_give_feedback(actor, request: TalentRequest) -> bool:
    """The talent; or, for them, their contact leader or the task force (a callback)."""
    return (
        is_task_force(actor)
        or is_own(actor, request.talent)
        or is_paired_leader(actor, request.talent)
    )


def can_exclude(actor) -> bool:
    return is_task_force(actor)


PREDICATES = {
    "assign": can_assign,
    "respond": can_respond,
    "answer": can_answer,
    "feedback": can_give_feedback,
}


def may(actor, request: TalentRequest, action: str) -> bool:
    return PREDICATES[action](actor, request)


def allowed_actions(actor, request: TalentRequest) -> list[str]:
    """The actions both the state table and the actor's roles allow now (the page's buttons)."""
    return [a for a in workflow.actions_from(request.state) if may(actor, request, a)]


def can_list_requests(actor) -> bool:
    return roles_of(actor).has(
        Role.TASK_FORCE,
        Role.COUNTY_OFFICER,
        Role.DEPARTMENT_OFFICER,
        Role.CONTACT_LEADER,
    )


def can_list_pairings(actor) -> bool:
    return roles_of(actor).has(Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.CONTACT_LEADER)


def can_see_rates(actor) -> bool:
    return roles_of(actor).has(Role.TASK_FORCE, Role.DEPARTMENT_OFFICER)


def can_record_for(actor) -> bool:
    """The officers and window clerks who record a request on a talent's behalf (the page; the
    talent must be one they see)."""
    return roles_of(actor).has(
        Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.WINDOW_CLERK
    )
