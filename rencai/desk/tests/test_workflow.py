"""The transition table: every legal transition works through its service, every illegal one
is refused (409, illegal_transition) and changes nothing."""

import pytest

from rencai.core.errors import Conflict
from rencai.desk import services, workflow
from rencai.desk.choices import ApplicationState
from rencai.desk.errors import IllegalTransition
from rencai.desk.models import Application, ApplicationEvent
from rencai.policies.choices import EntitlementState

from .factories import Desk

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState

EXPECTED = {
    A.DRAFT: {"submit": A.SUBMITTED, "withdraw": A.WITHDRAWN},
    A.SUBMITTED: {
        "accept": A.ACCEPTED,
        "return": A.RETURNED,
        "reject": A.REJECTED,
        "withdraw": A.WITHDRAWN,
    },
    A.RETURNED: {"resubmit": A.SUBMITTED, "withdraw": A.WITHDRAWN},
    A.ACCEPTED: {
        "approve": A.APPROVED,
        "reject": A.REJECTED,
        "return": A.RETURNED,
        "withdraw": A.WITHDRAWN,
    },
    A.APPROVED: {"disburse": A.DISBURSED, "close": A.CLOSED},
    A.DISBURSED: {"close": A.CLOSED},  # a one-off benefit: its only instalment is paid
    A.REJECTED: {},
    A.WITHDRAWN: {},
    A.CLOSED: {},
}
ENTITLEMENT_AFTER = {
    A.SUBMITTED: EntitlementState.PENDING,
    A.RETURNED: EntitlementState.PENDING,
    A.ACCEPTED: EntitlementState.PENDING,
    A.APPROVED: EntitlementState.GRANTED,
    A.REJECTED: EntitlementState.REJECTED,
    A.WITHDRAWN: EntitlementState.WITHDRAWN,
    A.DISBURSED: EntitlementState.PAID,
}


def act(desk: Desk, case: Application, action: str) -> Application:
    """Take `action` as someone allowed to (so only the state table can refuse)."""
    if action in ("submit", "resubmit", "accept", "withdraw"):
        call = getattr(services, f"{action}_application")
        return call(case, actor=desk.clerk)
    if action == "return":
        actor = desk.housing_officer if case.state == A.ACCEPTED else desk.clerk
        return services.return_application(case, actor=actor, reason="请补充购房合同")
    if action == "approve":
        return services.approve_application(case, actor=desk.housing_officer)
    if action == "reject":
        return services.reject_application(case, actor=desk.housing_officer, reason="不符合")
    if action == "disburse":
        services.disburse(case, actor=desk.finance_officer)
        case.refresh_from_db()
        return case
    return services.close_application(case, actor=desk.housing_officer)


def test_the_table_is_the_one_the_issue_describes():
    for state in A.values:
        # disbursed → disbursed is the next instalment of a periodic benefit
        extra = {"disburse"} if state == A.DISBURSED else set()
        assert set(workflow.actions_from(state)) == set(EXPECTED[state]) | extra
    assert {A.REJECTED, A.WITHDRAWN, A.CLOSED} == workflow.FINAL_STATES


LEGAL = [(state, action) for state, moves in EXPECTED.items() for action in moves]
ILLEGAL = [
    (state, action)
    for state in A.values
    for action in workflow.ACTIONS
    if not workflow.is_allowed(state, action)
]


@pytest.mark.parametrize(("state", "action"), LEGAL)
def test_legal_transition_moves_the_case_and_records_it(state, action):
    desk = Desk()
    case = desk.case_in(state)
    events_before = ApplicationEvent.objects.filter(application=case).count()

    case = act(desk, case, action)

    case.refresh_from_db()
    assert case.state == EXPECTED[state][action]
    assert ApplicationEvent.objects.filter(application=case).count() == events_before + 1
    if case.state in ENTITLEMENT_AFTER:
        assert case.entitlement.state == ENTITLEMENT_AFTER[case.state]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(state, action):
    desk = Desk()
    case = desk.case_in(state)
    events_before = ApplicationEvent.objects.filter(application=case).count()

    with pytest.raises(IllegalTransition) as caught:
        act(desk, case, action)

    assert caught.value.status == 409
    assert caught.value.code == "illegal_transition"
    case.refresh_from_db()
    assert case.state == state
    assert ApplicationEvent.objects.filter(application=case).count() == events_before


def test_a_paid_one_off_case_cannot_be_paid_again():
    desk = Desk()
    case = desk.case_in(A.DISBURSED)
    with pytest.raises(Conflict) as caught:
        services.disburse(case, actor=desk.finance_officer)
    assert caught.value.code == "already_paid"
    assert case.disbursements.count() == 1
