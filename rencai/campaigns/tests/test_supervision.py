"""Supervision groups and visits: the task force records what a visit found and what is to be
put right; the visited unit marks items done; other units see none of it."""

from __future__ import annotations

from datetime import date

import pytest

from rencai.campaigns import services
from rencai.campaigns.models import Rectification, SupervisionGroup
from rencai.core.choices import Role
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.tests.factories import make_county, make_user

from .factories import make_action, make_campaign, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def visit():
    tuanfeng = make_county("421121", "团风县")
    campaign = make_campaign()
    make_unit(make_action(campaign), division=tuanfeng)
    group = SupervisionGroup.objects.create(campaign=campaign, name="第一督导组", leader="组长")
    task_force = make_user(role=Role.TASK_FORCE)
    made = services.record_visit(
        task_force,
        group,
        visited_on=date(2022, 8, 31),
        findings="宣讲覆盖面不足",
        division=tuanfeng,
        items=[("补足园区宣讲", "团风县人才办", date(2022, 9, 15))],
    )
    return {"visit": made, "campaign": campaign, "group": group, "tuanfeng": tuanfeng}


def test_only_the_task_force_records_a_visit(visit):
    officer = make_user(role=Role.COUNTY_OFFICER, division=visit["tuanfeng"])

    with pytest.raises(PermissionDenied):
        services.record_visit(
            officer,
            visit["group"],
            visited_on=date(2022, 9, 1),
            findings="x",
            division=visit["tuanfeng"],
        )


def test_a_deadline_before_the_visit_is_refused(visit):
    with pytest.raises(DomainError):
        services.record_visit(
            make_user(role=Role.TASK_FORCE),
            visit["group"],
            visited_on=date(2022, 9, 1),
            findings="x",
            division=visit["tuanfeng"],
            items=[("补台账", "团风县人才办", date(2022, 8, 30))],
        )


def test_the_visited_county_marks_its_item_done_with_how(client_as, visit):
    item = Rectification.objects.get()
    county = client_as(Role.COUNTY_OFFICER, division=visit["tuanfeng"])

    county.post(f"/campaigns/rectifications/{item.pk}/done/", {"note": ""})
    item.refresh_from_db()
    assert item.done_on is None

    county.post(f"/campaigns/rectifications/{item.pk}/done/", {"note": "已在园区宣讲3场"})
    item.refresh_from_db()
    assert item.done_note == "已在园区宣讲3场"
    assert item.done_by == county.user


def test_another_county_neither_sees_nor_marks_the_visit(client_as, visit):
    item = Rectification.objects.get()
    wuxue = make_county("421182", "武穴市")
    other = client_as(Role.COUNTY_OFFICER, division=wuxue)
    # the other county answers for an action, so it may open the campaign at all
    make_unit(make_action(visit["campaign"], number=2), division=wuxue)

    page = other.get(f"/campaigns/{visit['campaign'].pk}/supervision/")
    refused = other.post(f"/campaigns/rectifications/{item.pk}/done/", {"note": "x"})

    assert page.status_code == 200
    assert "宣讲覆盖面不足" not in page.content.decode()
    assert refused.status_code == 404


def test_an_item_past_its_deadline_shows_as_overdue(client_as, visit):
    page = client_as(Role.TASK_FORCE).get(f"/campaigns/{visit['campaign'].pk}/supervision/")

    assert "badge bad" in page.content.decode()  # 15 September 2022 has passed
