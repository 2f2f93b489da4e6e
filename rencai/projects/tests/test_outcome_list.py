"""The outcome list (issue 15): the records the "outcomes recorded" figure counts — every
outcome of the proposals the user sees, by the project's county and the day recorded."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.figures import Period, drilldown_url, registry
from rencai.core.models import AuditEvent
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


def test_the_outcome_list_exports_every_outcome_its_filters_keep_to_xlsx():
    # given a contract of 50,000 yuan in 团风 in October, one in September and one in 武穴
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    proposal = make_proposal(make_project(county=tuanfeng), status=ProposalStatus.ACCEPTED)
    make_outcome(proposal, kind="contract", recorded_on=date(2022, 10, 3), amount_fen=5_000_000)
    make_outcome(proposal, kind="cooperation", recorded_on=date(2022, 9, 3))
    make_outcome(
        make_proposal(make_project(county=wuxue), status=ProposalStatus.ACCEPTED),
        recorded_on=date(2022, 10, 5),
    )

    # when the task force exports 团风's outcomes of October
    response = page_client(make_user(role=Role.TASK_FORCE)).get(
        reverse("projects:outcome-list"),
        {
            "county": tuanfeng.pk,
            "recorded_from": "2022-10-01",
            "recorded_to": "2022-10-31",
            "format": "xlsx",
        },
    )

    # then the workbook holds the header and that one outcome, and the export is audited
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("日期", "项目", "企业或院所", "人才", "判定结果", "合同金额")
    assert len(rows) == 2
    assert rows[1][0].date() == date(2022, 10, 3)
    assert rows[1][1:4] == (
        proposal.project.title,
        proposal.project.organisation.name,
        proposal.talent.name,
    )
    assert rows[1][5] == Decimal("50000.00")
    assert AuditEvent.objects.filter(action="projects.outcome_export").count() == 1
