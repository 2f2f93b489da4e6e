"""Campaign pages: the task force sees every unit in red, amber or green; a county officer sees
and reports on their own unit only; the task force accepts a report or sends it back."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from rencai.campaigns.choices import ReportState
from rencai.campaigns.models import ReportedValue
from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county

from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def plan():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30), name="人才服务月")
    action = make_action(campaign, name="政策宣传专项行动")
    lagging = make_indicator(make_unit(action, division=tuanfeng), target=300, name="宣讲人次")
    ahead = make_indicator(make_unit(action, division=wuxue), target=300, name="宣讲人次")
    ReportedValue.objects.create(
        indicator=ahead, value=300, as_of=date(2022, 9, 5), note="台账", state="accepted"
    )
    return {
        "campaign": campaign,
        "tuanfeng": tuanfeng,
        "wuxue": wuxue,
        "lagging": lagging,
        "ahead": ahead,
    }


def test_the_task_force_sees_a_lagging_county_in_red(client_as, plan):
    client = client_as(Role.TASK_FORCE)

    page = client.get(f"/campaigns/{plan['campaign'].pk}/", {"as_of": "2022-09-15"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-unit="团风县" data-pace="red"' in html
    assert 'data-unit="武穴市" data-pace="green"' in html


def test_a_county_officer_sees_only_their_own_unit(client_as, plan):
    client = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    page = client.get(f"/campaigns/{plan['campaign'].pk}/")
    other = client.get(f"/campaigns/indicators/{plan['ahead'].pk}/")

    assert page.status_code == 200
    assert "团风县" in page.content.decode()
    assert 'data-unit="武穴市"' not in page.content.decode()
    assert other.status_code == 404


def test_an_officer_without_a_unit_cannot_open_the_campaign(client_as, plan):
    client = client_as(Role.COUNTY_OFFICER, division=make_county("421122", "红安县"))

    assert client.get("/campaigns/").status_code == 403
    assert client.get(f"/campaigns/{plan['campaign'].pk}/").status_code == 404


def test_a_unit_reports_and_the_task_force_accepts_it(client_as, plan, settings):
    county = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])
    indicator = plan["lagging"]

    county.post(
        f"/campaigns/indicators/{indicator.pk}/report/",
        {"value": 150, "as_of": "2022-09-10", "note": "宣讲台账"},
    )
    report = ReportedValue.objects.get(indicator=indicator)
    task_force = client_as(Role.TASK_FORCE)
    task_force.post(f"/campaigns/reports/{report.pk}/decide/", {"accept": "1"})

    report.refresh_from_db()
    page = task_force.get(f"/campaigns/{plan['campaign'].pk}/", {"as_of": "2022-09-15"})
    assert report.state == ReportState.ACCEPTED
    assert 'data-unit="团风县" data-pace="green"' in page.content.decode()
    assert AuditEvent.objects.filter(action="campaigns.report").count() == 1
    assert AuditEvent.objects.filter(action="campaigns.report_accept").count() == 1


def test_a_report_is_sent_back_only_with_a_reason(client_as, plan):
    report = ReportedValue.objects.create(
        indicator=plan["lagging"], value=10, as_of=date(2022, 9, 5), note="台账"
    )
    task_force = client_as(Role.TASK_FORCE)

    task_force.post(f"/campaigns/reports/{report.pk}/decide/", {"accept": "0", "reason": ""})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    task_force.post(f"/campaigns/reports/{report.pk}/decide/", {"accept": "0", "reason": "缺台账"})
    report.refresh_from_db()
    assert (report.state, report.return_reason) == (ReportState.RETURNED, "缺台账")


def test_a_computed_indicator_takes_no_report(client_as, plan):
    computed = make_indicator(
        make_unit(make_action(plan["campaign"], number=2), division=plan["tuanfeng"]),
        figure="talents.registered",
    )
    county = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    county.post(
        f"/campaigns/indicators/{computed.pk}/report/",
        {"value": 999, "as_of": "2022-09-10", "note": "改数"},
    )

    assert not ReportedValue.objects.filter(indicator=computed).exists()


def test_a_report_dated_outside_the_campaign_is_refused(client_as, plan):
    county = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    county.post(
        f"/campaigns/indicators/{plan['lagging'].pk}/report/",
        {"value": 1, "as_of": "2022-10-10", "note": "台账"},
    )

    assert not ReportedValue.objects.filter(indicator=plan["lagging"]).exists()


def test_a_county_adds_its_own_n_action_numbered_after_the_last(client_as, plan):
    county = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    response = county.post(
        f"/campaigns/{plan['campaign'].pk}/actions/add/",
        {
            "lead": f"d{plan['tuanfeng'].pk}",
            "name": "摄影、短视频、征文大赛",
            "indicator": "参赛作品（件）",
            "target": 100,
        },
    )

    action = plan["campaign"].actions.order_by("-number").first()
    assert response.status_code == 303
    assert (action.number, action.kind, action.lead_division) == (2, "local", plan["tuanfeng"])
    unit = action.units.get()
    assert unit.division == plan["tuanfeng"]
    assert unit.indicators.get().kind == "reported"
    assert AuditEvent.objects.filter(action="campaigns.action_add").count() == 1


def test_a_county_cannot_add_an_action_for_another_county(client_as, plan):
    county = client_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    response = county.post(
        f"/campaigns/{plan['campaign'].pk}/actions/add/",
        {"lead": f"d{plan['wuxue'].pk}", "name": "x", "indicator": "y", "target": 1},
    )

    assert response.status_code == 200  # the choice is not offered: a form error
    assert plan["campaign"].actions.count() == 1


def test_the_report_list_exports_every_report_its_filters_keep_to_xlsx(client_as, plan):
    # given an accepted and a submitted report in 团风 and the accepted one in 武穴
    accepted = ReportedValue.objects.create(
        indicator=plan["lagging"], value=120, as_of=date(2022, 9, 12), state="accepted"
    )
    ReportedValue.objects.create(indicator=plan["lagging"], value=80, as_of=date(2022, 9, 8))

    # when the task force exports the accepted reports of 团风
    response = client_as(Role.TASK_FORCE).get(
        "/campaigns/reports/",
        {"county": plan["tuanfeng"].pk, "state": "accepted", "format": "xlsx"},
    )

    # then the workbook holds the header and that one report, and the export is audited
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("截至日期", "活动月", "单位", "指标", "数量", "状态")
    assert len(rows) == 2
    assert rows[1][0].date() == accepted.as_of
    assert rows[1][1:5] == ("人才服务月", str(plan["lagging"].unit), "宣讲人次", 120)
    assert AuditEvent.objects.filter(action="campaigns.report_export").count() == 1
