"""The job fair's demo, scaled down: made through the services at the dates of the work, with
exactly the enterprises, places and seekers asked for."""

from datetime import date

import pytest

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user
from rencai.events.choices import EventKind
from rencai.events.fairs.choices import IntentStatus
from rencai.events.fairs.demo import FAIR_DAY, load_fair
from rencai.events.fairs.models import EmploymentIntent, FairEnterprise, Position
from rencai.events.models import CheckIn, Event
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import make_enterprise, make_hrss

pytestmark = [pytest.mark.django_db]

CONTACT_ENTERPRISE = "示例智能装备有限公司"  # the demo contact's enterprise


@pytest.fixture
def city():
    hrss = make_hrss()
    make_user("fair", role=Role.DEPARTMENT_OFFICER, organisation=hrss)
    contact_enterprise = make_enterprise(CONTACT_ENTERPRISE)
    make_user("enterprise", role=Role.ENTERPRISE_CONTACT, organisation=contact_enterprise)
    for n in range(6):
        make_enterprise(f"演示企业{n}")
    for code, name in [("bachelor", "大学本科"), ("college", "大学专科"), ("master", "硕士研究生")]:
        make_degree(code, name)
    for _ in range(40):
        make_talent()


def test_the_fair_is_made_through_the_services_at_the_dates_of_the_work(city):
    summary = load_fair(
        place="市人力资源市场（示例）",
        enterprises=5,
        places=80,
        registered=30,
        showed_up=25,
        walk_ins=3,
        with_intent=12,
    )

    fair = Event.objects.get(kind=EventKind.JOB_FAIR)
    assert fair.starts_at.date() == FAIR_DAY
    assert FairEnterprise.objects.filter(fair=fair).count() == 5
    assert FairEnterprise.objects.filter(fair=fair, organisation__name=CONTACT_ENTERPRISE).exists()
    assert sum(Position.objects.values_list("headcount", flat=True)) == 80
    assert CheckIn.objects.filter(event=fair).count() == 28
    confirmed = EmploymentIntent.objects.filter(status=IntentStatus.CONFIRMED)
    assert confirmed.values("talent").distinct().count() == 12
    assert {i.confirmed_at.date() for i in confirmed} == {date(2022, 9, 6)}
    assert EmploymentIntent.objects.filter(status=IntentStatus.PROPOSED).exists()
    imported = AuditEvent.objects.get(action="fair.position_import")
    assert imported.actor.username == "fair"
    assert imported.created_at.date() == date(2022, 8, 29)
    assert "12 seekers with a confirmed intent" in summary
