"""The outreach notices honour the dashboard's department filter (issue 15): a notice's
department is its subject's — a benefit's owning department (an event's organiser, in the
events' tests) — written on the notice by outreach. The counts are written here over notices
outreach made, and read where people read them: the dashboard's tile and the list it opens."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_degree, make_talent, make_user
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import OutreachNotice
from rencai.policies.services.outreach import queue_run, run_outreach

from .factories import make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = "/dashboard/?period=month&month=2022-09"
END_OF_SEPTEMBER = datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)


def _outreach(benefit, on: datetime) -> None:
    with clock.at(on):
        run_outreach(queue_run(actor=None, trigger=OutreachTrigger.MANUAL, benefit=benefit).pk)


@pytest.fixture
def told():
    """Two 团风 masters told of the human-resources bureau's benefit on 6 September; a third
    joins, and all three are told of the housing bureau's benefit on 20 September."""
    tuanfeng = make_county("421121", "团风县")
    master = make_degree("master")
    hrss, housing = make_department("hrss"), make_department("housing")
    allowance = make_benefit(owning_department=hrss)  # master or higher, age ≤ 40
    subsidy = make_benefit(owning_department=housing)
    with clock.at(datetime(2022, 9, 1, 9, tzinfo=SHANGHAI)):
        for _ in range(2):
            make_talent(county=tuanfeng, degree=master, birth_date=date(1992, 5, 1))
    _outreach(allowance, datetime(2022, 9, 6, 10, tzinfo=SHANGHAI))
    with clock.at(datetime(2022, 9, 10, 9, tzinfo=SHANGHAI)):
        make_talent(county=tuanfeng, degree=master, birth_date=date(1993, 5, 1))
    _outreach(subsidy, datetime(2022, 9, 20, 10, tzinfo=SHANGHAI))
    return tuanfeng, hrss, housing


def tile(response, name):
    """The dashboard's tile of figure `name`."""
    tiles = [t for section in response.context["sections"] for t in section.tiles]
    return next(t for t in tiles if t.figure.name == name)


def _dashboard(user, department=None):
    query = f"&department={department.pk}" if department is not None else ""
    with clock.at(END_OF_SEPTEMBER):
        return page_client(user).get(SEPTEMBER + query)


def test_outreach_writes_the_benefits_department_on_each_notice(told):
    _tuanfeng, hrss, housing = told

    departments = sorted(OutreachNotice.objects.values_list("department_id", flat=True))

    assert departments == sorted([hrss.pk] * 2 + [housing.pk] * 3)


def test_the_department_filter_counts_the_notices_of_its_benefits(told):
    tuanfeng, hrss, housing = told
    task_force = make_user(role=Role.TASK_FORCE)

    by_hrss = _dashboard(task_force, hrss)
    by_housing = _dashboard(task_force, housing)

    sent = tile(by_hrss, "policies.notices_sent")
    assert sent.by_department
    assert sent.value.value == 2
    assert tile(by_housing, "policies.notices_sent").value.value == 3
    assert tile(_dashboard(task_force), "policies.notices_sent").value.value == 5
    # the tile opens the list of the same notices, saying which department it is filtered to
    with clock.at(END_OF_SEPTEMBER):
        listed = page_client(task_force).get(sent.href)
    assert f"department={hrss.pk}" in sent.href
    assert listed.context["page"].paginator.count == 2
    assert str(hrss) in listed.context["active_filters"]


def test_an_officer_of_another_department_sees_no_notices(told):
    education = make_department("education")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=education)

    assert tile(_dashboard(officer, education), "policies.notices_sent").value.value == 0
    assert tile(_dashboard(officer), "policies.notices_sent").value.value == 0
