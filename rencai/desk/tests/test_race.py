"""Races on PostgreSQL: many threads (each its own connection) submitting the same one-off
benefit make one case; paying the same case at once pays once. SQLite serialises writers, so
these run on PostgreSQL only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core.errors import Conflict
from rencai.core.tests import concurrency
from rencai.desk import services
from rencai.desk.choices import ApplicationState
from rencai.desk.errors import DuplicateApplication
from rencai.desk.models import Application, Budget, Disbursement
from rencai.policies.models import Entitlement

from .factories import Desk, clerk_point, make_clerk, make_desk_benefit, serve

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 8


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_many_clerks_submitting_the_same_one_off_benefit_make_one_case():
    desk = Desk()
    clerks = [make_clerk(service_point=clerk_point(desk.clerk)) for _ in range(THREADS)]
    for clerk in clerks:
        serve(clerk, desk.talent)

    results = all_at_once(
        lambda i: services.open_application(desk.talent, desk.benefit, actor=clerks[i])
    )

    cases = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, DuplicateApplication)]
    assert len(cases) == 1, results
    assert len(refused) == THREADS - 1
    # a clerk sees only the cases they opened: the others are told a case exists, not which
    assert {r.application_id for r in refused} == {None}
    assert Application.objects.count() == 1
    assert Entitlement.objects.live().filter(talent=desk.talent).count() == 1


def test_a_double_submit_with_one_idempotency_key_returns_one_case_to_all():
    desk = Desk()
    serve(desk.clerk, desk.talent)

    results = all_at_once(
        lambda i: services.open_application(
            desk.talent, desk.benefit, actor=desk.clerk, idempotency_key="submit-once"
        )
    )

    assert all(isinstance(r, Application) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Application.objects.count() == 1


def test_two_benefits_of_one_exclusivity_group_at_once_make_one_case():
    desk = Desk(exclusivity_group="housing_support")
    apartment = make_desk_benefit(
        exclusivity_group="housing_support", owning_department=desk.housing
    )
    clerks = [make_clerk(service_point=clerk_point(desk.clerk)) for _ in range(THREADS)]
    for clerk in clerks:
        serve(clerk, desk.talent)

    results = all_at_once(
        lambda i: services.open_application(
            desk.talent, desk.benefit if i % 2 else apartment, actor=clerks[i]
        )
    )

    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert Entitlement.objects.live().filter(talent=desk.talent).count() == 1


def test_paying_the_same_case_at_once_pays_once():
    desk = Desk()
    case = desk.case_in(ApplicationState.APPROVED)

    results = all_at_once(lambda i: services.disburse(case, actor=desk.finance_officer))

    paid = [r for r in results if isinstance(r, Disbursement)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(paid) == 1, results
    assert len(refused) == THREADS - 1
    assert {r.code for r in refused} == {"already_paid"}
    assert Disbursement.objects.count() == 1
    budget = Budget.objects.get(benefit=desk.benefit)
    assert (budget.committed_fen, budget.spent_fen) == (0, 3_000_000)


def test_approving_many_cases_at_once_never_exceeds_the_budget():
    desk = Desk(budget_fen=9_000_000)  # room for three ¥30,000 subsidies
    from .factories import make_master

    cases = [desk.case_in(ApplicationState.ACCEPTED, talent=make_master()) for _ in range(THREADS)]

    results = all_at_once(
        lambda i: services.approve_application(cases[i], actor=desk.housing_officer)
    )

    approved = [r for r in results if isinstance(r, Application)]
    assert len(approved) == 3, results
    assert {r.code for r in results if isinstance(r, Conflict)} == {"budget_exceeded"}
    budget = Budget.objects.get(benefit=desk.benefit)
    assert budget.committed_fen == 9_000_000
