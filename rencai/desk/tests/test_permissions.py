"""Who may do what to a case: role × transition, who sees it, and multi-step approvals by the
organisations the steps name."""

import pytest

from rencai.core.choices import Role
from rencai.core.errors import NotFound, PermissionDenied
from rencai.core.tests.factories import make_county, make_user
from rencai.desk import permissions, selectors, services
from rencai.desk.choices import ApplicationState
from rencai.desk.models import StepApproval
from rencai.talents.models import Talent

from .factories import (
    Desk,
    add_step,
    clerk_point,
    make_clerk,
    make_department,
    make_master,
    make_officer,
    make_talent_user,
    open_case,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState

ROLES = [
    "opening_clerk",
    "other_clerk",
    "owning_officer",
    "paying_officer",
    "other_officer",
    "county_officer",
    "task_force",
    "talent",
    "other_talent",
    "bank_officer",
    "hospital_liaison",
    "city_admin",
]


def person(desk: Desk, role: str):
    makers = {
        "opening_clerk": lambda: desk.clerk,
        "other_clerk": lambda: make_clerk(service_point=clerk_point(desk.clerk)),
        "owning_officer": lambda: desk.housing_officer,
        "paying_officer": lambda: desk.finance_officer,
        "other_officer": lambda: make_officer(make_department("education")),
        "county_officer": lambda: make_user(role=Role.COUNTY_OFFICER, division=desk.talent.county),
        "task_force": lambda: make_user(role=Role.TASK_FORCE),
        "talent": lambda: desk.talent_user,
        "other_talent": lambda: make_talent_user(make_master()),
        "bank_officer": lambda: make_user(role=Role.BANK_OFFICER),
        "hospital_liaison": lambda: make_user(role=Role.HOSPITAL_LIAISON),
        "city_admin": lambda: make_user(role=Role.CITY_ADMIN),
    }
    return makers[role]()


# (action, state it is taken from) → the roles that may take it.
MATRIX = {
    ("submit", A.DRAFT): {"opening_clerk", "talent"},
    ("resubmit", A.RETURNED): {"opening_clerk", "talent"},
    ("accept", A.SUBMITTED): {"opening_clerk", "owning_officer"},
    ("return", A.SUBMITTED): {"opening_clerk", "owning_officer"},
    ("return", A.ACCEPTED): {"owning_officer"},
    ("withdraw", A.SUBMITTED): {"opening_clerk", "talent"},
    ("withdraw", A.ACCEPTED): {"opening_clerk", "talent"},
    ("approve", A.ACCEPTED): {"owning_officer"},
    ("reject", A.SUBMITTED): {"owning_officer"},
    ("reject", A.ACCEPTED): {"owning_officer"},
    ("disburse", A.APPROVED): {"paying_officer"},
    ("close", A.APPROVED): {"owning_officer", "paying_officer"},
    ("close", A.DISBURSED): {"owning_officer", "paying_officer"},
}


def take(action: str, case, actor):
    if action == "return":
        return services.return_application(case, actor=actor, reason="请补充材料")
    if action == "reject":
        return services.reject_application(case, actor=actor, reason="不符合条件")
    if action == "disburse":
        return services.disburse(case, actor=actor)
    if action in ("approve", "close"):
        return getattr(services, f"{action}_application")(case, actor=actor)
    return getattr(services, f"{action}_application")(case, actor=actor)


CELLS = [(action, state, role) for (action, state) in MATRIX for role in ROLES]


@pytest.mark.parametrize(("action", "state", "role"), CELLS)
def test_role_may_or_may_not_take_the_transition(action, state, role):
    desk = Desk()
    case = desk.case_in(state)
    actor = person(desk, role)
    allowed = role in MATRIX[(action, state)]

    assert permissions.may(actor, case, action) is allowed
    if allowed:
        take(action, case, actor)
        case.refresh_from_db()
        assert case.state == services.common.workflow.ACTIONS[action]
    else:
        with pytest.raises(PermissionDenied):
            take(action, case, actor)
        case.refresh_from_db()
        assert case.state == state


SEES = {"opening_clerk", "owning_officer", "paying_officer", "county_officer", "task_force"}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_case(role):
    desk = Desk()
    case = desk.case_in(A.SUBMITTED)
    actor = person(desk, role)
    if role in SEES or role == "talent":
        assert selectors.get_application_for_actor(actor, case.pk) == case
    else:
        with pytest.raises(NotFound):
            selectors.get_application_for_actor(actor, case.pk)


def test_county_officer_of_another_county_does_not_see_the_case():
    desk = Desk()
    case = desk.case_in(A.SUBMITTED)
    other = make_user(role=Role.COUNTY_OFFICER, division=make_county("421182", "武穴市"))
    with pytest.raises(NotFound):
        selectors.get_application_for_actor(other, case.pk)


def test_allowed_actions_are_the_buttons_the_actor_may_press():
    desk = Desk()
    case = desk.case_in(A.SUBMITTED)
    assert permissions.allowed_actions(desk.clerk, case) == ["accept", "return", "withdraw"]
    assert permissions.allowed_actions(desk.housing_officer, case) == [
        "accept",
        "return",
        "reject",
    ]
    assert permissions.allowed_actions(desk.finance_officer, case) == []


def test_multi_step_approval_is_decided_by_each_steps_organisation_in_turn():
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1)
    add_step(desk.benefit, desk.finance, order=2)
    case = desk.case_in(A.ACCEPTED)

    with pytest.raises(PermissionDenied):
        services.approve_application(case, actor=desk.finance_officer)
    case = services.approve_application(case, actor=desk.housing_officer)
    assert case.state == A.ACCEPTED
    assert case.step == 2
    with pytest.raises(PermissionDenied):
        services.approve_application(case, actor=desk.housing_officer)
    case = services.approve_application(case, actor=desk.finance_officer)

    assert case.state == A.APPROVED
    steps = list(StepApproval.objects.filter(application=case).values_list("order", "organisation"))
    assert steps == [(1, desk.housing.pk), (2, desk.finance.pk)]


