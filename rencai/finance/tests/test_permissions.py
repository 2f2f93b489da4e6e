"""Who may take which step of a loan, and who may open which finance page: a role × step
matrix (the denied case beside the allowed one, on the same loan) and a role × page matrix."""

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.desk.tests.factories import make_clerk
from rencai.finance import permissions
from rencai.policies.tests.factories import make_department

from .factories import Finance

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

STEPS = [
    "check_documents",
    "approve_guarantee",
    "approve",
    "reject",
    "sign_contract",
    "disburse",
    "repay",
    "record_default",
]
# actor → the steps they may take on a loan of their bank / guarantee centre.
MAY = {
    "bank_officer": {"check_documents", "approve", "reject", "sign_contract", "disburse", "repay"}
    | {"record_default"},
    "guarantee_centre": {"approve_guarantee", "record_default", "reject"},
    "other_bank": set(),
    "county_officer": set(),
    "task_force": set(),
}


@pytest.fixture
def people():
    fin = Finance()
    loan = fin.apply(fin.talent())
    loan.state = "documents"  # reject is the centre's only at its review
    return (
        fin,
        loan,
        {
            "bank_officer": fin.officer,
            "guarantee_centre": fin.reviewer,
            "other_bank": Finance().officer,
            "county_officer": fin.county_officer,
            "task_force": make_user(role=Role.TASK_FORCE),
        },
    )


@pytest.mark.parametrize("who", list(MAY))
@pytest.mark.parametrize("step", STEPS)
def test_each_step_belongs_to_its_role(people, who, step):
    _fin, loan, actors = people

    allowed = permissions.may(actors[who], loan, step)

    assert allowed == (step in MAY[who])


PAGES = ["finance:loan-list", "finance:loan-apply", "finance:claims"]
# role → expected status for each page (200 open, 403 forbidden)
EXPECTED = {
    "bank_officer": {"finance:loan-list": 200, "finance:loan-apply": 200, "finance:claims": 200},
    "guarantee_centre": {
        "finance:loan-list": 200,
        "finance:loan-apply": 200,
        "finance:claims": 403,
    },
    "clerk": {"finance:loan-list": 200, "finance:loan-apply": 200, "finance:claims": 403},
    "hospital_liaison": {
        "finance:loan-list": 200,
        "finance:loan-apply": 403,
        "finance:claims": 403,
    },
    "task_force": {"finance:loan-list": 200, "finance:loan-apply": 200, "finance:claims": 200},
}


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_for_its_roles(client, people, who, page):
    fin, _loan, actors = people
    actors["clerk"] = make_clerk()
    actors["hospital_liaison"] = make_user(role=Role.HOSPITAL_LIAISON)
    client.force_login(actors[who])

    response = client.get(reverse(page))

    assert response.status_code == EXPECTED[who][page]


def test_anonymous_visitors_are_sent_to_log_in(client):
    for page in PAGES:
        assert client.get(reverse(page)).status_code == 302


def test_an_unrelated_department_sees_an_empty_list(client, people):
    fin, loan, _actors = people
    client.force_login(
        make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("health"))
    )

    page = client.get(reverse("finance:loan-list")).content.decode()

    assert reverse("finance:loan-detail", args=[loan.pk]) not in page
