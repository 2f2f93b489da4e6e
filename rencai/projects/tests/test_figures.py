"""Tech projects' figures, each against a query written here over factory-made records."""

from datetime import date

import pytest
from django.db import connection

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_user
from rencai.projects.choices import ProposalStatus

from .factories import (
    make_enterprise,
    make_enterprise_contact,
    make_outcome,
    make_project,
    make_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _sql(query: str, *params) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def world():
    tuanfeng, wuxue = make_county(), make_county("421182", "武穴市")
    enterprise = make_enterprise()
    a = make_project(enterprise, posted_on=date(2022, 9, 2), county=tuanfeng)
    b = make_project(posted_on=date(2022, 9, 20), county=wuxue)
    make_project(posted_on=date(2022, 8, 30), county=tuanfeng)  # before the period
    c = make_project(posted_on=date(2022, 9, 25), county=tuanfeng)  # no proposal
    make_proposal(a, proposed_on=date(2022, 9, 5), status=ProposalStatus.DECLINED)
    accepted = make_proposal(
        a,
        proposed_on=date(2022, 9, 6),
        status=ProposalStatus.ACCEPTED,
        accepted_on=date(2022, 9, 9),
    )
    make_proposal(b, proposed_on=date(2022, 9, 21))
    late = make_proposal(
        b,
        proposed_on=date(2022, 9, 22),
        status=ProposalStatus.ACCEPTED,
        accepted_on=date(2022, 10, 2),
    )
    make_outcome(accepted, kind="contract", recorded_on=date(2022, 9, 28))
    make_outcome(accepted, kind="cooperation", recorded_on=date(2022, 9, 29))
    make_outcome(late, kind="contract", recorded_on=date(2022, 10, 5))
    return {"tuanfeng": tuanfeng, "enterprise": enterprise, "unmatched": c}


def _task_force():
    return make_user(role=Role.TASK_FORCE)


def test_projects_posted_counts_the_projects_posted_in_the_period(world):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM projects_techproject WHERE posted_on BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute("projects.posted", _task_force(), period=SEPTEMBER)

    assert result.total.value == expected == 3


def test_projects_matched_counts_projects_with_at_least_one_proposal(world):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM projects_techproject p WHERE ("
        "SELECT MIN(proposed_on) FROM projects_proposal WHERE project_id = p.id"
        ") BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute("projects.matched", _task_force(), period=SEPTEMBER)

    assert result.total.value == expected == 2


def test_proposals_accepted_counts_those_both_sides_accepted_in_the_period(world):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM projects_proposal WHERE status = 'accepted' "
        "AND talent_answer = 'accepted' AND enterprise_answer = 'accepted' "
        "AND accepted_on BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute("projects.proposals_accepted", _task_force(), period=SEPTEMBER)

    assert result.total.value == expected == 1


def test_outcomes_recorded_by_county_counts_per_projects_county(world):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM projects_outcome o "
        "JOIN projects_proposal pr ON pr.id = o.proposal_id "
        "JOIN projects_techproject p ON p.id = pr.project_id "
        "WHERE p.county_id = %s AND o.recorded_on BETWEEN %s AND %s",
        world["tuanfeng"].pk,
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute(
        "projects.outcomes_recorded",
        _task_force(),
        period=SEPTEMBER,
        counties=[world["tuanfeng"].pk],
    )

    assert result.total.value == expected == 2


def test_an_enterprise_contact_counts_only_its_organisations_projects(world):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM projects_techproject WHERE organisation_id = %s "
        "AND posted_on BETWEEN %s AND %s",
        world["enterprise"].pk,
        SEPTEMBER.start,
        SEPTEMBER.end,
    )

    result = figures.compute(
        "projects.posted", make_enterprise_contact(world["enterprise"]), period=SEPTEMBER
    )

    assert result.total.value == expected == 1