def test_a_later_steps_officer_may_reject_at_their_step():
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1)
    add_step(desk.benefit, desk.finance, order=2)
    case = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)

    case = services.reject_application(case, actor=desk.finance_officer, reason="预算外")

    assert case.state == A.REJECTED
    assert case.approvals.get(order=2).decision == "rejected"


def test_clerk_approves_only_a_step_flagged_for_clerks_and_only_their_own_case():
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1, clerk_may_approve=True)
    case = desk.case_in(A.ACCEPTED)
    colleague = make_clerk(service_point=clerk_point(desk.clerk))

    with pytest.raises(PermissionDenied):
        services.approve_application(case, actor=colleague)
    case = services.approve_application(case, actor=desk.clerk)

    assert case.state == A.APPROVED


def test_clerk_may_not_approve_a_step_not_flagged_for_clerks():
    desk = Desk()
    case = desk.case_in(A.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.approve_application(case, actor=desk.clerk)


def test_department_officer_sees_talents_with_cases_in_their_department():
    desk = Desk()
    education_officer = make_officer(make_department("education"))
    finance_only = make_officer(desk.finance)
    stranger = make_master()
    desk.case_in(A.SUBMITTED)

    visible = set(Talent.objects.for_actor(finance_only).values_list("pk", flat=True))
    assert desk.talent.pk in visible
    assert stranger.pk not in visible
    assert not Talent.objects.for_actor(education_officer).filter(pk=desk.talent.pk).exists()


def test_a_talent_may_open_an_online_case_only_for_themself():
    desk = Desk()
    other = make_master()
    case = open_case(desk.talent_user, desk.talent, desk.benefit)
    assert case.channel == "online"
    assert case.clerk is None
    with pytest.raises(NotFound):
        open_case(desk.talent_user, other, desk.benefit)


@pytest.mark.parametrize("role", ["county_officer", "task_force", "bank_officer"])
def test_roles_that_do_not_open_cases_are_refused(role):
    desk = Desk()
    actor = person(desk, role)
    with pytest.raises((PermissionDenied, NotFound)):
        open_case(actor, desk.talent, desk.benefit)


def test_an_organisation_named_only_by_a_step_sees_the_case_and_decides_its_step():
    desk = Desk()
    talent_office = make_department("talent_office")
    add_step(desk.benefit, desk.housing, order=1)
    add_step(desk.benefit, talent_office, order=2)
    office_officer = make_officer(talent_office)
    case = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)

    assert selectors.get_application_for_actor(office_officer, case.pk) == case
    assert Talent.objects.for_actor(office_officer).filter(pk=desk.talent.pk).exists()
    case = services.approve_application(case, actor=office_officer)
    assert case.state == A.APPROVED


def test_a_retried_step_approval_with_the_same_key_approves_one_step():
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1)
    add_step(desk.benefit, desk.housing, order=2)
    case = desk.case_in(A.ACCEPTED)

    services.approve_application(case, actor=desk.housing_officer, idempotency_key="s-1")
    again = services.approve_application(case, actor=desk.housing_officer, idempotency_key="s-1")

    assert again.state == A.ACCEPTED
    assert again.step == 2
    assert StepApproval.objects.filter(application=case).count() == 1


def test_disburse_is_offered_only_while_an_instalment_is_left():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    assert permissions.allowed_actions(desk.finance_officer, case) == ["disburse", "close"]
    services.disburse(case, actor=desk.finance_officer)
    case.refresh_from_db()
    assert permissions.allowed_actions(desk.finance_officer, case) == ["close"]
