"""The outcome list (issue 15): the records the "outcomes recorded" figure counts — every
outcome of the proposals the user sees, by the project's county and the day recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.figures import Period, drilldown_url, registry
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.projects.choices import ProposalStatus

from .factories import make_outcome, make_project, make_proposal

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_the_outcome_list_shows_each_outcome_of_the_county_recorded_in_the_period():
    # given one accepted proposal in 团风 with two outcomes in October, one in 团风 in
    # September, and one in 武穴 in October
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    proposal = make_proposal(make_project(county=tuanfeng), status=ProposalStatus.ACCEPTED)
    contract = make_outcome(proposal, kind="contract", recorded_on=date(2022, 10, 3))
    cooperation = make_outcome(proposal, kind="cooperation", recorded_on=date(2022, 10, 20))
    make_outcome(
        make_proposal(make_project(county=tuanfeng), status=ProposalStatus.ACCEPTED),
        recorded_on=date(2022, 9, 30),
    )
    make_outcome(
        make_proposal(make_project(county=wuxue), status=ProposalStatus.ACCEPTED),
        recorded_on=date(2022, 10, 5),
    )
    figure = registry.get("projects.outcomes_recorded")

    # when the task force follows the figure's drill-down for 团风 and October
    response = page_client(make_user(role=Role.TASK_FORCE)).get(
        drilldown_url(
            figure, county=tuanfeng.pk, period=Period(date(2022, 10, 1), date(2022, 10, 31))
        )
    )

    # then both outcomes are listed, newest first, under the line of the filters
    assert response.status_code == 200
    assert [o.pk for o in response.context["page_obj"].object_list] == [cooperation.pk, contract.pk]
    assert "2022年10月 · 团风县" in response.content.decode()


def test_an_empty_outcome_list_says_so():
    response = page_client(make_user(role=Role.TASK_FORCE)).get(reverse("projects:outcome-list"))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()
