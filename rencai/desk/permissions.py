"""Named predicates: who may do what to a case (ROLES.md). Visibility is answered first by
`selectors.applications_for_actor`; these answer the next question for a case the actor sees.

- Window clerks open cases at their service point for talents they are serving, accept them
  (一窗受理), and approve only steps flagged `clerk_may_approve`, on cases they opened.
- Department officers decide the steps whose organisation is theirs (a benefit with no
  `ApprovalStep` rows: one step, by the owning department); the owning department accepts,
  returns and rejects at intake; the paying department records payments.
- County officers and the task force read; a talent opens online cases for themself, submits,
  resubmits and withdraws them before a decision. Banks, hospitals, schools: nothing.

`actor=None` is a system job (outreach opening 免申即享 cases): it may do everything.
"""

from __future__ import annotations

from rencai.core.choices import Role
from rencai.core.permissions import roles_of
from rencai.policies.models import Benefit
from rencai.talents.models import Talent

from . import workflow
from .choices import Channel
from .instalments import instalments_left
from .models import Application
from .steps import current_step

CLERK_CHANNELS = (Channel.WINDOW, Channel.STATION)


def _system(actor) -> bool:
    return actor is None


def officer_of(actor, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    return organisation_id in roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def paying_department_id(benefit: Benefit) -> int:
    return benefit.paying_department_id or benefit.owning_department_id


def _own_talent(actor, application: Application) -> bool:
    return roles_of(actor).has(Role.TALENT) and application.talent.user_id == actor.pk


def _opening_clerk(actor, application: Application) -> bool:
    return roles_of(actor).has(Role.WINDOW_CLERK) and application.clerk_id == actor.pk


def _owning_officer(actor, application: Application) -> bool:
    return officer_of(actor, application.department_id)


# --- opening ------------------------------------------------------------------------------


def can_open_application(actor, talent: Talent, benefit: Benefit, channel: str) -> bool:
    """Clerks at the window or station; a talent online for themself; outreach cases by the
    owning department, the task force or a system job."""
    if _system(actor):
        return True
    roles = roles_of(actor)
    if channel == Channel.ONLINE:
        return roles.has(Role.TALENT) and talent.user_id == actor.pk
    if channel in CLERK_CHANNELS:
        return roles.has(Role.WINDOW_CLERK)
    if channel == Channel.OUTREACH:
        return can_open_outreach_cases(actor, benefit)
    return False


def can_open_outreach_cases(actor, benefit: Benefit) -> bool:
    """Turn outreach's pending entitlements of a 免申即享 benefit into cases."""
    if _system(actor):
        return True
    return roles_of(actor).has(Role.TASK_FORCE) or officer_of(actor, benefit.owning_department_id)


# --- transitions --------------------------------------------------------------------------


def can_submit(actor, application: Application) -> bool:
    """Submit a draft, or resubmit a returned case: the talent (own) or the opening clerk."""
    return _system(actor) or _own_talent(actor, application) or _opening_clerk(actor, application)


def can_accept(actor, application: Application) -> bool:
    """Take the case in (受理): the owning department, or the clerk who opened it."""
    return (
        _system(actor) or _owning_officer(actor, application) or _opening_clerk(actor, application)
    )


def can_decide_step(actor, application: Application) -> bool:
    """Approve (or reject) the step the case waits for."""
    if _system(actor):
        return False  # a decision is always a person's
    step = current_step(application)
    if officer_of(actor, step.organisation_id):
        return True
    return step.clerk_may_approve and _opening_clerk(actor, application)


def can_return(actor, application: Application) -> bool:
    if application.state == workflow.A.ACCEPTED:
        return _owning_officer(actor, application) or can_decide_step(actor, application)
    return can_accept(actor, application)


def can_reject(actor, application: Application) -> bool:
    """At intake (submitted) the owning department; once accepted, whoever decides the step."""
    if application.state == workflow.A.SUBMITTED:
        return _owning_officer(actor, application)
    return can_decide_step(actor, application)


def can_withdraw(actor, application: Application) -> bool:
    """The talent, or the clerk serving them at the window, before a decision."""
    return _own_talent(actor, application) or _opening_clerk(actor, application)


def can_disburse(actor, application: Application) -> bool:
    return _system(actor) or officer_of(actor, paying_department_id(application.benefit))


def can_close(actor, application: Application) -> bool:
    return (
        _system(actor)
        or _owning_officer(actor, application)
        or officer_of(actor, paying_department_id(application.benefit))
    )


PREDICATES = {
    "submit": can_submit,
    "resubmit": can_submit,
    "accept": can_accept,
    "return": can_return,
    "withdraw": can_withdraw,
    "approve": can_decide_step,
    "reject": can_reject,
    "disburse": can_disburse,
    "close": can_close,
}


def may(actor, application: Application, action: str) -> bool:
    """Whether `actor` may take `action` on the case (the state table aside)."""
    return PREDICATES[action](actor, application)


def allowed_actions(actor, application: Application) -> list[str]:
    """The actions both the state table and the actor's roles allow now (the UI's buttons);
    `disburse` only while an instalment is left to pay."""
    actions = [
        action
        for action in workflow.actions_from(application.state)
        if may(actor, application, action)
    ]
    if "disburse" in actions and not instalments_left(application):
        actions.remove("disburse")
    return actions


# --- documents, budgets, reports ----------------------------------------------------------


def can_edit_documents(actor, application: Application) -> bool:
    """Upload or tick documents while the case is not yet accepted (or returned)."""
    if application.state not in (workflow.A.DRAFT, workflow.A.SUBMITTED, workflow.A.RETURNED):
        return False
    return (
        _own_talent(actor, application)
        or _opening_clerk(actor, application)
        or _owning_officer(actor, application)
    )


def can_tick_seen(actor, application: Application) -> bool:
    """Record that an original was seen: the people who handle the paper, never the talent."""
    return can_edit_documents(actor, application) and (
        _opening_clerk(actor, application) or _owning_officer(actor, application)
    )


def can_set_budget(actor, benefit: Benefit) -> bool:
    if _system(actor):
        return True
    return roles_of(actor).has(Role.TASK_FORCE) or officer_of(actor, paying_department_id(benefit))


def can_view_reports(actor) -> bool:
    """Handling-time reports and queues (figures over the cases the actor sees)."""
    return roles_of(actor).has(Role.TASK_FORCE, Role.DEPARTMENT_OFFICER, Role.COUNTY_OFFICER)


def can_export_ledger(actor) -> bool:
    """The disbursement ledger for finance (rows the actor sees; accounts masked); a county
    officer reads their county's cases' payments (the dashboard's money drills down to it)."""
    return roles_of(actor).has(Role.TASK_FORCE, Role.DEPARTMENT_OFFICER, Role.COUNTY_OFFICER)


def may_see_staff_names(actor) -> bool:
    """Who handled a case (the clerk, each event's actor, each step's decider) is shown to
    office roles; a talent, acting for themself, sees what happened, not by whom."""
    return roles_of(actor).codes != {Role.TALENT}


# --- the service network --------------------------------------------------------------------


def can_view_directory(actor) -> bool:
    """The service-point directory: anyone signed in (talents find where to go)."""
    return bool(actor is not None and actor.is_authenticated)


def can_edit_directory(actor) -> bool:
    """Addresses, hours, telephones and services of service points: the city administrator,
    who manages organisations (ROLES.md)."""
    return _system(actor) or roles_of(actor).has(Role.CITY_ADMIN)
